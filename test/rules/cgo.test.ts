/** GMC101 cgo (src/core/convert/rules/cgo.ts): what it catches and what it does not. */
import { describe, expect, it } from '@jest/globals';
import type { ContextCgo } from '../../src/core/convert/cgo/context-cgo.js';
import { dockerfile, multiStage, ruleCatches, ruleCatchesNot } from './helpers.js';

/** What the build-context scan would have found: nothing, unless given. */
function context(found: Partial<ContextCgo>): ContextCgo {
  return { uses: [], gated: [], tagged: [], unimported: [], goFiles: 3, via: 'file scan', ...found };
}

const WITH_TOOLCHAIN = dockerfile(
  'FROM golang:1.22-alpine AS build',
  'RUN apk add --no-cache build-base gcc musl-dev make',
  'WORKDIR /src',
  'COPY . .',
  'RUN go build -o /out/app .',
  'FROM alpine:3.19',
  'COPY --from=build /out/app /app',
  'CMD ["/app"]',
);

describe('GMC101 cgo', () => {
  it('catches CGO_ENABLED=1 in ENV', () => {
    const text = dockerfile(
      'FROM golang:1.22 AS build',
      'ENV CGO_ENABLED=1',
      'RUN go build -o /app .',
      'FROM alpine',
      'COPY --from=build /app /app',
    );
    expect(ruleCatches('GMC101', text).refusals).toEqual([
      {
        code: 'GMC101',
        line: 2,
        message: expect.stringMatching(
          /^cgo is needed: line 2 sets CGO_ENABLED=1; a scratch image has no C library/,
        ),
      },
    ]);
  });

  it('lists a C toolchain and -linkmode external with CGO_ENABLED=1 on the command, all at once', () => {
    const text = dockerfile(
      'FROM golang:1.22-alpine AS build',
      'RUN apk add --no-cache gcc musl-dev',
      'RUN CGO_ENABLED=1 go build -ldflags "-linkmode external" -o /app .',
      'FROM alpine',
      'COPY --from=build /app /app',
    );
    const result = ruleCatches('GMC101', text);
    expect(
      result.refusals.map((refusal) => [refusal.code, refusal.line, refusal.message.split(';')[0]]),
    ).toEqual([
      ['GMC101', 3, 'cgo is needed: line 3 builds with CGO_ENABLED=1'],
      ['GMC101', 2, 'cgo, with the above: line 2 installs gcc, musl-dev to compile C'],
      ['GMC101', 3, 'cgo, with the above: line 3 links with -linkmode external, which needs cgo'],
    ]);
  });

  it('catches every import "C" and known cgo module of the build context, with file:line', () => {
    const result = ruleCatches('GMC101', WITH_TOOLCHAIN, {
      contextCgo: context({
        uses: [
          { file: 'db/sqlite.go', line: 7, what: 'import "C"' },
          {
            file: 'main.go',
            line: 5,
            what: 'imports github.com/mattn/go-sqlite3, which links SQLite',
            instead: ['modernc.org/sqlite', 'github.com/ncruces/go-sqlite3'],
          },
          { file: 'go.mod', line: 6, what: 'requires github.com/mattn/go-sqlite3' },
        ],
      }),
    });
    expect(result.refusals.map((refusal) => [refusal.line, refusal.message.split(';')[0]])).toEqual([
      [undefined, 'cgo is needed: db/sqlite.go:7 has import "C"'],
      [
        undefined,
        'cgo is needed: main.go:5 imports github.com/mattn/go-sqlite3, which links SQLite (instead: modernc.org/sqlite',
      ],
      [undefined, 'cgo is needed: go.mod:6 requires github.com/mattn/go-sqlite3'],
      [2, 'cgo, with the above: line 2 installs build-base, gcc, musl-dev to compile C'],
    ]);
  });

  it('catches C libraries installed for the binary to load', () => {
    const result = ruleCatches('GMC101', multiStage('RUN apk add --no-cache sqlite-libs', 'CMD ["/app"]'));
    expect(result.reason).toMatch(
      /^cgo is needed: line 6 installs sqlite-libs, C libraries a cgo binary loads;/,
    );
  });

  it('does not catch a pure Go build, or CGO_ENABLED=0', () => {
    ruleCatchesNot('GMC101', multiStage('CMD ["/app"]'));
    ruleCatchesNot(
      'GMC101',
      dockerfile(
        'FROM golang:1.22 AS build',
        'ENV CGO_ENABLED=0',
        'RUN go build -o /app .',
        'FROM alpine',
        'COPY --from=build /app /app',
      ),
    );
  });

  it('does not refuse a C toolchain alone: it converts, and warns the Go build no longer needs it', () => {
    const result = ruleCatches('GMC101', WITH_TOOLCHAIN, { contextCgo: context({ via: 'go list' }) });
    expect(result.status).toBe('converted');
    expect(result.warnings).toEqual([
      {
        code: 'GMC101',
        line: 2,
        message:
          'installs build-base, gcc, musl-dev: no Go file the build compiles needs cgo (3 Go files checked), ' +
          'so the build is made static (CGO_ENABLED=0) and the Go build no longer needs them',
      },
    ]);
    expect(result.output).toContain('RUN CGO_ENABLED=0 GOOS=linux go build -o /out/app .');
  });

  it('warns that nothing could be checked when the context holds no Go file', () => {
    const result = ruleCatches('GMC101', WITH_TOOLCHAIN, { contextCgo: context({ goFiles: 0 }) });
    expect(result.status).toBe('converted');
    expect(result.warnings[0]?.message).toMatch(
      /^installs build-base, gcc, musl-dev: the build context holds no Go file/,
    );
  });

  it('catches a cgo file behind a custom build tag that a go build gives with -tags (or GOFLAGS)', () => {
    const tagged = context({
      tagged: [
        { file: 'db/sqlite.go', line: 6, what: 'imports github.com/mattn/go-sqlite3', constraint: 'sqlite' },
        { file: 'db/fast.go', line: 4, what: 'import "C"', constraint: 'sqlite && cgo' },
        { file: 'gen.go', line: 5, what: 'import "C"', constraint: 'ignore' },
      ],
    });
    const build = (command: string, ...before: string[]) =>
      dockerfile(
        'FROM golang:1.22 AS build',
        ...before,
        `RUN ${command}`,
        'FROM alpine',
        'COPY --from=build /app /app',
      );
    expect(
      ruleCatches('GMC101', build('go build -tags "sqlite netgo" -o /app .'), {
        contextCgo: tagged,
      }).refusals.map((refusal) => refusal.message.split(' (pure Go')[0]),
    ).toEqual([
      "cgo is needed: db/sqlite.go:6 imports github.com/mattn/go-sqlite3, built by line 2's -tags sqlite,netgo (instead: modernc.org/sqlite",
    ]);
    expect(
      ruleCatches('GMC101', build('go build -o /app .', 'ENV GOFLAGS="-trimpath -tags=sqlite"'), {
        contextCgo: tagged,
      }).reason,
    ).toMatch(
      /^cgo is needed: db\/sqlite\.go:6 imports github\.com\/mattn\/go-sqlite3, built by line 3's -tags sqlite \(instead: /,
    );
    // Without the tag the file is not built; `sqlite && cgo` is left out by the CGO_ENABLED=0 build.
    expect(
      ruleCatchesNot('GMC101', build('go build -tags netgo -o /app .'), { contextCgo: tagged }).status,
    ).toBe('converted');
  });

  it('converts with a warning a file built only with cgo on, naming its twin or its lack', () => {
    const result = ruleCatches('GMC101', multiStage('CMD ["/app"]'), {
      contextCgo: context({
        gated: [
          { file: 'db/fast_cgo.go', line: 6, what: 'import "C"', twin: 'db/fast_nocgo.go' },
          { file: 'img/vips.go', line: 4, what: 'imports github.com/h2non/bimg', twin: undefined },
        ],
        unimported: [
          {
            file: 'go.mod',
            line: 8,
            what: 'requires github.com/h2non/bimg (cgo, libvips), but no compiled file imports it',
          },
        ],
      }),
    });
    expect(result.status).toBe('converted');
    expect(result.warnings.map((warning) => warning.message)).toEqual([
      'db/fast_cgo.go:6 (import "C") is built only with cgo on (a cgo build constraint): the CGO_ENABLED=0 build leaves it out and compiles db/fast_nocgo.go instead',
      'img/vips.go:4 (imports github.com/h2non/bimg) is built only with cgo on (a cgo build constraint): the CGO_ENABLED=0 build leaves it out, and no file of its folder takes its place: the build may fail to compile',
      'go.mod:8 requires github.com/h2non/bimg (cgo, libvips), but no compiled file imports it: if a dependency uses it, it fails without cgo (go mod why -m says which)',
    ]);
  });
});

