/**
 * Every strategy, end to end on a real Docker engine: generate, build with
 * BuildKit, run hardened as the image's own non-root user, answer, turn
 * healthy, stop gracefully and fast, and leave nothing behind. Base images are
 * local stand-ins (see helpers/standins.ts): nothing can be pulled here.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { getStrategy, STRATEGY_NAMES, type StrategyName } from '../src/core/strategies.js';
import {
  ANSWER_WITHIN_MS,
  buildImage,
  cachedSteps,
  check,
  copyFromImage,
  docker,
  DOCKER,
  engineOrSkip,
  exportImage,
  hardenedRunOptions,
  imageSize,
  inspect,
  leftovers,
  removeImages,
  RUN_ID,
  runAndGet,
  runLabel,
  STOP_GRACE_SECONDS,
  TEST_LABEL,
  waitFor,
} from './helpers/docker.js';
import { alone, inBuildSlot } from './helpers/engine-slots.js';
import { readElf } from './helpers/elf.js';
import { answersFor, writeProject } from './helpers/project.js';
import { tempDir } from './helpers/run.js';
import { buildStandIns, standInBuildArgs, type StandIns } from './helpers/standins.js';
import { requireTool } from './helpers/tools.js';

const CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
const APP = 'hello-world';
const describeWithEngine = engineOrSkip() ? describe : describe.skip;

let standIns: StandIns;

function binaryPathIn(strategy: StrategyName): string {
  return getStrategy(strategy).hasShell ? `/usr/local/bin/${APP}` : `/${APP}`;
}

/** Files in an image, as `mode path` lines, without what Docker adds to every container. */
function imageFiles(tag: string): string[] {
  const listing = execFileSync('tar', ['-tvf', '-'], { input: exportImage(tag), encoding: 'utf8' });
  const dockerAdds = /^(\.dockerenv|dev|proc|sys|etc\/(hostname|hosts|resolv\.conf|mtab))(\/|$)/;
  return listing
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const fields = line.split(/\s+/);
      return `${fields[0]} ${fields.slice(5).join(' ')}`;
    })
    .filter((entry) => !dockerAdds.test(entry.split(' ')[1] ?? ''));
}

function timed<T>(action: () => T): [T, number] {
  const started = process.hrtime.bigint();
  const value = action();
  return [value, Number(process.hrtime.bigint() - started) / 1e9];
}

