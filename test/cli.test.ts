/** The go-microcontainer bin, run as a separate process the way users run it. */
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { GO_BUILD, labelArgsFor, projectFacts } from './helpers/intent.js';
import { GENERATED_FILES } from './helpers/project.js';
import { modulesLoaded } from './helpers/loaded-modules.js';
import { readTree, runBin, tempDir } from './helpers/run.js';

describe('go-microcontainer --help', () => {
  const help = runBin(tempDir('help'), ['--help']);

  it('lists every exit status, 143 (SIGTERM) too, each sentence whole, for the app and for its commands', () => {
    const statuses = (text: string) =>
      [...(text.split('Exit status:')[1]?.matchAll(/^ {2}(\d+) +(.*)$/gm) ?? [])].map((match) => match[1]);
    expect(statuses(help.stdout)).toEqual(['0', '1', '2', '3', '130', '143']);
    for (const command of ['convert', 'dockerize']) {
      const text = runBin(tempDir(`help-${command}`), [command, '--help']).stdout;
      expect({ command, has143: statuses(text).includes('143') }).toEqual({ command, has143: true });
      expect(text).not.toMatch(/nothing was\s*$/m);
    }
    expect(help.stdout).not.toMatch(/nothing was\s*$/m);
  });

  it('exits 0 and lists every option with its default', () => {
    expect(help.status).toBe(0);
    // Each option, then its default on the next line.
    const listed = help.stdout
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.startsWith('-') || line.startsWith('(default: '));
    const pairs = listed.flatMap((line, index) =>
      line.startsWith('-') && listed[index + 1]?.startsWith('(default: ')
        ? [[line.split(/\s{2,}/)[0], listed[index + 1]]]
        : [],
    );
    expect(pairs).toEqual([
      ['--name <value>', "(default: the current directory's name)"],
      [
        '--module <value>',
        '(default: from the git remote, else github.com/<git config github.user>/<name>, else example.com/<name>)',
      ],
      ['--strategy <value>', '(default: scratch)'],
      ['--port <value>', '(default: 3000)'],
      [
        '--go-version <value>',
        "(default: the local toolchain's minor version (go env GOVERSION), else 1.26)",
      ],
      ['--[no-]ca-certs', '(default: on)'],
      ['--[no-]non-root', '(default: on)'],
      ['--[no-]tzdata', '(default: off)'],
      ['--[no-]healthcheck', '(default: on)'],
      ['--[no-]classic-flags', '(default: on)'],
      ['-y, --yes', '(default: off)'],
      ['--force', '(default: off)'],
      ['--ask-answered', '(default: off)'],
    ]);
    expect(help.stdout).toContain(
      '--strategy <value>    base-image strategy: scratch, scratch-host, distroless, alpine, golang-alpine, golang',
    );
  });
});

