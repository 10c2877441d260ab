/**
 * The instructions of a Dockerfile as Docker's own parser (BuildKit's
 * frontend/dockerfile/parser) finds them, written here from its documented
 * rules so a test can check the converter's output against them rather than
 * against dockerfile-ast alone, which differs on one point that matters: it
 * takes a lone CR for a line break, where Docker splits lines on LF only and
 * trims CR and LF off each line's end (a CR inside a line is white space
 * between words).
 *
 * The rules: parser directives (`# escape=`, `# syntax=`) only before
 * anything else; comment lines start with `#` after white space and are
 * dropped, inside a continued instruction too; an escape character followed
 * by spaces and tabs at the end of a line continues the instruction; empty
 * lines inside a continued instruction are dropped; a here-document
 * (`<<EOF`, `<<-EOF`, quoted or not) runs until its terminator line.
 */

export interface DockerInstruction {
  /** Upper-case keyword. */
  keyword: string;
  /** The arguments with continuations joined, as Docker passes them on. */
  args: string;
  /** 0-based line of the keyword, counting LF line breaks only. */
  line: number;
  /** 0-based last line of the instruction (its last continuation or here-document line). */
  endLine: number;
  /** Here-document bodies, in order. */
  heredocs: string[];
}

export interface DockerParse {
  escape: string;
  /** Docker refuses an escape directive whose value is neither ` nor \\. */
  escapeError: string | undefined;
  instructions: DockerInstruction[];
}

/** Unicode white space as Go's unicode.IsSpace sees it, on the ASCII range and the usual others. */
const SPACE = /[\t\n\v\f\r \u0085\u00a0]/;

function trimNewline(line: string): string {
  return line.replace(/[\r\n]+$/, '');
}

function trimLeadingSpace(line: string): string {
  let i = 0;
  while (i < line.length && SPACE.test(line[i] as string)) i++;
  return line.slice(i);
}

function isComment(line: string): boolean {
  return trimLeadingSpace(line).startsWith('#');
}

const HEREDOC = /<<(-?)\s*(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g;

export function parseAsDocker(text: string): DockerParse {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lines = body.split('\n');
  let escape = '\\';
  let escapeError: string | undefined;
  let i = 0;
  // Parser directives: `# name=value` lines at the very top.
  for (; i < lines.length; i++) {
    const match = /^#[ \t]*([A-Za-z][A-Za-z0-9]*)[ \t]*=[ \t]*(.+?)[ \t]*$/.exec(
      trimLeadingSpace(trimNewline(lines[i] as string)),
    );
    if (!match) break;
    if (match[1]?.toLowerCase() === 'escape') {
      if (match[2] === '`' || match[2] === '\\') escape = match[2];
      else escapeError = `line ${i + 1}: invalid escape directive: ${match[2]}`;
    }
  }
  const continuation = new RegExp(`\\${escape}[ \\t]*$`);
  const instructions: DockerInstruction[] = [];
  while (i < lines.length) {
    const first = trimLeadingSpace(trimNewline(lines[i] as string));
    if (first === '' || isComment(first)) {
      i++;
      continue;
    }
    const startLine = i;
    let logical = '';
    let current = first;
    for (;;) {
      if (continuation.test(current)) {
        logical += current.replace(continuation, '');
        i++;
        // Comment and empty lines inside the instruction are dropped.
        while (i < lines.length) {
          const next = trimNewline(lines[i] as string);
          if (isComment(next) || trimLeadingSpace(next) === '') i++;
          else break;
        }
        if (i >= lines.length) break;
        current = trimNewline(lines[i] as string);
        continue;
      }
      logical += current;
      i++;
      break;
    }
    // The keyword ends at the first ASCII white space (Docker's `[\t\v\f\r ]+`).
    const keywordMatch = /^([^\t\v\f\r ]+)/.exec(logical);
    const keyword = (keywordMatch?.[1] ?? '').toUpperCase();
    const args = trimLeadingSpace(logical.slice(keywordMatch?.[1]?.length ?? 0));
    const heredocs: string[] = [];
    if (['RUN', 'COPY', 'ADD'].includes(keyword)) {
      for (const match of args.matchAll(HEREDOC)) {
        const chomp = match[1] === '-';
        const terminator = match[3] as string;
        const content: string[] = [];
        while (i < lines.length) {
          const raw = trimNewline(lines[i] as string);
          i++;
          if ((chomp ? raw.replace(/^\t+/, '') : raw) === terminator) break;
          content.push(raw);
        }
        heredocs.push(content.join('\n'));
      }
    }
    instructions.push({ keyword, args, line: startLine, endLine: i - 1, heredocs });
  }
  return { escape, escapeError, instructions };
}

const KEYWORDS = new Set(
  'ADD ARG CMD COPY ENTRYPOINT ENV EXPOSE FROM HEALTHCHECK LABEL MAINTAINER ONBUILD RUN SHELL STOPSIGNAL USER VOLUME WORKDIR'.split(
    ' ',
  ),
);

/** Words of an instruction's arguments as Docker splits them (white space, Go's unicode.IsSpace). */
export function dockerWords(args: string): string[] {
  return args.split(/[\t\n\v\f\r \u0085\u00a0]+/).filter((word) => word !== '');
}

/**
 * What Docker would reject in `text` before building anything: an unknown
 * instruction, a FROM that is not `FROM [--flag...] image [AS name]`, a
 * HEALTHCHECK without CMD or NONE, an instruction Docker requires arguments
 * for without any. [] when Docker takes the file.
 */
export function dockerParseErrors(text: string): string[] {
  const { instructions, escapeError } = parseAsDocker(text);
  const errors: string[] = escapeError ? [escapeError] : [];
  if (!instructions.some((instruction) => instruction.keyword === 'FROM')) errors.push('no FROM instruction');
  for (const { keyword, args, line } of instructions) {
    const where = `line ${line + 1}`;
    if (!KEYWORDS.has(keyword)) {
      errors.push(`${where}: unknown instruction: ${keyword}`);
      continue;
    }
    const words = dockerWords(args);
    if (keyword === 'FROM') {
      const rest = words.filter((word) => !word.startsWith('--'));
      if (!(rest.length === 1 || (rest.length === 3 && rest[1]?.toLowerCase() === 'as')))
        errors.push(`${where}: FROM requires either one or three arguments: FROM ${args}`);
    } else if (keyword === 'HEALTHCHECK') {
      const rest = words.filter((word) => !word.startsWith('--'));
      const mode = rest[0]?.toUpperCase();
      if (mode !== 'CMD' && mode !== 'NONE') errors.push(`${where}: HEALTHCHECK needs CMD or NONE`);
    } else if (keyword !== 'ONBUILD' && words.length === 0 && keyword !== 'ENTRYPOINT' && keyword !== 'CMD') {
      errors.push(`${where}: ${keyword} requires at least one argument`);
    }
    if (['COPY', 'ADD'].includes(keyword)) {
      const paths = words.filter((word) => !word.startsWith('--'));
      if (paths.length < 2 && !args.trimStart().startsWith('[') && !args.includes('<<'))
        errors.push(`${where}: ${keyword} requires at least two arguments`);
    }
  }
  return errors;
}
