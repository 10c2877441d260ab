/**
 * Putting a converted Dockerfile in place of the original: the original's
 * exact bytes are kept first as `Dockerfile.orig` (or `.orig.N`, never
 * overwriting one), then the new text replaces the file in one rename. Any
 * failure on the way leaves the user with exactly what they had.
 */
import { readFileSync, type Stats } from 'node:fs';
import { toToolError, ToolError } from '../errors.js';
import { checkReplaceable, commitTemp, createExclusive, removeQuietly, writeTemp } from '../fs/atomic.js';

/** More backups of one file than anyone keeps on purpose: something is wrong. */
const MAX_BACKUPS = 1000;

/** `Dockerfile.orig`, then `Dockerfile.orig.1`, ...: the first name nobody has, taken atomically. */
function keepBackup(file: string, original: Uint8Array, like: Stats): string {
  for (let n = 0; n < MAX_BACKUPS; n++) {
    const candidate = n === 0 ? `${file}.orig` : `${file}.orig.${n}`;
    if (createExclusive(candidate, original, like)) return candidate;
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
  let backup: string | undefined;
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
    return backup;
  } catch (error) {
    if (temp) removeQuietly(temp.path);
    if (backup) removeQuietly(backup);
    throw toToolError(error, 'write', shown);
  }
}
