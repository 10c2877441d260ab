/**
 * The fuzzer: seeded, bounded by a number of cases, in-process calls to the
 * engines. Each case mutates a Go Dockerfile (and the Makefile, go.mod and
 * build script of its context) and converts it as the command does: the
 * bytes decoded, converted, encoded back with the file's BOM and line
 * endings. A converted output must
 *   - be a Dockerfile Docker takes (its own line rules: helpers/docker-lines.ts)
 *     with no error the input did not already have,
 *   - have the same instructions by Docker's rules as by dockerfile-ast,
 *   - keep each original instruction whose lines no change names,
 *   - convert again to "already minimal", with nothing to change.
 * Every few cases a mutated module goes through dockerize's engine (inspect,
 * render), with folders to copy whose names have spaces and odd characters;
 * what it renders must parse, its build.sh must pass `sh -n`, and converting
 * its Dockerfile must find it already minimal.
 * A thrown error is a crash, or an internal error when it says so.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import {
  convertDockerfile,
  type ConversionResult,
  type ConvertStrategy,
} from '../../src/core/convert/convert.js';
import { dockerLineView } from '../../src/core/convert/facts/dockerfile-model.js';
import { decodeDockerfile, encodeDockerfile } from '../../src/core/convert/io/source.js';
import { findMain, inspectMain, inspectModule } from '../../src/core/dockerize/inspect.js';
import { defaultAppName } from '../../src/core/dockerize/options.js';
import { renderDockerize } from '../../src/core/dockerize/render.js';
import { ToolError } from '../../src/core/errors.js';
import { parseGoMod } from '../../src/core/go/go-mod.js';
import { STRATEGY_NAMES, type StrategyName } from '../../src/core/strategies.js';
import { dockerParseErrors, parseAsDocker } from '../helpers/docker-lines.js';
import { FIXTURES_DIR } from '../helpers/fixtures.js';
import {
  DOCKERFILE_SEEDS,
  GO_MOD_SEEDS,
  GO_MOD_TOKENS,
  MAIN_GO_SEEDS,
  MAKEFILE_SEEDS,
  MAKEFILE_TOKENS,
} from './corpus.js';
import { encodeBytes, mutateDockerfile, mutateLines, Random } from './mutate.js';

export type FindingKind =
  | 'crash'
  | 'internal-error'
  | 'unparsable-output'
  | 'structure-mismatch'
  | 'lost-instruction'
  | 'non-idempotent'
  | 'dockerize-crash'
  | 'dockerize-unparsable'
  | 'dockerize-shell'
  | 'dockerize-not-minimal';

export interface FuzzFinding {
  kind: FindingKind;
  caseNumber: number;
  detail: string;
  /** The Dockerfile's bytes (JSON-escaped when reported), or the dockerize module's files. */
  input: string;
  context?: Record<string, string>;
  mutations: string[];
}

export interface FuzzCounts {
  cases: number;
  decodeRefused: number;
  converted: number;
  alreadyMinimal: number;
  refused: number;
  reconverted: number;
  dockerizeCases: number;
  dockerizeRendered: number;
  dockerizeRefused: number;
  findings: Record<FindingKind, number>;
}

export interface FuzzOptions {
  seed: number;
  cases: number;
  /** One dockerize case every this many cases (0: none). */
  dockerizeEvery?: number;
  /** Findings kept in full (all are counted). */
  keepFindings?: number;
}

const KINDS: readonly FindingKind[] = [
  'crash',
  'internal-error',
  'unparsable-output',
  'structure-mismatch',
  'lost-instruction',
  'non-idempotent',
  'dockerize-crash',
  'dockerize-unparsable',
  'dockerize-shell',
  'dockerize-not-minimal',
];

/** The convert fixtures' Dockerfiles and build files, read once, joined to the corpus. */
function fixtureSeeds(): { dockerfiles: string[]; makefiles: string[]; scripts: string[] } {
  const dockerfiles: string[] = [];
  const makefiles: string[] = [];
  const scripts: string[] = [];
  for (const name of readdirSync(FIXTURES_DIR).sort()) {
    const dir = path.join(FIXTURES_DIR, name);
    let files: string[];
    try {
      files = readdirSync(dir);
    } catch {
      continue;
    }
    for (const file of files) {
      let text: string;
      try {
        text = readFileSync(path.join(dir, file), 'utf8');
      } catch {
        continue;
      }
      // A BOM is the byte encoder's to add: inside a file it is no BOM at all.
      if (file === 'Dockerfile' && !name.startsWith('refuse-not-utf8'))
        dockerfiles.push(text.replace(/^\uFEFF/, ''));
      else if (file === 'Makefile') makefiles.push(text);
      else if (file.endsWith('.sh')) scripts.push(text);
    }
  }
  return { dockerfiles, makefiles, scripts };
}

