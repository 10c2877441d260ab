/**
 * GMC005: a conversion is only as sure as the scan for cgo. Each path of the
 * build context the scan could not read (io/context-scan.ts) becomes a
 * warning, as an import "C" there would go unseen.
 */
import { findingsFor, ruleMeta, type Finding, type InputRule } from './types.js';

const meta = ruleMeta({
  code: 'GMC005',
  name: 'UnreadableContext',
  severity: ['warning'],
  what: 'warns about build-context paths the cgo scan could not read',
  why: 'an `import "C"` there would go unseen',
  example: 'an unreadable `internal/secret/`: warning',
});

export const unreadableContextRule: InputRule & {
  readonly warnings: (
    unreadable: ReadonlyArray<{ readonly path: string; readonly reason: string }>,
  ) => readonly Finding[];
} = {
  meta,
  phase: 'input',
  warnings: (unreadable) => {
    const findings = findingsFor(meta);
    for (const { path, reason } of unreadable)
      findings.warn(`could not read ${path} (${reason}): an import "C" in it would not be seen`);
    return findings.output().warnings;
  },
};
