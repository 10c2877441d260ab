/**
 * Property tests over every text input: a value is either rejected by its
 * validator, or it renders a Dockerfile and build.sh whose structure is exactly
 * that of a clean render, so nothing can be injected.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import fc from 'fast-check';
import type { Run } from 'dockerfile-ast';
import { TEXT_OPTIONS, toPort, type ProjectAnswers, type TextAnswerKey } from '../src/core/options.js';
import { renderProject } from '../src/core/render.js';
import { STRATEGY_NAMES, type StrategyName } from '../src/core/strategies.js';
import { modulePathNote, validateModulePath } from '../src/core/validators.js';
import { dockerfileShape, parseDockerfile } from './helpers/dockerfile.js';
import { GoLineTool } from './helpers/go-tools.js';
import { answersFor } from './helpers/project.js';
import { tempDir } from './helpers/run.js';
import { requireTool } from './helpers/tools.js';

const NUM_RUNS = 300;

const TRICKY = [
  '\n',
  '\r',
  '\t',
  ' ',
  '"',
  "'",
  '`',
  '$',
  '$(',
  ')',
  '${',
  '}',
  '\\',
  ';',
  '&',
  '|',
  '<',
  '>',
  '*',
  '?',
  '[',
  ']',
  '#',
  '!',
  '~',
  '=',
  ':',
  '/',
  '.',
  '-',
  '_',
  '%',
  ',',
  '@',
  '+',
  'é',
  '日',
  '\u0000',
  '\u2028',
  '\u202e',
  '😀',
];

const trickyString = fc
  .array(
    fc.oneof(
      fc.constantFrom(...TRICKY),
      fc.constantFrom(...'abcxyz0129v'.split('')),
      fc.string({ unit: 'grapheme', maxLength: 2 }),
    ),
    { maxLength: 24 },
  )
  .map((parts) => parts.join(''));

/** A valid value with tricky text spliced in somewhere: most such values are near misses. */
function spliced(valid: string[]): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...valid), trickyString, fc.nat())
    .map(
      ([base, insert, at]) =>
        base.slice(0, at % (base.length + 1)) + insert + base.slice(at % (base.length + 1)),
    );
}

const VALID_SAMPLES: Record<TextAnswerKey, string[]> = {
  name: ['hello', 'orders-api', 'a.b_c', 'x9'],
  module: [
    'example.com/hello',
    'github.com/acme/api/v2',
    'gopkg.in/yaml.v3',
    'git.example.org/a~b/c_d',
    'example/hello',
    'hello',
    'c++/x.y',
  ],
  strategy: [...STRATEGY_NAMES],
  port: ['1', '3000', '65535'],
  goVersion: ['1.22', '1.26', '1.26.8'],
};

function withValue(key: TextAnswerKey, value: string, strategy: StrategyName): ProjectAnswers {
  const answers = answersFor(strategy);
  if (key === 'port') return { ...answers, port: toPort(value) };
  return { ...answers, [key]: value } as ProjectAnswers;
}

function renderedFiles(answers: ProjectAnswers): { dockerfile: string; buildScript: string; goMod: string } {
  const files = renderProject(answers);
  const contents = (name: string) => files.find((file) => file.path === name)?.contents ?? '';
  return { dockerfile: contents('Dockerfile'), buildScript: contents('build.sh'), goMod: contents('go.mod') };
}

/** go.mod's directives and how many words each has: the module path lands here. */
function goModShape(goMod: string): string[] {
  return goMod
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => `${line.trim().split(/\s+/)[0]} words=${line.trim().split(/\s+/).length}`);
}

let shshape: GoLineTool;

/** Dockerfile shape, the shell skeleton of every RUN command and of build.sh, and go.mod's shape. */
async function structure(answers: ProjectAnswers): Promise<string[]> {
  const { dockerfile, buildScript, goMod } = renderedFiles(answers);
  const runs = parseDockerfile(dockerfile)
    .getInstructions()
    .filter((instruction): instruction is Run => instruction.getKeyword() === 'RUN');
  const runSkeletons = await Promise.all(runs.map((run) => shshape.ask(run.getArgumentsContent() ?? '')));
  return [
    ...dockerfileShape(dockerfile),
    ...runSkeletons,
    await shshape.ask(buildScript),
    ...goModShape(goMod),
  ];
}

beforeAll(() => {
  requireTool('go', 'the shell skeletons come from a Go shell parser (mvdan.cc/sh)', ['version']);
  shshape = GoLineTool.start('shshape');
});

afterAll(() => shshape?.stop());

