/**
 * Strict command-line parsing, shared by the bin and the generators under
 * `yo`: an unknown option is an error that suggests the nearest known one, a
 * value option without a value is an error, and nothing is read or written
 * before the whole command line is known to be right.
 */
import { ToolError } from './errors.js';

export interface OptionSpec {
  readonly flag: string;
  readonly alias?: string;
  readonly type: 'string' | 'boolean';
  /** Booleans that accept `--no-<flag>`. */
  readonly negatable?: boolean;
  /** The value's name in --help: `--all <dir>`. */
  readonly valueName?: string;
  readonly description: string;
  /** How the default is chosen, for --help. */
  readonly defaultHelp: string;
}

export interface ParsedCommandLine {
  options: Record<string, string | boolean>;
  positionals: string[];
}

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The candidate nearest to `word`, if it is near enough to be a typo of it. */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  const limit = Math.max(2, Math.floor(word.length / 3));
  let best: { candidate: string; score: number } | undefined;
  for (const candidate of candidates) {
    const score = distance(word.toLowerCase(), candidate.toLowerCase());
    if (score <= limit && (best === undefined || score < best.score)) best = { candidate, score };
  }
  return best?.candidate;
}

/**
 * A subcommand the word was probably meant to be: one edit away, or cut short
 * (`conver`). Stricter than for options, as the same word may be an app name
 * (`converter` is one).
 */
export function suggestCommand(word: string, commands: readonly string[]): string | undefined {
  return commands.find(
    (command) =>
      command !== word &&
      (distance(word.toLowerCase(), command) <= 1 ||
        (word.length >= 4 && command.startsWith(word.toLowerCase()))),
  );
}

/** The usage error for a word that looks like a mistyped subcommand. */
export function mistypedCommandError(word: string, command: string): ToolError {
  return new ToolError(
    'usage',
    `unknown command "${word}"; did you mean "${command}"? (to name the app "${word}", pass --name ${word})`,
  );
}

function allFlags(specs: readonly OptionSpec[]): string[] {
  return specs.flatMap((spec) => [`--${spec.flag}`, ...(spec.negatable ? [`--no-${spec.flag}`] : [])]);
}

export function unknownOptionError(token: string, specs: readonly OptionSpec[], command: string): ToolError {
  const name = token.split('=')[0] ?? token;
  const positive = specs.find((spec) => name === `--no-${spec.flag}`);
  if (positive && !positive.negatable)
    return new ToolError('usage', `--${positive.flag} has no --no- form: leave it out to turn it off`);
  const nearest = suggest(name, allFlags(specs));
  return new ToolError(
    'usage',
    `unknown option ${name}${nearest ? `; did you mean ${nearest}?` : ''} (${command} --help lists the options)`,
  );
}

/** Parses `args` against `specs`; throws a usage ToolError on anything it does not know. */
export function parseCommandLine(
  args: readonly string[],
  specs: readonly OptionSpec[],
  command: string,
): ParsedCommandLine {
  const options: Record<string, string | boolean> = {};
  const positionals: string[] = [];
  const byFlag = new Map(specs.map((spec) => [spec.flag, spec]));
  const byAlias = new Map(specs.flatMap((spec) => (spec.alias ? [[spec.alias, spec] as const] : [])));
  for (let index = 0; index < args.length; index++) {
    const token = args[index] ?? '';
    if (token === '--') {
      positionals.push(...args.slice(index + 1));
      break;
    }
    if (!token.startsWith('-') || token === '-') {
      positionals.push(token);
      continue;
    }
    const long = token.startsWith('--');
    const [rawName = '', inlineValue] = splitOnce(token.slice(long ? 2 : 1), '=');
    let spec = long ? byFlag.get(rawName) : byAlias.get(rawName);
    let value: string | boolean | undefined = inlineValue;
    if (!spec && long && rawName.startsWith('no-')) {
      const negated = byFlag.get(rawName.slice(3));
      if (negated?.negatable && inlineValue === undefined) {
        spec = negated;
        value = false;
      }
    }
    if (!spec) throw unknownOptionError(token, specs, command);
    if (!long && inlineValue !== undefined)
      throw new ToolError('usage', `-${rawName} takes no value (got ${JSON.stringify(inlineValue)})`);
    if (spec.type === 'boolean') {
      if (typeof value === 'string') {
        if (value !== 'true' && value !== 'false')
          throw new ToolError(
            'usage',
            `--${spec.flag}: takes no value, or true or false (got ${JSON.stringify(value)})`,
          );
        value = value === 'true';
      }
      // `--yes --yes`, `-y --yes`, `--dry-run --no-dry-run`: one meaning each, so said once.
      if (spec.flag in options) throw repeatedError(spec);
      options[spec.flag] = value ?? true;
      continue;
    }
    if (value === undefined) {
      const next = args[index + 1];
      if (next === undefined || (next.startsWith('-') && next !== '-'))
        throw new ToolError(
          'usage',
          `--${spec.flag} needs a value: --${spec.flag} <${spec.valueName ?? 'value'}>`,
        );
      value = next;
      index++;
    }
    if (spec.flag in options) throw repeatedError(spec);
    options[spec.flag] = value;
  }
  return { options, positionals };
}

