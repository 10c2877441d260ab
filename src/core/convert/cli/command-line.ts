/** `go-microcontainer convert`'s options: one table for the bin, the generator under yo, and --help. */
import type { OptionSpec } from '../../cli-options.js';
import { ToolError } from '../../errors.js';

export const CONVERT_OPTIONS: readonly OptionSpec[] = [
  {
    flag: 'all',
    type: 'string',
    valueName: 'dir',
    description:
      'convert every Dockerfile and Containerfile under dir (any case; not .dockerignore files or backups), one summary line each',
    defaultHelp: 'off',
  },
  {
    flag: 'strategy',
    type: 'string',
    valueName: 'value',
    description: 'what the image ships: scratch or distroless',
    defaultHelp: 'scratch',
  },
  {
    flag: 'drop',
    type: 'string',
    valueName: 'packages',
    description:
      'runtime packages you know the program does not need, comma-separated (bash,su-exec): removed instead of refused, and reported as your decision',
    defaultHelp: 'none',
  },
  {
    flag: 'yes',
    alias: 'y',
    type: 'boolean',
    description: 'ask nothing; overwrite after keeping the original as Dockerfile.orig',
    defaultHelp: 'off',
  },
  {
    flag: 'force',
    type: 'boolean',
    description: 'overwrite without asking (the original is still kept)',
    defaultHelp: 'off',
  },
  {
    flag: 'dry-run',
    type: 'boolean',
    description: 'print the converted Dockerfile and the report; write nothing',
    defaultHelp: 'off',
  },
  {
    flag: 'check',
    type: 'boolean',
    description:
      'change nothing: list what would change, with its codes; exit 0 when every file is already minimal, 1 when one would change or is refused (for CI)',
    defaultHelp: 'off',
  },
  {
    flag: 'format',
    type: 'string',
    valueName: 'name',
    description:
      'the report: text; json (every outcome, errors included, as one JSON document on stdout); ' +
      'sarif (SARIF 2.1.0 for code scanning) or github (workflow-command annotations), which need --check or --dry-run',
    defaultHelp: 'text',
  },
  {
    flag: 'json',
    type: 'boolean',
    description: 'the same as --format json',
    defaultHelp: 'off',
  },
];

/** Exit statuses, for --help and the README. */
export const CONVERT_EXIT_HELP: ReadonlyArray<[string, string]> = [
  ['0', 'every file was converted or already minimal (or the overwrite was declined)'],
  [
    '1',
    'a file was refused as unsafe to convert, the run was aborted at a question, or (--check) a file would change',
  ],
  ['2', 'usage: an unknown option or command, a bad value, or no terminal to ask on'],
  ['3', 'a file could not be read or written (permissions, a symbolic link, a full disk)'],
  ['130', 'interrupted (Ctrl-C): every file is as it was, or completely converted'],
  [
    '143',
    'stopped by SIGTERM (docker stop, a cancelled CI job): every file is as it was, or completely converted',
  ],
];

/** --drop's package names, checked: a name a package manager could install, nothing a shell would read. */
export function droppedPackages(value: string | undefined): string[] {
  if (value === undefined) return [];
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const bad = names.find((name) => !/^[A-Za-z0-9][A-Za-z0-9+._-]*$/.test(name));
  if (bad !== undefined || names.length === 0)
    throw new ToolError(
      'usage',
      `--drop: give package names, comma-separated (bash,su-exec)${bad === undefined ? '' : `; ${JSON.stringify(bad)} is not one`}`,
    );
  return [...new Set(names)];
}
