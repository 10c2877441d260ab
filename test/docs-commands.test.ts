/**
 * Every command of README.md and docs/*.md is run: each fenced `sh` block is
 * run here, in order, page by page, in a temp folder, with the package
 * installed the way the README says (npm pack, then npm install -g of the
 * tarball into a private prefix) and Docker pointed at the local stand-in
 * images (test/helpers/docs-shims.ts); or it names, with a `run-by` marker,
 * the file that runs it, which must hold each of its commands as written.
 * The markers are described in test/helpers/docs.ts.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RULES_END, RULES_TABLE_FILE, RULES_START } from '../src/core/convert/rules/docs.js';
import { DOCKER, engineOrSkip, leftovers, removeImages, runLabel, RUN_ID } from './helpers/docker.js';
import { commandsOf, shellBlocks, squeeze, type Setup, type ShellBlock } from './helpers/docs.js';
import { writeShims } from './helpers/docs-shims.js';
import { fixtureContext, fixtures } from './helpers/fixtures.js';
import { BIN, REPO_ROOT } from './helpers/paths.js';
import { tempDir } from './helpers/run.js';
import { buildStandIns } from './helpers/standins.js';

const PAGES = ['README.md', ...readdirSync(path.join(REPO_ROOT, 'docs')).map((name) => `docs/${name}`)]
  .filter((page) => page.endsWith('.md'))
  .sort((a, b) => (a === 'README.md' ? -1 : b === 'README.md' ? 1 : a.localeCompare(b)));
const read = (page: string) => readFileSync(path.join(REPO_ROOT, page), 'utf8');
const BLOCKS = new Map(PAGES.map((page) => [page, shellBlocks(page, read(page))]));
const TO_RUN = [...BLOCKS.values()].flat().filter((block) => block.runBy === undefined);
const NEEDS_DOCKER = TO_RUN.some((block) => /\bdocker\b/.test(block.text));

describe('the shell blocks of the docs', () => {
  it('are found on every page that has commands', () => {
    expect(PAGES).toEqual(
      expect.arrayContaining([
        'README.md',
        'docs/convert.md',
        'docs/development.md',
        'docs/dockerize.md',
        'docs/new-service.md',
        'docs/options.md',
        'docs/safety.md',
        'docs/strategies.md',
      ]),
    );
    for (const page of ['README.md', 'docs/convert.md', 'docs/dockerize.md', 'docs/new-service.md'])
      expect((BLOCKS.get(page) ?? []).length).toBeGreaterThan(0);
  });

  it.each([...BLOCKS.values()].flat().filter((block) => block.runBy !== undefined))(
    '$page:$line is run by the file it names, which holds each command as written',
    ({ runBy, text }) => {
      const file = runBy ?? '';
      expect(file === '.ci/run' || /^test\/[\w/-]+\.test\.ts$/.test(file)).toBe(true);
      const held = squeeze(read(file));
      for (const command of commandsOf(text)) expect(held).toContain(command);
    },
  );
});

describe('the parser of the docs blocks', () => {
  it('takes sh blocks with their markers and continuation lines', () => {
    const page = [
      '# t',
      '<!-- docs-test: setup convert multi-alpine-basic as svc -->',
      '',
      '<!-- docs-test: exits 1 -->',
      '```sh',
      'go-microcontainer convert --check svc/Dockerfile   # CI',
      'docker build \\',
      "  --build-arg A='x # y' .",
      '```',
      '```text',
      'go-microcontainer output',
      '```',
    ].join('\n');
    const [block, ...others] = shellBlocks('p.md', page);
    expect(others).toEqual([]);
    expect(block).toMatchObject({
      page: 'p.md',
      line: 5,
      setup: { kind: 'convert', fixture: 'multi-alpine-basic', as: 'svc' },
      exits: 1,
      prints: [],
    });
    expect(commandsOf(block?.text ?? '')).toEqual([
      'go-microcontainer convert --check svc/Dockerfile',
      "docker build --build-arg A='x # y' .",
    ]);
  });

  it.each([
    ['```\nls\n```', 'p.md:1: a fence with no language'],
    ['```bash\nls\n```', 'p.md:1: a bash block: write shell commands as sh'],
    ['```console\n$ ls\n```', 'p.md:1: a console block'],
    ['<!-- docs-test: exits 1 -->\n\n```text\nx\n```', 'p.md:1: a docs-test marker above a text block'],
    ['<!-- docs-test: exits 1 -->\nprose\n```sh\nls\n```', 'p.md:1: a docs-test marker must be just above'],
    ['<!-- docs-test: exit 1 -->\n```sh\nls\n```', 'p.md:1: unknown docs-test marker: exit 1'],
    ['<!-- docs-test: setup module x -->\n```sh\nls\n```', 'p.md:1: unknown docs-test setup: module x'],
    ['<!-- docs-test: run-by .ci/run -->\n<!-- docs-test: exits 1 -->\n```sh\nls\n```', 'takes no setup'],
    ['```sh\nls\n', 'p.md:1: a fence that is never closed'],
    ['text\n\n    go-microcontainer --yes\n', 'p.md:3: an indented code block: fence it'],
    ['text\n<!-- docs-test: exits 1 -->\n', 'p.md:2: a docs-test marker with no sh block after it'],
  ])('refuses %j', (page, message) => {
    expect(() => shellBlocks('p.md', page)).toThrow(message);
  });
});

describe('the pages', () => {
  it('README.md is under 200 lines, and no line of README.md or docs/ is over 200 characters', () => {
    expect(read('README.md').split('\n').length).toBeLessThan(200);
    for (const page of PAGES) {
      let text = read(page);
      // The generated rules table has one row per code, and a row cannot wrap; the report of the before and
      // after is the program's output, byte for byte (the next test).
      if (page === RULES_TABLE_FILE)
        text = (text.slice(0, text.indexOf(RULES_START)) + text.slice(text.indexOf(RULES_END))).replace(
          beforeAndAfter().report,
          '',
        );
      const long = text.split('\n').filter((line) => line.length > 200);
      expect({ page, long }).toEqual({ page, long: [] });
    }
  });

  it('link only to files and headings that exist', () => {
    for (const page of PAGES) {
      for (const [, target = ''] of read(page).matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^https?:/.test(target)) continue;
        const [file = '', anchor] = target.split('#');
        const linked = file === '' ? page : path.join(path.dirname(page), file);
        expect({ page, target, exists: existsSync(path.join(REPO_ROOT, linked)) }).toEqual({
          page,
          target,
          exists: true,
        });
        if (anchor !== undefined)
          expect({ page, target, anchors: anchorsOf(read(linked)).includes(anchor) }).toEqual({
            page,
            target,
            anchors: true,
          });
      }
    }
  });

  it("the before and after of docs/convert.md is the fixture's conversion, report included", () => {
    const { before, report, after } = beforeAndAfter();
    const fixture = fixtures().find((candidate) => candidate.name === 'multi-readme-example');
    if (!fixture) throw new Error('no fixture multi-readme-example');
    expect(before).toBe(readFileSync(fixture.dockerfile, 'utf8'));
    const dir = fixtureContext(fixture, tempDir('docs-before-after'));
    const run = spawnSync(process.execPath, [BIN, 'convert', '--yes'], {
      cwd: dir,
      encoding: 'utf8',
      input: '',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(report);
    expect(readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toBe(after);
  });
});

/** The three blocks of docs/convert.md's before and after: the Dockerfile, the report, the converted file. */
function beforeAndAfter(): { before: string; report: string; after: string } {
  const page = read('docs/convert.md');
  const section = page.slice(page.indexOf('## Before and after'));
  const [before = '', report = '', after = ''] = [
    ...section.matchAll(/```(?:dockerfile|text)\n([\s\S]*?)```/g),
  ].map((match) => match[1] ?? '');
  return { before, report, after };
}

