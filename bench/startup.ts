/**
 * The start-up rows of `npm run bench`: how long each command takes to start
 * and finish one small job, as ratios against baselines measured in the same
 * run (`node -e 0`, and `hadolint` on the same Dockerfile), interleaved run by
 * run, so the figures hold on a busy machine. Each figure is the median of
 * BENCH_STARTUP_RUNS runs (default 7).
 *
 * CPU is user + system. For the generators it is the node process's own CPU
 * (process.cpuUsage() at exit, through a preload that the node baseline gets
 * too), so the `go env`, `go version` and `git config` processes they run do
 * not count; GNU time's figure, which includes them, is reported next to it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, REPO_ROOT } from '../test/helpers/paths.js';
import { timeProcess } from '../test/helpers/timing.js';

const RUNS = Number(process.env['BENCH_STARTUP_RUNS'] ?? 7);
const DOCKERFILE = path.join(REPO_ROOT, 'test/fixtures/convert/classic-gopath-install/Dockerfile');
const SMALL_MODULE = path.join(REPO_ROOT, 'test/fixtures/modules/single-root');

export interface Figure {
  wall: number;
  cpu: number;
}

export interface StartupRow {
  name: string;
  command: string;
  /** Median wall and CPU (for the generators: the node process's own CPU). */
  figure: Figure;
  /** GNU time's CPU, children included (the generators only). */
  cpuWithChildren?: number;
  /** The bound and its baseline, as the issue states it. */
  targets: Array<{ against: 'node' | 'hadolint'; measure: 'wall' | 'cpu'; atMost: number }>;
}

export interface StartupResults {
  runs: number;
  loadAverage: { before: number[]; after: number[] };
  node: Figure;
  hadolint: Figure;
  /** The hadolint binary itself, without a shim in front (the same as `hadolint` when there is none). */
  hadolintBinary: Figure & { path: string };
  rows: StartupRow[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function temp(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `gmc-bench-${prefix}-`));
}

/** Prints the process's own CPU seconds to $GMC_CPU_FILE as it exits (children not included). */
const CPU_PRELOAD = `data:text/javascript,${encodeURIComponent(
  "import { writeFileSync } from 'node:fs'; process.on('exit', () => { const u = process.cpuUsage(); " +
    'writeFileSync(process.env.GMC_CPU_FILE, String((u.user + u.system) / 1e6)); });',
)}`;

