/**
 * users (src/core/convert/users.ts): the users scratch needs as numbers, read
 * from adduser/useradd, USER and --chown. Every expected value is written out.
 */
import { describe, expect, it } from '@jest/globals';
import {
  chownOwner,
  createdGroup,
  createdUser,
  parseUserArgs,
  resolveUser,
  type UserSpec,
} from '../../src/core/convert/facts/users.js';

describe('parseUserArgs', () => {
  it('reads flags with and without values, and keeps the operands', () => {
    expect(parseUserArgs(['-D', '-u', '1000', '--shell=/sbin/nologin', 'app'])).toEqual({
      flags: new Map([
        ['D', 'true'],
        ['u', '1000'],
        ['shell', '/sbin/nologin'],
      ]),
      rest: ['app'],
    });
    expect(parseUserArgs(['--home-dir=/srv', '--system', 'svc', 'extra'])).toEqual({
      flags: new Map([
        ['home-dir', '/srv'],
        ['system', 'true'],
      ]),
      rest: ['svc', 'extra'],
    });
  });

  it('takes the next word as the value of each option that has one', () => {
    for (const option of [
      'u',
      'uid',
      'g',
      'gid',
      'G',
      'groups',
      'h',
      'home',
      'd',
      'home-dir',
      's',
      'shell',
      'k',
      'c',
      'comment',
    ]) {
      const dash = option.length === 1 ? '-' : '--';
      expect(parseUserArgs([`${dash}${option}`, 'value', 'app'])).toEqual({
        flags: new Map([[option, 'value']]),
        rest: ['app'],
      });
    }
  });

  it('gives an option with a missing value the empty value', () => {
    expect(parseUserArgs(['app', '-u'])).toEqual({ flags: new Map([['u', '']]), rest: ['app'] });
  });

  it('keeps a word that is not a whole option as an operand', () => {
    expect(parseUserArgs(['-', 'a-b', '-u1000', 'x--y'])).toEqual({
      flags: new Map(),
      rest: ['-', 'a-b', '-u1000', 'x--y'],
    });
  });
});