interface ConvertCase {
  bytes: string;
  strategy: ConvertStrategy;
  modulePath: string | undefined;
  context: Record<string, string>;
  mutations: string[];
}

function makeConvertCase(random: Random, seeds: ReturnType<typeof fixtureSeeds>): ConvertCase {
  const dockerfileSeeds = [...DOCKERFILE_SEEDS, ...seeds.dockerfiles];
  const base = random.pick(dockerfileSeeds);
  const mutated = mutateDockerfile(base, random, random.int(4));
  const encoded = encodeBytes(mutated.text, random);
  const context: Record<string, string> = {};
  const mutations = [...mutated.applied, ...encoded.applied];
  if (random.chance(0.8)) {
    const goMod = mutateLines(random.pick(GO_MOD_SEEDS), random, random.int(3), {
      tokens: GO_MOD_TOKENS,
      pool: GO_MOD_TOKENS,
      dockerfile: false,
    });
    context['go.mod'] = goMod.text;
    if (goMod.applied.length > 0) mutations.push(`go.mod: ${goMod.applied.join(', ')}`);
  }
  const makefileSeeds = [...MAKEFILE_SEEDS, ...seeds.makefiles];
  if (random.chance(0.6)) {
    const makefile = mutateLines(random.pick(makefileSeeds), random, random.int(4), {
      tokens: MAKEFILE_TOKENS,
      pool: MAKEFILE_TOKENS,
      dockerfile: false,
    });
    context[random.pick(['Makefile', 'Makefile', 'makefile', 'GNUmakefile'])] = makefile.text;
    context['common.mk'] = 'GO ?= go\n';
    if (makefile.applied.length > 0) mutations.push(`Makefile: ${makefile.applied.join(', ')}`);
  }
  if (seeds.scripts.length > 0 && random.chance(0.4)) {
    const script = random.pick(seeds.scripts);
    context[random.pick(['build.sh', 'scripts/build.sh', 'hack/build.sh'])] = script;
  }
  const goMod = context['go.mod'];
  const modulePath = goMod === undefined ? undefined : parseGoMod(goMod).module;
  return {
    bytes: encoded.bytes,
    strategy: random.chance(0.8) ? 'scratch' : 'distroless',
    modulePath,
    context,
    mutations,
  };
}

