/**
 * The build-context scan for cgo: every Go file a Linux build compiles is
 * looked at however many there are (build constraints, `_GOOS` names, vendor/
 * and testdata/ as Go treats them, or as go list says), links are not
 * followed, and what cannot be read is named in the conversion's warnings
 * instead of stopping it.
 */
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { scanBuildContext } from '../src/core/convert/io/context-scan.js';
import { fixtureContext, fixtures, type Fixture } from './helpers/fixtures.js';
import { requireTool } from './helpers/tools.js';
import { callUnprivileged, openToAll, valueOf } from './helpers/unprivileged.js';

const CGO = 'package db\n\n// #include <sqlite3.h>\nimport "C"\n';
const PLAIN = 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hi") }\n';

let root: string;
const lockedDuringTest: string[] = [];
beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'gmc-build-context-'));
  openToAll(root);
});
afterEach(() => {
  // Unlocked first: a non-root user could not remove a folder with mode 000.
  for (const locked of lockedDuringTest.splice(0)) chmodSync(locked, 0o755);
  rmSync(root, { recursive: true, force: true });
});

function write(relative: string, text: string): void {
  const full = path.join(root, relative);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, text);
}

function lock(relative: string, mode: number): void {
  const full = path.join(root, relative);
  chmodSync(full, mode);
  lockedDuringTest.push(full);
}

/** The scan of `root` with only the parts a test asserts: the signs, by file:line. */
function scan(dir: string, useGo = false) {
  const { cgo, unreadable } = scanBuildContext(dir, { useGo });
  return {
    uses: cgo.uses.map(({ file, line, what }) => `${file}:${line} ${what}`),
    gated: cgo.gated.map(({ file, line, what, twin }) => `${file}:${line} ${what} (twin ${twin ?? 'none'})`),
    unimported: cgo.unimported.map(({ file, line, what }) => `${file}:${line} ${what}`),
    goFiles: cgo.goFiles,
    unreadable,
  };
}

const NOTHING = { uses: [], gated: [], unimported: [], unreadable: [] };

