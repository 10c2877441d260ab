/**
 * The answer options as data: the table the generator registers its options
 * from, the bin prints --help from and the questions validate with, and the
 * parser that turns options or .yo-rc.json into answers. Every expectation is
 * written out.
 */
import { describe, expect, it } from '@jest/globals';
import {
  APP_OPTIONS,
  FEATURE_OPTIONS,
  parseAnswerOptions,
  TEXT_OPTIONS,
  toPort,
} from '../src/core/options.js';

describe('the option table', () => {
  it('has the five text answers, each with its flag, default and validator', () => {
    expect(
      TEXT_OPTIONS.map((option) => [option.key, option.flag, option.defaultHelp, option.validate('')]),
    ).toEqual([
      ['name', 'name', "the current directory's name", 'the app name must not be empty'],
      [
        'module',
        'module',
        'from the git remote, else github.com/<git config github.user>/<name>, else example.com/<name>',
        'the module path must not be empty',
      ],
      [
        'strategy',
        'strategy',
        'scratch',
        'the strategy must be one of: scratch, scratch-host, distroless, alpine, golang-alpine, golang',
      ],
      ['port', 'port', '3000', 'the port must be a whole number from 1 to 65535'],
      [
        'goVersion',
        'go-version',
        "the local toolchain's minor version (go env GOVERSION), else 1.26",
        'the Go version must look like 1.26 or 1.26.3',
      ],
    ]);
    expect(TEXT_OPTIONS.find((option) => option.key === 'strategy')?.description).toBe(
      'base-image strategy: scratch, scratch-host, distroless, alpine, golang-alpine, golang (scratch-multistage: the old name of scratch)',
    );
  });

  it('has the five features with their defaults: on except tzdata', () => {
    expect(FEATURE_OPTIONS.map((option) => [option.key, option.flag, option.default])).toEqual([
      ['caCerts', 'ca-certs', true],
      ['nonRoot', 'non-root', true],
      ['tzdata', 'tzdata', false],
      ['healthcheck', 'healthcheck', true],
      ['classicFlags', 'classic-flags', true],
    ]);
  });

  it('gives the strict parser every flag, its type and its default', () => {
    expect(
      APP_OPTIONS.map((spec) => [
        spec.flag,
        spec.type,
        spec.negatable ?? false,
        spec.alias,
        spec.defaultHelp,
      ]),
    ).toEqual([
      ['name', 'string', false, undefined, "the current directory's name"],
      [
        'module',
        'string',
        false,
        undefined,
        'from the git remote, else github.com/<git config github.user>/<name>, else example.com/<name>',
      ],
      ['strategy', 'string', false, undefined, 'scratch'],
      ['port', 'string', false, undefined, '3000'],
      [
        'go-version',
        'string',
        false,
        undefined,
        "the local toolchain's minor version (go env GOVERSION), else 1.26",
      ],
      ['ca-certs', 'boolean', true, undefined, 'on'],
      ['non-root', 'boolean', true, undefined, 'on'],
      ['tzdata', 'boolean', true, undefined, 'off'],
      ['healthcheck', 'boolean', true, undefined, 'on'],
      ['classic-flags', 'boolean', true, undefined, 'on'],
      ['yes', 'boolean', false, 'y', 'off'],
      ['force', 'boolean', false, undefined, 'off'],
      ['ask-answered', 'boolean', false, undefined, 'off'],
    ]);
    // What --help says of each.
    expect(APP_OPTIONS.map((spec) => spec.description)).toEqual([
      'app name: the binary and image name (also the first argument)',
      'Go module path for go.mod',
      'base-image strategy: scratch, scratch-host, distroless, alpine, golang-alpine, golang (scratch-multistage: the old name of scratch)',
      'port the server listens on ($PORT overrides it at run time)',
      "Go version for go.mod's go line and the golang image tag",
      'copy the CA bundle into scratch images, so outgoing TLS works',
      'run as the numeric non-root user 65532:65532',
      'embed time zone data (-tags timetzdata, about +450 KB) so time.LoadLocation works',
      "add a HEALTHCHECK that runs the binary's own -health probe (no shell or curl needed)",
      'keep the classic "-a -installsuffix cgo" flags; --no-classic-flags drops them: since Go 1.10 ' +
        'CGO_ENABLED=0 alone gives the same static binary, and without -a warm rebuilds reuse the build cache',
      'take the default for every question not given; never prompt',
      'overwrite changed files without asking',
      'ask every question again, offering the answers stored in .yo-rc.json',
    ]);
  });
});

describe('toPort', () => {
  it.each([
    ['8080', 8080],
    [' 8081 ', 8081],
    [3000, 3000],
  ])('%p is %p', (value, port) => {
    expect(toPort(value)).toBe(port);
  });
});

describe('parseAnswerOptions', () => {
  it('reads every answer from its flag, typed: port a number, strategy resolved', () => {
    expect(
      parseAnswerOptions({
        name: 'orders-api',
        module: 'github.com/acme/orders-api/v2',
        strategy: 'scratch-multistage',
        port: ' 8081 ',
        'go-version': '1.24',
        'ca-certs': false,
        'non-root': true,
        tzdata: true,
        healthcheck: false,
        'classic-flags': false,
        yes: true,
      }),
    ).toEqual({
      given: {
        name: 'orders-api',
        module: 'github.com/acme/orders-api/v2',
        strategy: 'scratch',
        port: 8081,
        goVersion: '1.24',
        caCerts: false,
        nonRoot: true,
        tzdata: true,
        healthcheck: false,
        classicFlags: false,
      },
      errors: [],
    });
  });

  it('reads camelCase keys too, and a number for the port (as .yo-rc.json stores it)', () => {
    expect(parseAnswerOptions({ goVersion: '1.25', caCerts: false, port: 8080 }, '.yo-rc.json')).toEqual({
      given: { goVersion: '1.25', caCerts: false, port: 8080 },
      errors: [],
    });
  });

  it('prefers the flag spelling when both are given', () => {
    expect(parseAnswerOptions({ 'go-version': '1.24', goVersion: '1.25' }).given).toEqual({
      goVersion: '1.24',
    });
  });

  it('skips what is undefined or null', () => {
    expect(parseAnswerOptions({ name: undefined, port: null, tzdata: null, healthcheck: undefined })).toEqual(
      {
        given: {},
        errors: [],
      },
    );
  });

  it('names every bad value with its option, the rule and what it got', () => {
    expect(
      parseAnswerOptions({ name: 'Bad', port: 0, 'go-version': '1.18', tzdata: 'yes', healthcheck: 1 }),
    ).toEqual({
      given: {},
      errors: [
        '--name: the app name becomes the binary and image name: use lowercase letters and digits, separated by single ".", "_", "__" or dashes (for example "hello-world") (got "Bad")',
        '--port: the port must be a whole number from 1 to 65535 (got "0")',
        '--go-version: the Go version must be 1.22 or newer (the generated server uses its ServeMux patterns) (got "1.18")',
        '--tzdata: must be true or false (got "yes")',
        '--healthcheck: must be true or false (got 1)',
      ],
    });
  });

  it('names the file and the key when the answers come from .yo-rc.json', () => {
    expect(parseAnswerOptions({ strategy: 'nope', nonRoot: 'no' }, '.yo-rc.json').errors).toEqual([
      '.yo-rc.json "strategy": the strategy must be one of: scratch, scratch-host, distroless, alpine, golang-alpine, golang (got "nope")',
      '.yo-rc.json "non-root": must be true or false (got "no")',
    ]);
  });
});
