/**
 * Folders a program may read at run time (templates/, static/, migrations/,
 * ...): an image that holds just the binary lacks them, unless they are
 * `//go:embed`-ed, in which case they are inside the binary already.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { SourceLocation } from './cgo.js';
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
          const mention = new RegExp(`"(?:\\./)?${name}(?:/[^"]*)?"`);
          if (mention.test(code) && !(embed && embed.file === file.path && embed.line === index + 1))
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