describe('structure check (sanity)', () => {
  // These bypass the validators on purpose, to show the check can fail.
  it.each([
    ['name', "x'; touch /tmp/pwned; '"],
    ['name', 'a b'],
    ['name', 'x$(id)'],
    ['module', 'example.com/x\nrequire evil.example/x v1.0.0'],
    ['goVersion', '1.26-alpine AS evil\nRUN id #'],
  ] as const)('detects an unvalidated %s of %p', async (key, value) => {
    const clean = await structure(answersFor('scratch'));
    const injected = await structure(withValue(key, value, 'scratch'));
    expect(injected).not.toEqual(clean);
  });
});

describe.each(TEXT_OPTIONS.map((option) => [option.flag, option] as const))('--%s', (_flag, option) => {
  it('rejects a value, or renders it with the structure of a clean render', async () => {
    const cleanByStrategy = new Map<StrategyName, string[]>();
    for (const strategy of STRATEGY_NAMES)
      cleanByStrategy.set(strategy, await structure(answersFor(strategy)));

    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          trickyString,
          spliced(VALID_SAMPLES[option.key]),
          fc.constantFrom(...VALID_SAMPLES[option.key]),
        ),
        fc.constantFrom(...STRATEGY_NAMES),
        async (value, strategy) => {
          if (option.validate(value) !== true) return;
          accepted++;
          const effectiveStrategy = option.key === 'strategy' ? (value as StrategyName) : strategy;
          const answers = withValue(option.key, value, effectiveStrategy);
          expect(await structure(answers)).toEqual(cleanByStrategy.get(effectiveStrategy));
        },
      ),
      { numRuns: NUM_RUNS },
    );
    // The property is only meaningful if some values got through.
    expect(accepted).toBeGreaterThan(NUM_RUNS / 10);
  });
});

describe('module path validator', () => {
  let checkpath: GoLineTool;
  beforeAll(() => {
    checkpath = GoLineTool.start('checkpath');
  });
  afterAll(() => checkpath?.stop());

  const pathElement = fc
    .array(fc.constantFrom(...'abcXYZ019-._~+'.split(''), ...TRICKY), { minLength: 0, maxLength: 6 })
    .map((chars) => chars.join(''));
  const modulePath = fc.oneof(
    fc.array(pathElement, { minLength: 1, maxLength: 4 }).map((elements) => elements.join('/')),
    spliced(VALID_SAMPLES.module),
    fc.constantFrom(
      'example.com/x/v1',
      'example.com/x/v2',
      'gopkg.in/x.v1',
      'gopkg.in/x',
      'a.b/con.txt',
      'a.b/x~1',
      'example/hello',
      'hello',
      'hello/v1',
      'go',
      'toolchain',
      'fmt',
      'net/http',
      'main',
      'all',
      '~x',
      '+x',
      '.x/y',
      'https://github.com/acme/hello',
    ),
  );

  // The helper applies exactly what `go mod init` applies (test/go/checkpath/main.go cites
  // cmd/go's source); the validator must accept what it accepts, except what the generated
  // project could not be built with, and give the `go get` note exactly when
  // module.CheckPath refuses an accepted path.
  it('accepts what `go mod init` accepts, and notes what `go get` could not fetch', async () => {
    await fc.assert(
      fc.asyncProperty(modulePath, async (candidate) => {
        const verdict = await checkpath.ask(candidate);
        const ours = validateModulePath(candidate);
        const note = modulePathNote(candidate);
        expect({
          candidate,
          accepted: ours === true,
          goGetNote: note !== undefined && /go get/.test(note),
        }).toEqual({
          candidate,
          accepted: verdict === 'ok' || verdict.startsWith('local:'),
          goGetNote: verdict.startsWith('local:'),
        });
      }),
      { numRuns: 3000 },
    );
  });

  // The helper against the real command, on paths from each of its outcomes.
  it.each([
    ['example/hello', 'local'],
    ['hello', 'local'],
    ['Example.com/x', 'local'],
    ['example.com/.x', 'local'],
    ['example.com/c++', 'local'],
    ['example.com/hello', 'ok'],
    ['gopkg.in/yaml.v3', 'ok'],
    ['fmt', 'build'],
    ['main', 'build'],
    ['~x', 'build'],
    ['go', 'init'],
    ['toolchain', 'init'],
    ['example.com/x/v1', 'init'],
    ['gopkg.in/yaml', 'init'],
    ['https://github.com/acme/hello', 'init'],
    ['example.com/con', 'init'],
    ['-x', 'init'],
  ])('go mod init %p: the helper says %p', async (candidate, expected) => {
    const dir = tempDir('modinit');
    try {
      const init = spawnSync('go', ['mod', 'init', '--', candidate], { cwd: dir, encoding: 'utf8' });
      const verdict = await checkpath.ask(candidate);
      expect({
        candidate,
        goModInit: init.status === 0 ? 'accepted' : 'refused',
        verdict: verdict.split(':')[0],
      }).toEqual({
        candidate,
        goModInit: expected === 'init' ? 'refused' : 'accepted',
        verdict: expected,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
