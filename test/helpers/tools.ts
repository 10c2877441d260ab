import { execFileSync } from 'node:child_process';

/** True when `command` runs. */
export function hasTool(command: string, versionArgs: string[] = ['--version']): boolean {
  try {
    execFileSync(command, versionArgs, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * For tests that need an external tool: in CI a missing tool fails the test;
 * locally it fails too, with a message that says what to install, so a
 * missing toolchain is never passed silently.
 */
export function requireTool(command: string, why: string, versionArgs?: string[]): void {
  if (!hasTool(command, versionArgs)) {
    throw new Error(`${command} is not installed: ${why}. Install it (CI does) and run the tests again.`);
  }
}
