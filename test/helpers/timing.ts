import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from './run.js';

const GNU_TIME = '/usr/bin/time';

export interface ProcessTime {
  /** Wall-clock seconds, from spawn to exit. */
  wall: number;
  /** User + system CPU seconds of the process and the children it waited for. */
  cpu: number;
  status: number | null;
  stdout: string;
}

/** Whether CPU times can be taken here (GNU time, from Debian's `time` package). */
export function canTimeCpu(): boolean {
  return existsSync(GNU_TIME);
}

/** Runs a command once under GNU time: its wall-clock and CPU seconds. */
export function timeProcess(command: string, args: string[], options: SpawnSyncOptions = {}): ProcessTime {
  const dir = tempDir('time');
  const report = path.join(dir, 'time');
  try {
    const started = process.hrtime.bigint();
    const run = spawnSync(GNU_TIME, ['-o', report, '-f', '%U %S', command, ...args], {
      encoding: 'utf8',
      ...options,
    });
    const wall = Number(process.hrtime.bigint() - started) / 1e9;
    const [user, system] =
      readFileSync(report, 'utf8').trim().split('\n').pop()?.split(' ').map(Number) ?? [];
    return { wall, cpu: (user ?? NaN) + (system ?? NaN), status: run.status, stdout: String(run.stdout) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? NaN)
    : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}
