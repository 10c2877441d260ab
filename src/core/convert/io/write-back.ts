/**
 * Putting a converted Dockerfile in place of the original: the original's
 * exact bytes are kept first as `Dockerfile.orig` (or `.orig.N`, never
 * overwriting one), then the new text replaces the file in one rename. Any
 * failure on the way leaves the user with exactly what they had.
 */
import { readFileSync, type Stats } from 'node:fs';
import { toToolError, ToolError } from '../../errors.js';
import {
  checkReplaceable,
  commitTemp,
  createExclusive,
  lstatOrUndefined,
  removeQuietly,
  writeTemp,
} from '../../fs/atomic.js';

/** A regular file (not a link) whose bytes are exactly `bytes`. */
function holdsExactly(candidate: string, bytes: Uint8Array): boolean {
  const stats = lstatOrUndefined(candidate);
  if (!stats?.isFile() || stats.size !== bytes.length) return false;
  try {
    return Buffer.from(bytes).equals(readFileSync(candidate));
  } catch {
    return false;
  }
}

/** More backups of one file than anyone keeps on purpose: something is wrong. */
const MAX_BACKUPS = 1000;

/**
 * `Dockerfile.orig`, then `Dockerfile.orig.1`, ...: the first name nobody has,
 * taken atomically. A backup that already holds exactly these bytes (a run
 * killed after its backup, before its rename) is used again, not piled on.
 */
function keepBackup(file: string, original: Uint8Array, like: Stats): { path: string; made: boolean } {
  for (let n = 0; n < MAX_BACKUPS; n++) {
    const candidate = n === 0 ? `${file}.orig` : `${file}.orig.${n}`;
    if (createExclusive(candidate, original, like)) return { path: candidate, made: true };
    if (holdsExactly(candidate, original)) return { path: candidate, made: false };
  }
  throw new ToolError(
    'io',
    `${file}.orig through .orig.${MAX_BACKUPS - 1} all exist: remove old backups first`,
  );
}

/**
 * Replaces `file`, whose bytes were `original` when it was converted, with
 * `next`, and returns the backup's path. Refuses links and read-only files,
 * and a file that changed on disk since it was read.
 */
export function replaceKeepingOriginal(
  file: string,
  shown: string,
  original: Uint8Array,
  next: string,
  interrupted: () => boolean = () => false,
): string {
  let backup: { path: string; made: boolean } | undefined;
  let temp: ReturnType<typeof writeTemp> | undefined;
  try {
    const stats = checkReplaceable(file, shown);
    if (!stats) throw new ToolError('not-found', `${shown} was removed while it was being converted`);
    temp = writeTemp(file, next, stats);
    if (interrupted()) throw new ToolError('interrupted', `interrupted: ${shown} was left as it was`);
    backup = keepBackup(file, original, stats);
    if (!Buffer.from(original).equals(readFileSync(file)))
      throw new ToolError(
        'changed-on-disk',
        `${shown} changed on disk while it was being converted: run again`,
      );
    commitTemp(temp);
    return backup.path;
  } catch (error) {
    if (temp) removeQuietly(temp.path);
    if (backup?.made) removeQuietly(backup.path);
    throw toToolError(error, 'write', shown);
  }
}
