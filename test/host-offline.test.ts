/**
 * scratch-host is the classic recipe: build.sh compiles on this machine and
 * the Dockerfile is FROM scratch alone, so `docker build` needs no image and
 * no registry. Proved on a private engine that holds no image at all: the
 * line build.sh prints is run as it is, and a platform build.sh has not built
 * fails at the COPY with the error the Dockerfile's header explains.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DOCKER } from './helpers/docker.js';
import { canStartEngine, startEmptyEngine, type EmptyEngine } from './helpers/empty-engine.js';
import { answersFor, writeProject } from './helpers/project.js';
import { tempDir } from './helpers/run.js';

const APP = 'hello-world';
const created: string[] = [];
let engine: EmptyEngine | undefined;
let dir: string;
/** A PATH whose `docker` is the BuildKit-capable client, pointed at the private engine. */
let env: NodeJS.ProcessEnv;

function folder(prefix: string): string {
  const made = tempDir(prefix);
  created.push(made);
  return made;
}

beforeAll(async () => {
  if (!canStartEngine())
    throw new Error(`a private engine needs root and ${'/usr/sbin/dockerd'} (Debian: docker.io), as CI has`);
  engine = await startEmptyEngine();
  dir = writeProject(answersFor('scratch-host', { classicFlags: false }), folder('offline'));
  const bin = folder('dockerbin');
  symlinkSync(DOCKER, path.join(bin, 'docker'));
  env = {
    ...process.env,
    PATH: `${bin}:${process.env['PATH'] ?? ''}`,
    DOCKER_HOST: engine.host,
    // The line build.sh prints sets DOCKER_BUILDKIT itself.
    DOCKER_BUILDKIT: undefined,
  };
}, 120_000);

afterAll(async () => {
  await engine?.stop();
  for (const made of created) rmSync(made, { recursive: true, force: true });
});

function onEngine(args: string[]) {
  if (!engine) throw new Error('the private engine did not start');
  return engine.docker(args);
}

function sh(script: string, extra: NodeJS.ProcessEnv = {}) {
  return spawnSync('sh', ['-c', script], { cwd: dir, encoding: 'utf8', env: { ...env, ...extra } });
}

function images(): string[] {
  const list = onEngine(['image', 'ls', '--all', '--format', '{{.Repository}}:{{.Tag}}']);
  expect(list.status).toBe(0);
  return list.stdout.split('\n').filter(Boolean);
}

/** The files of an image, read without running it (scratch has nothing to run but the binary). */
function filesOf(tag: string): string[] {
  const container = onEngine(['create', tag]).stdout.trim();
  try {
    const exported = spawnSync('sh', ['-c', `"$DOCKER" export "$ID" | tar -t`], {
      encoding: 'utf8',
      env: { ...env, DOCKER, ID: container },
    });
    expect(exported.status).toBe(0);
    return exported.stdout
      .split('\n')
      .filter(
        (entry) =>
          entry !== '' &&
          !entry.endsWith('/') &&
          !/^(\.dockerenv|dev|etc\/(hostname|hosts|resolv\.conf|mtab)|proc|sys)\b/.test(entry),
      )
      .sort();
  } finally {
    onEngine(['rm', container]);
  }
}

describe('scratch-host builds on an engine that holds no image', () => {
  it('starts with no image at all', () => {
    expect(images()).toEqual([]);
  });

  it('builds FROM scratch alone, with the exact line build.sh prints', () => {
    const goarch = spawnSync('go', ['env', 'GOARCH'], { encoding: 'utf8' }).stdout.trim();
    const built = sh('./build.sh');
    expect(built.status).toBe(0);
    const lines = built.stdout.trim().split('\n');
    const next = lines[lines.length - 1] ?? '';
    expect(next).toBe(`next: DOCKER_BUILDKIT=1 docker build --platform linux/${goarch} -t ${APP} .`);

    const build = sh(next.slice('next: '.length));
    expect(build.status).toBe(0);
    // Only the image it built: nothing was pulled, nothing else was there to use.
    expect(images()).toEqual([`${APP}:latest`]);
    expect(onEngine(['image', 'inspect', '--format', '{{.Os}}/{{.Architecture}}', APP]).stdout.trim()).toBe(
      `linux/${goarch}`,
    );
    expect(filesOf(APP)).toEqual(['etc/group', 'etc/passwd', 'etc/ssl/certs/ca-certificates.crt', APP]);
  }, 600_000);

  it('fails at the COPY for a platform build.sh has not built, as the Dockerfile header explains', () => {
    const dockerfile = readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain(`#   "/dist/linux_arm64/${APP}" not found   run GOARCH=arm64 ./build.sh\n`);
    expect(dockerfile.match(/^FROM .*/gm)).toEqual(['FROM scratch']);

    const missing = sh(`DOCKER_BUILDKIT=1 docker build --platform linux/arm64 -t ${APP}:arm64 .`);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain(`"/dist/linux_arm64/${APP}" not found`);

    // What the header says to run, then the line it prints.
    const built = sh('./build.sh', { GOARCH: 'arm64' });
    expect(built.status).toBe(0);
    const next = built.stdout.trim().split('\n').pop() ?? '';
    expect(next).toBe(`next: DOCKER_BUILDKIT=1 docker build --platform linux/arm64 -t ${APP} .`);
    expect(sh(next.slice('next: '.length)).status).toBe(0);
    expect(onEngine(['image', 'inspect', '--format', '{{.Architecture}}', APP]).stdout.trim()).toBe('arm64');
  }, 600_000);

  it('prints no docker build line when OUT puts the binary where the Dockerfile does not look', () => {
    const out = path.join(folder('elsewhere'), APP);
    mkdirSync(path.dirname(out), { recursive: true });
    const built = sh('./build.sh', { OUT: out });
    expect(built.status).toBe(0);
    expect(built.stdout).not.toContain('docker build');
  }, 600_000);
});
