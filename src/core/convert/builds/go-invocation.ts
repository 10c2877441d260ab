/**
 * Telling a go command in a list of shell words, whatever real projects put
 * in front of it: `env CGO_ENABLED=0 go build`, `/usr/local/go/bin/go build`,
 * `time go build`, `go -C dir build`, tonistiigi/xx's `xx-go build`. Used for
 * the Dockerfile's RUN lines and for the Makefile recipes and build scripts
 * they run.
 */

export type GoVerb = 'build' | 'install' | 'run';

export interface GoInvocation {
  /** Index of the `go` (or `xx-go`) word. */
  readonly goIndex: number;
  readonly verb: GoVerb;
  /** Index of the first word after the verb. */
  readonly argsIndex: number;
  /**
   * Index of the word before which environment assignments go so the go
   * command sees them: the go word itself after `env` (env -i clears what
   * comes before it), or the wrapper word of `time`, whose program would run
   * a `NAME=value` word as a command.
   */
  readonly envIndex: number;
  /** What the go command's environment gets from the command line: leading words, then env's. */
  readonly assignments: ReadonlyMap<string, string>;
  /** xx-go sets GOOS and GOARCH from TARGETPLATFORM itself. */
  readonly crossCompile: boolean;
  /** `go -C dir` or `env -C dir`: the folder the command runs in, as written. */
  readonly chdir: string | undefined;
}

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;

/** `go`, or a path to it (`/usr/local/go/bin/go`). */
export function isGoProgram(word: string | undefined): boolean {
  return word !== undefined && (word === 'go' || word.endsWith('/go'));
}

function baseName(word: string | undefined): string {
  return word?.split('/').pop() ?? '';
}

export function goVerb(word: string | undefined): GoVerb | undefined {
  return word === 'build' || word === 'install' || word === 'run' ? word : undefined;
}

/**
 * The go command `words` run, or undefined when they run something else or
 * use a wrapper whose effect cannot be told (`env -S`).
 */
export function recognizeGo(words: readonly string[]): GoInvocation | undefined {
  const assignments = new Map<string, string>();
  let i = 0;
  for (; ASSIGNMENT.test(words[i] ?? ''); i++) {
    const [, name = '', value = ''] = ASSIGNMENT.exec(words[i] ?? '') ?? [];
    assignments.set(name, value);
  }
  let envIndex = i;
  let chdir: string | undefined;
  for (;;) {
    const word = words[i];
    const name = baseName(word);
    if (name === 'env') {
      const after = envOptions(words, i + 1, assignments);
      if (!after) return undefined;
      i = after.index;
      chdir = after.chdir ?? chdir;
      for (; ASSIGNMENT.test(words[i] ?? ''); i++) {
        const [, variable = '', value = ''] = ASSIGNMENT.exec(words[i] ?? '') ?? [];
        assignments.set(variable, value);
      }
      envIndex = i;
      continue;
    }
    if (name === 'time') {
      // envIndex stays before `time`: it passes its environment on to the command.
      i++;
      while (words[i]?.startsWith('-')) i += words[i] === '-f' || words[i] === '-o' ? 2 : 1;
      continue;
    }
    if (name === 'xx-go') {
      const verb = goVerb(words[i + 1]);
      if (!verb) return undefined;
      return { goIndex: i, verb, argsIndex: i + 2, envIndex, assignments, crossCompile: true, chdir };
    }
    if (!isGoProgram(word)) return undefined;
    const goIndex = i;
    i++;
    // -C must be go's first flag, before the verb.
    if (words[i] === '-C' || words[i] === '--C') {
      chdir = words[i + 1];
      i += 2;
    } else if (/^--?C=/.test(words[i] ?? '')) {
      chdir = words[i]?.replace(/^--?C=/, '');
      i++;
    }
    const verb = goVerb(words[i]);
    if (!verb) return undefined;
    return { goIndex, verb, argsIndex: i + 1, envIndex, assignments, crossCompile: false, chdir };
  }
}

/** Skips env's options, applying -i and -u; undefined for -S, whose split string is not followed. */
function envOptions(
  words: readonly string[],
  start: number,
  assignments: Map<string, string>,
): { index: number; chdir: string | undefined } | undefined {
  let chdir: string | undefined;
  let i = start;
  for (; i < words.length; i++) {
    const option = words[i] ?? '';
    if (option === '--') return { index: i + 1, chdir };
    if (option === '-' || option === '-i' || option === '--ignore-environment') assignments.clear();
    else if (option === '-u' || option === '--unset') assignments.delete(words[++i] ?? '');
    else if (option.startsWith('--unset=')) assignments.delete(option.slice('--unset='.length));
    else if (option === '-C' || option === '--chdir') chdir = words[++i];
    else if (option.startsWith('--chdir=')) chdir = option.slice('--chdir='.length);
    else if (option === '-S' || option.startsWith('--split-string') || option.startsWith('-S'))
      return undefined;
    else if (!option.startsWith('-')) break;
  }
  return { index: i, chdir };
}

/** `xx-go --wrap`: later go commands of the stage cross-compile through xx's wrapper. */
export function wrapsGo(words: readonly string[]): boolean {
  const at = words.findIndex((word) => !ASSIGNMENT.test(word));
  return baseName(words[at]) === 'xx-go' && words[at + 1] === '--wrap';
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
