// Mutation testing of the generator side: the answers, their defaults and
// validators, the strategies and the renderer. `npm run mutation` runs it.
// Only the suites that import src/ directly can kill these mutants (the
// generator suites run the compiled dist/), so only those run.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'jest',
  testRunnerNodeArgs: ['--experimental-vm-modules'],
  jest: { projectType: 'custom', configFile: 'jest.mutation.config.js', enableFindRelatedTests: false },
  mutate: [
    'src/core/options.ts',
    'src/core/defaults.ts',
    'src/core/validators.ts',
    'src/core/strategies.ts',
    'src/core/render.ts',
    'src/core/cli-options.ts',
  ],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  timeoutMS: 60000,
  tempDirName: '.stryker-tmp',
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/generator.json' },
  thresholds: { high: 80, low: 60, break: null },
};
