/**
 * packages (src/core/convert/packages.ts): what a package manager command
 * installs, whatever the order of its options. Every expected value is written out.
 */
import { describe, expect, it } from '@jest/globals';
import { installedPackages, packageCommand } from '../../src/core/convert/facts/packages.js';

describe('packageCommand', () => {
  it('reads the install of each package manager', () => {
    for (const tool of ['apk', 'apt-get', 'apt', 'yum', 'dnf', 'microdnf']) {
      expect(packageCommand([tool, 'install', 'curl'])).toEqual({ verb: 'install', packages: ['curl'] });
    }
    expect(packageCommand(['apk', 'add', 'curl', 'tzdata'])).toEqual({
      verb: 'add',
      packages: ['curl', 'tzdata'],
    });
  });

  it('is undefined for any other command, or none', () => {
    expect(packageCommand(['pip', 'install', 'x'])).toBeUndefined();
    expect(packageCommand([])).toBeUndefined();
  });

  it('skips the value of each option that takes one, before or after the verb', () => {
    for (const option of [
      '-X',
      '--repository',
      '-t',
      '--virtual',
      '-p',
      '--root',
      '--arch',
      '-o',
      '-c',
      '--option',
      '--target-release',
      '--enablerepo',
      '--disablerepo',
      '--setopt',
      '--installroot',
      '--releasever',
    ]) {
      expect(packageCommand(['apk', option, 'value', 'add', 'x'])).toMatchObject({
        verb: 'add',
        packages: ['x'],
      });
      expect(packageCommand(['apt-get', 'install', option, 'value', 'x'])).toEqual({
        verb: 'install',
        packages: ['x'],
      });
    }
  });

  it('skips flags without a value wherever they are', () => {
    expect(packageCommand(['apt-get', '-y', 'install', '--no-install-recommends', 'x', '-q'])).toEqual({
      verb: 'install',
      packages: ['x'],
    });
  });

  it('leaves versions out of the names', () => {
    expect(packageCommand(['apt-get', 'install', 'ffmpeg=7:5.1', 'curl=8.1=x'])).toEqual({
      verb: 'install',
      packages: ['ffmpeg', 'curl'],
    });
  });

  it('names no packages for a verb that installs none', () => {
    expect(packageCommand(['apk', 'del', 'curl'])).toEqual({ verb: 'del', packages: [], removed: ['curl'] });
    expect(packageCommand(['apt-get', 'purge', '-y', 'gcc'])).toEqual({
      verb: 'purge',
      packages: [],
      removed: ['gcc'],
    });
    expect(packageCommand(['apt-get', 'update'])).toEqual({ verb: 'update', packages: [] });
    expect(packageCommand(['apk'])).toEqual({ verb: '', packages: [] });
    expect(packageCommand(['apk', '--no-cache'])).toEqual({ verb: '', packages: [] });
  });
});

describe('packageCommand: apk --virtual', () => {
  it('names the group apk del removes the packages with', () => {
    const group = { verb: 'add', packages: ['go', 'git'], virtual: 'build-deps' };
    expect(packageCommand(['apk', 'add', '--virtual', 'build-deps', 'go', 'git'])).toEqual(group);
    expect(packageCommand(['apk', '--no-cache', 'add', '-t', 'build-deps', 'go', 'git'])).toEqual(group);
    expect(packageCommand(['apk', 'add', '--virtual=build-deps', 'go', 'git'])).toEqual(group);
    // apt-get's -t is a target release, not a group.
    expect(packageCommand(['apt-get', 'install', '-t', 'bookworm-backports', 'go'])).toEqual({
      verb: 'install',
      packages: ['go'],
    });
  });
});

describe('installedPackages', () => {
  it('is the packages an install names, or none', () => {
    expect(installedPackages(['apk', '--no-cache', 'add', 'gcc', 'musl-dev'])).toEqual(['gcc', 'musl-dev']);
    expect(installedPackages(['apk', 'del', 'gcc'])).toEqual([]);
    expect(installedPackages(['make', 'install'])).toEqual([]);
  });
});
