/**
 * The fuzz suite CI runs (issue 14, item 7): a fixed seed and a fixed number
 * of cases, so every run sees the same inputs (about 60 s on an idle
 * machine; the bound is the case count, never the time). Mutated Go
 * Dockerfiles, with mutated Makefiles, go.mod files and build scripts in
 * their context, through convert's engine, and mutated modules through
 * dockerize's (test/fuzz/fuzz.ts says what each case checks). It prints the
 * seed and the counts. For a longer run with other seeds:
 * `npm run fuzz -- --cases 200000 --seed N`.
 */
import { describe, expect, it } from '@jest/globals';
import { runFuzz } from './fuzz/fuzz.js';

const SEED = 20261201;
const CASES = 12_000;
const DOCKERIZE_EVERY = 40;

describe('fuzz: convert and dockerize on mutated inputs', () => {
  it(`seed ${SEED}, ${CASES} cases: no crash, no internal error, no broken or non-idempotent output`, () => {
    const report = runFuzz({ seed: SEED, cases: CASES, dockerizeEvery: DOCKERIZE_EVERY, keepFindings: 5 });
    const { counts } = report;
    process.stdout.write(
      `fuzz seed ${SEED}: ${counts.cases} cases; convert: ${counts.converted} converted, ${counts.alreadyMinimal} already minimal, ` +
        `${counts.refused} refused, ${counts.decodeRefused} not text, ${counts.reconverted} re-conversions; ` +
        `dockerize: ${counts.dockerizeCases} modules, ${counts.dockerizeRendered} rendered, ${counts.dockerizeRefused} refused\n`,
    );
    // Every kind of finding is counted: each must be 0, and the first ones found are shown whole.
    expect({ findings: counts.findings, first: report.findings }).toEqual({
      findings: {
        crash: 0,
        'internal-error': 0,
        'unparsable-output': 0,
        'structure-mismatch': 0,
        'lost-instruction': 0,
        'non-idempotent': 0,
        'dockerize-crash': 0,
        'dockerize-unparsable': 0,
        'dockerize-shell': 0,
        'dockerize-not-minimal': 0,
      },
      first: [],
    });
    // The run must exercise the engines, not only refusals.
    expect(counts.converted).toBeGreaterThan(CASES / 3);
    expect(counts.reconverted).toBe(counts.converted);
    expect(counts.dockerizeRendered).toBeGreaterThan(counts.dockerizeCases / 3);
  }, 600_000);
});
