/**
 * The app generator through Yeoman: options, questions, re-runs and bad input.
 * What each file says is covered by render.test.ts; here we check that the
 * glue turns options, answers and .yo-rc.json into the right project. Every
 * expectation is written out: nothing here calls the renderer or the
 * validators it checks.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { result } from 'yeoman-test';
import type { ProjectAnswers } from '../src/core/options.js';
import { GO_BUILD, labelArgsFor, projectFacts, type ProjectFacts } from './helpers/intent.js';
import { APP_GENERATOR } from './helpers/paths.js';
import { GENERATED_FILES } from './helpers/project.js';
import { runGenerator } from './helpers/yeoman.js';

const CONFIG_KEY = 'generator-go-microcontainer';

/** A full set of non-default answers, as options and as prompt answers. */
const CUSTOM: ProjectAnswers = {
  name: 'orders-api',
  module: 'github.com/acme/orders-api/v2',
  strategy: 'distroless',
  port: 8081,
  goVersion: '1.24',
  caCerts: false,
  nonRoot: true,
  tzdata: true,
  healthcheck: false,
  classicFlags: false,
};

/**
 * CUSTOM as a user types it on the command line: the flags' own spelling.
 * Pass copies: Yeoman adds the camelCase keys to the object it is given.
 */
const CUSTOM_OPTIONS: Readonly<Record<string, string | boolean>> = {
  name: 'orders-api',
  module: 'github.com/acme/orders-api/v2',
  strategy: 'distroless',
  port: '8081',
  'go-version': '1.24',
  'ca-certs': false,
  'non-root': true,
  tzdata: true,
  healthcheck: false,
  'classic-flags': false,
};

/** CUSTOM as answers to the questions: the features are one checkbox list. */
const CUSTOM_ANSWERS = {
  name: 'orders-api',
  module: 'github.com/acme/orders-api/v2',
  strategy: 'distroless',
  port: '8081',
  goVersion: '1.24',
  features: ['nonRoot', 'tzdata'],
};

/** What the CUSTOM project must say: distroless on 8081, Go 1.24, tzdata, no health check, modern flags. */
const CUSTOM_FACTS: ProjectFacts = {
  files: GENERATED_FILES,
  goMod: 'module github.com/acme/orders-api/v2\n\ngo 1.24\n',
  froms: ['${GO_IMAGE}', '${RUNTIME_IMAGE}'],
  baseImageArgs: ['GO_IMAGE=golang:1.24-alpine', 'RUNTIME_IMAGE=gcr.io/distroless/static-debian12:nonroot'],
  labelArgs: labelArgsFor('orders-api', 'https://github.com/acme/orders-api'),
  expose: ['8081'],
  user: ['65532:65532'],
  entrypoint: ['["/orders-api"]'],
  healthcheck: [],
  goBuild: GO_BUILD.modernWithTzdata,
  copiesCaBundle: false,
  writesPasswd: true,
  defaultPort: 'const defaultPort = "8081"',
  composeUser: 'user: "65532:65532"',
  composePort: 'PORT: ${PORT:-8081}',
};

/** The Go minor version `--yes` must pick here: the toolchain's, read without our code; else 1.26. */
function toolchainMinor(): string {
  const run = spawnSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' });
  const match = /^go(1\.(\d+))(?:\.\d+)?\s*$/.exec(run.stdout ?? '');
  return match && Number(match[2]) >= 22 ? (match[1] ?? '1.26') : '1.26';
}

function writtenTree(cwd: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(cwd)
      .filter((file) => file !== '.yo-rc.json')
      .map((file) => [file, readFileSync(path.join(cwd, file), 'utf8')]),
  );
}

function storedAnswers(cwd: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(cwd, '.yo-rc.json'), 'utf8'))[CONFIG_KEY];
}

