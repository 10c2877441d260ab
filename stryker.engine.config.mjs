// Mutation testing of the convert engine: the conversion, its model of the
// Dockerfile and the report. `npm run mutation` runs it after the generator's.
import generator from './stryker.generator.config.mjs';

process.env.GMC_MUTATION_SUITES ??= 'convert|line-endings|rules/.*';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...generator,
  mutate: ['src/core/convert/**/*.ts', '!src/core/convert/discovery.ts', '!src/core/convert/write-back.ts'],
  jsonReporter: { fileName: 'reports/mutation/engine.json' },
};
