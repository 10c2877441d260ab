// The jest configuration Stryker runs: only the fast suites that import src/
// directly (the generator and CLI suites run the compiled dist/, which
// Stryker's mutants never reach). GMC_MUTATION_SUITES picks them by name.
// GMC_MUTATION_BUNDLE=1 runs them all from one file, test/mutation/bundle.ts,
// which loads the mutated engine once per mutant instead of once per suite.
import base from './jest.config.js';

const SUITES = process.env.GMC_MUTATION_SUITES ?? 'validators|defaults|render|cli-options|options';
const BUNDLE = process.env.GMC_MUTATION_BUNDLE === '1';

/** @type {import('jest').Config} */
export default {
  ...base,
  testMatch: undefined,
  testRegex: BUNDLE ? '/test/mutation/bundle\\.ts$' : `/test/(${SUITES})\\.test\\.ts$`,
  // In the bundle, the convert suite's snapshots are still its own.
  snapshotResolver: BUNDLE ? '<rootDir>/test/mutation/snapshot-resolver.cjs' : undefined,
  globalSetup: undefined,
  globalTeardown: undefined,
};
