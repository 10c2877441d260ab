/**
 * The bin loads its bundle through V8's code cache (bin/code-cache.js). What
 * it saves is in `npm run bench`; here, that it is safe: a command runs the
 * same with or without a cache, the cache is a private file of the user's, and
 * a cache that is not exactly this bundle's, intact and ours, is never used.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { BIN, REPO_ROOT } from './helpers/paths.js';
import { runBin, tempDir } from './helpers/run.js';

const LOADER = path.join(REPO_ROOT, 'bin/code-cache.js');
const FIXTURE = path.join(REPO_ROOT, 'test/fixtures/convert/classic-gopath-install/Dockerfile');
const NODE_VERSION = `${process.version}-${process.arch}`;

interface Load {
  cache: 'off' | 'miss' | 'rejected' | 'hit';
  value: unknown;
}

/** Loads `file` through requireCached in a node of its own, saves the cache, and says what it found. */
function load(file: string, folder: string | undefined, env: NodeJS.ProcessEnv = {}): Load {
  const script =
    `const { requireCached } = require(${JSON.stringify(LOADER)});\n` +
    `const loaded = requireCached(${JSON.stringify(file)}, 'convert'${folder === undefined ? '' : `, ${JSON.stringify(folder)}`});\n` +
    'Promise.resolve(loaded.exports.value).then((value) => {\n' +
    '  loaded.save();\n' +
    '  process.stdout.write(JSON.stringify({ cache: loaded.cache, value }));\n' +
    '});\n';
  const run = spawnSync(process.execPath, ['-e', script], {
    encoding: 'utf8',
    env: { PATH: process.env['PATH'], ...env },
  });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as Load;
}

function bundle(dir: string, value: string): string {
  const file = path.join(dir, 'bundle.cjs');
  writeFileSync(file, `'use strict';\nexports.value = ${JSON.stringify(value)};\n`);
  return file;
}

/** Runs `convert` at a terminal (script(1)) until `question` is on screen, then types Ctrl-C. */
async function untilQuestion(cwd: string, home: string, question: string): Promise<string> {
  const child = spawn('script', ['-qec', `${process.execPath} ${BIN} convert`, '/dev/null'], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: home },
  });
  let screen = '';
  let typed = false;
  child.stdout.on('data', (chunk: Buffer) => {
    screen += chunk.toString();
    if (typed || !screen.includes(question)) return;
    typed = true;
    child.stdin.write('\x03');
  });
  await new Promise((resolve) => child.on('exit', resolve));
  return screen;
}

function cacheFiles(folder: string): string[] {
  return existsSync(folder) ? readdirSync(folder).sort() : [];
}

