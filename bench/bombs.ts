/**
 * `npx tsx bench/bombs.ts [seconds]`: runs convert --dry-run on every bomb of
 * test/helpers/bombs.ts and prints its wall time, peak RSS (GNU time) and how
 * it ended, for issue 14's before/after table. A run is killed after
 * `seconds` (default 30).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BOMBS, EDGE_BOMBS } from '../test/helpers/bombs.js';

const BIN = path.resolve(import.meta.dirname, '../bin/go-microcontainer.js');
const limit = Number(process.argv[2] ?? 30);

/** An ordinary Dockerfile: the cost of starting the bin, against which the bombs' rows read. */
const BASELINE = {
  name: 'baseline: an ordinary Dockerfile',
  write: (dir: string) => {
    writeFileSync(path.join(dir, 'go.mod'), 'module example.com/ok\n\ngo 1.22\n');
    writeFileSync(
      path.join(dir, 'Dockerfile'),
      'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nFROM alpine:3.19\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n',
    );
  },
};

for (const bomb of [BASELINE, ...BOMBS, ...EDGE_BOMBS]) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gmc-bomb-'));
  try {
    bomb.write(dir);
    const started = process.hrtime.bigint();
    const run = spawnSync(
      '/usr/bin/time',
      ['-f', '%M', 'timeout', String(limit), process.execPath, BIN, 'convert', '--dry-run', '--json'],
      { cwd: dir, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 },
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const stderrLines = run.stderr.trim().split('\n');
    const rssKb = Number(stderrLines[stderrLines.length - 1]);
    let outcome = run.status === 124 ? `killed after ${limit} s` : `exit ${run.status}`;
    try {
      const report = JSON.parse(run.stdout) as { status?: string; reason?: string; error?: string };
      outcome += `: ${report.status} ${(report.reason ?? report.error ?? '').slice(0, 110)}`;
    } catch {
      // Killed, or no JSON: the exit says it.
    }
    const rss = Number.isFinite(rssKb) ? `${Math.round(rssKb / 1024)} MB` : 'n/a';
    process.stdout.write(`| ${bomb.name} | ${seconds.toFixed(1)} s | ${rss} | ${outcome} |\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
