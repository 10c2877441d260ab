/**
 * Following a build script from the build context (`RUN ./scripts/build.sh`,
 * `RUN sh build.sh`): the go build and go install lines in it, with the
 * script's simple `VAR=value` assignments, `export` and `cd` applied, and
 * each `-o` resolved against the folder the line runs in. Makefile recipes
 * (makefile.ts) are shell text too and are scanned by the same code.
 *
 * What a script computes at run time (`$(git describe)`, a variable set by
 * no one we can see) is kept as an unknown part, so a rule can say exactly
 * which value could not be told.
 */
import { resolvePath } from '../facts/dockerfile-model.js';
import { recognizeGo, type GoVerb } from './go-invocation.js';
import { splitShell } from '../shell/shell-words.js';

/** A go build or go install found in a Makefile recipe or a script. */
export interface FoundGo {
  /** Path of the file in the build context. */
  readonly file: string;
  /** 1-based line in that file. */
  readonly line: number;
  readonly verb: Exclude<GoVerb, 'run'>;
  /** Words after the verb, expanded; unknown parts are marked (see unknownParts). */
  readonly args: readonly string[];
  /** What the go command's environment gets from the file: exported variables and the line's own. */
  readonly assignments: ReadonlyMap<string, string>;
  readonly crossCompile: boolean;
  /** Absolute folder in the image the command runs in. */
  readonly cwd: string;
  /**
   * For a build in a Makefile recipe: the recipe line as written, and the
   * variables it references with their values, expanded. A flag the line
   * writes itself is the Makefile's to change; one a variable brings can be
   * overridden on make's command line.
   */
  readonly recipe?: MakeRecipe;
}

/** A Makefile recipe line as written, and each variable it references: its value, and its text as the Makefile wrote it. */
export interface MakeRecipe {
  readonly text: string;
  readonly variables: ReadonlyMap<string, { readonly value: string; readonly written?: string }>;
}

export type Followed =
  | { readonly ok: true; readonly builds: readonly FoundGo[] }
  | { readonly ok: false; readonly reason: string };

/** Brackets a part of a word whose value cannot be told, e.g. `$(shell git describe)`. */
const MARK = '\u0001';

/**
 * The description is encoded so the shell splitting that comes after make's
 * expansion keeps it in one word: blanks, quotes and operators become
 * private-use characters, turned back by unknownParts and shownWord.
 */
