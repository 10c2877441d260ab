/**
 * GMC005: a conversion is only as sure as what it could read. Each path of
 * the build context the cgo scan could not read (io/context-scan.ts) becomes
 * a warning, as an import "C" there would go unseen; so does a Makefile or
 * script the safe reader refused. A refused go.mod refuses the file: read as
 * absent, it would plan a `go mod init` for a module that has a go.mod.
 */
import { findingsFor, ruleMeta, type Finding, type InputRule } from './types.js';

const meta = ruleMeta({
  code: 'GMC005',
  name: 'UnreadableContext',
  severity: ['refusal', 'warning'],
  refusals: 'not-seen',
  what: 'warns about build-context paths the cgo scan could not read, and files the safe reader refused (a FIFO, a device, a link out of the context, over its size cap); a refused go.mod refuses the file',
  why: 'an `import "C"` there would go unseen; a go.mod read as absent would plan a `go mod init` for a module that has one',
  example: 'an unreadable `internal/secret/`: warning; `go.mod` a link to `/dev/zero`: refused',
});

export const unreadableContextRule: InputRule & {
  readonly warnings: (
    unreadable: ReadonlyArray<{ readonly path: string; readonly reason: string }>,
  ) => readonly Finding[];
  /** Files the conversion asked for and the safe reader refused: refusals when one is go.mod, else warnings. */
  readonly refusedReads: (reads: ReadonlyArray<{ readonly path: string; readonly reason: string }>) => {
    readonly refusals: readonly Finding[];
    readonly warnings: readonly Finding[];
  };
} = {
  meta,
  phase: 'input',
  warnings: (unreadable) => {
    const findings = findingsFor(meta);
    for (const { path, reason } of unreadable)
      findings.warn(`could not read ${path} (${reason}): an import "C" in it would not be seen`);
    return findings.output().warnings;
  },
  refusedReads: (reads) => {
    const findings = findingsFor(meta);
    const goMod = reads.some(({ path }) => /(^|\/)go\.mod$/.test(path));
    for (const { path, reason } of reads) {
      const message = `did not read ${path} from the build context: ${reason}`;
      if (goMod) findings.refuse(message);
      else findings.warn(message);
    }
    const { refusals, warnings } = findings.output();
    return { refusals, warnings };
  },
};
