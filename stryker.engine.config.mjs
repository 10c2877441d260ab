// Mutation testing of the convert engine: the conversion, its model of the
// Dockerfile and the report. `npm run mutation` runs it after the generator's.
import generator from './stryker.generator.config.mjs';

const ENGINE = 'src/core/convert';

/** The modules the rules are built on. */
const HELPERS = [
  'shell/shell-words',
  'shell/exec-form',
  'facts/users',
  'facts/packages',
  'builds/go-commands',
  'cli/report',
  'facts/dockerfile-model',
  'facts/collect-facts',
];
/** Following builds through make and scripts, and deciding cgo from the build context (issue 7 items 2 and 5). */
const MAKE = ['builds/makefile', 'builds/make-run', 'builds/make-conditionals', 'builds/make-functions'];
const BUILDS = [
  ...MAKE,
  'builds/build-script',
  'builds/indirect-builds',
  'builds/go-invocation',
  'builds/release-config',
  'cgo/cgo-evidence',
  'cgo/context-cgo',
];
// discovery.ts and write-back.ts only walk and write the disk; the batch and
// discovery suites cover them, and those suites are too slow to run per mutant.
const DISK_ONLY = ['io/discovery', 'io/write-back'];

/**
 * A whole run mutates ~3500 places, and nearly every mutant is reached by
 * every fixture conversion of test/convert.test.ts (6 s of tests a mutant on
 * this shared 2-core machine): hours. GMC_MUTATION_GROUP=<name> runs one group
 * of files against the suites that specify them, with its own results files;
 * the groups together cover the same files as the whole run.
 */
/**
 * The rules group in three pieces by file name, since Stryker writes its
 * results only when a run completes, and the whole group (some 2,800 mutants)
 * does not finish in one sitting on this machine.
 */
const RULE_PIECES = { 'rules-a': '[a-g]', 'rules-b': '[h-p]', 'rules-c': '[q-z]' };
const rulesOf = (letters) => ({ mutate: [`${ENGINE}/rules/${letters}*.ts`], suites: 'rules/.*' });

const helpersOf = (files) => ({ mutate: files.map((file) => `${ENGINE}/${file}.ts`), suites: 'rules/.*' });
const buildsOf = (files) => ({
  mutate: files.map((file) => `${ENGINE}/${file}.ts`),
  suites: 'makefile|build-script|convert-builds|convert-static|rules/.*',
});

const REST_A = ['cli/*', 'io/*', 'convert', 'plan', 'limits', 'options'];
const REST_SUITES =
  'line-endings|rules/.*|report-.*|limits|build-context(-choice)?|discovery-files|convert-(builds|static|prebuilt)';
const restOf = (globs) => ({
  mutate: [
    ...globs,
    `!${ENGINE}/rules/*.ts`,
    ...[...HELPERS, ...BUILDS, ...DISK_ONLY].map((file) => `!${ENGINE}/${file}.ts`),
  ],
  suites: REST_SUITES,
});

const GROUPS = {
  // The rules, against their specs (test/rules/*, inline Dockerfiles).
  rules: rulesOf(''),
  ...Object.fromEntries(Object.entries(RULE_PIECES).map(([piece, letters]) => [piece, rulesOf(letters)])),
  // The helpers the rules are built on, against the rule specs and their unit suites.
  helpers: helpersOf(HELPERS),
  // The same in two pieces of about an hour's mutants or less each on this machine.
  'helpers-a': helpersOf(HELPERS.slice(0, 5)),
  'helpers-b': helpersOf(HELPERS.slice(5)),
  // Builds behind make, scripts and wrappers, and the cgo evidence, against their unit suites and the specs.
  builds: buildsOf(BUILDS),
  'builds-make': buildsOf(MAKE),
  'builds-other': buildsOf(BUILDS.filter((file) => !MAKE.includes(file))),
  // The rest: the orchestration, edits, files and source decoding, against
  // the suites that import them from src/ (the CLI suites run the built dist/,
  // which a mutant of src/ never reaches). Without test/convert.test.ts, whose
  // fixture conversions reach every mutant (too slow here): a lower bound.
  rest: restOf([`${ENGINE}/**/*.ts`]),
  // The same in two pieces: the command line, the disk and the orchestration;
  // the facts, the edits and the file commands.
  'rest-a': restOf(REST_A.map((glob) => `${ENGINE}/${glob}.ts`)),
  'rest-b': restOf([`${ENGINE}/**/*.ts`, ...REST_A.map((glob) => `!${ENGINE}/${glob}.ts`)]),
};

const group = process.env.GMC_MUTATION_GROUP ? GROUPS[process.env.GMC_MUTATION_GROUP] : undefined;
if (process.env.GMC_MUTATION_GROUP && !group) {
  throw new Error(`GMC_MUTATION_GROUP must be one of ${Object.keys(GROUPS).join(', ')}`);
}
const name = process.env.GMC_MUTATION_GROUP ? `engine-${process.env.GMC_MUTATION_GROUP}` : 'engine';

process.env.GMC_MUTATION_SUITES ??= group?.suites ?? 'convert|line-endings|rules/.*';
// One test file that imports those suites (test/mutation/bundle.ts): Jest then
// loads the mutated engine once per mutant run, not once per suite (measured:
// 1.7 s against 18 s for a one-test run on the busy machine).
process.env.GMC_MUTATION_BUNDLE ??= '1';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...generator,
  mutate: group?.mutate ?? [`${ENGINE}/**/*.ts`, ...DISK_ONLY.map((file) => `!${ENGINE}/${file}.ts`)],
  // The suites above take about 3.5 s in all, a single test rarely 0.5 s. A
  // mutant that turns a scan into an endless loop would otherwise cost the
  // generator's 60 s each; the factor still scales with the tests' own time.
  timeoutMS: 5000,
  // The machine is shared: at most two test runners.
  concurrency: 2,
  // A later run reuses the results of mutants whose code and tests did not
  // change (`--force` runs them all again).
  incremental: true,
  incrementalFile: `reports/mutation/${name}-incremental.json`,
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
};
