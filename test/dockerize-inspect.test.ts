/**
 * dockerize's inspection on the module shapes of test/fixtures/modules, with
 * the toolchain's `go list` and with the parse that stands in for it when Go
 * is missing: both must find the same thing, written out here by hand.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import {
  findMain,
  inspectMain,
  inspectModule,
  type ModuleInspection,
} from '../src/core/dockerize/inspect.js';
import { REPO_ROOT } from './helpers/paths.js';
import { tempDir } from './helpers/run.js';
import { requireTool } from './helpers/tools.js';

const MODULES = path.join(REPO_ROOT, 'test/fixtures/modules');

/** What the inspection says about a shape, in the terms a person would check. */
function summary(inspection: ModuleInspection) {
  return {
    kind: inspection.kind,
    module: inspection.module,
    builderImage: inspection.builderImage,
    mains: Object.fromEntries(
      inspection.mains.map((main) => {
        const found = inspectMain(inspection, main);
        return [
          main.dir,
          {
            importPath: main.importPath,
            port: found.port.port,
            evidence: found.port.evidence.map((hint) => `${hint.kind} ${hint.file}:${hint.line}`),
            portEnv: found.port.portEnv && `${found.port.portEnv.file}:${found.port.portEnv.line}`,
            cgo: found.cgo.uses.map((use) => `${use.at.file}:${use.at.line} ${use.what}`),
            runtime: found.runtimeFolders.map(
              (folder) =>
                `${folder.dir} ${folder.embedded ? 'embedded' : 'on disk'}` +
                folder.referencedAt.map((at) => ` ${at.file}:${at.line}`).join(''),
            ),
          },
        ];
      }),
    ),
  };
}

/** The shapes whose main, port and evidence dockerize-shapes.test.ts states, through dockerize --json. */
const IN_SHAPES_SUITE = [
  'chi-router',
  'cli-and-daemon',
  'cli-only',
  'cobra-flags',
  'config-struct',
  'daemon-cgo',
  'disk-reads',
  'echo-start',
  'embed-files',
  'env-custom',
  'examples-many',
  'fiber-listen',
  'flag-helper',
  'gin-run',
  'localhost-flag',
  'localhost-literal',
  'low-port',
  'repo-subfolder',
  'server-and-client',
  'two-listeners',
  'urfave-flags',
  'var-block-listen',
  'vendored',
];

const EXPECTED: Record<string, ReturnType<typeof summary>> = {
  'single-root': {
    kind: 'module',
    module: 'example.com/hello',
    builderImage: 'golang:1.22-alpine',
    mains: {
      '.': {
        importPath: 'example.com/hello',
        port: 8080,
        evidence: ['env-default main.go:14'],
        portEnv: 'main.go:12',
        cgo: [],
        runtime: [],
      },
    },
  },
  'gitignored-package': {
    kind: 'module',
    module: 'example.com/notes',
    builderImage: 'golang:1.22-alpine',
    mains: {
      '.': {
        importPath: 'example.com/notes',
        port: 8080,
        evidence: ['env-default main.go:17'],
        portEnv: 'main.go:15',
        cgo: [],
        runtime: [],
      },
    },
  },
  'cmd-multi': {
    kind: 'module',
    module: 'github.com/acme/shop',
    builderImage: 'golang:1.26.3-alpine',
    mains: {
      './cmd/api': {
        importPath: 'github.com/acme/shop/cmd/api',
        port: 18381,
        evidence: ['addr-field cmd/api/main.go:21'],
        portEnv: undefined,
        cgo: [],
        runtime: [],
      },
      './cmd/worker': {
        importPath: 'github.com/acme/shop/cmd/worker',
        port: undefined,
        evidence: [],
        portEnv: undefined,
        cgo: [],
        runtime: [],
      },
    },
  },
  library: {
    kind: 'module',
    module: 'github.com/acme/strutil',
    builderImage: 'golang:1.22-alpine',
    mains: {},
  },
  'cgo-import': {
    kind: 'module',
    module: 'example.com/crc',
    builderImage: 'golang:1.22-alpine',
    mains: {
      '.': {
        importPath: 'example.com/crc',
        port: 9090,
        evidence: ['listen main.go:16'],
        portEnv: undefined,
        cgo: ['internal/checksum/checksum.go:11 import "C"', 'internal/checksum/free.go:4 import "C"'],
        runtime: [],
      },
    },
  },
  'cgo-module': {
    kind: 'module',
    module: 'github.com/acme/notes',
    builderImage: 'golang:1.22-alpine',
    mains: {
      '.': {
        importPath: 'github.com/acme/notes',
        port: 8000,
        evidence: ['env-default main.go:19'],
        portEnv: 'main.go:19',
        cgo: ['main.go:10 github.com/mattn/go-sqlite3'],
        runtime: [],
      },
    },
  },
  embed: {
    kind: 'module',
    module: 'example.com/site',
    builderImage: 'golang:1.22-alpine',
    mains: {
      '.': {
        importPath: 'example.com/site',
        port: 3000,
        evidence: ['env-default main.go:19'],
        portEnv: 'main.go:17',
        cgo: [],
        runtime: ['static embedded'],
      },
    },
  },
  templates: {
    kind: 'module',
    module: 'example.com/blog',
    builderImage: 'golang:1.22-alpine',
    mains: {
      '.': {
        importPath: 'example.com/blog',
        port: 8080,
        evidence: ['env-default main.go:21'],
        portEnv: 'main.go:19',
        cgo: [],
        runtime: ['templates on disk main.go:13', 'migrations on disk'],
      },
    },
  },
  workspace: {
    kind: 'workspace',
    module: undefined,
    builderImage: 'golang:1.22-alpine',
    mains: {
      './api': {
        importPath: 'example.com/ws/api',
        port: 8081,
        evidence: ['env-default api/main.go:19'],
        portEnv: 'api/main.go:17',
        cgo: [],
        runtime: [],
      },
    },
  },
};

