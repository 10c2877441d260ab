/**
 * go-commands (src/core/convert/go-commands.ts): which RUN, CMD or ENTRYPOINT
 * runs go build, go install or go run, and where its binary lands. The facts
 * are read through collectFacts, as the rules read them; every expected value
 * is written out.
 */
import { describe, expect, it } from '@jest/globals';
import { collectFacts } from '../../src/core/convert/facts/collect-facts.js';
import { binaryName, flagValue, splitGoArgs } from '../../src/core/convert/builds/go-commands.js';
import { dockerfile } from './helpers.js';

function goCommands(text: string, modulePath?: string) {
  return collectFacts(text, { strategy: 'scratch', ...(modulePath ? { modulePath } : {}) }).goCommands;
}

/** What each go command builds, in file order. */
function built(text: string, modulePath?: string) {
  return goCommands(text, modulePath).map((command) => ({
    verb: command.verb,
    output: command.output,
    stage: command.stageIndex,
    site: command.site.kind,
  }));
}

describe('splitGoArgs and flagValue', () => {
  it('takes the next word as the value of each flag that has one, with one dash or two', () => {
    for (const flag of [
      '-o',
      '-p',
      '-tags',
      '-ldflags',
      '-gcflags',
      '-asmflags',
      '-gccgoflags',
      '-mod',
      '-modfile',
      '-overlay',
      '-pgo',
      '-pkgdir',
      '-buildmode',
      '-compiler',
      '-installsuffix',
      '-toolexec',
      '-exec',
      '-coverpkg',
      '-covermode',
    ]) {
      expect(splitGoArgs([flag, 'value', './cmd/app'])).toEqual({
        flags: [[flag, 'value']],
        rest: ['./cmd/app'],
      });
      expect(splitGoArgs([`-${flag}`, 'value', '.'])).toEqual({
        flags: [[`-${flag}`, 'value']],
        rest: ['.'],
      });
    }
  });

  it('reads flag=value and flags without a value', () => {
    expect(splitGoArgs(['-trimpath', '-tags=netgo,osusergo', '-a', 'x.go', 'y.go'])).toEqual({
      flags: [
        ['-trimpath', undefined],
        ['-tags', 'netgo,osusergo'],
        ['-a', undefined],
      ],
      rest: ['x.go', 'y.go'],
    });
    expect(splitGoArgs(['-ldflags=-X main.v=1'])).toEqual({ flags: [['-ldflags', '-X main.v=1']], rest: [] });
  });

  it('ends the flags at the first package, at "-" and after "--"', () => {
    expect(splitGoArgs(['./cmd/app', '-o', 'x'])).toEqual({ flags: [], rest: ['./cmd/app', '-o', 'x'] });
    expect(splitGoArgs(['-v', '-', 'x'])).toEqual({ flags: [['-v', undefined]], rest: ['-', 'x'] });
    expect(splitGoArgs(['-v', '--', '-odd'])).toEqual({ flags: [['-v', undefined]], rest: ['-odd'] });
    expect(splitGoArgs([])).toEqual({ flags: [], rest: [] });
  });

  it('gives a flag at the end without its value an undefined value', () => {
    expect(splitGoArgs(['-o'])).toEqual({ flags: [['-o', undefined]], rest: [] });
  });

  it('flagValue is the last value given, with one dash or two', () => {
    const { flags } = splitGoArgs(['-o', 'first', '--o', 'second', '-v', '.']);
    expect(flagValue(flags, '-o')).toBe('second');
    expect(flagValue(splitGoArgs(['--o', 'only']).flags, '-o')).toBe('only');
    expect(flagValue(flags, '-tags')).toBeUndefined();
    expect(flagValue(flags, '-v')).toBeUndefined();
  });
});

describe('binaryName', () => {
  it('is the last element of the package path', () => {
    expect(binaryName('./cmd/server', 'x')).toBe('server');
    expect(binaryName('./cmd/server/', 'x')).toBe('server');
    expect(binaryName('github.com/acme/tool/...', 'x')).toBe('tool');
    expect(binaryName('example.com/tool@v1.2.3', 'x')).toBe('tool');
    expect(binaryName('example.com/tool/v3@latest', 'x')).toBe('tool');
  });

  it('skips a major version suffix from v2 on, and only that', () => {
    expect(binaryName('github.com/acme/tool/v2', 'x')).toBe('tool');
    expect(binaryName('github.com/acme/tool/v10', 'x')).toBe('tool');
    expect(binaryName('github.com/acme/tool/v20', 'x')).toBe('tool');
    expect(binaryName('github.com/acme/v1', 'x')).toBe('v1');
    expect(binaryName('github.com/acme/v0', 'x')).toBe('v0');
    expect(binaryName('github.com/acme/v01', 'x')).toBe('v01');
    expect(binaryName('github.com/acme/v2x', 'x')).toBe('v2x');
    expect(binaryName('github.com/acme/av2', 'x')).toBe('av2');
    expect(binaryName('v2', 'x')).toBe('v2');
  });

  it('names a Go file after the file, and the current folder after the fallback', () => {
    expect(binaryName('./cmd/main.go', 'x')).toBe('main');
    expect(binaryName('.', 'fallback')).toBe('fallback');
    expect(binaryName('./...', 'fallback')).toBe('fallback');
    expect(binaryName('./', 'fallback')).toBe('fallback');
    expect(binaryName(undefined, 'fallback')).toBe('fallback');
  });
});

