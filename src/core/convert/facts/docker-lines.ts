/**
 * Where Docker's own parser starts each instruction, so the conversion can
 * check that dockerfile-ast split the file the same way before planning edits
 * on its offsets. They differ on a few shapes (a keyword glued to its
 * continuation, `RUN\`, followed by a comment line: Docker skips the comment
 * and goes on, dockerfile-ast ends the instruction there); editing a file
 * read differently from Docker could silently drop or keep the wrong lines,
 * so such a file is refused (GMC002) rather than converted.
 *
 * Docker's rules (BuildKit's frontend/dockerfile/parser): lines end at LF, and
 * CR and LF are trimmed off their ends; parser directives only at the top;
 * a line whose first non-blank character is `#` is a comment, dropped inside
 * a continued instruction too, as are empty lines there; the escape character
 * followed by spaces or tabs at a line's end continues the instruction; a
 * here-document (`<<EOF`, `<<-"EOF"`) in RUN, COPY or ADD runs to its
 * terminator line.
 */

const LEADING_SPACE = /^[\t\n\v\f\r \u0085\u00a0]*/;
const HEREDOC = /<<(-?)\s*(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g;

function trimEnd(line: string): string {
  return line.replace(/[\r\n]+$/, '');
}

function trimStart(line: string): string {
  return line.replace(LEADING_SPACE, '');
}

export interface DockerLines {
  /** 0-based lines (LF-separated) on which Docker starts an instruction. */
  readonly starts: number[];
  /** 0-based line of a here-document that never ends: Docker reads the rest of the file into it. */
  readonly unterminatedHeredoc: number | undefined;
  /** 0-based line of an escape directive whose value is neither ` nor \: Docker refuses the file. */
  readonly badEscape: number | undefined;
}

export function dockerInstructionLines(text: string, escape: string): DockerLines {
  const lines = text.split('\n');
  const continuation = new RegExp(`\\${escape}[ \\t]*$`);
  const starts: number[] = [];
  let unterminatedHeredoc: number | undefined;
  let badEscape: number | undefined;
  let i = 0;
  for (; i < lines.length; i++) {
    const directive = /^#[ \t]*([A-Za-z][A-Za-z0-9]*)[ \t]*=[ \t]*(.+?)[ \t]*$/.exec(
      trimStart(trimEnd(lines[i] as string)),
    );
    if (!directive) break;
    if (directive[1]?.toLowerCase() === 'escape' && directive[2] !== '`' && directive[2] !== '\\')
      badEscape ??= i;
  }
  while (i < lines.length) {
    const first = trimStart(trimEnd(lines[i] as string));
    if (first === '' || first.startsWith('#')) {
      i++;
      continue;
    }
    starts.push(i);
    let logical = '';
    let current = first;
    for (;;) {
      i++;
      if (!continuation.test(current)) {
        logical += current;
        break;
      }
      logical += current.replace(continuation, '');
      while (i < lines.length) {
        const next = trimStart(trimEnd(lines[i] as string));
        if (next !== '' && !next.startsWith('#')) break;
        i++;
      }
      if (i >= lines.length) break;
      current = trimEnd(lines[i] as string);
    }
    const keyword = (/^[^\t\v\f\r ]+/.exec(logical)?.[0] ?? '').toUpperCase();
    if (keyword === 'RUN' || keyword === 'COPY' || keyword === 'ADD') {
      for (const match of logical.matchAll(HEREDOC)) {
        const chomp = match[1] === '-';
        let terminated = false;
        while (i < lines.length && !terminated) {
          const raw = trimEnd(lines[i] as string);
          i++;
          terminated = (chomp ? raw.replace(/^\t+/, '') : raw) === match[3];
        }
        if (!terminated) unterminatedHeredoc ??= starts[starts.length - 1];
      }
    }
  }
  return { starts, unterminatedHeredoc, badEscape };
}
