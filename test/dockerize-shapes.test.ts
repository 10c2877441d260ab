/**
 * `go-microcontainer dockerize --yes --json` on module shapes modelled on
 * real Go services (test/fixtures/modules; framework shapes use small local
 * stand-ins, since no third-party module can be fetched in the image build):
 * for each, the main package, the port and the evidence dockerize reads,
 * stated by hand; then every shape that ships is built on the engine (in
 * parallel, two at a time, sharing one builder stand-in and BuildKit's Go
 * cache) and run hardened, and answers on the port dockerize chose. Each
 * shape that must stop stops, with the words a user needs, and writes
 * nothing.
 */
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  buildImageInBackground,
  buildRunAndGet,
  check,
  docker,
  engineOrSkip,
  HARDENED_RUN,
  leftovers,
  numericNonRootUser,
  removeImages,
  runLabel,
  RUN_ID,
  type BuildResult,
} from './helpers/docker.js';
import { REPO_ROOT } from './helpers/paths.js';
import { runBin, tempDir } from './helpers/run.js';
import { buildStandIns, standInBuildArgs } from './helpers/standins.js';
import { requireTool } from './helpers/tools.js';

const MODULES = path.join(REPO_ROOT, 'test/fixtures/modules');
const describeWithEngine = engineOrSkip() ? describe : describe.skip;

interface Shipped {
  shape: string;
  /** The module's folder inside the fixture, when it is not the fixture itself. */
  cwd?: string;
  args?: string[];
  main: string;
  chosenBy: string;
  port: number | null;
  /** The deciding evidence: `kind file:line`. */
  evidence?: string;
  setsPortEnv?: boolean;
  warnings?: string[];
  /** What the Dockerfile copies into /app, and the CMD arguments. */
  copies?: Array<{ from: string; to: string }>;
  cmd?: string[];
  /** docker run -e, beyond the hardened options. */
  runEnv?: string[];
  /** The answer to GET / on `runPort` (default `port`), or the output of a program with no listener. */
  answer: string;
  runPort?: number;
}

const SHIPPED: readonly Shipped[] = [
  {
    shape: 'flag-helper',
    main: '.',
    chosenBy: 'only',
    port: 18310,
    evidence: 'flag-default main.go:16',
    answer: '200 echo on 18310\n',
  },
  {
    shape: 'env-custom',
    main: '.',
    chosenBy: 'only',
    port: 18311,
    evidence: 'env-default main.go:14',
    answer: '200 greetings\n',
  },
  {
    shape: 'server-and-client',
    main: './cmd/podstatus',
    chosenBy: 'code',
    port: 18312,
    evidence: 'flag-default cmd/podstatus/main.go:17',
    answer: '200 podstatus ok\n',
  },
  {
    shape: 'var-block-listen',
    main: '.',
    chosenBy: 'only',
    port: 18313,
    evidence: 'env-default main.go:13',
    setsPortEnv: true,
    answer: '200 currency service\n',
  },
  {
    shape: 'cobra-flags',
    main: '.',
    chosenBy: 'only',
    port: 18314,
    evidence: 'flag-default main.go:23',
    answer: '200 gateway up\n',
  },
  {
    shape: 'urfave-flags',
    main: '.',
    chosenBy: 'only',
    port: 18315,
    evidence: 'flag-default main.go:17',
    answer: '200 feeds ready\n',
  },
  {
    shape: 'config-struct',
    main: './cmd/orders',
    chosenBy: 'only',
    port: 18316,
    evidence: 'config-default internal/config/config.go:18',
    answer: '200 orders at info\n',
  },
  {
    shape: 'gin-run',
    main: '.',
    chosenBy: 'only',
    port: 18317,
    evidence: 'listen main.go:16',
    answer: '200 catalog of 3 items\n',
  },
  {
    shape: 'echo-start',
    main: '.',
    chosenBy: 'only',
    port: 18318,
    evidence: 'listen main.go:12',
    answer: '200 notify ready\n',
  },
  {
    shape: 'fiber-listen',
    main: '.',
    chosenBy: 'only',
    port: 18319,
    evidence: 'env-default main.go:18',
    answer: '200 links ready\n',
  },
  {
    shape: 'chi-router',
    main: '.',
    chosenBy: 'only',
    port: 18320,
    evidence: 'flag-default main.go:15',
    answer: '200 billing ready\n',
  },
  {
    shape: 'localhost-flag',
    main: '.',
    chosenBy: 'only',
    port: 18321,
    evidence: 'flag-default main.go:12',
    warnings: ['GMD201'],
    cmd: ['--addr=:18321'],
    answer: '200 wiki on :18321\n',
  },
  {
    shape: 'cli-and-daemon',
    main: './cmd/ledgerd',
    chosenBy: 'code',
    port: 18323,
    evidence: 'flag-default cmd/ledgerd/main.go:12',
    answer: '200 balance 42\n',
  },
  {
    shape: 'embed-files',
    main: '.',
    chosenBy: 'only',
    port: 18324,
    evidence: 'env-default main.go:32',
    setsPortEnv: true,
    answer: '200 docsite: the README is served from inside the binary.\nnotes, embedded with the folder\n',
  },
  {
    shape: 'disk-reads',
    main: '.',
    chosenBy: 'only',
    port: 18325,
    evidence: 'listen main.go:48',
    copies: [
      { from: 'ui/', to: '/app/ui/' },
      { from: 'index.tmpl', to: '/app/index.tmpl' },
      { from: 'products.json', to: '/app/products.json' },
    ],
    answer: '200 shopfront: 2 products\n',
  },
  {
    shape: 'examples-many',
    args: ['--main', 'examples/chat'],
    main: './examples/chat',
    chosenBy: 'option',
    port: 18326,
    evidence: 'flag-default examples/chat/main.go:14',
    warnings: ['GMD201'],
    copies: [{ from: 'examples/chat/home.html', to: '/app/home.html' }],
    cmd: ['--addr=:18326'],
    answer: '200 hello from chat\n',
  },
  {
    shape: 'repo-subfolder',
    cwd: 'backend',
    main: '.',
    chosenBy: 'only',
    port: 18327,
    evidence: 'env-default main.go:14',
    setsPortEnv: true,
    answer: '200 backend of the monorepo\n',
  },
  {
    shape: 'vendored',
    main: '.',
    chosenBy: 'only',
    port: 18328,
    evidence: 'listen main.go:16',
    answer: '200 measure twice, cut once\n',
  },
  {
    // Port 80 as user 65532: on the host network (as here) the host's sysctl applies, so PORT moves it, as the warning says.
    shape: 'low-port',
    main: '.',
    chosenBy: 'only',
    port: 80,
    evidence: 'env-default main.go:13',
    setsPortEnv: true,
    warnings: ['GMD202'],
    runEnv: ['PORT=18330'],
    runPort: 18330,
    answer: '200 whoareyou on 18330\n',
  },
  {
    shape: 'cli-only',
    main: '.',
    chosenBy: 'only',
    port: null,
    warnings: ['GMD204'],
    answer: 'release notes (api https://api.github.com:443, metrics 0.0.0.0:8880)\n',
  },
];

