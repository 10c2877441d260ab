/**
 * recognizeGo, wrapsGo and binaryName (src/core/convert/builds/go-invocation.ts):
 * the go command in a list of shell words, whatever real projects put in
 * front of it, and the name go gives the binary it builds.
 */
import { describe, expect, it } from '@jest/globals';
import { binaryName, recognizeGo, wrapsGo } from '../../src/core/convert/builds/go-invocation.js';

const words = (text: string) => text.split(' ');
const go = (text: string) => recognizeGo(words(text));
/** What go sees of the command line's environment, as an object. */
const environment = (text: string) => Object.fromEntries(go(text)?.assignments ?? []);

describe('recognizeGo', () => {
  it('reads a bare go command and where its arguments start', () => {
    expect(go('go build -o /out/app .')).toEqual({
      goIndex: 0,
      verb: 'build',
      argsIndex: 2,
      envIndex: 0,
      assignments: new Map(),
      crossCompile: false,
      chdir: undefined,
    });
    expect(go('/usr/local/go/bin/go install ./cmd/app')).toMatchObject({
      goIndex: 0,
      verb: 'install',
      argsIndex: 2,
    });
    expect(go('go run ./tools/gen')).toMatchObject({ verb: 'run' });
  });

  it('is not a go command: another program, another verb, or nothing', () => {
    for (const text of [
      'make build',
      'go vet ./...',
      'go mod download',
      'gopher build',
      'cargo build',
      'CGO_ENABLED=0',
    ])
      expect(go(text)).toBeUndefined();
    expect(recognizeGo([])).toBeUndefined();
  });

  it('takes the assignments before it, each with its value, = and spaces kept', () => {
    expect(go('CGO_ENABLED=0 GOOS=linux go build .')).toMatchObject({
      goIndex: 2,
      envIndex: 2,
      argsIndex: 4,
    });
    expect(environment('CGO_ENABLED=0 GOOS=linux go build .')).toEqual({ CGO_ENABLED: '0', GOOS: 'linux' });
    expect(recognizeGo(['GOFLAGS=-ldflags=-s -w', 'go', 'build'])?.assignments).toEqual(
      new Map([['GOFLAGS', '-ldflags=-s -w']]),
    );
    expect(environment('A= go build')).toEqual({ A: '' });
    // Not a name: a word with = that is an argument of something else.
    expect(go('9X=1 go build')).toBeUndefined();
  });

  it('reads env and its options: assignments after it, -i and - clear, -u unsets, -C changes the folder', () => {
    expect(go('env CGO_ENABLED=0 go build .')).toMatchObject({ goIndex: 2, envIndex: 2, argsIndex: 4 });
    expect(environment('A=1 env B=2 go build')).toEqual({ A: '1', B: '2' });
    for (const clear of ['-i', '-', '--ignore-environment'])
      expect(environment(`A=1 env ${clear} B=2 go build`)).toEqual({ B: '2' });
    expect(environment('A=1 B=2 env -u A go build')).toEqual({ B: '2' });
    expect(environment('A=1 B=2 env --unset A go build')).toEqual({ B: '2' });
    expect(environment('A=1 B=2 env --unset=B go build')).toEqual({ A: '1' });
    expect(go('env -C /src go build')).toMatchObject({ chdir: '/src', goIndex: 3 });
    expect(go('env --chdir /src go build')).toMatchObject({ chdir: '/src', goIndex: 3 });
    expect(go('env --chdir=/src go build')).toMatchObject({ chdir: '/src', goIndex: 2 });
    expect(go('env -- go build')).toMatchObject({ goIndex: 2, envIndex: 2 });
    expect(go('env -v go build')).toMatchObject({ goIndex: 2 });
    expect(go('/usr/bin/env A=1 go build')).toMatchObject({ goIndex: 2 });
    // env twice: the second's folder wins, the first's stays when the second has none.
    expect(go('env -C /a env -C /b go build')?.chdir).toBe('/b');
    expect(go('env -C /a env A=1 go build')?.chdir).toBe('/a');
  });

  it('does not follow env -S, whose split string it would have to parse', () => {
    for (const split of ['-S', '-Sgo', '--split-string', '--split-string=go build'])
      expect(go(`env ${split} go build`)).toBeUndefined();
    expect(go('env')).toBeUndefined();
  });

  it('reads time and its options: the environment goes before time, not the go word', () => {
    expect(go('time go build .')).toMatchObject({ goIndex: 1, envIndex: 0, argsIndex: 3 });
    expect(go('A=1 time -v go build')).toMatchObject({ goIndex: 3, envIndex: 1 });
    expect(go('time -f %e go build')).toMatchObject({ goIndex: 3 });
    expect(go('time -o /tmp/t go build')).toMatchObject({ goIndex: 3 });
    expect(go('time -p -v go build')).toMatchObject({ goIndex: 3 });
    expect(go('/usr/bin/time go install')).toMatchObject({ goIndex: 1, verb: 'install' });
  });

  it('reads go -C, the only flag before the verb', () => {
    for (const [text, chdir, argsIndex] of [
      ['go -C ./cmd build .', './cmd', 4],
      ['go --C ./cmd build .', './cmd', 4],
      ['go -C=./cmd build .', './cmd', 3],
      ['go --C=./cmd build .', './cmd', 3],
    ] as const)
      expect(go(text)).toMatchObject({ chdir, argsIndex, verb: 'build' });
    expect(go('go -v build')).toBeUndefined();
    expect(go('go -C')).toBeUndefined();
  });

  it("reads tonistiigi/xx's xx-go, which cross-compiles", () => {
    expect(go('xx-go build -o /out/app .')).toEqual({
      goIndex: 0,
      verb: 'build',
      argsIndex: 2,
      envIndex: 0,
      assignments: new Map(),
      crossCompile: true,
      chdir: undefined,
    });
    expect(go('CGO_ENABLED=0 env -C /src xx-go install')).toMatchObject({
      goIndex: 4,
      crossCompile: true,
      chdir: '/src',
    });
    expect(go('xx-go --wrap')).toBeUndefined();
    expect(go('xx-go')).toBeUndefined();
  });
});

