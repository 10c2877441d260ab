/**
 * The build-context scan for `import "C"`: every Go file is looked at however
 * many there are, links are not followed, and what cannot be read is named in
 * the conversion's warnings instead of stopping it.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { scanBuildContext } from '../src/core/convert/files.js';
import { fixtureContext, fixtures, type Fixture } from './helpers/fixtures.js';
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

describe('scanBuildContext', () => {
  it('ignores tests, testdata, dependencies, VCS data and symbolic links', () => {
    write('ctx/main.go', PLAIN);
    write('ctx/pkg/db_test.go', CGO);
    write('ctx/testdata/cgo.go', CGO);
    write('ctx/node_modules/dep/cgo.go', CGO);
    write('ctx/.git/cgo.go', CGO);
    // Outside the context: a link to it is not part of what docker build sends.
    write('outside/cgo.go', CGO);
    symlinkSync('../outside', path.join(root, 'ctx/linked'));
    symlinkSync('../outside/cgo.go', path.join(root, 'ctx/linked.go'));

    expect(scanBuildContext(path.join(root, 'ctx'))).toEqual({ unreadable: [] });
  });

  it('names the first Go file, in name order, that imports "C"', () => {
    write('main.go', PLAIN);
    write('internal/b/cgo.go', CGO);
    write('internal/a/sqlite.go', CGO);

    expect(scanBuildContext(root)).toEqual({ cgoImportIn: 'internal/a/sqlite.go', unreadable: [] });
  });

  it('has no file limit: finds the cgo file after 20,500 others', () => {
    for (let folder = 0; folder < 41; folder++) {
      const dir = path.join(root, `pkg${String(folder).padStart(3, '0')}`);
      mkdirSync(dir);
      for (let file = 0; file < 500; file++) writeFileSync(path.join(dir, `f${file}.go`), 'package p\n');
    }
    write('zz/cgo.go', CGO);

    expect(scanBuildContext(root)).toEqual({ cgoImportIn: 'zz/cgo.go', unreadable: [] });
  });
});

describe('scanBuildContext without permissions (run as an unprivileged user)', () => {
  const scan = (dir: string) => valueOf(callUnprivileged('core/convert/files.js', 'scanBuildContext', [dir]));

  it('records an unreadable folder and file, and goes on', () => {
    write('locked.go', CGO);
    write('internal/secret/cgo.go', CGO);
    write('internal/zz/cgo.go', CGO);
    lock('locked.go', 0o000);
    lock('internal/secret', 0o000);

    expect(scan(root)).toEqual({
      cgoImportIn: 'internal/zz/cgo.go',
      unreadable: [
        { path: 'locked.go', reason: 'permission denied' },
        { path: 'internal/secret', reason: 'permission denied' },
      ],
    });
  });

  it('records the context folder itself as . when it cannot be listed', () => {
    write('main.go', PLAIN);
    lock('.', 0o311);

    expect(scan(root)).toEqual({ unreadable: [{ path: '.', reason: 'permission denied' }] });
  });
});

describe('convertFile warns about what the scan could not read', () => {
  const fixture = fixtures().find((candidate) => candidate.name === 'multi-alpine-basic') as Fixture;
  const convertAsNobody = (dockerfile: string) =>
    valueOf(callUnprivileged('core/convert/files.js', 'convertFile', [dockerfile, 'scratch'])) as {
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
