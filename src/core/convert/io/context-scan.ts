/**
 * The build context's Go files, read for cgo (context-cgo.ts judges them):
 * every folder a `./...` build could compile from, in name order, with the
 * files a Linux build compiles told apart by the toolchain's `go list` when
 * it answers offline, and by the build constraints read here otherwise.
 * Symbolic links are not followed. What cannot be read is recorded and the
 * scan goes on: a partial answer that says what it missed is more use than none.
 */
import { childProcess } from '../../lazy-builtins.js';
import { readdirSync, realpathSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { CONTAINER_TARGET, isBuiltFile } from '../../go/build-constraints.js';
import { parseGoMod } from '../../go/go-mod.js';
import { parseGoSource } from '../../go/go-source.js';
import { goListEnv } from '../../go/packages.js';
import { describeSystemError } from '../../errors.js';
import { tryReadText } from '../../fs/safe-read.js';
import { goListWouldBlock } from '../../go/special-files.js';
import {
  contextCgo,
  type ContextCgo,
  type ScannedFile,
  type ScannedFolder,
  type ScannedGoMod,
  gatedOnCgo,
  type DependencyCgo,
} from '../cgo/context-cgo.js';
import type { LinkedModules } from '../../go/cgo-modules.js';

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
  const read = (full: string, kind: 'Go source' | 'go.mod') => {
    const text = tryReadText(full, { kind, within: dir, shown: relative(full) });
    if (!text.ok) unreadable.push({ path: relative(full), reason: text.error.reason });
    return text.ok ? text.text : undefined;
  };
  const scanned: Array<{ folder: string; files: ScannedFile[] }> = [];
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
      // Links are not followed (see above); a FIFO, device or socket is refused by the reader, and said.
      if (entry.isSymbolicLink() || (!goFile && entry.name !== 'go.mod')) continue;
      const text = read(full, goFile ? 'Go source' : 'go.mod');
      if (text === undefined) continue;
      if (goFile) files.push({ ...parseGoSource(text), path: relative(full), name: entry.name });
      else goMods.push({ file: relative(full), requires: parseGoMod(text).requires });
    }
    scanned.push({ folder: relative(current), files });
    // Pushed last first, so the stack pops them in name order.
    for (let i = subfolders.length - 1; i >= 0; i--) pending.push(subfolders[i] as string);
  }
  // go list reads what the walk refused (a FIFO would block it): it runs only on a tree that is safe to read.
  const safeForGo = !unreadable.some((entry) => entry.path === 'go.mod') && !goListWouldBlock(dir);
  const listing = options.useGo === false || !safeForGo ? undefined : goListPackages(dir);
  const builtByGoList = listing?.built;
  const folders: ScannedFolder[] = [];
  for (const { folder, files } of scanned) {
    const listed = builtByGoList?.get(folder);
    const built = files.filter((file) =>
      listed ? listed.has(file.name) : isBuiltFile(file.name, file.constraint, CONTAINER_TARGET),
    );
    if (files.length > 0) folders.push({ all: files, built });
  }
  const via = listing ? 'go list' : 'file scan';
  return { cgo: contextCgo(folders, goMods, via, listing?.dependencies ?? [], listing?.linked), unreadable };
}

function byName(a: Dirent, b: Dirent): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

interface ListedPackage {
  ImportPath?: string;
  Dir?: string;
  GoFiles?: string[];
  CgoFiles?: string[];
  Standard?: boolean;
  Module?: { Path?: string; Version?: string; Main?: boolean; Dir?: string };
  Error?: unknown;
  DepsErrors?: unknown[];
}

export interface GoListing {
  /** The files of each of the module's own folders (relative to `dir`, `/` separators, `.` for itself). */
  built: Map<string, Set<string>>;
  /** Dependencies the packages import, directly or not, that have `import "C"` outside a cgo constraint. */
  dependencies: DependencyCgo[];
  /** The modules of the packages the build compiles (-deps), and whether go list found every one of them. */
  linked: LinkedModules;
}

/**
 * What go list says a linux/amd64 build with cgo on compiles, for the module
 * at the context's root and every package it imports (-deps): the module's
 * own files by folder, and the dependencies with cgo files. Undefined when
 * there is no go.mod there, go is not on the PATH, or it fails or takes too
 * long. It runs offline and never writes go.mod or go.sum (goListEnv:
 * GOPROXY=off, -mod=readonly or the vendor folder, GOWORK=off, the local
 * toolchain); it lists the module's own packages even when their
 * dependencies are in neither vendor/ nor the module cache (those are then
 * not looked at: their import paths still count, through the known cgo
 * modules).
 */
export function goListPackages(dir: string): GoListing | undefined {
  if (!tryReadText(path.join(dir, 'go.mod'), { kind: 'go.mod', within: dir }).ok) return undefined;
  const fields = 'ImportPath,Dir,GoFiles,CgoFiles,Standard,Module,Error,DepsErrors';
  const run = childProcess().spawnSync('go', ['list', '-e', '-deps', `-json=${fields}`, './...'], {
    cwd: dir,
    env: goListEnv(dir, false),
    encoding: 'utf8',
    timeout: GO_LIST_TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error || run.status !== 0) return undefined;
  const root = realpathSync(dir);
  const inContext = (full: string) => path.relative(root, full).split(path.sep).join('/') || '.';
  const built = new Map<string, Set<string>>();
  const dependencies: DependencyCgo[] = [];
  const modules = new Set<string>();
  let complete = true;
  // go list -json writes one object after another, not an array.
  for (const chunk of run.stdout.split(/\n(?=\{)/)) {
    if (chunk.trim() === '') continue;
    let listed: ListedPackage;
    try {
      listed = JSON.parse(chunk) as ListedPackage;
    } catch {
      return undefined;
    }
    const { Dir: folder, Module: module } = listed;
    // A package go list could not find (not in vendor/ or the module cache): the dependency graph is not whole.
    if (listed.Error !== undefined || (listed.DepsErrors ?? []).length > 0) complete = false;
    if (!listed.Standard && !module?.Main && module?.Path !== undefined) modules.add(module.Path);
    if (folder === undefined || listed.Standard) continue;
    if (module?.Main) {
      built.set(inContext(folder), new Set([...(listed.GoFiles ?? []), ...(listed.CgoFiles ?? [])]));
      continue;
    }
    const found = dependencyCgo(listed, folder, (file) => {
      const full = path.join(folder, file);
      const relative = inContext(full);
      if (!relative.startsWith('../')) return relative;
      const below = module?.Dir ? path.relative(module.Dir, full).split(path.sep).join('/') : file;
      return `${module?.Path ?? listed.ImportPath}@${module?.Version ?? ''}/${below}`;
    });
    if (found) dependencies.push(found);
  }
  return { built, dependencies, linked: { complete, modules } };
}

/** The first cgo file of a dependency that a CGO_ENABLED=0 build could not do without. */
function dependencyCgo(
  listed: ListedPackage,
  folder: string,
  shown: (file: string) => string,
): DependencyCgo | undefined {
  for (const file of listed.CgoFiles ?? []) {
    // A dependency's own folder (the module cache, vendor/): read as safely as the user's files.
    const read = tryReadText(path.join(folder, file), { kind: 'Go source', within: folder });
    if (!read.ok) continue;
    const source = parseGoSource(read.text);
    const importC = source.imports.find((imported) => imported.path === 'C');
    if (!importC || gatedOnCgo(source)) continue;
    return { importPath: listed.ImportPath ?? '', file: shown(file), line: importC.line };
  }
  return undefined;
}
