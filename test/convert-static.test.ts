/**
 * Static for real, over the fixtures: cgo is decided from the files a Linux
 * build compiles, a C toolchain alone is no refusal, and the flags that make
 * a binary dynamic are removed when nothing needs cgo. Each fixture is
 * converted in its full build context, as test/convert.test.ts does.
 */
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { convertFile } from '../src/core/convert/io/files.js';
import type { ConversionResult } from '../src/core/convert/convert.js';
import { fixtureContext, fixtures } from './helpers/fixtures.js';
import { tempDir } from './helpers/run.js';

const results = new Map<string, ConversionResult>();
function resultOf(name: string): ConversionResult {
  let result = results.get(name);
  if (!result) {
    const fixture = fixtures().find((candidate) => candidate.name === name);
    if (!fixture) throw new Error(`no fixture ${name}`);
    const context = fixtureContext(fixture, path.join(tempDir(name), 'context'));
    result = convertFile(path.join(context, 'Dockerfile'), fixture.strategy).result;
    results.set(name, result);
  }
  return result;
}

function outputOf(name: string): string {
  const { output, reason } = resultOf(name);
  if (output === undefined) throw new Error(`${name} was not converted: ${reason}`);
  return output;
}

describe('what the conversion decides about cgo and static linking', () => {
  it('converts a pure Go program whatever C toolchain the builder installs, with a warning', () => {
    for (const [name, line, packages] of [
      ['multi-alpine-gcc-pure-go', 3, 'gcc, musl-dev'],
      ['multi-alpine-build-base-git', 2, 'build-base'],
    ] as const) {
      const result = resultOf(name);
      expect(result.status).toBe('converted');
      expect(result.warnings).toContainEqual({
        code: 'GMC101',
        line,
        message: `installs ${packages}: no Go file the build compiles needs cgo (1 Go file checked), so the build is made static (CGO_ENABLED=0) and the Go build no longer needs them`,
      });
    }
  });

  it('removes -buildmode=pie (flag and GOFLAGS) and -linkmode external, keeping the other flags', () => {
    expect(outputOf('multi-pie-buildmode-flag')).toContain(
      'RUN CGO_ENABLED=0 GOOS=linux go build -trimpath -ldflags "-s -w" -o /usr/local/bin/server .\n',
    );
    expect(outputOf('multi-pie-goflags-env')).toContain('ENV GOFLAGS="-trimpath" \\\n    GOPROXY=');
    expect(outputOf('multi-debian-linkmode-external')).toContain(
      'RUN CGO_ENABLED=0 GOOS=linux go build -ldflags "-extldflags -static" -o /out/app .\n',
    );
    expect(outputOf('multi-ldflags-linkmode-static')).toContain(
      '      -ldflags="-extldflags=-static -X main.version=${VERSION}" \\\n',
    );
    const codes = (name: string) =>
      resultOf(name)
        .changes.filter((change) => change.code === 'GMC106')
        .map((change) => [change.line, change.what]);
    expect(codes('multi-pie-buildmode-flag')).toEqual([[7, 'removed -buildmode=pie from go build']]);
    expect(codes('multi-pie-goflags-env')).toEqual([[2, 'removed -buildmode=pie from GOFLAGS (ENV)']]);
    expect(codes('multi-ldflags-linkmode-static')).toEqual([[6, 'removed -linkmode external from -ldflags']]);
  });

  it('looks only at the files a linux build compiles: not vendor/, ignore tags, other systems', () => {
    for (const name of ['multi-vendor-cgo-tools', 'multi-cgo-file-ignored']) {
      const result = resultOf(name);
      expect(result.status).toBe('converted');
      expect(result.warnings).toEqual([]);
    }
  });

  it('converts a cgo file with a pure-Go twin, saying the twin is built', () => {
    expect(resultOf('multi-cgo-twin-fallback').warnings).toEqual([
      {
        code: 'GMC101',
        message:
          'seed_cgo.go:6 (import "C") is built only with cgo on (a cgo build constraint): the CGO_ENABLED=0 build leaves it out and compiles seed_nocgo.go instead',
      },
    ]);
  });

  it('refuses go-sqlite3 with every piece of evidence: the import, go.mod, and the C toolchain', () => {
    expect(
      resultOf('refuse-cgo-sqlite-module').refusals.map((refusal) => [
        refusal.line,
        refusal.message.split(' (')[0],
      ]),
    ).toEqual([
      [undefined, 'cgo is needed: store.go:6 imports github.com/mattn/go-sqlite3, which links SQLite'],
      [undefined, 'cgo is needed: go.mod:5 requires github.com/mattn/go-sqlite3'],
      [2, 'cgo, with the above: line 2 installs build-base to compile C'],
    ]);
  });

  it('refuses a cgo file behind a build tag that the go build gives, with the tag resolved from ARG', () => {
    expect(
      resultOf('refuse-cgo-sqlite-tag').refusals.map((refusal) => refusal.message.split(' (instead')[0]),
    ).toEqual([
      "cgo is needed: internal/store/sqlite.go:6 imports github.com/mattn/go-sqlite3, built by line 5's -tags sqlite,netgo",
    ]);
  });
});
