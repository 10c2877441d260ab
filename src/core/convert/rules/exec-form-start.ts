/**
 * GMC207: CMD and ENTRYPOINT in exec form with an absolute path, since
 * scratch has no shell to run the shell form or search the PATH. A command
 * that needs a shell (an entrypoint script, several commands, sh -c with
 * more than one string) is refused.
 *
 * An exec-form array is kept byte for byte: only its program element is
 * replaced when it is not absolute, and its other strings stay as written
 * (a `$VAR` in them was never expanded, and still is not: a warning says so).
 * A shell-form command becomes a new array, its `$VAR` resolved from the file
 * with a warning, or refused when it cannot be.
 */
import {
  absoluteProgram,
  clearsEntrypoint,
  execArray,
  looksLikeScript,
  resolveAll,
  singleCommandWords,
} from '../shell/exec-form.js';
import { copyCandidates } from '../builds/indirect-builds.js';
import type { CommandFacts, ConvertibleFacts, CopyFacts, ExecForm } from '../facts/facts.js';
import type { ProgramKind } from '../facts/programs.js';
import { commandWords, splitShell } from '../shell/shell-words.js';
import { installedPackages } from '../facts/packages.js';
import { copiesMayHold, runsMayMake } from '../facts/image-contents.js';
import { baseImage, lineage, parentStage, stageOfLine } from '../facts/origins.js';
import {
  findingsFor,
  ruleMeta,
  type FindingsOf,
  type InstructionPlan,
  type InstructionRule,
} from './types.js';

const meta = ruleMeta({
  code: 'GMC207',
  name: 'ExecForm',
  severity: ['refusal', 'warning', 'change'],
  refusals: 'scratch-impossible',
  what: 'puts `CMD`/`ENTRYPOINT` in exec form with an absolute path (an exec-form array kept as written but its program); refuses entrypoint scripts, a program nothing in the file puts in the image (a program of the replaced base image, such as `/usr/sbin/crond`), and a `$VAR` with no default',
  why: 'scratch has no shell to run the shell form, search the PATH or expand variables',
  example:
    '`ENTRYPOINT app --port $PORT` → `ENTRYPOINT ["/usr/local/bin/app", "--port", "8080"]`; `CMD ["app", "a b"]` → `CMD ["/usr/local/bin/app", "a b"]`',
});

/** The shells a start command may name as its program, as written (not shell-words' SHELLS: ash and dash stay programs here). */
const START_SHELLS = new Set(['/bin/sh', 'sh', '/bin/bash', 'bash']);
const WHY = 'exec form with an absolute path: scratch has no shell to run the shell form or search the PATH';

export const execFormRule: InstructionRule = {
  meta,
  phase: 'instruction',
  keywords: ['CMD', 'ENTRYPOINT'],
  check: (instruction, facts) => {
    const findings = findingsFor(meta);
    if (instruction.kind !== 'start') return findings.plan();
    const { form } = instruction;
    if (form.kind === 'exec' && !START_SHELLS.has(form.words[0] ?? '') && !isGoRun(form.words))
      return keepArray(instruction, form, facts, findings);
    return newArray(instruction, facts, findings);
  },
};

