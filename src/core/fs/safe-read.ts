/**
 * The one way this tool reads a user's file: Dockerfiles, go.mod and go.work,
 * .gitignore and .dockerignore, .yo-rc.json, Makefiles and the files they
 * include, build scripts and Go sources. A repository is untrusted input, and
 * anyone can commit a symbolic link, so every read is:
 *
 * - of a regular file only. The file is opened with O_NONBLOCK (a FIFO with
 *   no writer then opens at once instead of waiting forever) and fstat-ed
 *   after the open, so what is checked is what is read: a FIFO, a device or a
 *   socket is refused by name, without blocking and without reading a byte;
 * - capped by kind: at most one byte past the cap is ever read, whatever the
 *   file claims its size is (a link to /dev/zero or a 100 MB file costs
 *   nothing);
 * - inside the project: a symbolic link (the file itself, or any folder on
 *   the way) is followed only when where it leads stays inside the folder the
 *   caller names (the project, the build context). A link that leads out is
 *   refused, and the refusal says where it points.
 */
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, type Stats } from 'node:fs';
import path from 'node:path';
import { describeSystemError, errnoOf, ToolError } from '../errors.js';

/** What a file is read as: each kind has its cap and a name for messages. */
export type ReadKind =
  | 'dockerfile'
  | 'go.mod'
  | 'go.work'
  | 'ignore file'
  | 'Yeoman config'
  | 'Makefile'
  | 'build script'
  | 'Go source'
  /** A GoReleaser config, read for how a prebuilt binary is built. */
  | 'release config'
  /** A file the tool would replace (compose.yaml, build.sh), read to compare. */
  | 'project file';

const KIB = 1024;
const MIB = 1024 * KIB;

/**
 * The largest file of each kind read. Each is far above what real projects
 * hold (Dockerfiles are a few KB, the largest seen tens of KB; Kubernetes'
 * go.mod is about 15 KB; generated Go files reach a few MB) and low enough
 * that reading and parsing one stays well under the tool's memory budget.
 */
export const READ_LIMITS: Readonly<Record<ReadKind, number>> = {
  // Comment blocks make some files large; the conversion's own budgets (convert/limits.ts) bound the instructions.
  dockerfile: 4 * MIB,
  'go.mod': 1 * MIB,
  'go.work': 1 * MIB,
  'ignore file': 1 * MIB,
  'Yeoman config': 1 * MIB,
  Makefile: 1 * MIB,
  'build script': 1 * MIB,
  'Go source': 16 * MIB,
  // GoReleaser configs are a few KB; the largest seen some tens of KB.
  'release config': 256 * KIB,
  'project file': 1 * MIB,
};

/** Why a read was refused; the codes are the tool's error codes. */
export type ReadRefusal = 'not-found' | 'not-a-file' | 'symlink' | 'too-large' | 'permission-denied' | 'io';

export interface SafeReadOptions {
  kind: ReadKind;
  /**
   * The folder the file must stay inside: a symbolic link on the way is
   * followed only if the real path is under this folder's real path.
   */
  within: string;
  /** How the file is named in messages (default: the path). */
  shown?: string;
}

/** A refused read, as a ToolError whose `reason` is the short form a report lists. */
export class ReadError extends ToolError {
  constructor(
    readonly refusal: ReadRefusal,
    readonly reason: string,
    shown: string,
    /** For a file that is not a regular file: what it is (`a FIFO (named pipe)`, `a directory`). */
    readonly fileType?: string,
  ) {
    super(refusal === 'too-large' ? 'refused' : refusal, `cannot read ${shown}: ${reason}`);
    this.name = 'ReadError';
  }
}

/** Human words for a file type that is not a regular file. */
export function describeFileType(stats: Stats): string {
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  if (stats.isDirectory()) return 'a directory';
  if (stats.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

function sizeText(bytes: number): string {
  return bytes >= MIB ? `${Math.round(bytes / MIB)} MB` : `${Math.round(bytes / KIB)} KB`;
}

/** `file`'s real path when it stays under `within`; a ReadError when a link leads out. */
function resolveInside(file: string, within: string, shown: string): string {
  let real: string;
  let root: string;
  try {
    real = realpathSync(file);
    root = realpathSync(within);
  } catch (error) {
    throw refusalFor(error, shown);
  }
  const relative = path.relative(root, real);
  if (relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative))) return real;
  throw new ReadError(
    'symlink',
    `it is a symbolic link (or lies under one) that leads outside ${path.basename(root) || root}, to ${real}: not followed`,
    shown,
  );
}