/** Shape, exit status, error code, and the lines of the message a user needs. */
const STOPPED: ReadonlyArray<[string, number, string, string[]]> = [
  [
    'localhost-literal',
    1,
    'refused',
    [
      'example.com/admin: it listens on 127.0.0.1:18322 (main.go:14) only, unreachable from outside a container: make it listen on ":18322" (every interface), then rerun',
    ],
  ],
  [
    'daemon-cgo',
    1,
    'refused',
    [
      'This program needs cgo, and a FROM scratch image has no C library to run it:',
      '  cmd/journald/main.go:9: github.com/mattn/go-sqlite3 (links SQLite (libsqlite3, compiled in through cgo))',
    ],
  ],
  [
    'examples-many',
    2,
    'needs-choice',
    [
      '3 main packages, and none is clearly the service:',
      '  ./examples/chat: port 18326 (examples/chat/main.go:14); no cgo; examples/tools',
      '  ./examples/command: port 18346 (examples/command/main.go:14); no cgo; examples/tools',
      '  ./examples/echo: port 18336 (examples/echo/main.go:14); no cgo; examples/tools',
      'Pass --main with the one to ship (--main ./examples/chat).',
    ],
  ],
  [
    'two-listeners',
    2,
    'needs-choice',
    [
      'Which port example.com/inventory listens on is not clear: the code names several ports:',
      '  18332: go func() { log.Fatal(http.ListenAndServe(":18332", admin)) }() (main.go:16)',
      '  18331: log.Fatal(http.ListenAndServe(":18331", api)) (main.go:21)',
      'Pass --port with the one to expose (--port 18332).',
    ],
  ],
];

function tree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else files[path.relative(dir, full)] = readFileSync(full, 'base64');
    }
  };
  walk(dir);
  return files;
}

/** A copy of the fixture, and the folder to run dockerize in. */
function copyOf(shape: string, cwd?: string): string {
  const dir = path.join(tempDir(`dockerize-${shape}`), shape);
  cpSync(path.join(MODULES, shape), dir, { recursive: true });
  return cwd === undefined ? dir : path.join(dir, cwd);
}

