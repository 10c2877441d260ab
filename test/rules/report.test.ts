/**
 * report (src/core/convert/report.ts): the text, one-line and JSON reports of
 * a conversion, from hand-made results. Every expected value is written out.
 */
import { describe, expect, it } from '@jest/globals';
import type { ConversionResult } from '../../src/core/convert/convert.js';
import {
  batchTotals,
  findingText,
  jsonReport,
  skippedLine,
  summaryLine,
  textReport,
} from '../../src/core/convert/cli/report.js';

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

const converted = result({
  changes: [
    { code: 'GMC201', line: 4, what: 'FROM scratch', why: 'no OS needed' },
    { code: 'GMC204', line: 9, what: 'USER 65532:65532', why: 'numeric' },
  ],
  warnings: [
    { code: 'GMC206', line: 7, message: 'HEALTHCHECK dropped' },
    { code: 'GMC105', message: 'whole file' },
  ],
  output: 'FROM scratch\n',
});

const refused = result({
  status: 'refused',
  converted: false,
  reason: 'line 3 installs git',
  refusals: [
    { code: 'GMC202', line: 3, message: 'line 3 installs git' },
    { code: 'GMC101', message: 'cgo' },
  ],
});

describe('textReport', () => {
  it('lists the changes with why, then the warnings', () => {
    expect(textReport('svc/Dockerfile', converted)).toBe(
      [
        'svc/Dockerfile: converted to scratch',
        '',
        'Changes:',
        '  line 4 [GMC201]: FROM scratch',
        '      why: no OS needed',
        '  line 9 [GMC204]: USER 65532:65532',
        '      why: numeric',
        '',
        'Warnings:',
        '  - line 7 [GMC206]: HEALTHCHECK dropped',
        '  - [GMC105] whole file',
        '',
      ].join('\n'),
    );
  });

  it('names the backup, and in a check says what would be done', () => {
    const plain = result({
      strategy: 'distroless',
      changes: [{ code: 'GMC201', line: 1, what: 'w', why: 'y' }],
    });
    expect(textReport('Dockerfile', plain, 'Dockerfile.orig')).toBe(
      'Dockerfile: converted to distroless (original kept as Dockerfile.orig)\n\nChanges:\n  line 1 [GMC201]: w\n      why: y\n',
    );
    expect(textReport('Dockerfile', plain, undefined, true)).toBe(
      'Dockerfile: would be converted to distroless\n\nChanges:\n  line 1 [GMC201]: w\n      why: y\n',
    );
    expect(textReport('Dockerfile', plain, 'Dockerfile.orig', true)).toBe(
      'Dockerfile: would be converted to distroless\n\nChanges:\n  line 1 [GMC201]: w\n      why: y\n',
    );
  });

  it('gives every reason of a refusal with its code', () => {
    expect(textReport('Dockerfile', refused)).toBe(
      'Dockerfile: not converted: line 3 installs git\n\nReasons:\n  - [GMC202] line 3 installs git\n  - [GMC101] cgo\n',
    );
    expect(textReport('Dockerfile', result({ status: 'refused', converted: false }))).toBe(
      'Dockerfile: not converted: refused\n',
    );
  });

  it('says in one line why nothing was converted', () => {
    expect(
      textReport('D', result({ status: 'error', converted: false, reason: 'cannot read', code: 'E_READ' })),
    ).toBe('D: error: cannot read\n');
    expect(textReport('D', result({ status: 'error', converted: false, code: 'E_READ' }))).toBe(
      'D: error: E_READ\n',
    );
    expect(textReport('D', result({ status: 'error', converted: false }))).toBe('D: error: failed\n');
    expect(
      textReport('D', result({ status: 'already-minimal', converted: false, reason: 'FROM scratch' })),
    ).toBe('D: already minimal: FROM scratch\n');
    expect(textReport('D', result({ status: 'already-minimal', converted: false }))).toBe(
      'D: already minimal: \n',
    );
    expect(textReport('D', result({ status: 'declined', converted: false, reason: 'answered no' }))).toBe(
      'D: not changed: answered no\n',
    );
    expect(textReport('D', result({ status: 'declined', converted: false }))).toBe('D: not changed: \n');
  });
});

