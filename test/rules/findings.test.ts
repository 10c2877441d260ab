/**
 * Findings and concatOutputs (src/core/convert/rules/types.ts): how a rule
 * collects what it reports. Every expected value is written out.
 */
import { describe, expect, it } from '@jest/globals';
import { RuleCode } from '../../src/core/convert/rules/codes.js';
import { concatOutputs, Findings, NO_OUTPUT } from '../../src/core/convert/rules/types.js';

describe('Findings', () => {
  it("gives every entry the rule's code, and a line only when there is one", () => {
    const findings = new Findings(RuleCode.Shell);
    findings.refuse('r1');
    findings.refuse('r2', 3);
    findings.warn('w1');
    findings.warn('w2', 0);
    findings.change(4, 'what', 'why');
    findings.edit(1, 2, 'x');
    expect(findings.refusalCount).toBe(2);
    const output = findings.output();
    expect(output).toEqual({
      refusals: [
        { code: 'GMC203', message: 'r1' },
        { code: 'GMC203', line: 3, message: 'r2' },
      ],
      warnings: [
        { code: 'GMC203', message: 'w1' },
        { code: 'GMC203', line: 0, message: 'w2' },
      ],
      changes: [{ code: 'GMC203', line: 4, what: 'what', why: 'why' }],
      edits: [{ start: 1, end: 2, text: 'x' }],
    });
    expect(Object.keys(output.refusals[0] ?? {})).toEqual(['code', 'message']);
    expect(Object.keys(output.warnings[0] ?? {})).toEqual(['code', 'message']);
  });

  it('starts empty', () => {
    const findings = new Findings(RuleCode.Shell);
    expect(findings.refusalCount).toBe(0);
    expect(findings.output()).toEqual({ refusals: [], warnings: [], changes: [], edits: [] });
    expect(NO_OUTPUT).toEqual({ refusals: [], warnings: [], changes: [], edits: [] });
  });
});

describe('concatOutputs', () => {
  it('puts the outputs one after the other, in the order given', () => {
    const first = new Findings(RuleCode.Shell);
    first.refuse('a');
    first.change(1, 'w', 'y');
    const second = new Findings(RuleCode.Cgo);
    second.refuse('b');
    second.warn('c');
    second.edit(0, 0, 'e');
    expect(concatOutputs([first.output(), NO_OUTPUT, second.output()])).toEqual({
      refusals: [
        { code: 'GMC203', message: 'a' },
        { code: 'GMC101', message: 'b' },
      ],
      warnings: [{ code: 'GMC101', message: 'c' }],
      changes: [{ code: 'GMC203', line: 1, what: 'w', why: 'y' }],
      edits: [{ start: 0, end: 0, text: 'e' }],
    });
  });
});
