/**
 * The app generator through Yeoman: options, questions, re-runs and bad input.
 * What the files contain is covered by render.test.ts; here we check that the
 * glue feeds the renderer the right answers.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import helpers, { result } from 'yeoman-test';
import { FEATURE_OPTIONS, TEXT_OPTIONS, type ProjectAnswers } from '../src/core/options.js';
import { renderProject } from '../src/core/render.js';
import { APP_GENERATOR } from './helpers/paths.js';

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

function asOptions(answers: Partial<ProjectAnswers>): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const option of [...TEXT_OPTIONS, ...FEATURE_OPTIONS]) {
    const value = answers[option.key];
    if (value !== undefined) options[option.flag] = option.key === 'port' ? String(value) : value;
  }
  return options;
}

function asPromptAnswers(answers: ProjectAnswers): Record<string, unknown> {
  return {
    name: answers.name,
    module: answers.module,
    strategy: answers.strategy,
    port: String(answers.port),
    goVersion: answers.goVersion,
    features: FEATURE_OPTIONS.filter((option) => answers[option.key]).map((option) => option.key),
  };
}

function writtenTree(cwd: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(cwd)
      .filter((file) => file !== '.yo-rc.json')
      .map((file) => [file, readFileSync(path.join(cwd, file), 'utf8')]),
  );
}

function expectedTree(answers: ProjectAnswers): Record<string, string> {
  return Object.fromEntries(renderProject(answers).map((file) => [file.path, file.contents]));
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
    await helpers.run(APP_GENERATOR).withOptions({ yes: true, name: 'hello' } as never);
    expect(askedNames()).toEqual([]);
    result.assertFile([
      'Dockerfile',
      'build.sh',
      'main.go',
      'main_test.go',
      'go.mod',
      '.dockerignore',
      '.gitignore',
      'README.md',
    ]);
    const stored = JSON.parse(readFileSync(path.join(result.cwd, '.yo-rc.json'), 'utf8'))[CONFIG_KEY];
    expect(stored).toMatchObject({
      name: 'hello',
      module: 'example.com/hello',
      strategy: 'scratch',
      port: 3000,
    });
    expect(writtenTree(result.cwd)).toEqual(expectedTree(stored));
  });

  it('takes the app name from the first argument', async () => {
    await helpers
      .run(APP_GENERATOR)
      .withArguments(['from-arg'])
      .withOptions({ yes: true } as never);
    result.assertFileContent('go.mod', 'module example.com/from-arg\n');
  });

  it('gives the same project from options as from answered questions', async () => {
    await helpers.run(APP_GENERATOR).withOptions(asOptions(CUSTOM) as never);
    expect(askedNames()).toEqual([]);
    const fromOptions = writtenTree(result.cwd);

    await helpers.run(APP_GENERATOR).withAnswers(asPromptAnswers(CUSTOM), { throwOnMissingAnswer: true });
    expect(askedNames()).toEqual(['name', 'module', 'strategy', 'port', 'goVersion', 'features']);
    const fromQuestions = writtenTree(result.cwd);

    expect(fromQuestions).toEqual(fromOptions);
    expect(fromOptions).toEqual(expectedTree(CUSTOM));
  });

  it.each(TEXT_OPTIONS.map((option) => [option.flag, option.key] as const))(
    '--%s skips its question and only that one',
    async (flag, key) => {
      await helpers
        .run(APP_GENERATOR)
        .withOptions({ [flag]: flag === 'port' ? String(CUSTOM.port) : CUSTOM[key] } as never)
        .withAnswers(asPromptAnswers({ ...CUSTOM, name: 'asked' }), { throwOnMissingAnswer: true });
      expect(askedNames()).not.toContain(key);
      expect(askedNames()).toHaveLength(5);
      const stored = JSON.parse(readFileSync(path.join(result.cwd, '.yo-rc.json'), 'utf8'))[CONFIG_KEY];
      expect(stored[key]).toEqual(CUSTOM[key]);
    },
  );

  it('asks only for the features no option settled', async () => {
    let featureChoices: string[] = [];
    await helpers
      .run(APP_GENERATOR)
      .withOptions({ ...asOptions({ ...CUSTOM, caCerts: undefined, tzdata: undefined }) } as never)
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
    const stored = JSON.parse(readFileSync(path.join(result.cwd, '.yo-rc.json'), 'utf8'))[CONFIG_KEY];
    expect(stored).toMatchObject({ caCerts: false, tzdata: true, healthcheck: false });
  });

  it('validates each question exactly as its option', async () => {
    const validators: Record<string, (value: string) => unknown> = {};
    await helpers.run(APP_GENERATOR).withAnswers(asPromptAnswers(CUSTOM), {
      callback: (answer, { question }) => {
        const { validate } = question as unknown as { validate?: (value: string) => unknown };
        if (validate) validators[question.name] = validate;
        return answer;
      },
    });
    const probes = [
      '',
      'hello',
      'Hello',
      'example.com/x',
      'nodot',
      '8080',
      '0',
      '70000',
      '1.26',
      '1.18',
      'a b',
      '$(id)',
    ];
    const checked = TEXT_OPTIONS.filter((option) => option.key !== 'strategy'); // a list: only valid choices exist
    for (const option of checked) {
      const validate = validators[option.key];
      expect(validate).toBeDefined();
      for (const probe of probes) {
        expect([option.flag, probe, await validate?.(probe)]).toEqual([
          option.flag,
          probe,
          option.validate(probe),
        ]);
      }
    }
  });

  describe('re-runs', () => {
    it('reuses the answers in .yo-rc.json without asking again', async () => {
      await helpers
        .run(APP_GENERATOR)
        .withYoRcConfig(CONFIG_KEY, { ...CUSTOM })
        .withAnswers({}, { throwOnMissingAnswer: true });
      expect(askedNames()).toEqual([]);
      expect(writtenTree(result.cwd)).toEqual(expectedTree(CUSTOM));
    });

    it('lets an option override a stored answer, and stores the new one', async () => {
      await helpers
        .run(APP_GENERATOR)
        .withYoRcConfig(CONFIG_KEY, { ...CUSTOM })
        .withOptions({ strategy: 'alpine', force: true } as never);
      expect(askedNames()).toEqual([]);
      const stored = JSON.parse(readFileSync(path.join(result.cwd, '.yo-rc.json'), 'utf8'))[CONFIG_KEY];
      expect(stored).toEqual({ ...CUSTOM, strategy: 'alpine' });
      result.assertFileContent('Dockerfile', /^ARG RUNTIME_IMAGE=alpine:3\.22$/m);
    });

    it('refuses a .yo-rc.json with an invalid stored answer, naming the file', async () => {
      const run = await helpers.run(APP_GENERATOR).withYoRcConfig(CONFIG_KEY, { ...CUSTOM, port: 70000 });
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
      const context = helpers.run(APP_GENERATOR).withOptions({ yes: true, [flag]: value } as never);
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
      const run = await helpers
        .run(APP_GENERATOR)
        .withOptions({ yes: true, port: '0', strategy: 'nope' } as never);
      expect(outcomeOf(run).message).toMatch(/--strategy: .*\n--port: /);
    });
  });
});
