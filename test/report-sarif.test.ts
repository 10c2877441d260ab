/**
 * sarif (src/core/convert/cli/sarif.ts): `--format sarif` from hand-made
 * results. The intended log is written out; every log is also checked
 * against the SARIF 2.1.0 JSON schema.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { type ConversionResult } from '../src/core/convert/convert.js';
import { artifactLocation, sarifLog, type SarifInput } from '../src/core/convert/cli/sarif.js';
import { rulesBlock, RULES_TABLE_FILE } from '../src/core/convert/rules/docs.js';
import { REPO_ROOT } from './helpers/paths.js';
import { sarifSchemaErrors, SARIF_SCHEMA_TITLE } from './helpers/sarif-schema.js';

function result(fields: Partial<ConversionResult>): ConversionResult {
  return {
    status: 'converted',
    converted: true,
    strategy: 'scratch',
    changes: [],
    warnings: [],
    refusals: [],
    ...fields,
  };
}

const TOOL = { name: 'go-microcontainer', version: '1.2.3', informationUri: 'https://example.com/gmc' };

/** Rule docs as sarifLog takes them (the real ones are read by sarif.ts itself, wherever they live). */
type RuleDocs = NonNullable<Parameters<typeof sarifLog>[1]>;

const DOCS: RuleDocs = [
  {
    code: 'GMC101',
    name: 'Cgo',
    severity: ['refusal', 'warning'],
    what: 'refuses cgo builds',
    why: 'scratch has no C library',
    example: '`import "C"`: refused',
  },
  {
    code: 'GMC201',
    name: 'RuntimeBase',
    severity: ['refusal', 'change'],
    what: 'replaces the runtime base',
    why: 'alpine has a shell',
    example: '`FROM alpine` → `FROM scratch`',
  },
  {
    code: 'GMC202',
    name: 'RuntimeRun',
    severity: ['refusal', 'warning', 'change'],
    what: 'translates runtime RUN steps',
    why: 'scratch runs nothing',
    example: '`apk add git`: refused',
  },
  {
    code: 'GMC206',
    name: 'Healthcheck',
    severity: ['refusal', 'warning', 'change'],
    what: 'drops a curl HEALTHCHECK',
    why: 'no curl',
    example: '`CMD curl`: removed',
  },
];

const converted = result({
  changes: [
    {
      code: 'GMC201',
      line: 4,
      what: 'replaced FROM alpine with FROM scratch',
      why: 'no OS needed',
    },
  ],
  warnings: [
    { code: 'GMC206', line: 7, message: 'HEALTHCHECK dropped' },
    { code: 'GMC105', message: 'about the whole file' },
  ],
  output: 'FROM scratch\n',
});

const refused = result({
  status: 'refused',
  converted: false,
  reason: 'line 3 installs git',
  refusals: [
    { code: 'GMC202', line: 3, message: 'line 3 installs git' },
    { code: 'GMC101', message: 'cgo is needed' },
  ],
});

const minimal = result({ status: 'already-minimal', converted: false, reason: 'already ships scratch' });

const unreadable = result({
  status: 'error',
  converted: false,
  code: 'not-a-file',
  reason: 'broken/Dockerfile is a directory, not a Dockerfile',
});

