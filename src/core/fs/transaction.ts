/**
 * Writing a set of files as one change: every target is checked first, every
 * new file is written in full to a temp file, and only then are they renamed
 * into place. A failure before the renames leaves the folder as it was; a
 * failure during them puts back what was already replaced. Either the whole
 * project is updated or none of it.
 */
import { readFileSync, type Stats } from 'node:fs';
import path from 'node:path';
import { toToolError, ToolError } from '../errors.js';
import {
  checkReplaceable,
  commitTemp,
  lstatOrUndefined,
  removeQuietly,
  symlinkError,
  writeFileAtomic,
  writeTemp,
  type TempFile,
} from './atomic.js';

export interface PlannedFile {
  /** Relative to the root, with `/` separators. */
  path: string;
  contents: string;
  /** For a new file (less the umask); a replaced file keeps its own mode. */
  mode?: number;
}

interface Checked {
  file: PlannedFile;
  target: string;
  existing?: Stats;
}

/**
 * Every folder between `root` and the file must be a real folder inside
 * `root`: a link among them could send the write anywhere.
 */
function checkInside(root: string, file: PlannedFile): string {
  const target = path.resolve(root, file.path);
  const relative = path.relative(root, target);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative))
    throw new ToolError('io', `${file.path} is outside ${root}: not written`);
  let current = root;
  for (const part of relative.split(path.sep).slice(0, -1)) {
    current = path.join(current, part);
    const stats = lstatOrUndefined(current);
    if (stats?.isSymbolicLink()) throw symlinkError(path.relative(root, current), current);
    if (stats && !stats.isDirectory())
      throw new ToolError('not-a-directory', `${path.relative(root, current)} is not a folder`);
  }
  return target;
}

/**
 * What is at a planned path now, read only when it is a regular file inside
 * `root`: a link, a folder, a FIFO or a device there is refused before a byte
 * is read (a FIFO would hang the read, /dev/zero never end it).
 */
export function readExisting(root: string, file: PlannedFile, hint?: string): string | undefined {
  try {
    const target = checkInside(root, file);
    const stats = lstatOrUndefined(target);
    if (stats === undefined) return undefined;
    if (stats.isSymbolicLink()) throw symlinkError(file.path, target, hint);
    if (!stats.isFile()) throw new ToolError('not-a-file', `${file.path} exists and is not a regular file`);
    return readFileSync(target, 'utf8');
  } catch (error) {
    throw toToolError(error, 'read', file.path);
  }
}

/** Checks every target before anything is written: links, folders and read-only files stop the run. */
export function checkTargets(root: string, files: readonly PlannedFile[]): Checked[] {
  return files.map((file) => {
    try {
      const target = checkInside(root, file);
      const existing = checkReplaceable(target, file.path);
      return { file, target, ...(existing ? { existing } : {}) };
    } catch (error) {
      throw toToolError(error, 'write', file.path);
    }
  });
}

/**
 * Writes `files` under `root` all or nothing. `shouldStop` is awaited once
 * every temp file is ready, just before the renames (it may let the event loop
 * run, so that a pending signal arrives): a Ctrl-C or SIGTERM that came during
 * the writes then leaves no trace.
 */
export async function writeAll(
  root: string,
  files: readonly PlannedFile[],
  shouldStop: () => boolean | Promise<boolean> = () => false,
): Promise<void> {
  const checked = checkTargets(root, files);
  const temps: TempFile[] = [];
  const staged: Array<Checked & { temp: TempFile; original?: Buffer }> = [];
  try {
    for (const entry of checked) {
      const original = entry.existing ? readFileSync(entry.target) : undefined;
      const temp = writeTemp(entry.target, entry.file.contents, entry.existing, entry.file.mode);
      temps.push(temp);
      staged.push({ ...entry, temp, ...(original ? { original } : {}) });
    }
  } catch (error) {
    for (const temp of temps) removeQuietly(temp.path);
    throw toToolError(error, 'write', checked[temps.length]?.file.path ?? root);
  }
  if (await shouldStop()) {
    for (const temp of temps) removeQuietly(temp.path);
    throw new ToolError('interrupted', 'interrupted: nothing was written');
  }

  const done: typeof staged = [];
  for (const entry of staged) {
    try {
      commitTemp(entry.temp);
      done.push(entry);
    } catch (error) {
      for (const rest of staged.slice(done.length)) removeQuietly(rest.temp.path);
      rollBack(done);
      throw toToolError(error, 'write', entry.file.path);
    }
  }
}

/** Puts back what a failed change had already replaced, and removes what it had created. */
function rollBack(done: ReadonlyArray<Checked & { original?: Buffer }>): void {
  for (const entry of [...done].reverse()) {
    if (entry.original) writeFileAtomic(entry.target, entry.original);
    else removeQuietly(entry.target);
  }
}
