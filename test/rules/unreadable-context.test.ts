/** GMC005: what the conversion could not read is said by name; a refused go.mod refuses the file. */
import { describe, expect, it } from '@jest/globals';
import { unreadableContextRule } from '../../src/core/convert/rules/unreadable-context.js';

describe('GMC005 unreadable context', () => {
  it('warns, one finding per path, about what the cgo scan could not read', () => {
    expect(
      unreadableContextRule.warnings([{ path: 'internal/secret', reason: 'permission denied' }]),
    ).toEqual([
      {
        code: 'GMC005',
        message: 'could not read internal/secret (permission denied): an import "C" in it would not be seen',
      },
    ]);
  });

  it('warns about a refused Makefile or script', () => {
    expect(unreadableContextRule.refusedReads([{ path: 'Makefile', reason: 'it is a FIFO' }])).toEqual({
      refusals: [],
      warnings: [{ code: 'GMC005', message: 'did not read Makefile from the build context: it is a FIFO' }],
    });
  });

  it('refuses when go.mod is among the refused reads, naming every one', () => {
    expect(
      unreadableContextRule.refusedReads([
        { path: 'build.sh', reason: 'it is a FIFO' },
        { path: 'svc/go.mod', reason: 'a link to /dev/zero, outside the build context' },
      ]),
    ).toEqual({
      refusals: [
        { code: 'GMC005', message: 'did not read build.sh from the build context: it is a FIFO' },
        {
          code: 'GMC005',
          message:
            'did not read svc/go.mod from the build context: a link to /dev/zero, outside the build context',
        },
      ],
      warnings: [],
    });
  });

  it("refuses for the context's own go.mod, at its root", () => {
    expect(unreadableContextRule.refusedReads([{ path: 'go.mod', reason: 'too large' }]).refusals).toEqual([
      { code: 'GMC005', message: 'did not read go.mod from the build context: too large' },
    ]);
  });

  it('does not take a file named after go.mod for go.mod', () => {
    expect(
      unreadableContextRule.refusedReads([{ path: 'go.mod.orig', reason: 'too large' }]).refusals,
    ).toEqual([]);
  });

  it('does not take a file that only ends in go.mod for go.mod', () => {
    expect(unreadableContextRule.refusedReads([{ path: 'notgo.mod', reason: 'too large' }]).refusals).toEqual(
      [],
    );
  });
});
