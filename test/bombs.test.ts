/**
 * Issue 14's bombs: inputs built to make convert work without end. Each runs
 * through the bin under GNU time and must end with a clear refusal or a
 * result in under 300 MB of peak memory. Time is not asserted (the machine
 * may be loaded): the jest timeout is the "answers rather than hangs" bound.
 * `npx tsx bench/bombs.ts` prints their times and peaks.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';
import { BOMBS, EDGE_BOMBS } from './helpers/bombs.js';
import { BIN } from './helpers/paths.js';
import { tempDir } from './helpers/run.js';

/** How each bomb must end: refused with this code and text, or converted. */
const EXPECTED: Record<
  string,
  { status: 'refused'; code: string; reason: string } | { status: 'converted' }
> = {
  '1M-line Dockerfile (10.9 MB)': {
    status: 'refused',
    code: 'GMC001',
    reason: 'it is 10 MB: too large for a Dockerfile (the limit is 4 MB)',
  },
  'one 9 MB line': {
    status: 'refused',
    code: 'GMC001',
    reason: 'it is 9 MB: too large for a Dockerfile (the limit is 4 MB)',
  },
  '1M continuation lines': {
    status: 'refused',
    code: 'GMC001',
    reason: 'it is 6 MB: too large for a Dockerfile (the limit is 4 MB)',
  },
  '10k go build + 10k COPY': {
    status: 'refused',
    code: 'GMC001',
    reason: 'the file has more than 1,000 instructions: more than a Dockerfile is taken to have',
  },
  '10k FROMs': { status: 'refused', code: 'GMC001', reason: 'the file has more than 100 stages (FROM)' },
  '100 MB file': {
    status: 'refused',
    code: 'GMC001',
    reason: 'it is 96 MB: too large for a Dockerfile (the limit is 4 MB)',
  },
  'Makefile include diamond (5 levels x 20 files)': { status: 'converted' },
  'recursive make variables': { status: 'converted' },
  '8x12 prerequisite diamond': { status: 'converted' },
  '$(MAKE) fan-out': { status: 'converted' },
  '1,000 instructions (the budget)': { status: 'converted' },
  '100 stages (the budget)': { status: 'converted' },
  '1,000 go commands in one RUN (the budget)': { status: 'converted' },
  '4 instructions of 63 KB (the instruction bytes budget)': { status: 'converted' },
  '99,000 comment lines (3 MB)': { status: 'converted' },
  '19,990 continuation lines in two RUNs': { status: 'converted' },
};
const ALL = [...BOMBS, ...EDGE_BOMBS];

describe('bombs: each ends with a refusal or a result, in bounded memory', () => {
  it('every bomb has an expected outcome', () => {
    expect(ALL.map((bomb) => bomb.name).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(ALL.map((bomb) => [bomb.name, bomb] as const))(
    '%s',
    (name, bomb) => {
      const dir = tempDir('bomb');
      bomb.write(dir);
      const run = spawnSync(
        '/usr/bin/time',
        ['-f', 'peak-kb=%M', process.execPath, BIN, 'convert', '--dry-run', '--json'],
        { cwd: dir, encoding: 'utf8', input: '', timeout: 100_000, maxBuffer: 64 * 1024 * 1024 },
      );
      const peak = /peak-kb=(\d+)\s*$/.exec(run.stderr);
      expect(peak).not.toBeNull();
      expect(Number(peak?.[1]) / 1024).toBeLessThan(300);
      const report = JSON.parse(run.stdout) as {
        status: string;
        reason?: string;
        refusals: Array<{ code: string; message: string }>;
        dockerfile?: string;
      };
      const expected = EXPECTED[name];
      expect(report.status).toBe(expected?.status);
      if (expected?.status === 'refused') {
        expect(run.status).toBe(1);
        expect(report.refusals[0]).toEqual({ code: expected.code, message: expected.reason });
      } else {
        expect(run.status).toBe(0);
        expect(report.dockerfile).toContain('FROM scratch');
      }
    },
    120_000,
  );
});
