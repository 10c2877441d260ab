/**
 * `--all DIR`: finding every Dockerfile under a folder. The walk never follows
 * a symbolic link and never stops at a folder it cannot read: what it did not
 * look at is returned with the reason, so the report can say so.
 */
import { accessSync, constants, readdirSync, readlinkSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { describeSystemError, errnoOf, ToolError } from '../../errors.js';

export interface SkippedPath {
  path: string;
  code: 'symlink' | 'symlink-loop' | 'permission-denied' | 'io' | 'not-a-file';
  reason: string;
}

export interface Discovery {
  /** Every Dockerfile found, sorted. */
  files: string[];
  /** Links not followed, folders that could not be read and Dockerfiles that are not regular files, sorted by path. */
  skipped: SkippedPath[];
}

/** Folders that hold someone else's files (VCS data, dependencies, test inputs, editor settings). */
const SKIPPED_DIRS = new Set(['.git', 'node_modules', 'vendor', 'testdata', '.idea', '.vscode']);

/** `Dockerfile`, `Dockerfile.*`, `*.Dockerfile`, and the same with `Containerfile`, in any case. */
const DOCKERFILE_NAME = /^(?:(?:dockerfile|containerfile)(?:\..+)?|.+\.(?:dockerfile|containerfile))$/i;

/**
 * Names that look like a Dockerfile but are not one:
 * - BuildKit's per-Dockerfile ignore files (`Dockerfile.dockerignore`);
 * - our own backups (`Dockerfile.orig`, `Dockerfile.orig.2`), so a second run
 *   does not convert them;
 * - editor leftovers (`Dockerfile~`, `.swp`/`.swo` swap files, `.bak`);
 * - documents: a name whose last extension is a document format
 *   (`Dockerfile.md`, `Dockerfile.txt`, `.rst`, `.adoc`, `.html`) describes a
 *   Dockerfile rather than being one. Any other `Dockerfile.*` suffix names a
 *   variant (`Dockerfile.prod`, `Dockerfile.alpine`) and is converted.
 */
const NOT_A_DOCKERFILE = [
  /\.(?:dockerignore|containerignore)$/i,
  /\.orig(?:\.\d+)?$/i,
  /(?:~|\.swp|\.swo|\.bak)$/i,
  /\.(?:md|markdown|txt|rst|adoc|asciidoc|html?)$/i,
];

/** Our temporary files while writing (`.Dockerfile.gmc-1a2b.tmp`): never a Dockerfile of the user's. */
function isOurTempFile(name: string): boolean {
  return name.startsWith('.') && name.includes('.gmc-') && name.endsWith('.tmp');
}

export function isDockerfileName(name: string): boolean {
  if (isOurTempFile(name)) return false;
  if (NOT_A_DOCKERFILE.some((pattern) => pattern.test(name))) return false;
  return DOCKERFILE_NAME.test(name);
}

/**
 * Every Dockerfile under `root`, sorted. `root` itself may be a symbolic link
 * to a folder (the user named it); nothing under it is followed. Throws a
 * ToolError when `root` cannot be walked; never for what is under it.
 * `shown` is how the user wrote `root`, for the messages.
 */
export function discoverDockerfiles(root: string, shown: string = root): Discovery {
  const files: string[] = [];
  const skipped: SkippedPath[] = [];
  // A stack rather than recursion: a deep tree cannot overflow the call stack.
  const pending: Array<{ dir: string; entries: Dirent[] }> = [{ dir: root, entries: listRoot(root, shown) }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    for (const entry of next.entries) {
      if (SKIPPED_DIRS.has(entry.name)) continue;
      const full = path.join(next.dir, entry.name);
      if (entry.isSymbolicLink()) skipped.push(describeLink(full));
      else if (entry.isDirectory()) {
        const listed = listFolder(full);
        if ('skipped' in listed) skipped.push(listed.skipped);
        else pending.push({ dir: full, entries: listed.entries });
      } else if (isDockerfileName(entry.name)) {
        // A FIFO is never opened (it would block), nor a device or socket: said, not silently passed over.
        if (entry.isFile()) files.push(full);
        else
          skipped.push({
            path: full,
            code: 'not-a-file',
            reason: `${specialType(entry)}, not a regular file (not read)`,
          });
      }
    }
  }
  return {
    files: files.sort(),
    skipped: skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
  };
}

/** The root's entries, or a one-line ToolError that says why there are none. */
function listRoot(root: string, shown: string): Dirent[] {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(root).isDirectory();
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') throw new ToolError('not-found', `--all: ${shown} does not exist`);
    const { code, text } = describeSystemError(error);
    throw new ToolError(code, `--all: cannot open ${shown}: ${text}`);
  }
  if (!isDirectory) throw new ToolError('not-a-directory', `--all: ${shown} is not a directory`);
  try {
    // Listing needs read permission; looking at what is listed needs search permission too.
    accessSync(root, constants.R_OK | constants.X_OK);
    return readdirSync(root, { withFileTypes: true });
  } catch (error) {
    const { code, text } = describeSystemError(error);
    throw new ToolError(code, `--all: cannot read ${shown}: ${text}`);
  }
}

function specialType(entry: Dirent): string {
  if (entry.isFIFO()) return 'a FIFO (named pipe)';
  if (entry.isSocket()) return 'a socket';
  if (entry.isCharacterDevice()) return 'a character device';
  if (entry.isBlockDevice()) return 'a block device';
  return 'of an unknown type';
}

function listFolder(dir: string): { entries: Dirent[] } | { skipped: SkippedPath } {
  try {
    return { entries: readdirSync(dir, { withFileTypes: true }) };
  } catch (error) {
    const { code, text } = describeSystemError(error);
    return {
      skipped: {
        path: dir,
        code: code === 'permission-denied' ? code : 'io',
        reason: `cannot read this folder: ${text}`,
      },
    };
  }
}

/** A link is never followed; its target is named so the user can pass it on its own if it matters. */
function describeLink(link: string): SkippedPath {
  let target: string;
  try {
    target = readlinkSync(link);
  } catch (error) {
    const reason = `symbolic link whose target cannot be read: ${describeSystemError(error).text} (not followed)`;
    return { path: link, code: 'symlink', reason };
  }
  try {
    statSync(link);
  } catch (error) {
    if (errnoOf(error) === 'ELOOP')
      return {
        path: link,
        code: 'symlink-loop',
        reason: `symbolic link to ${target}, a link loop (not followed)`,
      };
  }
  return { path: link, code: 'symlink', reason: `symbolic link to ${target} (not followed)` };
}