function repeatedError(spec: OptionSpec): ToolError {
  const spelled = spec.alias ? ` (or -${spec.alias})` : spec.negatable ? ` (or --no-${spec.flag})` : '';
  return new ToolError('usage', `--${spec.flag}${spelled} is given twice: give it once`);
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at === -1 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

/**
 * Options that yeoman-environment, yeoman-test and yo hand every generator,
 * and Yeoman's own built-in generator options: not the user's typing.
 */
const RUNNER_OPTIONS = new Set([
  'env',
  'resolved',
  'namespace',
  'sharedData',
  'sharedFs',
  'forwardErrorToEnvironment',
  'skipLocalCache',
  'skipCache',
  'skip-cache',
  'skipInstall',
  'skip-install',
  'forceInstall',
  'force-install',
  'askAnswered',
  'ask-answered',
  'localConfigOnly',
  // What composeWith hands a composed generator (the app composes dockerize).
  'destinationRoot',
  'help',
  'h',
  '_meta',
  '_',
  // yo's own flags.
  'insight',
  'localOnly',
  'local-only',
  'debug',
]);

/** `go-microcontainer convert` as yo spells it: `yo go-microcontainer:convert`. */
function yoCommand(command: string): string {
  const [, sub] = command.split(' ');
  return sub ? `yo go-microcontainer:${sub}` : 'yo go-microcontainer';
}

function camelCase(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/**
 * Under `yo` and yeoman-test the generator gets its options already parsed
 * (`initOptions`) or as raw words (`args`): both are checked against the same
 * table as the bin's, so `yo go-microcontainer:convert --dryrun` fails too.
 */
export function checkGeneratorOptions(
  rawArgs: readonly string[],
  initOptions: Readonly<Record<string, unknown>>,
  specs: readonly OptionSpec[],
  command: string,
): void {
  parseCommandLine(rawArgs, specs, command);
  const known = new Set(RUNNER_OPTIONS);
  for (const spec of specs) {
    known.add(spec.flag).add(camelCase(spec.flag));
    if (spec.alias) known.add(spec.alias);
  }
  for (const [key, value] of Object.entries(initOptions)) {
    if (!known.has(key)) throw unknownOptionError(`--${key}`, specs, command);
    const spec = specs.find((candidate) =>
      [candidate.flag, camelCase(candidate.flag), candidate.alias].includes(key),
    );
    if (spec) checkValueType(spec, value, command);
  }
}

/**
 * yo parses the command line without knowing our options: it takes the word
 * after a flag for the flag's value (`--yes svc/Dockerfile` gives yes =
 * "svc/Dockerfile", and the path is lost), and joins a repeated one.
 */
function checkValueType(spec: OptionSpec, value: unknown, command: string): void {
  if (value === undefined) return;
  // yo joins a repeated option into an array.
  if (Array.isArray(value)) throw repeatedError(spec);
  if (spec.type === 'boolean') {
    if (typeof value === 'boolean' || value === 'true' || value === 'false') return;
    throw new ToolError(
      'usage',
      `--${spec.flag} takes no value (got ${JSON.stringify(value)}): put file paths and names before the options, ` +
        `as in ${yoCommand(command)} <path> --${spec.flag}`,
    );
  }
  if (typeof value !== 'string' && typeof value !== 'number')
    throw new ToolError(
      'usage',
      `--${spec.flag} needs a value: --${spec.flag} <${spec.valueName ?? 'value'}>`,
    );
}