describe('GMC101 cgo: each piece of evidence, with its reason', () => {
  const WHY =
    'a scratch image has no C library, so a cgo binary fails there with "no such file or directory". ' +
    'Keep a runtime with libc (distroless/base or alpine), or remove the C dependency (for SQLite, a pure-Go driver such as modernc.org/sqlite) and build with CGO_ENABLED=0.';
  const refusals = (...build: string[]) =>
    ruleCatches(
      'GMC101',
      dockerfile('FROM golang:1.22 AS build', ...build, 'FROM alpine', 'COPY --from=build /app /app'),
    ).refusals;

  it('gives the line and the whole reason for each', () => {
    expect(refusals('ENV CGO_ENABLED=1', 'RUN go build -o /app .')).toEqual([
      { code: 'GMC101', line: 2, message: `cgo is needed: line 2 sets CGO_ENABLED=1; ${WHY}` },
    ]);
    expect(refusals('RUN CGO_ENABLED=1 go build -o /app .')).toEqual([
      { code: 'GMC101', line: 2, message: `cgo is needed: line 2 builds with CGO_ENABLED=1; ${WHY}` },
    ]);
    expect(refusals('RUN export CGO_ENABLED=1 && go build -o /app .')).toEqual([
      { code: 'GMC101', line: 2, message: `cgo is needed: line 2 builds with CGO_ENABLED=1; ${WHY}` },
    ]);
    expect(refusals('ENV CGO_ENABLED=1', 'RUN go build -ldflags=-linkmode=external -o /app .')).toEqual([
      { code: 'GMC101', line: 2, message: `cgo is needed: line 2 sets CGO_ENABLED=1; ${WHY}` },
      {
        code: 'GMC101',
        line: 3,
        message: 'cgo, with the above: line 3 links with -linkmode external, which needs cgo',
      },
    ]);
  });

  it('reads -linkmode external in --ldflags as evidence next to other evidence, and not alone (GMC106 removes it)', () => {
    expect(
      refusals('ENV CGO_ENABLED=1', "RUN go build --ldflags '-s -linkmode external' -o /app .").map(
        (r) => r.line,
      ),
    ).toEqual([2, 3]);
    ruleCatchesNot(
      'GMC101',
      dockerfile(
        'FROM golang:1.22 AS build',
        "RUN go build --ldflags '-s -linkmode external' -o /app .",
        'FROM alpine',
        'COPY --from=build /app /app',
      ),
    );
  });

  it('does not take -linkmode in another flag, or export of something else, for cgo', () => {
    ruleCatchesNot(
      'GMC101',
      dockerfile(
        'FROM golang:1.22 AS build',
        "RUN go build -gcflags '-linkmode external' -o /app .",
        'RUN export GOFLAGS=-mod=mod && go build -o /app2 .',
        'RUN echo CGO_ENABLED=1',
        'FROM alpine',
        'COPY --from=build /app /app',
      ),
    );
  });
});