describe('sarifLog', () => {
  it('one run: the tool, the rules, every file as an artifact, one result per finding at its line', () => {
    const input: SarifInput = {
      tool: TOOL,
      root: '/work/repo',
      outcomes: [
        { path: '/work/repo/svc/Dockerfile', result: converted },
        { path: '/work/repo/api/Dockerfile', result: refused },
        { path: '/work/repo/min/Dockerfile', result: minimal },
      ],
      skipped: [],
    };
    const log = sarifLog(input, DOCS);
    expect(log).toEqual({
      $schema: 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json',
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: {
              name: 'go-microcontainer',
              version: '1.2.3',
              semanticVersion: '1.2.3',
              informationUri: 'https://example.com/gmc',
              rules: [
                {
                  id: 'GMC101',
                  name: 'Cgo',
                  shortDescription: { text: 'refuses cgo builds' },
                  fullDescription: { text: 'scratch has no C library' },
                  help: {
                    text: 'scratch has no C library\n\nExample: `import "C"`: refused',
                    markdown: '**Why:** scratch has no C library\n\n**Example:** `import "C"`: refused',
                  },
                },
                {
                  id: 'GMC201',
                  name: 'RuntimeBase',
                  shortDescription: { text: 'replaces the runtime base' },
                  fullDescription: { text: 'alpine has a shell' },
                  help: {
                    text: 'alpine has a shell\n\nExample: `FROM alpine` → `FROM scratch`',
                    markdown: '**Why:** alpine has a shell\n\n**Example:** `FROM alpine` → `FROM scratch`',
                  },
                },
                {
                  id: 'GMC202',
                  name: 'RuntimeRun',
                  shortDescription: { text: 'translates runtime RUN steps' },
                  fullDescription: { text: 'scratch runs nothing' },
                  help: {
                    text: 'scratch runs nothing\n\nExample: `apk add git`: refused',
                    markdown: '**Why:** scratch runs nothing\n\n**Example:** `apk add git`: refused',
                  },
                },
                {
                  id: 'GMC206',
                  name: 'Healthcheck',
                  shortDescription: { text: 'drops a curl HEALTHCHECK' },
                  fullDescription: { text: 'no curl' },
                  help: {
                    text: 'no curl\n\nExample: `CMD curl`: removed',
                    markdown: '**Why:** no curl\n\n**Example:** `CMD curl`: removed',
                  },
                },
              ],
            },
          },
          originalUriBaseIds: { '%SRCROOT%': { uri: 'file:///work/repo/' } },
          artifacts: [
            { location: { uri: 'svc/Dockerfile', uriBaseId: '%SRCROOT%' }, roles: ['analysisTarget'] },
            { location: { uri: 'api/Dockerfile', uriBaseId: '%SRCROOT%' }, roles: ['analysisTarget'] },
            { location: { uri: 'min/Dockerfile', uriBaseId: '%SRCROOT%' }, roles: ['analysisTarget'] },
          ],
          invocations: [{ executionSuccessful: true, toolExecutionNotifications: [] }],
          results: [
            {
              ruleId: 'GMC206',
              ruleIndex: 3,
              level: 'warning',
              message: { text: 'HEALTHCHECK dropped' },
              locations: [
                {
                  physicalLocation: {
                    artifactLocation: { uri: 'svc/Dockerfile', uriBaseId: '%SRCROOT%', index: 0 },
                    region: { startLine: 7 },
                  },
                },
              ],
              properties: { finding: 'warning' },
            },
            {
              // GMC105 is not in the docs given: the result names its rule by id only.
              ruleId: 'GMC105',
              level: 'warning',
              message: { text: 'about the whole file' },
              locations: [
                {
                  physicalLocation: {
                    artifactLocation: { uri: 'svc/Dockerfile', uriBaseId: '%SRCROOT%', index: 0 },
                  },
                },
              ],
              properties: { finding: 'warning' },
            },
            {
              ruleId: 'GMC201',
              ruleIndex: 1,
              level: 'warning',
              message: {
                text: 'convert would change this line: replaced FROM alpine with FROM scratch. Why: no OS needed',
              },
              locations: [
                {
                  physicalLocation: {
                    artifactLocation: { uri: 'svc/Dockerfile', uriBaseId: '%SRCROOT%', index: 0 },
                    region: { startLine: 4 },
                  },
                },
              ],
              properties: { finding: 'change' },
            },
            {
              ruleId: 'GMC202',
              ruleIndex: 2,
              level: 'error',
              message: { text: 'line 3 installs git' },
              locations: [
                {
                  physicalLocation: {
                    artifactLocation: { uri: 'api/Dockerfile', uriBaseId: '%SRCROOT%', index: 1 },
                    region: { startLine: 3 },
                  },
                },
              ],
              properties: { finding: 'refusal' },
            },
            {
              ruleId: 'GMC101',
              ruleIndex: 0,
              level: 'error',
              message: { text: 'cgo is needed' },
              locations: [
                {
                  physicalLocation: {
                    artifactLocation: { uri: 'api/Dockerfile', uriBaseId: '%SRCROOT%', index: 1 },
                  },
                },
              ],
              properties: { finding: 'refusal' },
            },
          ],
        },
      ],
    });
    expect(sarifSchemaErrors(log)).toEqual([]);
  });

  it('a file that could not be read and the paths --all skipped are notifications, and fail the invocation', () => {
    const log = sarifLog(
      {
        tool: TOOL,
        root: '/work/repo',
        outcomes: [{ path: '/work/repo/broken/Dockerfile', result: unreadable }],
        skipped: [
          {
            path: '/work/repo/link/Dockerfile',
            code: 'symlink',
            reason: 'a symbolic link (to ../x): not followed',
          },
          {
            path: '/work/repo/locked',
            code: 'permission-denied',
            reason: 'cannot read the folder: permission denied',
          },
        ],
      },
      DOCS,
    );
    const [run] = log.runs;
    expect(run.results).toEqual([]);
    expect(run.invocations).toEqual([
      {
        executionSuccessful: false,
        toolExecutionNotifications: [
          {
            level: 'error',
            message: { text: 'broken/Dockerfile is a directory, not a Dockerfile' },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: 'broken/Dockerfile', uriBaseId: '%SRCROOT%', index: 0 },
                },
              },
            ],
            properties: { code: 'not-a-file' },
          },
          {
            level: 'warning',
            message: { text: 'skipped: a symbolic link (to ../x): not followed' },
            locations: [
              { physicalLocation: { artifactLocation: { uri: 'link/Dockerfile', uriBaseId: '%SRCROOT%' } } },
            ],
            properties: { code: 'symlink' },
          },
          {
            level: 'error',
            message: { text: 'skipped: cannot read the folder: permission denied' },
            locations: [
              { physicalLocation: { artifactLocation: { uri: 'locked', uriBaseId: '%SRCROOT%' } } },
            ],
            properties: { code: 'permission-denied' },
          },
        ],
      },
    ]);
    expect(sarifSchemaErrors(log)).toEqual([]);
  });

  it('a skipped link alone does not fail the invocation (the run exits 0 for it)', () => {
    const log = sarifLog(
      {
        tool: TOOL,
        root: '/r',
        outcomes: [],
        skipped: [{ path: '/r/Dockerfile', code: 'symlink', reason: 'a link' }],
      },
      DOCS,
    );
    expect(log.runs[0].invocations[0].executionSuccessful).toBe(true);
    expect(log.runs[0].artifacts).toEqual([]);
    expect(sarifSchemaErrors(log)).toEqual([]);
  });

  it('with the real rule docs: one rule per GMC code, each from its what, why and example', () => {
    const log = sarifLog({
      tool: TOOL,
      root: '/r',
      outcomes: [{ path: '/r/Dockerfile', result: refused }],
      skipped: [],
    });
    const { rules } = log.runs[0].tool.driver;
    // The codes of the rules table users read (docs/convert.md, itself checked against the rules).
    const documented = [
      ...(rulesBlock(readFileSync(path.join(REPO_ROOT, RULES_TABLE_FILE), 'utf8')) ?? '').matchAll(
        /^\| (GMC\d{3}) \|/gm,
      ),
    ].map((match) => match[1]);
    expect(documented.length).toBeGreaterThan(20);
    expect(rules.map((rule) => rule.id).sort()).toEqual([...new Set(documented)].sort());
    expect(rules.find((rule) => rule.id === 'GMC003')).toEqual({
      id: 'GMC003',
      name: 'NoGoBuild',
      shortDescription: { text: 'refuses a file with no `go build`, `go install` or `go run`' },
      fullDescription: { text: 'the converter rewrites Dockerfiles that build a Go program, and only those' },
      help: {
        text: 'the converter rewrites Dockerfiles that build a Go program, and only those\n\nExample: `FROM node:20` + `RUN npm ci`: refused',
        markdown:
          '**Why:** the converter rewrites Dockerfiles that build a Go program, and only those\n\n**Example:** `FROM node:20` + `RUN npm ci`: refused',
      },
    });
    expect(log.runs[0].results.map((entry) => entry.ruleIndex)).toEqual([
      rules.findIndex((rule) => rule.id === 'GMC202'),
      rules.findIndex((rule) => rule.id === 'GMC101'),
    ]);
    expect(sarifSchemaErrors(log)).toEqual([]);
  });
});

