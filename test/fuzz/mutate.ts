/**
 * Seeded mutations for the fuzzer: a small PRNG (mulberry32, so a seed gives
 * the same cases on every machine), line-level edits that keep a file close
 * to what people write (a line deleted, duplicated, moved, split into a
 * continuation, a token put in), and the byte-level choices that broke
 * conversions before: no final newline, CRLF, CR alone, a CR before a
 * continuation, a BOM.
 */
import { DOCKERFILE_LINES, TOKENS } from './corpus.js';

export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(max: number): number {
    return Math.floor(this.next() * max);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
}

/** Words of a line with their offsets (split on spaces and tabs). */
function wordStarts(line: string): number[] {
  const starts: number[] = [];
  for (let i = 0; i < line.length; i++) {
    if ((i === 0 || line[i - 1] === ' ' || line[i - 1] === '\t') && line[i] !== ' ' && line[i] !== '\t')
      starts.push(i);
  }
  return starts;
}

type LineMutation = (
  lines: string[],
  random: Random,
  tokens: readonly string[],
  pool: readonly string[],
) => void;

const at = (lines: string[], random: Random) => random.int(Math.max(lines.length, 1));

/** Line-level mutations shared by Dockerfiles, Makefiles and go.mod files. */
const LINE_MUTATIONS: ReadonlyArray<[string, LineMutation]> = [
  ['delete', (lines, random) => void lines.splice(at(lines, random), 1)],
  [
    'duplicate',
    (lines, random) => {
      const i = at(lines, random);
      lines.splice(i, 0, lines[i] ?? '');
    },
  ],
  [
    'swap',
    (lines, random) => {
      const i = at(lines, random);
      if (i + 1 < lines.length) [lines[i], lines[i + 1]] = [lines[i + 1] as string, lines[i] as string];
    },
  ],
  [
    'move',
    (lines, random) => {
      const [line] = lines.splice(at(lines, random), 1);
      lines.splice(at(lines, random), 0, line ?? '');
    },
  ],
  [
    'insert line',
    (lines, random, _tokens, pool) => void lines.splice(at(lines, random), 0, random.pick(pool)),
  ],
  [
    'insert token',
    (lines, random, tokens) => {
      const i = at(lines, random);
      const line = lines[i] ?? '';
      const starts = [...wordStarts(line), line.length];
      const where = random.pick(starts);
      lines[i] = `${line.slice(0, where)}${random.pick(tokens)} ${line.slice(where)}`;
    },
  ],
  [
    'replace word',
    (lines, random, tokens) => {
      const i = at(lines, random);
      const line = lines[i] ?? '';
      const starts = wordStarts(line);
      if (starts.length === 0) return;
      const start = random.pick(starts);
      const end = line.slice(start).search(/[ \t]|$/) + start;
      lines[i] = `${line.slice(0, start)}${random.pick(tokens)}${line.slice(end)}`;
    },
  ],
  [
    'split continuation',
    (lines, random) => {
      const i = at(lines, random);
      const line = lines[i] ?? '';
      const spaces = [...line.matchAll(/ /g)].map((match) => match.index);
      if (spaces.length === 0) return;
      const where = random.pick(spaces);
      const escape = random.pick(['\\', '\\', ' \\', '\\ ', '\\\t', '\\  ']);
      const indent = random.pick(['', '  ', '    ', '\t']);
      lines.splice(i, 1, `${line.slice(0, where)}${escape}`, `${indent}${line.slice(where + 1)}`);
    },
  ],
  [
    'comment in continuation',
    (lines, random) => {
      const i = lines.findIndex((line, index) => index >= at(lines, random) && /\\\s*$/.test(line));
      if (i !== -1) lines.splice(i + 1, 0, random.pick(['# note', '    # indented note', '#']));
    },
  ],
  [
    'empty continuation line',
    (lines, random) => {
      const i = lines.findIndex((line, index) => index >= at(lines, random) && /\\\s*$/.test(line));
      if (i !== -1) lines.splice(i + 1, 0, random.pick(['', '   ']));
    },
  ],
  [
    'join lines',
    (lines, random) => {
      const i = at(lines, random);
      if (i + 1 < lines.length) lines.splice(i, 2, `${lines[i]} ${lines[i + 1]}`);
    },
  ],
  [
    'case',
    (lines, random) => {
      const i = at(lines, random);
      const line = lines[i] ?? '';
      lines[i] = random.chance(0.5) ? line.toLowerCase() : line.replace(/^\S+/, (word) => word.toLowerCase());
    },
  ],
  [
    'whitespace',
    (lines, random) => {
      const i = at(lines, random);
      const line = lines[i] ?? '';
      lines[i] = random.chance(0.5)
        ? `${random.pick(['  ', '\t', ' '])}${line}`
        : `${line}${random.pick([' ', '\t', '  '])}`;
    },
  ],
  [
    'char',
    (lines, random) => {
      const i = at(lines, random);
      const line = lines[i] ?? '';
      const where = random.int(line.length + 1);
      const char = random.pick([
        '\r',
        '\t',
        '\\',
        '"',
        "'",
        '$',
        '`',
        '#',
        '{',
        '}',
        '[',
        ']',
        ' ',
        '=',
        ':',
        '/',
        '\u00a0',
        '\v',
      ]);
      lines[i] = random.chance(0.3)
        ? `${line.slice(0, where)}${line.slice(where + 1)}`
        : `${line.slice(0, where)}${char}${line.slice(where)}`;
    },
  ],
];

