/**
 * The one reader of users' files (src/core/fs/safe-read.ts): regular files
 * only, refused by name without blocking; capped by kind; a symbolic link
 * followed only while it stays inside the folder the caller names. A FIFO
 * that blocked would hang the test: jest's timeout is the "answers rather
 * than hangs" bound.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import {
  READ_LIMITS,
  ReadError,
  readSafely,
  readTextIfThere,
  tryReadText,
} from '../src/core/fs/safe-read.js';
import { tempDir } from './helpers/run.js';

function refusal(run: () => unknown): { refusal: string; message: string; code: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof ReadError)
      return { refusal: error.refusal, message: error.message, code: error.code };
    throw error;
  }
  throw new Error('the read was not refused');
}

describe('the safe reader', () => {
  it('reads a regular file, and a link to one inside the folder', () => {
    const dir = tempDir('safe');
    writeFileSync(path.join(dir, 'go.mod'), 'module example.com/a\n');
    mkdirSync(path.join(dir, 'sub'));
    symlinkSync('../go.mod', path.join(dir, 'sub', 'go.mod'));
    expect(readTextIfThere(path.join(dir, 'go.mod'), { kind: 'go.mod', within: dir })).toBe(
      'module example.com/a\n',
    );
    expect(readTextIfThere(path.join(dir, 'sub/go.mod'), { kind: 'go.mod', within: dir })).toBe(
      'module example.com/a\n',
    );
    expect(readTextIfThere(path.join(dir, 'none'), { kind: 'go.mod', within: dir })).toBeUndefined();
  });

  it('refuses a FIFO by name, at once, though nothing ever writes to it', () => {
    const dir = tempDir('safe');
    execFileSync('mkfifo', [path.join(dir, 'go.mod')]);
    const refused = refusal(() =>
      readSafely(path.join(dir, 'go.mod'), { kind: 'go.mod', within: dir, shown: 'go.mod' }),
    );
    expect(refused).toEqual({
      refusal: 'not-a-file',
      code: 'not-a-file',
      message: 'cannot read go.mod: it is a FIFO (named pipe), not a regular file',
    });
  });

  it('refuses a socket and a device by name', async () => {
    const dir = tempDir('safe');
    const socket = path.join(dir, '.gitignore');
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    try {
      expect(
        refusal(() => readSafely(socket, { kind: 'ignore file', within: dir, shown: '.gitignore' })).message,
      ).toBe('cannot read .gitignore: it is a socket, not a regular file');
    } finally {
      server.close();
    }
    // A device inside the folder itself (no link to leave it by): root may make one.
    execFileSync('mknod', [path.join(dir, 'main.go'), 'c', '1', '5']);
    expect(
      refusal(() =>
        readSafely(path.join(dir, 'main.go'), { kind: 'Go source', within: dir, shown: 'main.go' }),
      ),
    ).toEqual({
      refusal: 'not-a-file',
      code: 'not-a-file',
      message: 'cannot read main.go: it is a character device, not a regular file',
    });
  });

  it('refuses a link that leads out of the folder, naming where it leads: to /dev/zero, to a secret, through a linked folder', () => {
    const dir = tempDir('safe');
    const outside = tempDir('outside');
    writeFileSync(path.join(outside, 'id_rsa'), '-----BEGIN OPENSSH PRIVATE KEY-----\n');
    symlinkSync('/dev/zero', path.join(dir, 'go.mod'));
    symlinkSync(path.join(outside, 'id_rsa'), path.join(dir, '.gitignore'));
    symlinkSync(outside, path.join(dir, 'linked'));
    expect(
      refusal(() => readSafely(path.join(dir, 'go.mod'), { kind: 'go.mod', within: dir, shown: 'go.mod' })),
    ).toEqual({
      refusal: 'symlink',
      code: 'symlink',
      message: `cannot read go.mod: it is a symbolic link (or lies under one) that leads outside ${path.basename(dir)}, to /dev/zero: not followed`,
    });
    expect(
      refusal(() => readSafely(path.join(dir, '.gitignore'), { kind: 'ignore file', within: dir })).refusal,
    ).toBe('symlink');
    expect(
      refusal(() => readSafely(path.join(dir, 'linked/id_rsa'), { kind: 'ignore file', within: dir }))
        .refusal,
    ).toBe('symlink');
  });

  it('caps each kind, reading at most one byte past the cap', () => {
    const dir = tempDir('safe');
    writeFileSync(path.join(dir, 'Dockerfile'), Buffer.alloc(READ_LIMITS.dockerfile + 1, 'a'));
    writeFileSync(path.join(dir, 'ok'), Buffer.alloc(READ_LIMITS.dockerfile, 'a'));
    expect(READ_LIMITS.dockerfile).toBe(4 * 1024 * 1024);
    expect(
      refusal(() =>
        readSafely(path.join(dir, 'Dockerfile'), { kind: 'dockerfile', within: dir, shown: 'Dockerfile' }),
      ),
    ).toEqual({
      refusal: 'too-large',
      code: 'refused',
      message: 'cannot read Dockerfile: it is over 4 MB: too large for a Dockerfile (the limit is 4 MB)',
    });
    expect(readSafely(path.join(dir, 'ok'), { kind: 'dockerfile', within: dir }).length).toBe(
      4 * 1024 * 1024,
    );
    // /proc files claim size 0 and are read until the cap: the claim is never trusted.
    const proc = tryReadText('/proc/self/status', { kind: 'go.mod', within: '/proc' });
    expect(proc.ok).toBe(true);
  });

  it('reports a refusal as data for walks that go on', () => {
    const dir = tempDir('safe');
    execFileSync('mkfifo', [path.join(dir, 'a.go')]);
    const read = tryReadText(path.join(dir, 'a.go'), { kind: 'Go source', within: dir, shown: 'a.go' });
    expect(read.ok ? 'read' : read.error.reason).toBe('it is a FIFO (named pipe), not a regular file');
  });
});
