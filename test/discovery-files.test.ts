/**
 * `--all DIR`: which names are Dockerfiles, and how the walk treats links,
 * unreadable folders and a root it cannot use. (discovery.test.ts is about
 * yeoman-environment finding the generators, not this.)
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { discoverDockerfiles, isDockerfileName, type Discovery } from '../src/core/convert/io/discovery.js';
import { callUnprivileged, openToAll, valueOf } from './helpers/unprivileged.js';

describe('isDockerfileName', () => {
  it.each([
    'Dockerfile',
    'dockerfile',
    'DOCKERFILE',
    'Dockerfile.prod',
    'dockerfile.dev',
    'Dockerfile.prod.arm64',
    'api.Dockerfile',
    'api.dockerfile',
    'web.DockerFile',
    'Containerfile',
    'containerfile',
    'Containerfile.prod',
    'build.Containerfile',
    'build.containerfile',
  ])('catches %s', (name) => {
    expect(isDockerfileName(name)).toBe(true);
  });

  it.each([
    // BuildKit ignore files
    'Dockerfile.dockerignore',
    'api.Dockerfile.dockerignore',
    'Containerfile.containerignore',
    '.dockerignore',
    // our backups and temporary files
    'Dockerfile.orig',
    'Dockerfile.orig.1',
    'Dockerfile.orig.12',
    'api.dockerfile.orig',
    '.Dockerfile.gmc-4f2a.tmp',
    '.api.Dockerfile.gmc-1.tmp',
    // editor leftovers
    'Dockerfile~',
    'Dockerfile.swp',
    '.Dockerfile.swp',
    'Dockerfile.swo',
    'Dockerfile.bak',
    'api.Dockerfile.bak',
    // documents about a Dockerfile
    'Dockerfile.md',
    'DOCKERFILE.MD',
    'Dockerfile.txt',
    'Dockerfile.prod.md',
    'Containerfile.rst',
    'Dockerfile.html',
    // other names
    'Dockerfile-dev',
    'Dockerfiles',
    'dockerfile_test.go',
    'docker-compose.yml',
    'Makefile',
    'README.md',
  ])('does not catch %s', (name) => {
    expect(isDockerfileName(name)).toBe(false);
  });
});

let root: string;
const lockedDuringTest: string[] = [];

/** A fresh temp root for each test of a block, removed after it. */
function useTempRoot(): void {
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'gmc-discovery-'));
    openToAll(root);
  });
  afterEach(() => {
    // Unlocked first: a non-root user could not remove a folder with mode 000.
    for (const locked of lockedDuringTest.splice(0)) chmodSync(locked, 0o755);
    rmSync(root, { recursive: true, force: true });
  });
}

function lock(dir: string, mode: number): void {
  chmodSync(dir, mode);
  lockedDuringTest.push(dir);
}

function write(relative: string, text = 'FROM golang:1.22\n'): void {
  const full = path.join(root, relative);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, text);
}

/** Paths relative to the root, to compare with literal lists. */
function relativeTo(base: string, discovery: Discovery) {
  return {
    files: discovery.files.map((file) => path.relative(base, file)),
    skipped: discovery.skipped.map((skip) => ({ ...skip, path: path.relative(base, skip.path) })),
  };
}

function thrownBy(action: () => unknown): { name: string; code: unknown; message: string } {
  try {
    action();
  } catch (error) {
    const { name, message } = error as Error;
    return { name, code: (error as { code?: unknown }).code, message };
  }
  throw new Error('nothing was thrown');
}

