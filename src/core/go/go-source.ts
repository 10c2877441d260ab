/**
 * One Go source file, read far enough for dockerize: its package clause, its
 * `//go:build` line, its imports, its `//go:embed` patterns, and its code with
 * the comments blanked out (for the port guess). A small lexer, not regular
 * expressions over raw lines, so that an `import "C"` inside a comment or a
 * string is never taken for one.
 */

export interface GoImport {
  path: string;
  /** 1-based line of the import path. */
  line: number;
}

export interface GoEmbed {
  /** The pattern as written, without quotes (`all:` kept). */
  pattern: string;
  line: number;
}

export interface GoSource {
  /** The package clause's name, or undefined when the file has none. */
  packageName: string | undefined;
  /**
   * The `//go:build` expression, when there is one before the package clause;
   * else the old `// +build` lines turned into one (Go still honours them).
   */
  constraint: string | undefined;
  imports: GoImport[];
  embeds: GoEmbed[];
  /** The file's lines with every comment replaced by spaces; strings are kept. */
  codeLines: string[];
}

interface Token {
  kind: 'word' | 'string' | 'punct';
  value: string;
  line: number;
}

/** Splits a `//go:embed` argument list: space-separated, "quoted" or `raw` patterns. */
function embedPatterns(text: string): string[] {
  return (text.match(/"(?:[^"\\]|\\.)*"|`[^`]*`|\S+/g) ?? []).map((word) =>
    word.startsWith('"') ? (JSON.parse(word) as string) : word.startsWith('`') ? word.slice(1, -1) : word,
  );
}

export function parseGoSource(text: string): GoSource {
  const tokens: Token[] = [];
  const embeds: GoEmbed[] = [];
  let constraint: string | undefined;
  const plusBuild: string[] = [];
  const code = text.split('');
  let line = 1;
  let i = 0;
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (code[k] !== '\n') code[k] = ' ';
  };

  while (i < text.length) {
    const char = text[i] as string;
    if (char === '\n') {
      line++;
      i++;
    } else if (/\s/.test(char)) {
      i++;
    } else if (text.startsWith('//', i)) {
      let end = text.indexOf('\n', i);
      if (end < 0) end = text.length;
      const comment = text.slice(i, end).replace(/\r$/, '');
      const atLineStart = /(^|\n)[ \t]*$/.test(text.slice(Math.max(0, i - 200), i));
      if (atLineStart && tokens.length === 0 && /^\/\/go:build\s/.test(comment) && constraint === undefined)
        constraint = comment.slice('//go:build'.length).trim();
      if (atLineStart && tokens.length === 0 && /^\/\/ \+build\s/.test(comment))
        plusBuild.push(comment.slice('// +build'.length).trim());
      if (atLineStart && /^\/\/go:embed\s/.test(comment))
        for (const pattern of embedPatterns(comment.slice('//go:embed'.length)))
          embeds.push({ pattern, line });
      blank(i, end);
      i = end;
    } else if (text.startsWith('/*', i)) {
      let end = text.indexOf('*/', i + 2);
      end = end < 0 ? text.length : end + 2;
      for (let k = i; k < end; k++) if (text[k] === '\n') line++;
      blank(i, end);
      i = end;
    } else if (char === '"' || char === "'") {
      let end = i + 1;
      while (end < text.length && text[end] !== char && text[end] !== '\n') end += text[end] === '\\' ? 2 : 1;
      tokens.push({ kind: 'string', value: text.slice(i + 1, end), line });
      i = end + 1;
    } else if (char === '`') {
      let end = text.indexOf('`', i + 1);
      if (end < 0) end = text.length;
      const value = text.slice(i + 1, end);
      tokens.push({ kind: 'string', value, line });
      line += value.split('\n').length - 1;
      i = end + 1;
    } else if (/[\p{L}\p{N}_]/u.test(char)) {
      let end = i + 1;
      while (end < text.length && /[\p{L}\p{N}_]/u.test(text[end] as string)) end++;
      tokens.push({ kind: 'word', value: text.slice(i, end), line });
      i = end;
    } else {
      tokens.push({ kind: 'punct', value: char, line });
      i++;
    }
  }

  const { packageName, imports } = header(tokens);
  constraint ??= plusBuildExpression(plusBuild);
  return { packageName, constraint, imports, embeds, codeLines: code.join('').split(/\r?\n/) };
}

/**
 * `// +build` lines as one `//go:build` expression: the lines are ANDed, the
 * space-separated options of a line ORed, the comma-separated terms of an
 * option ANDed (`// +build linux,cgo darwin` is `(linux && cgo) || darwin`).
 */
export function plusBuildExpression(lines: readonly string[]): string | undefined {
  if (lines.length === 0) return undefined;
  const line = (text: string) =>
    `(${text
      .split(/\s+/)
      .map((option) => `(${option.split(',').join(' && ')})`)
      .join(' || ')})`;
  return lines.map(line).join(' && ');
}

/** The package clause and the import declarations that follow it. */
function header(tokens: readonly Token[]): { packageName: string | undefined; imports: GoImport[] } {
  const imports: GoImport[] = [];
  if (tokens[0]?.value !== 'package' || tokens[1]?.kind !== 'word')
    return { packageName: undefined, imports };
  const packageName = tokens[1].value;
  let at = 2;
  const skipSemicolons = () => {
    while (tokens[at]?.value === ';') at++;
  };
  /** One import spec: an optional name (`_`, `.`, an identifier), then the path. */
  const spec = () => {
    if (tokens[at]?.kind !== 'string') at++;
    const path = tokens[at];
    if (path?.kind === 'string') imports.push({ path: path.value, line: path.line });
    at++;
    skipSemicolons();
  };
  skipSemicolons();
  while (tokens[at]?.value === 'import') {
    at++;
    if (tokens[at]?.value === '(') {
      at++;
      while (at < tokens.length && tokens[at]?.value !== ')') spec();
      at++;
    } else {
      spec();
    }
    skipSemicolons();
  }
  return { packageName, imports };
}