describe('artifactLocation', () => {
  it('is relative to the working folder, under %SRCROOT%, with each segment percent-encoded', () => {
    expect(artifactLocation('/work/repo', '/work/repo/Dockerfile')).toEqual({
      uri: 'Dockerfile',
      uriBaseId: '%SRCROOT%',
    });
    expect(artifactLocation('/work/repo', '/work/repo/my svc/Dockerfile.100%#1?')).toEqual({
      uri: 'my%20svc/Dockerfile.100%25%231%3F',
      uriBaseId: '%SRCROOT%',
    });
    expect(artifactLocation('/work/repo', '/work/repo/..svc/Dockerfile')).toEqual({
      uri: '..svc/Dockerfile',
      uriBaseId: '%SRCROOT%',
    });
  });

  it('a file outside the working folder keeps its absolute file URI, with no base', () => {
    expect(artifactLocation('/work/repo', '/work/other/Dockerfile')).toEqual({
      uri: 'file:///work/other/Dockerfile',
    });
    expect(artifactLocation('/work/repo', '/Dockerfile')).toEqual({ uri: 'file:///Dockerfile' });
  });

  it('names with control characters, quotes and non-ASCII still make a valid log', () => {
    const file = '/r/x\n::error::y/Dockerfile.é"\u0007';
    expect(artifactLocation('/r', file)).toEqual({
      uri: 'x%0A%3A%3Aerror%3A%3Ay/Dockerfile.%C3%A9%22%07',
      uriBaseId: '%SRCROOT%',
    });
    const log = sarifLog(
      { tool: TOOL, root: '/r', outcomes: [{ path: file, result: refused }], skipped: [] },
      DOCS,
    );
    expect(sarifSchemaErrors(log)).toEqual([]);
  });
});

