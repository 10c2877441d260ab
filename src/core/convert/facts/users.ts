/**
 * Users as scratch needs them: numbers. Names come from adduser/useradd in
 * the Dockerfile, from a few well-known accounts, or default to the
 * distroless nonroot UID.
 */
import { NONROOT_UID } from '../../versions.js';
import { resolvePath } from './dockerfile-model.js';

export interface UserSpec {
  /** Set when the user was named rather than given as a number. */
  readonly name?: string;
  readonly uid: number;
  readonly gid: number;
  /** The Dockerfile gives no UID for the name: it was given the distroless nonroot UID. */
  readonly guessed?: true;
  /** The name of the group, where the Dockerfile names it (`-G grp`, `USER app:grp`): /etc/group gives it. */
  readonly group?: string;
  /** The group named, which the Dockerfile gives no GID: it took the user's. */
  readonly guessedGroup?: string;
  /** The home adduser or useradd gave it (HOME, as Docker sets it from /etc/passwd), and whether the tool made it. */
  readonly home?: { readonly path: string; readonly created: boolean };
}

/** Debian's nogroup, where adduser --system puts a user given no group. */
const NOGROUP_GID = 65534;

const WELL_KNOWN_USERS = new Map([
  ['root', 0],
  ['nobody', 65534],
  ['nonroot', NONROOT_UID],
]);
/** Whether base images' own /etc/passwd names the UID (root, nobody, nonroot), so it has a group there. */
export function isWellKnownUid(uid: number): boolean {
  return [...WELL_KNOWN_USERS.values()].includes(uid);
}

/** Groups alpine and Debian both have under these names (alpine's nobody group is nogroup's 65534). */
const WELL_KNOWN_GROUPS = new Map([
  ['root', 0],
  ['users', 100],
  ['nogroup', NOGROUP_GID],
  ['nobody', NOGROUP_GID],
  ['nonroot', NONROOT_UID],
]);

/** Options of adduser and useradd that take a value as the next word. */
const OPTIONS_WITH_VALUE = new Set([
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
  // Debian's adduser
  'ingroup',
  'gecos',
  'firstuid',
  'lastuid',
  // useradd
  'p',
  'password',
  'e',
  'expiredate',
  'f',
  'inactive',
  'K',
  'key',
]);

export function parseUserArgs(args: readonly string[]): { flags: Map<string, string>; rest: string[] } {
  const flags = new Map<string, string>();
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const match = /^--?([A-Za-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) {
      rest.push(arg);
      continue;
    }
    const name = match[1] ?? '';
    if (match[2] !== undefined) flags.set(name, match[2]);
    else if (OPTIONS_WITH_VALUE.has(name)) {
      flags.set(name, args[i + 1] ?? '');
      i++;
    } else flags.set(name, 'true');
  }
  return { flags, rest };
}

/** A whole number written as digits; anything else (`-g ''`, a name) is none. */
function numberOf(value: string | undefined): number | undefined {
  return value !== undefined && /^[0-9]+$/.test(value) ? Number(value) : undefined;
}

/** The home given, or /home/NAME, as an absolute path with no `..` in it (a staged folder stays under /rootfs). */
function homePath(given: string | undefined, name: string): string {
  return given === undefined ? resolvePath('/', `/home/${name}`) : resolvePath('/home', given);
}

/** The group an addgroup or groupadd command creates, with its GID when it gives one. */
export function createdGroup(
  tool: string,
  args: readonly string[],
): { name: string; gid?: number } | undefined {
  if (tool !== 'addgroup' && tool !== 'groupadd') return undefined;
  const { flags, rest } = parseUserArgs(args);
  // `addgroup user group` adds a user to a group; it creates none.
  if (rest.length !== 1 || rest[0] === undefined) return undefined;
  const gid = numberOf(flags.get('g') ?? flags.get('gid'));
  return { name: rest[0], ...(gid === undefined ? {} : { gid }) };
}

/**
 * The user an adduser or useradd command creates; groups (addgroup,
 * groupadd) are not users, and `groups` holds the GIDs they gave. The tools
 * differ: busybox adduser (alpine, busybox) takes -G (--ingroup) for the
 * group and -g for the GECOS field, and makes the home unless -H; Debian's
 * adduser (`debian`: the stage uses apt-get) takes --gid or --ingroup, puts a
 * --system user without a group in nogroup, and makes a home unless
 * --no-create-home; useradd takes -g for the group and makes the home only
 * with -m.
 */
