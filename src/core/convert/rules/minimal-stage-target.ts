/**
 * GMC007: a stage other than the one `docker build` ships is already
 * minimal (scratch; distroless static too with --strategy distroless), can
 * work as it is (GMC004's whatCannotWork) and starts a Go binary. The file
 * already has the image the user wants, one `--target` away: every outcome
 * names that stage and the exact command, a refusal of the last stage too
 * (then the hint comes after the reasons). The last stage is still what is
 * converted: it is what `docker build` ships without --target.
 *
 * Not this pattern: a minimal stage another stage uses, by `COPY --from`,
 * `FROM <stage>` or `RUN --mount=from=` (an artefact stage the runtime copies
 * its binary from), nor one that starts nothing (an export stage for
 * `docker build --output`).
 */
import { copyCandidates } from '../builds/indirect-builds.js';
import { resolvePath, substituteVariables } from '../facts/dockerfile-model.js';
import type { CommandFacts, CopyFacts, Facts, GoCommandFacts, Scope, StageFacts } from '../facts/facts.js';
import { isMinimalImage, isScratchImage } from '../facts/images.js';
import { shippedStage } from '../facts/origins.js';
import type { ConvertStrategy } from '../options.js';
import { startCommand } from '../shell/exec-form.js';
import { shellQuote } from '../shell/shell-words.js';
import { whatCannotWork } from './already-minimal.js';
import { findingsFor, ruleMeta, type NoticeRule } from './types.js';

const meta = ruleMeta({
  code: 'GMC007',
  name: 'MinimalStageTarget',
  severity: ['warning'],
  what: 'names a stage that is not the one `docker build` ships but already ships the Go binary on scratch (or distroless static with `--strategy distroless`), with the exact `docker build --target <stage> .`, in every outcome (after the reasons of a refusal); an unnamed one must be named first; the last stage is still the one converted',
  why: '`docker build` ships the last stage unless told otherwise, so a refusal of that stage (or its conversion) hides the minimal image the file already has',
  example:
    '`FROM scratch AS release` + `ENTRYPOINT ["/app"]`, then `FROM alpine:3.20 AS debug`: "... run docker build --target release ."; a scratch stage a later stage copies from, or one that starts nothing (`--output` exports): nothing',
});

export const minimalStageTargetRule: NoticeRule = {
  meta,
  phase: 'notice',
  check: (facts, outcome) => {
    const findings = findingsFor(meta);
    // A file not read as Docker reads it says nothing reliable about its stages.
    const shipped = facts.misreadLine === undefined ? shippedStage(facts.stages) : undefined;
    if (!shipped || isMinimalImage(shipped.image)) return findings.output();
    const last = facts.stages.at(-1);
    for (const stage of facts.stages) {
      if (stage === shipped || stage === last || !minimalFor(stage.image, facts.strategy)) continue;
      if (usedByAnotherStage(facts.stages, stage) || whatCannotWork(stage).length > 0) continue;
      const started = startedBinary(stage, facts);
      if (started === undefined) continue;
      // A converted file's go builds are static (GMC102, GMC106); one left as it is may not be.
      const { built } = started;
      const fixes = outcome === 'unchanged' && built ? staticFixes(built) : [];
      const notStatic = built && fixes.length > 0 ? { fixes, built } : undefined;
      findings.warn(hint(stage, shipped, started.program, facts.stages, notStatic), stage.from.line);
    }
    return findings.output();
  },
};

/** Scratch always; a static distroless (or Chainguard) image only when that is the strategy asked for. */
function minimalFor(image: string, strategy: ConvertStrategy): boolean {
  return isScratchImage(image) || (strategy === 'distroless' && isMinimalImage(image));
}

/** Whether another stage builds on `stage`, copies from it or mounts it: then it is an artefact, not an image to ship. */
function usedByAnotherStage(stages: readonly StageFacts[], stage: StageFacts): boolean {
  const names = (reference: string) =>
    reference.toLowerCase() === stage.name || reference === String(stage.index);
  return stages.some(
    (other) =>
      other !== stage &&
      ((stage.name !== undefined && other.image.toLowerCase() === stage.name) ||
        other.instructions.some(
          (instruction) =>
            (instruction.kind === 'copy' &&
              instruction.from !== undefined &&
              names(substituteVariables(instruction.from, instruction.scope.env))) ||
            (instruction.kind === 'run' && mountedStages(instruction.text).some(names)),
        )),
  );
}

