/**
 * The apply step: planned edits, all made against the original text, are
 * applied in one pass. Edits must not overlap; two rules planning changes to
 * the same text would be a bug in the rules, so it is an error here rather
 * than a silently mixed result.
 */
import type { Edit } from '../rules/types.js';

export function applyEdits(text: string, edits: readonly Edit[]): string {
  const ordered = edits
    .map((edit, index) => ({ edit, index }))
    .sort((a, b) => a.edit.start - b.edit.start || a.edit.end - b.edit.end || a.index - b.index);
  for (let i = 1; i < ordered.length; i++) {
    const previous = ordered[i - 1]?.edit;
    const current = ordered[i]?.edit;
    if (previous && current && overlap(previous, current)) {
      throw new Error(
        `internal error: overlapping edits at ${previous.start}..${previous.end} and ${current.start}..${current.end}`,
      );
    }
  }
  // From the end of the file backwards, so earlier offsets stay valid. At one
  // offset a replacement goes before insertions (they then land in front of
  // it), and insertions keep the order they were planned in.
  let result = text;
  for (const { edit } of ordered.reverse()) {
    result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  }
  return result;
}

/** `a` starts no later than `b`. Touching edits (one ends where the other starts) do not overlap. */
function overlap(a: Edit, b: Edit): boolean {
  return b.start < a.end && (b.end > b.start || b.start > a.start);
}