describe('inspection of the module shapes', () => {
  it('covers every shape under test/fixtures/modules (here, or in dockerize-shapes.test.ts)', () => {
    expect(readdirSync(MODULES).sort()).toEqual([...Object.keys(EXPECTED), ...IN_SHAPES_SUITE].sort());
  });

  describe.each(Object.keys(EXPECTED))('%s', (shape) => {
    it('with go list', () => {
      requireTool('go', 'go list is the first way main packages are found', ['version']);
      const inspection = inspectModule(path.join(MODULES, shape));
      expect({ via: inspection.via, problem: inspection.goListProblem }).toEqual({
        via: 'go list',
        problem: undefined,
      });
      expect(summary(inspection)).toEqual(EXPECTED[shape]);
    });

    it('with the parse that stands in when Go is missing', () => {
      const inspection = inspectModule(path.join(MODULES, shape), { useGo: false });
      expect(inspection.via).toBe('parse');
      expect(summary(inspection)).toEqual(EXPECTED[shape]);
    });
  });
});

/** Every file under dir with its bytes and modification time. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else files[path.relative(dir, full)] = `${statSync(full).mtimeMs} ${readFileSync(full, 'base64')}`;
    }
  };
  walk(dir);
  return files;
}

describe('inspectModule', () => {
  it('writes nothing, not even go.sum, for a module whose dependency is in no cache (go list runs offline)', () => {
    const dir = path.join(tempDir('inspect-offline'), 'notes');
    cpSync(path.join(MODULES, 'cgo-module'), dir, { recursive: true });
    const before = snapshot(dir);
    const inspection = inspectModule(dir);
    expect(inspection.via).toBe('go list');
    expect(inspection.mains).toEqual([{ dir: '.', importPath: 'github.com/acme/notes' }]);
    expect(snapshot(dir)).toEqual(before);
  });

  it('falls back to the parse, saying why, when go list refuses the module', () => {
    const dir = path.join(tempDir('inspect-newer-go'), 'shop');
    cpSync(path.join(MODULES, 'cmd-multi'), dir, { recursive: true });
    writeFileSync(path.join(dir, 'go.mod'), 'module github.com/acme/shop\n\ngo 1.99\n');
    const inspection = inspectModule(dir);
    expect(inspection.via).toBe('parse');
    expect(inspection.goListProblem).toMatch(
      /^go list failed: go: go\.mod requires go >= 1\.99 \(running go 1\.\d+/,
    );
    expect(inspection.builderImage).toBe('golang:1.99-alpine');
    expect(inspection.mains.map((main) => main.dir)).toEqual(['./cmd/api', './cmd/worker']);
  });

  it('inspects a module of a workspace alone, and names the go.work above it', () => {
    const inspection = inspectModule(path.join(MODULES, 'workspace/api'));
    expect(inspection.enclosingWorkspace).toBe(path.join(MODULES, 'workspace/go.work'));
    expect(inspection.mains).toEqual([{ dir: '.', importPath: 'example.com/ws/api' }]);
  });

  it("decides an indirect cgo module by each main's go list -deps, when every dependency is vendored", () => {
    requireTool('go', 'go list -deps tells which modules a build links', ['version']);
    const dir = tempDir('inspect-indirect');
    const files: Record<string, string> = {
      'go.mod':
        'module example.com/svc\n\ngo 1.22\n\nrequire (\n\texample.com/logs v1.0.0\n\texample.com/queue v1.0.0\n' +
        '\tgithub.com/confluentinc/confluent-kafka-go/v2 v2.3.0 // indirect\n)\n',
      'cmd/api/main.go': 'package main\n\nimport "example.com/logs"\n\nfunc main() { logs.Print() }\n',
      'cmd/consumer/main.go': 'package main\n\nimport "example.com/queue"\n\nfunc main() { queue.Run() }\n',
      'vendor/example.com/logs/logs.go': 'package logs\n\nfunc Print() {}\n',
      'vendor/example.com/queue/queue.go':
        'package queue\n\nimport "github.com/confluentinc/confluent-kafka-go/v2/kafka"\n\nfunc Run() { kafka.Poll() }\n',
      // A stand-in with the module's path (go list only reads it; nothing is compiled).
      'vendor/github.com/confluentinc/confluent-kafka-go/v2/kafka/kafka.go':
        'package kafka\n\nfunc Poll() {}\n',
      'vendor/modules.txt':
        '# example.com/logs v1.0.0\n## explicit; go 1.22\nexample.com/logs\n' +
        '# example.com/queue v1.0.0\n## explicit; go 1.22\nexample.com/queue\n' +
        '# github.com/confluentinc/confluent-kafka-go/v2 v2.3.0\n## explicit; go 1.21\ngithub.com/confluentinc/confluent-kafka-go/v2/kafka\n',
    };
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    }
    const inspection = inspectModule(dir);
    expect(inspection.via).toBe('go list');
    // The vendored packages are dependencies, not the module's own.
    expect(inspection.packages.map((pkg) => pkg.dir)).toEqual(['./cmd/api', './cmd/consumer']);
    const verdict = (main: string) => {
      const found = findMain(inspection, main);
      if (!found) throw new Error(`no main ${main}`);
      const { cgo } = inspectMain(inspection, found);
      return { required: cgo.required, uses: cgo.uses.map((use) => use.what), notes: cgo.notes };
    };
    expect(verdict('cmd/api')).toEqual({
      required: false,
      uses: [],
      notes: [
        "go.mod requires github.com/confluentinc/confluent-kafka-go/v2 (cgo, librdkafka) // indirect, but go list -deps finds no package of it in this main's build",
      ],
    });
    expect(verdict('cmd/consumer')).toEqual({
      required: true,
      uses: [
        'github.com/confluentinc/confluent-kafka-go/v2 (// indirect: a dependency this main compiles uses it; go mod why -m github.com/confluentinc/confluent-kafka-go/v2 says which)',
      ],
      notes: [],
    });
    // Without go list (the parse), it cannot be decided: evidence, with the way to decide it.
    const parsed = inspectModule(dir, { useGo: false });
    const api = findMain(parsed, 'cmd/api');
    expect(api && inspectMain(parsed, api).cgo.uses.map((use) => use.what)).toEqual([
      expect.stringContaining(
        'go list -deps cannot tell: run go mod download (or go mod vendor), then rerun',
      ),
    ]);
  });

  it('needs a go.mod or a go.work', () => {
    expect(() => inspectModule(MODULES)).toThrow(expect.objectContaining({ code: 'not-found' }));
  });

  it.each([
    ['cmd/api', './cmd/api'],
    ['./cmd/api/', './cmd/api'],
    ['github.com/acme/shop/cmd/worker', './cmd/worker'],
    ['./internal/store', undefined],
    ['./cmd/nope', undefined],
  ])('findMain(%p) is %p', (wanted, dir) => {
    const inspection = inspectModule(path.join(MODULES, 'cmd-multi'), { useGo: false });
    expect(findMain(inspection, wanted)?.dir).toBe(dir);
  });
});
