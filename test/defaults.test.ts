import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import {
  defaultAnswers,
  defaultModulePath,
  goMinorVersion,
  modulePathFromRemote,
  readSurroundings,
} from '../src/core/defaults.js';
import { answersFor } from './helpers/project.js';
import { tempDir } from './helpers/run.js';

describe('goMinorVersion', () => {
  it.each([
    ['go1.26.8', '1.26'],
    ['go1.22', '1.22'],
    ['go1.30.1\n', '1.30'],
    ['go1.26.10', '1.26'],
    ['xgo1.26', undefined],
    ['go1.27rc1', undefined],
    ['go1.21.0', undefined],
    ['devel go1.27-abc', undefined],
    [undefined, undefined],
  ])('%p gives %p', (input, expected) => {
    expect(goMinorVersion(input)).toBe(expected);
  });
});

describe('modulePathFromRemote', () => {
  it.each([
    ['git@github.com:acme/api.git', 'github.com/acme/api'],
    ['https://github.com/acme/api.git', 'github.com/acme/api'],
    ['https://GitHub.com/acme/api', 'github.com/acme/api'],
    ['ssh://git@gitlab.example.org:2222/group/sub/svc.git', 'gitlab.example.org/group/sub/svc'],
    ['https://user:token@github.com/acme/api.git', 'github.com/acme/api'],
    ['git://github.com/acme/api.git', 'github.com/acme/api'],
    ['git+ssh://git@github.com/acme/api.git', 'github.com/acme/api'],
    ['http://github.com/acme/api/', 'github.com/acme/api'],
    ['https://github.com/acme/api.git/', 'github.com/acme/api'],
    ['  git@github.com:acme/api.git\n', 'github.com/acme/api'],
    ['git@github.com:acme/api+x.git', undefined],
    ['https://github.com/acme/.api', undefined],
    ['ftp://github.com/acme/api', undefined],
    ['git@github.com:/srv/api.git', undefined],
    ['/srv/git/api.git', undefined],
    ['file:///srv/git/api.git', undefined],
    ['not a url', undefined],
  ])('%p gives %p', (remote, expected) => {
    expect(modulePathFromRemote(remote)).toBe(expected);
  });
});

describe('defaultModulePath', () => {
  it('prefers the git remote, then the GitHub user, then example.com', () => {
    expect(
      defaultModulePath('svc', {
        directoryName: 'svc',
        gitRemoteUrl: 'git@github.com:acme/real.git',
        githubUser: 'me',
      }),
    ).toBe('github.com/acme/real');
    expect(defaultModulePath('svc', { directoryName: 'svc', githubUser: 'me' })).toBe('github.com/me/svc');
    expect(defaultModulePath('svc', { directoryName: 'svc', githubUser: 'bad user' })).toBe(
      'example.com/svc',
    );
    expect(defaultModulePath('svc', { directoryName: 'svc' })).toBe('example.com/svc');
  });
});

describe('defaultAnswers', () => {
  it('derives the name from the folder and the Go version from the toolchain', () => {
    expect(defaultAnswers({ directoryName: 'My Service', goToolchainVersion: 'go1.25.3' })).toEqual({
      name: 'my-service',
      module: 'example.com/my-service',
      strategy: 'scratch',
      port: 3000,
      goVersion: '1.25',
      caCerts: true,
      nonRoot: true,
      tzdata: false,
      healthcheck: true,
      classicFlags: true,
    });
  });

  it('falls back to the documented Go version, 1.26, without a usable toolchain', () => {
    expect(defaultAnswers({ directoryName: 'x' }).goVersion).toBe('1.26');
    expect(defaultAnswers({ directoryName: 'x', goToolchainVersion: 'go1.21.5' }).goVersion).toBe('1.26');
  });

  it('takes the name given over the folder, and builds the module path from it', () => {
    expect(defaultAnswers({ directoryName: 'folder', githubUser: 'me' }, 'given')).toMatchObject({
      name: 'given',
      module: 'github.com/me/given',
    });
  });

  it('gives the answers the other suites render as hello-world (test/helpers/project.ts)', () => {
    expect(defaultAnswers({ directoryName: 'hello-world', goToolchainVersion: 'go1.26.8' })).toEqual(
      answersFor('scratch'),
    );
  });
});

describe('readSurroundings', () => {
  // Child processes see the real environment, not jest's copy of it: what git
  // and go say on this machine is asked of them directly.
  const ask = (command: string, args: string[], cwd: string) => {
    const run = spawnSync(command, args, { cwd, encoding: 'utf8' });
    return run.status === 0 && run.stdout.trim() !== '' ? run.stdout.trim() : undefined;
  };

  it('reads the folder name, the Go toolchain, the git remote and github.user', () => {
    const dir = path.join(tempDir('surroundings'), 'My Service');
    mkdirSync(dir);
    execFileSync('git', ['init', '-q', dir]);
    execFileSync('git', ['remote', 'add', 'origin', 'git@github.com:acme/real.git'], { cwd: dir });
    execFileSync('git', ['config', 'github.user', 'me'], { cwd: dir });
    expect(readSurroundings(path.join(dir, 'sub', '..'))).toEqual({
      directoryName: 'My Service',
      goToolchainVersion: ask('go', ['env', 'GOVERSION'], dir),
      gitRemoteUrl: 'git@github.com:acme/real.git',
      githubUser: 'me',
    });
  });

  it('leaves the remote out in a folder without one', () => {
    const dir = tempDir('bare');
    expect(readSurroundings(dir)).toMatchObject({
      directoryName: path.basename(dir),
      gitRemoteUrl: undefined,
    });
    expect(Object.keys(readSurroundings(dir)).sort()).toEqual([
      'directoryName',
      'gitRemoteUrl',
      'githubUser',
      'goToolchainVersion',
    ]);
  });
});
