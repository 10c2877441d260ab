/**
 * The conversion's contact with the disk: reading what the build context
 * tells about the program (its module path, whether it uses cgo), and choosing
 * a backup name that never overwrites an earlier backup. Finding Dockerfiles
 * is discovery.ts.
 */
import { existsSync, lstatSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { convertDockerfile, refused, type ConversionResult, type ConvertStrategy } from '../convert.js';
import { notTextRule } from '../rules/not-text.js';
import { unreadableContextRule } from '../rules/unreadable-context.js';
import { scanBuildContext, type UnreadablePath } from './context-scan.js';
import { readDockerfile, type DockerfileSource } from './source.js';

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
    return { file, result: refused(strategy, [...notTextRule.refusals(decoded.reason)]) };
  }
  const context = path.dirname(file);
  const { cgo, unreadable } = scanBuildContext(context);
  const result = convertDockerfile(decoded.source.text, {
    strategy,
    modulePath: modulePathIn(context),
    contextCgo: cgo,
    contextFiles: contextFileReader(context),
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
  return { ...result, warnings: [...result.warnings, ...unreadableContextRule.warnings(unreadable)] };
}