describe('scanBuildContext', () => {
  it('ignores tests, testdata, vendor, dependencies, VCS data, _ and . folders and symbolic links', () => {
    write('ctx/main.go', PLAIN);
    write('ctx/pkg/db_test.go', CGO);
    write('ctx/testdata/cgo.go', CGO);
    write('ctx/vendor/github.com/acme/sqlite/cgo.go', CGO);
    write('ctx/node_modules/dep/cgo.go', CGO);
    write('ctx/.git/cgo.go', CGO);
    write('ctx/_attic/cgo.go', CGO);
    write('ctx/.cache/cgo.go', CGO);
    // Outside the context: a link to it is not part of what docker build sends.
    write('outside/cgo.go', CGO);
    symlinkSync('../outside', path.join(root, 'ctx/linked'));
    symlinkSync('../outside/cgo.go', path.join(root, 'ctx/linked.go'));

    expect(scan(path.join(root, 'ctx'))).toEqual({ ...NOTHING, goFiles: 1 });
  });

  it('names every compiled Go file that imports "C", in name order, with its line', () => {
    write('main.go', PLAIN);
    write('internal/b/cgo.go', CGO);
    write('internal/a/sqlite.go', `package a\n\nimport (\n\t"fmt"\n\t"C"\n)\n`);

    expect(scan(root).uses).toEqual(['internal/a/sqlite.go:5 import "C"', 'internal/b/cgo.go:4 import "C"']);
  });

  it('leaves out what a linux build does not compile: ignore tags, other systems, _ and . files', () => {
    write('main.go', PLAIN);
    write('ignored.go', `//go:build ignore\n\n${CGO}`);
    write('old_ignored.go', `// +build ignore\n\n${CGO}`);
    write('db_windows.go', CGO);
    write('db_darwin_arm64.go', CGO);
    write('db_other.go', `//go:build windows || darwin\n\n${CGO}`);
    write('old_other.go', `// +build windows,amd64 darwin\n\n${CGO}`);
    write('_draft.go', CGO);
    write('.hidden.go', CGO);
    write('db_linux.go', `//go:build linux && (amd64 || arm64)\n\npackage db\n\nimport "fmt"\n`);

    expect(scan(root)).toEqual({ ...NOTHING, goFiles: 2 });
  });

  it('takes a file built only with cgo on as gated, naming its pure-Go twin', () => {
    write('main.go', PLAIN);
    write('fast/fast_cgo.go', `//go:build cgo\n\n${CGO}`);
    write('fast/fast_nocgo.go', '//go:build !cgo\n\npackage db\n');
    write('old/old_cgo.go', `// +build cgo,linux\n\n${CGO}`);
    write('old/old.go', 'package db\n');

    expect(scan(root)).toEqual({
      ...NOTHING,
      gated: [
        'fast/fast_cgo.go:6 import "C" (twin fast/fast_nocgo.go)',
        'old/old_cgo.go:6 import "C" (twin none)',
      ],
      goFiles: 4,
    });
  });

  it("keeps cgo files behind a custom build tag aside, for the Dockerfile's -tags to decide", () => {
    write('main.go', PLAIN);
    write('db/sqlite.go', '//go:build sqlite\n\npackage db\n\nimport _ "github.com/mattn/go-sqlite3"\n');
    write('db/plain.go', 'package db\n\nimport "fmt"\n');
    write('db/sqlite_windows.go', `//go:build sqlite\n\n${CGO}`);

    const { cgo } = scanBuildContext(root, { useGo: false });
    expect(cgo.uses).toEqual([]);
    expect(cgo.tagged).toEqual([
      { file: 'db/sqlite.go', line: 5, what: 'imports github.com/mattn/go-sqlite3', constraint: 'sqlite' },
    ]);
  });

  it('has no file limit: finds the cgo file after 20,500 others', () => {
    for (let folder = 0; folder < 41; folder++) {
      const dir = path.join(root, `pkg${String(folder).padStart(3, '0')}`);
      mkdirSync(dir);
      for (let file = 0; file < 500; file++) writeFileSync(path.join(dir, `f${file}.go`), 'package p\n');
    }
    write('zz/cgo.go', CGO);

    expect(scan(root)).toEqual({ ...NOTHING, uses: ['zz/cgo.go:4 import "C"'], goFiles: 20_501 });
  });
});

