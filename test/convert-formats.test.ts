/**
 * `go-microcontainer convert --check --format ...` as CI runs it: the exit
 * status is the same in every format, stdout holds only the format, and
 * `--all` gives one SARIF run over many files, valid against the SARIF 2.1.0
 * schema. Runs the compiled bin (npm run build first).
 */
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { FIXTURES_DIR } from './helpers/fixtures.js';
import { runBin } from './helpers/run.js';
import { sandbox, treeBytes } from './helpers/sandbox.js';
import { sarifSchemaErrors } from './helpers/sarif-schema.js';

/** A service folder under `root` holding a fixture's Dockerfile and the shared program. */
function service(root: string, relative: string, fixture: string): string {
  const dir = path.join(root, relative);
  mkdirSync(dir, { recursive: true });
  cpSync(path.join(FIXTURES_DIR, '_app'), dir, { recursive: true });
  cpSync(path.join(FIXTURES_DIR, fixture), dir, { recursive: true });
  return dir;
}

/** Three services: one already minimal, one that would change, one refused (cgo, line 2). */
function repository(): string {
  const root = sandbox('formats');
  service(root, 'minimal', 'minimal-scratch');
  service(root, 'change', 'multi-alpine-basic');
  service(root, 'refused', 'refuse-cgo-env');
  return root;
}

/** The default text, and each --format that is not text (--json is compared with --format json below). */
const FORMATS: string[][] = [[], ['--format', 'json'], ['--format', 'sarif'], ['--format', 'github']];

interface SarifResultShape {
  ruleId: string;
  level: string;
  message: { text: string };
  locations: Array<{
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId?: string; index?: number };
      region?: { startLine: number };
    };
  }>;
}

interface SarifShape {
  version: string;
  runs: Array<{
    tool: { driver: { name: string; version: string; rules: Array<{ id: string }> } };
    artifacts: Array<{ location: { uri: string; uriBaseId: string } }>;
    invocations: Array<{ executionSuccessful: boolean }>;
    results: SarifResultShape[];
  }>;
}

describe('convert --check: the exit status does not depend on the format', () => {
  it.each([
    ['minimal', 0],
    ['change', 1],
    ['refused', 1],
  ])('%s/Dockerfile exits %d in every format, and nothing is written', (name, status) => {
    const root = repository();
    const before = treeBytes(root);
    for (const format of FORMATS) {
      const run = runBin(root, ['convert', '--check', ...format, `${name}/Dockerfile`]);
      expect({ format, status: run.status }).toEqual({ format, status });
    }
    expect(treeBytes(root)).toEqual(before);
  });

  it('a file that cannot be read exits 3 in every format', () => {
    const root = repository();
    mkdirSync(path.join(root, 'folder', 'Dockerfile'), { recursive: true });
    for (const format of FORMATS) {
      const run = runBin(root, ['convert', '--check', ...format, 'folder/Dockerfile']);
      expect({ format, status: run.status }).toEqual({ format, status: 3 });
    }
  });

  it('--all over the three exits 1 in every format; --dry-run exits 0, as in text', () => {
    const root = repository();
    for (const format of FORMATS) {
      expect({
        format,
        status: runBin(root, ['convert', '--check', '--all', '.', ...format]).status,
      }).toEqual({
        format,
        status: 1,
      });
    }
    const dryRun = runBin(root, ['convert', '--dry-run', 'change/Dockerfile', '--format', 'sarif']);
    expect(dryRun.status).toBe(0);
    expect(sarifSchemaErrors(JSON.parse(dryRun.stdout))).toEqual([]);
  });
});