function refusalFor(error: unknown, shown: string): ReadError {
  if (error instanceof ReadError) return error;
  const errno = errnoOf(error);
  // open() of a Unix socket: there is nothing to read.
  if (errno === 'ENXIO' || errno === 'EOPNOTSUPP')
    return new ReadError('not-a-file', 'it is a socket, not a regular file', shown, 'a socket');
  const { code, text } = describeSystemError(error);
  // ENOTDIR (a/b where a is a file): there is no such file, as with ENOENT.
  const refusal: ReadRefusal =
    code === 'not-a-directory'
      ? 'not-found'
      : code === 'not-found' || code === 'permission-denied' || code === 'not-a-file'
        ? code
        : 'io';
  return new ReadError(refusal, text, shown);
}

/**
 * Opens `file` as readSafely and readHeadSafely do, checks it is a regular
 * file, and hands its descriptor and size to `read`; every error becomes a
 * ReadError naming `shown`, and the file is always closed.
 */
function readRegularFile(
  file: string,
  options: Omit<SafeReadOptions, 'kind'>,
  read: (fd: number, size: number, shown: string) => Buffer,
): Buffer {
  const shown = options.shown ?? file;
  const real = resolveInside(file, options.within, shown);
  let fd: number;
  try {
    // O_NOFOLLOW: the resolved path is opened as it was checked, not through a link swapped in since.
    fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (error) {
    throw refusalFor(error, shown);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) {
      const type = describeFileType(stats);
      throw new ReadError('not-a-file', `it is ${type}, not a regular file`, shown, type);
    }
    return read(fd, stats.size, shown);
  } catch (error) {
    throw refusalFor(error, shown);
  } finally {
    closeSync(fd);
  }
}

/**
 * The file's bytes, or a ReadError saying why not: not found, not a regular
 * file (named by type), a link leading outside `within`, over the kind's cap,
 * or an error of the system.
 */
export function readSafely(file: string, options: SafeReadOptions): Buffer {
  const limit = READ_LIMITS[options.kind];
  return readRegularFile(file, options, (fd, size, shown) => {
    if (size > limit) throw tooLarge(options.kind, size, limit, shown);
    // The size can lie (a file still growing, /proc): read at most one byte past the cap.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(64 * KIB, limit + 1 - total));
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      chunks.push(read === chunk.length ? chunk : chunk.subarray(0, read));
      total += read;
      if (total > limit) throw tooLarge(options.kind, total, limit, shown, true);
    }
    return Buffer.concat(chunks, total);
  });
}

/**
 * The first `bytes` bytes of the file (all of it when it is shorter), with
 * readSafely's checks but no size cap: enough to tell a script from a binary,
 * and a static binary from one that needs a loader, however large it is.
 */
export function readHeadSafely(file: string, options: Omit<SafeReadOptions, 'kind'>, bytes: number): Buffer {
  return readRegularFile(file, options, (fd) => {
    const head = Buffer.alloc(bytes);
    let total = 0;
    while (total < bytes) {
      const read = readSync(fd, head, total, bytes - total, null);
      if (read === 0) break;
      total += read;
    }
    return head.subarray(0, total);
  });
}

function tooLarge(kind: ReadKind, size: number, limit: number, shown: string, atLeast = false): ReadError {
  const what = kind === 'dockerfile' ? 'a Dockerfile' : `a ${kind}`;
  // A size that rounds to the limit (1 MB and a byte), or one only known to be past it, is "over".
  const over = atLeast || sizeText(size) === sizeText(limit);
  return new ReadError(
    'too-large',
    `it is ${over ? `over ${sizeText(limit)}` : sizeText(size)}: too large for ${what} (the limit is ${sizeText(limit)})`,
    shown,
  );
}

/** The file as UTF-8 text (see readSafely). */
export function readTextSafely(file: string, options: SafeReadOptions): string {
  return readSafely(file, options).toString('utf8');
}

/** The file as UTF-8 text, or undefined when there is no file of that name; any other refusal throws. */
export function readTextIfThere(file: string, options: SafeReadOptions): string | undefined {
  try {
    return readTextSafely(file, options);
  } catch (error) {
    if (error instanceof ReadError && error.refusal === 'not-found') return undefined;
    throw error;
  }
}

export type TextRead = { ok: true; text: string } | { ok: false; error: ReadError };

/** The file as text, or the refusal as data: for walks that report what they skipped and go on. */
export function tryReadText(file: string, options: SafeReadOptions): TextRead {
  try {
    return { ok: true, text: readTextSafely(file, options) };
  } catch (error) {
    if (error instanceof ReadError) return { ok: false, error };
    throw error;
  }
}
