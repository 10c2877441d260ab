/**
 * `go-microcontainer dockerize --yes` on every module shape of
 * test/fixtures/modules, end to end: each shape is either refused with its
 * reason and left untouched, or dockerized, built with BuildKit on the
 * default strategy (scratch) and run hardened, and its program answers GET /.
 * Base images are the local stand-ins (see helpers/standins.ts); the builds
 * share BuildKit's Go cache mounts, so only the first compiles the standard
 * library.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  buildImage,
  buildRunAndGet,
  copyFromImage,
  engineOrSkip,
  portOption,
  leftovers,
  removeImages,
  RUN_ID,
} from './helpers/docker.js';
import { REPO_ROOT } from './helpers/paths.js';
import { runBin, tempDir } from './helpers/run.js';
import { buildStandIns, standInBuildArgs, type StandIns } from './helpers/standins.js';
import { requireTool } from './helpers/tools.js';

const MODULES = path.join(REPO_ROOT, 'test/fixtures/modules');
const describeWithEngine = engineOrSkip() ? describe : describe.skip;

/** What the tree holds, file by file, so "untouched" can be checked byte for byte. */
function tree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else files[path.relative(dir, full)] = readFileSync(full, 'base64');
    }
  };
  walk(dir);
  return files;
}

function copyOf(shape: string): string {
  const dir = path.join(tempDir(`dockerize-${shape}`), shape);
  cpSync(path.join(MODULES, shape), dir, { recursive: true });
  return dir;
}

const REFUSED: ReadonlyArray<[string, string]> = [
  [
    'library',
    'go-microcontainer dockerize: no main package in github.com/acme/strutil: it is a library, and there is no program to ship. Run dockerize in the module that builds the program.',
  ],
  [
    'cgo-import',
    'go-microcontainer dockerize: This program needs cgo, and a FROM scratch image has no C library to run it:',
  ],
  [
    'cgo-module',
    'go-microcontainer dockerize: This program needs cgo, and a FROM scratch image has no C library to run it:',
  ],
];

/** Shape, port it is run on (PORT, or the port fixed in its code), and the answer to GET /. */
const SHIPPED: ReadonlyArray<[string, number, string]> = [
  ['single-root', 18301, '200 hello from single-root\n'],
  ['cmd-multi', 18381, '200 shop api v1.4.0: 2 items\n'],
  ['embed', 18303, '200 embedded page\n'],
  ['templates', 18304, '200 blog from a template on disk\n'],
  ['workspace', 18305, '200 hello from workspace\n'],
  // .gitignore's pkg/ line: the .dockerignore must let pkg/notes back in.
  ['gitignored-package', 18306, '200 notes: 2\n'],
];

const timings: string[] = [];

describe('module shapes dockerize refuses', () => {
  it.each(REFUSED)('%s: exit 1, the reason, and nothing written', (shape, firstLine) => {
    const dir = copyOf(shape);
    const before = tree(dir);
    const result = runBin(dir, ['dockerize', '--yes']);
    expect({ status: result.status, firstLine: result.stderr.split('\n')[0] }).toEqual({
      status: 1,
      firstLine,
    });
    expect(tree(dir)).toEqual(before);
  });

  it('names the cgo uses and the pure-Go alternative', () => {
    const result = runBin(copyOf('cgo-module'), ['dockerize', '--yes']);
    expect(result.stderr.split('\n').slice(1, 3)).toEqual([
      '  main.go:10: github.com/mattn/go-sqlite3 (links SQLite (libsqlite3, compiled in through cgo))',
      '    instead: modernc.org/sqlite (pure Go, database/sql driver name "sqlite"); or github.com/ncruces/go-sqlite3 (SQLite compiled to Wasm, no cgo)',
    ]);
  });
});

describeWithEngine('module shapes dockerized, built and run on Docker', () => {
  let standIns: StandIns;

  beforeAll(() => {
    requireTool('go', 'the stand-in builder image is made from the machine Go toolchain', ['version']);
    standIns = buildStandIns();
  }, 600_000);

  afterAll(() => {
    if (timings.length > 0) process.stdout.write(`dockerize e2e:\n  ${timings.join('\n  ')}\n`);
  });

  it.each(SHIPPED)(
    '%s: written without touching the module, built, answers on port %d',
    async (shape, port, answer) => {
      const dir = copyOf(shape);
      const before = tree(dir);
      const started = Date.now();
      const result = runBin(dir, ['dockerize', '--yes']);
      expect(result.status).toBe(0);
      const after = tree(dir);
      // Every file of the module is as it was; only container files were added.
      expect(Object.fromEntries(Object.entries(after).filter(([file]) => file in before))).toEqual(before);
      expect(
        Object.keys(after)
          .filter((file) => !(file in before))
          .sort(),
      ).toEqual(['.dockerignore', 'Dockerfile', 'build.sh', 'compose.yaml']);

      const { body, build } = await buildRunAndGet({
        context: dir,
        tag: `gmc-dockerize/${shape}:${RUN_ID}`,
        container: `gmc-dockerize-${shape}-${RUN_ID}`,
        port,
        hardened: true,
        runOptions: portOption(port),
        buildArgs: standInBuildArgs('scratch', standIns),
        answer,
      });
      expect(body).toBe(answer);
      timings.push(
        `${shape}: build ${build.seconds.toFixed(1)} s, all ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    },
    300_000,
  );

  it('--copy folders with spaces, quotes and a dollar: written in the JSON form, built, each file in the image', () => {
    const dir = copyOf('templates');
    const folders = ['my templates', "it's", 'a$b', 'x"y', '#notes'];
    for (const folder of folders) {
      mkdirSync(path.join(dir, folder), { recursive: true });
      writeFileSync(path.join(dir, folder, 'page.txt'), `from ${folder}\n`);
    }
    const result = runBin(dir, ['dockerize', '--yes', '--copy', ['templates', ...folders].join(',')]);
    expect(result.status).toBe(0);
    const dockerfile = readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
    expect(
      dockerfile.split('\n').filter((line) => line.startsWith('COPY ') && !line.includes('--from')),
    ).toEqual([
      'COPY go.mod go.sum* ./',
      'COPY . .',
      'COPY templates/ ./templates/',
      'COPY ["my templates/", "./my templates/"]',
      'COPY ["it\\\\\'s/", "./it\\\\\'s/"]',
      'COPY ["a\\\\$b/", "./a\\\\$b/"]',
      'COPY ["x\\\\\\"y/", "./x\\\\\\"y/"]',
      'COPY ["#notes/", "./#notes/"]',
    ]);
    const tag = `gmc-dockerize/copy-quoting:${RUN_ID}`;
    try {
      buildImage(dir, tag, standInBuildArgs('scratch', standIns));
      for (const folder of folders) {
        const target = path.join(tempDir('copy-quoting-out'), 'page.txt');
        copyFromImage(tag, `/app/${folder}/page.txt`, target);
        expect(readFileSync(target, 'utf8')).toBe(`from ${folder}\n`);
      }
    } finally {
      removeImages([tag]);
    }
  }, 300_000);

  it('leaves no container or image of this run behind', () => {
    expect(leftovers(RUN_ID)).toEqual({ containers: [], images: [] });
  });
});