export function unknownPart(description: string): string {
  const encoded = description.replace(/[\s"'\\;&|<>`()]/g, (char) =>
    String.fromCharCode(0xe000 + char.charCodeAt(0)),
  );
  return `${MARK}${encoded}${MARK}`;
}

function decode(text: string): string {
  return text.replace(/[\ue000-\ue0ff]/g, (char) => String.fromCharCode(char.charCodeAt(0) - 0xe000));
}

/** The descriptions of the unknown parts of a word, in order. */
export function unknownParts(word: string): string[] {
  const parts = word
    .split(MARK)
    .filter((_, index) => index % 2 === 1)
    .map(decode);
  return [...new Set(parts)];
}

/** The known text of a word around its unknown parts: one piece more than there are parts. */
export function knownPieces(word: string): string[] {
  return word.split(MARK).filter((_, index) => index % 2 === 0);
}

/** The word as it would be written, unknown parts shown as their description. */
export function shownWord(word: string): string {
  return decode(word.split(MARK).join(''));
}

/** Names the static rule sets: a file that sets one to another value than 0 keeps it over the environment. */
const OVERRIDING = new Set(['CGO_ENABLED']);

export interface ShellState {
  /** Every shell variable, with where it came from. */
  readonly vars: Map<string, string>;
  /** Variables in the environment of the commands the script runs. */
  readonly exported: Set<string>;
  cwd: string;
  /** Programs a `go install <module>@<version>` of the script installed, by name: the line installing each. */
  readonly tools?: Map<string, number>;
  /** The first command that runs one of them (gox, mage): it may run the builds itself. */
  toolRun?: { readonly name: string; readonly line: number; readonly installLine: number };
}

/** The program `go install github.com/mitchellh/gox@latest` installs (`.../v2@v2.1` names the folder above). */
function installedTool(args: readonly string[]): string | undefined {
  const target = args.find((arg) => !arg.startsWith('-') && /^[^./][^@]*\.[^@]*@/.test(arg));
  const segments = target?.split('@')[0]?.split('/') ?? [];
  const last = segments.pop();
  return last !== undefined && /^v\d+$/.test(last) ? segments.pop() : last;
}

/** Commands that set variables: `export` puts them in the environment, the others (but `declare -x`) do not. */
const DECLARATIONS = new Set(['export', 'readonly', 'local', 'declare', 'typeset']);

/** Reserved words that can start a line before the command they run. */
const LEADING_WORDS = new Set(['then', 'do', 'else', '!', 'exec']);

/**
 * The go builds of shell text, line by line, `state` updated by the
 * assignments, exports and `cd` it runs. `firstLine` is the text's first line in `file`.
 */
export function scanShell(text: string, file: string, firstLine: number, state: ShellState): FoundGo[] {
  const found: FoundGo[] = [];
  const parse = splitShell(text);
  for (const command of parse.commands) {
    const line = firstLine + countNewlines(text, command.words[0]?.start ?? 0);
    let words = command.words.map((word) => expandShell(word.value, state.vars));
    while (LEADING_WORDS.has(words[0] ?? '')) words = words.slice(1);
    const [first = '', ...rest] = words;
    if (words.length > 0 && words.every((word) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(word))) {
      for (const word of words) assign(state, word, false);
      continue;
    }
    if (DECLARATIONS.has(first)) {
      // `export -n` takes the export away; `declare -x`, `typeset -x` and `local -x` give it.
      const unexports = first === 'export' && rest.includes('-n');
      const exported = first === 'export' ? !unexports : rest.includes('-x');
      for (const word of rest.filter((option) => !option.startsWith('-'))) {
        if (word.includes('=')) assign(state, word, exported);
        else if (exported) state.exported.add(word);
        if (unexports) state.exported.delete(word.split('=')[0] ?? word);
      }
      continue;
    }
    if (first === 'cd') {
      state.cwd = resolvePath(state.cwd, rest[0] ?? '/root');
      continue;
    }
    const program = first.split('/').pop() ?? '';
    const installLine = state.tools?.get(program);
    if (installLine !== undefined) {
      state.toolRun ??= { name: program, line, installLine };
      continue;
    }
    const go = recognizeGo(words);
    if (!go || go.verb === 'run') continue;
    const tool = go.verb === 'install' ? installedTool(words.slice(go.argsIndex)) : undefined;
    if (tool !== undefined) state.tools?.set(tool, line);
    const assignments = new Map<string, string>();
    for (const [name, value] of state.vars) {
      const overrides = OVERRIDING.has(name) && value !== '0';
      if (state.exported.has(name) || overrides) assignments.set(name, value);
    }
    for (const [name, value] of go.assignments) assignments.set(name, value);
    found.push({
      file,
      line,
      verb: go.verb,
      args: words.slice(go.argsIndex),
      assignments,
      crossCompile: go.crossCompile,
      cwd: go.chdir === undefined ? state.cwd : resolvePath(state.cwd, go.chdir),
    });
  }
  return found;
}

/**
 * The longest value a script variable keeps: a script that doubles a value
 * line after line (`A="$A$A"`) would otherwise outgrow memory; a longer value
 * becomes an unknown part.
 */
const MAX_VALUE_LENGTH = 65_536;
const REPEATED_UNKNOWN = new RegExp(`(${MARK}[^${MARK}]*${MARK})\\1+`, 'g');

function assign(state: ShellState, word: string, exported: boolean): void {
  const eq = word.indexOf('=');
  const name = word.slice(0, eq);
  // Unknown parts repeated side by side say no more than one of them (`A="$A$A"` of an unknown $A).
  const value = word.slice(eq + 1).replace(REPEATED_UNKNOWN, '$1');
  state.vars.set(
    name,
    value.length > MAX_VALUE_LENGTH
      ? unknownPart(`$${name} (longer than ${MAX_VALUE_LENGTH} characters)`)
      : value,
  );
  if (exported) state.exported.add(name);
}

function countNewlines(text: string, end: number): number {
  let count = 0;
  for (let i = 0; i < end; i++) if (text[i] === '\n') count++;
  return count;
}

/**
 * `$VAR`, `${VAR}`, `${VAR:-default}` and `${VAR-default}` replaced from
 * `vars`; a variable set by no one we can see, `$(...)` and backquotes become
 * unknown parts. Positional parameters are vars named 1, 2, ...
 */
export function expandShell(word: string, vars: ReadonlyMap<string, string>): string {
  // Parts already unknown (make's `$(shell ...)`) are kept as they are.
  return word
    .split(MARK)
    .map((part, index) => (index % 2 === 1 ? `${MARK}${part}${MARK}` : expandKnown(part, vars)))
    .join('');
}

function expandKnown(text: string, vars: ReadonlyMap<string, string>): string {
  return text
    .replace(/\$\([^)]*\)?\)?|`[^`]*`?/g, (whole) => unknownPart(whole))
    .split(MARK)
    .map((part, index) =>
      index % 2 === 1
        ? `${MARK}${part}${MARK}`
        : part.replace(
            /\$\{([A-Za-z_][A-Za-z0-9_]*|[0-9]+)(?:(:?[-=])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*|[0-9@*#?])/g,
            (whole: string, braced?: string, operator?: string, fallback?: string, bare?: string) => {
              const value = vars.get(braced ?? bare ?? '');
              if (operator !== undefined) {
                const unset = value === undefined || (operator.startsWith(':') && value === '');
                return unset ? (fallback ?? '') : value;
              }
              return value ?? unknownPart(whole);
            },
          ),
    )
    .join('');
}

/** A script's shebang names a shell (or there is none): its lines can be read as shell. */
export function isShellScript(text: string): boolean {
  const first = text.split('\n', 1)[0] ?? '';
  if (!first.startsWith('#!')) return true;
  return /\b(sh|bash|ash|dash|ksh|zsh)\b/.test(first);
}

/**
 * The go builds a script runs, read with `args` as its positional parameters
 * and `env` (the Dockerfile's ENV and ARG in force, and the invoking command's
 * assignments) as its environment, starting in `cwd`.
 */
export function followScript(
  text: string,
  file: string,
  options: { args: readonly string[]; env: ReadonlyMap<string, string>; cwd: string },
): Followed {
  if (!isShellScript(text)) {
    return { ok: false, reason: `${file} is not a shell script (${text.split('\n', 1)[0] ?? ''})` };
  }
  const vars = new Map(options.env);
  options.args.forEach((arg, index) => vars.set(String(index + 1), arg));
  const state: ShellState = {
    vars,
    exported: new Set(options.env.keys()),
    cwd: options.cwd,
    tools: new Map(),
  };
  const builds = scanShell(text, file, 1, state);
  const run = state.toolRun;
  if (run)
    return {
      ok: false,
      reason:
        `${file}:${run.line} runs ${run.name}, which the go install at ${file}:${run.installLine} installs: ` +
        `${run.name} may run go build itself (as gox, mage and task do), and the builds it makes cannot be followed`,
    };
  return { ok: true, builds };
}