/** The `from=` of each `--mount` flag of a RUN (`--mount=type=bind,from=build,target=/src`). */
function mountedStages(text: string): string[] {
  return [...text.matchAll(/--mount=(\S+)/g)].flatMap((match) =>
    (match[1] ?? '').split(',').flatMap((option) => {
      const [key, value] = option.split('=');
      return key === 'from' && value !== undefined ? [value.replace(/^["']|["']$/g, '')] : [];
    }),
  );
}

/** What the stage starts, described, when it is a Go binary built in this file (with its go build) or a static binary of the context. */
function startedBinary(
  stage: StageFacts,
  facts: Facts,
): { program: string; built?: GoCommandFacts } | undefined {
  const start = startCommand(stage.instructions);
  // whatCannotWork has refused the shell form; an empty array starts nothing.
  const program = start?.form.kind === 'exec' ? start.form.words[0] : undefined;
  if (!start || program === undefined || program === '' || program.includes('$')) return undefined;
  const copied = facts.stageCopies.get(stage.index) ?? [];
  const absolute = dockerFinds(
    program,
    start.scope,
    copied.map((file) => file.path),
  );
  if (absolute === undefined) return undefined;
  const file = copied.find((candidate) => candidate.path === absolute);
  if (file)
    return file.goCommand ? { program: `the Go binary ${absolute}`, built: file.goCommand } : undefined;
  return staticFromContext(stage, start, absolute, facts)
    ? { program: `the static binary ${absolute}` }
    : undefined;
}

/** The default PATH Docker gives a container whose image sets none. */
const DOCKER_DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * The file an exec-form program runs, as Docker finds it in a stage left as
 * it is: a path as written (relative to the WORKDIR), a bare name on the
 * PATH among the files the stage was given; undefined when none is.
 */
function dockerFinds(program: string, scope: Scope, files: readonly string[]): string | undefined {
  if (program.includes('/')) return resolvePath(scope.workdir, program);
  const path = scope.env.get('PATH') ?? DOCKER_DEFAULT_PATH;
  return path
    .split(':')
    .filter((folder) => folder.startsWith('/'))
    .map((folder) => resolvePath(folder, program))
    .find((candidate) => files.includes(candidate));
}

/** What to change on a go build, as written, for a static binary: cgo off, no PIE, no external linking. */
function staticFixes(command: GoCommandFacts): string[] {
  const env = (name: string) => command.assignments.get(name) ?? command.instruction.scope.env.get(name);
  const flags = [...command.args, env('GOFLAGS') ?? ''].join(' ');
  return [
    ...(env('CGO_ENABLED') === '0' ? [] : ['set CGO_ENABLED=0']),
    ...(/(?:^|[\s"'=])--?buildmode[= ]pie(?![\w-])/.test(flags) ? ['drop -buildmode=pie'] : []),
    ...(/(?:^|[\s"'=])--?linkmode(?:=|[ \t]+)external(?![\w-])/.test(flags)
      ? ['drop -linkmode external']
      : []),
  ];
}

/** Whether `absolute` was copied from the build context and is a static binary there. */
function staticFromContext(stage: StageFacts, start: CommandFacts, absolute: string, facts: Facts): boolean {
  if (!facts.readsContextPrograms) return false;
  const copy = stage.instructions
    .filter(
      (instruction): instruction is CopyFacts =>
        instruction.kind === 'copy' && instruction.from === undefined && instruction.index < start.index,
    )
    .reverse()
    .find((candidate) => copyCandidates(candidate, absolute).length > 0);
  return (
    copy !== undefined &&
    copyCandidates(copy, absolute).some((source) => facts.contextProgram(source)?.kind === 'static')
  );
}

function stageLabel(stage: StageFacts): string {
  return `${stage.name === undefined ? `stage ${stage.index}` : `the stage ${stage.name}`} (line ${stage.from.line})`;
}

function hint(
  stage: StageFacts,
  shipped: StageFacts,
  program: string,
  stages: readonly StageFacts[],
  notStatic: { readonly fixes: readonly string[]; readonly built: GoCommandFacts } | undefined,
): string {
  const has = `${stageLabel(stage)} already ships ${program} on ${stage.image}, but docker build without --target ships ${stageLabel(shipped).replace(/^the stage /, '')}`;
  // --target takes a stage name, never an index: a command with one would fail.
  const name = stage.name ?? freeName(stages);
  const steps = [
    ...(stage.name === undefined ? [`name it (add AS ${name} to line ${stage.from.line})`] : []),
    ...(notStatic
      ? [
          `${notStatic.fixes.join(' and ')} on its go build at line ${notStatic.built.instruction.line} (as written, it may not make a static binary)`,
        ]
      : []),
  ];
  const run = `run docker build --target ${shellQuote(name)} .`;
  if (steps.length === 0) return `${has}: to build the image this file already has, ${run}`;
  const why =
    stage.name === undefined
      ? 'docker build --target needs a stage name and this stage has none: '
      : 'to build the image this file already has, ';
  return `${has}; ${why}${steps.join(', ')}, then ${run}`;
}

/** A stage name no stage of the file has, for the suggestion. */
function freeName(stages: readonly StageFacts[]): string {
  const taken = new Set(stages.map((stage) => stage.name));
  const free = ['release', 'minimal'].find((name) => !taken.has(name));
  if (free !== undefined) return free;
  let number = 2;
  while (taken.has(`release-${number}`)) number++;
  return `release-${number}`;
}