describe('go-microcontainer --help and --version start light', () => {
  // How fast they start (CPU against a bare `node -e 0`) is a figure of bench/test-bounds.ts, not a bound here:
  // a loaded CI machine must not fail on time. What keeps them fast is asserted: they load no Yeoman.
  it.each([['--help'], ['--version']])('%s loads only its own compiled modules, not Yeoman', (flag) => {
    const { status, loaded } = modulesLoaded(tempDir('help-loads'), [flag]);
    expect(status).toBe(0);
    expect(loaded).toContain('dist/cli.cjs');
    expect(loaded.filter((file) => !/^(bin|dist)\//.test(file))).toEqual([]);
  });
});

describe('go-microcontainer', () => {
  it('generates into the current directory with --yes, like the generator', () => {
    const cwd = path.join(tempDir('svc'), 'Orders Svc');
    mkdirSync(cwd);
    // No git remote or github.user to take the module path from, whatever this machine's git says.
    const run = runBin(cwd, ['--yes', '--strategy', 'scratch-host', '--port', '8080'], {
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_CONFIG_NOSYSTEM: '1',
    });
    expect(run.status).toBe(0);
    expect(run.stderr).not.toMatch(/error/i);

    const toolchain = /^go(1\.(\d+))(?:\.\d+)?\s*$/.exec(
      spawnSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).stdout ?? '',
    );
    const goVersion = toolchain && Number(toolchain[2]) >= 22 ? (toolchain[1] ?? '1.26') : '1.26';
    const { ['.yo-rc.json']: stored, ...written } = readTree(cwd);
    expect(JSON.parse(stored ?? '{}')['generator-go-microcontainer']).toEqual({
      name: 'orders-svc',
      module: 'example.com/orders-svc',
      strategy: 'scratch-host',
      port: 8080,
      goVersion,
      caCerts: true,
      nonRoot: true,
      tzdata: false,
      healthcheck: true,
      classicFlags: true,
    });
    expect(projectFacts(written)).toEqual({
      files: GENERATED_FILES,
      goMod: `module example.com/orders-svc\n\ngo ${goVersion}\n`,
      // scratch-host pulls nothing: FROM scratch alone (issue 16).
      froms: ['scratch'],
      baseImageArgs: [],
      labelArgs: labelArgsFor('orders-svc', ''),
      expose: ['8080'],
      user: ['65532:65532'],
      entrypoint: ['["/orders-svc"]'],
      healthcheck: ['--interval=1s --timeout=3s --retries=5 CMD ["/orders-svc", "-health"]'],
      goBuild: GO_BUILD.classic,
      copiesCaBundle: true,
      writesPasswd: true,
      defaultPort: 'const defaultPort = "8080"',
      composeUser: 'user: "65532:65532"',
      composePort: 'PORT: ${PORT:-8080}',
    });
    // The host recipe: build.sh writes per-platform outputs the Dockerfile picks from.
    expect(written['build.sh']).toContain('out=${OUT:-./dist/$platform/$app}');
    expect(written['.dockerignore']).toBe(
      '# build.sh compiles on the host: the image needs only what it wrote to dist/.\n*\n!dist/\n',
    );
    expect(statSync(path.join(cwd, 'build.sh')).mode & 0o777).toBe(0o755);
  });

  it('fails fast without a TTY or --yes, naming the missing options, and writes nothing', () => {
    const cwd = tempDir('notty');
    const run = runBin(cwd, ['--name', 'svc', '--port', '8080']);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('no terminal to ask questions on: give --module, --strategy, --go-version');
    expect(run.stderr).toContain('or --yes');
    expect(run.stderr).not.toContain('--name,');
    expect(readTree(cwd)).toEqual({});
  });

  it('exits non-zero on an invalid option, naming it and the rule, and writes nothing', () => {
    const cwd = tempDir('bad');
    const run = runBin(cwd, ['--yes', '--port', '65536']);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('--port: the port must be a whole number from 1 to 65535 (got "65536")');
    expect(readTree(cwd)).toEqual({});
  });

  it('never overwrites a changed file silently; --force does', () => {
    const cwd = tempDir('rerun');
    expect(runBin(cwd, ['--yes']).status).toBe(0);
    const dockerfile = path.join(cwd, 'Dockerfile');
    writeFileSync(dockerfile, '# my edits\n');

    // Same answers again: the edited Dockerfile differs, and without a TTY
    // there is no way to show the diff, so the run stops before writing.
    const again = runBin(cwd, ['--yes', '--strategy', 'alpine']);
    expect(again.status).not.toBe(0);
    expect(again.stderr).toMatch(/Dockerfile, compose\.yaml, README\.md already exist and differ.*--force/);
    expect(readFileSync(dockerfile, 'utf8')).toBe('# my edits\n');
    expect(readFileSync(path.join(cwd, '.yo-rc.json'), 'utf8')).toContain('"strategy": "scratch"');

    const forced = runBin(cwd, ['--yes', '--strategy', 'alpine', '--force']);
    expect(forced.status).toBe(0);
    expect(readFileSync(dockerfile, 'utf8')).toContain('ARG RUNTIME_IMAGE=alpine:3.22');
    expect(readFileSync(path.join(cwd, '.yo-rc.json'), 'utf8')).toContain('"strategy": "alpine"');
  });

  it.each([
    [
      'example/hello',
      'example/hello is fine for a local module; `go get` needs a domain in the first element, such as github.com/you/hello',
    ],
    [
      'hello',
      'hello is fine for a local module; `go get` needs a domain in the first element, such as github.com/you/hello',
    ],
  ])('takes --module %p as go mod init does, with a note about go get', (modulePath, note) => {
    const cwd = tempDir('local-module');
    try {
      const run = runBin(cwd, ['--yes', '--module', modulePath]);
      expect(run.status).toBe(0);
      expect(run.stdout).toContain(`Note: ${note}.\n`);
      expect(readFileSync(path.join(cwd, 'go.mod'), 'utf8').split('\n')[0]).toBe(`module ${modulePath}`);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('says what to type instead of a pasted URL, and writes nothing', () => {
    const cwd = tempDir('pasted-url');
    try {
      const run = runBin(cwd, ['--yes', '--module', 'https://github.com/acme/hello']);
      expect(run.status).toBe(2);
      expect(run.stderr).toBe(
        'go-microcontainer: --module: this is a URL, not a module path: type github.com/acme/hello ' +
          '(no scheme, user or .git) (got "https://github.com/acme/hello")\n',
      );
      expect(readTree(cwd)).toEqual({});
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('re-runs cleanly when nothing changed', () => {
    const cwd = tempDir('same');
    expect(runBin(cwd, ['--yes', '--strategy', 'distroless']).status).toBe(0);
    const before = readTree(cwd);
    const again = runBin(cwd, []);
    expect(again.status).toBe(0);
    expect(readTree(cwd)).toEqual(before);
  });
});
