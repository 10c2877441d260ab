/** GMC003: the converter only rewrites Dockerfiles that build a Go program. */
import { findingsFor, ruleMeta, type GateRule } from './types.js';

const meta = ruleMeta({
  code: 'GMC003',
  name: 'NoGoBuild',
  severity: ['refusal'],
  refusals: 'scratch-impossible',
  what: 'refuses a file with no `go build`, `go install` or `go run`',
  why: 'the converter rewrites Dockerfiles that build a Go program, and only those',
  example: '`FROM node:20` + `RUN npm ci`: refused',
});

export const noGoBuildRule: GateRule = {
  meta,
  phase: 'gate',
  check: (facts) => {
    if (facts.goCommands.length > 0) return undefined;
    const findings = findingsFor(meta);
    findings.refuse(
      'no Go build found (no go build, go install or go run): the converter only rewrites Dockerfiles that build a Go program',
    );
    return findings.refusedVerdict();
  },
};
