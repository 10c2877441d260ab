/**
 * Whether running the go command on a folder is safe. `go list` opens every
 * file of every package it looks at, with a plain blocking open: one FIFO
 * named `x.go` (or a link to one) and it waits forever; a link to /dev/zero
 * and it reads without end. Our own readers refuse those (fs/safe-read.ts);
 * the go command is only run on a tree that holds none of them.
 */
import { readdirSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';

/** A module tree larger than this is not looked through, and so not handed to go list either. */
const MAX_ENTRIES = 100_000;

/** Folders the go command never reads packages from. */
const SKIPPED = new Set(['.git', 'node_modules']);

function isSpecial(entry: Dirent, full: string): boolean {
  if (entry.isFile() || entry.isDirectory()) return false;
  if (!entry.isSymbolicLink()) return true;
  try {
    // stat() of a FIFO or device does not open it: it never blocks.
    const target = statSync(full);
    return !target.isFile() && !target.isDirectory();
  } catch {
    // Dangling or a loop: go reports those itself, without blocking.
    return false;
  }
}

/**
 * Why go list must not run on `dir` (the first FIFO, device or socket found,
 * by its path), or undefined when the tree holds none. Links to folders are
 * not walked into: go does not follow them for `./...` either.
 */
export function goListWouldBlock(dir: string): string | undefined {
  const pending = [dir];
  let seen = 0;
  for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
    let entries: Dirent[];
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch {
      continue;
    }
    seen += entries.length;
    if (seen > MAX_ENTRIES) return `the folder holds more than ${MAX_ENTRIES} entries`;
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED.has(entry.name)) pending.push(full);
      } else if (isSpecial(entry, full)) {
        const shown = path.relative(dir, full).split(path.sep).join('/');
        return `${shown} is not a regular file (a FIFO, device or socket), and go would block on it`;
      }
    }
  }
  return undefined;
}
