/**
 * Finding the Go builds in a Dockerfile and working out what they produce:
 * which RUN runs `go build` or `go install`, which CMD or ENTRYPOINT uses
 * `go run`, and the absolute path of each binary.
 */
import type { InstructionFacts, StageFacts } from './facts.js';
import { resolvePath } from './dockerfile-model.js';
import { commandWords, leadingAssignments, type ShellCommand, type ShellWord } from './shell-words.js';

export type GoVerb = 'build' | 'install' | 'run';

/**
 * Where a go command is written. In shell form the words have offsets, so
 * rules can insert into the command; in exec form there is no shell to set
 * the environment, and nothing can be inserted.
 */
export type GoCommandSite =
  | {
      readonly kind: 'shell';
      /** Offset in the file of the shell text the word offsets count from. */
      readonly textOffset: number;
      readonly goWord: ShellWord;
      readonly verbWord: ShellWord;
      /** Words after `go build|install|run`. */
      readonly argWords: readonly ShellWord[];
    }
  | { readonly kind: 'exec' };

export interface GoCommandFacts {
  readonly stageIndex: number;
  readonly instruction: InstructionFacts;
  readonly verb: GoVerb;
  readonly site: GoCommandSite;
  /** Environment assignments on the command itself (`CGO_ENABLED=0 go build`). */
  readonly assignments: ReadonlyMap<string, string>;
  /** Words after `go build|install|run`. */
  readonly args: readonly string[];
  /** Absolute path of the binary, when it can be told. */
  readonly output: string | undefined;
  /** For go run: the program's own arguments, after the package. */
  readonly programArgs: readonly string[];
  /** For go run: the packages or files to build. */
  readonly packages: readonly string[];
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
export function findGoCommands(stages: readonly StageFacts[], context: GoContext): GoCommandFacts[] {
  const found: GoCommandFacts[] = [];
  for (const stage of stages) {
    for (const instruction of stage.instructions) {
      if (instruction.kind !== 'run' && instruction.kind !== 'start') continue;
      const { form } = instruction;
      if (form.kind === 'exec') {
        const command: ShellCommand = { words: form.words.map((value) => ({ value, start: -1, end: -1 })) };
        const words = commandWords(command).map((word) => word.value);
        const verb = goVerb(words[1]);
        if (words[0] !== 'go' || !verb || (instruction.kind === 'run' && verb === 'run')) continue;
        found.push(describe(stage, instruction, command, verb, { kind: 'exec' }, context));
        continue;
      }
      for (const command of form.parse.commands) {
        const words = commandWords(command);
        const [goWord, verbWord] = words;
        if (goWord?.value !== 'go' || !verbWord) continue;
        const verb = goVerb(verbWord.value);
        if (!verb) continue;
        // `RUN go run ./gen` runs a program at build time (code generation): not the shipped binary.
        if (instruction.kind === 'run' && verb === 'run') continue;
        const site: GoCommandSite = {
          kind: 'shell',
          textOffset: instruction.argumentsOffset,
          goWord,
          verbWord,
          argWords: words.slice(2),
        };
        found.push(describe(stage, instruction, command, verb, site, context));
      }
    }
  }
  return found;
}

function goVerb(word: string | undefined): GoVerb | undefined {
  return word === 'build' || word === 'install' || word === 'run' ? word : undefined;
}

function describe(
  stage: StageFacts,
  instruction: InstructionFacts,
  command: ShellCommand,
  verb: GoVerb,
  site: GoCommandSite,
  context: GoContext,
): GoCommandFacts {
  const args = commandWords(command)
    .slice(2)
    .map((word) => word.value);
  const { scope } = instruction;
  const { flags, rest } = splitGoArgs(args);
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
    stageIndex: stage.index,
    instruction,
    verb,
    site,
    assignments: leadingAssignments(command),
    args,
    output,
    programArgs,
    packages,
  };
}
