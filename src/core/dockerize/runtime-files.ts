/**
 * Files a program reads at run time: an image that holds just the binary
 * lacks them, unless they are `//go:embed`-ed (inside the binary already).
 * Two sources: the paths given to the calls that read from disk
 * (`template.ParseFiles`/`ParseGlob`, `os.Open`/`ReadFile`, `http.Dir`, gin's
 * `LoadHTMLGlob`, a framework's `Static`), followed through constants and
 * flag defaults, each with file and line; and the conventional folders
 * (templates/, static/, migrations/...) that the code names outside a read
 * from an embedded filesystem. A read through an `embed.FS` (`content.Open`,
 * `fs.Sub`, `ParseFS`) is not a disk read.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { SourceLocation } from './cgo.js';
import { GoValues, lineAt, splitArgs, type CodeFile } from '../go/go-expr.js';
import type { GoFile } from '../go/packages.js';

/** Names that, by convention, hold files a Go service reads while it runs. */
export const RUNTIME_FOLDER_NAMES = [
  'templates',
  'static',
  'migrations',
  'web',
  'public',
  'assets',
  'config',
  'views',
] as const;

export interface EmbedUse extends SourceLocation {
  pattern: string;
  /** The folder or file the pattern starts from, relative to the inspected folder. */
  target: string;
}

export interface RuntimeFolder {
  /** Relative to the inspected folder, e.g. `templates` or `cmd/api/static`. */
  dir: string;
  /** True when a `//go:embed` of the build takes it (or files in it) into the binary. */
  embedded: boolean;
  embeddedAt?: SourceLocation;
  /** Strings in the code that name it (`"templates/*.html"`): it is read from disk. */
  referencedAt: SourceLocation[];
}

/** Where each `//go:embed` pattern of `files` points, up to its first wildcard. */
export function embedUses(files: readonly GoFile[]): EmbedUse[] {
  return files.flatMap((file) =>
    file.embeds.map((embed) => {
      const pattern = embed.pattern.replace(/^all:/, '');
      const fixed = pattern.split('/').filter((part, index, parts) => {
        const before = parts.slice(0, index + 1);
        return !before.some((element) => /[*?[]/.test(element));
      });
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file.path), ...fixed));
      return { pattern: embed.pattern, file: file.path, line: embed.line, target };
    }),
  );
}