interface JsonDocument {
  status: string;
  code?: string;
  error?: string;
  exitStatus?: number;
  main?: { dir: string; chosenBy: string };
  port?: {
    port: number | null;
    chosenBy: string;
    evidence: Array<{ kind: string; file: string; line: number }>;
    setsPortEnv: boolean;
  };
  copies?: Array<{ from: string; to: string }>;
  args?: string[];
  warnings: Array<{ code: string }>;
  files: Array<{ path: string; action: string }>;
}

function dockerize(dir: string, args: string[] = []): { status: number | null; json: JsonDocument } {
  const result = runBin(dir, ['dockerize', '--yes', '--json', ...args]);
  return { status: result.status, json: JSON.parse(result.stdout) as JsonDocument };
}

/** Each shipped shape is dockerized once, in a copy of its own, and that copy is what the engine builds. */
const dockerized = new Map<string, { dir: string; status: number | null; json: JsonDocument }>();

function dockerizedShape(shape: Shipped): { dir: string; status: number | null; json: JsonDocument } {
  const known = dockerized.get(shape.shape);
  if (known) return known;
  const dir = copyOf(shape.shape, shape.cwd);
  const done = { dir, ...dockerize(dir, shape.args) };
  dockerized.set(shape.shape, done);
  return done;
}

function shipped(name: string): Shipped {
  return SHIPPED.find((shape) => shape.shape === name) as Shipped;
}

/** What dockerize decided for a shape, in the terms of the table above. */
function decided(json: JsonDocument): Partial<Shipped> {
  const first = json.port?.evidence[0];
  return {
    main: json.main?.dir,
    chosenBy: json.main?.chosenBy,
    port: json.port?.port,
    ...(first && json.port?.chosenBy === 'code'
      ? { evidence: `${first.kind} ${first.file}:${first.line}` }
      : {}),
    setsPortEnv: json.port?.setsPortEnv,
    warnings: json.warnings.map((warning) => warning.code),
    copies: json.copies,
    cmd: json.args,
  };
}

const timings: string[] = [];

describe('module shapes: what dockerize --yes --json reads', () => {
  it.each(SHIPPED.map((shape) => [shape.shape, shape] as const))(
    '%s: the main, the port and its evidence',
    (_, shape) => {
      const { status, json } = dockerizedShape(shape);
      expect({ status, json: json.status }).toEqual({ status: 0, json: 'written' });
      expect(decided(json)).toEqual({
        main: shape.main,
        chosenBy: shape.chosenBy,
        port: shape.port,
        ...(shape.evidence ? { evidence: shape.evidence } : {}),
        setsPortEnv: shape.setsPortEnv ?? false,
        warnings: shape.warnings ?? [],
        copies: shape.copies ?? [],
        cmd: shape.cmd ?? [],
      });
      expect(json.files.map((file) => `${file.action} ${file.path}`)).toEqual([
        'create Dockerfile',
        'create build.sh',
        'create compose.yaml',
        'create .dockerignore',
      ]);
    },
  );

  it.each(STOPPED)(
    '%s: exit %d (%s), the words a user needs, and nothing written',
    (shape, exit, code, lines) => {
      const dir = copyOf(shape);
      const before = tree(dir);
      const { status, json } = dockerize(dir);
      expect({ status, code: json.code, exitStatus: json.exitStatus, status2: json.status }).toEqual({
        status: exit,
        code,
        exitStatus: exit,
        status2: 'error',
      });
      expect(json.error?.split('\n').slice(0, lines.length)).toEqual(lines);
      expect(tree(dir)).toEqual(before);
    },
  );

  it('without --json the same stop is one message on stderr, and progress lines on stdout', () => {
    const result = runBin(copyOf('examples-many'), ['dockerize', '--yes']);
    expect(result.status).toBe(2);
    expect(result.stdout.split('\n')).toEqual([
      'Module example.com/wsock (go 1.22: builder image golang:1.22-alpine)',
      'Main packages (found by go list): ./examples/chat, ./examples/command, ./examples/echo',
      '',
    ]);
    expect(result.stderr.split('\n')[0]).toBe(
      'go-microcontainer dockerize: 3 main packages, and none is clearly the service:',
    );
  });

  it('re-includes every //go:embed pattern in .dockerignore, after *.md', () => {
    const { dir, status } = dockerizedShape(shipped('embed-files'));
    expect(status).toBe(0);
    const lines = readFileSync(path.join(dir, '.dockerignore'), 'utf8').split('\n');
    expect(lines.indexOf('*.md')).toBeGreaterThan(-1);
    expect(lines.slice(lines.indexOf('# Needed by the image build: never left out of the context'))).toEqual([
      '# Needed by the image build: never left out of the context',
      '!go.mod',
      '!build.sh',
      '!README.md',
      '!web',
      '',
    ]);
  });

  it('a program with no listener gets no EXPOSE and no ports', () => {
    const { dir, status } = dockerizedShape(shipped('cli-only'));
    expect(status).toBe(0);
    const dockerfile = readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
    const compose = readFileSync(path.join(dir, 'compose.yaml'), 'utf8');
    expect({ expose: /^EXPOSE/m.test(dockerfile), ports: /^\s*ports:/m.test(compose) }).toEqual({
      expose: false,
      ports: false,
    });
    expect(compose).toContain('    # No ports: the program has no listener.\n');
  });

  it('a port below 1024: compose lets the non-root user bind it', () => {
    const { dir, status } = dockerizedShape(shipped('low-port'));
    expect(status).toBe(0);
    expect(readFileSync(path.join(dir, 'compose.yaml'), 'utf8')).toContain(
      '    sysctls:\n      net.ipv4.ip_unprivileged_port_start: 0\n',
    );
  });

  it('vendor/: no go mod download, and the vendored listener never decides', () => {
    const { dir, json } = dockerizedShape(shipped('vendored'));
    expect(json.port?.evidence.map((hint) => hint.file)).toEqual(['main.go']);
    const dockerfile = readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
    expect(dockerfile).not.toContain('go mod download');
  });
});

