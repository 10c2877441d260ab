/**
 * indirectBuild, copyCandidates, goModFolders and wholeContextCopy
 * (src/core/convert/builds/indirect-builds.ts): the builds a RUN does not
 * write out (`make`, a build script), read from the build context through
 * the COPYs that put the files in the image.
 */
import { describe, expect, it } from '@jest/globals';
import {
  copyCandidates,
  goModFolders,
  indirectBuild,
  wholeContextCopy,
  type ContextFiles,
  type IndirectResult,
} from '../../src/core/convert/builds/indirect-builds.js';
import { collectFacts } from '../../src/core/convert/facts/collect-facts.js';
import type { CopyFacts, InstructionFacts, StageFacts } from '../../src/core/convert/facts/facts.js';
import { dockerfile } from './helpers.js';

const MAKEFILE = 'build:\n\tgo build -o /out/app ./cmd/app\n';

/** A build context of `files` (path relative to the context → text). */
const context =
  (files: Record<string, string>): ContextFiles =>
  (relativePath) =>
    files[relativePath];

/** The stage and instruction at `line` of the file. */
function at(text: string, line: number): { stage: StageFacts; instruction: InstructionFacts } {
  const { stages } = collectFacts(text, { strategy: 'scratch' });
  for (const stage of stages)
    for (const instruction of stage.instructions)
      if (instruction.line === line) return { stage, instruction };
  throw new Error(`no instruction at line ${line}`);
}

/** indirectBuild of the first command of the RUN at the file's last line, in a golang stage whose WORKDIR is /src. */
function follow(run: string, files?: Record<string, string>, ...before: string[]): IndirectResult {
  const text = dockerfile('FROM golang:1.22-alpine', 'WORKDIR /src', ...before, run);
  const { stage, instruction } = at(text, 3 + before.length);
  if (instruction.kind !== 'run') throw new Error('not a RUN');
  // As go-commands.ts passes them: every word of the command, leading assignments included.
  const words =
    instruction.form.kind === 'shell'
      ? (instruction.form.parse.commands[0]?.words ?? []).map((word) => word.value)
      : [];
  return indirectBuild(words, instruction, stage, files && context(files));
}

/** The builds make or the script was followed to, as file:line and the go words. */
function builds(result: IndirectResult): string[] {
  if (result?.kind !== 'run') return [`not run: ${JSON.stringify(result)}`];
  const followed = result.run.result;
  return followed.ok
    ? followed.builds.map((build) => `${build.file}:${build.line} go ${build.verb} ${build.args.join(' ')}`)
    : [`not followed: ${followed.reason}`];
}