/** GitHub's heading anchors: lowercase, punctuation but - and _ dropped, spaces as dashes. */
function anchorsOf(markdown: string): string[] {
  return [...markdown.matchAll(/^#{1,6} (.*)$/gm)].map((match) =>
    (match[1] ?? '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/ /g, '-'),
  );
}

const withEngine = !NEEDS_DOCKER || engineOrSkip();

describe('every command of the docs, run as a reader would', () => {
  const root = tempDir('docs-commands');
  const prefix = path.join(root, 'prefix');
  const shims = path.join(root, 'shims');
  const home = path.join(root, 'home');

  beforeAll(() => {
    mkdirSync(home);
    const packed = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', root], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    }).trim();
    const which = (tool: string) =>
      execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim();
    writeShims({
      dir: shims,
      bin: BIN,
      tarball: path.join(root, packed.split('\n').pop() ?? ''),
      prefix,
      npmCache: execFileSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8' }).trim(),
      realNpm: which('npm'),
      realNpx: which('npx'),
      docker: DOCKER,
      label: runLabel(),
      standIns: withEngine && NEEDS_DOCKER ? buildStandIns() : undefined,
    });
  }, 600_000);

  afterAll(() => {
    if (!withEngine || !NEEDS_DOCKER) return;
    const left = leftovers(RUN_ID);
    if (left.containers.length > 0) spawnSync(DOCKER, ['rm', '-f', ...left.containers]);
    removeImages(left.images);
  }, 120_000);

  const where = new Map<string, string>();
  // HOME is the sandbox's, but the Go caches stay this machine's: a reader's are warm too.
  const goEnv = Object.fromEntries(
    ['GOCACHE', 'GOMODCACHE', 'GOPATH'].map((name) => [
      name,
      execFileSync('go', ['env', name], { encoding: 'utf8' }).trim(),
    ]),
  );

  for (const page of PAGES) {
    const blocks = (BLOCKS.get(page) ?? []).filter((block) => block.runBy === undefined);
    if (blocks.length === 0) continue;
    describe(page, () => {
      for (const block of blocks) {
        const docker = /\bdocker\b/.test(block.text);
        (docker && !withEngine ? it.skip : it)(
          `line ${block.line}${docker ? ' (Docker)' : ''}`,
          () => runBlock(block),
          600_000,
        );
      }
    });
  }

  it("ran the README's quick starts with the package the README's npm install -g installed", () => {
    const installed = path.join(prefix, 'lib/node_modules/generator-go-microcontainer');
    const manifest = (dir: string) =>
      JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string };
    expect(manifest(installed).version).toBe(manifest(REPO_ROOT).version);
    // The blocks' PATH puts the prefix's bin before the shims: the quick starts ran this one.
    expect(realpathSync(path.join(prefix, 'bin/go-microcontainer'))).toBe(
      path.join(installed, 'bin/go-microcontainer.js'),
    );
  });

  function runBlock(block: ShellBlock): void {
    const cwd = block.setup ? setUp(block.setup) : (where.get(block.page) ?? setUp({ kind: 'empty' }));
    where.set(block.page, cwd);
    // set in the script, not as bash's options: bash may read /etc/bash.bashrc first, which -u would fail.
    const run = spawnSync('bash', ['-c', `set -euo pipefail\n${block.text}`], {
      cwd,
      encoding: 'utf8',
      input: '',
      timeout: 540_000,
      env: {
        ...process.env,
        PATH: [path.join(prefix, 'bin'), shims, '/usr/local/go/bin', process.env['PATH']].join(':'),
        HOME: home,
        ...goEnv,
        NO_COLOR: '1',
        FORCE_COLOR: '0',
      },
    });
    const output = `${run.stdout}${run.stderr}`;
    if (run.status !== block.exits)
      throw new Error(
        `${block.page}:${block.line} exited ${run.status ?? run.signal}, not ${block.exits}:\n${block.text}\n---\n${output}`,
      );
    for (const text of block.prints) expect(output).toContain(text);
  }

  function setUp(setup: Setup): string {
    const dir = tempDir('docs-block');
    switch (setup.kind) {
      case 'empty':
        return dir;
      case 'module':
        cpSync(path.join(REPO_ROOT, 'test/fixtures/modules', setup.fixture), path.join(dir, setup.as), {
          recursive: true,
        });
        return dir;
      case 'convert': {
        const fixture = fixtures().find((candidate) => candidate.name === setup.fixture);
        if (!fixture) throw new Error(`no conversion fixture ${setup.fixture}`);
        const target = setup.as ? path.join(dir, setup.as) : dir;
        mkdirSync(target, { recursive: true });
        fixtureContext(fixture, target);
        return dir;
      }
      case 'git-project': {
        const project = path.join(dir, setup.name);
        mkdirSync(project);
        // Without the classic -a, the image build reuses the Go build cache earlier builds warmed.
        execFileSync(process.execPath, [BIN, '--yes', '--no-classic-flags'], {
          cwd: project,
          input: '',
          env: { ...process.env, HOME: home, ...goEnv },
        });
        const git = (...args: string[]) =>
          execFileSync('git', ['-c', 'user.name=docs', '-c', 'user.email=docs@example.com', ...args], {
            cwd: project,
          });
        git('init', '-q');
        git('add', '-A');
        git('commit', '-qm', 'generated');
        return project;
      }
    }
  }
});
