/**
 * Injection: Dockerfiles whose paths, modes, user names, output paths, ENV
 * and ARG values and --chown values try to run a command (helpers/hostile.ts)
 * are converted, and nothing the converter writes may run it. A refusal is
 * fine; an output that runs the injected text is not.
 *
 * Two parts. Without an engine, over many cases: every RUN of the output is
 * parsed back into commands, which must be exactly the ones the converter
 * means to write, each hostile value arriving as one word, byte for byte.
 * On the engine, over a few cases holding many hostile values each: the
 * converted Dockerfile is built on the stand-ins and no marker file may exist
 * in the builder or in the image, whose folders must carry the exact names.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { convertDockerfile } from '../src/core/convert/convert.js';
import { DockerfileModel } from '../src/core/convert/facts/dockerfile-model.js';
import { commandWords, splitShell } from '../src/core/convert/shell/shell-words.js';
import { buildChecked, markersIn } from './helpers/checked-build.js';
import { engineOrSkip, leftovers, RUN_ID } from './helpers/docker.js';
import { MODULE_PATH } from './helpers/dockerfile-gen.js';
import { goRunCase, tagsCase } from './helpers/hostile-go.js';
import { MARKER, multiStageCase, singleStageCase, type HostileCase } from './helpers/hostile.js';
import { buildStandIns, warmGoBuilder, type StandIns } from './helpers/standins.js';
import { requireTool } from './helpers/tools.js';

const SEED = 20260707;
const PURE_RUNS = 500;

const hostileCase = fc.oneof(
  { weight: 3, arbitrary: fc.nat({ max: 99 }).chain((id) => multiStageCase(id)) },
  { weight: 1, arbitrary: fc.nat({ max: 99 }).chain((id) => multiStageCase(id, true)) },
  { weight: 2, arbitrary: fc.nat({ max: 99 }).chain((id) => singleStageCase(id)) },
  { weight: 1, arbitrary: fc.nat({ max: 99 }).chain((id) => goRunCase(id)) },
  { weight: 1, arbitrary: fc.nat({ max: 99 }).chain((id) => tagsCase(id)) },
);

interface RunLine {
  line: number;
  commands: string[][];
  unsupported: string[];
}

/** Every RUN of `dockerfile`, as the words of its commands. */
function runLines(dockerfile: string): RunLine[] {
  const model = new DockerfileModel(dockerfile);
  return model.dockerfile
    .getInstructions()
    .filter((instruction) => instruction.getKeyword() === 'RUN')
    .map((instruction) => {
      const parse = splitShell(model.argumentsText(instruction).text, model.escape);
      return {
        line: instruction.getRange().start.line + 1,
        commands: parse.commands.map((command) => command.words.map((word) => word.value)),
        unsupported: parse.unsupported,
      };
    });
}

/** The arguments (after any flags) of each instruction with `keyword` in the final stage. */
function finalStage(dockerfile: string, keyword: string): string[] {
  const model = new DockerfileModel(dockerfile);
  return (model.finalStage?.instructions ?? [])
    .filter((instruction) => instruction.getKeyword() === keyword)
    .map((instruction) => model.argumentsText(instruction).text);
}

/**
 * The folder the converter stages in: /rootfs, unless the file names a
 * rootfs itself (a payload's marker in /rootfs does), whose contents would
 * then ship: then the next free name.
 */
