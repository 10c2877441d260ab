/** The build-script reader (src/core/convert/build-script.ts): the go builds a shell script runs. */
import { describe, expect, it } from '@jest/globals';
import {
  expandShell,
  followScript,
  isShellScript,
  shownWord,
  unknownParts,
} from '../src/core/convert/builds/build-script.js';

function follow(text: string, args: string[] = [], env: Record<string, string> = {}) {
  const result = followScript(text, 'build.sh', { args, env: new Map(Object.entries(env)), cwd: '/app' });
  if (!result.ok) throw new Error(result.reason);
  return result.builds.map((build) => ({
    line: build.line,
    verb: build.verb,
    args: build.args.map(shownWord),
    cwd: build.cwd,
    assignments: Object.fromEntries(build.assignments),
  }));
}

describe('expandShell', () => {
  const vars = new Map([
    ['OUT', '/out'],
    ['EMPTY', ''],
    ['1', 'first'],
  ]);

  it('expands $VAR, ${VAR}, defaults and positional parameters', () => {
    expect(expandShell('$OUT/${1}', vars)).toBe('/out/first');
    expect(expandShell('${EMPTY:-d} ${EMPTY-d} ${UNSET:-x}', vars)).toBe('d  x');
  });

  it('keeps command substitutions and unset variables as unknown parts', () => {
    expect(unknownParts(expandShell('v$(git describe)-$UNSET', vars))).toEqual(['$(git describe)', '$UNSET']);
    expect(shownWord(expandShell('`date`', vars))).toBe('`date`');
  });
});

describe('followScript', () => {
  it('applies assignments, readonly, export and cd, line by line', () => {
    const script = [
      '#!/bin/sh',
      'set -eu',
      'OUT="${OUT:-/out}"',
      'readonly NAME=server',
      'export GOOS=linux',
      'cd cmd/server',
      'if [ -n "$OUT" ]; then go build -o "$OUT/$NAME" .; fi',
      'go install ./tool',
    ].join('\n');
    expect(follow(script)).toEqual([
      {
        line: 7,
        verb: 'build',
        args: ['-o', '/out/server', '.'],
        cwd: '/app/cmd/server',
        assignments: { GOOS: 'linux' },
      },
      { line: 8, verb: 'install', args: ['./tool'], cwd: '/app/cmd/server', assignments: { GOOS: 'linux' } },
    ]);
  });

  it('takes positional parameters from the RUN, and the environment it gives', () => {
    const script = 'go build -o "$1" "${2:-.}"\n';
    expect(follow(script, ['bin/api'], { CGO_ENABLED: '0' })).toEqual([
      {
        line: 1,
        verb: 'build',
        args: ['-o', 'bin/api', '.'],
        cwd: '/app',
        assignments: { CGO_ENABLED: '0' },
      },
    ]);
  });

  it('finds go behind env and a path, and skips go run', () => {
    const script = 'go run ./gen\nenv GOARCH=arm64 /usr/local/go/bin/go build -o /o .\n';
    expect(follow(script)).toEqual([
      { line: 2, verb: 'build', args: ['-o', '/o', '.'], cwd: '/app', assignments: { GOARCH: 'arm64' } },
    ]);
  });

  it('cannot follow a tool it go installs and then runs (gox, mage), which makes the builds itself', () => {
    const script = [
      '#!/usr/bin/env bash',
      'if ! which gox > /dev/null; then',
      '    go install github.com/mitchellh/gox@latest',
      'fi',
      'go install github.com/magefile/mage/v2@v2.0.1',
      'gox -os=linux -output "pkg/{{.OS}}_{{.Arch}}/app" .',
      'mage build',
    ].join('\n');
    expect(followScript(script, 'scripts/build.sh', { args: [], env: new Map(), cwd: '/src' })).toEqual({
      ok: false,
      reason:
        'scripts/build.sh:6 runs gox, which the go install at scripts/build.sh:3 installs: gox may run go build itself (as gox, mage and task do), and the builds it makes cannot be followed',
    });
    // A major-version suffix names the folder above it; a path that is not a module's (./tool) installs no tool.
    expect(
      followScript('go install github.com/magefile/mage/v2@v2.0.1\n/go/bin/mage build\n', 'b.sh', {
        args: [],
        env: new Map(),
        cwd: '/',
      }),
    ).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^b\.sh:2 runs mage, which the go install at b\.sh:1/),
    });
    expect(
      follow('go install ./tool\ntool generate\ngo build -o /app .\n').map((build) => build.line),
    ).toEqual([1, 3]);
  });

  it('refuses to read a script for another interpreter', () => {
    expect(isShellScript('#!/usr/bin/env python3\nprint(1)\n')).toBe(false);
    expect(isShellScript('#!/usr/bin/env bash\n')).toBe(true);
    expect(isShellScript('go build .\n')).toBe(true);
    expect(followScript('#!/usr/bin/python3\n', 'b.py', { args: [], env: new Map(), cwd: '/' })).toEqual({
      ok: false,
      reason: 'b.py is not a shell script (#!/usr/bin/python3)',
    });
  });
});

