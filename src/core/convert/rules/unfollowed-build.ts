/**
 * GMC006: a RUN builds through something the converter could not follow (a
 * Makefile or script that is not in the build context, a target the Makefile
 * does not have, a `-o` computed at build time, `go run build.go`). With no
 * other Go build in the file the conversion is refused with exactly what
 * could not be seen, rather than GMC003's "no Go build"; next to builds that
 * were found, a make or script that could not be followed is a warning, as it
 * may build a binary that ships without CGO_ENABLED=0.
 */
import type { ConvertibleFacts, CopiedFile, StageFacts } from '../facts/facts.js';
import { lineage, stageOfLine } from '../facts/origins.js';
import { absoluteProgram, startProgram } from '../shell/exec-form.js';
import { findingsFor, ruleMeta, type FileRule, type GateRule } from './types.js';

const meta = ruleMeta({
  code: 'GMC006',
  name: 'UnfollowedBuild',
  severity: ['refusal', 'warning'],
  refusals: 'not-seen',
  what: 'refuses a file whose only builds run through make, a script or `go run build.go` that cannot be followed (or that were read and build no Go), saying exactly what could not be seen; next to builds that were found, a warning, or a refusal when the binary the image starts is written by none of them and a step may build it (a make or script not followed, a go build behind xargs, eval or a variable)',
  why: 'the converter must know every go build to make it static; it reads Makefiles and scripts from the build context but never guesses',
  example:
    '`RUN make release` with no target release in the Makefile: refused; `RUN ./build.sh` not in the context: refused',
});

export const unfollowedBuildRule: GateRule = {
  meta,
  phase: 'gate',
  check: (facts) => {
    if (facts.goCommands.length > 0) return undefined;
    const findings = findingsFor(meta);
    for (const { line, message } of facts.unfollowedBuilds) findings.refuse(message, line);
    return findings.refusedVerdict();
  },
};

/**
 * Next to builds that were found: a make or script that could not be followed
 * is a warning. When the binary the image starts is written by none of the
 * builds found, in a stage where a step could not be followed, that step may
 * be what builds it: refused.
 */
export const unfollowedBuildWarningsRule: FileRule = {
  meta,
  phase: 'file',
  check: (facts) => {
    const findings = findingsFor(meta);
    const unmade = startedBinaryNotBuilt(facts);
    for (const { line, via, message } of facts.unfollowedBuilds) {
      if (unmade && unmade.stages.some((stage) => stage.index === stageOfLine(facts.stages, line))) {
        findings.refuse(
          `${message}; the binary the image starts, ${unmade.file.path} (copied at line ${unmade.file.copy.line}), is written by none of the go builds found, and may be built there`,
          line,
        );
        continue;
      }
      // `RUN go run ./gen` next to a go build is code generation, as a rule, and
      // a make target with no go build (`make generate`) builds nothing that ships: no warning.
      if (via === 'make' || via === 'script')
        findings.warn(`${message}; if it builds a binary that ships, that binary may not be static`, line);
    }
    const hidden =
      unmade && !unmade.stages.some((stage) => followedNothing(facts, stage))
        ? hiddenBuild(facts, unmade)
        : undefined;
    if (unmade && hidden)
      findings.refuse(
        `line ${hidden.line} runs a go build the converter cannot place (behind xargs, eval or a variable), and the binary the image starts, ${unmade.file.path} (copied at line ${unmade.file.copy.line}), is written by none of the go builds found: write it as a plain go build -o ${unmade.file.source}`,
        hidden.line,
      );
    return findings.output();
  },
};

/** The file the image starts, when it was copied from a stage and no go build found writes it; with that stage's lineage. */
function startedBinaryNotBuilt(
  facts: ConvertibleFacts,
): { file: CopiedFile; stages: readonly StageFacts[] } | undefined {
  const { layout } = facts;
  const started = startProgram(layout.runtimeInstructions);
  if (!started) return undefined;
  const path = absoluteProgram(started.program, started.start.scope.workdir, layout.binaries, false);
  const file = layout.copied.find((copied) => copied.path === path);
  if (!file?.stage || file.madeBy !== undefined) return undefined;
  return { file, stages: lineage(facts.stages, file.stage) };
}

/** Whether a step of `stage` could not be followed (its own refusal above names it). */
function followedNothing(facts: ConvertibleFacts, stage: StageFacts): boolean {
  return facts.unfollowedBuilds.some((build) => stageOfLine(facts.stages, build.line) === stage.index);
}

/** `go build` (or `$GO build`) written more often in a RUN than the go commands found there: one the shell runs another way. */
const GO_BUILD_TEXT =
  /(?:^|[\s;&|(`'"])(?:\S*\/)?(?:go|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?)\s+(?:build|install)\b/g;

/** The RUN of the started binary's stages that runs a go build no go command found stands for. */
function hiddenBuild(
  facts: ConvertibleFacts,
  unmade: { readonly stages: readonly StageFacts[] },
): { line: number } | undefined {
  for (const stage of unmade.stages)
    for (const instruction of stage.instructions) {
      if (instruction.kind !== 'run') continue;
      const written = (instruction.argumentsText.match(GO_BUILD_TEXT) ?? []).length;
      const found = facts.goCommands.filter(
        (command) => command.instruction.index === instruction.index && command.verb !== 'run',
      ).length;
      if (written > found) return { line: instruction.line };
    }
  return undefined;
}
