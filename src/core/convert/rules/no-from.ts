/**
 * GMC002: a file with no FROM is not a Dockerfile the converter can read;
 * nor is one it reads differently from Docker (its parser splits the
 * instructions otherwise, a here-document never ends, an escape directive
 * Docker refuses): edits planned on that reading could drop or keep the wrong lines.
 */
import { findingsFor, ruleMeta, type Finding, type GateRule } from './types.js';

const meta = ruleMeta({
  code: 'GMC002',
  name: 'NoFrom',
  severity: ['refusal'],
  refusals: 'not-seen',
  what: 'refuses a file with no `FROM`, or one it cannot read as Docker does (a keyword glued to its continuation before a comment line, a here-document that never ends, an escape directive Docker refuses, an output Docker would split otherwise than planned)',
  why: "without a stage there is nothing to convert; edits planned on another reading than Docker's could drop or keep the wrong lines",
  example: '`RUN go build .` alone: refused; `RUN <<EOF` with no `EOF` line: refused',
});

export const noFromRule: GateRule & {
  /** The last check of a conversion: its output, read as Docker reads it, splits at `line` otherwise than planned. */
  readonly outputMisread: (line: number) => readonly Finding[];
} = {
  meta,
  phase: 'gate',
  check: (facts) => {
    const findings = findingsFor(meta);
    const misread = facts.misreadLine;
    if (misread !== undefined) {
      findings.refuse(
        misread.why === 'escape'
          ? `line ${misread.line} is an escape directive whose value is neither \` nor \\, which Docker refuses: write # escape=\` (or # escape=\\) alone on the line`
          : misread.why === 'heredoc'
            ? `line ${misread.line} starts a here-document that never ends: Docker reads the rest of the file into it; end it with its terminator line`
            : `line ${misread.line} is not read the way Docker reads it (a keyword glued to a line continuation such as RUN\\ before a comment line, a stray CR): write that instruction plainly, with a space after the keyword, so it can be converted without guessing`,
        misread.line,
      );
      return findings.refusedVerdict();
    }
    if (facts.stages.length > 0) return undefined;
    findings.refuse('there is no FROM instruction: this is not a Dockerfile the converter can read');
    return findings.refusedVerdict();
  },
  outputMisread: (line) => {
    const findings = findingsFor(meta);
    findings.refuse(
      `the converted file would not read in Docker as planned at its line ${line}: an unusual word in the file (such as <<EOF outside a here-document) changes how it splits; rename it`,
    );
    return findings.output().refusals;
  },
};
