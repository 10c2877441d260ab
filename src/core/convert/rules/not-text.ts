/**
 * GMC001: a file that is empty, binary or not UTF-8 holds no Dockerfile to
 * read. Reading it is io's (io/source.ts says why it is not text); the
 * refusal is this rule's.
 */
import { findingsFor, ruleMeta, type Finding, type InputRule } from './types.js';

const meta = ruleMeta({
  code: 'GMC001',
  name: 'NotText',
  severity: ['refusal'],
  refusals: 'not-seen',
  what: 'refuses a file that is empty, binary or not UTF-8, or beyond the budgets (4 MB, 100,000 lines, 64 KB a line or an instruction, 256 KB of instructions, 1,000 instructions, 100 stages, 1,000 go commands, 2,000 edits)',
  why: 'there is no Dockerfile to read',
  example: 'a file holding NUL bytes: refused',
});

export const notTextRule: InputRule & { readonly refusals: (reason: string) => readonly Finding[] } = {
  meta,
  phase: 'input',
  /** `reason`: why the file could not be read as text, as the reader found it. */
  refusals: (reason) => {
    const findings = findingsFor(meta);
    findings.refuse(reason);
    return findings.output().refusals;
  },
};