/** An exec-form command: only a relative program is replaced, in place. */
function keepArray(
  instruction: CommandFacts,
  form: ExecForm,
  facts: ConvertibleFacts,
  findings: FindingsOf<typeof meta>,
): InstructionPlan {
  const { line, keyword, scope } = instruction;
  const onlyArguments = givesArguments(instruction, facts);
  const [program = '', ...rest] = form.words;
  const args = onlyArguments ? form.words : rest;
  const absolute = absoluteProgram(program, scope.workdir, facts.layout.binaries, onlyArguments);
  if (!onlyArguments && !startsRunnable(instruction, program, absolute, facts, findings))
    return findings.plan();
  if (!onlyArguments && absolute.includes('$')) {
    findings.refuse(
      `line ${line} starts ${absolute}, whose variable cannot be resolved from this Dockerfile; exec form does not expand it`,
      line,
    );
    return findings.plan();
  }
  for (const arg of args.filter((word) => /\$[A-Za-z_{]/.test(word))) {
    findings.warn(
      `${arg} stays as written: exec form does not expand variables, so the program receives it literally, as it did before`,
      line,
    );
  }
  if (absolute === program) return findings.plan();
  const [first] = form.spans;
  const text = first
    ? spliced(instruction, first, JSON.stringify(absolute))
    : `${keyword} ${execArray([absolute, ...rest])}`;
  findings.change(line, `${keyword} became ${execArray([absolute, ...rest])}`, WHY);
  return findings.plan({ kind: 'replace', text });
}

/** A shell-form command (or `sh -c`, or `go run`): a new array, variables resolved. */
function newArray(
  instruction: CommandFacts,
  facts: ConvertibleFacts,
  findings: FindingsOf<typeof meta>,
): InstructionPlan {
  const { line, keyword, form, scope } = instruction;
  let words: string[] | undefined;
  if (form.kind === 'exec' && START_SHELLS.has(form.words[0] ?? '')) {
    if (form.words[1] !== '-c' || form.words.length !== 3) {
      // `["/bin/bash", "/entrypoint.sh"]`: the script it runs is the thing to change.
      const script = form.words.slice(1).find((word) => !word.startsWith('-'));
      findings.refuse(
        script === undefined || form.words.includes('-c')
          ? `line ${line} runs a shell; the new image has none`
          : `line ${line} starts the container with the script ${script}, run by ${form.words[0]}, which needs a shell; scratch has none`,
        line,
      );
      return findings.plan();
    }
    words = singleCommandWords(splitShell(form.words[2] ?? '', facts.escape), line, findings);
  } else if (form.kind === 'exec') {
    words = [...form.words];
  } else {
    words = singleCommandWords(form.parse, line, findings);
  }
  if (!words) return findings.plan();
  // go run: run the binary the added build step writes (GMC104).
  if (isGoRun(words)) {
    const goRun = facts.goCommands.find((command) => command.instruction.index === instruction.index);
    // Inside `sh -c` the go run is no go command of the file: no build step writes a binary for it.
    if (!goRun) {
      findings.refuse(
        `line ${line} runs go run in a shell, which the converter does not turn into a build step: write it as ${keyword} go run ... (or build in a RUN step and start the binary)`,
        line,
      );
      return findings.plan();
    }
    words = [goRun.output ?? '/go/bin/app', ...goRun.programArgs];
  }
  const resolved = resolveAll(words, scope, line, findings);
  if (!resolved) return findings.plan();
  const [program = '', ...args] = resolved;
  const onlyArguments = givesArguments(instruction, facts);
  const absolute = absoluteProgram(program, scope.workdir, facts.layout.binaries, onlyArguments);
  if (!onlyArguments && !startsRunnable(instruction, program, absolute, facts, findings))
    return findings.plan();
  if (absolute.includes('$')) {
    findings.refuse(
      `line ${line} starts ${absolute}, whose variable cannot be resolved from this Dockerfile; exec form does not expand it`,
      line,
    );
    return findings.plan();
  }
  const exec = execArray([absolute, ...args]);
  const text = `${keyword} ${exec}`;
  if (text !== instruction.text) findings.change(line, `${keyword} became ${exec}`, WHY);
  return findings.plan({ kind: 'replace', text });
}

function isGoRun(words: readonly string[]): boolean {
  return words[0] === 'go' && words[1] === 'run';
}

/**
 * False (with a refusal) when the program started is not one scratch can
 * run: an entrypoint script, or a file another stage holds that no go build
 * there writes (a package's program, a download), wherever it was copied from.
 */
function startsRunnable(
  instruction: CommandFacts,
  program: string,
  absolute: string,
  facts: ConvertibleFacts,
  findings: FindingsOf<typeof meta>,
): boolean {
  const { layout } = facts;
  const copied = layout.copied.find((file) => file.path === absolute);
  const goBuilt = copied
    ? copied.madeBy === 'go-build'
    : layout.kind === 'single-stage' && layout.binaries.includes(absolute);
  if (goBuilt) return true;
  const { line } = instruction;
  const local = copied ? undefined : fromContext(instruction, absolute, facts);
  // A prebuilt binary not in the context is judged from its build config by GMC108 (or GMC003 says there is none);
  // there is one only in a file with no go command (collect-facts.ts).
  if (local?.kind === undefined && facts.prebuilt?.path === absolute) return true;
  if (local !== undefined) return startsContextFile(instruction, absolute, local, findings);
  const fromPackage = copied ? undefined : installingPackage(program, instruction, facts);
  if (fromPackage !== undefined) {
    const { name, line: installLine } = fromPackage;
    const dropped = facts.dropped.has(name)
      ? ` (--drop ${name} drops the package, not the ${instruction.keyword} that runs it)`
      : '';
    findings.refuse(
      `line ${line} starts ${program}, the program of the package ${name} that line ${installLine} installs${dropped}; ` +
        `scratch has no packages, so the container would not start: start the Go binary itself${PACKAGE_START_HINTS.get(name) ?? ''}`,
      line,
    );
    return false;
  }
  // The new stage of a single-stage build holds only the binaries its go builds write.
  // (`CMD go build` is GMC104's: the toolchain the new image lacks.)
  if (layout.kind === 'single-stage' && !copied && program.split('/').pop() !== 'go') {
    findings.refuse(
      `line ${line} starts ${program}, which no go build found writes (they write ${layout.binaries.join(', ') || 'nothing known'}): ` +
        'the new image would not hold it; build it with go build -o in a RUN step, or start the binary that is built',
      line,
    );
    return false;
  }
  const stage = copied && `stage ${copied.stage?.name ?? copied.copy.from} at line ${copied.copy.line}`;
  if (looksLikeScript(program)) {
    findings.refuse(
      `line ${line} starts the container with the script ${program}${stage ? ` (copied from ${stage})` : ''}, which needs a shell; scratch has none`,
      line,
    );
    return false;
  }
  const made =
    copied?.madeBy === 'package'
      ? 'a program of a package installed there, linked against its C library'
      : copied?.madeBy === 'download'
        ? `a file downloaded at line ${copied.downloadLine}, and scratch runs it only if it is a static binary, which nothing here says it is`
        : copied?.madeBy === 'no-go-build'
          ? 'a stage where nothing builds Go, and scratch runs it only if it is a static binary, which nothing here says it is'
          : undefined;
  if (made !== undefined) {
    const hint = PACKAGE_START_HINTS.get(absolute.split('/').pop() ?? '') ?? '';
    findings.refuse(
      `line ${line} starts ${absolute}, copied from ${stage}: ${made}; start the Go binary itself${hint}`,
      line,
    );
    return false;
  }
  // The stages whose files the image that ships has: itself, and the stages it starts FROM (`FROM build`).
  const chain = new Set(lineage(facts.stages, layout.stage).map((stage) => stage.index));
  if (
    layout.kind !== 'multi-stage' ||
    copied ||
    absolute === '' ||
    absolute.includes('$') ||
    // (`CMD go build` is GMC104's, as above.)
    program.split('/').pop() === 'go' ||
    buildsUnseen(facts, chain) ||
    // A stage FROM another stage (its ENTRYPOINT, its files) is GMC201's refusal.
    parentStage(facts.stages, layout.stage) !== undefined ||
    runsMayMake(layout, absolute.split('/').pop() ?? absolute)
  )
    return true;
  const mayHold = (path: string) => builtInto(facts, chain, path) || copiesMayHold(layout, path);
  // A bare name is the first of the PATH's folders that holds it: the converter's guess must be that one.
  const onPath = program.includes('/')
    ? []
    : pathFolders(instruction).filter((folder) => mayHold(`${folder}/${program}`));
  const first = onPath[0];
  if (first !== undefined && `${first}/${program}` !== absolute) {
    findings.refuse(
      `line ${line} starts ${program}, which the converter cannot place on the PATH: what the file copies into ${first} may hold it; ` +
        'write its absolute path, then rerun',
      line,
    );
    return false;
  }
  // Nothing the file does puts it there: a program of the base image (crond, env), which scratch does not have.
  if (!mayHold(absolute)) {
    const base = baseImage(facts.stages, layout.stage);
    const hint = PACKAGE_START_HINTS.get(absolute.split('/').pop() ?? '') ?? '';
    findings.refuse(
      `line ${line} starts ${program.includes('/') ? `${absolute}, which no COPY or ADD of the stage that ships puts there` : `${program}, which no COPY or ADD of the stage that ships puts on the PATH`}: ` +
        `only ${base} can have it, and ${facts.strategy === 'scratch' ? 'scratch' : 'distroless static'} has none of its files, so the container would not start; ` +
        `copy the program in, or start the Go binary itself${hint}`,
      line,
    );
    return false;
  }
  return true;
}

/** Docker's PATH when the image sets none. */
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The folders of the PATH the start command runs with, in order: the file's ENV PATH, else Docker's. */
function pathFolders(instruction: CommandFacts): string[] {
  // `ENV PATH=/opt/app/bin:$PATH` extends the base image's, which is Docker's in the images replaced.
  const path = (instruction.scope.env.get('PATH') ?? DEFAULT_PATH).replace(/\$\{?PATH\}?/g, DEFAULT_PATH);
  return path
    .split(':')
    .filter((folder) => folder.startsWith('/'))
    .map((folder) => folder.replace(/\/+$/, '') || '/');
}

/** Whether a go build of the stages in `chain` writes `path`. */
function builtInto(facts: ConvertibleFacts, chain: ReadonlySet<number>, path: string): boolean {
  return facts.goCommands.some((command) => chain.has(command.stageIndex) && command.output === path);
}

/** Whether one of the stages in `chain` runs a build the converter could not follow (`make`), which may write anything. */
function buildsUnseen(facts: ConvertibleFacts, chain: ReadonlySet<number>): boolean {
  return facts.unfollowedBuilds.some((build) => chain.has(stageOfLine(facts.stages, build.line)));
}

/** What a start command's program of a package does, for the one thing to change. */
const PACKAGE_START_HINTS = new Map([
  ['tini', ' (docker run --init adds an init process, if the program needs one)'],
  ['dumb-init', ' (docker run --init adds an init process, if the program needs one)'],
  ['su-exec', ' (a USER instruction sets the user it runs as)'],
  ['gosu', ' (a USER instruction sets the user it runs as)'],
]);

/**
 * The runtime package whose program the start command runs (`/sbin/tini`
 * after `apk add tini`), by the program's name, and the line installing it:
 * a package's program is named after it in every case that matters here
 * (tini, dumb-init, su-exec, gosu, bash, curl).
 */
function installingPackage(
  program: string,
  instruction: CommandFacts,
  facts: ConvertibleFacts,
): { name: string; line: number } | undefined {
  const name = program.split('/').pop() ?? '';
  if (name === '') return undefined;
  for (const other of facts.layout.runtimeInstructions) {
    if (other.index >= instruction.index || other.kind !== 'run' || other.form.kind !== 'shell') continue;
    for (const command of other.form.parse.commands)
      if (installedPackages(commandWords(command).map((word) => word.value)).includes(name))
        return { name, line: other.line };
  }
  return undefined;
}

/** The COPY (or ADD) of the build context that put `absolute` in the image, and what that file is. */
function fromContext(
  instruction: CommandFacts,
  absolute: string,
  facts: ConvertibleFacts,
): { copy: CopyFacts; source: string | undefined; kind: ProgramKind | undefined } | undefined {
  if (!facts.readsContextPrograms) return undefined;
  const copies = facts.layout.stage.instructions.filter(
    (other): other is CopyFacts =>
      other.kind === 'copy' && other.from === undefined && other.index < instruction.index,
  );
  for (const copy of copies.reverse()) {
    const candidates = copyCandidates(copy, absolute);
    if (candidates.length === 0) continue;
    for (const source of candidates) {
      const kind = facts.contextProgram(source);
      if (kind !== undefined) return { copy, source, kind };
    }
    return { copy, source: candidates[0], kind: undefined };
  }
  return undefined;
}

/** A program copied from the build context runs on scratch only as a static binary. */
function startsContextFile(
  instruction: CommandFacts,
  absolute: string,
  local: { copy: CopyFacts; source: string | undefined; kind: ProgramKind | undefined },
  findings: FindingsOf<typeof meta>,
): boolean {
  const { line } = instruction;
  const { kind, copy, source = absolute } = local;
  if (kind?.kind === 'static') return true;
  const from = `copied from ${source} of the build context at line ${copy.line}`;
  const why =
    kind === undefined
      ? `${absolute}, ${from}, is not in the build context to check: build it (CGO_ENABLED=0) before converting, so the converter can see it is a static binary, then rerun`
      : kind.kind === 'script'
        ? `the script ${absolute} (${from}; it starts with #!${kind.interpreter}), which needs a shell; scratch has none`
        : kind.kind === 'dynamic'
          ? `${absolute}, ${from}, a dynamically linked binary (it asks for the loader ${kind.loader}): scratch has no loader; build it with CGO_ENABLED=0`
          : `${absolute}, ${from}, which is neither a static binary nor a script the converter can read: scratch runs only a static binary`;
  findings.refuse(`line ${line} starts ${kind?.kind === 'script' ? 'the container with ' : ''}${why}`, line);
  return false;
}

/**
 * A CMD that only gives arguments to an ENTRYPOINT: its first word is no
 * program. (After `ENTRYPOINT []` the CMD is the program again.)
 */
function givesArguments(instruction: CommandFacts, facts: ConvertibleFacts): boolean {
  if (instruction.keyword !== 'CMD') return false;
  const entrypoint = facts.layout.stage.instructions
    .filter((other): other is CommandFacts => other.kind === 'start' && other.keyword === 'ENTRYPOINT')
    .at(-1);
  return entrypoint !== undefined && !clearsEntrypoint(entrypoint);
}

/** The instruction's text with `span` (offsets in the file) replaced by `text`. */
function spliced(instruction: CommandFacts, span: { start: number; end: number }, text: string): string {
  const { start } = instruction.range;
  return instruction.text.slice(0, span.start - start) + text + instruction.text.slice(span.end - start);
}
