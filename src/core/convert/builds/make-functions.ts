/**
 * GNU make's text functions that depend on nothing but their arguments
 * (`$(if ...)`, `$(filter ...)`, `$(patsubst ...)`, `$(notdir ...)` and the
 * like), as make computes them, so a `-o` or a flag built with them is
 * known. Functions that read the file system or run a command (`wildcard`,
 * `shell`, `realpath`) stay unknown parts: their value is the build
 * machine's. An argument holding an unknown part makes the result unknown,
 * except in the branch of an `if` that is not taken.
 */
import { unknownParts } from './build-script.js';

/** Function name to how many arguments it splits into (the last takes the rest, commas included). */
const ARITY: ReadonlyMap<string, number> = new Map([
  ['if', 3],
  ['or', Infinity],
  ['and', Infinity],
  ['filter', 2],
  ['filter-out', 2],
  ['subst', 3],
  ['patsubst', 3],
  ['findstring', 2],
  ['notdir', 1],
  ['dir', 1],
  ['basename', 1],
  ['suffix', 1],
  ['addprefix', 2],
  ['addsuffix', 2],
  ['firstword', 1],
  ['lastword', 1],
  ['words', 1],
  ['word', 2],
  ['sort', 1],
]);

/** Whether `inner` (the text between `$(` and `)`) calls one of the functions here. */
export function isKnownFunction(inner: string): boolean {
  const name = /^([a-z-]+)\s/.exec(inner)?.[1];
  return name !== undefined && ARITY.has(name);
}

/**
 * The value of `$(inner)`, a call of a function isKnownFunction accepts;
 * undefined when an argument it needs is unknown. `expand` expands an
 * argument as make would.
 */
export function callFunction(inner: string, expand: (text: string) => string): string | undefined {
  const space = inner.search(/\s/);
  const name = inner.slice(0, space);
  const args = splitArguments(inner.slice(space + 1).replace(/^\s+/, ''), ARITY.get(name) ?? 1);
  const known = (text: string): string | undefined => {
    const value = expand(text);
    return unknownParts(value).length > 0 ? undefined : value;
  };
  if (name === 'if') {
    const condition = known(args[0] ?? '');
    if (condition === undefined) return undefined;
    return known(condition.trim() !== '' ? (args[1] ?? '') : (args[2] ?? ''));
  }
  if (name === 'or' || name === 'and') {
    let last = '';
    for (const arg of args) {
      const value = known(arg);
      if (value === undefined) return undefined;
      last = value.trim();
      if ((name === 'or') === (last !== '')) return last;
    }
    return name === 'or' ? '' : last;
  }
  const values = args.map(known);
  if (values.some((value) => value === undefined)) return undefined;
  const [first = '', second = '', third = ''] = values as string[];
  const words = (text: string) => text.split(/\s+/).filter(Boolean);
  switch (name) {
    case 'filter':
    case 'filter-out': {
      const patterns = words(first);
      const keep = name === 'filter';
      return words(second)
        .filter((word) => patterns.some((pattern) => patternStem(pattern, word) !== undefined) === keep)
        .join(' ');
    }
    case 'subst':
      return first === '' ? third : third.split(first).join(second);
    case 'patsubst':
      return words(third)
        .map((word) => {
          const stem = patternStem(first, word);
          return stem === undefined ? word : second.includes('%') ? second.replace('%', stem) : second;
        })
        .join(' ');
    case 'findstring':
      return second.includes(first) ? first : '';
    case 'notdir':
      return words(first)
        .map((word) => word.slice(word.lastIndexOf('/') + 1))
        .join(' ');
    case 'dir':
      return words(first)
        .map((word) => (word.includes('/') ? word.slice(0, word.lastIndexOf('/') + 1) : './'))
        .join(' ');
    case 'basename':
      return words(first)
        .map((word) => word.replace(/\.[^./]*$/, ''))
        .join(' ');
    case 'suffix':
      return words(first)
        .map((word) => /\.[^./]*$/.exec(word)?.[0] ?? '')
        .filter(Boolean)
        .join(' ');
    case 'addprefix':
      return words(second)
        .map((word) => `${first}${word}`)
        .join(' ');
    case 'addsuffix':
      return words(second)
        .map((word) => `${word}${first}`)
        .join(' ');
    case 'firstword':
      return words(first)[0] ?? '';
    case 'lastword':
      return words(first).pop() ?? '';
    case 'words':
      return String(words(first).length);
    case 'word': {
      const n = Number(first.trim());
      if (!Number.isInteger(n) || n < 1) return undefined;
      return words(second)[n - 1] ?? '';
    }
    case 'sort':
      return [...new Set(words(first))].sort().join(' ');
    default:
      return undefined;
  }
}

/** What `%` matches when `word` matches `pattern` (the whole word, with no `%`); undefined when it does not. */
export function patternStem(pattern: string, word: string): string | undefined {
  const at = pattern.indexOf('%');
  if (at === -1) return pattern === word ? '' : undefined;
  const prefix = pattern.slice(0, at);
  const suffix = pattern.slice(at + 1);
  if (word.length < prefix.length + suffix.length || !word.startsWith(prefix) || !word.endsWith(suffix))
    return undefined;
  return word.slice(prefix.length, word.length - suffix.length);
}

/** Splits at the commas outside parentheses and braces, into at most `count` arguments. */
function splitArguments(text: string, count: number): string[] {
  const args: string[] = [];
  let level = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '(' || char === '{') level++;
    else if (char === ')' || char === '}') level--;
    else if (char === ',' && level === 0 && args.length < count - 1) {
      args.push(text.slice(start, i));
      start = i + 1;
    }
  }
  args.push(text.slice(start));
  return args;
}
