/**
 * Temp folders that are removed after each test, a small tmpfs for full-disk
 * tests, and a run of the bin as an unprivileged user (root reads anything,
 * so permission tests need someone else).
 */
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  watch,
  type FSWatcher,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statfsSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from '@jest/globals';
import { BIN } from './paths.js';

const made: string[] = [];
const mounts: string[] = [];

afterEach(() => {
  for (const mount of mounts.splice(0)) spawnSync('umount', [mount]);
  for (const dir of made.splice(0)) {
    // A test may have taken permissions away; give them back so the folder can go.
    spawnSync('chmod', ['-R', 'u+rwx', dir]);
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A new folder, world-readable (for the unprivileged runs), removed after the test. */
export function sandbox(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `gmc-${prefix}-`));
  chmodSync(dir, 0o755);
  made.push(dir);
  return dir;
}

/** A tmpfs of `kib` KiB mounted in a new sandbox folder, unmounted after the test. */
export function smallDisk(kib: number): string {
  const dir = sandbox('disk');
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${kib}k,mode=0755`, 'tmpfs', dir], {
    encoding: 'utf8',
  });
  if (mounted.status !== 0)
    throw new Error(`cannot mount a tmpfs (these tests run as root): ${mounted.stderr}`);
  mounts.push(dir);
  return dir;
}

/** Fills the file system that holds `dir` until only about `leaveBytes` are free. */
export function fillDisk(dir: string, leaveBytes: number): void {
  const { bavail, bsize } = statfsSync(dir);
  const fill = Math.max(0, bavail * bsize - leaveBytes);
  writeFileSync(path.join(dir, 'filler'), Buffer.alloc(fill));
}

const QUIET_ENV = { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' };

/** The bin as user and group 65534 (nobody), to meet real permission errors. */
export function runBinAsNobody(cwd: string, args: string[]): SpawnSyncReturns<string> {
  return spawnSync(
    'setpriv',
    ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, BIN, ...args],
    // nobody's own home: root's is not readable to it.
    { cwd, encoding: 'utf8', input: '', timeout: 60_000, env: { ...QUIET_ENV, HOME: os.tmpdir() } },
  );
}

/** When to send SIGKILL: after a time, or a time after a file whose name matches appears in the folder. */
export type KillPoint = { afterMs: number } | { whenFileMatches: RegExp; thenMs: number };

/** Starts the bin and resolves with how it ended, killing it with SIGKILL at `kill`. */
export function runBinKilled(
  cwd: string,
  args: string[],
  kill: KillPoint,
): Promise<{ status: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: 'ignore', env: QUIET_ENV });
    const timers: NodeJS.Timeout[] = [];
    const killLater = (ms: number) => timers.push(setTimeout(() => child.kill('SIGKILL'), ms));
    let watcher: FSWatcher | undefined;
    if ('afterMs' in kill) killLater(kill.afterMs);
    else {
      watcher = watch(cwd, (_event, name) => {
        if (name && kill.whenFileMatches.test(name)) {
          watcher?.close();
          killLater(kill.thenMs);
        }
      });
    }
    child.on('exit', (status, signal) => {
      for (const timer of timers) clearTimeout(timer);
      watcher?.close();
      resolve({ status, signal });
    });
  });
}

/** Every file under `dir` with its bytes (base64), to prove a run changed nothing. */
export function treeBytes(dir: string): Record<string, string> {
  const tree: Record<string, string> = {};
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) tree[path.relative(dir, full)] = readFileSync(full).toString('base64');
      else tree[path.relative(dir, full)] = `<${entry.isSymbolicLink() ? 'link' : 'other'}>`;
    }
  };
  walk(dir);
  return tree;
}

export function makeDirs(...dirs: string[]): void {
  for (const dir of dirs) mkdirSync(dir, { recursive: true });
}
