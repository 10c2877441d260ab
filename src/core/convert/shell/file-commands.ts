/**
 * What the file commands of a runtime RUN do, read from their words: the
 * folders mkdir makes and chown/chmod change (with the options that change
 * nothing else), the operands of `ln -s`, the one line `echo ... > file`
 * writes. What they would do differently from that reading is a reason to
 * refuse, returned as text for GMC202 (rules/runtime-run.ts) to report.
 */
import { commandWords, type ShellCommand } from './shell-words.js';

/** chown or chmod -R (alone or in a cluster such as -Rv). */
export function recursive(args: readonly string[]): boolean {
  return args.some((arg) => arg === '--recursive' || /^-[A-Za-z]*R[A-Za-z]*$/.test(arg));
}

/** Options of chown and chgrp that change nothing in a folder just made, or only say more. */
const OWNER_OPTIONS: ReadonlySet<string> = new Set([
  '-R',
  '--recursive',
  '-v',
  '--verbose',
  '-c',
  '--changes',
  '-f',
  '--silent',
  '--quiet',
  '-h',
  '--no-dereference',
]);

/** Options of mkdir, chown, chgrp and chmod that change nothing in a folder just made, or only say more. */
const HARMLESS_OPTIONS: Readonly<Record<string, ReadonlySet<string>>> = {
  mkdir: new Set(['-p', '--parents', '-v', '--verbose']),
  chown: OWNER_OPTIONS,
  chgrp: OWNER_OPTIONS,
  chmod: new Set(['-R', '--recursive', '-v', '--verbose', '-c', '--changes', '-f', '--silent', '--quiet']),
};

/** One harmless option, or a cluster of harmless one-letter options (`-Rv`). */
function isHarmless(name: string, arg: string): boolean {
  const harmless = HARMLESS_OPTIONS[name];
  if (!harmless) return false;
  if (harmless.has(arg)) return true;
  return /^-[A-Za-z]{2,}$/.test(arg) && [...arg.slice(1)].every((letter) => harmless.has(`-${letter}`));
}

type FolderCommandArgs =
  | { readonly ok: true; readonly operands: readonly string[]; readonly mode: string | undefined }
  | { readonly ok: false; readonly reason: string };

/**
 * The operands of mkdir, chown, chgrp or chmod, and mkdir's -m mode. An option the
 * conversion cannot carry over (chown --from, chmod --reference, a chmod mode
 * written like an option such as -w) is a refusal, never dropped.
 */
export function folderCommandArgs(name: string, args: readonly string[]): FolderCommandArgs {
  const operands: string[] = [];
  let mode: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') operands.push(arg);
    else if (isHarmless(name, arg)) continue;
    else if (name === 'mkdir' && (/^-[pv]*m$/.test(arg) || arg === '--mode')) mode = args[++i];
    else if (name === 'mkdir' && arg.startsWith('--mode=')) mode = arg.slice('--mode='.length);
    else if (name === 'mkdir' && /^-[pv]*m./.test(arg)) mode = arg.replace(/^-[pv]*m/, '');
    else return { ok: false, reason: `its option ${arg}` };
  }
  if (mode === '') mode = undefined;
  return { ok: true, operands, mode };
}

type SymbolicLink =
  | {
      readonly ok: true;
      /** What the links point to, as written (ln does not resolve them). */
      readonly targets: readonly string[];
      /** The last operand: the link's name, or the folder the links go into. */
      readonly name: string;
      /** Whether ln reads `name` as a folder whatever the image has: a trailing `/`, or several targets. */
      readonly intoFolder: boolean;
      /** -n: a link to a folder named `name` is replaced, not followed. */
      readonly noDereference: boolean;
    }
  | { readonly ok: false; readonly reason: string };

/**
 * `ln -s TARGET... NAME` (with -f, -n, -v), read as operands. A hard link or
 * another option is refused; where the links go (NAME a folder or the link)
 * and what a wildcard matches depend on the image, and the caller decides
 * them (rules/runtime-links.ts).
 */
