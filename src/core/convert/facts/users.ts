/**
 * Users as scratch needs them: numbers. Names come from adduser/useradd in
 * the Dockerfile, from a few well-known accounts, or default to the
 * distroless nonroot UID.
 */
import { NONROOT_UID } from '../../versions.js';

export interface UserSpec {
  /** Set when the user was named rather than given as a number. */
  readonly name?: string;
  readonly uid: number;
  readonly gid: number;
  /** The Dockerfile gives no UID for the name: it was given the distroless nonroot UID. */
  readonly guessed?: true;
}

const WELL_KNOWN_USERS = new Map([
  ['root', 0],
  ['nobody', 65534],
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

/** The user an adduser or useradd command creates; groups (addgroup, groupadd) are not users. */
export function createdUser(tool: string, args: readonly string[]): UserSpec | undefined {
  if (tool !== 'adduser' && tool !== 'useradd') return undefined;
  const { flags, rest } = parseUserArgs(args);
  const name = rest[rest.length - 1];
  if (!name) return undefined;
  const uid = Number(flags.get('u') ?? flags.get('uid') ?? NaN);
  const gid = Number(flags.get('g') ?? flags.get('gid') ?? NaN);
  return {
    name,
    uid: Number.isInteger(uid) ? uid : NONROOT_UID,
    gid: Number.isInteger(gid) ? gid : Number.isInteger(uid) ? uid : NONROOT_UID,
    ...(Number.isInteger(uid) ? {} : { guessed: true as const }),
  };
}

/** `USER` or `--chown` values (`name`, `uid`, `name:group`, `uid:gid`) as numbers. */
export function resolveUser(value: string, createdUsers: ReadonlyMap<string, UserSpec>): UserSpec {
  const [userPart = '', groupPart] = value.split(':');
  const numeric = (part: string | undefined) =>
    part !== undefined && /^[0-9]+$/.test(part) ? Number(part) : undefined;
  const uidNumber = numeric(userPart);
  const created = createdUsers.get(userPart);
  const known = WELL_KNOWN_USERS.get(userPart);
  const uid = uidNumber ?? created?.uid ?? known ?? NONROOT_UID;
  const groupCreated = groupPart !== undefined ? createdUsers.get(groupPart) : undefined;
  const gid = numeric(groupPart) ?? groupCreated?.gid ?? created?.gid ?? uid;
  if (uidNumber !== undefined) return { uid, gid };
  const guessed = created ? created.guessed === true : known === undefined;
  return { name: userPart, uid, gid, ...(guessed ? { guessed: true as const } : {}) };
}
