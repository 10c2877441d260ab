/**
 * Every converted fixture, built and run on a real Docker engine: the
 * rewritten Dockerfile must build with BuildKit and its container must answer.
 * The fixture program answers "ok" only if the image gives it a writable /tmp,
 * the CA bundle and, when TZ is set, time zone data. A fixture with a
 * GoReleaser config ships a prebuilt binary: it is converted first, then the
 * binary is built into its context as GoReleaser would (helpers/goreleaser.ts).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { convertFile } from '../src/core/convert/io/files.js';
import {
  buildImageInBackground,
  buildRunAndGet,
  engineOrSkip,
  leftovers,
  portOption,
  removeImages,
  RUN_ID,
  type BuildResult,
} from './helpers/docker.js';
import { fixtureContext, fixtures } from './helpers/fixtures.js';
import { buildLikeGoreleaser, goreleaserConfigIn } from './helpers/goreleaser.js';
import { buildLikePromu, PROMU_CONFIG } from './helpers/promu.js';
import { tempDir } from './helpers/run.js';
import {
  buildStandIns,
  goToolset,
  pointAtStandIns,
  warmGoBuilder,
  type StandIns,
} from './helpers/standins.js';
import { requireTool } from './helpers/tools.js';

const describeWithEngine = engineOrSkip() ? describe : describe.skip;
const converted = fixtures().filter((fixture) => fixture.expect === 'converted');

/**
 * The fixtures whose report names another stage to build with --target
 * (GMC007): one converted (the stage is built from the converted file), one
 * refused (from the file as it is, which is what the user has).
 */
const TARGETED = ['multi-scratch-stage-not-last', 'refuse-scratch-stage-debug-tools'];
const targeted = fixtures().filter((fixture) => TARGETED.includes(fixture.name));
const targetBuilds: Array<{ tag: string; built: Promise<BuildResult> }> = [];

let standIns: StandIns;
let builder: string;
let goToolsetImage: string;

/**
 * Builds by fixture index. Each test starts its own build (when not started
 * yet) and the next fixture's, so one image builds while the previous one
 * runs and answers: about half the suite's time on two cores.
 */
const builds = new Map<number, { tag: string; built: Promise<BuildResult> }>();
const tagOf = (index: number) => `gmc-convert/${converted[index]?.name ?? 'none'}:${RUN_ID}`;

function startBuild(index: number): void {
  const fixture = converted[index];
  if (!fixture || builds.has(index)) return;
  const tag = tagOf(index);
  let built: Promise<BuildResult>;
  try {
    const context = fixtureContext(fixture, path.join(tempDir(fixture.name), 'context'));
    const { result } = convertFile(path.join(context, 'Dockerfile'), fixture.strategy);
    if (result.status !== 'converted') throw new Error(`${fixture.name} was ${result.status}, not converted`);
    // A prebuilt binary is built after the conversion, as GoReleaser builds it before its docker build:
    // the converter judged it from the config alone.
    if (goreleaserConfigIn(context) !== undefined) buildLikeGoreleaser(context);
    if (existsSync(path.join(context, PROMU_CONFIG))) buildLikePromu(context);
    writeFileSync(
      path.join(context, 'Dockerfile'),
      pointAtStandIns(result.output ?? '', builder, standIns.distrolessStatic, {
        alpine: standIns.alpine,
        debian: standIns.goBuilder,
        prometheusBusybox: standIns.prometheusBusybox,
        goToolset: goToolsetImage,
      }),
    );
    built = buildImageInBackground(context, tag);
  } catch (error) {
    built = Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
  // Its own test reports a failure; until then the rejection is not unhandled.
  built.catch(() => undefined);
  builds.set(index, { tag, built });
}

describeWithEngine('converted fixtures on Docker', () => {
  beforeAll(() => {
    requireTool('go', 'the stand-in builder image is made from the machine Go toolchain', ['version']);
    standIns = buildStandIns();
    builder = warmGoBuilder(standIns.goBuilder);
    goToolsetImage = goToolset(builder);
  }, 600_000);

  it('are at least 15, each built and run below', () => {
    expect(converted.length).toBeGreaterThanOrEqual(15);
  });

  describe.each(converted.map((fixture, index) => [fixture.name, index, 19000 + index] as const))(
    '%s',
    (name, index, port) => {
      it('builds with BuildKit and its container answers', async () => {
        startBuild(index);
        startBuild(index + 1);
        // Not hardened: the fixture program checks that the image's own /tmp is
        // writable, which a tmpfs would hide; and a converted image keeps the user's USER.
        const { body } = await buildRunAndGet({
          tag: tagOf(index),
          container: `gmc-convert-${name}-${RUN_ID}`,
          port,
          hardened: false,
          runOptions: portOption(port),
          answer: '200 ok\n',
          built: builds.get(index)?.built,
        });
        expect(body).toBe('200 ok\n');
      }, 180_000);
    },
  );

  /**
   * GMC007 tells the user that `docker build --target <stage> .` builds the
   * minimal image the file already has: that command, taken from the
   * warning's own text, must build an image whose container answers.
   */
  it('has each fixture GMC007 is built from', () => {
    expect(targeted.map((fixture) => [fixture.name, fixture.expect])).toEqual([
      ['multi-scratch-stage-not-last', 'converted'],
      ['refuse-scratch-stage-debug-tools', 'refused'],
    ]);
  });

  describe.each(targeted.map((fixture, index) => [fixture.name, fixture, 19500 + index] as const))(
    '%s: the stage GMC007 names',
    (name, fixture, port) => {
      it('builds with the docker build --target of the warning, and its container answers', async () => {
        const context = fixtureContext(fixture, path.join(tempDir(`${fixture.name}-target`), 'context'));
        const { result } = convertFile(path.join(context, 'Dockerfile'), fixture.strategy);
        const hint = result.warnings.find((warning) => warning.code === 'GMC007')?.message ?? '';
        const target = /run docker build --target ([a-z][a-z0-9._-]*) \.$/.exec(hint)?.[1];
        expect(target).toBeDefined();
        // A refused file is built as it is: that is the file the hint speaks of.
        const dockerfile = result.output ?? readFileSync(path.join(context, 'Dockerfile'), 'utf8');
        writeFileSync(
          path.join(context, 'Dockerfile'),
          pointAtStandIns(dockerfile, builder, standIns.distrolessStatic),
        );
        const tag = `gmc-convert/${name}-target:${RUN_ID}`;
        const built = buildImageInBackground(context, tag, {}, { target: target ?? '' });
        targetBuilds.push({ tag, built });
        const { body } = await buildRunAndGet({
          tag,
          container: `gmc-convert-${name}-target-${RUN_ID}`,
          port,
          hardened: false,
          runOptions: portOption(port),
          answer: '200 ok\n',
          built,
        });
        expect(body).toBe('200 ok\n');
      }, 180_000);
    },
  );

  it('leaves no container or image of this run behind', async () => {
    // A build started for a test that did not run (jest -t): waited for and removed.
    await Promise.allSettled([...builds.values(), ...targetBuilds].map(({ built }) => built));
    removeImages([...builds.values(), ...targetBuilds].map(({ tag }) => tag));
    expect(leftovers(RUN_ID)).toEqual({ containers: [], images: [] });
  });
});
