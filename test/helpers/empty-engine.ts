/**
 * A second, private Docker engine that holds no image at all: its own data
 * root, exec root and socket in a temp folder, its own containerd namespaces,
 * no bridge and no iptables. A build on it that succeeds proves the
 * Dockerfile needed no image: there is none to use and no registry to pull
 * one from. The shared engine and its images are never touched.
 */
import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DOCKER, RUN_ID } from './docker.js';

export interface EmptyEngine {
  /** The DOCKER_HOST that reaches it. */
  host: string;
  /** Runs the docker client against it, with BuildKit. */
  docker(args: string[], cwd?: string): SpawnSyncReturns<string>;
  stop(): Promise<void>;
}

const DOCKERD = '/usr/sbin/dockerd';

export function canStartEngine(): boolean {
  return existsSync(DOCKERD) && process.getuid?.() === 0;
}

/** Starts the engine and waits until it answers (or fails with its log). */
export async function startEmptyEngine(): Promise<EmptyEngine> {
  // Short (a unix socket path must fit in 108 bytes), and not a tempDir(): those go
  // when the test file ends, which may be before the engine has stopped and unmounted.
  const root = mkdtempSync(path.join(os.tmpdir(), 'gmc-eng-'));
  const socket = path.join(root, 'docker.sock');
  const log = path.join(root, 'dockerd.log');
  const namespace = `gmc-empty-${RUN_ID}`;
  const daemon: ChildProcess = spawn(
    'sh',
    [
      '-c',
      'exec "$@" >"$LOG" 2>&1',
      'dockerd',
      DOCKERD,
      '--data-root',
      path.join(root, 'data'),
      '--exec-root',
      path.join(root, 'exec'),
      '--pidfile',
      path.join(root, 'dockerd.pid'),
      '--host',
      `unix://${socket}`,
      '--iptables=false',
      '--ip-masq=false',
      '--bridge=none',
      '--containerd-namespace',
      namespace,
      '--containerd-plugins-namespace',
      `${namespace}-plugins`,
    ],
    { env: { ...process.env, LOG: log }, stdio: 'ignore' },
  );
  let exited = false;
  daemon.on('exit', () => (exited = true));
  // A test process that dies before stop() (a crash, a jest timeout) leaves no daemon behind.
  const killOnExit = () => {
    if (!exited) daemon.kill('SIGTERM');
  };
  process.once('exit', killOnExit);
  const host = `unix://${socket}`;
  const client = (args: string[], cwd?: string) =>
    spawnSync(DOCKER, args, {
      cwd,
      encoding: 'utf8',
      timeout: 600_000,
      env: { ...process.env, DOCKER_HOST: host, DOCKER_BUILDKIT: '1' },
    });
  const stop = async () => {
    process.off('exit', killOnExit);
    if (!exited) {
      const gone = new Promise((resolve) => daemon.once('exit', resolve));
      daemon.kill('SIGTERM');
      await gone;
    }
    rmSync(root, { recursive: true, force: true });
  };
  for (let attempt = 0; attempt < 120; attempt++) {
    if (exited) break;
    if (client(['info', '--format', '{{.ServerVersion}}']).status === 0)
      return { host, docker: client, stop };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const output = existsSync(log) ? readFileSync(log, 'utf8') : '';
  await stop();
  throw new Error(`the private dockerd did not answer on ${host}:\n${output.slice(-2000)}`);
}
