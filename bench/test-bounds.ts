/**
 * The speed figures the tests used to assert (issue 13 item 5), measured
 * here instead: each as a ratio against a baseline measured in the same run
 * on the same machine, so a busy machine slows both sides alike. The tests
 * keep only semantic limits (stops within the stop grace period; answers
 * rather than hangs). Needs no Docker engine: `npm run bench` runs it first,
 * and `tsx bench/test-bounds.ts` runs it alone.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { followMake } from '../src/core/convert/builds/make-run.js';
import { parseMakefile } from '../src/core/convert/builds/makefile.js';
import { discoverDockerfiles } from '../src/core/convert/io/discovery.js';
import { decodeDockerfile, encodeDockerfile } from '../src/core/convert/io/source.js';
import { BIN } from '../test/helpers/paths.js';
import { tempDir } from '../test/helpers/run.js';
import { canTimeCpu, median, timeProcess } from '../test/helpers/timing.js';

export interface BoundRow {
  /** What is measured, and the test the figure came from. */
  readonly what: string;
  readonly baseline: string;
  readonly seconds: number;
  readonly baselineSeconds: number;
  /** What the test used to assert, for comparison. */
  readonly formerBound: string;
}

/** The median seconds of `runs` calls of each, interleaved so both see the same load. */
function compare(
  action: () => void,
  baseline: () => void,
  runs: number,
): { seconds: number; baselineSeconds: number } {
  const times: number[] = [];
  const baselineTimes: number[] = [];
  const timed = (run: () => void) => {
    const started = performance.now();
    run();
    return (performance.now() - started) / 1000;
  };
  for (let i = 0; i < runs; i++) {
    times.push(timed(action));
    baselineTimes.push(timed(baseline));
  }
  return { seconds: median(times), baselineSeconds: median(baselineTimes) };
}

/** cli.test.ts had `--help` and `--version` under 0.2 s of CPU; here against `node -e 0`. */
function cliStartup(runs: number): BoundRow[] {
  if (!canTimeCpu()) return [];
  return ['--help', '--version'].map((flag) => {
    const bin: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < runs; i++) {
      const run = timeProcess(process.execPath, [BIN, flag]);
      if (run.status !== 0) throw new Error(`go-microcontainer ${flag} exited ${String(run.status)}`);
      bin.push(run.cpu);
      bare.push(timeProcess(process.execPath, ['-e', '0']).cpu);
    }
    return {
      what: `go-microcontainer ${flag}, CPU (cli.test.ts)`,
      baseline: '`node -e 0`, CPU',
      seconds: median(bin),
      baselineSeconds: median(bare),
      formerBound: 'under 0.2 s CPU',
    };
  });
}

