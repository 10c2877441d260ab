/**
 * The .dockerignore dockerize writes: the user's own lines first and kept as
 * they are, then ours, then .gitignore's patterns translated to
 * .dockerignore's rules, and last the paths the build cannot do without,
 * re-included so that no pattern above can take them out of the context.
 */

export interface DockerignoreInput {
  /** The patterns the generator's own template gives (comments allowed). */
  ours: string;
  /** The module's .gitignore, if any. */
  gitignore?: string;
  /** The existing .dockerignore, if any: kept byte for byte at the top. */
  existing?: string;
  /** Paths the build needs, relative to the context: go.mod, embedded folders, copied folders. */
  needed: readonly string[];
}

const MARK = '# Added by go-microcontainer dockerize';

/** The pattern lines of an ignore file: no blanks, no comments. */
export function patterns(text: string | undefined): string[] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/**
 * A .gitignore pattern as .dockerignore reads it. Git matches a pattern
 * without a slash (other than a trailing one) at any depth, Docker only at
 * the root. A wildcard name (`*.log`, `*.test`) is a kind of file, so it
 * becomes `**\/*.log`; a bare name (`api`, `bin/`) is usually a build output
 * at the root, and is kept at the root only: at any depth it could leave out
 * a package folder of the same name (`cmd/api`) and break the build. A
 * leading slash anchors in both and is dropped; Docker has no folder-only
 * patterns, so a trailing slash goes.
 */
export function fromGitignore(pattern: string): string {
  const negated = pattern.startsWith('!');
  let body = negated ? pattern.slice(1) : pattern;
  body = body.replace(/\/+$/, '');
  if (body.startsWith('/')) body = body.slice(1);
  else if (!body.includes('/') && body.startsWith('*') && !body.startsWith('**')) body = `**/${body}`;
  return `${negated ? '!' : ''}${body}`;
}

/**
 * A .dockerignore pattern as a regular expression over context paths, as
 * Docker reads it: `*` and `?` within one path segment, `**` across any, a
 * `[...]` class as in Go's filepath.Match, `\\` quoting the next character.
 */
function patternRegex(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] ?? '';
    if (char === '*' && pattern[i + 1] === '*') {
      // `**/` matches no folder or any number; a final `**` anything below.
      source += pattern[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += pattern[i + 2] === '/' ? 2 : 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else if (char === '\\') source += (pattern[++i] ?? '').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    else if (char === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end === -1) return /(?!)/;
      source += `[${pattern.slice(i + 1, end).replace(/^!/, '^')}]`;
      i = end;
    } else source += char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/**
 * Whether one of `lines` (.dockerignore patterns) leaves out `dir` or a
 * folder above it: Docker drops a folder's whole contents with it. Re-includes are not weighed: the caller adds its
 * own after every other line, so one more is harmless.
 */
export function leftOut(lines: readonly string[], dir: string): boolean {
  const paths = dir.split('/').map((_, index, parts) => parts.slice(0, index + 1).join('/'));
  return lines
    .filter((line) => !line.startsWith('!'))
    .map((line) => patternRegex(line.replace(/^\/+/, '').replace(/\/+$/, '')))
    .some((regex) => paths.some((candidate) => regex.test(candidate)));
}

/** The merged file, or undefined when an existing .dockerignore already has every line. */
export function mergeDockerignore(input: DockerignoreInput): string | undefined {
  const kept = new Set(patterns(input.existing));
  const added: string[] = [];
  const add = (line: string) => {
    if (!kept.has(line)) {
      kept.add(line);
      added.push(line);
    }
  };

  const ours = patterns(input.ours);
  const fromGit = patterns(input.gitignore).map(fromGitignore);
  ours.forEach(add);
  const oursCount = added.length;
  fromGit.forEach(add);
  const gitCount = added.length - oursCount;
  // Re-included last, so that they win over anything above (the last matching line decides).
  const existing = new Set(patterns(input.existing));
  // A needed path is literal: its pattern characters are escaped, and a # after the ! starts no comment.
  const tail = input.needed
    .map((path) => `!${path.replace(/[*?[\]\\]/g, '\\$&')}`)
    .filter((line) => !existing.has(line));
  if (added.length === 0 && tail.length === 0 && input.existing !== undefined) return undefined;

  const sections: string[] = [];
  if (input.existing !== undefined) {
    sections.push(input.existing.replace(/\s*$/, ''), '', MARK);
  } else {
    sections.push(
      '# Written by go-microcontainer dockerize. Edit freely: a rerun keeps your lines and adds only what is missing.',
    );
  }
  if (oursCount > 0) {
    if (input.existing === undefined)
      sections.push(...commentsAndLines(input.ours, new Set(added.slice(0, oursCount))));
    else sections.push(...added.slice(0, oursCount));
  }
  if (gitCount > 0) sections.push('', '# From .gitignore', ...added.slice(oursCount));
  if (tail.length > 0)
    sections.push('', '# Needed by the image build: never left out of the context', ...tail);
  return `${sections.join('\n')}\n`;
}

/** The template's text with its comments, keeping only the pattern lines still to add. */
function commentsAndLines(text: string, wanted: ReadonlySet<string>): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line === '' || line.startsWith('#') || wanted.has(line))
    .filter(
      (line, index, lines) => !(line === '' && (index === lines.length - 1 || lines[index - 1] === '')),
    );
}
