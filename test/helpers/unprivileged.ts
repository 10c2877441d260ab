/**
 * Meeting EACCES in tests. The tests run as root, which can read any folder
 * whatever its mode; so the code under test is run in a child process as uid
 * 65534 (nobody), through setpriv, on the compiled dist/ modules. Run as
 * another user, the child is simply run as that user.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './paths.js';

const NOBODY = '65534';

export type CallOutcome = { value: unknown } | { error: { name: string; code?: string; message: string } };

/**
 * Calls `exported(...args)` from `dist/<modulePath>` as an unprivileged user
 * and returns its result through JSON, or the error it threw.
 */
export function callUnprivileged(modulePath: string, exported: string, args: unknown[]): CallOutcome {
  const compiled = path.join(REPO_ROOT, 'dist', modulePath);
  assertBuilt(compiled);
  const script = `
    const module = await import(${JSON.stringify(pathToFileURL(compiled).href)});
    let outcome;
    try {
      outcome = { value: module[${JSON.stringify(exported)}](...${JSON.stringify(args)}) };
    } catch (error) {
      outcome = { error: { name: error.name, code: error.code, message: error.message } };
    }
    process.stdout.write(JSON.stringify(outcome));`;
  const node = [process.execPath, '--input-type=module', '-e', script];
  const asRoot = process.getuid?.() === 0;
  const command = asRoot
    ? ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', ...node]
    : node;
  const run = spawnSync(command[0] as string, command.slice(1), { encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) throw new Error(`${command[0]} failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as CallOutcome;
}

/** The value of a call that must not throw. */
export function valueOf(outcome: CallOutcome): unknown {
  if ('error' in outcome) throw new Error(`the call threw: ${outcome.error.message}`);
  return outcome.value;
}

/**
 * Opens a temp folder to every user (mkdtemp makes it 0700), so the
 * unprivileged child can reach what the test did not lock.
 */
export function openToAll(dir: string): void {
  chmodSync(dir, 0o755);
}

/**
 * dist/ must hold the code under test: a stale build would test old code.
 * Under mutation testing (GMC_MUTATION_BUNDLE, stryker.engine.config.mjs) the
 * sandbox's src/ is instrumented after dist/ was built, and no mutant reaches
 * dist/: these calls then test the unmutated build and kill no mutant, which
 * only makes the score a lower bound.
 */
function assertBuilt(compiled: string): void {
  if (!existsSync(compiled)) throw new Error(`${compiled} is missing: run npm run build first`);
  if (process.env.GMC_MUTATION_BUNDLE === '1') return;
  const built = statSync(compiled).mtimeMs;
  const newest = newestSource(path.join(REPO_ROOT, 'src'));
  if (newest.mtimeMs > built)
    throw new Error(`dist/ is older than ${path.relative(REPO_ROOT, newest.file)}: run npm run build first`);
}

function newestSource(dir: string): { file: string; mtimeMs: number } {
  let newest = { file: dir, mtimeMs: 0 };
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const candidate = entry.isDirectory()
      ? newestSource(full)
      : { file: full, mtimeMs: statSync(full).mtimeMs };
    if (candidate.mtimeMs > newest.mtimeMs) newest = candidate;
  }
  return newest;
}