export function symbolicLink(args: readonly string[]): SymbolicLink {
  const options = args.filter((arg) => arg.startsWith('-') && arg !== '-');
  const operands = args.filter((arg) => !arg.startsWith('-') || arg === '-');
  const letters = options.flatMap((option) =>
    option.startsWith('--') ? [option] : [...option.slice(1)].map((letter) => `-${letter}`),
  );
  if (!letters.includes('-s') && !letters.includes('--symbolic')) return { ok: false, reason: 'a hard link' };
  const unknown = letters.find(
    (letter) =>
      !['-s', '--symbolic', '-f', '--force', '-n', '--no-dereference', '-v', '--verbose'].includes(letter),
  );
  if (unknown !== undefined) return { ok: false, reason: `its option ${unknown}` };
  const name = operands.at(-1);
  if (operands.length < 2 || name === undefined) return { ok: false, reason: 'no link name' };
  return {
    ok: true,
    targets: operands.slice(0, -1),
    name,
    intoFolder: name.endsWith('/') || operands.length > 2,
    noDereference: letters.includes('-n') || letters.includes('--no-dereference'),
  };
}

/** The one line `echo ... > file` writes, and where. */
export interface EchoWrite {
  readonly path: string;
  /** One line, as echo wrote it (its newline not included). */
  readonly line: string;
  /** echo -n: no newline after it. */
  readonly newline: boolean;
  readonly append: boolean;
}

type EchoRedirect = ({ readonly ok: true } & EchoWrite) | { readonly ok: false; readonly reason: string };

/**
 * `echo [-n] words > file` (or `>> file`, `>file`): the one line it writes.
 * What shells disagree on (a backslash: dash's echo reads escapes, busybox's
 * does not), a variable left unresolved, another redirection or a word
 * after the target is refused.
 */
export function echoRedirect(command: ShellCommand, text: string, expanded: readonly string[]): EchoRedirect {
  const words = commandWords(command);
  const raw = words.map((word) => text.slice(word.start, word.end));
  const at = raw.findIndex((word) => /^>>?/.test(word));
  if (at === -1) return { ok: false, reason: 'an echo that writes no file' };
  const append = (raw[at] ?? '').startsWith('>>');
  const joined = (expanded[at] ?? '').replace(/^>>?/, '');
  const target = joined !== '' ? joined : expanded[at + 1];
  const after = joined !== '' ? at + 1 : at + 2;
  if (target === undefined || target === '') return { ok: false, reason: 'a redirection with no file' };
  if (after < words.length) return { ok: false, reason: 'words after the file it writes' };
  let args = expanded.slice(1, at);
  const noNewline = args[0] === '-n';
  if (noNewline) args = args.slice(1);
  if (args[0]?.startsWith('-')) return { ok: false, reason: `the echo option ${args[0]}` };
  if (raw.slice(1, at).some((word) => /^[^'"]*[<>|&]/.test(word)))
    return { ok: false, reason: 'another redirection' };
  const line = args.join(' ');
  if (/[\\\n]/.test(line))
    return { ok: false, reason: 'a backslash or a line break, which shells echo differently' };
  // What the shell expands as it runs: a variable (split into fields, or given by a build arg), a glob, ~.
  const shellExpands = raw.slice(1).some((word) => /^[^']*\$/.test(word) || /^(?:[^'"]*[*?[]|~)/.test(word));
  if (shellExpands || [line, target].some((word) => word.includes('$')))
    return { ok: false, reason: 'a variable, a glob or a ~ the shell expands as it runs' };
  return { ok: true, path: target, line, newline: !noNewline, append };
}

/**
 * `test ! -e FILE` or `[ ! -f FILE ]` (Docker's golang:alpine images have
 * `[ ! -e /etc/nsswitch.conf ] && echo 'hosts: files dns' > /etc/nsswitch.conf`)
 * whose failure fails the RUN: every operator after it is `&&`. A build that
 * succeeded therefore found no FILE there, and the test itself changes
 * nothing. Undefined for any other command, and for a test whose failure the
 * RUN goes on past (`;`, `||`), where the steps after it may or may not have run.
 */
export function absenceTest(
  words: readonly string[],
  at: number,
  operators: readonly string[],
): { readonly path: string; readonly test: '-e' | '-f' } | undefined {
  const [name, ...args] = words;
  const operands =
    name === '[' && args.at(-1) === ']' ? args.slice(0, -1) : name === 'test' ? args : undefined;
  if (operands?.length !== 3) return undefined;
  const [not, test, path = ''] = operands;
  if (not !== '!' || (test !== '-e' && test !== '-f') || path === '' || /[*?[$]/.test(path)) return undefined;
  return operators.slice(at).every((operator) => operator === '&&') ? { path, test } : undefined;
}
