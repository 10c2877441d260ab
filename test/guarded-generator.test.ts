/**
 * How a generator's failure reaches the exit status: through the bin's return
 * value, through yo's process exit code, and never into a process that only
 * hosts the generator (a test runner, a program embedding Yeoman).
 */
import { describe, expect, it } from '@jest/globals';
import helpers from 'yeoman-test';
import { runByYo } from '../src/yeoman/guarded-generator.js';
import { APP_GENERATOR } from './helpers/paths.js';

describe('runByYo', () => {
  it.each([
    ['/usr/local/lib/node_modules/yo/lib/cli.js', true],
    ['C:\\npm\\node_modules\\yo\\lib\\cli.js', true],
    ['/usr/local/bin/yo', true],
    ['/work/app/node_modules/.bin/yo', true],
    ['/work/app/bin/go-microcontainer.js', false],
    ['/work/app/node_modules/jest/bin/jest.js', false],
    ['/usr/local/bin/yo-doctor', false],
    ['/tmp/myyo', false],
    ['', false],
  ])('%s: %p', (script, expected) => {
    expect(runByYo(script)).toBe(expected);
  });
});

describe('a failed run inside another program', () => {
  it('reports its status on the generator and leaves the host process exit code alone', async () => {
    const before = process.exitCode;
    const run = await helpers.run(APP_GENERATOR).withOptions({ yes: true, port: '0' } as never);
    expect((run.generator as unknown as { exitStatus: number }).exitStatus).toBe(2);
    expect(process.exitCode).toBe(before);
  });
});
