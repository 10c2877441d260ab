/**
 * `npm run bench`: measures every strategy on this machine and writes
 * bench/results.md and bench/image-sizes.svg. Not part of `npm test`.
 *
 * For each strategy and for both flag sets (classic `-a -installsuffix cgo` on
 * and off) it measures a cold build (empty Go caches, no layer cache) and a
 * warm rebuild (one line of main.go changed), plus the binary and image sizes,
 * and the generator's own wall and CPU time (`go-microcontainer --yes`, CPU
 * from GNU time: user + system, with the git and go commands it runs). Every
 * figure is the median of BENCH_RUNS runs (default 3).
 *
 * Needs a Docker engine and Go, like the end-to-end tests.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getStrategy, STRATEGY_NAMES, type StrategyName } from '../src/core/strategies.js';
import {
  buildImage,
  check,
  copyFromImage,
  DOCKER,
  docker,
  engineAnswers,
  imageSize,
  inspect,
  leftovers,
  pruneCacheMounts,
  removeImages,
  RUN_ID,
} from '../test/helpers/docker.js';
import { answersFor, writeProject } from '../test/helpers/project.js';
import { BIN } from '../test/helpers/paths.js';
import { tempDir } from '../test/helpers/run.js';
import { timeProcess } from '../test/helpers/timing.js';
import { measureStartup, startupMarkdown, type StartupResults } from './startup.js';
import {
  buildStandIns,
  removeStandIns,
  STAND_IN_FOR,
  standInBuildArgs,
  type StandIns,
} from '../test/helpers/standins.js';
import { measureTestBounds, testBoundsMarkdown } from './test-bounds.js';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);
/** BENCH_STRATEGIES=scratch,alpine limits a run to some strategies, for a quick look. */
const STRATEGIES = STRATEGY_NAMES.filter((name) =>
  (process.env['BENCH_STRATEGIES'] ?? STRATEGY_NAMES.join(',')).split(',').includes(name),
);
const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const APP = 'hello-world';

/** The classic recipe's published figures, for comparison. */
const CLASSIC_FIGURES: Partial<Record<StrategyName, string>> = {
  'golang-alpine': '251.9 MB',
  golang: '691 MB',
  'scratch-host': '5.6 MB (5.4 MB binary)',
};

interface BuildTimes {
  cold: number;
  warm: number;
}