/** How a run ended, as the generator reports it: errors are data, never thrown at Yeoman. */
function outcomeOf(run: { generator: unknown }): { exitStatus: number; code?: string; message?: string } {
  const generator = run.generator as { exitStatus: number; failure?: { code: string; message: string } };
  return {
    exitStatus: generator.exitStatus,
    ...(generator.failure ? { code: generator.failure.code, message: generator.failure.message } : {}),
  };
}

function askedNames(): string[] {
  return result.askedQuestions.map((asked) => asked.name);
}

describe('go-microcontainer:app', () => {
  it('with --yes asks nothing and writes the default project and .yo-rc.json', async () => {
    await runGenerator(APP_GENERATOR).withOptions({ yes: true, name: 'hello' } as never);
    expect(askedNames()).toEqual([]);
    const goVersion = toolchainMinor();
    expect(storedAnswers(result.cwd)).toEqual({
      name: 'hello',
      module: 'example.com/hello',
      strategy: 'scratch',
      port: 3000,
      goVersion,
      caCerts: true,
      nonRoot: true,
      tzdata: false,
      healthcheck: true,
      classicFlags: true,
    });
    expect(projectFacts(writtenTree(result.cwd))).toEqual({
      files: GENERATED_FILES,
      goMod: `module example.com/hello\n\ngo ${goVersion}\n`,
      froms: ['${GO_IMAGE}', 'scratch'],
      baseImageArgs: [`GO_IMAGE=golang:${goVersion}-alpine`],
      labelArgs: labelArgsFor('hello', ''),
      expose: ['3000'],
      user: ['65532:65532'],
      entrypoint: ['["/hello"]'],
      healthcheck: ['--interval=1s --timeout=3s --retries=5 CMD ["/hello", "-health"]'],
      goBuild: GO_BUILD.classic,
      copiesCaBundle: true,
      writesPasswd: true,
      defaultPort: 'const defaultPort = "3000"',
      composeUser: 'user: "65532:65532"',
      composePort: 'PORT: ${PORT:-3000}',
    });
    expect(statSync(path.join(result.cwd, 'build.sh')).mode & 0o777).toBe(0o755);
  });

  it('takes the app name from the first argument', async () => {
    await runGenerator(APP_GENERATOR)
      .withArguments(['from-arg'])
      .withOptions({ yes: true } as never);
    result.assertFileContent('go.mod', 'module example.com/from-arg\n');
    expect(storedAnswers(result.cwd)).toMatchObject({ name: 'from-arg', module: 'example.com/from-arg' });
  });

  it('gives the same project from options as from answered questions', async () => {
    await runGenerator(APP_GENERATOR).withOptions({ ...CUSTOM_OPTIONS } as never);
    expect(askedNames()).toEqual([]);
    const fromOptions = writtenTree(result.cwd);
    expect(storedAnswers(result.cwd)).toEqual(CUSTOM);

    await runGenerator(APP_GENERATOR).withAnswers({ ...CUSTOM_ANSWERS }, { throwOnMissingAnswer: true });
    expect(askedNames()).toEqual(['name', 'module', 'strategy', 'port', 'goVersion', 'features']);
    const fromQuestions = writtenTree(result.cwd);
    expect(storedAnswers(result.cwd)).toEqual(CUSTOM);

    expect(fromQuestions).toEqual(fromOptions);
    expect(projectFacts(fromOptions)).toEqual(CUSTOM_FACTS);
    // A change detector for the rest of every file; the intent is stated above.
    expect(fromOptions).toMatchSnapshot();
  });

  it.each([
    ['name', 'name', 'orders-api'],
    ['module', 'module', 'github.com/acme/orders-api/v2'],
    ['strategy', 'strategy', 'distroless'],
    ['port', 'port', 8081],
    ['go-version', 'goVersion', '1.24'],
  ] as const)('--%s skips its question and only that one', async (flag, key, stored) => {
    await runGenerator(APP_GENERATOR)
      .withOptions({ [flag]: String(stored) } as never)
      .withAnswers({ ...CUSTOM_ANSWERS, name: 'asked' }, { throwOnMissingAnswer: true });
    const questions = ['name', 'module', 'strategy', 'port', 'goVersion', 'features'];
    expect(askedNames()).toEqual(questions.filter((question) => question !== key));
    expect(storedAnswers(result.cwd)[key]).toEqual(stored);
  });

  it('asks only for the features no option settled', async () => {
    let featureChoices: string[] = [];
    const settled = Object.fromEntries(
      Object.entries(CUSTOM_OPTIONS).filter(([flag]) => flag !== 'ca-certs' && flag !== 'tzdata'),
    );
    await runGenerator(APP_GENERATOR)
      .withOptions({ ...settled } as never)
      .withAnswers(
        { features: ['tzdata'] },
        {
          throwOnMissingAnswer: true,
          callback: (answer, { question }) => {
            featureChoices = (
              (question as unknown as { choices: Array<{ value: string }> }).choices ?? []
            ).map((choice) => choice.value);
            return answer;
          },
        },
      );
    expect(askedNames()).toEqual(['features']);
    expect(featureChoices).toEqual(['caCerts', 'tzdata']);
    expect(storedAnswers(result.cwd)).toMatchObject({ caCerts: false, tzdata: true, healthcheck: false });
  });

  describe('validates each question with the rule of its option', () => {
    const NAME_RULE =
      'the app name becomes the binary and image name: use lowercase letters and digits, ' +
      'separated by single ".", "_", "__" or dashes (for example "hello-world")';
    const PORT_RULE = 'the port must be a whole number from 1 to 65535';
    const GO_VERSION_SHAPE = 'the Go version must look like 1.26 or 1.26.3';
    const VERDICTS: Record<string, Array<[string, true | string]>> = {
      name: [
        ['hello', true],
        ['orders-api', true],
        ['', 'the app name must not be empty'],
        ['Hello', NAME_RULE],
        ['a b', NAME_RULE],
        ['$(id)', NAME_RULE],
        ['example.com/x', NAME_RULE],
        ['main.go', 'the app name "main.go" would clash with a generated file'],
        ['a'.repeat(65), 'the app name must be at most 64 characters'],
      ],
      module: [
        ['example.com/x', true],
        ['nodot', true],
        ['Hello', true],
        ['', 'the module path must not be empty'],
        ['a b', 'module path elements may only use ASCII letters, digits and "-._~+" (found " ")'],
        ['$(id)', 'module path elements may only use ASCII letters, digits and "-._~+" (found "$")'],
        [
          'https://github.com/acme/hello',
          'this is a URL, not a module path: type github.com/acme/hello (no scheme, user or .git)',
        ],
        [
          'fmt',
          '"fmt" is a standard-library name, and go build would find two packages at the same path ' +
            '("ambiguous import"): start with a domain (example.com/fmt) or with example/',
        ],
      ],
      port: [
        ['8080', true],
        ['1', true],
        ['65535', true],
        ['', PORT_RULE],
        ['0', PORT_RULE],
        ['70000', PORT_RULE],
        ['http', PORT_RULE],
        ['1.26', PORT_RULE],
      ],
      goVersion: [
        ['1.26', true],
        ['1.22', true],
        ['1.26.3', true],
        ['', GO_VERSION_SHAPE],
        ['latest', GO_VERSION_SHAPE],
        ['8080', GO_VERSION_SHAPE],
        ['1.18', 'the Go version must be 1.22 or newer (the generated server uses its ServeMux patterns)'],
      ],
    };

    it('accepts and rejects, with the literal message, what its option does', async () => {
      const validators: Record<string, (value: string) => unknown> = {};
      await runGenerator(APP_GENERATOR).withAnswers(
        { ...CUSTOM_ANSWERS },
        {
          callback: (answer, { question }) => {
            const { validate } = question as unknown as { validate?: (value: string) => unknown };
            if (validate) validators[question.name] = validate;
            return answer;
          },
        },
      );
      // The strategy is a list: only valid choices exist. The features are a checkbox list.
      expect(Object.keys(validators).sort()).toEqual(['goVersion', 'module', 'name', 'port']);
      for (const [question, verdicts] of Object.entries(VERDICTS)) {
        for (const [probe, verdict] of verdicts) {
          expect([question, probe, await validators[question]?.(probe)]).toEqual([question, probe, verdict]);
        }
      }
    });

    it.each([
      ['name', 'Hello', NAME_RULE],
      ['port', '70000', PORT_RULE],
      ['go-version', 'latest', GO_VERSION_SHAPE],
      ['module', '', 'the module path must not be empty'],
    ])('--%s %p fails with the same message as the question', async (flag, value, message) => {
      const run = await runGenerator(APP_GENERATOR).withOptions({ yes: true, [flag]: value } as never);
      expect(outcomeOf(run).message).toBe(`--${flag}: ${message} (got ${JSON.stringify(value)})`);
    });
  });

  describe('re-runs', () => {
    it('reuses the answers in .yo-rc.json without asking again', async () => {
      await runGenerator(APP_GENERATOR)
        .withYoRcConfig(CONFIG_KEY, { ...CUSTOM })
        .withAnswers({}, { throwOnMissingAnswer: true });
      expect(askedNames()).toEqual([]);
      expect(projectFacts(writtenTree(result.cwd))).toEqual(CUSTOM_FACTS);
    });

    it('lets an option override a stored answer, and stores the new one', async () => {
      await runGenerator(APP_GENERATOR)
        .withYoRcConfig(CONFIG_KEY, { ...CUSTOM })
        .withOptions({ strategy: 'alpine', force: true } as never);
      expect(askedNames()).toEqual([]);
      expect(storedAnswers(result.cwd)).toEqual({ ...CUSTOM, strategy: 'alpine' });
      result.assertFileContent('Dockerfile', /^ARG RUNTIME_IMAGE=alpine:3\.22$/m);
    });

    it('refuses a .yo-rc.json with an invalid stored answer, naming the file', async () => {
      const run = await runGenerator(APP_GENERATOR).withYoRcConfig(CONFIG_KEY, { ...CUSTOM, port: 70000 });
      expect(outcomeOf(run)).toEqual({
        exitStatus: 2,
        code: 'usage',
        message: expect.stringMatching(
          /\.yo-rc\.json "port": the port must be a whole number from 1 to 65535/,
        ),
      });
    });
  });

  describe('bad options', () => {
    it.each([
      ['name', 'Bad Name', /--name: the app name becomes the binary/],
      ['module', 'example.com/a b', /--module: module path elements may only use/],
      [
        'module',
        'https://github.com/acme/hello',
        /--module: this is a URL, not a module path: type github\.com\/acme\/hello /,
      ],
      ['module', 'fmt', /--module: "fmt" is a standard-library name/],
      ['strategy', 'ubuntu', /--strategy: the strategy must be one of/],
      ['port', '0', /--port: the port must be a whole number from 1 to 65535 \(got "0"\)/],
      ['port', 'http', /--port: the port must be a whole number/],
      ['go-version', '1.18', /--go-version: the Go version must be 1\.22 or newer/],
      ['go-version', 'latest', /--go-version: the Go version must look like 1\.26/],
    ])('--%s %p fails, names the rule and writes nothing', async (flag, value, message) => {
      const context = runGenerator(APP_GENERATOR).withOptions({ yes: true, [flag]: value } as never);
      expect(outcomeOf(await context)).toEqual({
        exitStatus: 2,
        code: 'usage',
        message: expect.stringMatching(message),
      });
      expect(
        existsSync(context.targetDirectory ?? '') ? readdirSync(context.targetDirectory ?? '') : [],
      ).toEqual([]);
    });

    it('reports every bad option at once', async () => {
      const run = await runGenerator(APP_GENERATOR).withOptions({
        yes: true,
        port: '0',
        strategy: 'nope',
      } as never);
      expect(outcomeOf(run).message).toMatch(/--strategy: .*\n--port: /);
    });
  });
});
