import { describe, expect, it } from '@jest/globals';
import {
  defaultAnswers,
  defaultModulePath,
  goMinorVersion,
  modulePathFromRemote,
} from '../src/core/defaults.js';
import { FALLBACK_GO_VERSION } from '../src/core/versions.js';

describe('goMinorVersion', () => {
  it.each([
    ['go1.26.8', '1.26'],
    ['go1.22', '1.22'],
    ['go1.30.1\n', '1.30'],
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

  it('falls back to the documented Go version without a toolchain', () => {
    expect(defaultAnswers({ directoryName: 'x' }).goVersion).toBe(FALLBACK_GO_VERSION);
  });
});
