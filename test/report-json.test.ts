/**
 * json (src/core/convert/cli/json.ts): the document `--format json` and
 * `--json` print, from hand-made results. Every expected value is written
 * out.
 */
import { describe, expect, it } from '@jest/globals';
import { type ConversionResult } from '../src/core/convert/convert.js';
import { jsonDocument, type JsonInput } from '../src/core/convert/cli/json.js';

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
  changes: [{ code: 'GMC201', line: 4, what: 'replaced FROM alpine with FROM scratch', why: 'no OS' }],
  output: 'FROM scratch\n',
});

const minimal = result({ status: 'already-minimal', converted: false, reason: 'already ships scratch' });

const base: JsonInput = {
  strategy: 'scratch',
  outcomes: [{ file: 'svc/Dockerfile', result: converted }],
  skipped: [],
  batch: false,
  check: false,
  dryRun: false,
};

describe('jsonDocument', () => {
  it('one file: its report alone, with the backup written', () => {
    expect(
      jsonDocument({
        ...base,
        outcomes: [{ file: 'svc/Dockerfile', result: converted, backup: 'svc/Dockerfile.orig' }],
      }),
    ).toEqual({
      file: 'svc/Dockerfile',
      status: 'converted',
      code: 'converted',
      converted: true,
      strategy: 'scratch',
      changes: [{ code: 'GMC201', line: 4, what: 'replaced FROM alpine with FROM scratch', why: 'no OS' }],
      warnings: [],
      refusals: [],
      backup: 'svc/Dockerfile.orig',
    });
  });

  it('--dry-run carries the Dockerfile it would write; --check says whether the file would change instead', () => {
    expect(jsonDocument({ ...base, dryRun: true })).toMatchObject({ dockerfile: 'FROM scratch\n' });
    expect(jsonDocument({ ...base, dryRun: true })).not.toHaveProperty('wouldChange');
    const checked = jsonDocument({ ...base, dryRun: true, check: true });
    expect(checked).toMatchObject({ wouldChange: true });
    expect(checked).not.toHaveProperty('dockerfile');
  });

  it('a batch: the strategy, check, every report and what --all skipped', () => {
    expect(
      jsonDocument({
        ...base,
        outcomes: [
          { file: 'a/Dockerfile', result: converted },
          { file: 'b/Dockerfile', result: minimal },
        ],
        skipped: [{ path: 'link/Dockerfile', code: 'symlink', reason: 'a symbolic link: not followed' }],
        batch: true,
        check: true,
        dryRun: true,
      }),
    ).toEqual({
      strategy: 'scratch',
      check: true,
      results: [
        {
          file: 'a/Dockerfile',
          status: 'converted',
          code: 'converted',
          converted: true,
          strategy: 'scratch',
          changes: [
            { code: 'GMC201', line: 4, what: 'replaced FROM alpine with FROM scratch', why: 'no OS' },
          ],
          warnings: [],
          refusals: [],
          wouldChange: true,
        },
        {
          file: 'b/Dockerfile',
          status: 'already-minimal',
          code: 'already-minimal',
          converted: false,
          strategy: 'scratch',
          changes: [],
          warnings: [],
          refusals: [],
          reason: 'already ships scratch',
          wouldChange: false,
        },
      ],
      skipped: [{ path: 'link/Dockerfile', code: 'symlink', reason: 'a symbolic link: not followed' }],
    });
  });

  it('a batch without --check has no check key; --all that found nothing is an empty batch', () => {
    expect(jsonDocument({ ...base, outcomes: [], batch: true })).toEqual({
      strategy: 'scratch',
      results: [],
      skipped: [],
    });
  });
});