describe('findingText', () => {
  it('gives the line when there is one', () => {
    expect(findingText({ code: 'GMC206', line: 0, message: 'm' })).toBe('line 0 [GMC206]: m');
    expect(findingText({ code: 'GMC105', message: 'm' })).toBe('[GMC105] m');
  });
});

describe('summaryLine', () => {
  it('counts the changes and the warnings of a conversion', () => {
    expect(summaryLine('a/Dockerfile', converted)).toBe('converted  a/Dockerfile (2 changes, 2 warnings)');
    expect(summaryLine('a/Dockerfile', converted, true)).toBe(
      'change     a/Dockerfile (2 changes, 2 warnings)',
    );
    const oneWarning = result({
      changes: converted.changes,
      warnings: [{ code: 'GMC206', message: 'w' }],
    });
    expect(summaryLine('D', oneWarning)).toBe('converted  D (2 changes, 1 warning)');
    expect(summaryLine('D', result({}))).toBe('converted  D (0 changes)');
  });

  it('gives the first reason of a refusal and counts the others', () => {
    expect(summaryLine('D', refused)).toBe('refused    D: line 3 installs git (and 1 more reason)');
    const three = result({
      ...refused,
      refusals: [...refused.refusals, { code: 'GMC102', message: 'x' }],
    });
    expect(summaryLine('D', three)).toBe('refused    D: line 3 installs git (and 2 more reasons)');
    expect(
      summaryLine(
        'D',
        result({ status: 'refused', converted: false, refusals: refused.refusals.slice(0, 1) }),
      ),
    ).toBe('refused    D: ');
  });

  it('names the other outcomes', () => {
    expect(
      summaryLine('D', result({ status: 'error', converted: false, reason: 'cannot read', code: 'E' })),
    ).toBe('error      D: cannot read');
    expect(summaryLine('D', result({ status: 'error', converted: false, code: 'E_READ' }))).toBe(
      'error      D: E_READ',
    );
    expect(summaryLine('D', result({ status: 'error', converted: false }))).toBe('error      D: ');
    expect(summaryLine('D', result({ status: 'already-minimal', converted: false }))).toBe('minimal    D');
    expect(summaryLine('D', result({ status: 'declined', converted: false }))).toBe('declined   D');
  });
});

describe('skippedLine and batchTotals', () => {
  it('says why a path was skipped', () => {
    expect(skippedLine('vendor/x', 'vendored')).toBe('skipped    vendor/x: vendored');
  });

  it('counts each outcome, declined and skipped only when there are some', () => {
    const all = [
      converted,
      converted,
      refused,
      result({ status: 'already-minimal', converted: false }),
      result({ status: 'error', converted: false }),
    ];
    expect(batchTotals(all, 0)).toBe('5 Dockerfiles: 2 converted, 1 already minimal, 1 refused, 1 failed');
    expect(batchTotals(all, 2, true)).toBe(
      '5 Dockerfiles: 2 would change, 1 already minimal, 1 refused, 1 failed, 2 skipped',
    );
    expect(batchTotals([result({ status: 'declined', converted: false })], 1)).toBe(
      '1 Dockerfile: 0 converted, 0 already minimal, 0 refused, 0 failed, 1 declined, 1 skipped',
    );
    expect(batchTotals([], 0)).toBe('0 Dockerfiles: 0 converted, 0 already minimal, 0 refused, 0 failed');
  });
});

describe('jsonReport', () => {
  it('carries the result, the code defaulting to the status, and the backup when there is one', () => {
    expect(jsonReport('Dockerfile', converted, 'Dockerfile.orig')).toEqual({
      file: 'Dockerfile',
      status: 'converted',
      code: 'converted',
      converted: true,
      strategy: 'scratch',
      changes: converted.changes,
      warnings: converted.warnings,
      refusals: [],
      backup: 'Dockerfile.orig',
    });
    const report = jsonReport(
      'Dockerfile',
      result({ status: 'error', converted: false, reason: 'r', code: 'E_READ' }),
    );
    expect(report).toEqual({
      file: 'Dockerfile',
      status: 'error',
      code: 'E_READ',
      converted: false,
      strategy: 'scratch',
      changes: [],
      warnings: [],
      refusals: [],
      reason: 'r',
    });
    expect(Object.keys(jsonReport('D', converted))).not.toContain('backup');
    expect(Object.keys(jsonReport('D', converted))).not.toContain('reason');
  });
});
