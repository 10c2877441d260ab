/**
 * `go-microcontainer dockerize`'s options: one table for the bin, the
 * generator under yo, and --help; and the checks of their values that need
 * no inspection (the ones that do, such as --main, are made once the module
 * is read).
 */
import type { OptionSpec } from '../cli-options.js';
import { DEFAULT_STRATEGY, type StrategyName } from '../strategies.js';
import { sanitizeAppName, validateAppName, validatePort, validateStrategy } from '../validators.js';

export const DOCKERIZE_OPTIONS: readonly OptionSpec[] = [
  {
    flag: 'main',
    type: 'string',
    valueName: 'package',
    description: 'the main package to ship, as go build takes it (./cmd/api) or by import path',
    defaultHelp:
      'the only main package, or the one that is clearly the service; asked otherwise (--yes stops, exit 2, naming the candidates)',
  },
  {
    flag: 'port',
    type: 'string',
    valueName: 'port',
    description: 'the port the program listens on, for EXPOSE and compose',
    defaultHelp:
      'read from the code (flag defaults, env fallbacks, listeners); none for a program with no listener; asked when unclear (--yes stops, exit 2)',
  },
  {
    flag: 'strategy',
    type: 'string',
    valueName: 'value',
    description: 'base-image strategy (go-microcontainer --help lists them)',
    defaultHelp: DEFAULT_STRATEGY,
  },
  {
    flag: 'name',
    type: 'string',
    valueName: 'name',
    description: 'the binary and image name',
    defaultHelp: "the main package's last path element (cmd/api gives api)",
  },
  {
    flag: 'copy',
    type: 'string',
    valueName: 'dirs',
    description:
      'folders to copy into the image next to the binary, comma-separated (templates,migrations), or none',
    defaultHelp: 'the files and folders the code reads from disk (not embedded)',
  },
  {
    flag: 'json',
    type: 'boolean',
    description: 'print one JSON document on stdout, whatever happens (asks nothing: needs --yes)',
    defaultHelp: 'off',
  },
  {
    flag: 'yes',
    alias: 'y',
    type: 'boolean',
    description: 'ask nothing: take the defaults for every question not given',
    defaultHelp: 'off',
  },
  {
    flag: 'force',
    type: 'boolean',
    description: 'replace files dockerize wrote before (never a file of yours: those are left alone)',
    defaultHelp: 'off',
  },
];

/** Exit statuses, for --help and the README. */
export const DOCKERIZE_EXIT_HELP: ReadonlyArray<[string, string]> = [
  ['0', 'the container files were written (or were already there)'],
  [
    '1',
    'refused: no main package, cgo, a listener on localhost only (with --yes), or a Dockerfile already there (convert it instead); or aborted at a question',
  ],
  [
    '2',
    'usage: an unknown option, a bad value, no go.mod, a question and no terminal to ask on, or --yes where the code does not say which main or port (the candidates are named)',
  ],
  ['3', 'a file could not be written (permissions, a symbolic link, a full disk): nothing was written'],
  ['130', 'interrupted (Ctrl-C): nothing was written'],
  ['143', 'stopped by SIGTERM (docker stop, a cancelled CI job): nothing was written'],
];

export interface DockerizeChoices {
  main?: string;
  port?: number;
  strategy?: StrategyName;
  name?: string;
  /** Folders to copy; an empty list for `--copy none`. */
  copy?: string[];
}

/** Reads and checks the options that need no inspection; every bad value is one message. */
export function parseDockerizeOptions(raw: Record<string, unknown>): {
  given: DockerizeChoices;
  errors: string[];
} {
  const given: DockerizeChoices = {};
  const errors: string[] = [];
  const text = (flag: string) =>
    raw[flag] === undefined || raw[flag] === null ? undefined : String(raw[flag]);
  const check = (flag: string, value: string, verdict: true | string) => {
    if (verdict !== true) errors.push(`--${flag}: ${verdict} (got ${JSON.stringify(value)})`);
    return verdict === true;
  };
  const main = text('main');
  if (main !== undefined && check('main', main, main.trim() === '' ? 'must name a package' : true))
    given.main = main.trim();
  const port = text('port');
  if (port !== undefined && check('port', port, validatePort(port))) given.port = Number(port.trim());
  const strategy = text('strategy');
  if (strategy !== undefined && check('strategy', strategy, validateStrategy(strategy)))
    given.strategy = strategy as StrategyName;
  const name = text('name');
  if (name !== undefined && check('name', name, validateAppName(name))) given.name = name;
  const copy = text('copy');
  if (copy !== undefined) {
    const dirs =
      copy.trim() === 'none' ? [] : copy.split(',').map((dir) => dir.trim().replace(/^\.\/|\/+$/g, ''));
    const bad = dirs.find((dir) => dir === '' || dir.startsWith('/') || dir.split('/').includes('..'));
    if (check('copy', copy, bad === undefined ? true : 'folders relative to the module, separated by commas'))
      given.copy = dirs;
  }
  return { given, errors };
}

/** The default binary name: the main package's last path element, without a /vN major version. */
export function defaultAppName(importPath: string): string {
  const parts = importPath.split('/');
  const last = parts[parts.length - 1] ?? 'app';
  const element = /^v\d+$/.test(last) && parts.length > 1 ? (parts[parts.length - 2] as string) : last;
  return sanitizeAppName(element);
}