/** Dockerfile-only mutations: stages duplicated or renamed, the escape directive. */
const DOCKERFILE_MUTATIONS: ReadonlyArray<[string, LineMutation]> = [
  [
    'duplicate stage',
    (lines) => {
      const from = lines.map((line, i) => (/^\s*from\s/i.test(line) ? i : -1)).filter((i) => i >= 0);
      const last = from[from.length - 1];
      if (last !== undefined) lines.push('', ...lines.slice(last));
    },
  ],
  [
    'rename stage',
    (lines, random) => {
      const name = random.pick(['build', 'builder', 'Build', '0', '1', 'go']);
      for (let i = 0; i < lines.length; i++)
        lines[i] = (lines[i] ?? '').replace(/(\bAS\s+|--from=)[A-Za-z0-9_-]+/i, `$1${name}`);
    },
  ],
  ['escape directive', (lines) => void lines.unshift('# escape=`')],
];

export function mutateLines(
  text: string,
  random: Random,
  count: number,
  options: { tokens: readonly string[]; pool: readonly string[]; dockerfile: boolean },
): { text: string; applied: string[] } {
  const lines = text.split('\n');
  const applied: string[] = [];
  const mutations = options.dockerfile ? [...LINE_MUTATIONS, ...DOCKERFILE_MUTATIONS] : LINE_MUTATIONS;
  for (let n = 0; n < count; n++) {
    const [name, mutate] = random.pick(mutations);
    mutate(lines, random, options.tokens, options.pool);
    applied.push(name);
  }
  return { text: lines.join('\n'), applied };
}

export function mutateDockerfile(
  text: string,
  random: Random,
  count: number,
): { text: string; applied: string[] } {
  return mutateLines(text, random, count, { tokens: TOKENS, pool: DOCKERFILE_LINES, dockerfile: true });
}

/**
 * The file's bytes: line endings (LF, CRLF, a mix, CR alone), with or
 * without a final newline, a CR before some continuations, a BOM.
 */
export function encodeBytes(text: string, random: Random): { bytes: string; applied: string[] } {
  const applied: string[] = [];
  let lines = text.replace(/\n+$/, '').split('\n');
  if (random.chance(0.15)) {
    // A CR before the continuation's escape, or doubled before the line break.
    lines = lines.map((line) =>
      /\\[ \t]*$/.test(line) && random.chance(0.5)
        ? random.chance(0.5)
          ? line.replace(/\\([ \t]*)$/, '\r\\$1')
          : `${line}\r`
        : line,
    );
    applied.push('cr near continuations');
  }
  const style = random.pick(['lf', 'lf', 'lf', 'crlf', 'crlf', 'mixed', 'cr']);
  applied.push(`endings ${style}`);
  const ending = () =>
    style === 'lf'
      ? '\n'
      : style === 'crlf'
        ? '\r\n'
        : style === 'cr'
          ? '\r'
          : random.chance(0.5)
            ? '\n'
            : '\r\n';
  const finalNewline = random.chance(0.6);
  if (!finalNewline) applied.push('no final newline');
  let bytes = lines.map((line, i) => line + (i < lines.length - 1 || finalNewline ? ending() : '')).join('');
  if (random.chance(0.05)) {
    bytes = `\uFEFF${bytes}`;
    applied.push('bom');
  }
  return { bytes, applied };
}
