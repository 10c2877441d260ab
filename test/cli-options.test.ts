/**
 * The strict command-line parser on its own: every form it accepts, every
 * mistake it names, and the suggestions it makes.
 */
import { describe, expect, it } from '@jest/globals';
import {
  checkGeneratorOptions,
  suggestCommand,
  parseCommandLine,
  suggest,
  type OptionSpec,
} from '../src/core/cli-options.js';

const SPECS: readonly OptionSpec[] = [
  { flag: 'name', type: 'string', description: 'name', defaultHelp: 'dir' },
  { flag: 'all', type: 'string', valueName: 'dir', description: 'all', defaultHelp: 'off' },
  { flag: 'tzdata', type: 'boolean', negatable: true, description: 'tz', defaultHelp: 'off' },
  { flag: 'yes', alias: 'y', type: 'boolean', description: 'yes', defaultHelp: 'off' },
  { flag: 'dry-run', type: 'boolean', description: 'dry', defaultHelp: 'off' },
];

const parse = (...args: string[]) => parseCommandLine(args, SPECS, 'tool');

describe('parseCommandLine accepts', () => {
  it.each([
    [['--name', 'api'], { name: 'api' }, []],
    [['--name=api'], { name: 'api' }, []],
    [['--name='], { name: '' }, []],
    [['--name', '-'], { name: '-' }, []],
    [['--tzdata'], { tzdata: true }, []],
    [['--no-tzdata'], { tzdata: false }, []],
    [['--tzdata=false'], { tzdata: false }, []],
    [['--dry-run=true'], { 'dry-run': true }, []],
    [['-y'], { yes: true }, []],
    [['svc/Dockerfile', '--yes', 'b'], { yes: true }, ['svc/Dockerfile', 'b']],
    [['-'], {}, ['-']],
    [['--', '--name', '-y'], {}, ['--name', '-y']],
  ])('%j', (args, options, positionals) => {
    expect(parse(...args)).toEqual({ options, positionals });
  });
});

describe('parseCommandLine refuses, naming the mistake', () => {
  it.each([
    [['--dryrun'], 'unknown option --dryrun; did you mean --dry-run? (tool --help lists the options)'],
    [['--nmae=x'], 'unknown option --nmae; did you mean --name? (tool --help lists the options)'],
    [['--no-tzdat'], 'unknown option --no-tzdat; did you mean --no-tzdata? (tool --help lists the options)'],
    [['--no-yes'], '--yes has no --no- form: leave it out to turn it off'],
    [
      ['--no-tzdata=1'],
      'unknown option --no-tzdata; did you mean --no-tzdata? (tool --help lists the options)',
    ],
    [['--zzzzzzzz'], 'unknown option --zzzzzzzz (tool --help lists the options)'],
    [['-x'], 'unknown option -x (tool --help lists the options)'],
    [['-no-tzdata'], 'unknown option -no-tzdata; did you mean --no-tzdata? (tool --help lists the options)'],
    [
      ['--xx-tzdata'],
      'unknown option --xx-tzdata; did you mean --no-tzdata? (tool --help lists the options)',
    ],
    [['--name'], '--name needs a value: --name <value>'],
    [['--all', '--yes'], '--all needs a value: --all <dir>'],
    [['--yes=maybe'], '--yes: takes no value, or true or false (got "maybe")'],
    [['--name', 'a', '--name', 'b'], '--name is given twice: give it once'],
    [['-y=1'], '-y takes no value (got "1")'],
  ])('%j', (args, message) => {
    expect(() => parse(...args)).toThrow(expect.objectContaining({ code: 'usage', message }));
  });
});

