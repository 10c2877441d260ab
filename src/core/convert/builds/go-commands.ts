/**
 * Finding the Go builds in a Dockerfile and working out what they produce:
 * which RUN runs `go build` or `go install` (also behind env, time, a path to
 * go, xx-go or `sh -c '...'`, and in the Makefile targets and build scripts a
 * RUN runs, read through indirect-builds.ts), which CMD or ENTRYPOINT uses
 * `go run`, and the absolute path of each binary. What cannot be followed is
 * kept with exactly what could not be seen.
 */
import { knownPieces, unknownParts, type FoundGo } from './build-script.js';
import type {
  CommandFacts,
  GoCommandFacts,
  GoCommandSite,
  StageFacts,
  UnfollowedBuild,
} from '../facts/facts.js';
import { resolvePath, substituteVariables } from '../facts/dockerfile-model.js';
import { stageByReference } from '../facts/origins.js';
import {
  binaryName,
  flagValue,
  recognizeGo,
  splitGoArgs,
  wrapsGo,
  type GoInvocation,
  type GoVerb,
} from './go-invocation.js';
import { indirectBuild, type ContextFiles } from './indirect-builds.js';
import { commandWords, SHELLS, splitShell, type ShellCommand, type ShellWord } from '../shell/shell-words.js';

export type { GoVerb } from './go-invocation.js';
export { binaryName, flagValue, splitGoArgs } from './go-invocation.js';

export interface GoContext {
  /** The module path from the build context's go.mod, if there is one. */
  modulePath?: string;
  /** Reads the build context's Makefiles and scripts; without it, indirect builds are not followed. */
  contextFiles?: ContextFiles;
}

export interface FoundGoCommands {
  readonly commands: GoCommandFacts[];
  readonly unfollowed: UnfollowedBuild[];
}

/** Every go build, go install and go run in the file and in what its RUNs run, in order. */
export function findGoCommands(stages: readonly StageFacts[], context: GoContext): FoundGoCommands {
  const found: FoundGoCommands = { commands: [], unfollowed: [] };
  for (const stage of stages) {
    const inStage: StageScan = { stage, stages, context, found, wrapped: false, cwd: '/' };
    for (const instruction of stage.instructions) {
      if (instruction.kind !== 'run' && instruction.kind !== 'start') continue;
      inStage.cwd = instruction.scope.workdir;
      const { form } = instruction;
      if (form.kind === 'exec') {
        const words = form.words.map((value) => ({ value, start: -1, end: -1 }));
        const go = recognizeGo(form.words);
        if (!go || go.goIndex !== 0 || (instruction.kind === 'run' && go.verb === 'run')) continue;
        found.commands.push(describe(inStage, instruction, go, words.slice(go.argsIndex), { kind: 'exec' }));
        continue;
      }
      scanCommands(inStage, instruction, form.parse.commands, instruction.argumentsOffset, form.text, 0);
    }
  }
  return found;
}

interface StageScan {
  readonly stage: StageFacts;
  /** Every stage of the file: a later one's `COPY --from` may say which of the paths a build can write it ships. */
  readonly stages: readonly StageFacts[];
  readonly context: GoContext;
  readonly found: FoundGoCommands;
  /** `xx-go --wrap` ran earlier in the stage. */
  wrapped: boolean;
  /** The folder the command being read runs in: the WORKDIR, changed by a `cd` earlier in the RUN. */
  cwd: string;
}

function scanCommands(
  scan: StageScan,
  instruction: CommandFacts,
  commands: readonly ShellCommand[],
  textOffset: number,
  text: string,
  depth: number,
): void {
  for (const command of commands) {
    const values = command.words.map((word) => word.value);
    if (wrapsGo(values)) scan.wrapped = true;
    if (values[0] === 'cd' && values.length <= 2) {
      scan.cwd = resolvePath(scan.cwd, substituteVariables(values[1] ?? '/root', instruction.scope.env));
      continue;
    }
    const go = recognizeGo(values);
    if (go) {
      // `RUN go run ./gen` runs a program at build time (code generation): not the shipped binary.
      if (instruction.kind === 'run' && go.verb === 'run') {
        if (isBuildProgram(values.slice(go.argsIndex)))
          scan.found.unfollowed.push({
            line: instruction.line,
            via: 'go-run',
            message: goRunMessage(instruction, values),
          });
        continue;
      }
      const goWord = command.words[go.goIndex];
      const verbWord = command.words[go.argsIndex - 1];
      const envWord = command.words[go.envIndex];
      if (!goWord || !verbWord || !envWord) continue;
      const argWords = command.words.slice(go.argsIndex);
      const site: GoCommandSite = {
        kind: 'shell',
        textOffset,
        goWord,
        verbWord,
        envWord,
        argWords,
        commandWords: command.words,
      };
      scan.found.commands.push(describe(scan, instruction, go, argWords, site));
      continue;
    }
    const inner = shellScript(command, text);
    if (inner === 'unplaced') {
      if (instruction.kind === 'run') {
        scan.found.unfollowed.push({
          line: instruction.line,
          via: 'script',
          message: `line ${instruction.line} runs go in a \`sh -c\` script the shell expands before it runs (double quotes with $, \` or \\): its go command cannot be placed to set its environment; write the script in single quotes`,
        });
      }
      continue;
    }
    if (inner && depth === 0 && instruction.kind === 'run') {
      const innerOffset = textOffset + inner.word.start + 1;
      const outer = scan.cwd;
      scanCommands(
        scan,
        instruction,
        splitShell(inner.word.value).commands,
        innerOffset,
        inner.word.value,
        1,
      );
      // The script's cd happened in its own shell.
      scan.cwd = outer;
      continue;
    }
    if (instruction.kind !== 'run') continue;
    const words = commandWords(command).map((word) => word.value);
    const tool = goInstalledTool(scan, words[0] ?? '');
    if (tool) {
      const name = tool.output?.split('/').pop() ?? '';
      scan.found.unfollowed.push({
        line: instruction.line,
        via: 'tool',
        message: `line ${instruction.line} runs \`${words.join(' ')}\`: ${name}, which the go install at line ${tool.instruction.line} installs, may run the build itself (mage, task), and the go builds it makes cannot be followed`,
      });
      continue;
    }
    followIndirect(scan, instruction, command, textOffset);
  }
}

