// The jest configuration Stryker runs: only the fast suites that import src/
// directly (the generator and CLI suites run the compiled dist/, which
// Stryker's mutants never reach). GMC_MUTATION_SUITES picks them by name.
import base from './jest.config.js';

const SUITES = process.env.GMC_MUTATION_SUITES ?? 'validators|defaults|render|cli-options|options';

/** @type {import('jest').Config} */
export default {
  ...base,
  testMatch: undefined,
  testRegex: `/test/(${SUITES})\\.test\\.ts$`,
  globalSetup: undefined,
  globalTeardown: undefined,
};
