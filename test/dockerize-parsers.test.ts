/**
 * The readers under dockerize's inspection, one concept each: go.mod and
 * go.work, build constraints, a Go file's header, and the cgo verdict (the port guess
 * has its own file, dockerize-port.test.ts). Every expectation is written out by hand.
 */
import { describe, expect, it } from '@jest/globals';
import {
  constraintHolds,
  CONTAINER_TARGET,
  fileNameMatches,
  isBuiltFile,
} from '../src/core/go/build-constraints.js';
import { cgoRefusal, cgoVerdict } from '../src/core/dockerize/cgo.js';
import { builderGoVersion, parseGoMod, parseGoWork } from '../src/core/go/go-mod.js';
import { parseGoSource } from '../src/core/go/go-source.js';
import type { GoPackage } from '../src/core/go/packages.js';
import { embedUses } from '../src/core/dockerize/runtime-files.js';

describe('parseGoMod', () => {
  it('reads the module, go and toolchain lines and both forms of require, with // indirect', () => {
    const text = [
      '// Module comment',
      'module "github.com/acme/shop" // the shop',
      '',
      'go 1.23.0',
      '',
      'toolchain go1.26.3',
      '',
      'require github.com/google/uuid v1.6.0',
      '',
      'require (',
      '\tgithub.com/mattn/go-sqlite3 v1.14.22',
      '\tgolang.org/x/sys v0.30.0 // indirect',
      ')',
      '',
      'replace example.com/old => ../old',
    ].join('\n');
    expect(parseGoMod(text)).toEqual({
      module: 'github.com/acme/shop',
      go: '1.23.0',
      toolchain: '1.26.3',
      requires: [
        { path: 'github.com/google/uuid', version: 'v1.6.0', indirect: false, line: 8 },
        { path: 'github.com/mattn/go-sqlite3', version: 'v1.14.22', indirect: false, line: 11 },
        { path: 'golang.org/x/sys', version: 'v0.30.0', indirect: true, line: 12 },
      ],
    });
  });

  it('reads CRLF files and a module without go line', () => {
    expect(parseGoMod('module hello\r\n')).toEqual({
      module: 'hello',
      go: undefined,
      toolchain: undefined,
      requires: [],
    });
  });
});

describe('parseGoWork', () => {
  it('reads the use folders, one a line and in a block', () => {
    expect(
      parseGoWork('go 1.22\ntoolchain go1.26.1\n\nuse ./tools\nuse (\n\t./api\n\t./greeting // shared\n)\n'),
    ).toEqual({ go: '1.22', toolchain: '1.26.1', uses: ['./tools', './api', './greeting'] });
  });
});

describe('builderGoVersion', () => {
  it.each([
    [{ go: '1.23.0', toolchain: '1.26.3' }, '1.26.3'],
    [{ go: '1.22', toolchain: undefined }, '1.22'],
    [{ go: '1.24rc1', toolchain: undefined }, '1.24rc1'],
    [{ go: undefined, toolchain: undefined }, undefined],
    // Not Go versions: never an image tag (the fuzz suite found `go \` rendered as golang:\).
    [{ go: '1.22', toolchain: 'default' }, '1.22'],
    [{ go: '\\', toolchain: undefined }, undefined],
    [{ go: '1.22 && curl x', toolchain: undefined }, undefined],
    [{ go: '1.22"', toolchain: undefined }, undefined],
  ])('%p gives %p', (lines, expected) => {
    expect(builderGoVersion(lines)).toBe(expected);
  });
});

