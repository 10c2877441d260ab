import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN } from './paths.js';

const made: string[] = [];

// Under jest, every temp folder goes when its test file ends (a file's
// module-level caches may use them until then). The bench imports this module
// outside jest, where its folders stay for inspection.
(globalThis as { afterAll?: (hook: () => void) => void }).afterAll?.(() => {
  for (const dir of made.splice(0)) {
    // A test may have taken permissions away; give them back so the folder can go.
    spawnSync('chmod', ['-R', 'u+rwx', dir]);
    rmSync(dir, { recursive: true, force: true });
  }
});

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `gmc-${prefix}-`));
  made.push(dir);
  return dir;
}

/** Runs the package's bin as a user would, with stdin that is not a terminal. */
export function runBin(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    input: '',
    timeout: 60_000,
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', ...env },
  });
}

/** Every file in a folder (not recursive), by name. */
export function readTree(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir).map((file) => [file, readFileSync(path.join(dir, file), 'utf8')]),
  );
}