/** A read through an fs.FS (an embed.FS, fs.Sub of one): not from disk. `os.` calls are the disk's. */
const FS_READ =
  /\b(?:fs\.(?:Sub|ReadFile|ReadDir|Glob|WalkDir)|http\.FS|\w+\.ParseFS|template\.ParseFS)\(|\b(?!os\b)\w+(?:\.\w+)*\.(?:Open|ReadFile|ReadDir)\(/;

/**
 * The `//go:embed` patterns as .dockerignore patterns relative to the
 * context (`README.md`, `cmd/site/static`, `templates/*.html`): re-included
 * last, so that no line above (`*.md`) leaves an embedded file out of the
 * build, which fails with "pattern README.md: no matching files found".
 */
export function embeddedPaths(embeds: readonly EmbedUse[]): string[] {
  const paths = embeds.map((use) =>
    path.posix.normalize(path.posix.join(path.posix.dirname(use.file), use.pattern.replace(/^all:/, ''))),
  );
  return [...new Set(paths)].filter((entry) => entry !== '.' && !entry.startsWith('..'));
}

function inside(child: string, parent: string): boolean {
  return child === parent || child.startsWith(`${parent}/`);
}

/**
 * The conventional runtime folders at the inspected folder and in the main
 * package's own folder, each with whether it is embedded and where the code
 * names it.
 */
export function runtimeFolders(root: string, mainDir: string, files: readonly GoFile[]): RuntimeFolder[] {
  const embeds = embedUses(files);
  const bases = [...new Set(['.', mainDir.replace(/^\.\//, '')])];
  const folders: RuntimeFolder[] = [];
  for (const base of bases) {
    for (const name of RUNTIME_FOLDER_NAMES) {
      const dir = path.posix.join(base, name);
      const full = path.join(root, dir);
      if (!existsSync(full) || !statSync(full).isDirectory()) continue;
      const embed = embeds.find((use) => inside(use.target, dir) || inside(dir, use.target));
      const referencedAt: SourceLocation[] = [];
      for (const file of files) {
        file.codeLines.forEach((code, index) => {
          const mention = new RegExp(`"(?:file://)?(?:\\./)?${name}(?:/[^"]*)?"`);
          if (
            mention.test(code) &&
            !FS_READ.test(code) &&
            !(embed && embed.file === file.path && embed.line === index + 1)
          )
            referencedAt.push({ file: file.path, line: index + 1 });
        });
      }
      folders.push({
        dir,
        embedded: embed !== undefined,
        ...(embed ? { embeddedAt: { file: embed.file, line: embed.line } } : {}),
        referencedAt,
      });
    }
  }
  return folders;
}

/** A path the program reads from disk, as found in the code. */
export interface DiskRead extends SourceLocation {
  /** The call, e.g. `template.ParseFiles`. */
  call: string;
  /** The path as the code gives it (a glob for ParseGlob), or undefined when it cannot be followed. */
  path: string | undefined;
  /** The argument as written, for the warning when it cannot be followed. */
  expr: string;
}

/** What the image build copies: `from` in the context to `to` under the working directory /app. */
export interface RuntimeCopy {
  from: string;
  to: string;
  directory: boolean;
  /** The reads that need it. */
  readAt: SourceLocation[];
}

/** Calls that read the disk, and which of their arguments are paths (`rest`: every argument from there). */
const DISK_READS: ReadonlyArray<{ pattern: RegExp; args: number[]; rest?: true }> = [
  { pattern: /\.ParseFiles\(/g, args: [0], rest: true },
  { pattern: /\.ParseGlob\(/g, args: [0] },
  { pattern: /\bos\.(?:Open|ReadFile|OpenFile|ReadDir|DirFS)\(/g, args: [0] },
  { pattern: /\bioutil\.(?:ReadFile|ReadDir)\(/g, args: [0] },
  { pattern: /\bhttp\.Dir\(/g, args: [0] },
  { pattern: /\bhttp\.ServeFile\(/g, args: [2] },
  // gin: r.LoadHTMLGlob("templates/*"), r.LoadHTMLFiles(...), r.Static("/assets", "./assets"), r.StaticFile("/", "./index.html")
  { pattern: /\.LoadHTMLGlob\(/g, args: [0] },
  { pattern: /\.LoadHTMLFiles\(/g, args: [0], rest: true },
  { pattern: /\.(?:Static|StaticFile|StaticFS)\(/g, args: [1] },
  { pattern: /\bviper\.SetConfigFile\(/g, args: [0] },
];

/** Every disk read in `files` whose path argument is a relative or absolute path, followed through `values`. */
export function diskReads(files: readonly GoFile[]): DiskRead[] {
  const codes: CodeFile[] = files.map((file) => ({ path: file.path, code: file.codeLines.join('\n') }));
  const values = new GoValues(codes);
  const reads: DiskRead[] = [];
  for (const file of codes) {
    for (const { pattern, args, rest } of DISK_READS) {
      for (const match of file.code.matchAll(pattern)) {
        const offset = match.index ?? 0;
        const call = splitArgs(file.code, offset + match[0].length - 1);
        if (!call) continue;
        const at = { file: file.path, line: lineAt(file.code, offset) };
        const start = args[0] as number;
        const picked = rest ? call.args.slice(start) : args.map((index) => call.args[index]);
        for (const expr of picked) {
          if (expr === undefined || expr === '' || /\.\.\.$/.test(expr)) continue;
          const value = values.resolve(expr, at).value;
          reads.push({ ...at, call: match[0].slice(0, -1).replace(/^\./, ''), path: value, expr });
        }
      }
    }
  }
  return reads;
}

function isDirectory(full: string): boolean {
  try {
    return statSync(full).isDirectory();
  } catch {
    return false;
  }
}

/** `*.tmpl`, `index.?tml`: one path element's glob as a regular expression. */
function globElement(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|\\]/g, '\\$&')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]');
  return new RegExp(`^${body}$`);
}

/** Paths that go into a Dockerfile's COPY line without quoting. */
const SAFE_PATH = /^[\w.@+-]+(?:\/[\w.@+-]+)*$/;

export interface RuntimeCopies {
  copies: RuntimeCopy[];
  /** Reads that cannot be followed to a file here: each is a warning. */
  unresolved: Array<DiskRead & { why: string }>;
}

/**
 * Where each disk read's file is, relative to the module (the working
 * directory of `go run ./cmd/x` from the module root) or else to the main
 * package's folder (the working directory of its own examples), as copies
 * into the image's /app. Globs copy their fixed folder, or the files they
 * match when they have none.
 */
export function runtimeCopies(root: string, mainDir: string, reads: readonly DiskRead[]): RuntimeCopies {
  const copies: RuntimeCopy[] = [];
  const unresolved: RuntimeCopies['unresolved'] = [];
  const add = (from: string, to: string, read: DiskRead) => {
    // Only names a COPY line takes as they are: a space, a quote or a $ would need quoting there.
    if (!SAFE_PATH.test(from) || !SAFE_PATH.test(to)) {
      unresolved.push({
        ...read,
        why: `${from} has characters a COPY line would need quoted: copy it yourself`,
      });
      return;
    }
    const known = copies.find((copy) => copy.from === from);
    if (known) known.readAt.push({ file: read.file, line: read.line });
    else
      copies.push({
        from,
        to,
        directory: isDirectory(path.join(root, from)),
        readAt: [{ file: read.file, line: read.line }],
      });
  };
  const bases = [...new Set(['.', mainDir.replace(/^\.\//, '')])];
  for (const read of reads) {
    if (read.path === undefined) {
      unresolved.push({ ...read, why: 'the path is computed at run time' });
      continue;
    }
    if (path.posix.isAbsolute(read.path)) {
      unresolved.push({ ...read, why: `an absolute path: mount it (docker run -v ...:${read.path})` });
      continue;
    }
    const relative = path.posix.normalize(read.path);
    if (relative === '.' || relative.startsWith('..')) {
      unresolved.push({ ...read, why: 'outside the module' });
      continue;
    }
    const parts = relative.split('/');
    const firstGlob = parts.findIndex((part) => /[*?[]/.test(part));
    let placed = false;
    for (const base of bases) {
      const inBase = (rel: string) => path.posix.normalize(path.posix.join(base, rel));
      if (firstGlob === -1) {
        if (existsSync(path.join(root, inBase(relative)))) {
          add(inBase(relative), relative, read);
          placed = true;
        }
      } else if (firstGlob > 0) {
        const fixed = parts.slice(0, firstGlob).join('/');
        if (isDirectory(path.join(root, inBase(fixed)))) {
          add(inBase(fixed), fixed, read);
          placed = true;
        }
      } else if (parts.length === 1) {
        const matcher = globElement(relative);
        let entries: string[];
        try {
          entries = readdirSync(path.join(root, base)).filter((name) => matcher.test(name));
        } catch {
          entries = [];
        }
        for (const name of entries.sort()) add(inBase(name), name, read);
        placed = entries.length > 0;
      }
      if (placed) break;
    }
    if (!placed) unresolved.push({ ...read, why: `no ${read.path} in the module` });
  }
  return { copies, unresolved };
}
