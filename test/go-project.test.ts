/**
 * The generated Go project, for real: gofmt, go vet, go test and build.sh on
 * every strategy, with the machine's Go toolchain.
 */
import { execFileSync, spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getStrategy, STRATEGY_NAMES } from '../src/core/strategies.js';
import { readElf } from './helpers/elf.js';
import { answersFor, writeProject } from './helpers/project.js';
import { tempDir } from './helpers/run.js';
import { requireTool } from './helpers/tools.js';

function run(
  cwd: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): SpawnSyncReturns<string> {
  return spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 300_000,
  });
}

function expectSuccess(result: SpawnSyncReturns<string>): string {
  if (result.status !== 0) {
    throw new Error(`exit ${result.status}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
  }
  return result.stdout;
}

beforeAll(() => {
  requireTool('go', 'the generated projects are checked with the Go toolchain', ['version']);
});

describe.each(STRATEGY_NAMES)('generated %s project', (strategy) => {
  // Without the classic -a flag, so build.sh reuses Go's build cache and the
  // six builds take seconds, not minutes; the classic flags are built below
  // and by every Docker end-to-end build.
  let dir: string;
  beforeAll(() => {
    dir = writeProject(answersFor(strategy, { classicFlags: false }));
  });

  it('is gofmt-clean', () => {
    expect(expectSuccess(run(dir, 'gofmt', ['-l', '.']))).toBe('');
  });

  it('passes go vet and go test', () => {
    expectSuccess(run(dir, 'go', ['vet', './...']));
    expect(expectSuccess(run(dir, 'go', ['test', './...']))).toMatch(/^ok\s+example\.com\/hello-world/m);
  });

  it('builds a static linux binary with ./build.sh and reports its size', () => {
    const output = expectSuccess(run(dir, './build.sh', []));
    const host = getStrategy(strategy).buildShape === 'host';
    // The host strategy writes one binary per platform, for its Dockerfile to pick.
    const relative = host ? 'dist/linux_amd64/hello-world' : 'hello-world';
    const binary = path.join(dir, relative);
    const elf = readElf(binary);
    expect(elf.hasInterpreter).toBe(false);
    const size = statSync(binary).size;
    expect(output).toContain(`built ./${relative}: static, ${size} bytes`);
    expect(execFileSync('go', ['version', '-m', binary], { encoding: 'utf8' })).toMatch(/CGO_ENABLED=0/);

    const rootfs = path.join(dir, host ? 'dist/rootfs' : 'rootfs');
    if (host) {
      // The classic strategy stages what scratch lacks next to the binary.
      expect(statSync(path.join(rootfs, 'tmp')).mode & 0o7777).toBe(0o1777);
      expect(statSync(path.join(rootfs, 'etc/ssl/certs/ca-certificates.crt')).size).toBeGreaterThan(1000);
      expect(existsSync(path.join(rootfs, 'etc/passwd'))).toBe(true);
    } else {
      expect(existsSync(rootfs)).toBe(false);
    }
  });
});

describe('build.sh', () => {
  // Without the classic -a flag, builds reuse Go's cache: these stay fast.
  let dir: string;
  beforeAll(() => {
    dir = writeProject(answersFor('scratch', { classicFlags: false }));
  });

  it('stages rootfs when ROOTFS is set, as the Dockerfile does', () => {
    const rootfs = path.join(tempDir('rootfs'), 'rootfs');
    expectSuccess(run(dir, './build.sh', [], { ROOTFS: rootfs, OUT: path.join(rootfs, '..', 'app') }));
    expect(statSync(path.join(rootfs, 'tmp')).mode & 0o7777).toBe(0o1777);
    expect(statSync(path.join(rootfs, 'etc/ssl/certs/ca-certificates.crt')).size).toBeGreaterThan(1000);
    expect(run(rootfs, 'cat', ['etc/passwd']).stdout).toContain('nonroot:x:65532:65532:');
    expect(run(rootfs, 'cat', ['etc/group']).stdout).toContain('nonroot:x:65532:');
  });

  it('honours GOARCH and keeps cross-compiled binaries static', () => {
    for (const [goarch, machine, bits] of [
      ['arm64', 183, 64],
      ['arm', 40, 32],
      ['s390x', 22, 64],
    ] as const) {
      const out = path.join(tempDir(goarch), 'app');
      expectSuccess(run(dir, './build.sh', [], { GOARCH: goarch, OUT: out }));
      expect(readElf(out)).toMatchObject({ machine, bits, hasInterpreter: false });
    }
  });

  it('passes extra arguments through to go build', () => {
    const result = run(dir, './build.sh', ['-x']);
    expectSuccess(result);
    expect(result.stderr).toMatch(/^WORK=/m);
  });

  it('fails loudly when the binary is dynamically linked', () => {
    // A stand-in go that "builds" a dynamically linked system binary.
    const fakeBin = tempDir('fakego');
    const fakeGo = path.join(fakeBin, 'go');
    writeFileSync(
      fakeGo,
      '#!/bin/sh\ncase "$1" in env) echo amd64 ;; build) while [ "$1" != -o ]; do shift; done; cp /bin/ls "$2" ;; esac\n',
    );
    chmodSync(fakeGo, 0o755);
    expect(readElf('/bin/ls').hasInterpreter).toBe(true);
    const out = path.join(tempDir('dynamic'), 'app');
    const result = run(dir, './build.sh', [], { PATH: `${fakeBin}:${process.env['PATH'] ?? ''}`, OUT: out });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(
      'is dynamically linked (it has an ELF interpreter) and would not start in scratch',
    );
  });

  it('refuses a GOOS other than linux', () => {
    const result = run(dir, './build.sh', [], { GOOS: 'darwin' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('only GOOS=linux is supported');
  });

  it('embeds time zone data with --tzdata', () => {
    const plain = path.join(tempDir('plain'), 'app');
    expectSuccess(run(dir, './build.sh', [], { OUT: plain }));
    const tzDir = writeProject(answersFor('scratch', { classicFlags: false, tzdata: true }));
    const tz = path.join(tempDir('tz'), 'app');
    expectSuccess(run(tzDir, './build.sh', [], { OUT: tz }));
    expect(statSync(tz).size - statSync(plain).size).toBeGreaterThan(300_000);
  });

  it('builds the same static binary with the default, classic flags', () => {
    const modern = path.join(tempDir('modern'), 'app');
    expectSuccess(run(dir, './build.sh', [], { OUT: modern }));
    const classicDir = writeProject(answersFor('scratch'));
    expect(readFileSync(path.join(classicDir, 'build.sh'), 'utf8')).toContain('-a -installsuffix cgo');
    const classic = path.join(tempDir('classic'), 'app');
    expectSuccess(run(classicDir, './build.sh', [], { OUT: classic }));
    expect(readElf(classic).hasInterpreter).toBe(false);
    expect(execFileSync('sha256sum', [classic], { encoding: 'utf8' }).split(' ')[0]).toBe(
      execFileSync('sha256sum', [modern], { encoding: 'utf8' }).split(' ')[0],
    );
  });

  it('is POSIX sh that shellcheck accepts, in every variant', () => {
    requireTool('shellcheck', 'build.sh is linted with it');
    for (const strategy of STRATEGY_NAMES) {
      for (const variant of [{}, { classicFlags: false, tzdata: true, caCerts: false, nonRoot: false }]) {
        const variantDir = writeProject(answersFor(strategy, variant));
        expectSuccess(run(variantDir, 'shellcheck', ['--shell=sh', 'build.sh']));
      }
    }
  });

  it('runs under busybox sh, as in an alpine builder', () => {
    if (!existsSync('/bin/busybox')) requireTool('busybox', 'alpine builders run build.sh with busybox sh');
    const out = path.join(tempDir('busybox'), 'app');
    mkdirSync(path.dirname(out), { recursive: true });
    expectSuccess(run(dir, 'busybox', ['sh', './build.sh'], { OUT: out }));
    expect(readElf(out).hasInterpreter).toBe(false);
  });
});

describe('the built server, stopped with slow request bodies in flight', () => {
  // What `docker stop` does to it: SIGTERM, then SIGKILL after 10 s. Five
  // clients send a POST body one byte every 100 ms, far slower than any
  // timeout; the stop must still be clean, logged, and well inside the 10 s.
  const CLIENTS = 5;
  const DOCKER_STOP_GRACE_MS = 10_000;
  let dir: string;
  beforeAll(() => {
    dir = writeProject(answersFor('scratch', { classicFlags: false }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 0 with "server stopped" in under 10 s after SIGTERM', async () => {
    const binary = path.join(dir, 'server');
    expectSuccess(run(dir, 'go', ['build', '-o', binary, '.']));
    const port = await freePort();
    const server = spawn(binary, [], { env: { ...process.env, PORT: String(port) } });
    let log = '';
    server.stdout.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
    server.stderr.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>(
      (resolve) => server.on('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
    );
    const sockets: Socket[] = [];
    const timers: NodeJS.Timeout[] = [];
    try {
      // Answers rather than hangs: a loaded machine may take seconds to start it.
      await until(() => log.includes('"msg":"listening"'), 60_000);
      for (let i = 0; i < CLIENTS; i++) {
        const socket = connect(port, '127.0.0.1');
        socket.on('error', () => {}); // the server closes it: expected
        socket.write(
          `POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n`,
        );
        timers.push(setInterval(() => socket.writable && socket.write('x'), 100));
        sockets.push(socket);
      }
      await new Promise((resolve) => setTimeout(resolve, 500)); // the bodies are being read

      const stoppedAt = Date.now();
      server.kill('SIGTERM');
      let killer: NodeJS.Timeout | undefined;
      const result = await Promise.race([
        exited,
        new Promise<'killed'>((resolve) => {
          killer = setTimeout(() => {
            server.kill('SIGKILL'); // what docker stop would do
            resolve('killed');
          }, DOCKER_STOP_GRACE_MS);
        }),
      ]);
      clearTimeout(killer);
      expect(result).not.toBe('killed');
      const { code, signal, at } = result as Awaited<typeof exited>;
      const tookMs = at - stoppedAt;
      process.stdout.write(`stopped in ${tookMs} ms with ${CLIENTS} slow bodies in flight\n`);
      expect({ code, signal }).toEqual({ code: 0, signal: null });
      expect(tookMs).toBeLessThan(DOCKER_STOP_GRACE_MS);
      expect(log).toContain('"msg":"server stopped"');
      expect(log).not.toContain('"level":"ERROR"');
    } finally {
      timers.forEach(clearInterval);
      sockets.forEach((socket) => socket.destroy());
      if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
    }
  }, 120_000);
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
