/**
 * Finding the Go builds in a Dockerfile and working out what they produce:
 * which RUN runs `go build` or `go install`, which CMD or ENTRYPOINT uses
 * `go run`, and the absolute path of each binary.
 */
import type { Instruction } from 'dockerfile-ast';
import { resolvePath, type DockerfileModel, type Stage } from './dockerfile-model.js';
import {
  commandWords,
  leadingAssignments,
  splitShell,
  type ShellCommand,
  type ShellWord,
} from './shell-words.js';

export type GoVerb = 'build' | 'install' | 'run';

export interface GoCommand {
  stage: Stage;
  instruction: Instruction;
  verb: GoVerb;
  command: ShellCommand;
  /** Offset in the file of the shell text the command's word offsets count from. */
  textOffset: number;
  /** The `go` word. */
  goWord: ShellWord;
  /** Environment assignments on the command itself (`CGO_ENABLED=0 go build`). */
  assignments: Map<string, string>;
  /** Words after `go build|install|run`. */
  args: ShellWord[];
  /** Absolute path of the binary, when it can be told. */
  output: string | undefined;
  /** For go run: the program's own arguments, after the package. */
  programArgs: string[];
  /** For go run: the packages or files to build. */
  packages: string[];
}

/** Go build flags that take a value as the next word. */
const FLAGS_WITH_VALUE = new Set(
  [
    '-o',
    '-p',
    '-tags',
    '-ldflags',
    '-gcflags',
    '-asmflags',
    '-gccgoflags',
    '-mod',
    '-modfile',
    '-overlay',
    '-pgo',
    '-pkgdir',
    '-buildmode',
    '-compiler',
    '-installsuffix',
    '-toolexec',
    '-exec',
    '-coverpkg',
    '-covermode',
  ].flatMap((flag) => [flag, `-${flag}`]),
);

/** Splits `go build` arguments into flags (with values) and the packages or files after them. */
export function splitGoArgs(args: string[]): { flags: Array<[string, string | undefined]>; rest: string[] } {
  const flags: Array<[string, string | undefined]> = [];
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (!arg.startsWith('-') || arg === '-') break;
    if (arg === '--') {
      i++;
      break;
    }
    const eq = arg.indexOf('=');
    if (eq !== -1) flags.push([arg.slice(0, eq), arg.slice(eq + 1)]);
    else if (FLAGS_WITH_VALUE.has(arg)) {
      flags.push([arg, args[i + 1]]);
      i++;
    } else flags.push([arg, undefined]);
  }
  return { flags, rest: args.slice(i) };
}

export function flagValue(flags: Array<[string, string | undefined]>, name: string): string | undefined {
  const found = flags.filter(([flag]) => flag === name || flag === `-${name}`);
  return found[found.length - 1]?.[1];
}

/**
 * The name `go build` or `go install` gives a binary built from `pkg`: the
 * last path element, skipping a /vN major version suffix; for `.` or a file
 * list, the module's or directory's name.
 */
export function binaryName(pkg: string | undefined, fallback: string): string {
  if (pkg === undefined || pkg === '.' || pkg === './...' || pkg.endsWith('.go')) {
    if (pkg?.endsWith('.go')) return pkg.split('/').pop()?.replace(/\.go$/, '') ?? fallback;
    return fallback;
  }
  const path =
    pkg
      .split('@')[0]
      ?.replace(/\/\.\.\.$/, '')
      .replace(/\/+$/, '') ?? pkg;
  const elements = path.split('/').filter((element) => element !== '' && element !== '.');
  let name = elements.pop() ?? fallback;
  if (/^v[2-9][0-9]*$|^v[1-9][0-9]+$/.test(name) && elements.length > 0) name = elements.pop() ?? name;
  return name;
}

export interface GoContext {
  /** The module path from the build context's go.mod, if there is one. */
  modulePath?: string;
}

/** Every go build, go install and go run in the file, in order. */
export function findGoCommands(model: DockerfileModel, context: GoContext): GoCommand[] {
  const found: GoCommand[] = [];
  for (const stage of model.stages) {
    for (const instruction of stage.instructions) {
      const keyword = instruction.getKeyword();
      if (!['RUN', 'CMD', 'ENTRYPOINT'].includes(keyword)) continue;
      const { text, offset } = model.argumentsText(instruction);
      if (text.trimStart().startsWith('[')) {
        const words = jsonWords(instruction);
        const command = goCommandFromWords(words);
        if (command && (keyword !== 'RUN' || commandWords(command)[1]?.value !== 'run')) {
          found.push(describe(model, stage, instruction, command, -1, context));
        }
        continue;
      }
      for (const command of splitShell(text, model.escape).commands) {
        const words = commandWords(command);
        if (words[0]?.value !== 'go') continue;
        const verb = words[1]?.value;
        if (verb !== 'build' && verb !== 'install' && verb !== 'run') continue;
        // `RUN go run ./gen` runs a program at build time (code generation): not the shipped binary.
        if (keyword === 'RUN' && verb === 'run') continue;
        found.push(describe(model, stage, instruction, command, offset, context));
      }
    }
  }
  return found;
}

function jsonWords(instruction: Instruction): ShellCommand {
  const strings = (
    instruction as unknown as { getJSONStrings(): Array<{ getJSONValue(): string }> }
  ).getJSONStrings();
  return { words: strings.map((s) => ({ value: s.getJSONValue(), start: -1, end: -1 })) };
}

function goCommandFromWords(command: ShellCommand): ShellCommand | undefined {
  const words = commandWords(command);
  if (words[0]?.value !== 'go' || !['build', 'install', 'run'].includes(words[1]?.value ?? ''))
    return undefined;
  return command;
}

function describe(
  model: DockerfileModel,
  stage: Stage,
  instruction: Instruction,
  command: ShellCommand,
  textOffset: number,
  context: GoContext,
): GoCommand {
  const words = commandWords(command);
  const goWord = words[0] as ShellWord;
  const verb = words[1]?.value as GoVerb;
  const args = words.slice(2);
  const scope = model.scope(instruction);
  const { flags, rest } = splitGoArgs(args.map((word) => word.value));
  const fallbackName = context.modulePath
    ? binaryName(context.modulePath, 'app')
    : (scope.workdir.split('/').filter(Boolean).pop() ?? 'app');

  let output: string | undefined;
  let packages = rest;
  let programArgs: string[] = [];
  if (verb === 'build') {
    const name = binaryName(rest[0], fallbackName);
    const o = flagValue(flags, '-o');
    if (o === undefined) output = resolvePath(scope.workdir, name);
    else output = o.endsWith('/') ? resolvePath(scope.workdir, `${o}${name}`) : resolvePath(scope.workdir, o);
  } else if (verb === 'install') {
    const gobin = scope.env.get('GOBIN') ?? `${scope.env.get('GOPATH') ?? '/go'}/bin`;
    output = resolvePath('/', `${gobin}/${binaryName(rest[0], fallbackName)}`);
  } else {
    const files = rest.filter(
      (arg, index) => arg.endsWith('.go') && rest.slice(0, index).every((a) => a.endsWith('.go')),
    );
    packages = files.length > 0 ? files : rest.slice(0, 1);
    programArgs = rest.slice(packages.length);
    output = `/go/bin/${binaryName(packages[0], fallbackName)}`;
  }
  return {
    stage,
    instruction,
    verb,
    command,
    textOffset,
    goWord,
    assignments: leadingAssignments(command),
    args,
    output,
    programArgs,
    packages,
  };
}