/** discovery-files.test.ts had 1,000 Dockerfiles in 1,000 folders found in under 10 s; here against a bare recursive readdir. */
function discovery(runs: number): BoundRow {
  const root = tempDir('bench-discovery');
  try {
    for (let i = 0; i < 1000; i++) {
      const folder = path.join(root, `svc-${String(i).padStart(4, '0')}`);
      mkdirSync(folder);
      writeFileSync(path.join(folder, 'Dockerfile'), 'FROM golang:1.22\n');
      writeFileSync(path.join(folder, 'main.go'), 'package main\n');
    }
    const { seconds, baselineSeconds } = compare(
      () => {
        if (discoverDockerfiles(root).files.length !== 1000) throw new Error('discovery missed Dockerfiles');
      },
      () => readdirSync(root, { recursive: true }),
      runs,
    );
    return {
      what: 'convert --all discovery of 1,000 Dockerfiles in 1,000 folders (discovery-files.test.ts)',
      baseline: 'fs.readdirSync of the same tree, recursive',
      seconds,
      baselineSeconds,
      formerBound: 'under 10 s',
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** line-endings.test.ts had an 11 MB file of mixed CRLF/LF re-encoded in under 10 s; here against a plain split and join. */
function lineEndings(runs: number): BoundRow {
  const lines = Array.from(
    { length: 250_000 },
    (_, i) => `RUN echo "line ${String(i).padStart(6, '0')}" >> /var/log/build.log`,
  );
  const original = lines.map((line, i) => line + (i % 3 === 0 ? '\n' : '\r\n')).join('');
  const decoded = decodeDockerfile(Buffer.from(original, 'utf8'));
  if (!decoded.ok) throw new Error(decoded.reason);
  const { source } = decoded;
  const edited = source.text.split('\n');
  edited[1] = 'FROM scratch';
  const text = edited.join('\n');
  const { seconds, baselineSeconds } = compare(
    () => encodeDockerfile(text, source),
    () => text.split('\n').join('\r\n'),
    runs,
  );
  return {
    what: 'writing back an 11 MB Dockerfile of mixed CRLF and LF, each line its own ending (line-endings.test.ts)',
    baseline: "the same text's split('\\n').join('\\r\\n')",
    seconds,
    baselineSeconds,
    formerBound: 'under 10 s',
  };
}

/** makefile.test.ts had the hostile expansions refused or read in under 5 s; here against an ordinary Makefile of the same length. */
function hostileMakefiles(runs: number): BoundRow[] {
  const laughs = (operator: string) =>
    [
      ...Array.from({ length: 10 }, (_, i) => `V${i} ${operator} ${`$(V${i + 1})`.repeat(10)}`),
      'V10 = xxxxxxxxxx',
    ]
      .reverse()
      .join('\n');
  const ordinary = (length: number) =>
    `${Array.from({ length: 12 }, (_, i) => `W${i} = ${'x'.repeat(Math.max(1, Math.floor(length / 12) - 6))}`).join('\n')}\nall:\n\tgo build -o bin/app .\n`;
  const follow = (text: string) =>
    followMake(parseMakefile(text), {
      file: 'Makefile',
      goals: [],
      overrides: new Map(),
      env: new Map(),
      cwd: '/src',
    });
  return [
    ['=', 'refusing a recipe that would expand to 10^11 characters'],
    [':=', 'reading simply expanded variables (:=) of that shape'],
  ].map(([operator = '=', what = '']) => {
    const hostile = `${laughs(operator)}\nall:\n\tgo build -o bin/$(V0) .\n`;
    const plain = ordinary(hostile.length);
    return {
      what: `${what} (makefile.test.ts)`,
      baseline: 'an ordinary Makefile of the same length',
      ...compare(
        () => follow(hostile),
        () => follow(plain),
        runs,
      ),
      formerBound: 'under 5 s',
    };
  });
}

export function measureTestBounds(runs: number): BoundRow[] {
  return [...cliStartup(runs), discovery(runs), lineEndings(runs), ...hostileMakefiles(runs)];
}

export function testBoundsMarkdown(
  rows: readonly BoundRow[],
  machineLine: string,
  date: string,
  runs: number,
): string {
  const s = (value: number) => (value < 0.1 ? `${(value * 1000).toFixed(1)} ms` : `${value.toFixed(2)} s`);
  return [
    '# Speed figures moved out of the tests',
    '',
    `Measured ${date} with \`npm run bench\` (median of ${runs} runs, each interleaved with its baseline) on: ${machineLine}.`,
    'Each figure is a ratio against a baseline measured in the same run, so a busy machine slows both alike.',
    '',
    '| what | time | baseline | baseline time | ratio | the test used to assert |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (row) =>
        `| ${row.what} | ${s(row.seconds)} | ${row.baseline} | ${s(row.baselineSeconds)} | ${(row.seconds / row.baselineSeconds).toFixed(1)}× | ${row.formerBound} |`,
    ),
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const runs = Number(process.env['BENCH_RUNS'] ?? 3);
  process.stdout.write(
    testBoundsMarkdown(
      measureTestBounds(runs),
      `${process.platform} ${process.arch}`,
      new Date().toISOString().slice(0, 10),
      runs,
    ),
  );
}
