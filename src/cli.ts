/**
 * The `go-microcontainer` bin: runs this package's generators in the current
 * directory without a global `yo`, with exactly the options `yo` would take.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createEnv } from 'yeoman-environment';
import { CONTROL_OPTIONS, FEATURE_OPTIONS, TEXT_OPTIONS } from './core/options.js';

const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Subcommand to generator, by the path yo itself would load. */
const GENERATORS: Record<string, { namespace: string; path: string; summary: string }> = {
  app: {
    namespace: 'go-microcontainer:app',
    path: `${PACKAGE_ROOT}generators/app/index.js`,
    summary: 'scaffold a new Go service in the current directory (the default)',
  },
  convert: {
    namespace: 'go-microcontainer:convert',
    path: `${PACKAGE_ROOT}generators/convert/index.js`,
    summary: 'rewrite existing Go Dockerfiles so the image ships FROM scratch',
  },
};

function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(`${PACKAGE_ROOT}package.json`, 'utf8')) as { version: string };
  return manifest.version;
}

export function helpText(): string {
  const rows: Array<[string, string]> = [
    ['[name]', 'app name, as the first argument (same as --name)'],
    ...TEXT_OPTIONS.map((o): [string, string] => [
      `--${o.flag} <value>`,
      `${o.description}\n(default: ${o.defaultHelp})`,
    ]),
    ...FEATURE_OPTIONS.map((o): [string, string] => [
      `--[no-]${o.flag}`,
      `${o.description}\n(default: ${o.default ? 'on' : 'off'})`,
    ]),
    ...CONTROL_OPTIONS.map((o): [string, string] => [
      `${o.alias ? `-${o.alias}, ` : ''}--${o.flag}`,
      `${o.description}\n(default: off)`,
    ]),
    ['-h, --help', 'show this help'],
    ['--version', 'print the version'],
  ];
  const width = Math.max(...rows.map(([flag]) => flag.length)) + 2;
  const indent = ' '.repeat(width + 2);
  const options = rows
    .map(([flag, text]) => `  ${flag.padEnd(width)}${text.split('\n').join(`\n${indent}`)}`)
    .join('\n');
  const commands = Object.entries(GENERATORS)
    .map(([name, generator]) => `  ${name.padEnd(width)}${generator.summary}`)
    .join('\n');
  return [
    'Usage: go-microcontainer [command] [name] [options]',
    '',
    'Scaffolds a Go service whose container image holds just its static binary.',
    'Without a TTY, give every answer as an option or pass --yes.',
    '',
    'Commands:',
    commands,
    '',
    'Options:',
    options,
    '',
  ].join('\n');
}

/** Options of `go-microcontainer convert`, for its --help. */
const CONVERT_HELP: Array<[string, string]> = [
  ['[Dockerfile...]', 'the files to convert (default: ./Dockerfile)'],
  ['--all <dir>', 'convert every Dockerfile under dir, one summary line each (default: off)'],
  ['--strategy <value>', 'what the image ships: scratch or distroless (default: scratch)'],
  ['-y, --yes', 'ask nothing; overwrite after keeping the original as Dockerfile.orig (default: off)'],
  ['--force', "overwrite without Yeoman's conflict question (default: off)"],
  ['--dry-run', 'print the converted Dockerfile and the report; write nothing (default: off)'],
  ['--json', 'print the report as one JSON document on stdout (default: off)'],
  ['-h, --help', 'show this help'],
];

export function convertHelpText(): string {
  const width = Math.max(...CONVERT_HELP.map(([flag]) => flag.length)) + 2;
  return [
    'Usage: go-microcontainer convert [Dockerfile...] [options]',
    '',
    'Rewrites existing Go Dockerfiles so the image they ship is FROM scratch (or distroless static).',
    'Exit status: 0 when every file was converted or already minimal; 1 when any was refused.',
    '',
    'Options:',
    ...CONVERT_HELP.map(([flag, text]) => `  ${flag.padEnd(width)}${text}`),
    '',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(argv[0] === 'convert' ? convertHelpText() : helpText());
    return 0;
  }
  if (argv.includes('--version')) {
    process.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  const [first, ...rest] = argv;
  const command = first !== undefined && first in GENERATORS ? first : 'app';
  const generatorArgs = command === first ? rest : argv;
  const generator = GENERATORS[command];
  if (!generator) throw new Error(`unknown command ${command}`);

  const env = createEnv();
  env.register(generator.path, { namespace: generator.namespace });
  try {
    await env.run([generator.namespace, ...generatorArgs]);
    return 0;
  } catch (error) {
    process.stderr.write(`go-microcontainer: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
