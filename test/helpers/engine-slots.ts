/**
 * Builds on the shared engine, and the one measurement that needs the engine
 * to itself. Under concurrent builds, BuildKit's progress stream drops the
 * status of cached steps (moby/buildkit#4330, "simultaneous builds against
 * the same builder drop status messages"; Docker 20.10's BuildKit has it): a
 * warm rebuild whose `go mod download` step was reused may then print no
 * `#N CACHED` line for it. jest runs suites side by side, so the test that
 * reads those lines (docker-e2e's warm rebuild) builds alone: every build of
 * the tests registers itself here, and `alone` waits for the others to end and
 * holds new ones back while it runs.
 *
 * Across processes, with files: a build writes its slot file and then looks
 * for the alone marker (backing off while there is one); `alone` makes the
 * marker and then waits for the slot files to go. Whichever writes second
 * sees the other, so the two never overlap. Files of a process that died are
 * ignored.
 */
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** One folder per engine; its own in the test of this module. */
const DIR = process.env['GMC_ENGINE_SLOTS_DIR'] ?? path.join(os.tmpdir(), 'gmc-engine-slots');
const ALONE = path.join(DIR, 'alone');
/** Longer than the slowest build of the suites (a cold build at load 30). */
const WAIT_MS = 15 * 60_000;
const POLL_MS = 250;

let counter = 0;
/** Slots this process holds now (a background build's, and a build started beside it). */
let held = 0;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The pid of the process running alone, if one is (a marker left by a dead one does not count). */
function aloneOwner(): number | undefined {
  let names: string[];
  try {
    names = readdirSync(ALONE);
  } catch {
    return undefined;
  }
  const pid = Number(names.find((name) => /^\d+$/.test(name)));
  return Number.isInteger(pid) && pid > 0 && alive(pid) ? pid : undefined;
}

/** Runs `build` (a docker build on the shared engine) in a slot: not while a test runs alone. */
export function inBuildSlot<T>(build: () => T): T {
  const slot = enterSlot();
  try {
    return build();
  } finally {
    leaveSlot(slot);
  }
}

/** inBuildSlot for a build that runs in the background. */
export async function inBuildSlotAsync<T>(build: () => Promise<T>): Promise<T> {
  const slot = enterSlot();
  try {
    return await build();
  } finally {
    leaveSlot(slot);
  }
}

function enterSlot(): string {
  mkdirSync(DIR, { recursive: true });
  const slot = path.join(DIR, `build-${process.pid}-${counter++}`);
  const until = Date.now() + WAIT_MS;
  for (;;) {
    writeFileSync(slot, '');
    const owner = aloneOwner();
    // The process running alone may build itself. A process that holds a slot already is one the alone
    // process waits for: were it to wait in turn (sleepSync blocks its event loop, so its background build
    // could never end), neither would go on.
    if (held > 0 || owner === undefined || owner === process.pid || Date.now() > until) {
      held++;
      return slot;
    }
    rmSync(slot, { force: true });
    sleepSync(POLL_MS);
  }
}

function leaveSlot(slot: string): void {
  held--;
  rmSync(slot, { force: true });
}

/** Slot files of other live processes: builds running now. */
function othersBuilding(): string[] {
  return readdirSync(DIR).filter((name) => {
    const pid = Number(/^build-(\d+)-/.exec(name)?.[1]);
    return Number.isInteger(pid) && pid !== process.pid && alive(pid);
  });
}

/**
 * Runs `measure` with no other process building on the engine: waits for
 * their builds to end, and holds new ones until it is done. Waits without
 * blocking, so this process's own background builds finish meanwhile.
 */
export async function alone<T>(measure: () => Promise<T> | T): Promise<T> {
  mkdirSync(DIR, { recursive: true });
  const until = Date.now() + WAIT_MS;
  const pause = () => new Promise((resolve) => setTimeout(resolve, POLL_MS));
  // The marker appears whole, with its owner in it: made aside, then renamed into place.
  const made = path.join(DIR, `alone-${process.pid}`);
  for (;;) {
    mkdirSync(made, { recursive: true });
    writeFileSync(path.join(made, String(process.pid)), '');
    try {
      renameSync(made, ALONE);
      break;
    } catch (error) {
      const { code } = error as NodeJS.ErrnoException;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
      // Another test runs alone; a marker whose owner died is taken over.
      if (aloneOwner() === undefined) rmSync(ALONE, { recursive: true, force: true });
      else await pause();
    }
  }
  try {
    while (othersBuilding().length > 0 && Date.now() < until) await pause();
    return await measure();
  } finally {
    rmSync(ALONE, { recursive: true, force: true });
  }
}