describe('indirectBuild: make', () => {
  it('follows make to the Makefile in the WORKDIR, and says which word runs it', () => {
    const result = follow('RUN CGO_ENABLED=0 make build', { Makefile: MAKEFILE });
    expect(result).toMatchObject({
      kind: 'run',
      run: { via: 'make', wordIndex: 1, invocation: 'make build' },
    });
    expect(builds(result)).toEqual(['Makefile:2 go build -o /out/app ./cmd/app']);
    expect(builds(follow('RUN gmake build', { Makefile: MAKEFILE }))).toEqual([
      'Makefile:2 go build -o /out/app ./cmd/app',
    ]);
    expect(builds(follow('RUN /usr/bin/make build', { Makefile: MAKEFILE }))).toEqual([
      'Makefile:2 go build -o /out/app ./cmd/app',
    ]);
  });

  it('reads GNUmakefile, then makefile, then Makefile, as GNU make does', () => {
    const gnu = 'build:\n\tgo build -o /out/gnu .\n';
    const lower = 'build:\n\tgo build -o /out/lower .\n';
    expect(
      builds(follow('RUN make build', { GNUmakefile: gnu, makefile: lower, Makefile: MAKEFILE })),
    ).toEqual(['GNUmakefile:2 go build -o /out/gnu .']);
    expect(builds(follow('RUN make build', { makefile: lower, Makefile: MAKEFILE }))).toEqual([
      'makefile:2 go build -o /out/lower .',
    ]);
  });

  it("reads make's -C and -f in each of their forms", () => {
    const files = { 'sub/Makefile': MAKEFILE, 'build.mk': MAKEFILE, 'sub/build.mk': MAKEFILE };
    for (const run of [
      'RUN make -C sub build',
      'RUN make --directory sub build',
      'RUN make --directory=sub build',
      'RUN make -Csub build',
    ])
      expect(builds(follow(run, files))).toEqual(['sub/Makefile:2 go build -o /out/app ./cmd/app']);
    for (const run of [
      'RUN make -f build.mk build',
      'RUN make --file=build.mk build',
      'RUN make --makefile=build.mk build',
      'RUN make -fbuild.mk build',
      'RUN make --makefile build.mk build',
    ])
      expect(builds(follow(run, files))).toEqual(['build.mk:2 go build -o /out/app ./cmd/app']);
    expect(builds(follow('RUN make -C sub -f build.mk build', files))).toEqual([
      'sub/build.mk:2 go build -o /out/app ./cmd/app',
    ]);
  });

  it('says which Makefile is not in the build context', () => {
    expect(builds(follow('RUN make build', {}))).toEqual([
      'not followed: /src/Makefile (the Makefile) is not in the build context',
    ]);
    expect(builds(follow('RUN make -f ci/build.mk', {}))).toEqual([
      'not followed: /src/ci/build.mk (the Makefile) is not in the build context',
    ]);
  });

  it('reads -j and -l with or without their number, and the goals and overrides after them', () => {
    const files = { Makefile: 'build:\n\tgo build -o /out/$(NAME) .\n2:\n\tgo build -o /out/two .\n' };
    expect(builds(follow('RUN make -j 4 build NAME=api', files))).toEqual([
      'Makefile:2 go build -o /out/api .',
    ]);
    expect(builds(follow('RUN make --jobs 4 -l 2.5 --load-average 3 build NAME=api', files))).toEqual([
      'Makefile:2 go build -o /out/api .',
    ]);
    // -j4 2: four jobs and the goal 2; -j 2 build: two jobs and the goal build.
    expect(builds(follow('RUN make -j4 2', files))).toEqual(['Makefile:4 go build -o /out/two .']);
    expect(builds(follow('RUN make -j build NAME=x', files))).toEqual(['Makefile:2 go build -o /out/x .']);
    expect(builds(follow('RUN make -k -s build NAME=y', files))).toEqual(['Makefile:2 go build -o /out/y .']);
  });

  it('takes NAME=value words as overrides, and a word with = that is not a name as a goal', () => {
    const files = { Makefile: 'A.B=1\nbuild:\n\tgo build -o /out/$(A.B) .\n' };
    expect(builds(follow('RUN make build A.B=api', files))).toEqual(['Makefile:3 go build -o /out/api .']);
    for (const goal of ['1X=2', '=x'])
      expect(builds(follow(`RUN make ${goal}`, files))).toEqual([
        `not followed: Makefile has no target ${goal}`,
      ]);
  });

  it('does not follow options that change what make reads', () => {
    for (const option of ['-e', '--environment-overrides', '-I include', '-Iinclude', '-o old.mk'])
      expect(follow(`RUN make ${option} build`, { Makefile: MAKEFILE })).toEqual({
        kind: 'unfollowed',
        via: 'make',
        message: `line 3 runs \`make ${option} build\`: its options cannot be followed`,
      });
  });

  it('says there is no build context to read the Makefile from, the assignments before make left out', () => {
    expect(follow('RUN GOOS=linux make build')).toEqual({
      kind: 'unfollowed',
      via: 'make',
      message: 'line 3 runs `make build`: no build context was given to read the Makefile from',
    });
  });

  it('says what the RUN must give make when the Makefile builds otherwise without it', () => {
    const files = {
      Makefile:
        'CGO ?= 1\nifeq ($(CGO_ENABLED),0)\nCGO = 0\nendif\nbuild:\n\tCGO_ENABLED=$(CGO) go build -o /out/app .\n',
    };
    expect(follow('RUN make build', files)).toMatchObject({
      run: { mustGive: ['CGO_ENABLED=0', 'GOOS=linux'] },
    });
    expect(follow('RUN GOOS=linux make build', files)).toMatchObject({
      run: { mustGive: ['CGO_ENABLED=0'] },
    });
    // Given by the RUN already: nothing more to give.
    expect(follow('RUN CGO_ENABLED=0 GOOS=linux make build', files)).not.toHaveProperty('run.mustGive');
    // A Makefile that builds the same either way needs nothing given.
    expect(follow('RUN make build', { Makefile: MAKEFILE })).not.toHaveProperty('run.mustGive');
  });
});