describe('the schema check itself', () => {
  it('is the SARIF 2.1.0 schema, and it rejects what SARIF forbids', () => {
    expect(SARIF_SCHEMA_TITLE).toBe('Static Analysis Results Format (SARIF) Version 2.1.0-rtm.5 JSON Schema');
    const good = sarifLog(
      { tool: TOOL, root: '/r', outcomes: [{ path: '/r/Dockerfile', result: refused }], skipped: [] },
      DOCS,
    );
    expect(sarifSchemaErrors(good)).toEqual([]);
    const badLevel = structuredClone(good) as unknown as {
      runs: Array<{ results: Array<{ level: string }> }>;
    };
    (badLevel.runs[0]?.results[0] ?? { level: '' }).level = 'fatal';
    expect(sarifSchemaErrors(badLevel).length).toBeGreaterThan(0);
    const lineZero = structuredClone(good) as unknown as {
      runs: Array<{
        results: Array<{ locations: Array<{ physicalLocation: { region?: { startLine: number } } }> }>;
      }>;
    };
    const region = lineZero.runs[0]?.results[0]?.locations[0]?.physicalLocation.region;
    if (region) region.startLine = 0;
    expect(sarifSchemaErrors(lineZero).length).toBeGreaterThan(0);
    expect(sarifSchemaErrors({ ...good, version: '2.0.0' }).length).toBeGreaterThan(0);
    expect(sarifSchemaErrors({ ...good, extra: true }).length).toBeGreaterThan(0);
  });
});
