/** The rule-spec helper (test/rules/helpers.ts) itself: it rejects findings on lines the file does not have. */
import { describe, expect, it } from '@jest/globals';
import type { ConversionResult } from '../../src/core/convert/convert.js';
import { misplacedFindings } from './helpers.js';

function resultWith(lines: Array<number | undefined>): ConversionResult {
  return {
    status: 'refused',
    converted: false,
    strategy: 'scratch',
    changes: [{ code: 'GMC201', line: lines[0] ?? 1, what: 'w', why: 'y' }],
    warnings: [{ code: 'GMC203', ...(lines[1] === undefined ? {} : { line: lines[1] }), message: 'm' }],
    refusals: [{ code: 'GMC202', ...(lines[2] === undefined ? {} : { line: lines[2] }), message: 'm' }],
  };
}

describe('misplacedFindings', () => {
  const text = 'FROM a\nRUN b\nCMD c\n';

  it('passes findings on the lines of the file, and findings about the file as a whole', () => {
    expect(misplacedFindings(text, resultWith([1, 3, undefined]))).toEqual([]);
    expect(misplacedFindings('FROM a\r\nRUN b', resultWith([2, 1, 2]))).toEqual([]);
  });

  it('names findings on line 0 or below, past the last line, or on no whole line', () => {
    expect(misplacedFindings(text, resultWith([0, -1, 4]))).toEqual([
      'GMC201 on line 0 of 3',
      'GMC203 on line -1 of 3',
      'GMC202 on line 4 of 3',
    ]);
    expect(misplacedFindings(text, resultWith([1.5, Number.NaN, 2]))).toEqual([
      'GMC201 on line 1.5 of 3',
      'GMC203 on line NaN of 3',
    ]);
  });
});