export function createdUser(
  tool: string,
  args: readonly string[],
  groups: ReadonlyMap<string, number> = new Map(),
  debian = false,
): UserSpec | undefined {
  if (tool !== 'adduser' && tool !== 'useradd') return undefined;
  const { flags, rest } = parseUserArgs(args);
  const name = rest[rest.length - 1];
  if (!name) return undefined;
  const uid = numberOf(flags.get('u') ?? flags.get('uid'));
  let groupName: string | undefined;
  const groupOf = (group: string | undefined) => {
    if (group === undefined || numberOf(group) !== undefined) return numberOf(group);
    groupName = group;
    return groups.get(group) ?? WELL_KNOWN_GROUPS.get(group);
  };
  let gid: number | undefined;
  let home: UserSpec['home'];
  if (tool === 'useradd') {
    gid = groupOf(flags.get('g') ?? flags.get('gid'));
    const created = (flags.has('m') || flags.has('create-home')) && !flags.has('M');
    home = { path: homePath(flags.get('d') ?? flags.get('home-dir') ?? flags.get('home'), name), created };
  } else if (debian) {
    const system = flags.has('system');
    gid =
      numberOf(flags.get('gid')) ??
      groupOf(flags.get('ingroup')) ??
      (system && !flags.has('group') && !flags.has('ingroup') ? NOGROUP_GID : undefined);
    const given = flags.get('home');
    // A system user's home without --home is /nonexistent (adduser 3.122 on) or /home/NAME before: not known.
    const path = given !== undefined || !system ? homePath(given, name) : undefined;
    if (path !== undefined) home = { path, created: !flags.has('no-create-home') };
  } else {
    gid = groupOf(flags.get('G') ?? flags.get('ingroup'));
    home = {
      path: homePath(flags.get('h') ?? flags.get('home'), name),
      created: !flags.has('H') && !flags.has('no-create-home'),
    };
  }
  return {
    name,
    uid: uid ?? NONROOT_UID,
    gid: gid ?? uid ?? NONROOT_UID,
    ...(uid === undefined ? { guessed: true as const } : {}),
    ...(groupName === undefined ? {} : { group: groupName }),
    ...(gid === undefined && groupName !== undefined ? { guessedGroup: groupName } : {}),
    ...(home ? { home } : {}),
  };
}

/** The user the file made with this UID (and a UID of its own choosing, not a guess). */
export function userWithUid(uid: number, createdUsers: ReadonlyMap<string, UserSpec>): UserSpec | undefined {
  return [...createdUsers.values()].find((user) => user.uid === uid && user.guessed !== true);
}

/**
 * The owner `chown value` gives: `user:group` and `user:` (the user's login
 * group) as resolveUser reads them, but a user alone leaves the group as it
 * was, which for what COPY and mkdir made as root is root's (0), not the
 * user's, as COPY --chown would make it.
 */
export function chownOwner(
  value: string,
  createdUsers: ReadonlyMap<string, UserSpec>,
  createdGroups: ReadonlyMap<string, number> = new Map(),
): UserSpec {
  const { guessedGroup, group, ...owner } = resolveUser(value, createdUsers, createdGroups);
  return value.includes(':')
    ? { ...owner, ...(group === undefined ? {} : { group }), ...guessedGroupOf(guessedGroup) }
    : { ...owner, gid: 0 };
}

function guessedGroupOf(name: string | undefined): Pick<UserSpec, 'guessedGroup'> {
  return name === undefined ? {} : { guessedGroup: name };
}

/**
 * `USER` or `--chown` values (`name`, `uid`, `name:group`, `uid:gid`,
 * `name:` for the login group) as numbers. A group is found by its GID
 * (addgroup -g, groupadd -g), as the group of the user of that name, or as a
 * group every image has; a name the Dockerfile gives no GID takes the user's
 * GID, marked as guessed.
 */
export function resolveUser(
  value: string,
  createdUsers: ReadonlyMap<string, UserSpec>,
  createdGroups: ReadonlyMap<string, number> = new Map(),
): UserSpec {
  const [userPart = '', groupPart] = value.split(':');
  const uidNumber = numberOf(userPart);
  const created = createdUsers.get(userPart);
  const known = WELL_KNOWN_USERS.get(userPart);
  const uid = uidNumber ?? created?.uid ?? known ?? NONROOT_UID;
  const numericGid = numberOf(groupPart);
  const loginGroup = groupPart === undefined || groupPart === '';
  const groupName = loginGroup || numericGid !== undefined ? undefined : groupPart;
  const namedGid =
    groupName === undefined
      ? undefined
      : (createdGroups.get(groupName) ??
        createdUsers.get(groupName)?.gid ??
        WELL_KNOWN_GROUPS.get(groupName));
  // `USER 10000` is looked up in passwd by its UID: a user the file made with it gives its group.
  const madeWithUid = uidNumber === undefined ? undefined : userWithUid(uidNumber, createdUsers);
  const gid = numericGid ?? namedGid ?? created?.gid ?? madeWithUid?.gid ?? uid;
  // The user's own group (no group, or `name:`): its name, and guessed where the user's was.
  const own = loginGroup ? (created ?? madeWithUid) : undefined;
  const group = groupName ?? own?.group;
  const groupFacts = {
    ...(group === undefined ? {} : { group }),
    ...guessedGroupOf(groupName !== undefined && namedGid === undefined ? groupName : own?.guessedGroup),
  };
  if (uidNumber !== undefined) return { uid, gid, ...groupFacts };
  const guessed = created ? created.guessed === true : known === undefined;
  return {
    name: userPart,
    uid,
    gid,
    ...(guessed ? { guessed: true as const } : {}),
    ...groupFacts,
    ...(created?.home ? { home: created.home } : {}),
  };
}