describe('indirectBuild: scripts', () => {
  const script = '#!/bin/sh\ngo build -o /out/app ${1:-.}\n';

  it('follows a script the build context has, with its arguments', () => {
    const result = follow('RUN ./build.sh ./cmd/app', { 'build.sh': script });
    expect(result).toMatchObject({
      kind: 'run',
      run: { via: 'script', wordIndex: 0, invocation: './build.sh ./cmd/app' },
    });
    expect(builds(result)).toEqual(['build.sh:2 go build -o /out/app ./cmd/app']);
    for (const run of [
      'RUN sh build.sh ./cmd/app',
      'RUN bash -ex build.sh ./cmd/app',
      'RUN /bin/sh -e ./build.sh ./cmd/app',
    ])
      expect(builds(follow(run, { 'build.sh': script }))).toEqual([
        'build.sh:2 go build -o /out/app ./cmd/app',
      ]);
    expect(follow('RUN A=1 sh build.sh', { 'build.sh': script })).toMatchObject({
      run: { wordIndex: 1, invocation: 'sh build.sh' },
    });
  });

  it('is no script: sh -c, a shell with nothing to run, a program that is not a path or a .sh', () => {
    for (const run of [
      "RUN sh -c 'go build .'",
      "RUN sh -ec 'go build .'",
      'RUN sh',
      'RUN sh -e',
      'RUN server --flag',
    ])
      expect(follow(run, { 'build.sh': script })).toBeUndefined();
  });

  it('takes ./server for a binary built earlier, unless a shell or a .sh name says it is a script', () => {
    expect(follow('RUN ./server --check', {})).toBeUndefined();
    expect(follow('RUN ./server --check')).toBeUndefined();
    expect(builds(follow('RUN sh ./server', {}))).toEqual([
      'not followed: ./server is not in the build context (looked for /src/server)',
    ]);
    expect(builds(follow('RUN ./build.sh', {}))).toEqual([
      'not followed: ./build.sh is not in the build context (looked for /src/build.sh)',
    ]);
  });

  it('says there is no build context to read a script from', () => {
    for (const [run, shown, name] of [
      ['RUN ./build.sh', './build.sh', './build.sh'],
      ['RUN sh ./server', 'sh ./server', './server'],
      ['RUN build.sh', 'build.sh', 'build.sh'],
    ] as const)
      expect(follow(run)).toEqual({
        kind: 'unfollowed',
        via: 'script',
        message: `line 3 runs \`${shown}\`: no build context was given to read ${name} from`,
      });
  });

  it('reads the script through the COPY that put it there, the latest first', () => {
    const files = { 'scripts/build.sh': script, 'ci/build.sh': '#!/bin/sh\ngo build -o /out/ci .\n' };
    expect(builds(follow('RUN /opt/build.sh .', files, 'COPY scripts/build.sh /opt/build.sh')).at(0)).toBe(
      'scripts/build.sh:2 go build -o /out/app .',
    );
    expect(builds(follow('RUN /opt/build.sh', files, 'COPY scripts/ /opt/', 'COPY ci/ /opt/')).at(0)).toBe(
      'ci/build.sh:2 go build -o /out/ci .',
    );
    // A COPY after the RUN, or from another stage, put nothing there when it ran.
    expect(builds(follow('RUN /opt/build.sh', files, 'COPY --from=tools /x/ /opt/'))).toEqual([
      'not followed: /opt/build.sh is not in the build context (looked for /opt/build.sh)',
    ]);
  });

  it('looks for a file no COPY put there at the same place below the context root, or by its name', () => {
    expect(builds(follow('RUN ./ci/build.sh', { 'ci/build.sh': script }))).toEqual([
      'ci/build.sh:2 go build -o /out/app .',
    ]);
    expect(builds(follow('RUN /usr/local/bin/build.sh', { 'build.sh': script }))).toEqual([
      'build.sh:2 go build -o /out/app .',
    ]);
  });
});