describe('the bin through its code cache', () => {
  it('runs a command the same on a first run, with the cache it made, and with the cache turned off', () => {
    const project = tempDir('cache-project');
    writeFileSync(path.join(project, 'Dockerfile'), readFileSync(FIXTURE));
    const home = tempDir('cache-home');
    const env = { XDG_CACHE_HOME: home };
    const first = runBin(project, ['convert', '--check', '--json', 'Dockerfile'], env);
    const folder = path.join(home, 'go-microcontainer');
    const made = cacheFiles(folder);
    const second = runBin(project, ['convert', '--check', '--json', 'Dockerfile'], env);
    const off = runBin(project, ['convert', '--check', '--json', 'Dockerfile'], {
      ...env,
      XDG_CACHE_HOME: tempDir('cache-off'),
      NODE_DISABLE_COMPILE_CACHE: '1',
    });

    expect(first.status).toBe(1);
    expect(first.stdout).toContain('"GMC105"');
    expect([second.status, second.stdout, second.stderr]).toEqual([first.status, first.stdout, first.stderr]);
    expect([off.status, off.stdout, off.stderr]).toEqual([first.status, first.stdout, first.stderr]);
    expect(made).toEqual([
      expect.stringMatching(new RegExp(`^cli\\.cjs-[0-9a-f]{32}-${NODE_VERSION}-convert\\.v8$`)),
    ]);
    expect(cacheFiles(folder)).toEqual(made);
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(folder, made[0] ?? '')).mode & 0o777).toBe(0o600);
  });

  it('keeps one cache per command, so each holds the functions its own runs compile', () => {
    const home = tempDir('cache-commands');
    expect(runBin(tempDir('cache-help'), ['--help'], { XDG_CACHE_HOME: home }).status).toBe(0);
    expect(runBin(tempDir('cache-help'), ['convert', '--help'], { XDG_CACHE_HOME: home }).status).toBe(0);
    expect(cacheFiles(path.join(home, 'go-microcontainer')).map((file) => file.replace(/^.*-/, ''))).toEqual([
      'app.v8',
      'convert.v8',
    ]);
  });

  it('asks its question at a terminal (the prompter is imported from the bundle), on a miss and on a hit', async () => {
    const home = tempDir('cache-tty');
    for (const run of ['miss', 'hit']) {
      const project = tempDir('cache-tty-project');
      writeFileSync(path.join(project, 'Dockerfile'), readFileSync(FIXTURE));
      const screen = await untilQuestion(project, home, 'Ship the binary on');
      expect({ run, asked: screen.includes('Ship the binary on') }).toEqual({ run, asked: true });
      expect(screen).not.toContain('Warning');
    }
    expect(cacheFiles(path.join(home, 'go-microcontainer'))).toHaveLength(1);
  });

  it('eight first runs at once all answer the same, and leave one intact cache and no temporary file', async () => {
    const project = tempDir('cache-race');
    writeFileSync(path.join(project, 'Dockerfile'), readFileSync(FIXTURE));
    const home = tempDir('cache-race-home');
    const runs = await Promise.all(
      Array.from(
        { length: 8 },
        () =>
          new Promise<{ status: number | null; stdout: string }>((resolve) => {
            const child = spawn(process.execPath, [BIN, 'convert', '--check', '--json', 'Dockerfile'], {
              cwd: project,
              env: { ...process.env, XDG_CACHE_HOME: home },
            });
            let stdout = '';
            child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
            child.on('close', (status) => resolve({ status, stdout }));
          }),
      ),
    );
    const [first] = runs;
    expect(first?.stdout).toContain('"GMC105"');
    for (const run of runs) expect(run).toEqual(first);
    const folder = path.join(home, 'go-microcontainer');
    expect(cacheFiles(folder)).toEqual([expect.stringMatching(/-convert\.v8$/)]);
    const again = runBin(project, ['convert', '--check', '--json', 'Dockerfile'], { XDG_CACHE_HOME: home });
    expect(again.stdout).toBe(first?.stdout);
  });

  it('runs the same with no home to keep a cache in', () => {
    const project = tempDir('cache-homeless');
    writeFileSync(path.join(project, 'Dockerfile'), readFileSync(FIXTURE));
    const args = [
      path.join(REPO_ROOT, 'bin/go-microcontainer.js'),
      'convert',
      '--check',
      '--json',
      'Dockerfile',
    ];
    const homeless = spawnSync(process.execPath, args, {
      cwd: project,
      encoding: 'utf8',
      env: { PATH: process.env['PATH'] },
    });
    const housed = spawnSync(process.execPath, args, {
      cwd: project,
      encoding: 'utf8',
      env: { PATH: process.env['PATH'], XDG_CACHE_HOME: tempDir('cache-housed') },
    });
    expect(homeless.stdout).toContain('"GMC105"');
    expect([homeless.status, homeless.stdout, homeless.stderr]).toEqual([
      housed.status,
      housed.stdout,
      housed.stderr,
    ]);
  });
});