describe('scanBuildContext and known cgo modules', () => {
  const GO_MOD =
    'module example.com/svc\n\ngo 1.22\n\nrequire (\n\tgithub.com/mattn/go-sqlite3 v1.14.22\n' +
    '\tgithub.com/confluentinc/confluent-kafka-go/v2 v2.3.0 // indirect\n\tgithub.com/h2non/bimg v1.1.9\n)\n';
  const USES_SQLITE =
    'package main\n\nimport (\n\t"database/sql"\n\n\t_ "github.com/mattn/go-sqlite3"\n)\n\nvar _ = sql.Open\n';

  it.each([false, true])(
    'an import, an indirect requirement, and a direct one no file imports (go list: %p)',
    (useGo) => {
      write('go.mod', GO_MOD);
      write('main.go', USES_SQLITE);
      const goMod = readFileSync(path.join(root, 'go.mod'), 'utf8');

      const found = scan(root, useGo);
      expect(found.uses).toEqual([
        'main.go:6 imports github.com/mattn/go-sqlite3, which links SQLite (libsqlite3, compiled in through cgo)',
        'go.mod:6 requires github.com/mattn/go-sqlite3',
        // Neither vendor/ nor the module cache holds the dependencies: whether one links it cannot be told.
        'go.mod:7 requires github.com/confluentinc/confluent-kafka-go/v2 (// indirect: a dependency may use it, which links librdkafka; the dependencies are not all in the module cache or vendor/, so go list -deps cannot tell: run go mod download (or go mod vendor) in the build context, then convert again to decide)',
      ]);
      expect(found.unimported).toEqual([
        'go.mod:8 requires github.com/h2non/bimg (cgo, libvips), but no compiled file imports it',
      ]);
      // go list runs offline and read-only: go.mod stays as it was, and no go.sum appears.
      expect(readFileSync(path.join(root, 'go.mod'), 'utf8')).toBe(goMod);
      expect(existsSync(path.join(root, 'go.sum'))).toBe(false);
    },
  );

  it('an indirect cgo module that go list -deps, with every dependency vendored, finds unlinked is no evidence', () => {
    requireTool('go', 'go list -deps tells which modules the build links', ['version']);
    write(
      'go.mod',
      'module example.com/svc\n\ngo 1.22\n\nrequire (\n\texample.com/dep v1.0.0\n\tgithub.com/confluentinc/confluent-kafka-go/v2 v2.3.0 // indirect\n)\n',
    );
    write('main.go', 'package main\n\nimport "example.com/dep"\n\nfunc main() { dep.Hello() }\n');
    write('vendor/example.com/dep/dep.go', 'package dep\n\nfunc Hello() {}\n');
    write(
      'vendor/modules.txt',
      '# example.com/dep v1.0.0\n## explicit; go 1.22\nexample.com/dep\n# github.com/confluentinc/confluent-kafka-go/v2 v2.3.0\n## explicit; go 1.21\n',
    );
    const found = scan(root, true);
    expect(found.uses).toEqual([]);
    expect(found.unimported).toEqual([
      'go.mod:7 requires github.com/confluentinc/confluent-kafka-go/v2 (cgo, librdkafka) // indirect, but go list -deps finds no package of it in the build',
    ]);
    // Without go list, the same file cannot be decided.
    expect(scan(root, false).uses).toEqual([
      expect.stringContaining('go list -deps cannot tell: run go mod download'),
    ]);
  });

  it('a vendored copy of a cgo package that nothing imports is no evidence', () => {
    write('go.mod', 'module example.com/svc\n\ngo 1.22\n');
    write('main.go', PLAIN);
    write('vendor/github.com/mattn/go-sqlite3/sqlite3.go', CGO);

    expect(scan(root).uses).toEqual([]);
  });
});

describe('scanBuildContext with go list', () => {
  beforeEach(() => requireTool('go', 'go list decides which files a Linux build compiles', ['version']));

  it('says which files go list found compiled, and agrees with the constraints read here', () => {
    write('go.mod', 'module example.com/svc\n\ngo 1.22\n');
    write('main.go', PLAIN);
    write('db/db_cgo.go', `//go:build cgo\n\n${CGO}`);
    write('db/db_nocgo.go', '//go:build !cgo\n\npackage db\n');
    write('db/db_windows.go', CGO);
    write('db/legacy.go', `// +build ignore\n\n${CGO}`);
    write('native/native.go', CGO);

    const { cgo } = scanBuildContext(root, { useGo: true });
    expect(cgo.via).toBe('go list');
    const expected = {
      ...NOTHING,
      uses: ['native/native.go:4 import "C"'],
      gated: ['db/db_cgo.go:6 import "C" (twin db/db_nocgo.go)'],
      goFiles: 3,
    };
    expect(scan(root, true)).toEqual(expected);
    expect(scan(root, false)).toEqual(expected);
  });

  /** A module with one vendored dependency, example.com/legacy/clib, whose files are `clib`. */
  function vendored(clib: Record<string, string>, main: string): void {
    write('go.mod', 'module example.com/svc\n\ngo 1.22\n\nrequire example.com/legacy/clib v0.1.0\n');
    write('vendor/modules.txt', '# example.com/legacy/clib v0.1.0\n## explicit\nexample.com/legacy/clib\n');
    for (const [name, text] of Object.entries(clib)) write(`vendor/example.com/legacy/clib/${name}`, text);
    write('main.go', main);
  }
  const IMPORTS_CLIB = 'package main\n\nimport "example.com/legacy/clib"\n\nfunc main() { clib.Do() }\n';

  it('finds import "C" in a dependency the build compiles, vendored or in the module cache', () => {
    vendored({ 'clib.go': `${CGO.replace('package db', 'package clib')}\nfunc Do() {}\n` }, IMPORTS_CLIB);

    expect(scan(root, true).uses).toEqual([
      'vendor/example.com/legacy/clib/clib.go:4 has import "C", in example.com/legacy/clib, a dependency the build compiles',
    ]);
    // Without go list, vendor/ is not looked into: only known cgo modules are recognised by their import path.
    expect(scan(root, false).uses).toEqual([]);
  });

  it('takes no dependency whose cgo is behind a cgo constraint, nor one only a build tag imports', () => {
    vendored(
      {
        'c.go': `//go:build cgo\n\n${CGO.replace('package db', 'package clib')}\nfunc Do() {}\n`,
        'pure.go': '//go:build !cgo\n\npackage clib\n\nfunc Do() {}\n',
      },
      IMPORTS_CLIB,
    );
    expect(scan(root, true).uses).toEqual([]);

    rmSync(path.join(root, 'vendor/example.com/legacy/clib/pure.go'));
    write(
      'vendor/example.com/legacy/clib/c.go',
      `${CGO.replace('package db', 'package clib')}\nfunc Do() {}\n`,
    );
    write('main.go', PLAIN);
    write('tools.go', '//go:build tools\n\npackage main\n\nimport _ "example.com/legacy/clib"\n');
    expect(scan(root, true).uses).toEqual([]);
  });

  it('falls back to the file scan without a go.mod', () => {
    write('main.go', PLAIN);
    expect(scanBuildContext(root, { useGo: true }).cgo.via).toBe('file scan');
  });
});