describe('build constraints for linux/amd64 with cgo', () => {
  it.each([
    ['linux', true],
    ['ignore', false],
    ['!windows', true],
    ['linux && (amd64 || arm64)', true],
    ['darwin || windows', false],
    ['unix && !cgo', false],
    ['cgo', true],
    ['go1.21', true],
    ['integration', false],
    ['linux &&', false],
    ['(linux', false],
  ])('%p holds: %p', (expression, expected) => {
    expect(constraintHolds(expression, CONTAINER_TARGET)).toBe(expected);
  });

  it.each([
    ['main.go', true],
    ['linux.go', true],
    ['poll_linux.go', true],
    ['poll_windows.go', false],
    ['asm_arm64.go', false],
    ['asm_linux_amd64.go', true],
    ['asm_linux_arm64.go', false],
    ['my_file_name.go', true],
  ])('file name %p matches: %p', (name, expected) => {
    expect(fileNameMatches(name, CONTAINER_TARGET)).toBe(expected);
  });

  it('leaves out tests, hidden files and constrained-out files', () => {
    expect(isBuiltFile('main_test.go', undefined, CONTAINER_TARGET)).toBe(false);
    expect(isBuiltFile('_scratch.go', undefined, CONTAINER_TARGET)).toBe(false);
    expect(isBuiltFile('.#main.go', undefined, CONTAINER_TARGET)).toBe(false);
    expect(isBuiltFile('gen.go', 'ignore', CONTAINER_TARGET)).toBe(false);
    expect(isBuiltFile('main.go', 'linux', CONTAINER_TARGET)).toBe(true);
  });
});

describe('parseGoSource', () => {
  it('reads the constraint, package, imports (grouped, named, blank) and embeds', () => {
    const source = parseGoSource(
      [
        '// Copyright 2024 Acme.',
        '',
        '//go:build linux',
        '',
        '/* Package main',
        '   is the server. import "C" here is a comment. */',
        'package main',
        '',
        'import "fmt"',
        'import (',
        '\tstdlog "log"',
        '\t_ "embed"',
        '\t. "strings"',
        ')',
        '',
        '//go:embed static/*.html "with space.txt"',
        '//go:embed all:web',
        'var files string',
        '',
        'var s = `import "C"`',
      ].join('\n'),
    );
    expect({ ...source, codeLines: undefined }).toEqual({
      packageName: 'main',
      constraint: 'linux',
      imports: [
        { path: 'fmt', line: 9 },
        { path: 'log', line: 11 },
        { path: 'embed', line: 12 },
        { path: 'strings', line: 13 },
      ],
      embeds: [
        { pattern: 'static/*.html', line: 16 },
        { pattern: 'with space.txt', line: 16 },
        { pattern: 'all:web', line: 17 },
      ],
      codeLines: undefined,
    });
    expect(source.codeLines[0]).toBe(' '.repeat('// Copyright 2024 Acme.'.length));
    expect(source.codeLines[19]).toBe('var s = `import "C"`');
  });

  it('takes import "C" after a cgo preamble, and no //go:build after the package clause', () => {
    const source = parseGoSource('package db\n\n//go:build ignore\n\n// #include <sqlite3.h>\nimport "C"\n');
    expect(source.constraint).toBeUndefined();
    expect(source.imports).toEqual([{ path: 'C', line: 6 }]);
  });

  it('reads old // +build lines as one expression when there is no //go:build line', () => {
    expect(parseGoSource('// +build linux,cgo darwin\n// +build !386\n\npackage x\n').constraint).toBe(
      '((linux && cgo) || (darwin)) && ((!386))',
    );
    expect(parseGoSource('//go:build linux\n// +build windows\n\npackage x\n').constraint).toBe('linux');
    expect(parseGoSource('package x\n\n// +build ignore\n').constraint).toBeUndefined();
  });

  it('has no package for a file without a package clause', () => {
    expect(parseGoSource('// just a comment\n').packageName).toBeUndefined();
  });
});

function file(path: string, text: string) {
  return { ...parseGoSource(text), path };
}

function pkg(importPath: string, files: ReturnType<typeof file>[]): GoPackage {
  return { importPath, name: files[0]?.packageName ?? 'main', dir: '.', files };
}