describe('createdUser', () => {
  const home = (path: string, created = true) => ({ path, created });

  it('reads the name, UID and GID of adduser and useradd', () => {
    expect(createdUser('adduser', ['-D', '-u', '10001', 'app'])).toEqual({
      name: 'app',
      uid: 10001,
      gid: 10001,
      home: home('/home/app'),
    });
    expect(createdUser('useradd', ['-u', '1000', '-g', '2000', 'app'])).toEqual({
      name: 'app',
      uid: 1000,
      gid: 2000,
      home: home('/home/app', false),
    });
    expect(createdUser('useradd', ['--uid=1001', '--gid=3000', '-m', 'svc'])).toEqual({
      name: 'svc',
      uid: 1001,
      gid: 3000,
      home: home('/home/svc'),
    });
  });

  it('names the user by the last operand', () => {
    expect(createdUser('adduser', ['-u', '5', 'app', 'wheel'])).toMatchObject({
      name: 'wheel',
      uid: 5,
      gid: 5,
    });
  });

  it('gives a user without a numeric UID the nonroot UID, and says it was guessed', () => {
    expect(createdUser('adduser', ['-D', 'app'])).toMatchObject({
      name: 'app',
      uid: 65532,
      gid: 65532,
      guessed: true,
    });
    expect(createdUser('adduser', ['-u', 'abc', 'app'])).toMatchObject({
      name: 'app',
      uid: 65532,
      gid: 65532,
      guessed: true,
    });
    expect(createdUser('useradd', ['-g', '3000', 'app'])).toMatchObject({
      name: 'app',
      uid: 65532,
      gid: 3000,
      guessed: true,
    });
  });

  it('busybox adduser: -g is the GECOS field, -G the group, whose GID addgroup gave; -h the home, -H makes none', () => {
    const groups = new Map([['bookmarks', 1000]]);
    expect(
      createdUser(
        'adduser',
        ['-D', '-h', '/srv/bm', '-g', '', '-G', 'bookmarks', '-u', '1000', 'bm'],
        groups,
      ),
    ).toEqual({ name: 'bm', uid: 1000, gid: 1000, group: 'bookmarks', home: home('/srv/bm') });
    // A GECOS of digits is no group either, nor an empty -g the GID 0.
    expect(createdUser('adduser', ['-D', '-g', '2000', '-u', '10001', 'app'])).toMatchObject({ gid: 10001 });
    expect(createdUser('adduser', ['-g', '', '-u', '10001', 'app'])).toMatchObject({ gid: 10001 });
    // A group addgroup made with no GID: its GID is not known, the user's own stands, marked as a guess.
    expect(createdUser('adduser', ['-S', '-G', 'app', '-u', '10001', 'app'])).toMatchObject({
      gid: 10001,
      guessedGroup: 'app',
    });
    expect(createdUser('adduser', ['-S', '-H', '-u', '10001', 'app'])).toMatchObject({
      home: home('/home/app', false),
    });
  });

  it("Debian's adduser: --gid or --ingroup; a --system user given no group is in nogroup; --home, --no-create-home", () => {
    const groups = new Map([['svc', 2000]]);
    expect(
      createdUser('adduser', ['--system', '--uid', '1001', '--ingroup', 'svc', 'api'], groups, true),
    ).toEqual({
      name: 'api',
      uid: 1001,
      gid: 2000,
      group: 'svc',
    });
    expect(createdUser('adduser', ['--system', '--uid', '1001', 'api'], new Map(), true)).toEqual({
      name: 'api',
      uid: 1001,
      gid: 65534,
    });
    expect(
      createdUser('adduser', ['--system', '--group', '--uid', '1001', 'api'], new Map(), true),
    ).toMatchObject({
      gid: 1001,
    });
    expect(
      createdUser('adduser', [
        '--disabled-password',
        '--gecos',
        '',
        '--home',
        '/app',
        '--uid',
        '1001',
        'api',
      ]),
    ).toEqual({ name: 'api', uid: 1001, gid: 1001, home: home('/app') });
    expect(
      createdUser(
        'adduser',
        ['--disabled-password', '--no-create-home', '--uid', '7', 'api'],
        new Map(),
        true,
      ),
    ).toEqual({
      name: 'api',
      uid: 7,
      gid: 7,
      home: home('/home/api', false),
    });
  });

  it("busybox adduser's long options: --ingroup, --home, --no-create-home; --system keeps the user's own group", () => {
    const groups = new Map([['svc', 2000]]);
    expect(
      createdUser(
        'adduser',
        ['--system', '--ingroup', 'svc', '--home', '/data', '--uid', '1001', 'api'],
        groups,
      ),
    ).toEqual({ name: 'api', uid: 1001, gid: 2000, group: 'svc', home: home('/data') });
    expect(createdUser('adduser', ['--system', '--no-create-home', '--uid', '1001', 'api'])).toEqual({
      name: 'api',
      uid: 1001,
      gid: 1001,
      home: home('/home/api', false),
    });
  });

  it('useradd: -g a group by number or by the name groupadd gave it; the home only with -m', () => {
    const groups = new Map([['svc', 3000]]);
    expect(
      createdUser('useradd', ['-r', '-u', '1001', '-g', 'svc', '-d', '/var/lib/svc', '-m', 'api'], groups),
    ).toEqual({
      name: 'api',
      uid: 1001,
      gid: 3000,
      group: 'svc',
      home: home('/var/lib/svc'),
    });
    expect(createdUser('useradd', ['-M', '-m', '-u', '1001', 'api'])).toMatchObject({
      home: home('/home/api', false),
    });
  });

  it('gives the home as an absolute path with no .. in it, so a staged home stays under /rootfs', () => {
    expect(createdUser('adduser', ['-D', '-h', '/srv/../../etc/x', '-u', '1', 'app'])?.home).toEqual(
      home('/etc/x'),
    );
    expect(createdUser('adduser', ['-D', '-u', '1', '../../root'])?.home).toEqual(home('/root'));
    expect(createdUser('adduser', ['-D', '-u', '1', '/x'])?.home).toEqual(home('/home/x'));
  });

  it('takes the GID of the group named, and says when the file gave that group none', () => {
    const groups = new Map([['grp', 2000]]);
    expect(createdUser('adduser', ['-S', '-u', '10001', '-G', 'grp', 'app'], groups)).toMatchObject({
      uid: 10001,
      gid: 2000,
    });
    expect(createdUser('adduser', ['-S', '-u', '10001', '-G', 'grp', 'app'], groups)).not.toHaveProperty(
      'guessedGroup',
    );
    expect(createdUser('adduser', ['-S', '-u', '10001', '-G', 'other', 'app'], groups)).toMatchObject({
      gid: 10001,
      guessedGroup: 'other',
    });
    expect(createdUser('useradd', ['-u', '10001', '-g', 'nogroup', 'app'])).toMatchObject({ gid: 65534 });
    expect(createdUser('useradd', ['-u', '10001', '-g', 'nogroup', 'app'])).not.toHaveProperty(
      'guessedGroup',
    );
    expect(createdUser('adduser', ['-S', '-u', '10001', '-G', '3000', 'app'])).toMatchObject({ gid: 3000 });
  });

  it('creates no user for groups, other tools, or without a name', () => {
    expect(createdUser('addgroup', ['-g', '1000', 'app'])).toBeUndefined();
    expect(createdUser('groupadd', ['app'])).toBeUndefined();
    expect(createdUser('chown', ['app'])).toBeUndefined();
    expect(createdUser('adduser', ['-D', '-u', '1000'])).toBeUndefined();
  });
});

