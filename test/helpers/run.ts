import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN } from './paths.js';

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `gmc-${prefix}-`));
}

/** Runs the package's bin as a user would, with stdin that is not a terminal. */
export function runBin(cwd: string, args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    input: '',
    timeout: 60_000,
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
  });
}

/** Every file in a folder (not recursive), by name. */
export function readTree(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir).map((file) => [file, readFileSync(path.join(dir, file), 'utf8')]),
  );
}