describe('cgoVerdict', () => {
  it('does not count an import "C" gated on the cgo tag (its pure-Go twin builds with CGO_ENABLED=0)', () => {
    const verdict = cgoVerdict(
      [
        pkg('example.com/x', [
          file('fast.go', '//go:build cgo\n\npackage x\n\nimport "C"\n'),
          file('slow.go', '//go:build !cgo\n\npackage x\n'),
        ]),
      ],
      [],
    );
    expect(verdict).toEqual({
      required: false,
      uses: [],
      optional: [{ file: 'fast.go', line: 5 }],
      notes: [],
    });
  });

  it('refuses an indirect known cgo module, and only notes a direct one this main does not import', () => {
    const main = pkg('example.com/x', [file('main.go', 'package main\n\nimport "fmt"\n')]);
    const verdict = cgoVerdict(
      [main],
      [
        { path: 'github.com/mattn/go-sqlite3', version: 'v1.14.22', indirect: false, line: 5 },
        { path: 'github.com/confluentinc/confluent-kafka-go/v2', version: 'v2.3.0', indirect: true, line: 9 },
      ],
    );
    expect(verdict.required).toBe(true);
    expect(verdict.uses.map((use) => `${use.at.file}:${use.at.line} ${use.library}`)).toEqual([
      'go.mod:9 librdkafka',
    ]);
    expect(verdict.notes).toEqual([
      'go.mod requires github.com/mattn/go-sqlite3 (cgo, SQLite (libsqlite3, compiled in through cgo)), but this main package does not import it',
    ]);
  });

  it.each([
    [
      'go list -deps saw the whole build, and no package of it',
      { complete: true, modules: new Set(['example.com/dep']) },
      [],
      [
        "go.mod requires github.com/confluentinc/confluent-kafka-go/v2 (cgo, librdkafka) // indirect, but go list -deps finds no package of it in this main's build",
      ],
    ],
    [
      'go list -deps saw the whole build, and a package of it',
      { complete: true, modules: new Set(['github.com/confluentinc/confluent-kafka-go/v2']) },
      [
        'go.mod:9 github.com/confluentinc/confluent-kafka-go/v2 (// indirect: a dependency this main compiles uses it; go mod why -m github.com/confluentinc/confluent-kafka-go/v2 says which)',
      ],
      [],
    ],
    [
      'go list -deps could not find every dependency',
      { complete: false, modules: new Set<string>() },
      [
        'go.mod:9 github.com/confluentinc/confluent-kafka-go/v2 (// indirect: a dependency may use it; the dependencies are not all in the module cache or vendor/, so go list -deps cannot tell: run go mod download (or go mod vendor), then rerun to decide)',
      ],
      [],
    ],
  ])('an indirect known cgo module when %s', (_, linked, uses, notes) => {
    const main = pkg('example.com/x', [file('main.go', 'package main\n\nimport "example.com/dep"\n')]);
    const verdict = cgoVerdict(
      [main],
      [{ path: 'github.com/confluentinc/confluent-kafka-go/v2', version: 'v2.3.0', indirect: true, line: 9 }],
      linked,
    );
    expect(verdict.uses.map((use) => `${use.at.file}:${use.at.line} ${use.what}`)).toEqual(uses);
    expect(verdict.notes).toEqual(notes);
    expect(verdict.required).toBe(uses.length > 0);
  });

  it('names gopacket/pcap, not the rest of gopacket, and says what to use instead', () => {
    const main = pkg('example.com/x', [
      file(
        'main.go',
        'package main\n\nimport (\n\t"github.com/google/gopacket/layers"\n\t"github.com/google/gopacket/pcap"\n)\n',
      ),
    ]);
    const verdict = cgoVerdict(
      [main],
      [{ path: 'github.com/google/gopacket', version: 'v1.1.19', indirect: false, line: 3 }],
    );
    expect(cgoRefusal(verdict)).toBe(
      [
        'This program needs cgo, and a FROM scratch image has no C library to run it:',
        '  main.go:5: github.com/google/gopacket/pcap (links libpcap)',
        '    instead: github.com/google/gopacket/pcapgo (pure Go capture on Linux)',
        'Either do without cgo (the alternatives above; then rerun), or ship on a base with a C library',
        '(gcr.io/distroless/base-debian12, or alpine with the library installed) built with CGO_ENABLED=1:',
        'go-microcontainer builds every strategy with CGO_ENABLED=0, so it writes nothing for this program.',
      ].join('\n'),
    );
  });
});

describe('embedUses', () => {
  it('resolves each pattern from its file folder up to the first wildcard', () => {
    const files = [
      file('cmd/web/assets.go', 'package main\n\n//go:embed all:static templates/*.tmpl\nvar fs embed.FS\n'),
    ];
    expect(embedUses(files).map((use) => use.target)).toEqual(['cmd/web/static', 'cmd/web/templates']);
  });
});
