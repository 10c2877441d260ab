/**
 * Builds a converted Dockerfile on the stand-ins with two stages added at
 * its end, to see what a build left behind: one on the builder stage that
 * lists marker files there, and a report stage holding that list and the
 * whole shipped image under /final (one small image to export).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DockerfileModel } from '../../src/core/convert/facts/dockerfile-model.js';
import { DOCKER, docker, removeImages, RUN_ID, runLabel, tryBuildImage } from './docker.js';
import { FIXTURES_DIR } from './fixtures.js';
import { MARKER } from './hostile.js';
import { tempDir } from './run.js';
import { pointAtStandIns } from './standins.js';

export interface Built {
  status: number | null;
  log: string;
  /** Markers found directly in /, /tmp and the staging folders (/rootfs, /gmc-rootfs-1) of the builder, one per line. */
  builderMarkers: string;
  /** The shipped image's entries: `permissions uid/gid path` (folders end with /). */
  entries: string[];
  passwd: string;
}

/**
 * Builds the converted Dockerfile with two stages added at its end: one on
 * the builder that lists any marker there, and a report stage that holds that
 * list and the whole shipped image under /final. Returns what it found.
 */
export function buildChecked(
  name: string,
  dockerfile: string,
  standIns: { builder: string; distroless: string },
): Built {
  const model = new DockerfileModel(dockerfile);
  const builder = model.stages.find((stage) => stage.image.startsWith('golang'));
  const final = model.finalStage;
  if (!builder || !final) throw new Error(`${name}: no builder or final stage`);
  const checked = [
    pointAtStandIns(dockerfile, standIns.builder, standIns.distroless),
    `FROM ${model.reference(builder)} AS gmc-check`,
    `RUN find / /tmp /rootfs /gmc-rootfs-1 -maxdepth 1 -name '${MARKER}*' > /gmc-found 2>/dev/null; true`,
    'FROM scratch AS gmc-report',
    'COPY --from=gmc-check /gmc-found /gmc-found',
    `COPY --from=${final.index} / /final/`,
    'CMD ["/none"]',
    '',
  ].join('\n');
  const context = path.join(tempDir('injection'), 'context');
  cpSync(path.join(FIXTURES_DIR, '_app'), context, { recursive: true });
  writeFileSync(path.join(context, 'Dockerfile'), checked);
  const tag = `gmc-injection/${name.replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}:${RUN_ID}`;
  const build = tryBuildImage(context, tag);
  const log = `${build.stdout}${build.stderr}`;
  if (build.status !== 0) return { status: build.status, log, builderMarkers: '', entries: [], passwd: '' };
  try {
    const container = execFileSync(DOCKER, ['create', '--label', runLabel(), tag], {
      encoding: 'utf8',
    }).trim();
    let tar: Buffer;
    try {
      tar = execFileSync(DOCKER, ['export', container], { maxBuffer: 256 * 1024 * 1024 });
    } finally {
      docker(['rm', '-f', container]);
    }
    const read = (file: string) => {
      try {
        return execFileSync('tar', ['-xOf', '-', file], {
          input: tar,
          encoding: 'utf8',
          stdio: ['pipe', 'pipe', 'ignore'],
        });
      } catch {
        return '';
      }
    };
    const listing = execFileSync('tar', ['--quoting-style=literal', '--numeric-owner', '-tvf', '-'], {
      input: tar,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const entries = listing
      .split('\n')
      .filter((line) => line.includes(' final/'))
      .map((line) => {
        const match = /^(\S+) (\d+\/\d+) +\d+ \S+ \S+ final(\/.*)$/.exec(line);
        return match ? `${match[1]} ${match[2]} ${match[3]}` : line;
      });
    return { status: 0, log, builderMarkers: read('gmc-found'), entries, passwd: read('final/etc/passwd') };
  } finally {
    removeImages([tag]);
  }
}

/** The image's entries that are markers: directly in / or /tmp of the shipped image. */
export function markersIn(entries: string[]): string[] {
  return entries.filter((entry) => new RegExp(`^\\S+ \\S+ /(tmp/)?${MARKER}`).test(entry));
}
