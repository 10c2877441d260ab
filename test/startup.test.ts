/**
 * What makes convert start fast, stated as facts rather than timed (the
 * figures are in `npm run bench`): the bin's convert and dockerize paths load no module
 * from node_modules (no Yeoman, and dockerfile-ast comes from the bundle), a
 * run that asks nothing never opens a prompt, and the package ships the
 * bundle the bin imports.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { runConvert, type ConvertOutput } from '../src/core/convert/cli/runner.js';
import { runDockerize } from '../src/core/dockerize/run.js';
import { EXIT } from '../src/core/errors.js';
import { BIN, REPO_ROOT } from './helpers/paths.js';
import { modulesLoaded } from './helpers/loaded-modules.js';
import { tempDir } from './helpers/run.js';

const FIXTURE = path.join(REPO_ROOT, 'test/fixtures/convert/classic-gopath-install/Dockerfile');

function project(): string {
  const dir = tempDir('startup');
  copyFileSync(FIXTURE, path.join(dir, 'Dockerfile'));
  return dir;
}

/** What a command that asks nothing may load: the bin and its one bundle. */
const BIN_AND_BUNDLE = /^(bin\/go-microcontainer\.js|bin\/code-cache\.js|bin\/package\.json|dist\/cli\.cjs)$/;