describeWithEngine('Docker end to end', () => {
  beforeAll(() => {
    requireTool('go', 'the stand-in builder image is made from the machine Go toolchain', ['version']);
    standIns = buildStandIns();
  }, 300_000);

  describe.each(STRATEGY_NAMES.map((strategy, index) => [strategy, 18100 + index] as const))(
    'strategy %s',
    (strategy, port) => {
      const tag = `gmc-e2e/${strategy}:${RUN_ID}`;
      const container = `gmc-e2e-${strategy}-${RUN_ID}`;
      let dir: string;
      let binarySize: number;

      it('builds with BuildKit from the generated project', () => {
        // Without the classic -a flag the six builds share BuildKit's Go cache
        // and take seconds each. The Dockerfile is the same either way (the
        // flags live in build.sh, which go-project tests with the classic flags,
        // byte-identical output); the warm-rebuild tests below build both.
        dir = writeProject(answersFor(strategy, { classicFlags: false }));
        if (getStrategy(strategy).buildShape === 'host') {
          check(spawnSync('./build.sh', [], { cwd: dir, encoding: 'utf8' }), './build.sh');
        }
        buildImage(dir, tag, standInBuildArgs(strategy, standIns));

        const binary = path.join(tempDir('binary'), APP);
        copyFromImage(tag, binaryPathIn(strategy), binary);
        expect(readElf(binary).hasInterpreter).toBe(false);
        binarySize = statSync(binary).size;
      }, 600_000);

      it('carries the OCI labels with their defaults', () => {
        expect(JSON.parse(inspect(tag, '{{json .Config.Labels}}'))).toEqual({
          [TEST_LABEL]: RUN_ID,
          'org.opencontainers.image.title': APP,
          // example.com/hello-world names no forge: no source by default.
          'org.opencontainers.image.source': '',
          'org.opencontainers.image.version': 'dev',
          'org.opencontainers.image.revision': '',
          'org.opencontainers.image.created': '',
          'org.opencontainers.image.licenses': '',
        });
      });

      if (getStrategy(strategy).shipsScratch) {
        it('ships only the binary and what it needs, no bigger than binary x 1.01 + CA bundle', () => {
          const size = imageSize(tag);
          const limit = binarySize * 1.01 + statSync(CA_BUNDLE).size;
          expect({ size, withinLimit: size <= limit }).toEqual({ size, withinLimit: true });

          const files = imageFiles(tag).filter((entry) => !entry.startsWith('d'));
          expect(files.map((entry) => entry.split(' ')[1]).sort()).toEqual(
            ['etc/group', 'etc/passwd', 'etc/ssl/certs/ca-certificates.crt', APP].sort(),
          );
          expect(imageFiles(tag)).toContain('drwxrwxrwt tmp/');
        });
      }

      it('runs read-only, without capabilities, as its numeric non-root user; answers and turns healthy', async () => {
        // No --health-* options: the image's own HEALTHCHECK settings are tested.
        const answered = runAndGet(container, tag, port, hardenedRunOptions(port));
        expect(inspect(container, '{{.Config.User}}')).toBe('65532:65532');
        const pid = inspect(container, '{{.State.Pid}}');
        expect(readFileSync(`/proc/${pid}/status`, 'utf8')).toMatch(
          /^Uid:\s+65532\s+65532\s+65532\s+65532$/m,
        );

        expect(await answered).toBe(`200 Hello from ${APP}!\n`);

        await waitFor(
          'the HEALTHCHECK to pass',
          () => (inspect(container, '{{.State.Health.Status}}') === 'healthy' ? true : undefined),
          ANSWER_WITHIN_MS,
        );
        const healthcheck = inspect(container, '{{json .Config.Healthcheck.Test}}');
        expect(JSON.parse(healthcheck)).toEqual(['CMD', binaryPathIn(strategy), '-health']);

        // Never unhealthy on the way: its first passing probe came before the HEALTHCHECK's
        // --retries=5 failures in a row that make a container unhealthy. How soon, by the
        // engine's own clock, is reported (a figure, not a bound: CI may be at load 30).
        const state = JSON.parse(inspect(container, '{{json .State}}')) as {
          StartedAt: string;
          Health: { Log: Array<{ End: string; ExitCode: number }> };
        };
        const firstPassIndex = state.Health.Log.findIndex((probe) => probe.ExitCode === 0);
        const firstPass = state.Health.Log[firstPassIndex];
        const healthyAfter = (Date.parse(firstPass?.End ?? '') - Date.parse(state.StartedAt)) / 1000;
        report(`${strategy}: healthy ${healthyAfter.toFixed(2)} s after start`);
        expect({ firstPassIndex, beforeUnhealthy: firstPassIndex >= 0 && firstPassIndex < 5 }).toEqual({
          firstPassIndex,
          beforeUnhealthy: true,
        });
      }, 60_000);

      it('stops on docker stop within its grace period, logging a clean shutdown', () => {
        const [stop, seconds] = timed(() => docker(['stop', container]));
        check(stop, 'docker stop');
        report(`${strategy}: docker stop took ${seconds.toFixed(2)} s`);
        // Exit code 0, not 137: it exited on SIGTERM before the grace period ran out and the engine killed it.
        expect(seconds).toBeLessThan(STOP_GRACE_SECONDS);
        expect(inspect(container, '{{.State.ExitCode}}')).toBe('0');
        const logs = check(docker(['logs', container]), 'docker logs');
        expect(logs).toContain('"msg":"server stopped"');
      });

      it('leaves no container or image behind', () => {
        check(docker(['rm', container]), 'docker rm');
        removeImages([tag]);
        expect(docker(['inspect', container]).status).not.toBe(0);
        expect(docker(['image', 'inspect', tag]).status).not.toBe(0);
      });
    },
  );

  it("fills the labels from git with the generated README's command", () => {
    const dir = writeProject(
      answersFor('scratch', { classicFlags: false, module: 'github.com/acme/hello-world' }),
    );
    const git = (args: string[]) =>
      check(
        spawnSync('git', args, {
          cwd: dir,
          encoding: 'utf8',
          env: {
            ...process.env,
            GIT_AUTHOR_NAME: 'gmc',
            GIT_AUTHOR_EMAIL: 'gmc@example.com',
            GIT_COMMITTER_NAME: 'gmc',
            GIT_COMMITTER_EMAIL: 'gmc@example.com',
            GIT_AUTHOR_DATE: '2026-05-01T12:00:00+02:00',
            GIT_COMMITTER_DATE: '2026-05-01T12:00:00+02:00',
          },
        }),
        `git ${args.join(' ')}`,
      ).trim();
    git(['init', '-q']);
    git(['add', '.']);
    git(['commit', '-q', '-m', 'hello']);
    git(['tag', 'v1.2.3']);
    const revision = git(['rev-parse', 'HEAD']);

    // The command exactly as the README gives it, pointed at the stand-ins
    // and tagged as this run's image.
    const readme = readFileSync(path.join(dir, 'README.md'), 'utf8');
    const block = /## Labels[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const command = block.split('\ndocker inspect')[0] ?? '';
    expect(command.startsWith('DOCKER_BUILDKIT=1 docker build -t hello-world \\\n')).toBe(true);
    const tag = `gmc-e2e/labels:${RUN_ID}`;
    const ours = [
      `DOCKER_BUILDKIT=1 ${DOCKER} build -t ${tag} --network host --label ${runLabel()}`,
      ...Object.entries(standInBuildArgs('scratch', standIns)).map(([k, v]) => `--build-arg ${k}=${v}`),
    ].join(' ');
    check(
      inBuildSlot(() =>
        spawnSync('sh', ['-c', command.replace('DOCKER_BUILDKIT=1 docker build -t hello-world', ours)], {
          cwd: dir,
          encoding: 'utf8',
          timeout: 600_000,
        }),
      ),
      "the README's labelled build",
    );
    const labels = JSON.parse(inspect(tag, '{{json .Config.Labels}}')) as Record<string, string>;
    removeImages([tag]);
    rmSync(dir, { recursive: true, force: true });
    expect(labels).toEqual({
      [TEST_LABEL]: RUN_ID,
      'org.opencontainers.image.title': APP,
      'org.opencontainers.image.source': 'https://github.com/acme/hello-world',
      'org.opencontainers.image.version': 'v1.2.3',
      'org.opencontainers.image.revision': revision,
      'org.opencontainers.image.created': '2026-05-01T12:00:00+02:00',
      'org.opencontainers.image.licenses': 'MIT',
    });
    expect(revision).toMatch(/^[0-9a-f]{40}$/);
  }, 600_000);

  // How much faster a rebuild is, cold against warm and with either flag set: npm run bench (bench/run.ts),
  // measured there in one run. Here what makes it fast: the dependency layer is reused, only the build reruns.
  it('rebuilds reusing the dependency layer without the classic flags: only the build step runs again', async () => {
    // A module path of this run's own: no build another suite runs at the same time on this engine
    // shares (or merges with) its go.mod and go mod download steps.
    const dir = writeProject(
      answersFor('scratch', { classicFlags: false, module: `example.com/rebuild-${RUN_ID}` }),
    );
    const tag = `gmc-e2e/rebuild:${RUN_ID}`;
    const args = { GO_IMAGE: standIns.goBuilder };
    const first = buildImage(dir, tag, args).seconds;
    const firstImage = inspect(tag, '{{.Id}}');
    const mainGo = path.join(dir, 'main.go');
    // A change no earlier build (of this or a previous run) has seen, so the
    // layer cache cannot answer it and the build step really runs again.
    writeFileSync(mainGo, readFileSync(mainGo, 'utf8').replace('Hello from', `Hello (${RUN_ID}) from`));
    // Alone on the engine: under concurrent builds BuildKit may drop the CACHED status of a reused step
    // (moby/buildkit#4330), and the test reads those lines (test/helpers/engine-slots.ts).
    const { seconds: rebuild, log } = await alone(() => buildImage(dir, tag, args));
    removeImages([tag, firstImage]);
    report(
      `rebuild after a change to main.go, --no-classic-flags: first build ${first.toFixed(1)} s, rebuild ${rebuild.toFixed(1)} s`,
    );
    const cached = cachedSteps(log);
    if (!cached.some((step) => step.includes('go mod download')))
      report(`rebuild log, no cached go mod download step:\n${log}`);
    expect(cached.filter((step) => step.includes('go mod download'))).toHaveLength(1);
    expect(cached.filter((step) => /\bgo build\b/.test(step))).toEqual([]);
  }, 600_000);

  it('leaves no container or image of this run behind', () => {
    expect(leftovers(RUN_ID)).toEqual({ containers: [], images: [] });
  });
});

/** Measurements go to the test output and, when GMC_REPORT is set, to that file. */
function report(line: string): void {
  process.stdout.write(`${line}\n`);
  const file = process.env['GMC_REPORT'];
  if (file) appendFileSync(file, `${line}\n`);
}
