/**
 * Every converted fixture, built and run on a real Docker engine: the
 * rewritten Dockerfile must build with BuildKit and its container must answer.
 * The fixture program answers "ok" only if the image gives it a writable /tmp,
 * the CA bundle and, when TZ is set, time zone data.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { convertFile } from '../src/core/convert/files.js';
import { buildRunAndGet, engineOrSkip, leftovers, portOption, RUN_ID } from './helpers/docker.js';
import { fixtureContext, fixtures } from './helpers/fixtures.js';
import { tempDir } from './helpers/run.js';
import { buildStandIns, pointAtStandIns, warmGoBuilder, type StandIns } from './helpers/standins.js';
import { requireTool } from './helpers/tools.js';

const describeWithEngine = engineOrSkip() ? describe : describe.skip;
const converted = fixtures().filter((fixture) => fixture.expect === 'converted');

let standIns: StandIns;
let builder: string;

describeWithEngine('converted fixtures on Docker', () => {
  beforeAll(() => {
    requireTool('go', 'the stand-in builder image is made from the machine Go toolchain', ['version']);
    standIns = buildStandIns();
    builder = warmGoBuilder(standIns.goBuilder);
  }, 600_000);

  it('are at least 15, each built and run below', () => {
    expect(converted.length).toBeGreaterThanOrEqual(15);
  });

  describe.each(converted.map((fixture, index) => [fixture.name, fixture, 18200 + index] as const))(
    '%s',
    (name, fixture, port) => {
      it('builds with BuildKit and its container answers', async () => {
        const context = fixtureContext(fixture, path.join(tempDir(name), 'context'));
        const { result } = convertFile(path.join(context, 'Dockerfile'), fixture.strategy);
        expect(result.status).toBe('converted');
        writeFileSync(
          path.join(context, 'Dockerfile'),
          pointAtStandIns(result.output ?? '', builder, standIns.distrolessStatic),
        );

        // Not read-only: the fixture program checks that it can write to /tmp.
        const { body } = await buildRunAndGet({
          context,
          tag: `gmc-convert/${name}:${RUN_ID}`,
          container: `gmc-convert-${name}-${RUN_ID}`,
          port,
          runOptions: portOption(port),
          answer: '200 ok\n',
        });
        expect(body).toBe('200 ok\n');
      }, 180_000);
    },
  );

  it('leaves no container or image of this run behind', () => {
    expect(leftovers(RUN_ID)).toEqual({ containers: [], images: [] });
  });
});