describe('GMC101 cgo: C packages', () => {
  const installing = (pkg: string) =>
    dockerfile(
      'FROM golang:1.22 AS build',
      `RUN apk add ${pkg}`,
      'RUN go build -o /app .',
      'FROM alpine',
      'COPY --from=build /app /app',
    );

  it('refuses the install of each C library a cgo binary loads', () => {
    for (const pkg of ['sqlite-libs', 'libsqlite3-0', 'libc6-compat', 'gcompat', 'libgcc', 'libstdc++']) {
      const result = ruleCatches('GMC101', installing(pkg));
      expect(result.refusals[0]?.message).toMatch(
        new RegExp(
          `^cgo is needed: line 2 installs ${pkg.replace(/\+/g, '\\+')}, C libraries a cgo binary loads;`,
        ),
      );
    }
  });

  it('only warns about each C toolchain package installed alone: many builders install them out of habit', () => {
    for (const pkg of [
      'gcc',
      'g++',
      'clang',
      'musl-dev',
      'build-base',
      'libc-dev',
      'libc6-dev',
      'sqlite',
      'sqlite-dev',
      'libsqlite3-dev',
      'sqlite3',
      'pkgconfig',
      'pkg-config',
      'pkgconf',
    ]) {
      const result = ruleCatches('GMC101', installing(pkg));
      expect({ pkg, status: result.status, warning: result.warnings[0]?.message }).toEqual({
        pkg,
        status: 'converted',
        warning: expect.stringMatching(new RegExp(`^installs ${pkg.replace(/\+/g, '\\+')}: `)),
      });
    }
  });
});

describe('GMC101 cgo: how the reasons read', () => {
  it('says why once, after the first reason', () => {
    const result = ruleCatches(
      'GMC101',
      dockerfile(
        'FROM golang:1.22 AS build',
        'ENV CGO_ENABLED=1',
        'RUN CGO_ENABLED=1 go build -o /app .',
        'FROM alpine',
        'COPY --from=build /app /app',
      ),
    );
    expect(result.refusals.map((refusal) => refusal.message)).toEqual([
      'cgo is needed: line 2 sets CGO_ENABLED=1; a scratch image has no C library, so a cgo binary fails there with "no such file or directory". ' +
        'Keep a runtime with libc (distroless/base or alpine), or remove the C dependency (for SQLite, a pure-Go driver such as modernc.org/sqlite) and build with CGO_ENABLED=0.',
      'cgo is needed: line 3 builds with CGO_ENABLED=1',
    ]);
  });

  it('counts the Go files it checked, one or none, in the warning about a C toolchain', () => {
    const warning = (goFiles: number) =>
      ruleCatches('GMC101', WITH_TOOLCHAIN, { contextCgo: context({ goFiles }) }).warnings[0]?.message;
    expect(warning(1)).toBe(
      'installs build-base, gcc, musl-dev: no Go file the build compiles needs cgo (1 Go file checked), ' +
        'so the build is made static (CGO_ENABLED=0) and the Go build no longer needs them',
    );
    expect(warning(0)).toBe(
      'installs build-base, gcc, musl-dev: the build context holds no Go file to check for cgo; the build is made static (CGO_ENABLED=0), ' +
        'so if the program it compiles needs cgo, the build or the program will fail',
    );
  });
});