describe('followScript: what the surviving mutants showed untested', () => {
  it('names the tool a go install of a module installs, as go does', () => {
    const runs = (install: string, run: string) =>
      followScript(`${install}\n${run}\n`, 'b.sh', { args: [], env: new Map(), cwd: '/' });
    // The last path element; a /vN suffix (N a number) names the folder above it.
    expect(runs('go install github.com/acme/tool@v1.2.3', 'tool x')).toMatchObject({ ok: false });
    expect(runs('go install github.com/acme/tool/v10@latest', 'tool x')).toMatchObject({ ok: false });
    expect(runs('go install github.com/acme/tool/vnext@latest', 'vnext x')).toMatchObject({ ok: false });
    expect(runs('go install -v github.com/acme/tool/v2x@latest', 'v2x')).toMatchObject({ ok: false });
    // Not a module path with a version (a relative path, a package without @, a flag): installs no tool.
    for (const install of [
      'go install ./cmd/tool',
      'go install github.com/acme/tool',
      'go install -tool@x ./tool',
    ])
      expect(runs(install, 'tool x')).toEqual({
        ok: true,
        builds: [expect.objectContaining({ verb: 'install' })],
      });
    // go build installs nothing, and the tool's name must be the program's, not a word of it.
    expect(runs('go build -o /out/tool github.com/acme/tool@v1', 'tool x')).toMatchObject({ ok: true });
    expect(runs('go install github.com/acme/tool@v1', 'echo tool')).toMatchObject({ ok: true });
  });

  it('reads declarations as the shell does: export and declare -x put names in the environment, the others do not', () => {
    const env = (script: string) => follow(`${script}\ngo build .\n`)[0]?.assignments;
    expect(env('GOOS=linux; export GOOS')).toEqual({ GOOS: 'linux' });
    expect(env('declare -x GOARCH=arm64')).toEqual({ GOARCH: 'arm64' });
    expect(env('declare -r GOARCH=arm64')).toEqual({});
    expect(env('readonly GOARCH=arm64')).toEqual({});
    expect(env('local GOARCH=arm64')).toEqual({});
    expect(env('GOARCH=arm64; typeset GOARCH')).toEqual({});
    expect(env('export -n GOFLAGS=-mod=mod')).toEqual({});
    expect(env('export GOOS=linux GOARCH=arm64\nexport -n GOOS')).toEqual({ GOARCH: 'arm64' });
    expect(env('local -x GOFLAGS=-mod=mod')).toEqual({ GOFLAGS: '-mod=mod' });
    // A line of assignments alone sets them in the script, unexported.
    expect(env('A=1 B=2')).toEqual({});
    expect(follow('A=/out B=app\ngo build -o $A/$B .\n')[0]?.args).toEqual(['-o', '/out/app', '.']);
  });

  it('follows cd (to HOME, /root, without a folder), go -C and the words that lead a command', () => {
    const cwd = (script: string) => follow(`${script}\n`).map((build) => build.cwd);
    expect(cwd('cd\ngo build .')).toEqual(['/root']);
    expect(cwd('cd cmd\ngo build .\ncd ../..\ngo build .')).toEqual(['/app/cmd', '/']);
    expect(cwd('go -C tools build .')).toEqual(['/app/tools']);
    expect(cwd('cd /src && go -C ../lib build .')).toEqual(['/lib']);
    expect(
      follow('if true; then go build -o /a .; else go build -o /b .; fi\n').map((build) => build.args[1]),
    ).toEqual(['/a', '/b']);
    expect(follow('exec go build -o /c .\n').map((build) => build.args[1])).toEqual(['/c']);
  });

  it('counts the line of each command, continued lines included', () => {
    expect(
      follow('#!/bin/sh\n\ngo build \\\n  -o /a .\ngo build -o /b .\n').map((build) => build.line),
    ).toEqual([3, 5]);
  });

  it('expands positional parameters past 9 only in braces, and $@ as unknown', () => {
    const args = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'ten'];
    expect(follow('go build -o /out/${10} .\n', args)[0]?.args).toEqual(['-o', '/out/ten', '.']);
    expect(follow('go build -o /out/$10 .\n', args)[0]?.args).toEqual(['-o', '/out/10', '.']);
  });
});

describe('hostile scripts', () => {
  it('a value doubled line after line becomes one unknown part instead of outgrowing memory', () => {
    const script = [
      'A=xxxxxxxxxxxxxxxx',
      ...Array.from({ length: 40 }, () => 'A="$A$A"'),
      'go build -o "bin/$A" .',
    ];
    expect(follow(script.join('\n'))[0]?.args).toEqual(['-o', 'bin/$A (longer than 65536 characters)', '.']);
  });
});