describe('wrapsGo', () => {
  it('is xx-go --wrap, after any assignments', () => {
    expect(wrapsGo(words('xx-go --wrap'))).toBe(true);
    expect(wrapsGo(words('A=1 /usr/bin/xx-go --wrap'))).toBe(true);
    expect(wrapsGo(words('xx-go build'))).toBe(false);
    expect(wrapsGo(words('go --wrap'))).toBe(false);
    expect(wrapsGo(words('echo xx-go --wrap'))).toBe(false);
    expect(wrapsGo([])).toBe(false);
  });
});

describe('binaryName', () => {
  it("is a file list's first file without .go, or the fallback for . and ./...", () => {
    expect(binaryName('main.go', 'app')).toBe('main');
    expect(binaryName('cmd/server/main.go', 'app')).toBe('main');
    expect(binaryName('cmd/x.gopher', 'app')).toBe('x.gopher');
    expect(binaryName('.', 'app')).toBe('app');
    expect(binaryName('./...', 'app')).toBe('app');
    expect(binaryName(undefined, 'app')).toBe('app');
  });

  it('skips a version, the ... and trailing slashes, and a major version suffix', () => {
    expect(binaryName('./cmd/server//', 'x')).toBe('server');
    expect(binaryName('./cmd/tool/...', 'x')).toBe('tool');
    expect(binaryName('example.com/x/tool/...@v1.0.0', 'x')).toBe('tool');
    expect(binaryName('example.com/tool/v10', 'x')).toBe('tool');
    expect(binaryName('example.com/tool/v1', 'x')).toBe('v1');
    expect(binaryName('example.com/tool/v0', 'x')).toBe('v0');
    expect(binaryName('example.com/tool/v2beta', 'x')).toBe('v2beta');
    // A major version alone has nothing before it to name the binary.
    expect(binaryName('v2', 'x')).toBe('v2');
    expect(binaryName('./.', 'x')).toBe('x');
    expect(binaryName('./cmd/./api', 'x')).toBe('api');
  });
});
