/**
 * The `go-microcontainer` bin: runs this package's generators in the current
 * directory without a global `yo`, with exactly the options `yo` would take.
 *
 * The command line is parsed strictly here, before yeoman-environment is even
 * loaded: --help, --version and usage errors answer at once.
 */
import { lstatSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  mistypedCommandError,
  parseCommandLine,
  suggestCommand,
  type OptionSpec,
} from './core/cli-options.js';
import { CONVERT_EXIT_HELP, CONVERT_OPTIONS } from './core/convert/cli/command-line.js';
import { formatUsageErrors } from './core/convert/cli/formats.js';
import { DOCKERIZE_EXIT_HELP, DOCKERIZE_OPTIONS, parseDockerizeOptions } from './core/dockerize/options.js';
import { EXIT, isPromptInterrupt, ToolError } from './core/errors.js';
import { APP_OPTIONS, parseAnswerOptions } from './core/options.js';
import { importPrompter, importYeomanEnvironment } from './late-modules.js';
import type { TerminalPrompter } from './terminal-prompter.js';

const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Command {
  namespace: string;
  path: string;
  summary: string;
  usage: string;
  options: readonly OptionSpec[];
}

/** Subcommand to generator, by the path yo itself would load. */
const COMMANDS: Record<string, Command> = {
  app: {
    namespace: 'go-microcontainer:app',
    path: `${PACKAGE_ROOT}generators/app/index.js`,
    summary: 'scaffold a new Go service in the current directory (the default)',
    usage: 'go-microcontainer [app] [name] [options]',
    options: APP_OPTIONS,
  },
  convert: {
    namespace: 'go-microcontainer:convert',
    path: `${PACKAGE_ROOT}generators/convert/index.js`,
    summary: 'rewrite existing Go Dockerfiles so the image ships FROM scratch',
    usage: 'go-microcontainer convert [Dockerfile...] [options]',
    options: CONVERT_OPTIONS,
  },
  dockerize: {
    namespace: 'go-microcontainer:dockerize',
    path: `${PACKAGE_ROOT}generators/dockerize/index.js`,
    summary: 'add container files to an existing Go module (no Go file or go.mod is touched)',
    usage: 'go-microcontainer dockerize [options]',
    options: DOCKERIZE_OPTIONS,
  },
};

const APP_EXIT_HELP: ReadonlyArray<[string, string]> = [
  ['0', 'the project was written (or was already up to date)'],
  ['1', 'aborted at an overwrite question: nothing was written'],
  ['2', 'usage: an unknown option or command, a bad value, or a question and no terminal to ask on'],
  [
    '3',
    'a file could not be written (permissions, a symbolic link, a read-only file, a full disk): nothing was written',
  ],
  ['130', 'interrupted (Ctrl-C): nothing was written'],
  ['143', 'stopped by SIGTERM (docker stop, a cancelled CI job): nothing was written'],
];

/** Whether anything is at `file` (a link counts; so does an entry that cannot be looked at). */
function entryExists(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch (error) {
    return (error as { code?: string }).code !== 'ENOENT';
  }
}

function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(`${PACKAGE_ROOT}package.json`, 'utf8')) as { version: string };
  return manifest.version;
}

function table(rows: ReadonlyArray<readonly [string, string]>): string {
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  const indent = ' '.repeat(width + 2);
  return rows
    .map(([left, text]) => `  ${left.padEnd(width)}${text.split('\n').join(`\n${indent}`)}`)
    .join('\n');
}

function optionRows(options: readonly OptionSpec[]): Array<[string, string]> {
  return options.map((option): [string, string] => {
    const flag =
      option.type === 'string'
        ? `--${option.flag} <${option.valueName ?? 'value'}>`
        : `${option.alias ? `-${option.alias}, ` : ''}--${option.negatable ? '[no-]' : ''}${option.flag}`;
    return [flag, `${option.description}\n(default: ${option.defaultHelp})`];
  });
}

export function helpText(): string {
  const rows: Array<[string, string]> = [
    ['[name]', 'app name, as the first argument (same as --name)'],
    ...optionRows(APP_OPTIONS),
    ['-h, --help', 'show this help'],
    ['--version', 'print the version'],
  ];
  const commands = Object.entries(COMMANDS).map(([name, command]): [string, string] => [
    name,
    command.summary,
  ]);
  return [
    `Usage: ${COMMANDS.app?.usage}`,
    '',
    'Scaffolds a Go service whose container image holds just its static binary.',
    'Without a TTY, give every answer as an option or pass --yes.',
    '',
    'Commands:',
    table(commands),
    '',
    'Options:',
    table(rows),
    '',
    'Exit status:',
    table(APP_EXIT_HELP),
    '',
  ].join('\n');
}

