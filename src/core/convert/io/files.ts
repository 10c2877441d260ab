/**
 * The conversion's contact with the disk: reading what the build context
 * tells about the program (its module path, whether it uses cgo), and choosing
 * a backup name that never overwrites an earlier backup. Finding Dockerfiles
 * is discovery.ts.
 */
import { existsSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import {
  convertDockerfile,
  refused,
  unchangedNotices,
  type ConversionResult,
  type ConvertOptions,
  type ConvertStrategy,
  type Finding,
} from '../convert.js';
import { notTextRule } from '../rules/not-text.js';
import { unreadableContextRule } from '../rules/unreadable-context.js';
import { READ_LIMITS, ReadError, readHeadSafely, tryReadText } from '../../fs/safe-read.js';
import { PROGRAM_HEAD_BYTES, programKind, type ProgramKind } from '../facts/programs.js';
import { scanBuildContext, type UnreadablePath } from './context-scan.js';
import { readReleaseConfig } from './release-config.js';
import { chooseBuildContext, type BuildContextChoice } from './build-context.js';
import { buildContextRule } from '../rules/build-context.js';
import { readDockerfile, type DockerfileSource } from './source.js';

export interface FileConversion {
  file: string;
  result: ConversionResult;
  source?: DockerfileSource;
}

/** The module path in `dir/go.mod`, if there is one that reads safely (the cgo scan reports one that does not). */
export function modulePathIn(dir: string): string | undefined {
  const read = tryReadText(path.join(dir, 'go.mod'), { kind: 'go.mod', within: dir, shown: 'go.mod' });
  // No go.mod, or one refused: binaries are then named as Go names them without one.
  if (!read.ok) return undefined;
  for (const line of read.text.split('\n')) {
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
export const MAX_CONTEXT_FILE_BYTES = READ_LIMITS.Makefile;

/** All the Makefiles and scripts one conversion reads, together: a diamond of includes cannot multiply it. */
export const MAX_CONTEXT_FILES = 200;

export interface ContextFileReader {
  (relativePath: string): string | undefined;
  /** Files that are there but were refused (not a regular file, a link out, too large), with why. */
  readonly refused: ReadonlyArray<{ path: string; reason: string }>;
}

/**
 * A reader of the build context's files by relative path, for following the
 * Makefiles and scripts a RUN runs. It never leaves the context: a path with
 * `..` reads as absent; a link to an absolute path is refused, and the safe
 * reader refuses a relative link leading out, a FIFO or device, and a file over MAX_CONTEXT_FILE_BYTES (those are listed in
 * `refused`, so the report can say so). Each file is read once, however many
 * times a Makefile includes it, and at most MAX_CONTEXT_FILES are read.
 */
export function contextFileReader(dir: string): ContextFileReader {
  const cache = new Map<string, string | undefined>();
  const refused: Array<{ path: string; reason: string }> = [];
  const reader = (relativePath: string): string | undefined => {
    const parts = relativePath.split('/').filter((part) => part !== '' && part !== '.');
    if (parts.length === 0 || parts.includes('..')) return undefined;
    const key = parts.join('/');
    if (cache.has(key)) return cache.get(key);
    if (cache.size >= MAX_CONTEXT_FILES) {
      if (!refused.some((entry) => entry.path === key))
        refused.push({
          path: key,
          reason: `more than ${MAX_CONTEXT_FILES} Makefiles and scripts read: not read`,
        });
      return undefined;
    }
    const kind = /(^|\/)(GNUmakefile|[Mm]akefile)$|\.mk$/.test(key) ? 'Makefile' : 'build script';
    // The safe reader first: a link that leads out of the context is named with where it leads.
    const read = tryReadText(path.join(dir, ...parts), { kind, within: dir, shown: key });
    const absolute = read.ok ? absoluteLinkOn(dir, parts) : undefined;
    if (absolute !== undefined) {
      cache.set(key, undefined);
      refused.push({
        path: key,
        reason: `${absolute} is a symbolic link to an absolute path: inside the image it points elsewhere, so it is not followed`,
      });
      return undefined;
    }
    cache.set(key, read.ok ? read.text : undefined);
    if (!read.ok && !isAbsence(read.error)) refused.push({ path: key, reason: read.error.reason });
    return read.ok ? read.text : undefined;
  };
  return Object.assign(reader, { refused });
}

/**
 * The first part of the path that is a link to an absolute path, if any. The
 * build copies a link as a link: a relative one inside the context resolves
 * in the image as on the host (the safe reader checks it stays inside), an
 * absolute one points at the host's path, which the image does not have.
 */
function absoluteLinkOn(dir: string, parts: readonly string[]): string | undefined {
  let current = dir;
  for (let i = 0; i < parts.length; i++) {
    current = path.join(current, parts[i] as string);
    let target: string;
    try {
      target = readlinkSync(current);
    } catch {
      // Not a link (EINVAL), or not there: the safe reader says which.
      continue;
    }
    if (path.isAbsolute(target)) return parts.slice(0, i + 1).join('/');
  }
  return undefined;
}

/** Not there, or a folder (a name the engine tries as a file): absent, as the rules already say. */
function isAbsence(error: ReadError): boolean {
  return (
    error.refusal === 'not-found' || error.fileType === 'a directory' || error.code === 'not-a-directory'
  );
}

/** Reads, checks and converts one file; the build context is the file's folder. */
export function convertFile(
  file: string,
  strategy: ConvertStrategy,
  shown = file,
  decisions: Partial<Pick<ConvertOptions, 'drop'>> = {},
): FileConversion {
  const decoded = readDockerfile(file, shown);
  if (!decoded.ok) {
    return { file, result: refused(strategy, [...notTextRule.refusals(decoded.reason)]) };
  }
  const choice = chooseBuildContext(file, decoded.source.text);
  const context = choice.dir;
  const { cgo, unreadable } = scanBuildContext(context);
  const contextFiles = contextFileReader(context);
  const options: ConvertOptions = {
    strategy,
    modulePath: modulePathIn(context),
    contextCgo: cgo,
    contextFiles,
    contextProgram: contextProgramReader(context),
    releaseConfig: () => readReleaseConfig(context, path.relative(context, path.resolve(file))),
    ...decisions,
  };
  const result = convertDockerfile(decoded.source.text, options);
  return {
    file,
    result: withContextChoice(
      withRefusedReads(withUnreadableWarnings(result, unreadable), strategy, contextFiles.refused, () =>
        unchangedNotices(decoded.source.text, options),
      ),
      file,
      choice,
    ),
    source: decoded.source,
  };
}

/**
 * Which folder was read as the build context, when not the Dockerfile's own
 * (a warning, whatever became of the file); a go.mod the file copies that is
 * in no folder looked in is a warning on a converted file: it was judged
 * from the Dockerfile alone.
 */
function withContextChoice(
  result: ConversionResult,
  file: string,
  choice: BuildContextChoice,
): ConversionResult {
  if (result.status === 'error') return result;
  const warnings = choice.above
    ? [
        buildContextRule.readAbove(
          // Named from where convert runs, as its file names are, so the command in the warning runs there.
          path.relative(process.cwd(), choice.dir) || '.',
          path.relative(choice.dir, path.resolve(file)),
          choice.sources,
        ),
      ]
    : [];
  if (choice.goModMissing !== undefined && result.status === 'converted')
    warnings.push(buildContextRule.goModMissing(choice.goModMissing, choice.looked));
  return { ...result, warnings: [...result.warnings, ...warnings] };
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

/**
 * A file the conversion wanted but the safe reader refused is said by name
 * with why: the rule that needed it only knows it could not see it. A refused
 * go.mod refuses the conversion (reading it as absent would plan a `go mod
 * init` for a module that has a go.mod, a guess presented as fact); a refused
 * Makefile or script is listed among a refusal's reasons, or a conversion's
 * warnings.
 */
function withRefusedReads(
  result: ConversionResult,
  strategy: ConvertStrategy,
  refusedReads: ReadonlyArray<{ path: string; reason: string }>,
  /** What the notices say of the file left as it is, once a converted file is refused here. */
  unchanged: () => Finding[],
): ConversionResult {
  if (refusedReads.length === 0 || (result.status !== 'converted' && result.status !== 'refused'))
    return result;
  const { refusals, warnings } = unreadableContextRule.refusedReads(refusedReads);
  if (refusals.length > 0)
    return result.status === 'refused'
      ? { ...result, refusals: [...result.refusals, ...refusals] }
      : refused(strategy, [...refusals], unchanged());
  return result.status === 'refused'
    ? { ...result, refusals: [...result.refusals, ...warnings] }
    : { ...result, warnings: [...result.warnings, ...warnings] };
}

/**
 * What a file of the build context is (a script, a static or dynamic ELF
 * binary), from its first bytes, read safely: a link out of the context, a
 * FIFO or a device is never opened as the program. Undefined when it is not there.
 */
export function contextProgramReader(dir: string): (relativePath: string) => ProgramKind | undefined {
  return (relativePath) => {
    const parts = relativePath.split('/').filter((part) => part !== '' && part !== '.');
    if (parts.length === 0 || parts.includes('..')) return undefined;
    try {
      return programKind(
        readHeadSafely(path.join(dir, ...parts), { within: dir, shown: parts.join('/') }, PROGRAM_HEAD_BYTES),
      );
    } catch (error) {
      if (error instanceof ReadError && (error.refusal === 'not-found' || error.fileType === 'a directory'))
        return undefined;
      return { kind: 'other' };
    }
  };
}
