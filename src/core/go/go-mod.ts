/**
 * go.mod and go.work, read as the go command reads them: directives one a
 * line or in a parenthesised block, `//` comments, quoted or bare paths. Only
 * what dockerize needs is kept: the module path, the `go` and `toolchain`
 * lines (they choose the builder image), the requirements (known cgo
 * modules), and a workspace's `use` folders.
 */

export interface Requirement {
  path: string;
  version: string;
  /** Marked `// indirect`: needed by a dependency, not imported by the module itself. */
  indirect: boolean;
  /** 1-based line in go.mod. */
  line: number;
}

export interface GoMod {
  module: string | undefined;
  /** The `go` line's version, e.g. `1.22` or `1.23.0`. */
  go: string | undefined;
  /** The `toolchain` line's version without its `go` prefix, e.g. `1.26.3`. */
  toolchain: string | undefined;
  requires: Requirement[];
}

export interface GoWork {
  go: string | undefined;
  toolchain: string | undefined;
  /** The `use` folders as written, e.g. `./api`. */
  uses: string[];
}

interface Directive {
  verb: string;
  args: string[];
  comment: string;
  line: number;
}

/** Splits a line into words, honouring "quoted" and `raw` strings, and its trailing comment. */
function words(text: string): { args: string[]; comment: string } {
  const args: string[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i] as string;
    if (/\s/.test(char)) {
      i++;
    } else if (text.startsWith('//', i)) {
      return { args, comment: text.slice(i + 2).trim() };
    } else if (char === '"' || char === '`') {
      let end = i + 1;
      while (end < text.length && text[end] !== char) end += char === '"' && text[end] === '\\' ? 2 : 1;
      args.push(text.slice(i + 1, end).replace(/\\(.)/g, '$1'));
      i = end + 1;
    } else {
      let end = i;
      while (end < text.length && !/\s/.test(text[end] as string) && !text.startsWith('//', end)) end++;
      args.push(text.slice(i, end));
      i = end;
    }
  }
  return { args, comment: '' };
}

/** Every directive, with the verb of its block for lines inside `require ( ... )`. */
function directives(text: string): Directive[] {
  const found: Directive[] = [];
  let block: string | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const { args, comment } = words(raw);
    const line = index + 1;
    if (block !== undefined) {
      if (args[0] === ')') block = undefined;
      else if (args.length > 0) found.push({ verb: block, args, comment, line });
      return;
    }
    const [verb, ...rest] = args;
    if (verb === undefined) return;
    if (rest.length === 1 && rest[0] === '(') block = verb;
    else found.push({ verb, args: rest, comment, line });
  });
  return found;
}

export function parseGoMod(text: string): GoMod {
  const mod: GoMod = { module: undefined, go: undefined, toolchain: undefined, requires: [] };
  for (const { verb, args, comment, line } of directives(text)) {
    if (verb === 'module') mod.module = args[0];
    else if (verb === 'go') mod.go = args[0];
    else if (verb === 'toolchain') mod.toolchain = args[0]?.replace(/^go/, '');
    else if (verb === 'require' && args.length >= 2)
      mod.requires.push({
        path: args[0] as string,
        version: args[1] as string,
        indirect: /^indirect\b/.test(comment),
        line,
      });
  }
  return mod;
}

export function parseGoWork(text: string): GoWork {
  const work: GoWork = { go: undefined, toolchain: undefined, uses: [] };
  for (const { verb, args } of directives(text)) {
    if (verb === 'go') work.go = args[0];
    else if (verb === 'toolchain') work.toolchain = args[0]?.replace(/^go/, '');
    else if (verb === 'use' && args[0] !== undefined) work.uses.push(args[0]);
  }
  return work;
}

/**
 * The Go version the builder image is tagged with: the `toolchain` line when
 * there is one (the go command would switch to that toolchain), else the `go`
 * line. `toolchain go1.26.3` gives `1.26.3`, `go 1.22` gives `1.22`; a line
 * that is no Go version is passed over.
 */
export function builderGoVersion(file: Pick<GoMod, 'go' | 'toolchain'>): string | undefined {
  // Only a Go version names an image tag: `toolchain default`, or a line mangled into `go \`, names none.
  return [file.toolchain, file.go].find((version) => version !== undefined && GO_VERSION.test(version));
}

/** A Go release as go.mod writes it: 1.22, 1.22.3, 1.23rc1. */
const GO_VERSION = /^[1-9][0-9]*\.[0-9]+(\.[0-9]+)?((rc|beta)[0-9]+)?$/;