describe('convert --check --format sarif', () => {
  it('--all: one run over every Dockerfile, each finding at its line, valid SARIF 2.1.0; stdout holds only the log', () => {
    const root = repository();
    const run = runBin(root, ['convert', '--check', '--all', '.', '--format', 'sarif']);
    expect(run.status).toBe(1);
    const log = JSON.parse(run.stdout) as SarifShape;
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const [only] = log.runs;
    if (!only) throw new Error('no run');
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(only.tool.driver.name).toBe('go-microcontainer');
    expect(only.tool.driver.version).toBe(manifest.version);
    expect(only.artifacts).toEqual([
      { location: { uri: 'change/Dockerfile', uriBaseId: '%SRCROOT%' }, roles: ['analysisTarget'] },
      { location: { uri: 'minimal/Dockerfile', uriBaseId: '%SRCROOT%' }, roles: ['analysisTarget'] },
      { location: { uri: 'refused/Dockerfile', uriBaseId: '%SRCROOT%' }, roles: ['analysisTarget'] },
    ]);
    expect(only.invocations).toEqual([{ executionSuccessful: true, toolExecutionNotifications: [] }]);

    const refusals = only.results.filter((result) => result.level === 'error');
    expect(refusals).toEqual([
      expect.objectContaining({
        ruleId: 'GMC101',
        message: { text: expect.stringMatching(/^cgo is needed: line 2 sets CGO_ENABLED=1;/) },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'refused/Dockerfile', uriBaseId: '%SRCROOT%', index: 2 },
              region: { startLine: 2 },
            },
          },
        ],
      }),
    ]);
    // multi-alpine-basic: line 6 builds, line 8 is FROM alpine:3.19, line 11 ENTRYPOINT ["app"].
    const changes = only.results.filter((result) => result.level === 'warning');
    const where = changes.map((result) => [
      result.ruleId,
      result.locations[0]?.physicalLocation.artifactLocation.uri,
      result.locations[0]?.physicalLocation.region?.startLine,
    ]);
    expect(where).toEqual(
      expect.arrayContaining([
        ['GMC102', 'change/Dockerfile', 6],
        ['GMC201', 'change/Dockerfile', 8],
        ['GMC207', 'change/Dockerfile', 11],
      ]),
    );
    for (const result of only.results)
      expect(only.tool.driver.rules[(result as { ruleIndex?: number }).ruleIndex ?? -1]?.id).toBe(
        result.ruleId,
      );

    // The CI log still says what happened, on stderr.
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^change {5}change\/Dockerfile \(\d+ changes/),
      'minimal    minimal/Dockerfile',
      expect.stringMatching(/^refused {4}refused\/Dockerfile: cgo is needed/),
      '3 Dockerfiles: 1 would change, 1 already minimal, 1 refused, 0 failed',
    ]);
  });

  it('a file outside the working folder gets its absolute file: URI; a file that cannot be read is a notification', () => {
    const root = repository();
    const inside = path.join(root, 'refused');
    mkdirSync(path.join(inside, 'folder', 'Dockerfile'), { recursive: true });
    const run = runBin(inside, [
      'convert',
      '--check',
      '--format',
      'sarif',
      '../change/Dockerfile',
      'folder/Dockerfile',
    ]);
    expect(run.status).toBe(3);
    const log = JSON.parse(run.stdout) as SarifShape & {
      runs: Array<{ invocations: Array<{ toolExecutionNotifications: unknown[] }> }>;
    };
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(log.runs[0]?.artifacts.map((artifact) => artifact.location)).toEqual([
      { uri: `file://${path.join(root, 'change', 'Dockerfile')}` },
      { uri: 'folder/Dockerfile', uriBaseId: '%SRCROOT%' },
    ]);
    expect(log.runs[0]?.invocations).toEqual([
      {
        executionSuccessful: false,
        toolExecutionNotifications: [
          {
            level: 'error',
            message: {
              text: 'folder/Dockerfile is a directory, not a Dockerfile (use --all to convert every Dockerfile under it)',
            },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: 'folder/Dockerfile', uriBaseId: '%SRCROOT%', index: 1 },
                },
              },
            ],
            properties: { code: 'not-a-file' },
          },
        ],
      },
    ]);
  });
});

