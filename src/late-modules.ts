/**
 * The two ES modules the bin loads only when it needs them: the terminal
 * prompter (its own bundle, dist/prompter.bundle.js) when a question is due,
 * and yeoman-environment when a generator runs.
 *
 * In the bin's bundle this module is replaced (scripts/bundle.mjs) by one that
 * imports through `__gmcImport`, a function the bin's loader passes in
 * (bin/code-cache.js): the bundle is compiled by vm.Script for V8's code
 * cache, and an import() compiled that way needs an experimental Node flag.
 */
import type * as YeomanEnvironment from 'yeoman-environment';
import type * as Prompter from './terminal-prompter.js';

export async function importPrompter(): Promise<typeof Prompter> {
  return import('./terminal-prompter.js');
}

export async function importYeomanEnvironment(): Promise<typeof YeomanEnvironment> {
  return import('yeoman-environment');
}
