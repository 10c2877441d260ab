/**
 * The repository a Dockerfile belongs to: the nearest folder above it with a
 * `.git` (a folder, or the file a worktree or submodule has), where builds
 * and release tools run from. A folder above an unversioned project is not
 * the project's, so nothing is looked for there.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Folders more than this far above the Dockerfile are not searched for a
 * repository root: a bound, not a layout any project has.
 */
const MAX_ANCESTORS = 32;

/**
 * The folders above `dir` (not `dir` itself), nearest first, up to and
 * including the repository root; none when `dir` is the root itself or has
 * no `.git` above it.
 */
export function foldersUpToRepositoryRoot(dir: string): string[] {
  const start = path.resolve(dir);
  if (existsSync(path.join(start, '.git'))) return [];
  const folders: string[] = [];
  let folder = start;
  for (let level = 0; level < MAX_ANCESTORS; level++) {
    const parent = path.dirname(folder);
    if (parent === folder) return [];
    folder = parent;
    folders.push(folder);
    if (existsSync(path.join(folder, '.git'))) return folders;
  }
  return [];
}
