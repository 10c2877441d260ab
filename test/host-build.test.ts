/**
 * build.sh of the scratch-host strategy, the classic recipe: it finds the CA
 * bundle where each OS keeps it and fails before compiling when there is none,
 * and it writes one binary per platform so the Dockerfile can never package
 * one for another architecture. The Docker side is in docker-e2e.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readElf } from './helpers/elf.js';
import { answersFor, writeProject } from './helpers/project.js';
import { tempDir } from './helpers/run.js';

const STATIC_BINARY = '/bin/busybox';
const created: string[] = [];
let dir: string;
let fakeBin: string;

function folder(prefix: string): string {
  const made = tempDir(prefix);
  created.push(made);
  return made;
}

beforeAll(() => {
  dir = writeProject(answersFor('scratch-host', { classicFlags: false }), folder('host'));
  // A stand-in go that "compiles" by copying a static binary, and leaves a
  // mark, so a test can tell whether build.sh got as far as compiling.
  fakeBin = folder('fakego');
  writeFileSync(
    path.join(fakeBin, 'go'),
    [
      '#!/bin/sh',
      'case "$1" in',
      '  env) echo amd64 ;;',
      `  build) touch "$GO_MARK"; while [ "$1" != -o ]; do shift; done; cp ${STATIC_BINARY} "$2" ;;`,
      'esac',
      '',
    ].join('\n'),
  );
  chmodSync(path.join(fakeBin, 'go'), 0o755);
});

afterAll(() => {
  for (const made of created) rmSync(made, { recursive: true, force: true });
});

/**
 * Runs build.sh with the fake go in a private mount namespace whose /etc is an
 * empty tmpfs holding only `bundleAt` (when given), so each OS's location is
 * tried alone, and nothing outside the namespace changes.
 */
function buildWithEtc(bundleAt: string | undefined, env: NodeJS.ProcessEnv = {}) {
  const work = folder('ca');
  const mark = path.join(work, 'compiled');
  const script = [
    'set -e',
    'mount -t tmpfs gmc-etc /etc',
    'if [ -n "$BUNDLE_AT" ]; then mkdir -p "$(dirname "$BUNDLE_AT")"; echo "bundle from $BUNDLE_AT" >"$BUNDLE_AT"; fi',
    'exec ./build.sh',
  ].join('\n');
  const result = spawnSync('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      ...process.env,
      PATH: `${fakeBin}:${process.env['PATH'] ?? ''}`,
      GO_MARK: mark,
      BUNDLE_AT: bundleAt ?? '',
      OUT: path.join(work, 'app'),
      ROOTFS: path.join(work, 'rootfs'),
      SSL_CERT_FILE: '',
      ...env,
    },
  });
  if (result.error || /unshare failed|Operation not permitted/.test(result.stderr)) {
    throw new Error(`these tests need unshare and mount (root): ${result.error?.message ?? result.stderr}`);
  }
  const bundle = path.join(work, 'rootfs/etc/ssl/certs/ca-certificates.crt');
  return {
    result,
    compiled: existsSync(mark),
    bundle: existsSync(bundle) ? readFileSync(bundle, 'utf8') : undefined,
  };
}

function expectOk(result: SpawnSyncReturns<string>): void {
  if (result.status !== 0) throw new Error(`exit ${result.status}\n${result.stdout}\n${result.stderr}`);
}

describe('build.sh finds the CA bundle', () => {
  it.each([
    ['Debian, Ubuntu and Alpine', '/etc/ssl/certs/ca-certificates.crt'],
    ['Fedora and RHEL', '/etc/pki/tls/certs/ca-bundle.crt'],
    ['Fedora and RHEL (extracted)', '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem'],
    ['openSUSE', '/etc/ssl/ca-bundle.pem'],
    ['macOS', '/etc/ssl/cert.pem'],
  ])('where %s keep it', (_os, location) => {
    const { result, bundle } = buildWithEtc(location);
    expectOk(result);
    expect(bundle).toBe(`bundle from ${location}\n`);
  });

  it('takes SSL_CERT_FILE first', () => {
    const own = path.join(folder('own'), 'my-ca.pem');
    writeFileSync(own, 'my own bundle\n');
    const { result, bundle } = buildWithEtc('/etc/ssl/certs/ca-certificates.crt', { SSL_CERT_FILE: own });
    expectOk(result);
    expect(bundle).toBe('my own bundle\n');
  });

  it('fails before compiling when there is none, saying where it looked and what to do', () => {
    const { result, compiled } = buildWithEtc(undefined);
    expect(result.status).toBe(1);
    expect(compiled).toBe(false);
    expect(result.stderr).toBe(
      'build.sh: no CA bundle found at /etc/ssl/certs/ca-certificates.crt, /etc/pki/tls/certs/ca-bundle.crt, ' +
        '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem, /etc/ssl/ca-bundle.pem or /etc/ssl/cert.pem.\n' +
        "build.sh: install your system's ca-certificates package, or run SSL_CERT_FILE=/path/to/ca-bundle.pem ./build.sh\n",
    );
  });

  it('fails before compiling when SSL_CERT_FILE names a missing file', () => {
    const { result, compiled } = buildWithEtc('/etc/ssl/certs/ca-certificates.crt', {
      SSL_CERT_FILE: '/nowhere/ca.pem',
    });
    expect(result.status).toBe(1);
    expect(compiled).toBe(false);
    expect(result.stderr).toBe(
      'build.sh: SSL_CERT_FILE=/nowhere/ca.pem is missing or empty: point it at a PEM CA bundle\n',
    );
  });
});

describe('build.sh writes one binary per platform', () => {
  it.each([
    [{ GOARCH: 'amd64' }, 'dist/linux_amd64/hello-world'],
    [{ GOARCH: 'arm64' }, 'dist/linux_arm64/hello-world'],
    [{ GOARCH: 'arm', GOARM: '6' }, 'dist/linux_arm_v6/hello-world'],
    [{ GOARCH: 'arm', GOARM: '7,softfloat' }, 'dist/linux_arm_v7/hello-world'],
  ])('%p goes to %s, named as Docker names the platform', (env, relative) => {
    const result = spawnSync('./build.sh', [], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${fakeBin}:${process.env['PATH'] ?? ''}`, GO_MARK: '/dev/null', ...env },
    });
    expectOk(result);
    expect(result.stdout).toContain(`built ./${relative}: static`);
    expect(existsSync(path.join(dir, relative))).toBe(true);
    expect(existsSync(path.join(dir, 'dist/rootfs/etc/passwd'))).toBe(true);
  });

  it('runs under busybox sh too', () => {
    const result = spawnSync('busybox', ['sh', './build.sh'], {
      cwd: dir,
      encoding: 'utf8',
      env: {
        ...process.env,
        PATH: `${fakeBin}:${process.env['PATH'] ?? ''}`,
        GO_MARK: '/dev/null',
        GOARCH: 'arm',
        GOARM: '5',
      },
    });
    expectOk(result);
    expect(existsSync(path.join(dir, 'dist/linux_arm_v5/hello-world'))).toBe(true);
  });

  it('cross-compiles for real: dist/linux_arm64 holds a static aarch64 binary', () => {
    const result = spawnSync('./build.sh', [], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 300_000,
      env: { ...process.env, GOARCH: 'arm64' },
    });
    expectOk(result);
    expect(readElf(path.join(dir, 'dist/linux_arm64/hello-world'))).toMatchObject({
      machine: 183,
      hasInterpreter: false,
    });
  });
});