export function convertHelpText(): string {
  const rows: Array<[string, string]> = [
    ['[Dockerfile...]', 'the files to convert (default: ./Dockerfile)'],
    ...optionRows(CONVERT_OPTIONS),
    ['-h, --help', 'show this help'],
  ];
  return [
    `Usage: ${COMMANDS.convert?.usage}`,
    '',
    'Rewrites existing Go Dockerfiles so the image they ship is FROM scratch (or distroless static).',
    'The original is kept as Dockerfile.orig; a file is only ever replaced whole, never through a symbolic link.',
    '',
    'Options:',
    table(rows),
    '',
    'Exit status:',
    table(CONVERT_EXIT_HELP),
    '',
  ].join('\n');
}

export function dockerizeHelpText(): string {
  return [
    `Usage: ${COMMANDS.dockerize?.usage}`,
    '',
    'Adds a Dockerfile, build.sh, compose.yaml and .dockerignore to the Go module in the current directory,',
    'so that its program ships FROM scratch. It reads go.mod, finds the main packages, the port, cgo and the',
    'folders the program reads at run time, and never touches a Go file, go.mod, or any file of yours',
    '(.dockerignore is merged: your lines stay). A module with a Dockerfile: use convert.',
    '',
    'Options:',
    table([...optionRows(DOCKERIZE_OPTIONS), ['-h, --help', 'show this help']]),
    '',
    'Exit status:',
    table(DOCKERIZE_EXIT_HELP),
    '',
  ].join('\n');
}

/** The command and its words: `conver` is a typo of `convert`, not an app named "conver". */
function splitCommand(argv: readonly string[]): { name: string; command: Command; args: string[] } {
  const [first, ...rest] = argv;
  if (first !== undefined && COMMANDS[first]) return { name: first, command: COMMANDS[first], args: rest };
  const app = COMMANDS.app as Command;
  if (first !== undefined && !first.startsWith('-')) {
    const nearest = suggestCommand(first, Object.keys(COMMANDS));
    if (nearest) throw mistypedCommandError(first, nearest);
  }
  return { name: 'app', command: app, args: [...argv] };
}

/** Checks the whole command line, values included, before anything is read or written. */
function checkCommandLine(name: string, command: Command, args: readonly string[]): void {
  const { options } = parseCommandLine(
    args,
    command.options,
    `go-microcontainer${name === 'app' ? '' : ` ${name}`}`,
  );
  const { errors } =
    name === 'app'
      ? parseAnswerOptions(options)
      : name === 'dockerize'
        ? parseDockerizeOptions(options)
        : { errors: formatUsageErrors(options) };
  if (errors.length > 0) throw new ToolError('usage', errors.join('\n'));
}

/**
 * Colour only for a person at a terminal: chalk reads FORCE_COLOR when it is
 * first loaded, so this runs before any import of Yeoman.
 */
function settleColour(): void {
  if (process.env.NO_COLOR !== undefined || !process.stdout.isTTY) process.env.FORCE_COLOR = '0';
}

function report(error: ToolError, json: boolean, command: string): number {
  if (json)
    process.stdout.write(
      `${JSON.stringify({ status: 'error', code: error.code, error: error.message }, null, 2)}\n`,
    );
  else process.stderr.write(`${command}: ${error.message}\n`);
  return error.exitStatus;
}

/** The words before `--`: after it, every word is a path or a name. */
function optionWords(args: readonly string[]): readonly string[] {
  const end = args.indexOf('--');
  return end === -1 ? args : args.slice(0, end);
}

/**
 * Whether errors are owed as JSON: `--json`, `--json=true` or `--format json`
 * among the options, even on a line that fails to parse.
 */
function wantsJson(argv: readonly string[]): boolean {
  const words = optionWords(argv);
  return (
    (argv[0] === 'convert' || argv[0] === 'dockerize') &&
    words.some(
      (word, index) =>
        word === '--json' ||
        word === '--json=true' ||
        (argv[0] === 'convert' &&
          (word === '--format=json' || (word === '--format' && words[index + 1] === 'json'))),
    )
  );
}

/**
 * The terminal prompter (@yeoman/adapter, inquirer), loaded only when a
 * question is about to be asked: a run that asks nothing never reads it.
 */
async function openPrompter(): Promise<TerminalPrompter> {
  const { openTerminalPrompter } = await importPrompter();
  return openTerminalPrompter();
}

/**
 * convert runs without Yeoman (core/convert/cli/runner.ts): a check of one
 * file costs about what starting node does. A prompt library is loaded only
 * when a question is about to be asked.
 */