describe('createdGroup', () => {
  it('reads the name and GID of addgroup and groupadd, and makes none of addgroup user group', () => {
    expect(createdGroup('addgroup', ['-g', '1000', '-S', 'app'])).toEqual({ name: 'app', gid: 1000 });
    expect(createdGroup('addgroup', ['--gid', '2000', '--system', 'svc'])).toEqual({
      name: 'svc',
      gid: 2000,
    });
    expect(createdGroup('groupadd', ['-r', '-g', '3000', 'svc'])).toEqual({ name: 'svc', gid: 3000 });
    expect(createdGroup('groupadd', ['svc'])).toEqual({ name: 'svc' });
    expect(createdGroup('addgroup', ['app', 'wheel'])).toBeUndefined();
    expect(createdGroup('adduser', ['-g', '1000', 'app'])).toBeUndefined();
  });
});

describe('resolveUser', () => {
  const created = new Map<string, UserSpec>([
    ['app', { name: 'app', uid: 10001, gid: 10002 }],
    ['staff', { name: 'staff', uid: 20001, gid: 20002 }],
    ['guess', { name: 'guess', uid: 65532, gid: 65532, guessed: true }],
  ]);

  it("takes a UID alone for the user the file made with it: that user's group, as passwd gives it", () => {
    expect(resolveUser('10001', created)).toEqual({ uid: 10001, gid: 10002 });
    expect(resolveUser('10001:5', created)).toEqual({ uid: 10001, gid: 5 });
    // A UID the file chose no number for (a guess) is no match.
    expect(resolveUser('65532', created)).toEqual({ uid: 65532, gid: 65532 });
  });

  it('takes numbers as they are, the GID defaulting to the UID', () => {
    expect(resolveUser('1000', created)).toEqual({ uid: 1000, gid: 1000 });
    expect(resolveUser('1000:2000', created)).toEqual({ uid: 1000, gid: 2000 });
    expect(resolveUser('0', created)).toEqual({ uid: 0, gid: 0 });
    expect(resolveUser('1000:app', created)).toEqual({ uid: 1000, gid: 10002, group: 'app' });
  });

  it('reads the users the Dockerfile created, and their groups', () => {
    expect(resolveUser('app', created)).toEqual({ name: 'app', uid: 10001, gid: 10002 });
    expect(resolveUser('app:3000', created)).toEqual({ name: 'app', uid: 10001, gid: 3000 });
    expect(resolveUser('app:staff', created)).toEqual({
      name: 'app',
      uid: 10001,
      gid: 20002,
      group: 'staff',
    });
    // nogroup is a group every base image has: 65534, not the user's.
    expect(resolveUser('app:nogroup', created)).toEqual({
      name: 'app',
      uid: 10001,
      gid: 65534,
      group: 'nogroup',
    });
    // A group the file never made takes the user's GID, and says it was guessed.
    expect(resolveUser('app:ghosts', created)).toEqual({
      name: 'app',
      uid: 10001,
      gid: 10002,
      group: 'ghosts',
      guessedGroup: 'ghosts',
    });
    expect(resolveUser('guess', created)).toEqual({ name: 'guess', uid: 65532, gid: 65532, guessed: true });
  });

  it('reads a group by the GID addgroup gave it, before a user of that name', () => {
    const groups = new Map([
      ['staff', 3000],
      ['web', 4000],
    ]);
    expect(resolveUser('app:web', created, groups)).toEqual({
      name: 'app',
      uid: 10001,
      gid: 4000,
      group: 'web',
    });
    expect(resolveUser('app:staff', created, groups)).toEqual({
      name: 'app',
      uid: 10001,
      gid: 3000,
      group: 'staff',
    });
    expect(resolveUser('1000:web', created, groups)).toEqual({ uid: 1000, gid: 4000, group: 'web' });
    expect(resolveUser('app:users', created, groups)).toEqual({
      name: 'app',
      uid: 10001,
      gid: 100,
      group: 'users',
    });
  });

  it("carries the guess of a user's own group to USER name, name: and its UID", () => {
    const withGuess = new Map<string, UserSpec>([
      ['app', { name: 'app', uid: 10001, gid: 10001, group: 'grp', guessedGroup: 'grp' }],
    ]);
    const guessed = { name: 'app', uid: 10001, gid: 10001, group: 'grp', guessedGroup: 'grp' };
    expect(resolveUser('app', withGuess)).toEqual(guessed);
    expect(resolveUser('app:', withGuess)).toEqual(guessed);
    expect(resolveUser('10001', withGuess)).toEqual({
      uid: 10001,
      gid: 10001,
      group: 'grp',
      guessedGroup: 'grp',
    });
    expect(resolveUser('app:7', withGuess)).toEqual({ name: 'app', uid: 10001, gid: 7 });
  });

  it('knows root, nobody and nonroot', () => {
    expect(resolveUser('root', created)).toEqual({ name: 'root', uid: 0, gid: 0 });
    expect(resolveUser('nobody', created)).toEqual({ name: 'nobody', uid: 65534, gid: 65534 });
    expect(resolveUser('nonroot', created)).toEqual({ name: 'nonroot', uid: 65532, gid: 65532 });
    expect(resolveUser('root:1', created)).toEqual({ name: 'root', uid: 0, gid: 1 });
  });

  it('gives an unknown name the nonroot UID, and says it was guessed', () => {
    expect(resolveUser('ghost', created)).toEqual({ name: 'ghost', uid: 65532, gid: 65532, guessed: true });
    expect(resolveUser('ghost:7', created)).toEqual({ name: 'ghost', uid: 65532, gid: 7, guessed: true });
  });

  it('takes a name with digits for a name, not a number', () => {
    expect(resolveUser('1a', created)).toEqual({ name: '1a', uid: 65532, gid: 65532, guessed: true });
    expect(resolveUser('a1', created)).toEqual({ name: 'a1', uid: 65532, gid: 65532, guessed: true });
    expect(resolveUser('1000:g1', created)).toEqual({
      uid: 1000,
      gid: 1000,
      group: 'g1',
      guessedGroup: 'g1',
    });
    expect(resolveUser('1000:1g', created)).toEqual({
      uid: 1000,
      gid: 1000,
      group: '1g',
      guessedGroup: '1g',
    });
  });
});