describe('suggest', () => {
  it('picks the nearest candidate within a typo distance, and nothing beyond', () => {
    expect(suggest('conver', ['app', 'convert'])).toBe('convert');
    expect(suggest('CONVERT', ['app', 'convert'])).toBe('convert');
    expect(suggest('apps', ['app', 'convert'])).toBe('app');
    expect(suggest('hello', ['app', 'convert'])).toBeUndefined();
    expect(suggest('--prot', ['--port', '--prefix'])).toBe('--port');
    // Long words tolerate more edits: a third of the length.
    expect(suggest('--clasic-flag', ['--classic-flags'])).toBe('--classic-flags');
    expect(suggest('ab', ['xy'])).toBe('xy');
    expect(suggest('abc', ['xyz'])).toBeUndefined();
    expect(suggest('aaaa', ['a'])).toBeUndefined();
    // The nearest wins, and the first of equals.
    expect(suggest('apps', ['app', 'apple'])).toBe('app');
    expect(suggest('ab', ['ax', 'ay'])).toBe('ax');
  });
});

describe('suggestCommand', () => {
  it('takes one edit or a cut-short word for a command, but not an app name near one', () => {
    expect(suggestCommand('conver', ['convert', 'dockerize'])).toBe('convert');
    expect(suggestCommand('convrt', ['convert', 'dockerize'])).toBe('convert');
    expect(suggestCommand('dockrize', ['convert', 'dockerize'])).toBe('dockerize');
    expect(suggestCommand('converter', ['convert', 'dockerize'])).toBeUndefined();
    expect(suggestCommand('con', ['convert', 'dockerize'])).toBeUndefined();
    expect(suggestCommand('convert', ['convert', 'dockerize'])).toBeUndefined();
    expect(suggestCommand('hello', ['convert', 'dockerize'])).toBeUndefined();
  });
});

describe('checkGeneratorOptions (what yo and yeoman-test hand a generator)', () => {
  it('accepts declared options in kebab and camel case, aliases, and the runners own', () => {
    expect(() =>
      checkGeneratorOptions(
        ['--dry-run'],
        {
          dryRun: true,
          'dry-run': true,
          y: true,
          env: {},
          resolved: 'x',
          skipInstall: true,
          localOnly: false,
        },
        SPECS,
        'tool',
      ),
    ).not.toThrow();
  });

  it("refuses a value yo took for a flag's, and a repeated or missing value", () => {
    expect(() =>
      checkGeneratorOptions([], { yes: 'svc/Dockerfile' }, SPECS, 'go-microcontainer convert'),
    ).toThrow(
      expect.objectContaining({
        code: 'usage',
        message:
          '--yes takes no value (got "svc/Dockerfile"): put file paths and names before the options, ' +
          'as in yo go-microcontainer:convert <path> --yes',
      }),
    );
    expect(() => checkGeneratorOptions([], { name: ['a', 'b'] }, SPECS, 'tool')).toThrow(
      '--name is given twice: give it once',
    );
    expect(() => checkGeneratorOptions([], { all: true }, SPECS, 'tool')).toThrow(
      '--all needs a value: --all <dir>',
    );
    expect(() =>
      checkGeneratorOptions([], { yes: 'true', dryRun: false, name: 'x' }, SPECS, 'tool'),
    ).not.toThrow();
  });

  it('accepts every option Yeoman, yeoman-test and yo add on their own', () => {
    const runners = [
      'env',
      'resolved',
      'namespace',
      'sharedData',
      'sharedFs',
      'forwardErrorToEnvironment',
      'skipLocalCache',
      'skipCache',
      'skip-cache',
      'skipInstall',
      'skip-install',
      'forceInstall',
      'force-install',
      'askAnswered',
      'ask-answered',
      'localConfigOnly',
      'help',
      'h',
      '_meta',
      '_',
      'insight',
      'localOnly',
      'local-only',
      'debug',
    ];
    for (const option of runners) {
      expect(() => checkGeneratorOptions([], { [option]: true }, SPECS, 'tool')).not.toThrow();
    }
    expect(() => checkGeneratorOptions([], { skipinstall: true }, SPECS, 'tool')).toThrow(
      'unknown option --skipinstall (tool --help lists the options)',
    );
  });

  it('refuses an unknown option in either place', () => {
    expect(() => checkGeneratorOptions(['--dryrun'], {}, SPECS, 'tool')).toThrow(/did you mean --dry-run\?/);
    expect(() => checkGeneratorOptions([], { dryrun: true }, SPECS, 'tool')).toThrow(
      /^unknown option --dryrun; did you mean --dry-run\?/,
    );
  });
});
