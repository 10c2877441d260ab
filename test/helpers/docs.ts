/**
 * The shell commands of README.md and docs/*.md, as test/docs-commands.test.ts
 * runs them: every fenced `sh` block, with the `<!-- docs-test: ... -->`
 * markers written just above it (blank lines between are fine):
 *
 * - `setup empty`: a new empty folder (also what a page starts in);
 * - `setup module <fixture> as <dir>`: test/fixtures/modules/<fixture> copied to <dir> of a new folder;
 * - `setup convert <fixture> [as <dir>]`: the conversion fixture's build context in a new folder (or in <dir>
 *   of it);
 * - `setup git-project <name>`: a project generated with `--yes --no-classic-flags` (so that its image build
 *   reuses the warm Go build cache) in a new folder <name>, committed to git, which the block runs in;
 * - `exits <status>`: the block ends with that exit status (0 without it);
 * - `prints <text>`: its output holds that text;
 * - `run-by <file>`: not run here: <file> (a test file, or .ci/run) runs each of its commands, and holds each
 *   one as written.
 *
 * A block without `setup` runs where the page's previous block ran. A fence with no language, an indented code
 * block, a shell block labelled anything but `sh`, a marker that is not above an `sh` block, or an unknown marker
 * is an error: no command can hide from the test.
 */
export type Setup =
  | { kind: 'empty' }
  | { kind: 'module'; fixture: string; as: string }
  | { kind: 'convert'; fixture: string; as?: string }
  | { kind: 'git-project'; name: string };

export interface ShellBlock {
  /** The page, relative to the repository. */
  page: string;
  /** The line of the opening fence, from 1. */
  line: number;
  text: string;
  setup?: Setup;
  exits: number;
  prints: string[];
  runBy?: string;
}

const SHELL_LANGUAGES = new Set(['bash', 'shell', 'zsh', 'console', 'shell-session', 'sh-session']);
const MARKER = /^<!--\s*docs-test:\s*(.*?)\s*-->\s*$/;

export function shellBlocks(page: string, markdown: string): ShellBlock[] {
  const lines = markdown.split('\n');
  const blocks: ShellBlock[] = [];
  let pending: { line: number; directive: string }[] = [];
  const fail = (line: number, why: string): never => {
    throw new Error(`${page}:${line}: ${why}`);
  };
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    const marker = MARKER.exec(line);
    if (marker) {
      pending.push({ line: index + 1, directive: marker[1] ?? '' });
      continue;
    }
    const fence = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)/.exec(line);
    if (!fence) {
      if (/^( {4,}|\t)\S/.test(line) && lines[index - 1]?.trim() === '')
        fail(index + 1, 'an indented code block: fence it, as sh for commands or text for output');
      if (line.trim() !== '' && pending.length > 0)
        fail(pending[0]?.line ?? 0, 'a docs-test marker must be just above an sh block');
      continue;
    }
    const [, indent = '', ticks = '', language = ''] = fence;
    const end = lines.findIndex(
      (candidate, at) => at > index && candidate.trimStart().startsWith(ticks) && candidate.trim() === ticks,
    );
    if (end === -1) fail(index + 1, 'a fence that is never closed');
    if (language === '') fail(index + 1, 'a fence with no language: say sh for commands, text for output');
    if (SHELL_LANGUAGES.has(language))
      fail(index + 1, `a ${language} block: write shell commands as sh, which the docs test runs`);
    const body = lines.slice(index + 1, end).map((bodyLine) => bodyLine.slice(indent.length));
    if (language === 'sh') blocks.push(block(page, index + 1, body.join('\n'), pending, fail));
    else if (pending.length > 0) fail(pending[0]?.line ?? 0, `a docs-test marker above a ${language} block`);
    pending = [];
    index = end;
  }
  if (pending.length > 0) fail(pending[0]?.line ?? 0, 'a docs-test marker with no sh block after it');
  return blocks;
}

function block(
  page: string,
  line: number,
  text: string,
  markers: { line: number; directive: string }[],
  fail: (line: number, why: string) => never,
): ShellBlock {
  const result: ShellBlock = { page, line, text, exits: 0, prints: [] };
  for (const marker of markers) {
    const [verb = '', ...rest] = marker.directive.split(/\s+/);
    const words = rest.join(' ');
    if (verb === 'exits' && /^\d+$/.test(words)) result.exits = Number(words);
    else if (verb === 'prints' && words !== '') result.prints.push(words);
    else if (verb === 'run-by' && /^\S+$/.test(words)) result.runBy = words;
    else if (verb === 'setup' && result.setup === undefined)
      result.setup = parseSetup(rest, marker.line, fail);
    else fail(marker.line, `unknown docs-test marker: ${marker.directive}`);
  }
  if (result.runBy !== undefined && (result.setup || result.exits !== 0 || result.prints.length > 0))
    fail(line, 'a run-by block is not run here: it takes no setup, exits or prints');
  return result;
}

function parseSetup(words: string[], line: number, fail: (line: number, why: string) => never): Setup {
  const [kind, name, as, dir, ...extra] = words;
  const fixture = /^[a-z0-9][a-z0-9-]*$/;
  if (kind === 'empty' && name === undefined) return { kind: 'empty' };
  if (kind === 'git-project' && name && fixture.test(name) && as === undefined)
    return { kind: 'git-project', name };
  if ((kind === 'module' || kind === 'convert') && name && fixture.test(name) && extra.length === 0) {
    if (as === 'as' && dir && fixture.test(dir)) return { kind, fixture: name, as: dir };
    if (kind === 'convert' && as === undefined) return { kind, fixture: name };
  }
  return fail(line, `unknown docs-test setup: ${words.join(' ')}`);
}

/**
 * The commands of a block, one per entry: continuation lines joined, comments and blank lines left out,
 * spaces squeezed. What a run-by file must hold.
 */
export function commandsOf(text: string): string[] {
  return text
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((line) => squeeze(withoutComment(line)))
    .filter((line) => line !== '');
}

/** The line without a trailing `# comment` (a # that starts a word outside quotes). */
function withoutComment(line: string): string {
  let quote = '';
  for (let at = 0; at < line.length; at++) {
    const char = line[at];
    if (quote) {
      if (char === quote) quote = '';
      else if (char === '\\' && quote === '"') at++;
    } else if (char === "'" || char === '"') quote = char;
    else if (char === '\\') at++;
    else if (char === '#' && (at === 0 || /\s/.test(line[at - 1] ?? ''))) return line.slice(0, at);
  }
  return line;
}

export function squeeze(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
