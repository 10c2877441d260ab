/**
 * contextCgo (src/core/convert/cgo/context-cgo.ts): what the build context's
 * Go files and go.mod say about cgo, from files a Linux build compiles, the
 * go.mod requirements and what go list -deps found linked.
 */
import { describe, expect, it } from '@jest/globals';
import { contextCgo, type ScannedFile, type ScannedFolder } from '../../src/core/convert/cgo/context-cgo.js';
import type { Requirement } from '../../src/core/go/go-mod.js';
import { parseGoSource } from '../../src/core/go/go-source.js';

const SQLITE = 'github.com/mattn/go-sqlite3';

function file(path: string, text: string): ScannedFile {
  return { ...parseGoSource(text), path, name: path.split('/').pop() ?? path };
}
/** A folder whose `built` files a Linux build compiles; the others are left out. */
const folder = (built: ScannedFile[], leftOut: ScannedFile[] = []): ScannedFolder => ({
  all: [...built, ...leftOut],
  built,
});
const requires = (path: string, indirect: boolean, line = 5): Requirement => ({
  path,
  version: 'v1.0.0',
  indirect,
  line,
});

describe('contextCgo', () => {
  it('reads import "C" and a known cgo module in the compiled files, and counts them', () => {
    const result = contextCgo(
      [
        folder([
          file('db/db.go', `package db\n\nimport (\n\t"C"\n\t_ "${SQLITE}"\n)\n`),
          file('main.go', 'package main\n'),
        ]),
      ],
      [],
      'go list',
    );
    expect(result.uses).toEqual([
      { file: 'db/db.go', line: 4, what: 'import "C"' },
      {
        file: 'db/db.go',
        line: 5,
        what: `imports ${SQLITE}, which links SQLite (libsqlite3, compiled in through cgo)`,
        instead: expect.arrayContaining([expect.stringMatching(/^modernc\.org\/sqlite/)]),
      },
    ]);
    expect(result).toMatchObject({ goFiles: 2, via: 'go list', gated: [], tagged: [], unimported: [] });
  });

  it('tells apart a file left out by a custom tag from one other systems build, and skips _ and . files', () => {
    const tagged = file('store/sqlite.go', `//go:build sqlite\n\npackage store\n\nimport _ "${SQLITE}"\n`);
    const windows = file('store/x_windows.go', `//go:build sqlite\n\npackage store\n\nimport "C"\n`);
    const hidden = file('store/_old.go', `//go:build sqlite\n\npackage store\n\nimport "C"\n`);
    const plain = file('store/plain.go', 'package store\n\nimport "C"\n');
    const result = contextCgo([folder([], [tagged, windows, hidden, plain])], [], 'file scan');
    expect(result.tagged).toEqual([
      { file: 'store/sqlite.go', line: 5, what: `imports ${SQLITE}`, constraint: 'sqlite' },
    ]);
    expect(result.uses).toEqual([]);
    expect(result.goFiles).toBe(0);
  });

  it('names the pure-Go twin of a file compiled only with cgo on', () => {
    const cgo = file('dns/cgo.go', '//go:build cgo\n\npackage dns\n\nimport "C"\n');
    const pure = file('dns/pure.go', '//go:build !cgo\n\npackage dns\n');
    expect(contextCgo([folder([cgo], [pure])], [], 'file scan').gated).toEqual([
      { file: 'dns/cgo.go', line: 5, what: 'import "C"', twin: 'dns/pure.go' },
    ]);
    expect(contextCgo([folder([cgo])], [], 'file scan').gated).toEqual([
      { file: 'dns/cgo.go', line: 5, what: 'import "C"', twin: undefined },
    ]);
  });

  it('reads each go.mod requirement of a known cgo module by what the build links', () => {
    const mods = (indirect: boolean) => [
      { file: 'go.mod', requires: [requires(SQLITE, indirect), requires('golang.org/x/text', false, 6)] },
    ];
    const imports = [folder([file('main.go', `package main\n\nimport _ "${SQLITE}"\n`)])];
    // Imported: the go.mod line is named too, to change it there.
    expect(contextCgo(imports, mods(false), 'go list').uses.map((use) => use.what)).toEqual([
      `imports ${SQLITE}, which links SQLite (libsqlite3, compiled in through cgo)`,
      `requires ${SQLITE}`,
    ]);
    // Required directly but imported by no compiled file.
    expect(contextCgo([], mods(false), 'go list')).toMatchObject({
      uses: [],
      unimported: [
        {
          file: 'go.mod',
          line: 5,
          what: `requires ${SQLITE} (cgo, SQLite (libsqlite3, compiled in through cgo)), but no compiled file imports it`,
        },
      ],
    });
    // // indirect: go list -deps, when it saw every package, says whether it is linked.
    const unlinked = contextCgo([], mods(true), 'go list', [], {
      complete: true,
      modules: new Set(['golang.org/x/text']),
    });
    expect(unlinked.uses).toEqual([]);
    expect(unlinked.unimported.map((use) => use.what)).toEqual([
      `requires ${SQLITE} (cgo, SQLite (libsqlite3, compiled in through cgo)) // indirect, but go list -deps finds no package of it in the build`,
    ]);
    const linked = contextCgo([], mods(true), 'go list', [], { complete: true, modules: new Set([SQLITE]) });
    expect(linked.unimported).toEqual([]);
    expect(linked.uses).toEqual([
      expect.objectContaining({
        file: 'go.mod',
        line: 5,
        what: expect.stringMatching(
          /^requires github\.com\/mattn\/go-sqlite3 \(\/\/ indirect: a dependency the build compiles uses it/,
        ),
      }),
    ]);
    // go list -deps could not see every package: say how to make it decidable.
    for (const partial of [undefined, { complete: false, modules: new Set<string>() }])
      expect(contextCgo([], mods(true), 'file scan', [], partial).uses.map((use) => use.what)).toEqual([
        expect.stringMatching(
          /\/\/ indirect: a dependency may use it, .*run go mod download \(or go mod vendor\) in the build context, then convert again to decide\)$/,
        ),
      ]);
  });

  it('names a dependency with import "C", once: not again when its module is named already', () => {
    const dependency = {
      importPath: 'example.com/lib/native',
      file: 'vendor/example.com/lib/native/n.go',
      line: 7,
    };
    expect(contextCgo([], [], 'go list', [dependency]).uses).toEqual([
      {
        file: dependency.file,
        line: 7,
        what: 'has import "C", in example.com/lib/native, a dependency the build compiles',
      },
    ]);
    const sqliteDependency = { importPath: SQLITE, file: `vendor/${SQLITE}/sqlite3.go`, line: 3 };
    expect(contextCgo([], [], 'go list', [sqliteDependency]).uses).toEqual([
      expect.objectContaining({
        what: `has import "C", in ${SQLITE}, a dependency the build compiles`,
        instead: expect.any(Array),
      }),
    ]);
    const importing = [folder([file('main.go', `package main\n\nimport _ "${SQLITE}"\n`)])];
    expect(contextCgo(importing, [], 'go list', [sqliteDependency]).uses).toHaveLength(1);
    const required = [{ file: 'go.mod', requires: [requires(SQLITE, true)] }];
    expect(contextCgo([], required, 'file scan', [sqliteDependency]).uses).toHaveLength(1);
  });
});
