/**
 * Splits the shell text of a RUN, CMD or ENTRYPOINT into simple commands and
 * their words, with each word's offset in the text. dockerfile-ast splits
 * arguments on white space only; the conversion needs to know which words
 * form one command (`cd src && go build` is two), so quotes, escapes and the
 * control operators are honoured here. It is not a whole shell: what it cannot
 * follow (substitutions, here-documents) it reports, and the caller refuses.
 */

export interface ShellWord {
  /** The word with quotes removed. */
  value: string;
  /** Offset of the word's first character in the text. */
  start: number;
  end: number;
  /** Where `value` holds a `$` the shell takes literally (single-quoted or escaped): no variable starts there. */
  literalDollars?: number[];
}

export interface ShellCommand {
  words: ShellWord[];
}

export interface ShellParse {
  commands: ShellCommand[];
  /** Constructs this splitter does not follow, such as `$(...)` or `<<EOF`. */
  unsupported: string[];
  /** The control operators between the commands (`&&`, `||`, `;`, `|`, `&`), in order; absent when there is none. */
  operators?: string[];
}

const OPERATORS = ['&&', '||', ';', '|', '&'];

/** Reserved words around the commands of an if, a for, a while or an until: none is a command's name. */
const CONTROL_WORDS: ReadonlySet<string> = new Set([
  'if',
  'then',
  'elif',
  'else',
  'fi',
  'while',
  'until',
  'do',
  'done',
  '!',
]);
/** What splitShell reports for a compound command (`if`, `for`, `while`, `until`): valid shell it does not follow. */
export const CONTROL_FLOW = 'shell control flow (if, for, while or until)';

/** The POSIX shells a RUN may hand a script or a `-c` text to, by program name. */
export const SHELLS: ReadonlySet<string> = new Set(['sh', 'bash', 'ash', 'dash']);

/**
 * @param escape Dockerfile escape character: `\` or, with `# escape=`` `, a backtick.
 *   An escape before a newline continues the instruction on the next line.
 */
