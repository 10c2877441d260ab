/**
 * GMC201: the runtime stage of a multi-stage build is rebased on scratch or
 * distroless static, when it is an image the converter knows how to replace
 * (alpine, debian, ubuntu, busybox, golang, distroless base/cc), and distroless
 * static with --strategy scratch. A scratch stage stays as it is.
 */
import { DISTROLESS_STATIC_IMAGE } from '../../versions.js';
import {
  imageName,
  isDistroless,
  isGoToolchainImage,
  isMinimalImage,
  isReplaceableRuntime,
} from '../facts/images.js';
import { parentStage } from '../facts/origins.js';
import { findingsFor, ruleMeta, type FileRule } from './types.js';

const meta = ruleMeta({
  code: 'GMC201',
  name: 'RuntimeBase',
  severity: ['refusal', 'warning', 'change'],
  refusals: 'not-seen',
  what: 'replaces the runtime base (alpine, debian, ubuntu, busybox, Red Hat UBI, a golang toolchain image, distroless base/cc; distroless static with `--strategy scratch`)',
  why: 'those images carry a shell and packages the binary does not need',
  example: '`FROM alpine:3.19` → `FROM scratch`; `FROM node:20-slim`: refused',
});

export const runtimeBaseRule: FileRule = {
  meta,
  phase: 'file',
  check: (facts) => {
    const findings = findingsFor(meta);
    const { layout } = facts;
    if (layout.kind !== 'multi-stage') return findings.output();
    const { stage } = layout;
    // Already the target (a scratch stage the other rules fix, or distroless static for --strategy distroless).
    if (
      isMinimalImage(stage.image) &&
      (facts.strategy === 'distroless' || imageName(stage.image) === 'scratch')
    )
      return findings.output();
    const parent = parentStage(facts.stages, stage);
    if (parent !== undefined) {
      findings.refuse(
        `the runtime stage starts FROM the stage ${parent.name} (line ${parent.from.line}), on ${parent.image}: ` +
          'the converter rebases a runtime stage built on an image; put the runtime steps in that one stage, then rerun',
        stage.from.line,
      );
      return findings.output();
    }
    const unset = /\$\{?([A-Za-z_][A-Za-z0-9_]*)/.exec(stage.image)?.[1];
    if (unset !== undefined && !isReplaceableRuntime(stage.image) && !isMinimalImage(stage.image)) {
      findings.refuse(
        `the runtime stage is based on ${stage.image}, and ARG ${unset} has no default in this Dockerfile: ` +
          `the converter cannot tell which image it replaces; give the ARG a default (ARG ${unset}=...), then rerun`,
        stage.from.line,
      );
      return findings.output();
    }
    if (!isReplaceableRuntime(stage.image) && !isMinimalImage(stage.image)) {
      // `FROM $base_image` whose default is a placeholder (VictoriaMetrics: base_image=non-existing).
      const written = stage.from.argumentsText.trim().split(/\s+/)[0] ?? stage.image;
      const argument = /\$\{?([A-Za-z_][A-Za-z0-9_]*)/.exec(written)?.[1];
      findings.refuse(
        argument === undefined
          ? `the runtime stage is based on ${stage.image}, which the converter does not know how to replace ` +
              '(it replaces alpine, debian, ubuntu, busybox, Red Hat UBI, golang and distroless base/cc runtimes)'
          : `the runtime stage is based on ${written}, ${stage.image} by this file's defaults, which the converter does not know how to replace ` +
              `(it replaces alpine, debian, ubuntu, busybox, Red Hat UBI, golang and distroless base/cc runtimes); ` +
              `if --build-arg ${argument}=... gives the real base, make that image ARG ${argument}'s default, then rerun`,
        stage.from.line,
      );
      return findings.output();
    }
    const target = facts.strategy === 'scratch' ? 'scratch' : DISTROLESS_STATIC_IMAGE;
    findings.edit(
      stage.from.range.start,
      stage.from.range.end,
      `FROM ${target}${stage.name ? ` AS ${stage.name}` : ''}`,
    );
    findings.change(
      stage.from.line,
      `replaced FROM ${stage.image} with FROM ${target}`,
      isMinimalImage(stage.image)
        ? `--strategy scratch: the distroless static files the program may use (CA bundle, passwd with nonroot, /tmp, time zones) are added from the builder instead`
        : isGoToolchainImage(stage.image)
          ? `the golang image is a Go toolchain of some 250 MB with a shell: a built Go binary runs without it`
          : isDistroless(stage.image)
            ? `the ${imageName(stage.image)} runtime carries glibc and the libraries of cgo programs, which the static binary does not need`
            : `the ${imageName(stage.image)} runtime has a shell and packages the binary does not need`,
    );
    // FROM ${RUNTIME_IMAGE}: a build that switches the runtime with --build-arg now gets scratch whatever it passes.
    // Only a whole image from an ARG: a version or name part (alpine:${ALPINE_VERSION}) chose nothing scratch has.
    const chosenBy =
      /^FROM\s+(?:--platform=\S+\s+)?\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))(?:\s|$)/i.exec(
        stage.from.text,
      );
    const imageArg = chosenBy?.[1] ?? chosenBy?.[2];
    if (imageArg !== undefined)
      findings.warn(
        `the runtime image was ${stage.image}, the default of ARG ${imageArg}; FROM ${target} does not read it, ` +
          `so docker build --build-arg ${imageArg}=<image> no longer changes the runtime`,
        stage.from.line,
      );
    // Some programs run the go command themselves: nothing in the Dockerfile tells them apart.
    if (isGoToolchainImage(stage.image))
      findings.warn(
        `the runtime was ${stage.image}, a Go toolchain: a program that runs the go command (a linter, a code generator, ` +
          `a tool built on golang.org/x/tools/go/packages) fails on ${target}, which has none; if this one does, keep the golang runtime`,
        stage.from.line,
      );
    return findings.output();
  },
};
