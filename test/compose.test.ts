/**
 * The generated compose.yaml, read by a real Compose implementation
 * (docker-compose 1.29, Debian's) and brought up on the engine: the service
 * runs as hardened as the Docker end-to-end runs it, answers on $PORT, turns
 * healthy with the image's own check and stops gracefully.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { STRATEGY_NAMES } from '../src/core/strategies.js';
import {
  ANSWER_WITHIN_MS,
  buildImage,
  docker,
  engineOrSkip,
  httpGet,
  inspect,
  leftovers,
  removeImages,
  RUN_ID,
  runLabel,
  STOP_GRACE_SECONDS,
  waitFor,
} from './helpers/docker.js';
import { answersFor, writeProject } from './helpers/project.js';
import { tempDir } from './helpers/run.js';
import { buildStandIns, standInBuildArgs } from './helpers/standins.js';
import { requireTool } from './helpers/tools.js';

const COMPOSE = 'docker-compose';
const created: string[] = [];

function folder(prefix: string): string {
  const made = tempDir(prefix);
  created.push(made);
  return made;
}

function compose(dir: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(COMPOSE, args, {
    cwd: dir,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, ...env },
  });
}

function composeOk(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  const result = compose(dir, args, env);
  if (result.status !== 0) {
    throw new Error(
      `${COMPOSE} ${args.join(' ')}: exit ${result.status}\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result.stdout;
}

/** `docker-compose config` as Compose 1.29 normalizes it, for the app in `dir`. */
function normalized(dir: string, options: { port: number; user?: string }): string {
  return [
    'services:',
    '  hello-world:',
    '    build:',
    `      context: ${dir}`,
    '    cap_drop:',
    '    - ALL',
    '    environment:',
    `      PORT: '${options.port}'`,
    '    image: hello-world',
    '    ports:',
    `    - published: ${options.port}`,
    `      target: ${options.port}`,
    '    read_only: true',
    '    security_opt:',
    '    - no-new-privileges:true',
    '    stop_grace_period: 10s',
    '    tmpfs:',
    '    - /tmp',
    ...(options.user ? [`    user: ${options.user}`] : []),
    "version: '3.9'",
    '',
    '',
  ].join('\n');
}

afterAll(() => {
  for (const made of created) rmSync(made, { recursive: true, force: true });
});

describe('compose.yaml, as docker-compose reads it', () => {
  beforeAll(() => {
    requireTool(COMPOSE, 'compose.yaml is validated with it (Debian: docker-compose)', ['version']);
  });

  it.each(STRATEGY_NAMES)('is valid for %s, with the port from $PORT or the default', (strategy) => {
    const dir = writeProject(answersFor(strategy), folder(`compose-${strategy}`));
    const noPort = { PORT: '' };
    expect(composeOk(dir, ['-f', 'compose.yaml', 'config'], noPort)).toBe(
      normalized(dir, { port: 3000, user: '65532:65532' }),
    );
    expect(composeOk(dir, ['-f', 'compose.yaml', 'config'], { PORT: '8080' })).toBe(
      normalized(dir, { port: 8080, user: '65532:65532' }),
    );
  });

  it('leaves the image its own user with --no-non-root', () => {
    const dir = writeProject(answersFor('scratch', { nonRoot: false }), folder('compose-root'));
    expect(composeOk(dir, ['-f', 'compose.yaml', 'config'], { PORT: '' })).toBe(
      normalized(dir, { port: 3000 }),
    );
  });
});

const describeWithEngine = engineOrSkip() ? describe : describe.skip;