export function splitShell(text: string, escape = '\\'): ShellParse {
  const commands: ShellCommand[] = [];
  const unsupported: string[] = [];
  const operators: string[] = [];
  let words: ShellWord[] = [];
  let current: { value: string; start: number; literalDollars?: number[] } | undefined;
  let quote: '"' | "'" | undefined;
  let lineStart = true;
  // Where the line continuation that last interrupted the current word began:
  // a word ended by the next line's indentation ends there, on its own line.
  let continuedAt: number | undefined;
  // On a line a continuation led to: Docker drops such a line when it is empty (its "empty continuation line").
  let continuedLine = false;

  const endWord = (end: number) => {
    // A reserved word that opens or closes a compound command (`if x; then go build; fi`) is not a
    // command's name: the command is what follows it. Its control flow is reported, for the callers
    // that would have to reproduce it.
    if (
      current &&
      words.length === 0 &&
      text.slice(current.start, end) === current.value &&
      CONTROL_WORDS.has(current.value)
    ) {
      if (!unsupported.includes(CONTROL_FLOW)) unsupported.push(CONTROL_FLOW);
      current = undefined;
      continuedAt = undefined;
      return;
    }
    if (current)
      words.push({
        value: current.value,
        start: current.start,
        end: continuedAt ?? end,
        ...(current.literalDollars ? { literalDollars: current.literalDollars } : {}),
      });
    current = undefined;
    continuedAt = undefined;
  };
  const endCommand = () => {
    if (words.length > 0) commands.push({ words });
    words = [];
  };
  const append = (chars: string, at: number, literal = false) => {
    current ??= { value: '', start: at };
    if (literal && chars === '$') (current.literalDollars ??= []).push(current.value.length);
    current.value += chars;
  };

  for (let i = 0; i < text.length; i++) {
    const char = text[i] ?? '';
    const next = text[i + 1] ?? '';
    // Dockerfile line continuation, removed before the shell sees the text;
    // comment lines inside a continued instruction are removed too.
    const continued = continuationLength(text, i, escape);
    if (continued > 0) {
      if (current) continuedAt ??= i;
      i += continued - 1;
      lineStart = true;
      continuedLine = true;
      continue;
    }
    if (continuedLine && lineStart && (char === '\n' || char === '\r')) continue;
    if (lineStart && !quote && !current && char === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (lineStart && (char === ' ' || char === '\t')) {
      // The builder keeps a continued line's indentation: inside quotes it is part of the word.
      if (quote) append(char, i);
      else endWord(i);
      continue;
    }
    lineStart = false;
    continuedLine = false;
    continuedAt = undefined;
    // A # that starts a word starts a comment, to the end of the line as the shell gets it
    // (the Dockerfile's line continuations already joined).
    if (!quote && !current && char === '#') {
      while (i + 1 < text.length && text[i + 1] !== '\n') i += continuationLength(text, i + 1, escape) || 1;
      continue;
    }

    if (quote === "'") {
      if (char === "'") quote = undefined;
      else append(char, i, true);
      continue;
    }
    if (quote === '"') {
      if (char === '"') quote = undefined;
      else if (char === '\\' && ['"', '\\', '$', '`'].includes(next)) {
        append(next, i, true);
        i++;
      } else {
        if (char === '`' || (char === '$' && next === '(')) unsupported.push('command substitution');
        append(char, i);
      }
      continue;
    }
    if (char === "'" || char === '"') {
      current ??= { value: '', start: i };
      quote = char;
      continue;
    }
    if (char === '\\') {
      append(next, i, true);
      i++;
      continue;
    }
    if (char === '`' || (char === '$' && next === '(')) unsupported.push('command substitution');
    if (char === '<' && next === '<') unsupported.push('here-document');
    if (char === ' ' || char === '\t') {
      endWord(i);
      continue;
    }
    if (char === '\n') {
      endWord(i);
      endCommand();
      lineStart = true;
      continue;
    }
    const operator = OPERATORS.find((op) => text.startsWith(op, i));
    if (operator) {
      endWord(i);
      endCommand();
      operators.push(operator);
      i += operator.length - 1;
      continue;
    }
    if (char === '(' || char === ')' || char === '{' || char === '}') {
      if (!current) {
        unsupported.push('grouping with ( ) or { }');
        continue;
      }
    }
    append(char, i);
  }
  endWord(text.length);
  endCommand();
  if (quote) unsupported.push('an unterminated quote');
  return { commands, unsupported, ...(operators.length > 0 ? { operators } : {}) };
}

/**
 * The length of the line continuation at `i`, 0 for none: the escape, then
 * only spaces and tabs (and CRs, which Docker trims off a line's end) up to
 * the line break. Docker removes it before the shell sees the text.
 */
function continuationLength(text: string, i: number, escape: string): number {
  if (text[i] !== escape) return 0;
  let j = i + 1;
  while (text[j] === ' ' || text[j] === '\t') j++;
  while (text[j] === '\r') j++;
  return text[j] === '\n' ? j - i + 1 : 0;
}

/** Leading `NAME=value` words of a command: its environment assignments. */
export function leadingAssignments(command: ShellCommand): Map<string, string> {
  const assignments = new Map<string, string>();
  for (const word of command.words) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(word.value);
    if (!match) break;
    assignments.set(match[1] ?? '', match[2] ?? '');
  }
  return assignments;
}

/** The words after the leading assignments: the command name and its arguments. */
export function commandWords(command: ShellCommand): ShellWord[] {
  return command.words.slice(leadingAssignments(command).size);
}

/**
 * `word` as one POSIX sh word, taken literally: as it is when it holds only
 * characters no shell gives a meaning to, else in single quotes (a quote
 * inside becomes '\''). Every word the converter copies from the Dockerfile
 * into a command it writes goes through here, so `;`, `$()` or a newline in a
 * path never runs as a command.
 */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : singleQuote(word);
}

/** `word` in single quotes, always. */
export function singleQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The word's value with the variables in `values` substituted where the shell
 * would expand them: a `$` in single quotes or escaped stays as it is.
 */
export function expandWord(word: ShellWord, substitute: (text: string) => string): string {
  const literal = word.literalDollars ?? [];
  if (literal.length === 0) return substitute(word.value);
  // A literal `$` becomes a character no variable name holds while the rest is substituted.
  const HELD = '\u0000';
  const held = word.value
    .split('')
    .map((char, index) => (literal.includes(index) ? HELD : char))
    .join('');
  return substitute(held).replaceAll(HELD, '$');
}
