/**
 * Default answers, derived from the machine and the folder the generator runs in.
 * The derivations are pure functions; the few lookups that touch the system are
 * kept apart so tests can feed them fixed values.
 */
import { childProcess } from './lazy-builtins.js';
import os from 'node:os';
import path from 'node:path';
import { ReadError, readSafely } from './fs/safe-read.js';
import { FEATURE_OPTIONS, type ProjectAnswers } from './options.js';
import { DEFAULT_STRATEGY } from './strategies.js';
import {
  modulePathFromAddress,
  modulePathNote,
  sanitizeAppName,
  validateGoVersion,
  validateModulePath,
} from './validators.js';
import { DEFAULT_PORT, FALLBACK_GO_VERSION } from './versions.js';

/** What the environment tells us, gathered once per run. */
export interface Surroundings {
  /** Name of the folder the project is generated in. */
  directoryName: string;
  /** `go env GOVERSION`, e.g. "go1.26.8", or undefined without a Go toolchain. */
  goToolchainVersion?: string;
  /** `git config --get remote.origin.url` in that folder. */
  gitRemoteUrl?: string;
  /** `git config --get github.user`. */
  githubUser?: string;
}

/** "go1.26.8" becomes "1.26"; pre-releases ("go1.27rc1") and unknown strings give undefined. */
export function goMinorVersion(goVersion: string | undefined): string | undefined {
  const match = /^go1\.(\d+)(?:\.\d+)?$/.exec(goVersion?.trim() ?? '');
  if (!match) return undefined;
  const minor = `1.${match[1]}`;
  return validateGoVersion(minor) === true ? minor : undefined;
}

/**
 * Turns a git remote into the module path Go would fetch it by:
 * "git@github.com:acme/api.git" and "https://github.com/acme/api" both become
 * "github.com/acme/api". Only a path `go get` could fetch is offered.
 */
export function modulePathFromRemote(remoteUrl: string): string | undefined {
  const candidate = modulePathFromAddress(remoteUrl);
  return candidate !== undefined && isFetchable(candidate) ? candidate : undefined;
}

function isFetchable(modulePath: string): boolean {
  return validateModulePath(modulePath) === true && modulePathNote(modulePath) === undefined;
}

export function defaultModulePath(appName: string, surroundings: Surroundings): string {
  const fromRemote = surroundings.gitRemoteUrl && modulePathFromRemote(surroundings.gitRemoteUrl);
  if (fromRemote) return fromRemote;
  if (surroundings.githubUser) {
    const candidate = `github.com/${surroundings.githubUser}/${appName}`;
    if (isFetchable(candidate)) return candidate;
  }
  return `example.com/${appName}`;
}

/** The answers `--yes` takes for every question not given. */
export function defaultAnswers(surroundings: Surroundings, appName?: string): ProjectAnswers {
  const name = appName ?? sanitizeAppName(surroundings.directoryName);
  const features = Object.fromEntries(FEATURE_OPTIONS.map((option) => [option.key, option.default]));
  return {
    name,
    module: defaultModulePath(name, surroundings),
    strategy: DEFAULT_STRATEGY,
    port: DEFAULT_PORT,
    goVersion: goMinorVersion(surroundings.goToolchainVersion) ?? FALLBACK_GO_VERSION,
    ...(features as Pick<ProjectAnswers, (typeof FEATURE_OPTIONS)[number]['key']>),
  };
}

function quietly(command: string, args: string[], cwd: string): string | undefined {
  try {
    const output = childProcess()
      .execFileSync(command, args, {
        cwd,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
        timeout: 10_000,
      })
      .trim();
    return output === '' ? undefined : output;
  } catch {
    return undefined;
  }
}

/**
 * Where `go env` may run: go reads go.mod and go.work of the folder with a
 * blocking open, so a FIFO there would hold it until the timeout, and a link
 * to /dev/zero would feed it without end. Then it runs in the temp folder:
 * the toolchain's version is the machine's either way.
 */
function goSafeFolder(directory: string): string {
  for (const [name, kind] of [
    ['go.mod', 'go.mod'],
    ['go.work', 'go.work'],
  ] as const) {
    try {
      readSafely(path.join(directory, name), { kind, within: directory });
    } catch (error) {
      if (!(error instanceof ReadError && error.refusal === 'not-found')) return os.tmpdir();
    }
  }
  return directory;
}

/** Looks at the machine: the Go toolchain and git. Missing tools just leave fields undefined. */
export function readSurroundings(directory: string): Surroundings {
  return {
    directoryName: path.basename(path.resolve(directory)),
    goToolchainVersion: quietly('go', ['env', 'GOVERSION'], goSafeFolder(directory)),
    gitRemoteUrl: quietly('git', ['config', '--get', 'remote.origin.url'], directory),
    githubUser: quietly('git', ['config', '--get', 'github.user'], directory),
  };
}
