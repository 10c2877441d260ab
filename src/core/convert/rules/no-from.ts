/** GMC002: a file with no FROM is not a Dockerfile the converter can read. */
import { findingsFor, ruleMeta, type GateRule } from './types.js';

const meta = ruleMeta({
  code: 'GMC002',
  name: 'NoFrom',
  severity: ['refusal'],
  what: 'refuses a file with no `FROM`',
  why: 'without a stage there is nothing to convert',
  example: '`RUN go build .` alone: refused',
});

export const noFromRule: GateRule = {
  meta,
  phase: 'gate',
  check: (facts) => {
    if (facts.stages.length > 0) return undefined;
    const findings = findingsFor(meta);
    findings.refuse('there is no FROM instruction: this is not a Dockerfile the converter can read');
    return findings.refusedVerdict();
  },
};