describeWithEngine('docker-compose up', () => {
  const port = 18401;
  const project = `gmc-compose-${RUN_ID}`;
  const tag = `gmc-e2e/compose:${RUN_ID}`;
  let dir: string;
  let container: string;

  beforeAll(() => {
    requireTool(COMPOSE, 'compose.yaml is brought up with it (Debian: docker-compose)', ['version']);
    requireTool('go', 'the stand-in builder image is made from the machine Go toolchain', ['version']);
    dir = writeProject(answersFor('scratch', { classicFlags: false }), folder('compose-up'));
    // The image is built as docker-e2e builds it, on the stand-ins; Compose
    // 1.x would build without BuildKit. A test-only override points the
    // service at it, labels the container as this run's, and probes health
    // every second instead of every 10 s. The generated file is used as is:
    // its default network works on this engine, so no network_mode is needed.
    buildImage(dir, tag, standInBuildArgs('scratch', buildStandIns()));
    writeFileSync(
      path.join(dir, 'compose.test.yaml'),
      [
        'services:',
        '  hello-world:',
        `    image: ${tag}`,
        '    labels:',
        `      - ${runLabel()}`,
        '    healthcheck:',
        '      interval: 1s',
        '',
      ].join('\n'),
    );
  }, 600_000);

  afterAll(() => {
    if (dir) compose(dir, ['-p', project, '-f', 'compose.yaml', '-f', 'compose.test.yaml', 'down']);
    removeImages([tag]);
  });

  it('runs read-only, without capabilities, as the non-root user; answers on $PORT and turns healthy', async () => {
    composeOk(
      dir,
      ['-p', project, '-f', 'compose.yaml', '-f', 'compose.test.yaml', 'up', '-d', '--no-build'],
      {
        PORT: String(port),
      },
    );
    const ids = composeOk(dir, ['-p', project, '-f', 'compose.yaml', '-f', 'compose.test.yaml', 'ps', '-q']);
    expect(ids.trim().split('\n')).toHaveLength(1);
    container = ids.trim();
    const body = await waitFor(
      `GET / on ${port}`,
      () => httpGet(`http://127.0.0.1:${port}/`),
      ANSWER_WITHIN_MS,
    );
    expect(body).toBe('200 Hello from hello-world!\n');

    expect(JSON.parse(inspect(container, '{{json .HostConfig}}'))).toMatchObject({
      ReadonlyRootfs: true,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges:true'],
      Tmpfs: { '/tmp': '' },
    });
    expect(inspect(container, '{{.Config.User}}')).toBe('65532:65532');
    // The image's own check, inherited: compose.yaml states none.
    expect(JSON.parse(inspect(container, '{{json .Config.Healthcheck.Test}}'))).toEqual([
      'CMD',
      '/hello-world',
      '-health',
    ]);
    await waitFor(
      'the inherited HEALTHCHECK to pass',
      () => (inspect(container, '{{.State.Health.Status}}') === 'healthy' ? true : undefined),
      ANSWER_WITHIN_MS,
    );

    // /tmp is a tmpfs the non-root user can write to (mode 1777).
    const pid = inspect(container, '{{.State.Pid}}');
    expect(readFileSync(`/proc/${pid}/mountinfo`, 'utf8')).toMatch(/ \/tmp .* - tmpfs /);
    expect(statSync(`/proc/${pid}/root/tmp`).mode & 0o7777).toBe(0o1777);
  }, 120_000);

  it('stops gracefully within its stop_grace_period and leaves nothing behind after down', () => {
    const started = process.hrtime.bigint();
    composeOk(dir, ['-p', project, '-f', 'compose.yaml', '-f', 'compose.test.yaml', 'stop']);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    process.stdout.write(`docker-compose stop: ${seconds.toFixed(2)} s\n`);
    // Exit code 0, not 137: it exited on SIGTERM before stop_grace_period (10s) ran out and compose killed it.
    expect(seconds).toBeLessThan(STOP_GRACE_SECONDS);
    expect(inspect(container, '{{.State.ExitCode}}')).toBe('0');
    expect(docker(['logs', container]).stdout).toContain('"msg":"server stopped"');

    composeOk(dir, ['-p', project, '-f', 'compose.yaml', '-f', 'compose.test.yaml', 'down']);
    expect(leftovers(RUN_ID).containers).toEqual([]);
    const networks = docker([
      'network',
      'ls',
      '-q',
      '--filter',
      `label=com.docker.compose.project=${project}`,
    ]);
    expect({ status: networks.status, networks: networks.stdout.trim() }).toEqual({
      status: 0,
      networks: '',
    });
  }, 60_000);
});