describeWithEngine('module shapes dockerized, built and run on Docker', () => {
  /** Each shape's folder and its build, started two at a time. */
  const builds = new Map<string, { dir: string; built: Promise<BuildResult> }>();

  beforeAll(() => {
    requireTool('go', 'the stand-in builder image is made from the machine Go toolchain', ['version']);
    buildStandIns();
    // Two builds at a time: the machine has two cores, and the Go cache mount is shared.
    const lanes: Array<Promise<unknown>> = [Promise.resolve(), Promise.resolve()];
    SHIPPED.forEach((shape, index) => {
      const { dir, status } = dockerizedShape(shape);
      if (status !== 0) return;
      const lane = index % lanes.length;
      // The stand-ins again before each build: another jest run's teardown on this machine may have removed them.
      const built = (lanes[lane] as Promise<unknown>).then(() =>
        buildImageInBackground(dir, tagOf(shape.shape), standInBuildArgs('scratch', buildStandIns())),
      );
      lanes[lane] = built.catch(() => undefined);
      builds.set(shape.shape, { dir, built });
    });
  }, 600_000);

  afterAll(() => {
    if (timings.length > 0) process.stdout.write(`dockerize shapes:\n  ${timings.join('\n  ')}\n`);
  });

  const tagOf = (shape: string) => `gmc-dockerize-shape/${shape}:${RUN_ID}`;

  it.each(SHIPPED.filter((shape) => shape.port !== null).map((shape) => [shape.shape, shape] as const))(
    '%s: built, and answers on the port dockerize chose',
    async (_, shape) => {
      const build = builds.get(shape.shape);
      expect(build).toBeDefined();
      const port = shape.runPort ?? (shape.port as number);
      const { body, build: result } = await buildRunAndGet({
        tag: tagOf(shape.shape),
        container: `gmc-dockerize-shape-${shape.shape}-${RUN_ID}`,
        port,
        // Hardened, without PORT: each program keeps its own default.
        hardened: true,
        runOptions: (shape.runEnv ?? []).flatMap((env) => ['-e', env]),
        built: build?.built as Promise<BuildResult>,
        answer: shape.answer,
      });
      expect(body).toBe(shape.answer);
      timings.push(`${shape.shape}: build ${result.seconds.toFixed(1)} s`);
    },
    // A test waits for the builds queued before it in its lane, the first of which compiles the standard library.
    900_000,
  );

  it('cli-only: built, runs to completion with no port, and says its piece', async () => {
    const build = builds.get('cli-only');
    expect(build).toBeDefined();
    const tag = tagOf('cli-only');
    try {
      await build?.built;
      numericNonRootUser(tag);
      const run = docker(['run', '--rm', '--label', runLabel(), '--network', 'host', ...HARDENED_RUN, tag]);
      expect({ status: run.status, stdout: check(run, 'docker run') }).toEqual({
        status: 0,
        stdout: SHIPPED.find((shape) => shape.shape === 'cli-only')?.answer,
      });
    } finally {
      removeImages([tag]);
    }
  }, 900_000);

  it('leaves no container or image of this run behind', async () => {
    await Promise.allSettled([...builds.values()].map((build) => build.built));
    expect(leftovers(RUN_ID)).toEqual({ containers: [], images: [] });
  });
});