interface StrategyResult {
  strategy: StrategyName;
  binaryBytes: number;
  imageBytes: number;
  classic: BuildTimes;
  modern: BuildTimes;
  generator: { wall: number; cpu: number };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function seconds(action: () => void): number {
  const started = process.hrtime.bigint();
  action();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/**
 * One cold build and one warm rebuild, as a user runs them: `./build.sh &&
 * docker build` for the host strategy (with its own empty GOCACHE), `docker
 * build` for the others (with BuildKit's cache mounts emptied first).
 */
let edits = 0;

function coldAndWarm(
  strategy: StrategyName,
  classicFlags: boolean,
  standIns: StandIns,
): BuildTimes & { tag: string } {
  const dir = writeProject(answersFor(strategy, { classicFlags }));
  const tag = `gmc-bench/${strategy}:${RUN_ID}`;
  const args = standInBuildArgs(strategy, standIns);
  const hostBuild = getStrategy(strategy).buildShape === 'host';
  const goCache = tempDir('gocache');
  const build = (noCache: boolean) => {
    // Another run's jest teardown may have removed the shared stand-ins since the
    // last build (the machine is shared): bring back any that are missing.
    buildStandIns();
    if (hostBuild) {
      check(
        spawnSync('./build.sh', [], {
          cwd: dir,
          encoding: 'utf8',
          env: { ...process.env, GOCACHE: goCache },
        }),
        './build.sh',
      );
    }
    buildImage(dir, tag, args, { noCache });
  };

  pruneCacheMounts();
  const cold = seconds(() => build(true));
  const coldImage = inspect(tag, '{{.Id}}');
  const mainGo = path.join(dir, 'main.go');
  // A change no earlier build has seen, so the layer cache cannot answer it.
  writeFileSync(
    mainGo,
    readFileSync(mainGo, 'utf8').replace('Hello from', `Hello (${RUN_ID} ${++edits}) from`),
  );
  const warm = seconds(() => build(false));
  removeImages([coldImage]);
  return { cold, warm, tag };
}

function generatorTimes(strategy: StrategyName): { wall: number; cpu: number } {
  const dir = tempDir('gen');
  try {
    const run = timeProcess(process.execPath, [BIN, '--yes', '--strategy', strategy], {
      cwd: dir,
      input: '',
    });
    if (run.status !== 0) throw new Error(`go-microcontainer --yes exited ${run.status}`);
    return { wall: run.wall, cpu: run.cpu };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function measure(strategy: StrategyName, standIns: StandIns): StrategyResult {
  const classic: BuildTimes[] = [];
  const modern: BuildTimes[] = [];
  const generator: Array<{ wall: number; cpu: number }> = [];
  let binaryBytes = 0;
  let imageBytes = 0;
  for (let run = 1; run <= RUNS; run++) {
    process.stderr.write(`bench: ${strategy} run ${run}/${RUNS}\n`);
    const classicRun = coldAndWarm(strategy, true, standIns);
    classic.push(classicRun);
    // Sizes of the default (classic) image; without -a the binary is identical.
    imageBytes = imageSize(classicRun.tag);
    const binary = path.join(tempDir('binary'), APP);
    copyFromImage(
      classicRun.tag,
      getStrategy(strategy).hasShell ? `/usr/local/bin/${APP}` : `/${APP}`,
      binary,
    );
    binaryBytes = statSync(binary).size;
    removeImages([classicRun.tag]);

    const modernRun = coldAndWarm(strategy, false, standIns);
    modern.push(modernRun);
    removeImages([modernRun.tag]);
    generator.push(generatorTimes(strategy));
  }
  return {
    strategy,
    binaryBytes,
    imageBytes,
    classic: { cold: median(classic.map((t) => t.cold)), warm: median(classic.map((t) => t.warm)) },
    modern: { cold: median(modern.map((t) => t.cold)), warm: median(modern.map((t) => t.warm)) },
    generator: {
      wall: median(generator.map((t) => t.wall)),
      cpu: median(generator.map((t) => t.cpu)),
    },
  };
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const s = (value: number) => `${value.toFixed(1)} s`;

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const go = execFileSync('go', ['version'], { encoding: 'utf8' }).trim();
  const engine = check(docker(['version', '--format', '{{.Server.Version}}']), 'docker version').trim();
  return (
    `${os.cpus().length} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ` +
    `${go}, Docker engine ${engine} with BuildKit (${DOCKER}), Node ${process.version}`
  );
}

function standInNote(strategy: StrategyName): string {
  const shape = getStrategy(strategy);
  if (shape.buildShape === 'single-stage') return `stand-in for ${STAND_IN_FOR.goBuilder}`;
  if (strategy === 'distroless') return `stand-in for ${STAND_IN_FOR.distrolessStatic}`;
  if (strategy === 'alpine') return `stand-in for ${STAND_IN_FOR.alpine}`;
  return 'real: FROM scratch';
}

function resultsMarkdown(
  results: StrategyResult[],
  machineLine: string,
  date: string,
  runs: number,
  load?: { before: number[]; after: number[] },
): string {
  const rows = results.map((r) =>
    [
      `\`${r.strategy}\``,
      mb(r.binaryBytes),
      mb(r.imageBytes),
      `${(r.imageBytes / r.binaryBytes).toFixed(2)}`,
      `${s(r.classic.cold)} / ${s(r.classic.warm)}`,
      `${s(r.modern.cold)} / ${s(r.modern.warm)}`,
      r.generator ? `${s(r.generator.wall)} / ${s(r.generator.cpu)}` : '–',
      standInNote(r.strategy),
      CLASSIC_FIGURES[r.strategy] ?? '',
    ].join(' | '),
  );
  const missing = STRATEGY_NAMES.filter((name) => !results.some((r) => r.strategy === name));
  return [
    '# Benchmark results',
    '',
    `Measured ${date} with \`npm run bench\` (median of ${runs} runs) on: ${machineLine}.`,
    ...(load
      ? [
          '',
          `Load average (1 / 5 / 15 min) ${load.before.map((v) => v.toFixed(1)).join(' / ')} when the builds began, ` +
            `${load.after.map((v) => v.toFixed(1)).join(' / ')} at the end: on a shared machine the build times grow ` +
            'with the load (a cold build takes about 28 s on an idle one); the sizes do not.',
        ]
      : []),
    '',
    'Build times are cold build / warm rebuild after a one-line change to main.go. Cold means empty Go',
    'caches and no layer cache. For `scratch-host` (the classic recipe) the time includes `./build.sh` on the',
    'host, and its Dockerfile is FROM scratch alone: it needs no image at all. The base images of every other',
    'strategy but `scratch` are local stand-ins (no registry is reachable here), so those image sizes are not',
    "the real images' sizes; the classic figures are the recipe's published ones. The generator column is",
    '`go-microcontainer --yes --strategy <strategy>` in an empty folder (GNU time: the go and git commands it',
    'runs included); see the start-up rows below for the same run against its baselines.',
    '',
    '| strategy | binary | image | image/binary | build, classic flags | build, --no-classic-flags | generator, wall / CPU | base image | classic figure |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((row) => `| ${row} |`),
    '',
    ...(missing.length > 0
      ? [
          `Not measured in this run (it was stopped, or limited with BENCH_STRATEGIES): ${missing.map((name) => `\`${name}\``).join(', ')}.`,
          '',
        ]
      : []),
  ].join('\n');
}

function sizeChart(results: StrategyResult[]): string {
  const barHeight = 26;
  const labelWidth = 170;
  const chartWidth = 480;
  const top = 40;
  const max = Math.max(...results.map((r) => r.imageBytes));
  const bars = results
    .map((r, i) => {
      const y = top + i * (barHeight + 10);
      const width = Math.max(2, (r.imageBytes / max) * chartWidth);
      const colour = getStrategy(r.strategy).shipsScratch
        ? '#2a9d8f'
        : getStrategy(r.strategy).buildShape === 'single-stage'
          ? '#e76f51'
          : '#e9c46a';
      return [
        `<text x="${labelWidth - 8}" y="${y + 18}" text-anchor="end">${r.strategy}</text>`,
        `<rect x="${labelWidth}" y="${y}" width="${width.toFixed(1)}" height="${barHeight}" fill="${colour}"/>`,
        `<text x="${(labelWidth + width + 6).toFixed(1)}" y="${y + 18}">${mb(r.imageBytes)}</text>`,
      ].join('\n  ');
    })
    .join('\n  ');
  const height = top + results.length * (barHeight + 10) + 20;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${labelWidth + chartWidth + 110}" height="${height}" font-family="sans-serif" font-size="14">
  <text x="10" y="24" font-weight="bold">Image size of the hello-world service, by strategy (measured; see results.md)</text>
  ${bars}
</svg>
`;
}

/**
 * BENCH_SECTIONS=startup reruns only the start-up rows and keeps the strategies of the last results.json;
 * =bounds only the speed figures moved out of the tests (bench/test-bounds.md);
 * =generator remeasures only the strategies' generator column.
 */
const SECTIONS = (process.env['BENCH_SECTIONS'] ?? 'bounds,startup,strategies').split(',');

interface ResultsFile {
  date: string;
  runs: number;
  results: StrategyResult[];
  strategiesDate?: string;
  /** Load average (1, 5, 15 min) when the strategies' builds started and ended: the machine may be shared. */
  strategiesLoad?: { before: number[]; after: number[] };
  startup?: StartupResults;
}

function previousResults(): ResultsFile | undefined {
  try {
    return JSON.parse(readFileSync(path.join(BENCH_DIR, 'results.json'), 'utf8')) as ResultsFile;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const machineLine = machine();
  const date = new Date().toISOString().slice(0, 10);
  const previous = previousResults();
  const measureStrategies = SECTIONS.includes('strategies');
  const results: StrategyResult[] = measureStrategies ? [] : (previous?.results ?? []);
  const strategiesDate = measureStrategies ? date : (previous?.strategiesDate ?? previous?.date ?? date);
  const strategyRuns = measureStrategies ? RUNS : (previous?.runs ?? RUNS);
  let strategiesLoad = measureStrategies ? undefined : previous?.strategiesLoad;
  let startup: StartupResults | undefined = SECTIONS.includes('startup') ? undefined : previous?.startup;
  const markdown = () =>
    [
      resultsMarkdown(results, machineLine, strategiesDate, strategyRuns, strategiesLoad),
      ...(startup ? [startupMarkdown(startup)] : []),
    ].join('\n');
  const write = () => {
    writeFileSync(path.join(BENCH_DIR, 'results.md'), markdown());
    writeFileSync(path.join(BENCH_DIR, 'image-sizes.svg'), sizeChart(results));
    const file: ResultsFile = {
      date,
      runs: strategyRuns,
      strategiesDate,
      ...(strategiesLoad ? { strategiesLoad } : {}),
      results,
      ...(startup ? { startup } : {}),
    };
    writeFileSync(path.join(BENCH_DIR, 'results.json'), `${JSON.stringify(file, null, 2)}\n`);
  };
  // ---- Section: speed figures moved out of the tests (issue 13 item 5), in bench/test-bounds.md ----
  // Each a ratio against a baseline of the same run; no Docker needed, so it runs first.
  if (SECTIONS.includes('bounds')) {
    writeFileSync(
      path.join(BENCH_DIR, 'test-bounds.md'),
      testBoundsMarkdown(measureTestBounds(RUNS), machineLine, date, RUNS),
    );
  }
  // ---- End of section ----
  // First, while the machine is as quiet as it will be: no image build of ours runs alongside.
  if (SECTIONS.includes('startup')) {
    startup = await measureStartup();
    write();
  }
  // BENCH_SECTIONS=generator remeasures only the generator column of the strategies already in results.json
  // (after a change to the generator, without rebuilding every image).
  if (!measureStrategies && SECTIONS.includes('generator')) {
    for (const result of results) {
      const times = Array.from({ length: RUNS }, () => generatorTimes(result.strategy));
      result.generator = { wall: median(times.map((t) => t.wall)), cpu: median(times.map((t) => t.cpu)) };
    }
    write();
  }
  if (measureStrategies) {
    if (!engineAnswers()) throw new Error(`no Docker engine answers (${DOCKER} info): start dockerd first`);
    const standIns = buildStandIns();
    try {
      const before = os.loadavg();
      for (const strategy of STRATEGIES) {
        results.push(measure(strategy, standIns));
        strategiesLoad = { before, after: os.loadavg() };
        write(); // after each strategy, so an interrupted run keeps what it measured
      }
    } finally {
      removeImages(leftovers(RUN_ID).images);
      if (!process.env['GMC_KEEP_STANDINS']) removeStandIns();
    }
  }
  write();
  process.stdout.write(markdown());
}

await main();
