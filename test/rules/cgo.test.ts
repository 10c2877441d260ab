/** GMC101 cgo (src/core/convert/rules/cgo.ts): what it catches and what it does not. */
import { describe, expect, it } from '@jest/globals';
import { dockerfile, multiStage, ruleCatches, ruleCatchesNot } from './helpers.js';

describe('GMC101 cgo', () => {
  it('catches CGO_ENABLED=1 in ENV', () => {
    const text = dockerfile(
      'FROM golang:1.22 AS build',
      'ENV CGO_ENABLED=1',
      'RUN go build -o /app .',
      'FROM alpine',
      'COPY --from=build /app /app',
    );
    expect(ruleCatches('GMC101', text).refusals[0]).toMatchObject({ code: 'GMC101', line: 2 });
  });

  it('catches C toolchain packages, CGO_ENABLED=1 on the command and -linkmode external, all at once', () => {
    const text = dockerfile(
      'FROM golang:1.22-alpine AS build',
      'RUN apk add --no-cache gcc musl-dev',
      'RUN CGO_ENABLED=1 go build -ldflags "-linkmode external" -o /app .',
      'FROM alpine',
      'COPY --from=build /app /app',
    );
    const result = ruleCatches('GMC101', text);
    expect(result.refusals.map((refusal) => [refusal.code, refusal.line])).toEqual([
      ['GMC101', 2],
      ['GMC101', 3],
      ['GMC101', 3],
    ]);
    expect(result.refusals[0]?.message).toMatch(/^cgo is needed: line 2 installs gcc, musl-dev;/);
  });

  it('catches an import "C" found in the build context', () => {
    const result = ruleCatches('GMC101', multiStage('CMD ["/app"]'), { cgoImportIn: 'db/sqlite.go' });
    expect(result.reason).toMatch(/^cgo is needed: db\/sqlite\.go has import "C"/);
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
    expect(refusals('RUN go build -ldflags=-linkmode=external -o /app .')).toEqual([
      { code: 'GMC101', line: 2, message: `cgo is needed: line 2 links with -linkmode external; ${WHY}` },
    ]);
  });

  it('reads -linkmode external in --ldflags, or as a go build flag of its own', () => {
    expect(refusals("RUN go build --ldflags '-s -linkmode external' -o /app .").map((r) => r.line)).toEqual([
      2,
    ]);
    expect(refusals('RUN go build -linkmode=external -o /app .').map((r) => r.line)).toEqual([2]);
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

describe('GMC101 cgo: every C package is evidence', () => {
  it('refuses the install of each C toolchain or C library package', () => {
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
      'sqlite-libs',
      'libsqlite3-0',
      'libc6-compat',
      'gcompat',
      'libgcc',
      'libstdc++',
    ]) {
      const result = ruleCatches(
        'GMC101',
        dockerfile(
          'FROM golang:1.22 AS build',
          `RUN apk add ${pkg}`,
          'RUN go build -o /app .',
          'FROM alpine',
          'COPY --from=build /app /app',
        ),
      );
      expect(result.refusals[0]?.message).toMatch(
        new RegExp(`^cgo is needed: line 2 installs ${pkg.replace(/\+/g, '\\+')};`),
      );
    }
  });
});