/** The go install earlier in the stage whose program `program` runs (`go install .../mage@v1`, then `mage build`). */
function goInstalledTool(scan: StageScan, program: string): GoCommandFacts | undefined {
  if (program === '') return undefined;
  return scan.found.commands.find(
    (command) =>
      command.stageIndex === scan.stage.index &&
      command.verb === 'install' &&
      command.output !== undefined &&
      (program.includes('/') ? command.output === program : command.output.split('/').pop() === program),
  );
}

/**
 * `sh -c '...'` (or a plain `"..."`) whose script's offsets can be told: the
 * script word; `unplaced` for a script that runs go but whose text the shell
 * rewrites first (double quotes with `$`, a backquote or a backslash).
 */
function shellScript(command: ShellCommand, text: string): { word: ShellWord } | 'unplaced' | undefined {
  const words = commandWords(command);
  if (!SHELLS.has(words[0]?.value.split('/').pop() ?? '')) return undefined;
  const flag = words[1]?.value ?? '';
  const word = words[2];
  if (!/^-[a-z]*c[a-z]*$/.test(flag) || !word) return undefined;
  const raw = text.slice(word.start, word.end);
  if (raw === `'${word.value}'`) return { word };
  if (raw === `"${word.value}"` && !/[$`\\"]/.test(word.value)) return { word };
  return /(^|[\s;&|(])(\S*\/)?(go|xx-go)\s+(build|install)\b/.test(word.value) ? 'unplaced' : undefined;
}

/**
 * `go run build.go`, `go run ./build` or `go run build/ci.go install`
 * (go-ethereum's): mage-like programs that run the build themselves.
 */
function isBuildProgram(args: readonly string[]): boolean {
  const { rest } = splitGoArgs([...args]);
  const program = rest[0] ?? '';
  return (
    /(^|\/)(build|make|mage|ci)(\.go)?\/?$/.test(program) || /(^|\/)(build|ci)\/[^/]+\.go$/.test(program)
  );
}

function goRunMessage(instruction: CommandFacts, words: readonly string[]): string {
  return `line ${instruction.line} runs \`${words.join(' ')}\`: a Go program that runs the build itself (mage-like); the go builds it makes cannot be followed`;
}

function followIndirect(
  scan: StageScan,
  instruction: CommandFacts,
  command: ShellCommand,
  textOffset: number,
): void {
  const words = command.words.map((word) => substituteVariables(word.value, instruction.scope.env));
  const outcome = indirectBuild(words, instruction, scan.stage, scan.context.contextFiles, scan.cwd);
  if (!outcome) return;
  const { line } = instruction;
  if (outcome.kind === 'unfollowed') {
    scan.found.unfollowed.push({ line, via: outcome.via, message: outcome.message });
    return;
  }
  const { run } = outcome;
  if (!run.result.ok) {
    scan.found.unfollowed.push({
      line,
      via: run.via,
      message: `line ${line} runs \`${run.invocation}\`: ${run.result.reason}`,
    });
    return;
  }
  if (run.result.builds.length === 0) {
    // Followed, and no Go build in it (`make generate`): said only when the file has no build at all.
    scan.found.unfollowed.push({
      line,
      via: 'nothing',
      message: `line ${line} runs \`${run.invocation}\`, which was read and runs no go build or go install`,
    });
    return;
  }
  const envWord = command.words[run.wordIndex];
  if (!envWord) return;
  for (const build of run.result.builds) {
    const site: GoCommandSite = {
      kind: 'indirect',
      via: run.via,
      file: build.file,
      line: build.line,
      textOffset,
      envWord,
      invocation: run.invocation,
      ...(build.recipe ? { recipe: build.recipe } : {}),
      ...(run.mustGive ? { mustGive: run.mustGive } : {}),
    };
    const facts = goFacts(scan, instruction, build, site);
    const unknown = facts.output === undefined ? outputUnknown(build) : undefined;
    if (unknown) {
      scan.found.unfollowed.push({
        line,
        via: run.via,
        message: `line ${line} runs \`${run.invocation}\`: the go ${build.verb} at ${build.file}:${build.line} uses ${unknown}: output path unknown`,
      });
    } else scan.found.commands.push(facts);
  }
}

/** `$(shell go env GOARCH)` in a Makefile, `$(go env GOARCH)` in a RUN. */
const GO_ENV_GOARCH = /^(\$\((shell\s+)?go\s+env\s+GOARCH\s*\)|`go\s+env\s+GOARCH`)$/;
const GOARCHES = '386|amd64|arm|arm64|loong64|mips|mips64|mips64le|mipsle|ppc64|ppc64le|riscv64|s390x';

/**
 * An output path whose only unknown is `go env GOARCH`, the builder's own
 * architecture (`pkg/linux_$(GOARCH)/app`): a later stage's `COPY --from` of
 * this stage that names one such path for one architecture says which the
 * image is built for, as the original Dockerfile already requires.
 */
function archPinnedByCopy(scan: StageScan, output: string): string | undefined {
  if (!unknownParts(output).every((part) => GO_ENV_GOARCH.test(part))) return undefined;
  const pieces = knownPieces(output).map((piece) => piece.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&'));
  const pattern = new RegExp(`^${pieces.join(`(${GOARCHES})`)}$`);
  const named = new Set<string>();
  const arches = new Set<string>();
  for (const later of scan.stages) {
    for (const copy of later.instructions) {
      if (copy.kind !== 'copy' || copy.from === undefined) continue;
      if (stageByReference(scan.stages, later, copy.from) !== scan.stage) continue;
      for (const written of copy.arguments.slice(0, -1)) {
        const match = pattern.exec(resolvePath('/', written));
        if (!match) continue;
        named.add(match[0]);
        for (const arch of match.slice(1)) arches.add(arch ?? '');
      }
    }
  }
  const [path] = named;
  return named.size === 1 && arches.size === 1 ? path : undefined;
}

/** Which unknown part makes a build's output unknown: in -o, or in the package it is named after. */
function outputUnknown(build: FoundGo): string | undefined {
  const { flags, rest } = splitGoArgs([...build.args]);
  const o = flagValue(flags, '-o');
  const parts = unknownParts(o ?? rest[0] ?? '');
  if (parts.length === 0) return undefined;
  return `${parts.join(', ')} in ${o === undefined ? 'the package it builds' : '-o'}`;
}

function describe(
  scan: StageScan,
  instruction: CommandFacts,
  go: GoInvocation,
  argWords: readonly ShellWord[],
  site: GoCommandSite,
): GoCommandFacts {
  const args = argWords.map((word) => word.value);
  const cwd = go.chdir === undefined ? scan.cwd : resolvePath(scan.cwd, go.chdir);
  return goFacts(
    scan,
    instruction,
    { verb: go.verb, args, cwd, assignments: go.assignments, crossCompile: go.crossCompile },
    site,
  );
}

interface GoLine {
  readonly verb: GoVerb;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly assignments: ReadonlyMap<string, string>;
  readonly crossCompile: boolean;
}

function goFacts(
  scan: StageScan,
  instruction: CommandFacts,
  line: GoLine,
  site: GoCommandSite,
): GoCommandFacts {
  const { verb, cwd } = line;
  const args = [...line.args];
  const { scope } = instruction;
  const { flags, rest } = splitGoArgs(args);
  const { modulePath } = scan.context;
  const fallbackName = modulePath
    ? binaryName(modulePath, 'app')
    : (cwd.split('/').filter(Boolean).pop() ?? 'app');
  const known = (path: string | undefined) =>
    path === undefined || unknownParts(path).length > 0 ? undefined : path;

  let output: string | undefined;
  let packages = rest;
  let programArgs: string[] = [];
  if (verb === 'build') {
    const name = binaryName(rest[0], fallbackName);
    const o = flagValue(flags, '-o');
    if (o === undefined) output = resolvePath(cwd, name);
    else output = o.endsWith('/') ? resolvePath(cwd, `${o}${name}`) : resolvePath(cwd, o);
    if (unknownParts(o ?? rest[0] ?? '').length > 0) output = archPinnedByCopy(scan, output);
  } else if (verb === 'install') {
    const env = new Map([...scope.env, ...line.assignments]);
    const gobin = env.get('GOBIN') ?? `${env.get('GOPATH') ?? '/go'}/bin`;
    output = known(resolvePath('/', `${gobin}/${binaryName(rest[0], fallbackName)}`));
  } else {
    const files = rest.filter(
      (arg, index) => arg.endsWith('.go') && rest.slice(0, index).every((a) => a.endsWith('.go')),
    );
    packages = files.length > 0 ? files : rest.slice(0, 1);
    programArgs = rest.slice(packages.length);
    output = `/go/bin/${binaryName(packages[0], fallbackName)}`;
  }
  return {
    stageIndex: scan.stage.index,
    instruction,
    verb,
    site,
    assignments: line.assignments,
    crossCompile: line.crossCompile || scan.wrapped,
    args,
    output,
    programArgs,
    packages,
  };
}
