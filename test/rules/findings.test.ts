/**
 * Findings and concatOutputs (src/core/convert/rules/types.ts): how a rule
 * collects what it reports, only of the kinds its meta declares. Every
 * expected value is written out.
 */
import { describe, expect, it } from '@jest/globals';
import {
  concatOutputs,
  DROP,
  Findings,
  findingsFor,
  KEEP,
  NO_OUTPUT,
  ruleMeta,
  type RuleMeta,
} from '../../src/core/convert/rules/types.js';

/** A meta that declares every kind, for the tests of what Findings records. */
function everyKind(code: 'GMC203' | 'GMC101'): RuleMeta {
  return ruleMeta({
    code,
    name: 'N',
    severity: ['refusal', 'warning', 'change'],
    what: 'w',
    why: 'y',
    example: 'e',
  });
}

describe('Findings', () => {
  it("gives every entry the rule's code, and a line only when there is one", () => {
    const findings = new Findings(everyKind('GMC203'));
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
    const findings = new Findings(everyKind('GMC203'));
    expect(findings.refusalCount).toBe(0);
    expect(findings.output()).toEqual({ refusals: [], warnings: [], changes: [], edits: [] });
    expect(NO_OUTPUT).toEqual({ refusals: [], warnings: [], changes: [], edits: [] });
    expect(findings.refusedVerdict()).toBeUndefined();
  });

  it('reports only the kinds its meta declares: any other is an internal error', () => {
    const warnsOnly = new Findings(
      ruleMeta({ code: 'GMC203', name: 'N', severity: ['warning'], what: 'w', why: 'y', example: 'e' }),
    );
    warnsOnly.warn('fine');
    expect(() => warnsOnly.refuse('no')).toThrow(
      'internal error: GMC203 reported a refusal, but its rule declares warning',
    );
    expect(() => warnsOnly.change(1, 'no', 'no')).toThrow(
      'internal error: GMC203 reported a change, but its rule declares warning',
    );
    const none = new Findings(
      ruleMeta({ code: 'GMC004', name: 'N', severity: [], what: 'w', why: 'y', example: 'e' }),
    );
    expect(() => none.warn('no')).toThrow(
      'internal error: GMC004 reported a warning, but its rule declares no finding',
    );
    // Edits are no finding: any rule may plan them.
    none.edit(0, 0, 'x');
    expect(warnsOnly.output()).toEqual({
      refusals: [],
      warnings: [{ code: 'GMC203', message: 'fine' }],
      changes: [],
      edits: [],
    });
    expect(none.output().edits).toEqual([{ start: 0, end: 0, text: 'x' }]);
  });

  it('offers, through findingsFor, only the methods of the declared kinds', () => {
    const findings = findingsFor(
      ruleMeta({ code: 'GMC208', name: 'N', severity: ['change'], what: 'w', why: 'y', example: 'e' }),
    );
    findings.change(2, 'what', 'why');
    // @ts-expect-error -- GMC208 declares no refusal: refuse is not there to call.
    expect(() => findings.refuse('no')).toThrow('internal error: GMC208 reported a refusal');
    // @ts-expect-error -- nor a warning.
    expect(() => findings.warn('no')).toThrow('internal error: GMC208 reported a warning');
    expect(findings.output().changes).toEqual([{ code: 'GMC208', line: 2, what: 'what', why: 'why' }]);
  });

  it('hands data on after the findings, and plans an instruction kept unless told otherwise', () => {
    const findings = new Findings(everyKind('GMC203'));
    findings.warn('w', 2);
    expect(findings.output({ userLine: 'USER 1:1' })).toEqual({
      refusals: [],
      warnings: [{ code: 'GMC203', line: 2, message: 'w' }],
      changes: [],
      edits: [],
      userLine: 'USER 1:1',
    });
    expect(findings.plan()).toEqual({ ...findings.output(), rewrite: { kind: 'keep' } });
    expect(findings.plan().rewrite).toBe(KEEP);
    expect(findings.plan(DROP).rewrite).toEqual({ kind: 'drop' });
    expect(findings.plan({ kind: 'replace', text: 'USER 1' }).rewrite).toEqual({
      kind: 'replace',
      text: 'USER 1',
    });
  });

  it('gives a gate its refused verdict, with the refusals as they are then', () => {
    const findings = new Findings(everyKind('GMC203'));
    findings.refuse('first', 1);
    const verdict = findings.refusedVerdict();
    findings.refuse('later');
    expect(verdict).toEqual({ kind: 'refused', refusals: [{ code: 'GMC203', line: 1, message: 'first' }] });
  });
});

describe('concatOutputs', () => {
  it('puts the outputs one after the other, in the order given', () => {
    const first = new Findings(everyKind('GMC203'));
    first.refuse('a');
    first.change(1, 'w', 'y');
    const second = new Findings(everyKind('GMC101'));
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
