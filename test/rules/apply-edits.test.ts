/**
 * applyEdits (src/core/convert/edits/apply-edits.ts): the one step that
 * changes text. Edits are planned against the original text; overlapping
 * edits are a bug in the rules and an error here; at one offset insertions
 * keep the order they were planned in and land in front of a replacement
 * there. Literal cases first, then a property against a plain reference.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { applyEdits } from '../../src/core/convert/edits/apply-edits.js';
import type { Edit } from '../../src/core/convert/rules/types.js';

const edit = (start: number, end: number, text: string): Edit => ({ start, end, text });

describe('applyEdits', () => {
  it('returns the text as it is with no edit', () => {
    expect(applyEdits('FROM a\n', [])).toBe('FROM a\n');
    expect(applyEdits('', [])).toBe('');
  });

  it('applies every edit against the original offsets, whatever the order they come in', () => {
    const text = 'RUN go build -o /app .\n';
    const edits = [edit(4, 4, 'CGO_ENABLED=0 '), edit(13, 20, '-o /out'), edit(0, 3, 'run')];
    expect(applyEdits(text, edits)).toBe('run CGO_ENABLED=0 go build -o /out .\n');
    expect(applyEdits(text, [...edits].reverse())).toBe('run CGO_ENABLED=0 go build -o /out .\n');
  });

  it('deletes, inserts at the start and at the end', () => {
    expect(applyEdits('abcdef', [edit(2, 4, '')])).toBe('abef');
    expect(applyEdits('abc', [edit(0, 0, '>'), edit(3, 3, '<')])).toBe('>abc<');
    expect(applyEdits('abc', [edit(0, 3, 'xyz')])).toBe('xyz');
  });

  it('keeps insertions at one offset in the order they were planned', () => {
    expect(applyEdits('ab', [edit(1, 1, '1'), edit(1, 1, '2'), edit(1, 1, '3')])).toBe('a123b');
    expect(applyEdits('ab', [edit(1, 1, '3'), edit(1, 1, '2'), edit(1, 1, '1')])).toBe('a321b');
  });

  it('puts insertions at the offset a replacement starts in front of it, in their order', () => {
    expect(applyEdits('abcd', [edit(1, 3, 'X'), edit(1, 1, '1'), edit(1, 1, '2')])).toBe('a12Xd');
    expect(applyEdits('abcd', [edit(1, 1, '1'), edit(1, 3, 'X'), edit(1, 1, '2')])).toBe('a12Xd');
  });

  it('lets edits touch: an insertion or a replacement where another ends', () => {
    expect(applyEdits('abcd', [edit(1, 3, 'X'), edit(3, 3, '!')])).toBe('aX!d');
    expect(applyEdits('abcd', [edit(1, 2, 'X'), edit(2, 4, 'Y')])).toBe('aXY');
  });

  it('refuses overlapping replacements, naming both', () => {
    expect(() => applyEdits('abcdef', [edit(1, 4, 'X'), edit(3, 5, 'Y')])).toThrow(
      'internal error: overlapping edits at 1..4 and 3..5',
    );
    expect(() => applyEdits('abcdef', [edit(3, 5, 'Y'), edit(1, 4, 'X')])).toThrow(
      'internal error: overlapping edits at 1..4 and 3..5',
    );
    expect(() => applyEdits('abcdef', [edit(1, 3, 'X'), edit(1, 3, 'Y')])).toThrow(
      'internal error: overlapping edits at 1..3 and 1..3',
    );
    expect(() => applyEdits('abcdef', [edit(0, 6, 'X'), edit(2, 3, 'Y')])).toThrow(
      'internal error: overlapping edits at 0..6 and 2..3',
    );
  });

  it('refuses an insertion inside a replacement: it would be lost or misplaced', () => {
    expect(() => applyEdits('abcdef', [edit(1, 4, 'X'), edit(2, 2, 'i')])).toThrow(
      'internal error: overlapping edits at 1..4 and 2..2',
    );
  });

  it('finds an overlap past an insertion at the same offset', () => {
    expect(() => applyEdits('abcdefgh', [edit(0, 0, 'i'), edit(0, 6, 'X'), edit(5, 7, 'Y')])).toThrow(
      'internal error: overlapping edits at 0..6 and 5..7',
    );
  });
});

/** Whether two edits touch the same text: shared characters, or an insertion strictly inside a replacement. */
function conflict(a: Edit, b: Edit): boolean {
  const aEmpty = a.start === a.end;
  const bEmpty = b.start === b.end;
  if (aEmpty && bEmpty) return false;
  if (aEmpty) return b.start < a.start && a.start < b.end;
  if (bEmpty) return a.start < b.start && b.start < a.end;
  return a.start < b.end && b.start < a.end;
}

/** The reference: walk the text once; at each offset its insertions (in plan order), then a replacement or the character. */
function reference(text: string, edits: readonly Edit[]): string {
  let result = '';
  for (let at = 0; at <= text.length;) {
    for (const insertion of edits)
      if (insertion.start === at && insertion.end === at) result += insertion.text;
    const replacement = edits.find((candidate) => candidate.start === at && candidate.end > at);
    if (replacement) {
      result += replacement.text;
      at = replacement.end;
    } else {
      result += text[at] ?? '';
      at++;
    }
  }
  return result;
}

describe('applyEdits against the reference', () => {
  const case_ = fc.string({ maxLength: 12 }).chain((text) =>
    fc.tuple(
      fc.constant(text),
      fc.array(
        fc
          .tuple(fc.nat(text.length), fc.nat(text.length), fc.string({ maxLength: 3 }))
          .map(([a, b, replacement]) => edit(Math.min(a, b), Math.max(a, b), replacement)),
        { maxLength: 5 },
      ),
    ),
  );

  it('applies edits that do not conflict as the reference does, and refuses those that do', () => {
    let applied = 0;
    let refused = 0;
    fc.assert(
      fc.property(case_, ([text, edits]) => {
        const conflicting = edits.some((a, i) => edits.some((b, j) => i < j && conflict(a, b)));
        if (conflicting) {
          refused++;
          expect(() => applyEdits(text, edits)).toThrow(/^internal error: overlapping edits at /);
        } else {
          applied++;
          expect(applyEdits(text, edits)).toBe(reference(text, edits));
        }
      }),
      { numRuns: 2000 },
    );
    // Both sides of the property were exercised.
    expect(applied).toBeGreaterThan(200);
    expect(refused).toBeGreaterThan(200);
  });
});