describe('the bin runs convert, dockerize and a first run of the app without Yeoman', () => {
  it.each([
    [['convert', '--check', 'Dockerfile'], EXIT.refused],
    [['convert', '--dry-run', 'Dockerfile'], EXIT.ok],
    [['convert', '--yes', 'Dockerfile'], EXIT.ok],
    [['convert', '--check', '--json', 'Dockerfile'], EXIT.refused],
  ])('%j loads only the bundle in dist/, nothing from node_modules', (args, status) => {
    const { status: exited, loaded } = modulesLoaded(project(), args);
    expect(exited).toBe(status);
    expect(loaded).toContain('dist/cli.cjs');
    expect(loaded.filter((file) => !BIN_AND_BUNDLE.test(file))).toEqual([]);
  });

  it('convert --check of a prebuilt binary with no GoReleaser config loads no YAML parser; with one, only then', () => {
    const dir = tempDir('startup-prebuilt');
    writeFileSync(
      path.join(dir, 'Dockerfile'),
      'FROM alpine:3.20\nCOPY myapp /usr/bin/myapp\nENTRYPOINT ["/usr/bin/myapp"]\n',
    );
    const yamlParser = (files: string[]) => files.filter((file) => /\/node_modules\/yaml\//.test(file));
    const without = modulesLoaded(dir, ['convert', '--check', 'Dockerfile']);
    expect(without.status).toBe(EXIT.refused);
    expect(without.loaded.filter((file) => !BIN_AND_BUNDLE.test(file))).toEqual([]);
    expect(yamlParser(without.loadedAnywhere)).toEqual([]);

    writeFileSync(path.join(dir, '.goreleaser.yaml'), 'builds:\n  - env: [CGO_ENABLED=0]\n');
    const withConfig = modulesLoaded(dir, ['convert', '--check', 'Dockerfile']);
    // --check exits 1 for a file that would change: it converts.
    expect(withConfig.status).toBe(EXIT.refused);
    expect(yamlParser(withConfig.loadedAnywhere).length).toBeGreaterThan(0);
    // The YAML parser and nothing else from outside the bundle.
    expect(
      withConfig.loadedAnywhere.filter(
        (file) => !yamlParser([file]).length && !BIN_AND_BUNDLE.test(path.relative(REPO_ROOT, file)),
      ),
    ).toEqual([]);
  });

  it('a first run of the app command (an empty folder) loads only the bundle too, and writes the project', () => {
    const dir = tempDir('first-run');
    const { status, loaded } = modulesLoaded(dir, ['--yes']);
    expect(status).toBe(0);
    expect(loaded.filter((file) => !BIN_AND_BUNDLE.test(file))).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual([
      '.dockerignore',
      '.gitignore',
      '.yo-rc.json',
      'Dockerfile',
      'README.md',
      'build.sh',
      'compose.yaml',
      'go.mod',
      'main.go',
      'main_test.go',
    ]);
  });

  it('dockerize on a module loads only the bundle too, and writes its files', () => {
    const dir = tempDir('dockerize-start');
    cpSync(path.join(REPO_ROOT, 'test/fixtures/modules/single-root'), dir, { recursive: true });
    const { status, loaded } = modulesLoaded(dir, ['dockerize', '--yes']);
    expect(status).toBe(0);
    expect(loaded.filter((file) => !BIN_AND_BUNDLE.test(file))).toEqual([]);
    for (const file of ['Dockerfile', 'build.sh', 'compose.yaml', '.dockerignore'])
      expect({ file, written: existsSync(path.join(dir, file)) }).toEqual({ file, written: true });
  });

  it.each([
    ['a rerun (.yo-rc.json)', '.yo-rc.json', '{}\n'],
    ['a Go module (go.mod)', 'go.mod', 'module example.com/x\n\ngo 1.22\n'],
  ])("%s is the generator's: Yeoman is loaded as before", (_, file, contents) => {
    const dir = tempDir('rerun');
    writeFileSync(path.join(dir, file), contents);
    const { loaded } = modulesLoaded(dir, ['--yes']);
    expect(loaded.some((module) => module.includes('node_modules/yeoman-environment/'))).toBe(true);
  });

  it('the bundle is what the bin loads, and the package ships it and the prompter bundle', () => {
    expect(readFileSync(BIN, 'utf8')).toContain("'../dist/cli.cjs'");
    expect(JSON.parse(readFileSync(path.join(REPO_ROOT, 'bin/package.json'), 'utf8'))).toEqual({
      type: 'commonjs',
    });
    const pack = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    expect(pack.status).toBe(0);
    const [manifest] = JSON.parse(pack.stdout) as Array<{ files: Array<{ path: string }> }>;
    const shipped = new Set(manifest?.files.map((file) => file.path));
    for (const file of [
      'bin/go-microcontainer.js',
      'bin/package.json',
      'dist/cli.cjs',
      'dist/prompter.bundle.js',
    ])
      expect({ file, shipped: shipped.has(file) }).toEqual({ file, shipped: true });
    // The prompter is loaded by name from the bundle (a stale build would name another file).
    expect(readFileSync(path.join(REPO_ROOT, 'dist/cli.cjs'), 'utf8')).toContain('"./prompter.bundle.js"');
  });
});

describe('runConvert asks through the terminal only when a question is due', () => {
  function capture(): ConvertOutput & { out: string[]; err: string[] } {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, stdout: (text) => out.push(text), stderr: (text) => err.push(text) };
  }

  it.each([
    [{ check: true }, true, EXIT.refused],
    [{ 'dry-run': true }, true, EXIT.ok],
    [{ yes: true }, true, EXIT.ok],
    [{ 'dry-run': true }, false, EXIT.ok],
  ])('%j (terminal: %s) never opens it', async (flags, canPrompt, status) => {
    const output = capture();
    let opened = 0;
    const exit = await runConvert(
      { paths: ['Dockerfile'], ...flags },
      project(),
      {
        canPrompt,
        open: async () => {
          opened++;
          throw new Error('no question was due');
        },
      },
      output,
    );
    expect({ exit, opened, errors: output.err }).toEqual({ exit: status, opened: 0, errors: [] });
  });

  it('without a terminal and without --yes, says so and writes nothing, asking nothing', async () => {
    const dir = project();
    const output = capture();
    const exit = await runConvert(
      { paths: ['Dockerfile'] },
      dir,
      {
        canPrompt: false,
        open: () => Promise.reject(new Error('no question was due')),
      },
      output,
    );
    expect(exit).toBe(EXIT.usage);
    expect(output.err.join('')).toBe(
      'go-microcontainer convert: no terminal to confirm the overwrite on: pass --yes to convert in place (the original is kept as Dockerfile.orig), or --dry-run to print the result only\n',
    );
    expect(readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toBe(readFileSync(FIXTURE, 'utf8'));
  });

  it('at a terminal, opens it once for both questions and writes what was answered', async () => {
    const dir = project();
    const output = capture();
    const asked: string[] = [];
    let opened = 0;
    const exit = await runConvert(
      { paths: ['Dockerfile'] },
      dir,
      {
        canPrompt: true,
        open: async () => {
          opened++;
          return {
            prompt: async <A extends Record<string, unknown>>(question: unknown) => {
              const { name } = question as { name: string };
              asked.push(name);
              return (name === 'strategy'
                ? { strategy: 'distroless' }
                : { overwrite: 'yes' }) as unknown as A;
            },
          };
        },
      },
      output,
    );
    expect({ exit, opened, asked }).toEqual({ exit: EXIT.ok, opened: 1, asked: ['strategy', 'overwrite'] });
    const written = readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
    expect(written).toMatch(/^FROM gcr\.io\/distroless\/static-debian12:nonroot$/m);
    expect(readFileSync(path.join(dir, 'Dockerfile.orig'), 'utf8')).toBe(readFileSync(FIXTURE, 'utf8'));
  });
});

describe('runDockerize asks through the terminal only when a question is due', () => {
  function moduleCopy(name: string): string {
    const dir = tempDir('dockerize-run');
    cpSync(path.join(REPO_ROOT, 'test/fixtures/modules', name), dir, { recursive: true });
    return dir;
  }

  it.each([
    [['--yes'], true],
    [['--yes'], false],
    [[], false],
  ])(
    'single-root %j (terminal: %s): nothing to ask, never opens it, writes the files',
    async (args, canPrompt) => {
      const dir = moduleCopy('single-root');
      const out: string[] = [];
      const err: string[] = [];
      let opened = 0;
      const exit = await runDockerize(
        dir,
        { yes: args.includes('--yes') },
        {
          canPrompt,
          open: async () => {
            opened++;
            throw new Error('no question was due');
          },
        },
        { stdout: (text) => out.push(text), stderr: (text) => err.push(text) },
      );
      expect({ exit, opened, errors: err }).toEqual({ exit: EXIT.ok, opened: 0, errors: [] });
      expect(out.join('')).toContain('Dockerized . as ');
      expect(existsSync(path.join(dir, 'Dockerfile'))).toBe(true);
    },
  );

  it('cmd-multi at a terminal: opens it once for both questions, and ships what was answered', async () => {
    const dir = moduleCopy('cmd-multi');
    const asked: string[] = [];
    let opened = 0;
    const exit = await runDockerize(
      dir,
      {},
      {
        canPrompt: true,
        open: async () => {
          opened++;
          return {
            prompt: async <A extends Record<string, unknown>>(question: unknown) => {
              const {
                name,
                choices,
                default: offered,
              } = question as {
                name: string;
                choices?: Array<{ value: string }>;
                default?: string;
              };
              asked.push(`${name} (offered ${offered})`);
              // Not the offered api: the worker, which listens on no port.
              if (name === 'port') return { port: '' } as unknown as A;
              if (name !== 'dir') throw new Error(`unexpected question ${name}`);
              return {
                dir: choices?.find((choice) => choice.value.endsWith('worker'))?.value,
              } as unknown as A;
            },
          };
        },
      },
      { stdout: () => undefined, stderr: (text) => asked.push(`stderr: ${text}`) },
    );
    expect({ exit, opened, asked }).toEqual({
      exit: EXIT.ok,
      opened: 1,
      asked: ['dir (offered ./cmd/api)', 'port (offered undefined)'],
    });
    expect(readFileSync(path.join(dir, 'build.sh'), 'utf8')).toMatch(/\.\/cmd\/worker\b/);
    expect(readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).not.toMatch(/^EXPOSE/m);
  });
});
