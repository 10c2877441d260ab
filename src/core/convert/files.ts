/**
 * The conversion's contact with the disk: reading what the build context
 * tells about the program (its module path, whether it uses cgo), and choosing
 * a backup name that never overwrites an earlier backup. Finding Dockerfiles
 * is discovery.ts.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { convertDockerfile, type ConversionResult, type ConvertStrategy } from './convert.js';
import { readDockerfile, type DockerfileSource } from './source.js';

/** Enough for a large monorepo; a context with more Go files than this is scanned in part. */
const MAX_GO_FILES = 20_000;

export interface FileConversion {
  file: string;
  result: ConversionResult;
  source?: DockerfileSource;
}

/** The module path in `dir/go.mod`, if there is one. */
export function modulePathIn(dir: string): string | undefined {
  const goMod = path.join(dir, 'go.mod');
  if (!existsSync(goMod)) return undefined;
  for (const line of readFileSync(goMod, 'utf8').split('\n')) {
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

/** The first Go file under `dir` that imports "C", relative to `dir`. */
export function findCgoImport(dir: string): string | undefined {
  let seen = 0;
  const walk = (current: string): string | undefined => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      if (seen > MAX_GO_FILES) return undefined;
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (entry.name === '.git' || entry.name === 'node_modules' || entry.name === 'testdata') continue;
        const hit = walk(full);
        if (hit) return hit;
      } else if (entry.isFile() && entry.name.endsWith('.go') && !entry.name.endsWith('_test.go')) {
        seen++;
        if (importsC(readFileSync(full, 'utf8'))) return path.relative(dir, full);
      }
    }
    return undefined;
  };
  return walk(dir);
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
export function convertFile(file: string, strategy: ConvertStrategy): FileConversion {
  const decoded = readDockerfile(file);
  if (!decoded.ok) {
    return {
      file,
      result: {
        status: 'refused',
        converted: false,
        strategy,
        changes: [],
        warnings: [],
        reason: decoded.reason,
      },
    };
  }
  const context = path.dirname(file);
  const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();
  const cgoImportIn = isDir(context) ? findCgoImport(context) : undefined;
  const result = convertDockerfile(decoded.source.text, {
    strategy,
    modulePath: modulePathIn(context),
    ...(cgoImportIn ? { cgoImportIn } : {}),
  });
  return { file, result, source: decoded.source };
}
