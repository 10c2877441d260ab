/**
 * Strict options and errors as data: a typo is a usage error that suggests
 * the right option and does nothing; every failure is one line of ours, or
 * one JSON document with a code, and a documented exit status.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { FIXTURES_DIR } from './helpers/fixtures.js';
import { APP_GENERATOR, BIN, REPO_ROOT } from './helpers/paths.js';
import { runBin } from './helpers/run.js';
import { runBinAsNobody, sandbox, treeBytes } from './helpers/sandbox.js';
import { runGenerator } from './helpers/yeoman.js';

const CONVERT_GENERATOR = path.join(REPO_ROOT, 'generators/convert/index.js');
const FIXTURE = readFileSync(path.join(FIXTURES_DIR, 'multi-alpine-basic/Dockerfile'), 'utf8');

function convertContext(dir: string): string {
  cpSync(path.join(FIXTURES_DIR, '_app'), dir, { recursive: true });
  writeFileSync(path.join(dir, 'Dockerfile'), FIXTURE);
  return dir;
}

describe('strict options in the bin', () => {
  it.each([
    [
      ['convert', '--dryrun', '--yes'],
      'unknown option --dryrun; did you mean --dry-run? (go-microcontainer convert --help lists the options)',
    ],
    [
      ['convert', '--jsn'],
      'unknown option --jsn; did you mean --json? (go-microcontainer convert --help lists the options)',
    ],
    [
      ['--nmae', 'app', '--yes'],
      'unknown option --nmae; did you mean --name? (go-microcontainer --help lists the options)',
    ],
    [
      ['--prot', '32001', '--yes'],
      'unknown option --prot; did you mean --port? (go-microcontainer --help lists the options)',
    ],
    [
      ['--stratgy', 'distroless', '--yes'],
      'unknown option --stratgy; did you mean --strategy? (go-microcontainer --help lists the options)',
    ],
    [
      ['--no-tz-data', '--yes'],
      'unknown option --no-tz-data; did you mean --no-tzdata? (go-microcontainer --help lists the options)',
    ],
    [['--frobnicate', '--yes'], 'unknown option --frobnicate (go-microcontainer --help lists the options)'],
    [
      ['conver', '--yes'],
      'unknown command "conver"; did you mean "convert"? (to name the app "conver", pass --name conver)',
    ],
    [['convert', '--strategy'], '--strategy needs a value: --strategy <value>'],
    [['convert', '--all'], '--all needs a value: --all <dir>'],
    [
      ['convert', '--strategy', 'alpine', '--yes'],
      '--strategy: must be one of: scratch, distroless (got "alpine")',
    ],
    [['--port', '65536', '--yes'], '--port: the port must be a whole number from 1 to 65535 (got "65536")'],
    [['--port', '3000', '--port', '4000', '--yes'], '--port is given twice: give it once'],
    [['convert', '--all', '.', '--all', '.'], '--all is given twice: give it once'],
    [['convert', '--all=', '--yes'], '--all needs a folder: --all <dir> (--all . for the current one)'],
    [['convert', '-y=1'], '-y takes no value (got "1")'],
    [
      ['convrt', '--yes'],
      'unknown command "convrt"; did you mean "convert"? (to name the app "convrt", pass --name convrt)',
    ],
  ])('%j is a usage error (exit 2) that writes nothing', (args, message) => {
    const dir = convertContext(sandbox('usage'));
    const before = treeBytes(dir);
    const run = runBin(dir, args);
    expect({ status: run.status, stderr: run.stderr, stdout: run.stdout }).toEqual({
      status: 2,
      stderr: `go-microcontainer${args[0] === 'convert' ? ' convert' : ''}: ${message}\n`,
      stdout: '',
    });
    expect(treeBytes(dir)).toEqual(before);
  });

  it('accepts --name=value, --no-<feature> and -y, and still names an app after a command-like word with --name', () => {
    const dir = sandbox('forms');
    const run = runBin(dir, ['--name=conver', '--no-healthcheck', '-y']);
    expect(run.status).toBe(0);
    expect(readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).not.toContain('HEALTHCHECK');
    expect(readFileSync(path.join(dir, 'build.sh'), 'utf8')).toContain('conver');
  });
});

describe('strict options under yo', () => {
  it('an unknown option given to the app generator fails with a suggestion and writes nothing', async () => {
    const run = await runGenerator(APP_GENERATOR).withOptions({ yes: true, nmae: 'x' } as never);
    const generator = run.generator as unknown as {
      exitStatus: number;
      failure?: { code: string; message: string };
    };
    expect(generator.exitStatus).toBe(2);
    expect(generator.failure?.message).toBe(
      'unknown option --nmae; did you mean --name? (go-microcontainer --help lists the options)',
    );
    expect(treeBytes(run.cwd)).toEqual({});
  });

  it('an unknown option given to the convert generator fails and leaves the Dockerfile', async () => {
    const run = await runGenerator(CONVERT_GENERATOR)
      .inTmpDir((dir) => writeFileSync(path.join(dir, 'Dockerfile'), FIXTURE))
      .withOptions({ dryrun: true, yes: true } as never);
    const generator = run.generator as unknown as { exitStatus: number; failure?: { message: string } };
    expect(generator.exitStatus).toBe(2);
    expect(generator.failure?.message).toMatch(/^unknown option --dryrun; did you mean --dry-run\?/);
    expect(readFileSync(path.join(run.cwd, 'Dockerfile'), 'utf8')).toBe(FIXTURE);
  });

  it('--ask-answered asks every question again, offering the stored answers', async () => {
    const stored = {
      name: 'orders',
      module: 'github.com/acme/orders',
      strategy: 'alpine',
      port: 8081,
      goVersion: '1.24',
      caCerts: true,
      nonRoot: true,
      tzdata: true,
      healthcheck: false,
      classicFlags: false,
    };
    const defaults: Record<string, unknown> = {};
    const run = await runGenerator(APP_GENERATOR)
      .withYoRcConfig('generator-go-microcontainer', stored)
      .withOptions({ 'ask-answered': true } as never)
      .withAnswers(
        {},
        {
          callback: (answer, { question }) => {
            const {
              name,
              default: offered,
              choices,
            } = question as {
              name: string;
              default?: unknown;
              choices?: Array<{ value: string; checked?: boolean }>;
            };
            const checked = (choices ?? []).filter((c) => c.checked).map((c) => c.value);
            defaults[name] = name === 'features' ? checked : offered;
            // Take what is offered, as pressing Enter would.
            return name === 'features' ? checked : answer;
          },
        },
      );
    expect(defaults).toEqual({
      name: 'orders',
      module: 'github.com/acme/orders',
      strategy: 'alpine',
      port: '8081',
      goVersion: '1.24',
      features: ['caCerts', 'nonRoot', 'tzdata'],
    });
    expect((run.generator as unknown as { failure?: unknown }).failure).toBeUndefined();
    expect((run.generator as unknown as { exitStatus: number }).exitStatus).toBe(0);
  });
});

describe('errors as data: --json', () => {
  function expectJsonError(run: ReturnType<typeof runBin>, status: number, code: string, error: RegExp) {
    expect(run.status).toBe(status);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ status: 'error', code, error: expect.stringMatching(error) });
  }

  it('a usage error is one JSON document with code "usage"', () => {
    const dir = convertContext(sandbox('json-usage'));
    expectJsonError(
      runBin(dir, ['convert', '--json', '--strategy', 'alpine']),
      2,
      'usage',
      /--strategy: must be one of/,
    );
    expectJsonError(runBin(dir, ['convert', '--json', '--dryrun']), 2, 'usage', /did you mean --dry-run/);
  });

  it('--json that would need a question is a usage error: no prompt ever mixes with the JSON', () => {
    const dir = convertContext(sandbox('json-tty'));
    const before = treeBytes(dir);
    expectJsonError(
      runBin(dir, ['convert', '--json']),
      2,
      'usage',
      /^--json asks nothing, so it needs --yes, --force, --dry-run or --check/,
    );
    // Even when the options fail to parse, --json=true is honoured.
    expectJsonError(runBin(dir, ['convert', '--json=true', '--bogus']), 2, 'usage', /unknown option --bogus/);
    expect(treeBytes(dir)).toEqual(before);
  });

  it('a missing --all folder is code "not-found", one without permission "permission-denied"', () => {
    const dir = sandbox('json-all');
    expectJsonError(runBin(dir, ['convert', '--json', '--yes', '--all', 'nope']), 3, 'not-found', /nope/);
    mkdirSync(path.join(dir, 'locked'), { mode: 0o700 });
    writeFileSync(path.join(dir, 'locked', 'Dockerfile'), FIXTURE);
    chmodSync(path.join(dir, 'locked'), 0o000);
    const run = runBinAsNobody(dir, ['convert', '--json', '--yes', '--all', 'locked']);
    expectJsonError(run, 3, 'permission-denied', /locked/);
    expect(run.stdout).not.toContain('does not exist');
  });

  it('an unreadable Dockerfile is a per-file error with code "permission-denied"', () => {
    const dir = convertContext(sandbox('json-eacces'));
    chmodSync(path.join(dir, 'Dockerfile'), 0o600);
    const run = runBinAsNobody(dir, ['convert', '--json', '--yes']);
    expect(run.status).toBe(3);
    expect(JSON.parse(run.stdout)).toMatchObject({
      file: 'Dockerfile',
      status: 'error',
      code: 'permission-denied',
      reason: 'cannot read Dockerfile: permission denied',
    });
  });
});

describe('what the user sees', () => {
  it('a failure is one line of ours: no Yeoman trace, no colour', () => {
    const run = runBin(sandbox('one-line'), ['--yes', '--port', '0']);
    expect(run.stderr).toBe(
      'go-microcontainer: --port: the port must be a whole number from 1 to 65535 (got "0")\n',
    );
    expect(run.stdout + run.stderr).not.toContain('An error occured');
    expect(run.stdout + run.stderr).not.toContain('\u001b[');
  });

  it('a generator failure found late (a link in the way) is one line too', () => {
    const dir = sandbox('late');
    const outside = sandbox('late-outside');
    symlinkSync(path.join(outside, 'created-by-link.sh'), path.join(dir, 'build.sh'));
    const run = runBin(dir, ['--yes']);
    expect(run.status).toBe(3);
    expect(run.stderr).toBe(
      `go-microcontainer: build.sh is a symbolic link to ${path.join(outside, 'created-by-link.sh')}: ` +
        'not written through a link; remove it (the generator writes regular files only)\n',
    );
    expect(run.stdout).not.toContain('An error occured');
    expect(run.stdout).not.toContain('\u001b[');
    expect(treeBytes(outside)).toEqual({});
    expect(treeBytes(dir)).toEqual({ 'build.sh': '<link>' });
  });

  it('a FIFO or a folder where a generated file goes is refused before anything is read', () => {
    const dir = sandbox('fifo');
    expect(spawnSync('mkfifo', [path.join(dir, 'main.go')]).status).toBe(0);
    const fifo = runBin(dir, ['--yes', '--name', 'svc']);
    expect(fifo.status).toBe(3);
    expect(fifo.stderr).toBe('go-microcontainer: main.go exists and is not a regular file\n');
    rmSync(path.join(dir, 'main.go'));
    mkdirSync(path.join(dir, 'main.go'));
    const folder = runBin(dir, ['--yes', '--name', 'svc']);
    expect(folder.stderr).toBe('go-microcontainer: main.go exists and is not a regular file\n');
    expect(Object.keys(treeBytes(dir))).toEqual([]);
  });

  it('a reader that stops early is not an error, and a removed working folder is named', () => {
    const piped = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" --help | head -n 1`], {
      encoding: 'utf8',
    });
    expect(piped.stdout).toBe('Usage: go-microcontainer [app] [name] [options]\n');
    expect(piped.stderr).toBe('');

    const root = sandbox('gone');
    const gone = spawnSync(
      'sh',
      ['-c', `mkdir d && cd d && rmdir ../d && "${process.execPath}" "${BIN}" convert --json --yes`],
      { cwd: root, encoding: 'utf8' },
    );
    expect(gone.status).toBe(3);
    expect(JSON.parse(gone.stdout)).toEqual({
      status: 'error',
      code: 'not-found',
      error: 'the current folder no longer exists: cd into an existing folder and run again',
    });
  });

  it('--help lists the exit statuses', () => {
    const app = runBin(sandbox('help'), ['--help']);
    const convert = runBin(sandbox('help'), ['convert', '--help']);
    for (const help of [app.stdout, convert.stdout]) {
      expect(help).toMatch(/^Exit status:$/m);
      expect(help).toMatch(/^ {2}2 +usage: an unknown option/m);
      expect(help).toMatch(/^ {2}130 +interrupted \(Ctrl-C\)/m);
    }
  });
});
