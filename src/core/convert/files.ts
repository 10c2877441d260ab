/**
 * The conversion's contact with the disk: reading what the build context
 * tells about the program (its module path, whether it uses cgo), and choosing
 * a backup name that never overwrites an earlier backup. Finding Dockerfiles
 * is discovery.ts.
 */
import { existsSync, lstatSync, readdirSync, readFileSync, type Dirent } from 'node:fs';
import path from 'node:path';
import {
  convertDockerfile,
  refused,
  RuleCode,
  type ConversionResult,
  type ConvertStrategy,
} from './convert.js';
import { describeSystemError } from '../errors.js';
import { readDockerfile, type DockerfileSource } from './source.js';

/** Folders a Go build does not compile from, or that hold someone else's files. */
const NOT_GO_SOURCES = new Set(['.git', 'node_modules', 'testdata']);

export interface FileConversion {
  file: string;
  result: ConversionResult;
  source?: DockerfileSource;
}

/** The module path in `dir/go.mod`, if there is one. */
export function modulePathIn(dir: string): string | undefined {
  const goMod = path.join(dir, 'go.mod');
  let text: string;
  try {
    text = readFileSync(goMod, 'utf8');
  } catch {
    // No go.mod, or one we cannot read: binaries are then named as Go names them without one.
    return undefined;
  }
  for (const line of text.split('\n')) {
    const match = /^\s*module\s+"?([^\s"]+)"?\s*(\/\/.*)?$/.exec(line);
    if (match) return match[1];
  }
  return undefined;
}

/** True when a Go file's import declarations include "C". */
export function importsC(goSource: string): boolean {
  let inBlock = false;
  for (const raw of goSource.split('\n')) {
    const line = raw.trim();
    if (inBlock) {
      if (line.startsWith(')')) inBlock = false;
      else if (/^(\w+\s+)?"C"$/.test(line)) return true;
      continue;
    }
    if (/^import\s+"C"/.test(line)) return true;
    if (/^import\s*\($/.test(line)) inBlock = true;
    // Imports come before any other declaration.
    if (/^(func|type|var|const)\b/.test(line)) return false;
  }
  return false;
}

export interface UnreadablePath {
  /** Relative to the scanned folder; `.` for the folder itself. */
  path: string;
  reason: string;
}

export interface BuildContextScan {
  /** The first Go file (in name order) that imports "C", relative to the scanned folder. */
  cgoImportIn?: string;
  /** What could not be read: an import "C" in it would not have been seen. */
  unreadable: UnreadablePath[];
}

/**
 * Looks through every Go file of a build context for `import "C"`, in name
 * order, stopping at the first. Symbolic links are not followed. A folder or
 * file that cannot be read is recorded and the scan goes on: a partial answer
 * that says what it missed is more use than none.
 */
export function scanBuildContext(dir: string): BuildContextScan {
  const unreadable: UnreadablePath[] = [];
  const relative = (full: string) => path.relative(dir, full) || '.';
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
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (!NOT_GO_SOURCES.has(entry.name)) subfolders.push(full);
      } else if (entry.isFile() && isCompiledGoFile(entry.name)) {
        let source: string;
        try {
          source = readFileSync(full, 'utf8');
        } catch (error) {
          unreadable.push({ path: relative(full), reason: describeSystemError(error).text });
          continue;
        }
        if (importsC(source)) return { cgoImportIn: relative(full), unreadable };
      }
    }
    // Pushed last first, so the stack pops them in name order.
    for (let i = subfolders.length - 1; i >= 0; i--) pending.push(subfolders[i] as string);
  }
  return { unreadable };
}

function byName(a: Dirent, b: Dirent): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Tests are not part of the binary: their cgo does not matter to the image. */
function isCompiledGoFile(name: string): boolean {
  return name.endsWith('.go') && !name.endsWith('_test.go');
}

/** `Dockerfile.orig`, or the first free `Dockerfile.orig.N`: an existing backup is never overwritten. */
export function backupPath(file: string): string {
  const first = `${file}.orig`;
  if (!existsSync(first)) return first;
  for (let n = 1; ; n++) {
    const candidate = `${first}.${n}`;
    if (!existsSync(candidate)) return candidate;
  }
}

/** The largest Makefile or build script read from a build context. */
export const MAX_CONTEXT_FILE_BYTES = 1024 * 1024;

/**
 * A reader of the build context's files by relative path, for following the
 * Makefiles and scripts a RUN runs. It never leaves the context: a path with
 * `..` or a symbolic link anywhere along it reads as absent, as does a file
 * over MAX_CONTEXT_FILE_BYTES or one that cannot be read.
 */
export function contextFileReader(dir: string): (relativePath: string) => string | undefined {
  return (relativePath) => {
    const parts = relativePath.split('/').filter((part) => part !== '' && part !== '.');
    if (parts.length === 0 || parts.includes('..')) return undefined;
    let current = dir;
    try {
      for (const part of parts) {
        current = path.join(current, part);
        if (lstatSync(current).isSymbolicLink()) return undefined;
      }
      const stat = lstatSync(current);
      if (!stat.isFile() || stat.size > MAX_CONTEXT_FILE_BYTES) return undefined;
      return readFileSync(current, 'utf8');
    } catch {
      // Not there or not readable: the rule that needed it says which file it could not see.
      return undefined;
    }
  };
}

/** Reads, checks and converts one file; the build context is the file's folder. */
export function convertFile(file: string, strategy: ConvertStrategy, shown = file): FileConversion {
  const decoded = readDockerfile(file, shown);
  if (!decoded.ok) {
    return { file, result: refused(strategy, [{ code: RuleCode.NotText, message: decoded.reason }]) };
  }
  const context = path.dirname(file);
  const { cgoImportIn, unreadable } = scanBuildContext(context);
  const result = convertDockerfile(decoded.source.text, {
    strategy,
    modulePath: modulePathIn(context),
    contextFiles: contextFileReader(context),
    ...(cgoImportIn ? { cgoImportIn } : {}),
  });
  return { file, result: withUnreadableWarnings(result, unreadable), source: decoded.source };
}

/**
 * A conversion is only as sure as the scan for cgo: each path the scan could
 * not read becomes a warning. Refused and unchanged files get none, as an
 * unseen import "C" would not change their outcome.
 */
function withUnreadableWarnings(result: ConversionResult, unreadable: UnreadablePath[]): ConversionResult {
  if (result.status !== 'converted' || unreadable.length === 0) return result;
  const warnings = unreadable.map(({ path: where, reason }) => ({
    code: RuleCode.UnreadableContext,
    message: `could not read ${where} (${reason}): an import "C" in it would not be seen`,
  }));
  return { ...result, warnings: [...result.warnings, ...warnings] };
}