describe('scanBuildContext without permissions (run as an unprivileged user)', () => {
  const scanAsNobody = (dir: string) =>
    valueOf(callUnprivileged('core/convert/io/context-scan.js', 'scanBuildContext', [dir])) as {
      cgo: { uses: Array<{ file: string; line: number }> };
      unreadable: Array<{ path: string; reason: string }>;
    };

  it('records an unreadable folder and file, and goes on', () => {
    write('locked.go', CGO);
    write('internal/secret/cgo.go', CGO);
    write('internal/zz/cgo.go', CGO);
    lock('locked.go', 0o000);
    lock('internal/secret', 0o000);

    const found = scanAsNobody(root);
    expect(found.cgo.uses.map(({ file, line }) => `${file}:${line}`)).toEqual(['internal/zz/cgo.go:4']);
    expect(found.unreadable).toEqual([
      { path: 'locked.go', reason: 'permission denied' },
      { path: 'internal/secret', reason: 'permission denied' },
    ]);
  });

  it('records the context folder itself as . when it cannot be listed', () => {
    write('main.go', PLAIN);
    lock('.', 0o311);

    const found = scanAsNobody(root);
    expect(found.cgo.uses).toEqual([]);
    expect(found.unreadable).toEqual([{ path: '.', reason: 'permission denied' }]);
  });
});

describe('convertFile warns about what the scan could not read', () => {
  const fixture = fixtures().find((candidate) => candidate.name === 'multi-alpine-basic') as Fixture;
  const convertAsNobody = (dockerfile: string) =>
    valueOf(callUnprivileged('core/convert/io/files.js', 'convertFile', [dockerfile, 'scratch'])) as {
      result: { status: string; warnings: Array<{ code: string; line?: number; message: string }> };
    };

  it('one warning per unreadable path, on a converted file', () => {
    const context = fixtureContext(fixture, path.join(root, 'svc'));
    write('svc/internal/secret/cgo.go', CGO);
    lock('svc/internal/secret', 0o000);

    const { result } = convertAsNobody(path.join(context, 'Dockerfile'));
    expect(result.status).toBe('converted');
    expect(result.warnings).toEqual([
      {
        code: 'GMC005',
        message: 'could not read internal/secret (permission denied): an import "C" in it would not be seen',
      },
    ]);
  });

  it('a context folder it cannot list is one warning about .', () => {
    const context = fixtureContext(fixture, path.join(root, 'svc'));
    lock('svc', 0o311);

    const { result } = convertAsNobody(path.join(context, 'Dockerfile'));
    expect(result.status).toBe('converted');
    expect(result.warnings).toEqual([
      {
        code: 'GMC005',
        message: 'could not read . (permission denied): an import "C" in it would not be seen',
      },
    ]);
  });
});