async function convert(args: readonly string[]): Promise<number> {
  const { options, positionals } = parseCommandLine(args, CONVERT_OPTIONS, 'go-microcontainer convert');
  const { runConvert } = await import('./core/convert/cli/runner.js');
  const value = (flag: string) => (typeof options[flag] === 'string' ? (options[flag] as string) : undefined);
  const flag = (name: string) => options[name] === true;
  let prompter: TerminalPrompter | undefined;
  try {
    return await runConvert(
      {
        paths: positionals,
        all: value('all'),
        strategy: value('strategy'),
        drop: value('drop'),
        yes: flag('yes'),
        force: flag('force'),
        'dry-run': flag('dry-run'),
        check: flag('check'),
        // Absent, not false, when not given: --format json must not read as disagreeing with it.
        json: options['json'] === undefined ? undefined : flag('json'),
        format: value('format'),
      },
      process.cwd(),
      {
        canPrompt: process.stdin.isTTY === true,
        open: async () => (prompter = await openPrompter()),
      },
    );
  } finally {
    prompter?.close();
  }
}

/**
 * A first run of the app command runs without Yeoman (core/app/run.ts): in a
 * folder with no .yo-rc.json there is no stored answer for Yeoman's config to
 * read, and with no go.mod no module to hand to dockerize. Anything else
 * (a rerun, a module, the name as a word) is the generator's, as before.
 * Undefined when the generator is to run.
 */
async function firstRun(args: readonly string[]): Promise<number | undefined> {
  const { options, positionals } = parseCommandLine(args, APP_OPTIONS, 'go-microcontainer');
  const cwd = process.cwd();
  if (positionals.length > 0) return undefined;
  if (['.yo-rc.json', 'go.mod'].some((name) => entryExists(path.join(cwd, name)))) return undefined;
  const { runApp } = await import('./core/app/run.js');
  let prompter: TerminalPrompter | undefined;
  try {
    return await runApp(cwd, options, {
      canPrompt: process.stdin.isTTY === true,
      open: async () => (prompter = await openPrompter()),
    });
  } finally {
    prompter?.close();
  }
}

/**
 * dockerize runs without Yeoman (core/dockerize/run.ts), as convert does; a
 * prompt library is loaded only when a question is about to be asked.
 */
async function dockerize(args: readonly string[]): Promise<number> {
  const { options } = parseCommandLine(args, DOCKERIZE_OPTIONS, 'go-microcontainer dockerize');
  const { runDockerize } = await import('./core/dockerize/run.js');
  let prompter: TerminalPrompter | undefined;
  try {
    return await runDockerize(process.cwd(), options, {
      canPrompt: process.stdin.isTTY === true,
      open: async () => (prompter = await openPrompter()),
    });
  } finally {
    prompter?.close();
  }
}

export async function main(argv: string[]): Promise<number> {
  const json = wantsJson(argv);
  const label =
    COMMANDS[argv[0] ?? ''] && argv[0] !== 'app' ? `go-microcontainer ${argv[0]}` : 'go-microcontainer';
  let split: ReturnType<typeof splitCommand>;
  try {
    split = splitCommand(argv);
    const words = optionWords(split.args);
    if (words.includes('--help') || words.includes('-h')) {
      process.stdout.write(
        split.name === 'convert'
          ? convertHelpText()
          : split.name === 'dockerize'
            ? dockerizeHelpText()
            : helpText(),
      );
      return EXIT.ok;
    }
    if (split.name === 'app' && words.includes('--version')) {
      process.stdout.write(`${packageVersion()}\n`);
      return EXIT.ok;
    }
    checkCommandLine(split.name, split.command, split.args);
    try {
      process.cwd();
    } catch {
      throw new ToolError(
        'not-found',
        'the current folder no longer exists: cd into an existing folder and run again',
      );
    }
  } catch (error) {
    if (error instanceof ToolError) return report(error, json, label);
    throw error;
  }

  settleColour();
  if (split.name === 'convert') return convert(split.args);
  if (split.name === 'dockerize') return dockerize(split.args);
  if (split.name === 'app') {
    const status = await firstRun(split.args);
    if (status !== undefined) return status;
  }
  const { createEnv } = await importYeomanEnvironment();
  const env = createEnv();
  env.register(split.command.path, { namespace: split.command.namespace });
  try {
    await env.run([split.command.namespace, ...split.args]);
  } catch (error) {
    // The generators report their own failures; Yeoman may still reject the
    // run with the same error (a Ctrl-C at a question aborts its adapter).
    const generator = env.rootGenerator() as { failure?: ToolError; exitStatus?: number } | undefined;
    if (generator?.failure && generator.exitStatus !== undefined) return generator.exitStatus;
    if (isPromptInterrupt(error)) return report(new ToolError('interrupted', 'interrupted'), json, label);
    const message = error instanceof Error ? error.message : String(error);
    return report(new ToolError('internal', `internal error: ${message} (please report it)`), json, label);
  }
  const generator = env.rootGenerator() as { exitStatus?: number } | undefined;
  return generator?.exitStatus ?? EXIT.ok;
}