describe('chownOwner', () => {
  const created = new Map<string, UserSpec>([['app', { name: 'app', uid: 10001, gid: 10002 }]]);

  it('leaves the group as it was (root, for what was made as root) when chown names a user alone', () => {
    expect(chownOwner('app', created)).toEqual({ name: 'app', uid: 10001, gid: 0 });
    expect(chownOwner('1000', created)).toEqual({ uid: 1000, gid: 0 });
  });

  it("gives the user's login group for user: and the group named for user:group", () => {
    expect(chownOwner('app:', created)).toEqual({ name: 'app', uid: 10001, gid: 10002 });
    expect(chownOwner('app:app', created)).toEqual({ name: 'app', uid: 10001, gid: 10002, group: 'app' });
    expect(chownOwner('1000:2000', created)).toEqual({ uid: 1000, gid: 2000 });
    expect(chownOwner('app:web', created, new Map([['web', 4000]]))).toEqual({
      name: 'app',
      uid: 10001,
      gid: 4000,
      group: 'web',
    });
  });

  it('keeps a guessed group only where chown names one', () => {
    const withGuess = new Map<string, UserSpec>([
      ['app', { name: 'app', uid: 10001, gid: 10001, group: 'grp', guessedGroup: 'grp' }],
    ]);
    expect(chownOwner('app', withGuess)).toEqual({ name: 'app', uid: 10001, gid: 0 });
    expect(chownOwner('app:', withGuess)).toEqual({
      name: 'app',
      uid: 10001,
      gid: 10001,
      group: 'grp',
      guessedGroup: 'grp',
    });
    expect(chownOwner('app:ghosts', withGuess)).toEqual({
      name: 'app',
      uid: 10001,
      gid: 10001,
      group: 'ghosts',
      guessedGroup: 'ghosts',
    });
  });
});