function stagingFolder(hostile: HostileCase): string {
  // A payload may be split by a line continuation (a backslash, then rootfs on the next line).
  const joined = hostile.text.replace(/[\\`]\n/g, '');
  return /(?<![\w.-])rootfs(?![\w.-])/.test(joined) ? '/gmc-rootfs-1' : '/rootfs';
}

/** The commands the staging RUN must hold, in order, for a multi-stage case. */
function expectedStaging(hostile: HostileCase): string[][] {
  const { name, ids, home, homeMade } = hostile.user ?? { name: '', ids: '', home: '', homeMade: false };
  const gid = ids.split(':')[1] ?? '';
  const root = stagingFolder(hostile);
  return [
    ['mkdir', '-p', `${root}/tmp`],
    ['chmod', '1777', `${root}/tmp`],
    ['mkdir', '-p', `${root}/etc`],
    [
      'printf',
      '%s\\n',
      'root:x:0:0:root:/root:/sbin/nologin',
      `${name}:x:${ids}:${name}:${home}:/sbin/nologin`,
      `>${root}/etc/passwd`,
    ],
    ['printf', '%s\\n', 'root:x:0:', `${name}:x:${gid}:`, `>${root}/etc/group`],
    // The home adduser made, staged with its owner (the adduser line comes before the runtime's mkdir).
    ...(homeMade
      ? [
          ['mkdir', '-p', `${root}${home}`],
          ['chown', ids, `${root}${home}`],
        ]
      : []),
    ...hostile.dirs.flatMap((dir) => [
      ['mkdir', '-p', `${root}${dir.path}`],
      ...(dir.owner ? [['chown', dir.owner, `${root}${dir.path}`]] : []),
      ...(dir.mode ? [['chmod', dir.mode, `${root}${dir.path}`]] : []),
    ]),
  ];
}

/**
 * What must hold of a converted hostile case: the commands of every RUN are
 * the intended ones, each hostile value one exact word. Returns the problems.
 */
function injectionProblems(hostile: HostileCase, output: string): unknown[] {
  const problems: unknown[] = [];
  const runs = runLines(output);
  for (const run of runs) {
    if (run.unsupported.length > 0) problems.push({ line: run.line, unsupported: run.unsupported });
    for (const command of run.commands) {
      const name = commandWords({ words: command.map((value) => ({ value, start: 0, end: 0 })) })[0]?.value;
      if (!['go', 'mkdir', 'chmod', 'chown', 'printf'].includes(name ?? ''))
        problems.push({ line: run.line, runs: command });
    }
  }
  if (hostile.kind === 'multi-stage') {
    const [build, staging] = runs;
    expect(build?.commands).toEqual([
      [
        ...['CGO_ENABLED=0', 'GOOS=linux', 'go', 'build'],
        ...(hostile.tzdata ? ['-tags', 'timetzdata'] : []),
        ...['-o', '/out/app', '.'],
      ],
    ]);
    expect(staging?.commands).toEqual(expectedStaging(hostile));
    expect(runs).toHaveLength(2);
    // --chown and USER became numbers: the hostile --chown names no user the file creates.
    expect(output).toContain('\nCOPY --from=build --chown=65532:65532 /out/app /app\n');
    expect(finalStage(output, 'USER')).toEqual([hostile.user?.ids]);
  } else if (hostile.buildWords) {
    // ,timetzdata joins the hostile -tags value inside its quoting: still one word, the value plus the tag.
    expect(runs[0]?.commands).toEqual([hostile.buildWords]);
  } else if (hostile.goRun) {
    // go run becomes a build of exactly that package, into /go/bin; the image runs what it built.
    const [build] = runs;
    const built = build?.commands[0]?.[5] ?? '';
    expect(build?.commands).toEqual([
      ['CGO_ENABLED=0', 'GOOS=linux', 'go', 'build', '-o', built, hostile.goRun.package],
    ]);
    expect(built).toMatch(/^\/go\/bin\/[^/]+$/);
    expect(finalStage(output, 'CMD').map((text) => JSON.parse(text) as unknown)).toEqual([
      [built, ...hostile.goRun.args],
    ]);
  } else {
    const [build] = runs;
    expect(build?.commands).toEqual([
      ['CGO_ENABLED=0', 'GOOS=linux', 'go', 'build', '-o', hostile.output, '.'],
    ]);
    const binary = hostile.binary ?? '';
    const [rootfs, bundle, copy = '', ...more] = finalStage(output, 'COPY');
    expect([rootfs, bundle, more]).toEqual([
      `${stagingFolder(hostile)}/ /`,
      '/etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt',
      [],
    ]);
    // The binary's COPY, in either form, names exactly the binary, as source and target.
    const words: unknown = copy.startsWith('[') ? JSON.parse(copy) : copy.split(' ');
    expect(Array.isArray(words) ? words.map((w) => asBuildKitReads(String(w))) : words).toEqual([
      binary,
      binary,
    ]);
    expect(finalStage(output, 'CMD').map((text) => JSON.parse(text) as unknown)).toEqual([[binary]]);
  }
  return problems;
}

/**
 * A COPY path as docker build reads it: a backslash makes the next character
 * literal; an unescaped quote or $ would be processed (quotes removed,
 * variables expanded), so the path would not be what it says: undefined.
 */
function asBuildKitReads(word: string): string | undefined {
  let value = '';
  for (let i = 0; i < word.length; i++) {
    const char = word[i] ?? '';
    if (char === '\\') value += word[++i] ?? '';
    else if (`'"$`.includes(char)) return undefined;
    else value += char;
  }
  return value;
}

describe('hostile values, converted (no engine)', () => {
  it(`reach every command the converter writes as one exact word, and run nothing (${PURE_RUNS} cases)`, () => {
    const tally = { converted: 0, refused: 0, 'multi-stage': 0, 'single-stage': 0, 'go-run': 0, tags: 0 };
    fc.assert(
      fc.property(hostileCase, (hostile) => {
        const result = convertDockerfile(hostile.text, { strategy: 'scratch', modulePath: MODULE_PATH });
        if (result.status === 'refused') {
          tally.refused += 1;
          return;
        }
        expect(result.status).toBe('converted');
        tally.converted += 1;
        tally[hostile.kind] += 1;
        expect(injectionProblems(hostile, result.output ?? '')).toEqual([]);
      }),
      { seed: SEED, numRuns: PURE_RUNS },
    );
    process.stdout.write(`injection property (${PURE_RUNS} cases): ${JSON.stringify(tally)}\n`);
    // Most cases convert, so the property above was checked on every shape.
    expect(tally['multi-stage']).toBeGreaterThanOrEqual(PURE_RUNS * 0.4);
    // A binary path with $ in it cannot be started in exec form: those single-stage cases are refused.
    expect(tally['single-stage']).toBeGreaterThanOrEqual(PURE_RUNS * 0.1);
    expect(tally['go-run']).toBeGreaterThanOrEqual(PURE_RUNS * 0.05);
    expect(tally.tags).toBeGreaterThanOrEqual(PURE_RUNS * 0.05);
  });
});

/**
 * Two ways the parser the converter reads Dockerfiles with differs from
 * docker build, found by the property above and reported. Neither runs a
 * command (every word is still quoted), but the converted file does not mean
 * what the original did. Each test fails while the difference lasts, and
 * passes (so jest reports it) once it is gone: then drop .failing and the
 * matching restriction in helpers/hostile.ts.
 */
describe('known differences from docker build (each fails until fixed)', () => {
  it.failing('an escaped blank right before a line continuation continues the instruction', () => {
    // docker build: one RUN, mkdir -p '/data/a b'. dockerfile-ast ends the RUN at the first line.
    const result = convertDockerfile(
      [
        'FROM golang:1.22 AS build',
        'RUN go build -o /app .',
        'FROM alpine:3.20',
        'RUN mkdir -p /data/a\\ \\',
        'b',
        'CMD ["/app"]',
        '',
      ].join('\n'),
      { strategy: 'scratch' },
    );
    expect(runLines(result.output ?? '')[1]?.commands).toContainEqual(['mkdir', '-p', '/rootfs/data/a b']);
  });

  it.failing('a \\$ in a double-quoted ENV value is a literal $', () => {
    // docker build: GMC_DIR is /var/a$b. dockerfile-ast keeps the backslash: /var/a\$b.
    const result = convertDockerfile(
      [
        'FROM golang:1.22 AS build',
        'RUN go build -o /app .',
        'FROM alpine:3.20',
        'ENV GMC_DIR="/var/a\\$b"',
        'RUN mkdir -p "$GMC_DIR"',
        'CMD ["/app"]',
        '',
      ].join('\n'),
      { strategy: 'scratch' },
    );
    expect(runLines(result.output ?? '')[1]?.commands).toContainEqual(['mkdir', '-p', '/rootfs/var/a$b']);
  });
});

const describeWithEngine = engineOrSkip() ? describe : describe.skip;

/** The cases built on the engine: a few, each with many hostile values, drawn with the fixed seed. */
function engineCases(): Array<[string, HostileCase]> {
  const converts = (hostile: HostileCase) =>
    convertDockerfile(hostile.text, { strategy: 'scratch', modulePath: MODULE_PATH }).converted;
  // The first case of each arbitrary that converts, with a seed of its own, so the cases differ.
  const draw = (id: number, arbitrary: fc.Arbitrary<HostileCase>) =>
    fc
      .sample(arbitrary, { seed: SEED + id, numRuns: 50 })
      .filter(converts)
      .slice(0, 1);
  return [
    ...[1, 2, 3].flatMap((id) => draw(id, multiStageCase(id, false, '\\'))),
    ...[4, 5].flatMap((id) => draw(id, multiStageCase(id, false, '`'))),
    ...[6, 7, 8].flatMap((id) => draw(id, singleStageCase(id))),
    ...draw(9, multiStageCase(9, true)),
  ].map((hostile, index) => [
    `case ${index + 1} (${hostile.kind}${hostile.badMode ? ', bad mode' : ''})`,
    hostile,
  ]);
}

/** Unix permissions `ls -l` shows for a folder made by mkdir (umask 022), then given `mode`. */
const FOLDER_PERMISSIONS: Record<string, string> = {
  '750': 'drwxr-x---',
  '0755': 'drwxr-xr-x',
  'u+rwx,g+rx,o-rwx': 'drwxr-x---',
};

describeWithEngine('hostile values, converted and built on Docker', () => {
  const cases = engineCases();
  let standIns: StandIns;
  let builder: string;
  const timings: string[] = [];

  beforeAll(() => {
    requireTool('go', 'the stand-in builder image is made from the machine Go toolchain', ['version']);
    standIns = buildStandIns();
    builder = warmGoBuilder(standIns.goBuilder);
  }, 600_000);

  it('are 9 cases: 5 multi-stage (2 with escape=`), 3 single-stage, 1 with a hostile chmod mode', () => {
    const backtick = (text: string) => (text.startsWith('# escape=`\n') ? ' escape=`' : '');
    const described = cases.map(
      ([, hostile]) => `${hostile.kind}${backtick(hostile.text)}${hostile.badMode ? ' bad mode' : ''}`,
    );
    expect(described).toEqual([
      ...Array<string>(3).fill('multi-stage'),
      ...Array<string>(2).fill('multi-stage escape=`'),
      ...Array<string>(3).fill('single-stage'),
      'multi-stage bad mode',
    ]);
  });

  it('find a marker when one is made: the check is not blind', () => {
    const [, hostile] = cases[0] ?? [];
    const output =
      convertDockerfile(hostile?.text ?? '', { strategy: 'scratch', modulePath: MODULE_PATH }).output ?? '';
    // What an injection would do: touch markers in the builder, one of them in the folder staged for the image.
    const staged = /^COPY --from=build (\/\S+)\/ \/$/m.exec(output)?.[1];
    expect(staged).toMatch(/^\/(gmc-)?rootfs(-1)?$/);
    const injected = output.replace(
      /^FROM scratch$/m,
      `RUN touch /tmp/${MARKER}_control ${staged}/${MARKER}_control\nFROM scratch`,
    );
    const built = buildChecked('control', injected, { builder, distroless: standIns.distrolessStatic });
    expect(built.status).toBe(0);
    expect(built.builderMarkers).toBe(`/tmp/${MARKER}_control\n${staged}/${MARKER}_control\n`);
    expect(markersIn(built.entries)).toEqual([`-rw-r--r-- 0/0 /${MARKER}_control`]);
  }, 120_000);

  it.each(cases)(
    '%s: builds without running any of its payloads',
    (name, hostile) => {
      const started = Date.now();
      const result = convertDockerfile(hostile.text, { strategy: 'scratch', modulePath: MODULE_PATH });
      expect(result.status).toBe('converted');
      const built = buildChecked(name, result.output ?? '', {
        builder,
        distroless: standIns.distrolessStatic,
      });
      timings.push(`${name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
      if (hostile.badMode !== undefined) {
        // chmod rejects the whole mode as one word: nothing of it ran as a command.
        expect(built.status).not.toBe(0);
        expect(built.log).toContain(`chmod: invalid mode '${hostile.badMode}'`);
        return;
      }
      // Every case is made to build: a failure is shown with the end of its log.
      expect({
        status: built.status,
        log: built.status === 0 ? '' : built.log.split('\n').slice(-40).join('\n'),
      }).toEqual({
        status: 0,
        log: '',
      });
      expect({ builder: built.builderMarkers, image: markersIn(built.entries) }).toEqual({
        builder: '',
        image: [],
      });

      // What the hostile values were meant to be, they are: folders and files with exactly those names.
      const folders = built.entries.filter((entry) => entry.startsWith('d'));
      expect(folders).toContainEqual(
        expect.stringMatching(new RegExp(` ${escapeRegExp(hostile.workdir)}/$`)),
      );
      for (const dir of hostile.dirs) {
        const permissions = dir.mode ? (FOLDER_PERMISSIONS[dir.mode] ?? '?') : 'drwxr-xr-x';
        const owner = (dir.owner ?? '0:0').replace(':', '/');
        expect(folders).toContainEqual(`${permissions} ${owner} ${dir.path}/`);
      }
      if (hostile.kind === 'multi-stage') expect(built.entries).toContainEqual('-rwxr-xr-x 65532/65532 /app');
      if (hostile.user) {
        const { name: user, ids } = hostile.user;
        expect(built.passwd).toBe(
          `root:x:0:0:root:/root:/sbin/nologin\n${user}:x:${ids}:${user}:${hostile.user.home}:/sbin/nologin\n`,
        );
      }
      if (hostile.binary) {
        expect(built.entries).toContainEqual(
          expect.stringMatching(new RegExp(`^-rwx\\S+ 0/0 ${escapeRegExp(hostile.binary)}$`)),
        );
      }
    },
    180_000,
  );

  it('leaves no container or image of this run behind', () => {
    process.stdout.write(`injection builds:\n  ${timings.join('\n  ')}\n`);
    expect(leftovers(RUN_ID)).toEqual({ containers: [], images: [] });
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