describe('copyCandidates', () => {
  const copy = (line: string): CopyFacts => {
    const { instruction } = at(dockerfile('FROM alpine:3.20', 'WORKDIR /src', line), 3);
    if (instruction.kind !== 'copy') throw new Error('not a COPY');
    return instruction;
  };

  it('maps a path below the destination to the source below the context root', () => {
    expect(copyCandidates(copy('COPY . .'), '/src/cmd/app/main.go')).toEqual(['cmd/app/main.go']);
    expect(copyCandidates(copy('COPY scripts /opt/scripts'), '/opt/scripts/build.sh')).toEqual([
      'scripts/build.sh',
    ]);
    expect(copyCandidates(copy('COPY ./ /'), '/Makefile')).toEqual(['Makefile']);
    expect(copyCandidates(copy('COPY --chown=1000 hack/ /opt/'), '/opt/build.sh')).toEqual(['hack/build.sh']);
  });

  it('is the source itself for a file copied to a name, or copied into a folder by its name', () => {
    expect(copyCandidates(copy('COPY build.sh /usr/local/bin/builder'), '/usr/local/bin/builder')).toEqual([
      'build.sh',
    ]);
    expect(copyCandidates(copy('COPY ci/build.sh /opt/'), '/opt/build.sh')).toEqual([
      'ci/build.sh/build.sh',
      'ci/build.sh',
    ]);
    // Into a folder (a trailing slash, or several sources), a file keeps its own name.
    expect(copyCandidates(copy('COPY build.sh /opt/'), '/opt')).toEqual([]);
    expect(copyCandidates(copy('COPY a.sh b.sh /opt/b'), '/opt/b')).toEqual([]);
  });

  it('skips URLs and wildcards, and paths the destination does not hold', () => {
    expect(copyCandidates(copy('ADD https://example.com/build.sh /opt/'), '/opt/build.sh')).toEqual([]);
    expect(copyCandidates(copy('COPY *.sh /opt/'), '/opt/build.sh')).toEqual([]);
    expect(copyCandidates(copy('COPY hack/ /opt/'), '/usr/build.sh')).toEqual([]);
    expect(copyCandidates(copy('COPY hack/ /opt/'), '/optional/build.sh')).toEqual([]);
  });
});

describe('goModFolders and wholeContextCopy', () => {
  const text = dockerfile(
    'FROM golang:1.22-alpine AS build',
    'COPY go.mod /tmp/',
    'COPY . /src',
    'WORKDIR /src/backend/api',
    'RUN go build -o /out/api .',
    'FROM alpine:3.20',
    'WORKDIR /elsewhere',
    'RUN true',
  );

  it('finds the go.mod of the context root and of the folders below the whole context a RUN runs in', () => {
    const { stages } = collectFacts(text, { strategy: 'scratch' });
    expect(goModFolders(stages, context({ 'backend/go.mod': 'module b', 'go.mod': 'module r' }))).toEqual(
      new Set(['', 'backend']),
    );
    expect(goModFolders(stages, context({ 'backend/api/go.mod': 'module a' }))).toEqual(
      new Set(['backend/api']),
    );
    // Folders no RUN runs in are not looked at.
    expect(goModFolders(stages, context({ 'tools/go.mod': 'module t' }))).toEqual(new Set());
  });

  it('is where the last COPY of the whole context before the instruction put it', () => {
    const build = at(text, 5);
    expect(wholeContextCopy(build.stage, build.instruction)).toBe('/src');
    const copyLine = at(text, 3);
    expect(wholeContextCopy(copyLine.stage, copyLine.instruction)).toBeUndefined();
    const runtime = at(text, 8);
    expect(wholeContextCopy(runtime.stage, runtime.instruction)).toBeUndefined();
    const later = at(
      dockerfile('FROM golang:1.22', 'COPY ./ /a', 'WORKDIR /w', 'COPY . b', 'RUN go build'),
      5,
    );
    expect(wholeContextCopy(later.stage, later.instruction)).toBe('/w/b');
  });
});
