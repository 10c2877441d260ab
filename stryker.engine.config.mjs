// Mutation testing of the convert engine: the conversion, its model of the
// Dockerfile and the report. `npm run mutation` runs it after the generator's.
import generator from './stryker.generator.config.mjs';

process.env.GMC_MUTATION_SUITES ??= 'convert|line-endings|rules/.*';
// One test file that imports those suites (test/mutation/bundle.ts): Jest then
// loads the mutated engine once per mutant run, not once per suite (measured:
// 1.7 s against 18 s for a one-test run on the busy machine).
process.env.GMC_MUTATION_BUNDLE ??= '1';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...generator,
  // discovery.ts and write-back.ts only walk and write the disk; the batch and
  // discovery suites cover them, and those suites are too slow to run per mutant.
  mutate: ['src/core/convert/**/*.ts', '!src/core/convert/discovery.ts', '!src/core/convert/write-back.ts'],
  // The suites above take about 3.5 s in all, a single test rarely 0.5 s. A
  // mutant that turns a scan into an endless loop would otherwise cost the
  // generator's 60 s each; the factor still scales with the tests' own time.
  timeoutMS: 5000,
  // The machine is shared: at most two test runners.
  concurrency: 2,
  // A later run reuses the results of mutants whose code and tests did not
  // change (`--force` runs them all again).
  incremental: true,
  incrementalFile: 'reports/mutation/engine-incremental.json',
  jsonReporter: { fileName: 'reports/mutation/engine.json' },
};