describe('discoverDockerfiles', () => {
  useTempRoot();

  it('finds every Dockerfile, in any case, sorted, and skips dependency and VCS folders', () => {
    write('Dockerfile');
    write('svc/api/api.dockerfile');
    write('svc/web/Dockerfile.prod');
    write('svc/web/Dockerfile.orig');
    write('svc/web/Dockerfile.md', '# How to build\n');
    write('build/Containerfile');
    for (const folder of ['.git', 'node_modules/dep', 'vendor/x', 'testdata', '.idea', '.vscode'])
      write(`${folder}/Dockerfile`);

    expect(relativeTo(root, discoverDockerfiles(root))).toEqual({
      files: ['Dockerfile', 'build/Containerfile', 'svc/api/api.dockerfile', 'svc/web/Dockerfile.prod'],
      skipped: [],
    });
  });

  it('reports symbolic links to files and folders instead of following them', () => {
    write('real/Dockerfile');
    mkdirSync(path.join(root, 'svc'));
    symlinkSync('../real', path.join(root, 'svc/linked'));
    symlinkSync('real/Dockerfile', path.join(root, 'Dockerfile'));
    symlinkSync('missing', path.join(root, 'dangling.Dockerfile'));

    expect(relativeTo(root, discoverDockerfiles(root))).toEqual({
      files: ['real/Dockerfile'],
      skipped: [
        { path: 'Dockerfile', code: 'symlink', reason: 'symbolic link to real/Dockerfile (not followed)' },
        { path: 'dangling.Dockerfile', code: 'symlink', reason: 'symbolic link to missing (not followed)' },
        { path: 'svc/linked', code: 'symlink', reason: 'symbolic link to ../real (not followed)' },
      ],
    });
  });

  it('reports looping links inside the tree and goes on', () => {
    write('svc/Dockerfile');
    symlinkSync('loop-b', path.join(root, 'loop-a'));
    symlinkSync('loop-a', path.join(root, 'loop-b'));
    symlinkSync('self', path.join(root, 'svc/self'));
    // A link to a parent folder is a cycle for a walker that follows links.
    symlinkSync('..', path.join(root, 'svc/up'));

    expect(relativeTo(root, discoverDockerfiles(root))).toEqual({
      files: ['svc/Dockerfile'],
      skipped: [
        {
          path: 'loop-a',
          code: 'symlink-loop',
          reason: 'symbolic link to loop-b, a link loop (not followed)',
        },
        {
          path: 'loop-b',
          code: 'symlink-loop',
          reason: 'symbolic link to loop-a, a link loop (not followed)',
        },
        {
          path: 'svc/self',
          code: 'symlink-loop',
          reason: 'symbolic link to self, a link loop (not followed)',
        },
        { path: 'svc/up', code: 'symlink', reason: 'symbolic link to .. (not followed)' },
      ],
    });
  });

  it('follows a root that is a symbolic link to a folder: the user named it', () => {
    write('real/Dockerfile');
    symlinkSync('real', path.join(root, 'named'));
    const named = path.join(root, 'named');

    expect(relativeTo(named, discoverDockerfiles(named))).toEqual({ files: ['Dockerfile'], skipped: [] });
  });

  it('names the root as the user gave it when it cannot be walked', () => {
    write('a-file', 'not a folder\n');
    symlinkSync('loop-b', path.join(root, 'loop-a'));
    symlinkSync('loop-a', path.join(root, 'loop-b'));
    const at = (relative: string) => () => discoverDockerfiles(path.join(root, relative), `./${relative}`);

    expect(thrownBy(at('missing'))).toEqual({
      name: 'ToolError',
      code: 'not-found',
      message: '--all: ./missing does not exist',
    });
    expect(thrownBy(at('a-file'))).toEqual({
      name: 'ToolError',
      code: 'not-a-directory',
      message: '--all: ./a-file is not a directory',
    });
    expect(thrownBy(at('a-file/below'))).toEqual({
      name: 'ToolError',
      code: 'not-a-directory',
      message: '--all: cannot open ./a-file/below: a part of the path is not a directory',
    });
    expect(thrownBy(at('loop-a'))).toEqual({
      name: 'ToolError',
      code: 'symlink-loop',
      message: '--all: cannot open ./loop-a: too many levels of symbolic links (a link loop)',
    });
  });

  // How fast: bench/test-bounds.ts, against a plain readdir of the same tree. Here only "answers rather than hangs" (the test timeout).
  it('finds 1,000 Dockerfiles in 1,000 folders', () => {
    for (let i = 0; i < 1000; i++) {
      const folder = path.join(root, `svc-${String(i).padStart(4, '0')}`);
      mkdirSync(folder);
      writeFileSync(path.join(folder, 'Dockerfile'), 'FROM golang:1.22\n');
      writeFileSync(path.join(folder, 'main.go'), 'package main\n');
    }
    const { files, skipped } = discoverDockerfiles(root);

    expect(files.length).toBe(1000);
    expect(path.relative(root, files[0] ?? '')).toBe('svc-0000/Dockerfile');
    expect(path.relative(root, files[999] ?? '')).toBe('svc-0999/Dockerfile');
    expect(skipped).toEqual([]);
  });
});

describe('discoverDockerfiles without permissions (run as an unprivileged user)', () => {
  useTempRoot();
  const discover = (dir: string, shown: string) =>
    callUnprivileged('core/convert/io/discovery.js', 'discoverDockerfiles', [dir, shown]);

  it('reports a folder it cannot read and still finds the rest', () => {
    write('a/Dockerfile');
    write('secret/Dockerfile');
    write('z/deep/Dockerfile');
    lock(path.join(root, 'secret'), 0o000);

    expect(relativeTo(root, valueOf(discover(root, '.')) as Discovery)).toEqual({
      files: ['a/Dockerfile', 'z/deep/Dockerfile'],
      skipped: [
        { path: 'secret', code: 'permission-denied', reason: 'cannot read this folder: permission denied' },
      ],
    });
  });

  it('refuses a root it cannot search or read, as permission denied (not as missing)', () => {
    write('searchless/Dockerfile');
    write('closed/Dockerfile');
    write('behind/inner/Dockerfile');
    lock(path.join(root, 'searchless'), 0o644);
    lock(path.join(root, 'closed'), 0o000);
    lock(path.join(root, 'behind'), 0o600);

    expect(discover(path.join(root, 'searchless'), 'searchless')).toEqual({
      error: {
        name: 'ToolError',
        code: 'permission-denied',
        message: '--all: cannot read searchless: permission denied',
      },
    });
    expect(discover(path.join(root, 'closed'), 'closed')).toEqual({
      error: {
        name: 'ToolError',
        code: 'permission-denied',
        message: '--all: cannot read closed: permission denied',
      },
    });
    expect(discover(path.join(root, 'behind/inner'), 'behind/inner')).toEqual({
      error: {
        name: 'ToolError',
        code: 'permission-denied',
        message: '--all: cannot open behind/inner: permission denied',
      },
    });
  });
});
