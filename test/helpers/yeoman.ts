/**
 * yeoman-test runs whose temp folders go when the test file ends.
 *
 * Each helpers.run() creates a folder under the temp dir and removes the
 * previous run's; the last run of a file stays (yeoman-test removes it only
 * when the process exits, and a jest worker outlives the file). Runs started
 * here are all removed after the file's last test.
 */
import { afterAll } from '@jest/globals';
import helpers from 'yeoman-test';

const started: Array<{ cleanupTemporaryDir(): unknown }> = [];

afterAll(() => {
  // Newest first: each goes back to the folder it started in, the oldest to the test's own.
  for (const context of started.splice(0).reverse()) context.cleanupTemporaryDir();
});

export function runGenerator(...args: Parameters<typeof helpers.run>) {
  const context = helpers.run(...args);
  started.push(context);
  return context;
}