describe('requireCached', () => {
  it('compiles on a miss, and loads the saved cache on the next run', () => {
    const dir = tempDir('cache-unit');
    const file = bundle(dir, 'one');
    const folder = path.join(dir, 'cache');
    expect(load(file, folder)).toEqual({ cache: 'miss', value: 'one' });
    expect(load(file, folder)).toEqual({ cache: 'hit', value: 'one' });
  });

  it("never uses another bundle's cache, even one of the same length (V8 checks only the length)", () => {
    const dir = tempDir('cache-length');
    const file = bundle(dir, 'one');
    const folder = path.join(dir, 'cache');
    load(file, folder);
    const [first] = cacheFiles(folder);
    bundle(dir, 'two');
    expect(load(file, folder)).toEqual({ cache: 'miss', value: 'two' });
    // The earlier build's cache went when the new one was saved.
    expect(cacheFiles(folder)).toHaveLength(1);
    expect(cacheFiles(folder)).not.toContain(first);
    expect(load(file, folder)).toEqual({ cache: 'hit', value: 'two' });
  });

  it('keeps the caches of other Node versions of the same bundle when it writes its own', () => {
    const dir = tempDir('cache-versions');
    const file = bundle(dir, 'one');
    const folder = path.join(dir, 'cache');
    load(file, folder);
    const [ours = ''] = cacheFiles(folder);
    const other = ours.replace(NODE_VERSION, 'v99.0.0-x64');
    writeFileSync(path.join(folder, other), 'x', { mode: 0o600 });
    rmSync(path.join(folder, ours));
    expect(load(file, folder)).toEqual({ cache: 'miss', value: 'one' });
    expect(cacheFiles(folder)).toEqual([ours, other].sort());
  });

  it("removes a killed writer's temporary file when it writes, but not one that may still be written", () => {
    const dir = tempDir('cache-abandoned');
    const file = bundle(dir, 'one');
    const folder = path.join(dir, 'cache');
    load(file, folder);
    const [ours = ''] = cacheFiles(folder);
    const abandoned = `.${ours}.4242.1.tmp`;
    const writing = `.${ours}.4243.2.tmp`;
    writeFileSync(path.join(folder, abandoned), 'half');
    writeFileSync(path.join(folder, writing), 'half');
    const hourAgo = new Date(Date.now() - 60 * 60 * 1000);
    utimesSync(path.join(folder, abandoned), hourAgo, hourAgo);
    rmSync(path.join(folder, ours));
    expect(load(file, folder)).toEqual({ cache: 'miss', value: 'one' });
    expect(cacheFiles(folder)).toEqual([writing, ours].sort());
  });

  it('does not hand V8 a cache whose bytes changed, and writes a good one in its place', () => {
    const dir = tempDir('cache-corrupt');
    const file = bundle(dir, 'one');
    const folder = path.join(dir, 'cache');
    load(file, folder);
    const cache = path.join(folder, cacheFiles(folder)[0] ?? '');
    const bytes = readFileSync(cache);
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff;
    writeFileSync(cache, bytes);
    expect(load(file, folder)).toEqual({ cache: 'miss', value: 'one' });
    expect(load(file, folder)).toEqual({ cache: 'hit', value: 'one' });
  });

  it('a cache that V8 refuses is compiled again and replaced', () => {
    const dir = tempDir('cache-rejected');
    const file = bundle(dir, 'one');
    const folder = path.join(dir, 'cache');
    load(file, folder);
    const cache = path.join(folder, cacheFiles(folder)[0] ?? '');
    // Intact by our hash, but not V8's data.
    const garbage = Buffer.alloc(256, 7);
    writeFileSync(cache, Buffer.concat([createHash('sha256').update(garbage).digest(), garbage]));
    expect(load(file, folder)).toEqual({ cache: 'rejected', value: 'one' });
    expect(load(file, folder)).toEqual({ cache: 'hit', value: 'one' });
  });

  it('does not follow a cache file that is a symbolic link, and replaces the link, not what it names', () => {
    const dir = tempDir('cache-link');
    const file = bundle(dir, 'one');
    const folder = path.join(dir, 'cache');
    load(file, folder);
    const cache = path.join(folder, cacheFiles(folder)[0] ?? '');
    const elsewhere = path.join(dir, 'elsewhere');
    writeFileSync(elsewhere, readFileSync(cache));
    rmSync(cache);
    symlinkSync(elsewhere, cache);
    const before = readFileSync(elsewhere);
    expect(load(file, folder)).toEqual({ cache: 'miss', value: 'one' });
    expect(lstatSync(cache).isSymbolicLink()).toBe(false);
    expect(readFileSync(elsewhere)).toEqual(before);
  });

  it.each([
    [
      'a symbolic link',
      (folder: string, dir: string) => {
        mkdirSync(path.join(dir, 'real'), { mode: 0o700 });
        symlinkSync(path.join(dir, 'real'), folder);
        return path.join(dir, 'real');
      },
    ],
    [
      'writable by the group',
      (folder: string) => {
        mkdirSync(folder);
        chmodSync(folder, 0o770);
        return folder;
      },
    ],
    [
      'writable by everyone',
      (folder: string) => {
        mkdirSync(folder);
        chmodSync(folder, 0o777);
        return folder;
      },
    ],
    [
      "another user's",
      (folder: string) => {
        mkdirSync(folder, { mode: 0o700 });
        if (process.getuid?.() === 0) chownSync(folder, 65534, 65534);
        else chmodSync(folder, 0o755);
        return folder;
      },
    ],
    [
      'a file',
      (folder: string) => {
        writeFileSync(folder, '');
        return path.dirname(folder);
      },
    ],
  ])('uses no cache folder that is %s, and writes nothing there', (_, make) => {
    const dir = tempDir('cache-folder');
    const file = bundle(dir, 'one');
    const folder = path.join(dir, 'cache');
    const watched = make(folder, dir);
    const before = readdirSync(watched).sort();
    expect(load(file, folder)).toEqual({ cache: 'off', value: 'one' });
    expect(load(file, folder)).toEqual({ cache: 'off', value: 'one' });
    expect(readdirSync(watched).sort()).toEqual(before);
  });

  it('the bundle imports next to itself through __gmcImport, with no warning, cached or not', () => {
    const dir = tempDir('cache-import');
    writeFileSync(path.join(dir, 'next.mjs'), "export const value = 'imported';\n");
    const file = path.join(dir, 'bundle.cjs');
    writeFileSync(file, "exports.value = __gmcImport('./next.mjs').then((module) => module.value);\n");
    const folder = path.join(dir, 'cache');
    // load() also asserts that nothing was written to stderr.
    expect(load(file, folder)).toEqual({ cache: 'miss', value: 'imported' });
    expect(load(file, folder)).toEqual({ cache: 'hit', value: 'imported' });
  });

  it('takes the cache folder from XDG_CACHE_HOME, else ~/.cache, and none when turned off or homeless', () => {
    const cacheFolder = (env: NodeJS.ProcessEnv): unknown =>
      JSON.parse(
        spawnSync(
          process.execPath,
          [
            '-e',
            `process.stdout.write(JSON.stringify(require(${JSON.stringify(LOADER)}).cacheFolder() ?? null))`,
          ],
          { encoding: 'utf8', env: { PATH: process.env['PATH'], ...env } },
        ).stdout,
      );
    expect(cacheFolder({ XDG_CACHE_HOME: '/x/cache', HOME: '/home/u' })).toBe('/x/cache/go-microcontainer');
    expect(cacheFolder({ HOME: '/home/u' })).toBe('/home/u/.cache/go-microcontainer');
    // A relative XDG_CACHE_HOME is invalid by the XDG spec: ignored.
    expect(cacheFolder({ XDG_CACHE_HOME: 'rel', HOME: '/home/u' })).toBe('/home/u/.cache/go-microcontainer');
    expect(cacheFolder({ HOME: '/home/u', NODE_DISABLE_COMPILE_CACHE: '1' })).toBeNull();
    expect(cacheFolder({})).toBeNull();
    expect(cacheFolder({ HOME: 'relative' })).toBeNull();
  });
});
