// Runs once before all test files. Tools the integration tests need must be
// there: in CI a missing one fails the run; locally it is reported loudly and
// the tests that need it fail with the same message.
import { execFileSync } from 'node:child_process';

export default function globalSetup() {
  // Lets the test workers (which inherit this environment) mark that this run
  // built or used the shared stand-in images, so that only this run's
  // teardown removes them.
  process.env.GMC_JEST_RUN = String(process.pid);

  try {
    execFileSync('go', ['version'], { stdio: 'ignore' });
  } catch {
    const message = 'Go toolchain not found on PATH: the Go integration tests cannot run.';
    if (process.env.CI) throw new Error(`${message} CI requires it.`);
    process.stderr.write(
      `\n${'!'.repeat(78)}\n${message}\nInstall Go (https://go.dev/dl/) to run them.\n${'!'.repeat(78)}\n`,
    );
  }
}