/** One run under GNU time, plus the node process's own CPU from the preload. */
function timeOwnCpu(
  args: string[],
  cwd: string,
): Figure & { cpuWithChildren: number; status: number | null } {
  const dir = temp('cpu');
  const file = path.join(dir, 'cpu');
  try {
    const run = timeProcess(process.execPath, ['--import', CPU_PRELOAD, ...args], {
      cwd,
      input: '',
      env: { ...process.env, GMC_CPU_FILE: file, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
    });
    return {
      wall: run.wall,
      cpu: Number(readFileSync(file, 'utf8')),
      cpuWithChildren: run.cpu,
      status: run.status,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Seconds from start until the first question is on screen, at a terminal
 * (`script` gives the process a pty). The run is then stopped.
 */
function firstQuestion(args: string[], cwd: string, marker: string): Promise<number> {
  const command = [process.execPath, ...args].map((word) => `'${word.replace(/'/g, "'\\''")}'`).join(' ');
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
      detached: true,
    });
    let seen = '';
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no question within 60 s from ${args.join(' ')}:\n${seen}`));
    }, 60_000);
    const stop = () => {
      clearTimeout(timer);
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    child.stdout.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes(marker)) {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        stop();
        resolve(seconds);
      }
    });
    child.on('error', reject);
  });
}

/**
 * hadolint itself, behind any version manager's shim. The baseline is
 * `hadolint` as the PATH gives it, as a user (and the issue) runs it; when
 * that is a shim (pyenv's is a shell script), the binary's own figure is
 * reported too.
 */
function hadolintBinary(): string | undefined {
  const viaPyenv = spawnSync('pyenv', ['which', 'hadolint'], { encoding: 'utf8' });
  const binary = viaPyenv.status === 0 ? viaPyenv.stdout.trim() : 'hadolint';
  return spawnSync(binary, ['--version'], { encoding: 'utf8' }).status === 0 ? binary : undefined;
}

export async function measureStartup(): Promise<StartupResults> {
  const hadolintPath = hadolintBinary();
  if (!hadolintPath) throw new Error('hadolint is not installed: the start-up rows compare against it');
  const before = os.loadavg();
  const work = temp('startup');
  const convertDir = path.join(work, 'convert');
  cpSync(path.dirname(DOCKERFILE), convertDir, { recursive: true });
  writeFileSync(path.join(convertDir, 'Dockerfile'), readFileSync(DOCKERFILE));

  // The bin's code cache (bin/code-cache.js) in a folder of the bench's own, made by one run of each command
  // first, as a user's is after their first run; the first-run row measures a run that finds none.
  const savedCacheHome = process.env['XDG_CACHE_HOME'];
  process.env['XDG_CACHE_HOME'] = path.join(work, 'cache');
  for (const args of [['--help'], ['convert', '--check', 'Dockerfile']])
    spawnSync(process.execPath, [BIN, ...args], { cwd: convertDir, stdio: 'ignore' });
  for (const args of [['--yes'], ['dockerize', '--yes']]) {
    const dir = temp('warm');
    if (args[0] === 'dockerize') cpSync(SMALL_MODULE, dir, { recursive: true });
    spawnSync(process.execPath, [BIN, ...args], { cwd: dir, stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  }

  const samples: Record<string, Array<Figure & { cpuWithChildren?: number }>> = {};
  const add = (name: string, figure: Figure & { cpuWithChildren?: number }) =>
    (samples[name] ??= []).push(figure);
  const firstQuestions: Record<string, number[]> = {};

  for (let run = 1; run <= RUNS; run++) {
    process.stderr.write(`bench: start-up run ${run}/${RUNS}\n`);
    const node = timeOwnCpu(['-e', '0'], work);
    add('node', node);
    add('hadolint', timeProcess('hadolint', ['Dockerfile'], { cwd: convertDir }));
    add('hadolint-binary', timeProcess(hadolintPath, ['Dockerfile'], { cwd: convertDir }));
    for (const [name, args] of [
      ['help', [BIN, '--help']],
      ['check', [BIN, 'convert', '--check', 'Dockerfile']],
      ['dry-run', [BIN, 'convert', '--dry-run', 'Dockerfile']],
    ] as const) {
      const timed = timeProcess(process.execPath, [...args], { cwd: convertDir });
      if (name === 'help' ? timed.status !== 0 : timed.status !== 1 && timed.status !== 0)
        throw new Error(`${args.join(' ')} exited ${timed.status}`);
      add(name, timed);
    }
    const noCache = temp('no-cache');
    add(
      'check-first',
      timeProcess(process.execPath, [BIN, 'convert', '--check', 'Dockerfile'], {
        cwd: convertDir,
        env: { ...process.env, XDG_CACHE_HOME: noCache },
      }),
    );
    rmSync(noCache, { recursive: true, force: true });
    const empty = temp('app');
    const app = timeOwnCpu([BIN, '--yes'], empty);
    rmSync(empty, { recursive: true, force: true });
    if (app.status !== 0) throw new Error(`go-microcontainer --yes exited ${app.status}`);
    add('app', app);
    const module = temp('module');
    cpSync(SMALL_MODULE, module, { recursive: true });
    const dockerize = timeOwnCpu([BIN, 'dockerize', '--yes'], module);
    rmSync(module, { recursive: true, force: true });
    if (dockerize.status !== 0)
      throw new Error(`go-microcontainer dockerize --yes exited ${dockerize.status}`);
    add('dockerize', dockerize);

    const asked = temp('ask');
    (firstQuestions['app'] ??= []).push(await firstQuestion([BIN], asked, 'App name'));
    rmSync(asked, { recursive: true, force: true });
    (firstQuestions['convert'] ??= []).push(
      await firstQuestion([BIN, 'convert'], convertDir, 'Ship the binary on'),
    );
  }
  rmSync(work, { recursive: true, force: true });
  if (savedCacheHome === undefined) delete process.env['XDG_CACHE_HOME'];
  else process.env['XDG_CACHE_HOME'] = savedCacheHome;

  const figure = (name: string): Figure => ({
    wall: median((samples[name] ?? []).map((s) => s.wall)),
    cpu: median((samples[name] ?? []).map((s) => s.cpu)),
  });
  const withChildren = (name: string) => median((samples[name] ?? []).map((s) => s.cpuWithChildren ?? 0));
  const oneFile = [
    { against: 'hadolint', measure: 'wall', atMost: 2 },
    { against: 'node', measure: 'wall', atMost: 4 },
  ] as const;
  const generator = [{ against: 'node', measure: 'cpu', atMost: 5 }] as const;
  const rows: StartupRow[] = [
    {
      name: '--help',
      command: 'go-microcontainer --help',
      figure: figure('help'),
      targets: [{ against: 'node', measure: 'cpu', atMost: 2 }],
    },
    {
      name: 'convert --check',
      command: 'go-microcontainer convert --check Dockerfile',
      figure: figure('check'),
      targets: [...oneFile],
    },
    {
      name: 'convert --check, first run',
      command: 'go-microcontainer convert --check Dockerfile, with no code cache yet (it writes one)',
      figure: figure('check-first'),
      targets: [...oneFile],
    },
    {
      name: 'convert --dry-run',
      command: 'go-microcontainer convert --dry-run Dockerfile',
      figure: figure('dry-run'),
      targets: [...oneFile],
    },
    {
      name: 'app --yes',
      command: 'go-microcontainer --yes (empty folder)',
      figure: figure('app'),
      cpuWithChildren: withChildren('app'),
      targets: [...generator],
    },
    {
      name: 'dockerize --yes',
      command: 'go-microcontainer dockerize --yes (test/fixtures/modules/single-root)',
      figure: figure('dockerize'),
      cpuWithChildren: withChildren('dockerize'),
      targets: [...generator],
    },
    {
      name: 'app, first question',
      command: 'go-microcontainer at a terminal: until "App name" is on screen',
      figure: { wall: median(firstQuestions['app'] ?? []), cpu: NaN },
      targets: [{ against: 'node', measure: 'wall', atMost: 5 }],
    },
    {
      name: 'convert, first question',
      command: 'go-microcontainer convert at a terminal: until "Ship the binary on" is on screen',
      figure: { wall: median(firstQuestions['convert'] ?? []), cpu: NaN },
      targets: [{ against: 'node', measure: 'wall', atMost: 5 }],
    },
  ];
  return {
    runs: RUNS,
    loadAverage: { before, after: os.loadavg() },
    node: figure('node'),
    hadolint: figure('hadolint'),
    hadolintBinary: { ...figure('hadolint-binary'), path: hadolintPath },
    rows,
  };
}

/** A figure in seconds; a missing one (NaN, which results.json keeps as null) is a dash. */
const sec = (value: number | null) =>
  typeof value === 'number' && Number.isFinite(value) ? `${value.toFixed(3)} s` : '–';

export function startupMarkdown(results: StartupResults): string {
  const load = (values: number[]) => values.map((value) => value.toFixed(1)).join(' / ');
  const rows = results.rows.map((row) => {
    const ratios = row.targets.map((target) => {
      const baseline = target.against === 'node' ? results.node : results.hadolint;
      const ratio = row.figure[target.measure] / baseline[target.measure];
      const verdict = ratio <= target.atMost ? 'met' : 'NOT met';
      return `${ratio.toFixed(2)}× ${target.against} ${target.measure} (≤ ${target.atMost}×: ${verdict})`;
    });
    const cpu = !Number.isFinite(row.figure.cpu ?? NaN)
      ? '–'
      : `${sec(row.figure.cpu)}${row.cpuWithChildren === undefined ? '' : ` (${sec(row.cpuWithChildren)} with go/git)`}`;
    return `| ${row.name} | \`${row.command}\` | ${sec(row.figure.wall)} | ${cpu} | ${ratios.join('; ')} |`;
  });
  return [
    '## Start-up',
    '',
    `Whole process, median of ${results.runs} runs, each command run in turn with its baselines so that`,
    'every ratio compares figures taken at the same moment. CPU is user + system; for the generators it is',
    "the node process's own (the go and git commands they run are shown apart). The bin's code cache",
    "(bin/code-cache.js) is made first, by one run of each command, as after a user's first run; the",
    '"first run" row finds none and writes it. The one-file rows run on',
    '`test/fixtures/convert/classic-gopath-install/Dockerfile`. The first-question rows run the command at a',
    'pseudo-terminal (`script`) and stop it once the question is on screen.',
    '',
    `Baselines: \`node -e 0\` ${sec(results.node.wall)} wall, ${sec(results.node.cpu)} CPU; ` +
      `\`hadolint Dockerfile\` ${sec(results.hadolint.wall)} wall, ${sec(results.hadolint.cpu)} CPU ` +
      `(the binary behind the PATH's \`hadolint\`, ${results.hadolintBinary.path}: ` +
      `${sec(results.hadolintBinary.wall)} wall, ${sec(results.hadolintBinary.cpu)} CPU). ` +
      `Load average (1 / 5 / 15 min) ${load(results.loadAverage.before)} before, ${load(results.loadAverage.after)} after:` +
      ' the machine is shared, so wall times are inflated; the ratios and the CPU times are the steadier figures.',
    '',
    '| row | command | wall | CPU | ratio (target) |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
