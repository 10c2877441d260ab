/**
 * The conversion's contact with the disk: reading what the build context
 * tells about the program (its module path, whether it uses cgo), and choosing
 * a backup name that never overwrites an earlier backup. Finding Dockerfiles
 * is discovery.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  convertDockerfile,
  refused,
  RuleCode,
  type ConversionResult,
  type ConvertStrategy,
} from './convert.js';
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

/** Reads, checks and converts one file; the build context is the file's folder. */
export function convertFile(file: string, strategy: ConvertStrategy, shown = file): FileConversion {
  const decoded = readDockerfile(file, shown);
  if (!decoded.ok) {
    return { file, result: refused(strategy, [{ code: RuleCode.NotText, message: decoded.reason }]) };
  }
  const context = path.dirname(file);
  const { cgo, unreadable } = scanBuildContext(context);
  const result = convertDockerfile(decoded.source.text, {
    strategy,
    modulePath: modulePathIn(context),
    contextCgo: cgo,
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
