/**
 * Stryker runs Jest once per mutant, and Jest loads every test file in a fresh
 * module registry, instrumented engine included: with some twenty small rule
 * specs that loading cost several times the tests themselves. This bundle
 * imports the chosen suites (GMC_MUTATION_SUITES, the same names as
 * jest.mutation.config.js) into one file, so a mutant run loads the engine
 * once. The tests and their names are unchanged. Not a test file of its own:
 * the ordinary `npm run jest` never sees it.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../helpers/paths.js';

const SUITES = new RegExp(`/test/(${process.env.GMC_MUTATION_SUITES ?? 'rules/.*'})\\.test\\.ts$`);
const TEST_DIR = path.join(REPO_ROOT, 'test');

const suites = readdirSync(TEST_DIR, { recursive: true, encoding: 'utf8' })
  .map((name) => path.join(TEST_DIR, name))
  .filter((file) => SUITES.test(file))
  .sort();

for (const suite of suites) await import(pathToFileURL(suite).href);
