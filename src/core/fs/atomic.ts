/**
 * Writing files so that a kill, a full disk or a race can never leave a mix of
 * old and new bytes: the new bytes go to a temp file in the same folder, are
 * flushed to disk, and replace the target with one rename. A symbolic link is
 * never written through.
 */
import {
  accessSync,
  closeSync,
  constants,
  fchmodSync,
  fchownSync,
  fsyncSync,
  linkSync,
  lstatSync,
  openSync,
  readlinkSync,
  renameSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { crypto } from '../lazy-builtins.js';
import path from 'node:path';
import { errnoOf, ToolError } from '../errors.js';

/** How our temp files are named, so `--all` and users can recognise leftovers of a killed run. */
export function tempPathFor(target: string): string {
  return path.join(
    path.dirname(target),
    `.${path.basename(target)}.gmc-${crypto().randomBytes(6).toString('hex')}.tmp`,
  );
}

/** The file's stats without following a link; undefined when nothing is there. */
export function lstatOrUndefined(target: string): Stats | undefined {
  try {
    return lstatSync(target);
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return undefined;
    throw error;
  }
}

export function symlinkError(
  shown: string,
  target: string,
  hint = 'replace it with a regular file, or run on the file it points to',
): ToolError {
  let points = 'somewhere';
  try {
    points = readlinkSync(target);
  } catch {
    // The link vanished in between: it is still a link we will not write through.
  }
  return new ToolError(
    'symlink',
    `${shown} is a symbolic link to ${points}: not written through a link; ${hint}`,
  );
}

/**
 * What a write may replace: nothing, or a regular file this user may write.
 * Links, folders and devices are refused, and so is a file without any write
 * permission bit (the user made it read-only; root could replace it, but must
 * not) or one this user cannot write (the folder may let us replace it, but
 * the file's owner said no).
 */
export function checkReplaceable(target: string, shown: string): Stats | undefined {
  const stats = lstatOrUndefined(target);
  if (stats === undefined) return undefined;
  if (stats.isSymbolicLink()) throw symlinkError(shown, target);
  if (!stats.isFile()) throw new ToolError('not-a-file', `${shown} exists and is not a regular file`);
  if ((stats.mode & 0o222) === 0)
    throw new ToolError(
      'read-only',
      `${shown} is read-only: make it writable (chmod u+w) to let it be replaced`,
    );
  try {
    accessSync(target, constants.W_OK);
  } catch (error) {
    // A read-only mount (a bind mount with :ro, a CD, a locked-down CI volume): no user can write there.
    if (errnoOf(error) === 'EROFS')
      throw new ToolError(
        'read-only',
        `${shown} is on a read-only file system: nothing can be written there`,
      );
    throw new ToolError('permission-denied', `${shown} is not writable by this user: permission denied`);
  }
  return stats;
}

function umask(): number {
  // process.umask() with no argument reads the mask without changing it.
  return process.umask();
}

export interface TempFile {
  path: string;
  /** Where it will go. */
  target: string;
}

/**
 * Writes `data` to a new temp file next to `target`, flushed to disk, with
 * the owner of `like` (the file it will replace) and its mode, unless `mode`
 * is given (less the umask, as for any new file). The caller renames it into
 * place or removes it.
 */
export function writeTemp(target: string, data: Uint8Array | string, like?: Stats, mode?: number): TempFile {
  const temp = tempPathFor(target);
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
  const fd = openSync(temp, flags, 0o600);
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fchmodSync(fd, mode === undefined && like ? like.mode & 0o7777 : (mode ?? 0o666) & ~umask());
    if (like) {
      try {
        fchownSync(fd, like.uid, like.gid);
      } catch (error) {
        if (errnoOf(error) !== 'EPERM') throw error;
        // Only root may give a file away: replacing another user's file would
        // silently make it ours, so it is refused instead.
        if (like.uid !== process.getuid?.() || like.gid !== process.getgid?.())
          throw new ToolError(
            'permission-denied',
            `${path.basename(target)} belongs to uid ${like.uid}, gid ${like.gid}: replacing it would change its owner; run as that user`,
          );
      }
    }
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    removeQuietly(temp);
    throw error;
  }
  closeSync(fd);
  return { path: temp, target };
}

export function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Already gone, or never made.
  }
}

/** Flushes a folder's entries (the rename itself) to disk; not every file system allows it. */
export function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, constants.O_RDONLY | constants.O_DIRECTORY);
    fsyncSync(fd);
  } catch {
    // Best effort: the rename is atomic either way, this only makes it durable sooner.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Moves a temp file over its target in one step. */
export function commitTemp(temp: TempFile): void {
  try {
    renameSync(temp.path, temp.target);
  } catch (error) {
    removeQuietly(temp.path);
    throw error;
  }
  syncDir(path.dirname(temp.target));
}

/**
 * Replaces (or creates) `target` with `data` atomically, keeping the mode and
 * owner of the file it replaces. Refuses links, folders and read-only files.
 */
export function writeFileAtomic(
  target: string,
  data: Uint8Array | string,
  options: { shown?: string; mode?: number } = {},
): void {
  const like = checkReplaceable(target, options.shown ?? target);
  commitTemp(writeTemp(target, data, like, options.mode));
}

/**
 * Creates `target` with `data` only if no file of that name exists, and
 * atomically: the bytes are written to a temp file first, then hard-linked to
 * the name, which fails if the name is taken. A kill leaves no half file under
 * the name, and two runs can never both get it. Returns false if it was taken.
 */
export function createExclusive(target: string, data: Uint8Array, like?: Stats): boolean {
  const temp = writeTemp(target, data, like);
  try {
    linkSync(temp.path, target);
    return true;
  } catch (error) {
    if (errnoOf(error) === 'EEXIST') return false;
    throw error;
  } finally {
    // The folder is flushed once, by the rename that follows (commitTemp).
    removeQuietly(temp.path);
  }
}
