/**
 * Images for another architecture: every builder-stage strategy built for
 * linux/arm64 (cross-compiled on the build platform, no emulation needed),
 * its shipped binary checked as a static aarch64 ELF and run under
 * qemu-aarch64-static; and the host strategy, which packages only what
 * build.sh built for the image's platform and says what to run otherwise.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { StrategyName } from '../src/core/strategies.js';
import {
  ANSWER_WITHIN_MS,
  buildImage,
  check,
  copyFromImage,
  engineOrSkip,
  httpGet,
  inspect,
  leftovers,
  removeImages,
  RUN_ID,
  tryBuildImage,
  waitFor,
} from './helpers/docker.js';
import { readElf } from './helpers/elf.js';
import { answersFor, writeProject } from './helpers/project.js';
import { tempDir } from './helpers/run.js';
import {
  buildArm64RuntimeStandIns,
  buildStandIns,
  standInBuildArgs,
  type StandIns,
} from './helpers/standins.js';
import { requireTool } from './helpers/tools.js';

const APP = 'hello-world';
const QEMU = 'qemu-aarch64-static';
const AARCH64 = 183;
const describeWithEngine = engineOrSkip() ? describe : describe.skip;

let standIns: StandIns;
let arm64Runtime: Pick<StandIns, 'distrolessStatic' | 'alpine'>;
const created: string[] = [];

function folder(prefix: string): string {
  const made = tempDir(prefix);
  created.push(made);
  return made;
}

/**
 * Runs an aarch64 binary under qemu user emulation (binfmt_misc is not
 * mounted here, so not through the kernel): GET / answers, -health exits 0,
 * and SIGTERM stops it cleanly.
 */
async function runUnderQemu(binary: string, port: number): Promise<void> {
  const env = { ...process.env, PORT: String(port) };
  const server = spawn(QEMU, [binary], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let logs = '';
  server.stdout.on('data', (chunk: Buffer) => (logs += chunk.toString()));
  server.stderr.on('data', (chunk: Buffer) => (logs += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
  try {
    const body = await waitFor(
      `GET / from the arm64 binary on ${port}`,
      () => httpGet(`http://127.0.0.1:${port}/`),
      ANSWER_WITHIN_MS,
    );
    expect(body).toBe(`200 Hello from ${APP}!\n`);
    const probe = spawnSync(QEMU, [binary, '-health'], { env, encoding: 'utf8', timeout: 20_000 });
    expect(probe.status).toBe(0);
  } finally {
    server.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
  expect(logs).toContain('"msg":"server stopped"');
}

describeWithEngine('linux/arm64 images', () => {
  beforeAll(() => {
    requireTool('go', 'the stand-in builder image is made from the machine Go toolchain', ['version']);
    standIns = buildStandIns();
    arm64Runtime = buildArm64RuntimeStandIns();
  }, 300_000);

  afterAll(() => {
    for (const made of created) rmSync(made, { recursive: true, force: true });
  });

  describe.each([
    ['scratch', `/${APP}`, 18411],
    ['distroless', `/${APP}`, 18412],
    ['alpine', `/usr/local/bin/${APP}`, 18413],
  ] as const)('strategy %s', (strategy: StrategyName, binaryPath, port) => {
    it('cross-compiles for linux/arm64 and ships a static aarch64 binary that runs', async () => {
      requireTool(QEMU, 'the arm64 binary is run under qemu user emulation (Debian: qemu-user-static)', [
        '--version',
      ]);
      const tag = `gmc-e2e/arm64-${strategy}:${RUN_ID}`;
      const dir = writeProject(answersFor(strategy, { classicFlags: false }), folder(strategy));
      const { seconds } = buildImage(dir, tag, standInBuildArgs(strategy, standIns, arm64Runtime), {
        platform: 'linux/arm64',
      });
      process.stdout.write(`linux/arm64 build of ${strategy}: ${seconds.toFixed(1)} s\n`);
      try {
        expect(inspect(tag, '{{.Os}}/{{.Architecture}}')).toBe('linux/arm64');
        const binary = path.join(folder('arm64-binary'), APP);
        copyFromImage(tag, binaryPath, binary);
        expect(readElf(binary)).toEqual({
          bits: 64,
          littleEndian: true,
          machine: AARCH64,
          hasInterpreter: false,
        });
        await runUnderQemu(binary, port);
      } finally {
        removeImages([tag]);
      }
    }, 600_000);
  });

  describe('strategy scratch-host', () => {
    it('packages only the platform build.sh built, and says what to run for another', () => {
      const dir = writeProject(answersFor('scratch-host', { classicFlags: false }), folder('host-arm64'));
      check(
        spawnSync('./build.sh', [], { cwd: dir, encoding: 'utf8', env: { ...process.env, GOARCH: 'arm64' } }),
        'GOARCH=arm64 ./build.sh',
      );
      const tag = `gmc-e2e/host-arm64:${RUN_ID}`;
      const args = standInBuildArgs('scratch-host', standIns);
      try {
        // The engine's own platform (linux/amd64): build.sh made no binary for it.
        const mislabelled = tryBuildImage(dir, tag, args);
        expect(mislabelled.status).not.toBe(0);
        // The COPY names the folder it looked in; the Dockerfile's header maps it to the build.sh to run.
        expect(mislabelled.stderr).toContain(`"/dist/linux_amd64/${APP}" not found`);
        expect(readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toContain(
          `#   "/dist/linux_amd64/${APP}" not found   run GOARCH=amd64 ./build.sh\n`,
        );

        buildImage(dir, tag, args, { platform: 'linux/arm64' });
        expect(inspect(tag, '{{.Os}}/{{.Architecture}}')).toBe('linux/arm64');
        const binary = path.join(folder('host-arm64-binary'), APP);
        copyFromImage(tag, `/${APP}`, binary);
        expect(readElf(binary)).toMatchObject({ machine: AARCH64, hasInterpreter: false });
      } finally {
        removeImages([tag]);
      }
    }, 600_000);
  });

  it('leaves no container or image of this run behind', () => {
    expect(leftovers(RUN_ID)).toEqual({ containers: [], images: [] });
  });
});
