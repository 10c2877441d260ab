/**
 * The build context's Go files, read for cgo (context-cgo.ts judges them):
 * every folder a `./...` build could compile from, in name order, with the
 * files a Linux build compiles told apart by the toolchain's `go list` when
 * it answers offline, and by the build constraints read here otherwise.
 * Symbolic links are not followed. What cannot be read is recorded and the
 * scan goes on: a partial answer that says what it missed is more use than none.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { CONTAINER_TARGET, isBuiltFile } from '../dockerize/build-constraints.js';
import { parseGoMod } from '../dockerize/go-mod.js';
import { parseGoSource } from '../dockerize/go-source.js';
import { goListEnv } from '../dockerize/packages.js';
import { describeSystemError } from '../errors.js';
import {
  contextCgo,
  type ContextCgo,
  type ScannedFile,
  type ScannedFolder,
  type ScannedGoMod,
} from './context-cgo.js';

/**
 * Folders no Go build compiles from (`vendor` holds dependencies: their cgo
 * shows as imports of known cgo modules, or in go.mod), or that hold someone
 * else's files. Go also skips every folder whose name starts with `_` or `.`.
 */
const NOT_GO_SOURCES = new Set(['vendor', 'testdata', 'node_modules']);

/** go list answers in well under a second on a module; past this, the file scan decides. */
const GO_LIST_TIMEOUT_MS = 10_000;

export interface UnreadablePath {
  /** Relative to the scanned folder; `.` for the folder itself. */
  path: string;
  reason: string;
}

export interface BuildContextScan {
  cgo: ContextCgo;
  /** What could not be read: cgo in it would not have been seen. */
  unreadable: UnreadablePath[];
}

export interface ScanOptions {
  /** Ask the toolchain's go list which files a Linux build compiles (default); false reads constraints only. */
  useGo?: boolean;
}

export function scanBuildContext(dir: string, options: ScanOptions = {}): BuildContextScan {
  const unreadable: UnreadablePath[] = [];
  const relative = (full: string) => path.relative(dir, full).split(path.sep).join('/') || '.';
  const builtByGoList = options.useGo === false ? undefined : goListBuiltFiles(dir);
  const folders: ScannedFolder[] = [];
  const goMods: ScannedGoMod[] = [];
  const pending = [dir];
  for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
    let entries: Dirent[];
    try {
      entries = readdirSync(current, { withFileTypes: true }).sort(byName);
    } catch (error) {
      unreadable.push({ path: relative(current), reason: describeSystemError(error).text });
      continue;
    }
    const subfolders: string[] = [];
    const files: ScannedFile[] = [];
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (!NOT_GO_SOURCES.has(entry.name) && !/^[_.]/.test(entry.name)) subfolders.push(full);
        continue;
      }
      const goFile = entry.name.endsWith('.go') && !entry.name.endsWith('_test.go');
      if (!entry.isFile() || (!goFile && entry.name !== 'go.mod')) continue;
      let text: string;
      try {
        text = readFileSync(full, 'utf8');
      } catch (error) {
        unreadable.push({ path: relative(full), reason: describeSystemError(error).text });
        continue;
      }
      if (goFile) files.push({ ...parseGoSource(text), path: relative(full), name: entry.name });
      else goMods.push({ file: relative(full), requires: parseGoMod(text).requires });
    }
    const listed = builtByGoList?.get(relative(current));
    const built = files.filter((file) =>
      listed ? listed.has(file.name) : isBuiltFile(file.name, file.constraint, CONTAINER_TARGET),
    );
    if (files.length > 0) folders.push({ all: files, built });
    // Pushed last first, so the stack pops them in name order.
    for (let i = subfolders.length - 1; i >= 0; i--) pending.push(subfolders[i] as string);
  }
  return { cgo: contextCgo(folders, goMods, builtByGoList ? 'go list' : 'file scan'), unreadable };
}

function byName(a: Dirent, b: Dirent): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

interface ListedPackage {
  Dir?: string;
  GoFiles?: string[];
  CgoFiles?: string[];
}

/**
 * The files go list says a linux/amd64 build with cgo on compiles, by
 * folder (relative to `dir`, `/` separators, `.` for itself), for the module at the context's root; undefined when there is no
 * go.mod there, go is not on the PATH, or it fails or takes too long. It
 * runs offline and never writes go.mod or go.sum (goListEnv: GOPROXY=off,
 * -mod=readonly or the vendor folder, GOWORK=off, the local toolchain), and
 * lists the module's own packages even when their dependencies are not in
 * the module cache.
 */
export function goListBuiltFiles(dir: string): Map<string, Set<string>> | undefined {
  if (!existsSync(path.join(dir, 'go.mod'))) return undefined;
  const run = spawnSync('go', ['list', '-e', '-json=Dir,GoFiles,CgoFiles', './...'], {
    cwd: dir,
    env: goListEnv(dir, false),
    encoding: 'utf8',
    timeout: GO_LIST_TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error || run.status !== 0) return undefined;
  const root = realpathSync(dir);
  const built = new Map<string, Set<string>>();
  // go list -json writes one object after another, not an array.
  for (const chunk of run.stdout.split(/\n(?=\{)/)) {
    if (chunk.trim() === '') continue;
    let listed: ListedPackage;
    try {
      listed = JSON.parse(chunk) as ListedPackage;
    } catch {
      return undefined;
    }
    if (listed.Dir !== undefined)
      built.set(
        path.relative(root, listed.Dir).split(path.sep).join('/') || '.',
        new Set([...(listed.GoFiles ?? []), ...(listed.CgoFiles ?? [])]),
      );
  }
  return built;
}