describe('findGoCommands: where go build puts the binary', () => {
  it('at -o, against WORKDIR when relative, inside it when it ends with /', () => {
    expect(
      built(
        dockerfile(
          'FROM golang:1.22 AS build',
          'WORKDIR /src',
          'RUN go build -o /out/app ./cmd/app',
          'RUN go build -o bin/tool ./cmd/tool',
          'RUN go build -o bin/ ./cmd/server',
          'FROM scratch',
        ),
      ),
    ).toEqual([
      { verb: 'build', output: '/out/app', stage: 0, site: 'shell' },
      { verb: 'build', output: '/src/bin/tool', stage: 0, site: 'shell' },
      { verb: 'build', output: '/src/bin/server', stage: 0, site: 'shell' },
    ]);
  });

  it('without -o, in WORKDIR, named after the package, the module or the folder (/ without WORKDIR)', () => {
    const text = dockerfile(
      'FROM golang:1.22',
      'WORKDIR /src/myapp',
      'RUN go build ./cmd/server',
      'RUN go build .',
    );
    expect(built(text).map((command) => command.output)).toEqual(['/src/myapp/server', '/src/myapp/myapp']);
    expect(built(text, 'github.com/acme/tool/v2').map((command) => command.output)).toEqual([
      '/src/myapp/server',
      '/src/myapp/tool',
    ]);
    expect(built(dockerfile('FROM alpine:3.19', 'RUN go build .')).map((command) => command.output)).toEqual([
      '/app',
    ]);
  });

  it('go install puts it in GOBIN, else GOPATH/bin, else /go/bin', () => {
    expect(
      built(dockerfile('FROM golang:1.22', 'RUN go install ./cmd/x')).map((command) => command.output),
    ).toEqual(['/go/bin/x']);
    expect(
      built(dockerfile('FROM golang:1.22', 'ENV GOBIN=/usr/local/bin', 'RUN go install ./cmd/x')).map(
        (command) => command.output,
      ),
    ).toEqual(['/usr/local/bin/x']);
    expect(
      built(
        dockerfile('FROM golang:1.22', 'ENV GOPATH=/gopath', 'RUN go install example.com/t/cmd/y@v1.0.0'),
      ).map((command) => command.output),
    ).toEqual(['/gopath/bin/y']);
  });
});

describe('findGoCommands: which commands count', () => {
  it('finds a go command after others on the line, with its own assignments and its word offsets', () => {
    const text = dockerfile('FROM golang:1.22', 'RUN cd src && CGO_ENABLED=0 GOOS=linux go build -o /app .');
    const [command] = goCommands(text);
    expect(command?.assignments).toEqual(
      new Map([
        ['CGO_ENABLED', '0'],
        ['GOOS', 'linux'],
      ]),
    );
    expect(command?.args).toEqual(['-o', '/app', '.']);
    const site = command?.site;
    if (site?.kind !== 'shell') throw new Error('a shell-form RUN has a shell site');
    expect(text.slice(site.textOffset + site.goWord.start, site.textOffset + site.goWord.end)).toBe('go');
    expect(text.slice(site.textOffset + site.verbWord.start, site.textOffset + site.verbWord.end)).toBe(
      'build',
    );
    expect(site.argWords.map((word) => word.value)).toEqual(['-o', '/app', '.']);
  });

  it('reads exec form too, where nothing can be inserted', () => {
    expect(
      built(
        dockerfile(
          'FROM golang:1.22',
          'WORKDIR /w',
          'RUN ["go", "build", "-o", "bin/app", "."]',
          'FROM scratch',
        ),
      ),
    ).toEqual([{ verb: 'build', output: '/w/bin/app', stage: 0, site: 'exec' }]);
  });

  it('leaves out go run at build time, other go subcommands, and go as an argument', () => {
    expect(
      goCommands(
        dockerfile(
          'FROM golang:1.22',
          'RUN go run ./gen',
          'RUN ["go", "run", "./gen"]',
          'RUN go vet ./... && go test ./...',
          'RUN echo go build',
          'RUN go',
          'RUN ["go"]',
          'RUN ["echo", "build"]',
        ),
      ),
    ).toEqual([]);
  });

  it('reads go run in CMD or ENTRYPOINT: the packages or files, and the program arguments', () => {
    const commands = goCommands(
      dockerfile(
        'FROM golang:1.22',
        'WORKDIR /src/svc',
        'CMD go run -tags dev ./cmd/x --port 80',
        'ENTRYPOINT go run main.go util.go -v extra.go',
        'CMD ["go", "run", "."]',
      ),
    );
    expect(
      commands.map(({ verb, packages, programArgs, output }) => ({ verb, packages, programArgs, output })),
    ).toEqual([
      { verb: 'run', packages: ['./cmd/x'], programArgs: ['--port', '80'], output: '/go/bin/x' },
      {
        verb: 'run',
        packages: ['main.go', 'util.go'],
        programArgs: ['-v', 'extra.go'],
        output: '/go/bin/main',
      },
      { verb: 'run', packages: ['.'], programArgs: [], output: '/go/bin/svc' },
    ]);
  });
});

describe('binaryName and findGoCommands: edges', () => {
  it('skips a major version of any length, and only a whole one', () => {
    expect(binaryName('example.com/tool/v100', 'x')).toBe('tool');
    expect(binaryName('example.com/tool/v10x', 'x')).toBe('v10x');
    expect(binaryName('example.com/tool/xv10', 'x')).toBe('xv10');
  });

  it('reads past a command that only sets variables, and gives go build no program arguments', () => {
    const [command] = goCommands(dockerfile('FROM golang:1.22', 'RUN X=1 && go build -o /app .'));
    expect([command?.verb, command?.output, command?.programArgs, command?.packages]).toEqual([
      'build',
      '/app',
      [],
      ['.'],
    ]);
  });
});
