/**
 * engine-slots (test/helpers/engine-slots.ts): a test that runs alone on the
 * engine never overlaps a build of another process, whichever comes first.
 * Both sides run in child processes with a slots folder of their own, so this
 * test holds back no real build of the suites running beside it. Order is
 * read from marker files, not from clocks.
 */
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { REPO_ROOT } from './helpers/paths.js';
import { tempDir } from './helpers/run.js';

const SLOTS = path.join(REPO_ROOT, 'test/helpers/engine-slots.ts');

/** Runs a TypeScript snippet with tsx; resolves with its stdout, rejects on a failure. */
function child(dir: string, code: string): Promise<string> {
  const file = path.join(dir, `child-${Math.random().toString(36).slice(2)}.mts`);
  writeFileSync(
    file,
    `import fs from 'node:fs';\nimport { alone, inBuildSlot, inBuildSlotAsync } from ${JSON.stringify(SLOTS)};\n${code}\n`,
  );
  return new Promise((resolve, reject) => {
    const run = spawn(path.join(REPO_ROOT, 'node_modules/.bin/tsx'), [file], {
      env: { ...process.env, GMC_ENGINE_SLOTS_DIR: path.join(dir, 'slots') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    run.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    run.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    run.on('close', (status) => (status === 0 ? resolve(out) : reject(new Error(`exit ${status}: ${err}`))));
  });
}

async function until(file: string): Promise<void> {
  while (!existsSync(file)) await new Promise((resolve) => setTimeout(resolve, 50));
}

/** A step that lasts until `release` appears, marking its start and end. */
const HOLD = (name: string, release: string) => `
  fs.writeFileSync(${JSON.stringify(`${name}.started`)}, '');
  while (!fs.existsSync(${JSON.stringify(release)})) await new Promise((r) => setTimeout(r, 50));
  fs.writeFileSync(${JSON.stringify(`${name}.ended`)}, '');
`;

describe('engine slots', () => {
  it('holds a build back while another process runs alone, until it is done', async () => {
    const dir = tempDir('slots');
    const a = path.join(dir, 'alone');
    const release = path.join(dir, 'release');
    const holder = child(dir, `await alone(async () => {${HOLD(a, release)}});`);
    await until(`${a}.started`);
    const builder = child(
      dir,
      `fs.writeFileSync(${JSON.stringify(`${dir}/builder.ready`)}, '');
       inBuildSlot(() => process.stdout.write(fs.existsSync(${JSON.stringify(`${a}.ended`)}) ? 'after' : 'during'));`,
    );
    // Released only once the builder runs, and a moment more: time for it to overlap, were it let through.
    await until(path.join(dir, 'builder.ready'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    writeFileSync(release, '');
    await holder;
    expect(await builder).toBe('after');
  }, 60_000);

  it('lets a process that wants to run alone wait for the builds already running', async () => {
    const dir = tempDir('slots');
    const b = path.join(dir, 'build');
    const release = path.join(dir, 'release');
    const build = child(
      dir,
      `inBuildSlot(() => {
         fs.writeFileSync(${JSON.stringify(`${b}.started`)}, '');
         // Synchronous, as a docker build through spawnSync: the slot is held while this blocks.
         while (!fs.existsSync(${JSON.stringify(release)})) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
         fs.writeFileSync(${JSON.stringify(`${b}.ended`)}, '');
       });`,
    );
    await until(`${b}.started`);
    const measured = child(
      dir,
      `fs.writeFileSync(${JSON.stringify(`${dir}/alone.ready`)}, '');
       await alone(() => process.stdout.write(fs.existsSync(${JSON.stringify(`${b}.ended`)}) ? 'after' : 'during'));`,
    );
    await until(path.join(dir, 'alone.ready'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    writeFileSync(release, '');
    await build;
    expect(await measured).toBe('after');
  }, 60_000);

  it('lets a process holding a background build start another build while one waits to run alone', async () => {
    const dir = tempDir('slots');
    const release = path.join(dir, 'release');
    // A background build in a slot, then, while another process waits to run alone, a build beside it:
    // the alone process waits for the first, so the second must not wait for the alone process.
    const builds = child(
      dir,
      `const background = inBuildSlotAsync(async () => {
         fs.writeFileSync(${JSON.stringify(`${dir}/background.started`)}, '');
         while (!fs.existsSync(${JSON.stringify(release)})) await new Promise((r) => setTimeout(r, 50));
       });
       while (!fs.existsSync(${JSON.stringify(`${dir}/alone.ready`)})) await new Promise((r) => setTimeout(r, 50));
       await new Promise((r) => setTimeout(r, 300));
       inBuildSlot(() => fs.writeFileSync(${JSON.stringify(release)}, ''));
       await background;
       process.stdout.write('built');`,
    );
    await until(path.join(dir, 'background.started'));
    const measured = child(
      dir,
      `fs.writeFileSync(${JSON.stringify(`${dir}/alone.ready`)}, '');
       await alone(() => process.stdout.write(fs.existsSync(${JSON.stringify(release)}) ? 'after' : 'during'));`,
    );
    expect(await builds).toBe('built');
    expect(await measured).toBe('after');
  }, 60_000);

  it('does not wait for a process that died holding the alone marker or a slot', async () => {
    const dir = tempDir('slots');
    // Killed mid-way: its marker and slot stay behind, owned by a dead pid.
    await child(
      dir,
      `await alone(() => { inBuildSlot(() => process.kill(process.pid, 'SIGKILL')); });`,
    ).catch(() => undefined);
    expect(await child(dir, `inBuildSlot(() => process.stdout.write('built'));`)).toBe('built');
    expect(await child(dir, `await alone(() => process.stdout.write('alone'));`)).toBe('alone');
  }, 60_000);
});
