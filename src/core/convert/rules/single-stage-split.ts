/**
 * GMC105: a single-stage build on a golang image is split: the stage stays
 * as the builder (named "build" if it had no name), its runtime instructions
 * move to a new stage that copies only the binary. The new stage's first
 * lines are handed to the runtime layout (runtime-layout.ts) as data.
 */
import { DISTROLESS_STATIC_IMAGE } from '../../versions.js';
import { execArray } from '../shell/exec-form.js';
import { isGoToolchainImage } from '../facts/images.js';
import { runCommandWords } from '../facts/origins.js';
import { installedPackages } from '../facts/packages.js';
import { findingsFor, ruleMeta, type RuleOutput, type WiredRule } from './types.js';

const meta = ruleMeta({
  code: 'GMC105',
  name: 'SingleStageSplit',
  severity: ['refusal', 'warning', 'change'],
  refusals: 'not-seen',
  what: 'splits a single golang stage into a builder and a new stage holding only the binary',
  why: 'the golang image is hundreds of MB of toolchain the program does not need',
  example: '`FROM golang:1.22` → `FROM golang:1.22 AS build` ... `FROM scratch` + `COPY --from=build`',
});

export interface SplitOutput extends RuleOutput {
  /** The new stage's FROM, binary copies and carried ENV/LABEL/WORKDIR; empty for a multi-stage build. */
  readonly newStageHead: readonly string[];
}

export const singleStageSplitRule: WiredRule<SplitOutput> = {
  meta,
  phase: 'wired',
  check: (facts) => {
    const findings = findingsFor(meta);
    const { layout } = facts;
    if (layout.kind !== 'single-stage') return findings.output({ newStageHead: [] });
    const { stage, binaries, builderReference, runtimeInstructions } = layout;
    if (!isGoToolchainImage(stage.image)) {
      findings.refuse(
        `the final stage builds Go on ${stage.image}, not on a golang image: convert it by hand to a golang builder stage first`,
      );
    }
    if (binaries.length === 0) findings.refuse('cannot tell where the go build writes its binary');
    // COPY matches its source as a pattern: the new stage could not copy such a binary by its name.
    for (const binary of binaries.filter((path) => /[*?[]/.test(path)))
      findings.refuse(
        `the binary ${binary} has *, ? or [ in its path, which COPY reads as a pattern: give it a plain name`,
      );

    // Name the toolchain stage so the new stage can copy from it.
    if (!stage.name) findings.edit(stage.from.imageEnd, stage.from.imageEnd, ` AS ${builderReference}`);
    findings.change(
      stage.from.line,
      `named the golang stage "${builderReference}" and kept it as the builder`,
      'the image that ships is a new stage that copies only the binary from it',
    );
    for (const instruction of runtimeInstructions)
      findings.edit(instruction.lineSpan.start, instruction.lineSpan.end, '');

    // What the program sees at run time: its environment and working directory; and the ARGs, which a stage
    // declares for itself, so that `ENV PORT=${PORT}`, LABEL and EXPOSE expand as they did.
    const carried = stage.instructions
      .filter((instruction) => ['ARG', 'ENV', 'LABEL'].includes(instruction.keyword))
      .map((instruction) => instruction.text);
    // The container started where the stage ended, whatever instruction came after the last WORKDIR.
    if (stage.instructions.some((instruction) => instruction.keyword === 'WORKDIR'))
      carried.push(`WORKDIR ${stage.endWorkdir}`);
    findings.warn(
      'the source tree is no longer in the image, only the binary: if the program reads files at run time ' +
        '(templates, static assets, config), COPY them into the final stage',
    );
    // A package is a build tool here (git for go mod download), or one the program runs: only the user knows.
    const packages = [
      ...new Set(
        stage.instructions.flatMap((instruction) =>
          instruction.kind === 'run' ? runCommandWords(instruction).flatMap(installedPackages) : [],
        ),
      ),
    ];
    if (packages.length > 0)
      findings.warn(
        `the packages the stage installs (${packages.join(', ')}) stay in the builder; the new image has none of them: ` +
          'if the program runs one at run time, keep a runtime stage that installs it instead',
      );
    return findings.output({
      newStageHead: [
        '',
        `# Added by go-microcontainer convert: the image that ships holds just the binary.`,
        facts.strategy === 'scratch' ? 'FROM scratch' : `FROM ${DISTROLESS_STATIC_IMAGE}`,
        ...binaries.map((binary) => `COPY --from=${builderReference} ${copyArguments(binary, facts.escape)}`),
        ...carried,
      ],
    });
  },
};

/**
 * `src dest`, or the JSON-array form when the path holds white space, quotes
 * or the escape character (COPY splits on spaces; an escape character ending
 * the line would continue it). In either form the builder expands $ and
 * removes quotes and escapes in COPY paths, so those are escaped.
 */
function copyArguments(binary: string, escape: string): string {
  const literal = [...binary]
    .map((char) => (`$'"${escape}`.includes(char) ? `${escape}${char}` : char))
    .join('');
  return /[\s"'\\]/.test(binary) || binary.includes(escape)
    ? execArray([literal, literal])
    : `${literal} ${literal}`;
}