describe('convert --check --format github', () => {
  it('--all: one workflow command per finding, then the totals; no other line on stdout', () => {
    const root = repository();
    const run = runBin(root, ['convert', '--check', '--all', '.', '--format', 'github']);
    expect(run.status).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toBe('3 Dockerfiles: 1 would change, 1 already minimal, 1 refused, 0 failed');
    for (const line of lines.slice(0, -1))
      expect(line).toMatch(/^::(error|warning) file=[^,:]+(,line=\d+)?,title=GMC\d{3}::/);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^::error file=refused\/Dockerfile,line=2,title=GMC101::cgo is needed: line 2 sets CGO_ENABLED=1;/,
      ),
    );
    expect(lines).toContainEqual(
      '::warning file=change/Dockerfile,line=8,title=GMC201::convert would change this line: replaced FROM alpine:3.19 with FROM scratch. Why: the alpine runtime has a shell and packages the binary does not need',
    );
    expect(run.stderr).toBe('');
  });
});

describe('--format json is --json', () => {
  it('the same document, for one file and for a batch', () => {
    const root = repository();
    for (const args of [['change/Dockerfile'], ['--all', '.']]) {
      const json = runBin(root, ['convert', '--check', '--json', ...args]);
      const format = runBin(root, ['convert', '--check', '--format', 'json', ...args]);
      expect(format.status).toBe(json.status);
      expect(format.stdout).toBe(json.stdout);
      expect(JSON.parse(format.stdout)).toBeTruthy();
    }
  });
});

describe('--format usage errors exit 2 before any file is read', () => {
  it('--help lists --format with its values and default, and --json as its alias', () => {
    const help = runBin(sandbox('help'), ['convert', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain(
      '  --format <name>     the report: text; json (every outcome, errors included, as one JSON document on stdout); ' +
        'sarif (SARIF 2.1.0 for code scanning) or github (workflow-command annotations), which need --check or --dry-run\n' +
        '                      (default: text)\n',
    );
    expect(help.stdout).toContain('  --json              the same as --format json\n');
  });

  it.each([
    [
      ['--format', 'xml'],
      'go-microcontainer convert: --format: must be one of: text, json, sarif, github (got "xml")\n',
    ],
    [
      ['--format', 'sarif', '--format', 'github'],
      'go-microcontainer convert: --format is given twice: give it once\n',
    ],
  ])('convert --check %j', (args, stderr) => {
    const root = repository();
    const run = runBin(root, ['convert', '--check', ...args, 'change/Dockerfile']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(stderr);
  });

  it('--json with another --format: the error is the JSON --json promises, whatever happens', () => {
    const run = runBin(repository(), [
      'convert',
      '--check',
      '--format',
      'sarif',
      '--json',
      'change/Dockerfile',
    ]);
    expect(run.status).toBe(2);
    expect(JSON.parse(run.stdout)).toEqual({
      status: 'error',
      code: 'usage',
      error: '--json means --format json, which disagrees with --format sarif: give one of them',
    });
  });

  it('sarif and github need a run that writes nothing', () => {
    const root = repository();
    const before = treeBytes(root);
    for (const format of ['sarif', 'github']) {
      const run = runBin(root, ['convert', '--yes', '--format', format, 'change/Dockerfile']);
      expect(run.status).toBe(2);
      expect(run.stderr).toBe(
        `go-microcontainer convert: --format ${format} reports findings at lines of the file as it is, so it needs --check or --dry-run (which write nothing)\n`,
      );
    }
    expect(treeBytes(root)).toEqual(before);
  });

  it('with --format json, a usage error is JSON on stdout, as with --json', () => {
    const root = repository();
    for (const args of [
      ['--format', 'json', '--bogus'],
      ['--format=json', '--bogus'],
      ['--json', '--bogus'],
    ]) {
      const run = runBin(root, ['convert', '--check', ...args]);
      expect(run.status).toBe(2);
      expect(JSON.parse(run.stdout)).toEqual({
        status: 'error',
        code: 'usage',
        error: 'unknown option --bogus (go-microcontainer convert --help lists the options)',
      });
    }
  });
});