function convertOnce(text: string, testCase: ConvertCase): ConversionResult {
  return convertDockerfile(text, {
    strategy: testCase.strategy,
    ...(testCase.modulePath === undefined ? {} : { modulePath: testCase.modulePath }),
    contextFiles: (relative) => testCase.context[relative.replace(/^\.\//, '')],
  });
}

/** Keywords and first lines as the engine's model finds them (dockerfile-ast over Docker's line view). */
function astStructure(text: string): string[] {
  return DockerfileParser.parse(dockerLineView(text))
    .getInstructions()
    .map((instruction) => `${instruction.getRange().start.line}:${instruction.getKeyword()}`);
}

/** Keywords and first lines by Docker's rules; a lone escape at the end (no keyword at all) is left out of both. */
function dockerStructure(text: string): string[] {
  return parseAsDocker(text).instructions.map((instruction) => `${instruction.line}:${instruction.keyword}`);
}

function comparable(structure: string[]): string {
  return structure.filter((entry) => !/^\d+:(\\|`)?$/.test(entry)).join(' ');
}

/** Checks one convert case; returns the findings. */
function checkConvert(testCase: ConvertCase, counts: FuzzCounts): Array<[FindingKind, string]> {
  const decoded = decodeDockerfile(Buffer.from(testCase.bytes, 'utf8'));
  if (!decoded.ok) {
    counts.decodeRefused++;
    return [];
  }
  const { source } = decoded;
  let result: ConversionResult;
  try {
    result = convertOnce(source.text, testCase);
  } catch (error) {
    const message = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
    return [[/internal error/.test(message) ? 'internal-error' : 'crash', message]];
  }
  if (result.status === 'already-minimal') counts.alreadyMinimal++;
  if (result.status === 'refused') counts.refused++;
  if (result.status !== 'converted' || result.output === undefined) return [];
  counts.converted++;
  const findings: Array<[FindingKind, string]> = [];
  const written = encodeDockerfile(result.output, source);

  // An input Docker already rejects gives no verdict on the output's validity.
  const inputValid = dockerParseErrors(testCase.bytes).length === 0;
  if (inputValid && dockerParseErrors(written).length > 0)
    findings.push(['unparsable-output', `${dockerParseErrors(written).join('; ')}\n--- output\n${written}`]);

  const docker = dockerStructure(written);
  const ast = astStructure(written.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n'));
  if (comparable(docker) !== comparable(ast))
    findings.push([
      'structure-mismatch',
      `docker: ${docker.join(' ')}\nast:    ${ast.join(' ')}\n--- output\n${written}`,
    ]);

  // Each instruction whose lines no change names is in the output as it was.
  const changedLines = new Set(result.changes.map((change) => change.line - 1));
  const inputLines = source.text.split('\n');
  const outputText = `\n${result.output}\n`;
  for (const instruction of parseAsDocker(source.text).instructions) {
    let touched = false;
    for (let line = instruction.line; line <= instruction.endLine; line++)
      if (changedLines.has(line)) touched = true;
    if (touched) continue;
    const raw = inputLines.slice(instruction.line, instruction.endLine + 1).join('\n');
    if (!outputText.includes(`\n${raw.trimStart()}\n`) && !outputText.includes(`${raw}\n`)) {
      findings.push([
        'lost-instruction',
        `line ${instruction.line + 1} (${JSON.stringify(raw)}) is not in the output\n--- output\n${result.output}`,
      ]);
      break;
    }
  }

  const again = decodeDockerfile(Buffer.from(written, 'utf8'));
  if (!again.ok) {
    findings.push(['non-idempotent', `the output does not decode: ${again.reason}`]);
    return findings;
  }
  counts.reconverted++;
  let second: ConversionResult;
  try {
    second = convertOnce(again.source.text, testCase);
  } catch (error) {
    const message = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
    findings.push([
      /internal error/.test(message) ? 'internal-error' : 'crash',
      `second conversion: ${message}`,
    ]);
    return findings;
  }
  if (second.status !== 'already-minimal' || second.changes.length > 0)
    findings.push([
      'non-idempotent',
      `second conversion: ${second.status} ${second.reason ?? ''} ${second.changes.map((change) => `[${change.code}] ${change.what}`).join('; ')}\n--- output\n${written}\n--- second\n${second.output ?? ''}`,
    ]);
  return findings;
}

/** Folder names to copy: plain, with spaces, quotes, dollars, non-ASCII. */
const COPY_NAMES = [
  'templates',
  'my templates',
  "it's",
  'a$b',
  'data dir/sub',
  'ünïcode',
  'x"y',
  'back\\slash',
  '-dash',
  'tab\there',
  '#hash',
  '*star',
  '[set]',
  'semi;colon',
];
const MAIN_DIRS = ['.', 'cmd/api', 'cmd/my server', "cmd/it's", 'cmd/a$b', 'cmd/ü'];

interface DockerizeCase {
  files: Record<string, string>;
  mainDir: string;
  copy: string[];
  strategy: StrategyName;
  mutations: string[];
}

function makeDockerizeCase(random: Random): DockerizeCase {
  const goMod = mutateLines(random.pick(GO_MOD_SEEDS), random, random.int(3), {
    tokens: GO_MOD_TOKENS,
    pool: GO_MOD_TOKENS,
    dockerfile: false,
  });
  const mainDir = random.pick(MAIN_DIRS);
  // Names COPY cannot take as written (glob characters, a backslash, a tab) are refused: drawn rarely.
  const copy = COPY_NAMES.filter((name) => random.chance(/[*?[\]\\\t]/.test(name) ? 0.02 : 0.25));
  const files: Record<string, string> = {
    'go.mod': goMod.text,
    [path.posix.join(mainDir, 'main.go')]: random.pick(MAIN_GO_SEEDS),
  };
  for (const dir of copy) files[path.posix.join(dir, 'keep.txt')] = 'kept\n';
  if (random.chance(0.3)) files['.gitignore'] = '/bin/\n*.log\nmy templates/cache\n!keep.txt\n';
  if (random.chance(0.2)) files['.dockerignore'] = '.git\nnode_modules\n';
  return { files, mainDir, copy, strategy: random.pick(STRATEGY_NAMES), mutations: goMod.applied };
}

function checkDockerize(
  testCase: DockerizeCase,
  counts: FuzzCounts,
  scratchDir: string,
): Array<[FindingKind, string]> {
  const dir = mkdtempSync(path.join(scratchDir, 'module-'));
  try {
    for (const [file, text] of Object.entries(testCase.files)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    }
    let rendered;
    try {
      const inspection = inspectModule(dir, { useGo: false });
      const main = findMain(inspection, testCase.mainDir) ?? inspection.mains[0];
      if (!main) {
        counts.dockerizeRefused++;
        return [];
      }
      const found = inspectMain(inspection, main);
      rendered = renderDockerize(
        {
          name: defaultAppName(main.importPath),
          main,
          port: found.port.port ?? 8080,
          strategy: testCase.strategy,
          goVersion: inspection.builderGoVersion ?? '1.26.0',
          copy: testCase.copy,
          portEnv: found.port.portEnv !== undefined,
        },
        inspection,
      );
    } catch (error) {
      if (error instanceof ToolError) {
        counts.dockerizeRefused++;
        return [];
      }
      return [
        [
          'dockerize-crash',
          error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error),
        ],
      ];
    }
    counts.dockerizeRendered++;
    const findings: Array<[FindingKind, string]> = [];
    const dockerfile = rendered.find((file) => file.path === 'Dockerfile')?.contents ?? '';
    const errors = dockerParseErrors(dockerfile);
    if (errors.length > 0)
      findings.push(['dockerize-unparsable', `${errors.join('; ')}\n--- Dockerfile\n${dockerfile}`]);
    const buildSh = rendered.find((file) => file.path === 'build.sh')?.contents;
    if (buildSh !== undefined) {
      const check = spawnSync('sh', ['-n'], { input: buildSh, encoding: 'utf8' });
      if (check.status !== 0)
        findings.push(['dockerize-shell', `sh -n: ${check.stderr}\n--- build.sh\n${buildSh}`]);
    }
    if (testCase.strategy === 'scratch' || testCase.strategy === 'scratch-host') {
      const converted = convertDockerfile(dockerfile, { strategy: 'scratch' });
      if (converted.status !== 'already-minimal')
        findings.push([
          'dockerize-not-minimal',
          `convert: ${converted.status} ${converted.reason ?? ''}\n--- Dockerfile\n${dockerfile}`,
        ]);
    }
    return findings;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface FuzzReport {
  seed: number;
  counts: FuzzCounts;
  findings: FuzzFinding[];
}

export function runFuzz(options: FuzzOptions): FuzzReport {
  const random = new Random(options.seed);
  const seeds = fixtureSeeds();
  const counts: FuzzCounts = {
    cases: 0,
    decodeRefused: 0,
    converted: 0,
    alreadyMinimal: 0,
    refused: 0,
    reconverted: 0,
    dockerizeCases: 0,
    dockerizeRendered: 0,
    dockerizeRefused: 0,
    findings: Object.fromEntries(KINDS.map((kind) => [kind, 0])) as Record<FindingKind, number>,
  };
  const kept: FuzzFinding[] = [];
  const keep = options.keepFindings ?? 20;
  const scratchDir = mkdtempSync(path.join(os.tmpdir(), 'gmc-fuzz-'));
  try {
    for (let n = 1; n <= options.cases; n++) {
      counts.cases++;
      const every = options.dockerizeEvery ?? 0;
      if (every > 0 && n % every === 0) {
        counts.dockerizeCases++;
        const testCase = makeDockerizeCase(random);
        for (const [kind, detail] of checkDockerize(testCase, counts, scratchDir)) {
          counts.findings[kind]++;
          if (kept.length < keep)
            kept.push({
              kind,
              caseNumber: n,
              detail,
              input: JSON.stringify(testCase.files),
              mutations: testCase.mutations,
            });
        }
        continue;
      }
      const testCase = makeConvertCase(random, seeds);
      for (const [kind, detail] of checkConvert(testCase, counts)) {
        counts.findings[kind]++;
        if (kept.length < keep)
          kept.push({
            kind,
            caseNumber: n,
            detail,
            input: testCase.bytes,
            context: testCase.context,
            mutations: testCase.mutations,
          });
      }
    }
  } finally {
    rmSync(scratchDir, { recursive: true, force: true });
  }
  return { seed: options.seed, counts, findings: kept };
}
