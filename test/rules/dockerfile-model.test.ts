/**
 * dockerfile-model (src/core/convert/dockerfile-model.ts): stages, the ENV,
 * ARG and WORKDIR in force at each instruction, offsets into the text, and
 * variable substitution. Every expected value is written out.
 */
import { describe, expect, it } from '@jest/globals';
import {
  DockerfileModel,
  isAtOrBelow,
  properties,
  resolvePath,
  substituteVariables,
  builderWord,
} from '../../src/core/convert/facts/dockerfile-model.js';
import { dockerfile } from './helpers.js';

/** The instruction of `model` whose text starts with `start`. */
function instruction(model: DockerfileModel, start: string) {
  const found = model.dockerfile.getInstructions().find((i) => model.instructionText(i).startsWith(start));
  if (!found) throw new Error(`no instruction ${start}`);
  return found;
}

function scopeAt(model: DockerfileModel, start: string) {
  const { env, workdir } = model.scope(instruction(model, start));
  return { env: Object.fromEntries(env), workdir };
}

describe('substituteVariables', () => {
  const values = new Map([
    ['A', 'x'],
    ['EMPTY', ''],
    ['_b1', 'y'],
  ]);

  it('replaces $NAME and ${NAME}, and leaves unknown names as they are', () => {
    expect(substituteVariables('$A/${A}-$_b1', values)).toBe('x/x-y');
    expect(substituteVariables('$NOPE ${NOPE} $1 ${1}', values)).toBe('$NOPE ${NOPE} $1 ${1}');
    expect(substituteVariables('$Ab', values)).toBe('$Ab');
    expect(substituteVariables('${A}b', values)).toBe('xb');
  });

  it('reads ${NAME:-default} and ${NAME:+alternative} as the builder does', () => {
    expect(substituteVariables('${A:-d}', values)).toBe('x');
    expect(substituteVariables('${EMPTY:-d}', values)).toBe('d');
    expect(substituteVariables('${NOPE:-d}', values)).toBe('d');
    expect(substituteVariables('${NOPE:-}', values)).toBe('');
    expect(substituteVariables('${A:+alt}', values)).toBe('alt');
    expect(substituteVariables('${EMPTY:+alt}', values)).toBe('');
    expect(substituteVariables('${NOPE:+alt}', values)).toBe('');
  });
});

describe('resolvePath', () => {
  it('resolves against the base, with . and .. and repeated slashes', () => {
    expect(resolvePath('/src', 'bin/app')).toBe('/src/bin/app');
    expect(resolvePath('/src', '/abs//x/')).toBe('/abs/x');
    expect(resolvePath('/src/a', '../b/./c')).toBe('/src/b/c');
    expect(resolvePath('/', '../..')).toBe('/');
    expect(resolvePath('/src', '.')).toBe('/src');
    expect(resolvePath('/src', '')).toBe('/src');
  });
});

describe('isAtOrBelow', () => {
  it('compares whole segments, and puts every path below /', () => {
    expect(isAtOrBelow('/src', '/src')).toBe(true);
    expect(isAtOrBelow('/src/a/b', '/src')).toBe(true);
    expect(isAtOrBelow('/src/a', '/src/')).toBe(true);
    expect(isAtOrBelow('/backend', '/')).toBe(true);
    expect(isAtOrBelow('/', '/')).toBe(true);
    expect(isAtOrBelow('/srcgen', '/src')).toBe(false);
    expect(isAtOrBelow('/sr', '/src')).toBe(false);
    expect(isAtOrBelow('/', '/src')).toBe(false);
  });
});

describe('DockerfileModel: stages', () => {
  const model = new DockerfileModel(
    dockerfile(
      'ARG GO=1.22',
      'ARG EMPTY=',
      'ARG UNSET',
      'FROM golang:${GO}-alpine AS build',
      'RUN go build -o /app .',
      'FROM build AS test',
      'FROM alpine:3.19',
      'COPY --from=build /app /app',
    ),
  );

  it('reads the stages, with ARG defaults from before the first FROM in the image (an ARG with none stays named)', () => {
    expect(
      model.stages.map((stage) => ({
        index: stage.index,
        name: stage.name,
        image: stage.image,
        instructions: stage.instructions.length,
      })),
    ).toEqual([
      { index: 0, name: 'build', image: 'golang:1.22-alpine', instructions: 1 },
      { index: 1, name: 'test', image: 'build', instructions: 0 },
      { index: 2, name: undefined, image: 'alpine:3.19', instructions: 1 },
    ]);
    expect(model.globalArgs).toEqual(
      new Map([
        ['GO', '1.22'],
        ['EMPTY', ''],
      ]),
    );
    expect(model.finalStage?.index).toBe(2);
    // BuildKit gives TARGETOS and BUILDOS when declared: linux, whatever the machine. TARGETARCH stays named.
    const platform = new DockerfileModel(
      dockerfile(
        'ARG TARGETOS',
        'ARG TARGETARCH',
        'FROM alpine AS runtime-linux',
        'FROM runtime-${TARGETOS}',
        'FROM x-${TARGETARCH}',
      ),
    );
    expect(platform.stages.map((stage) => stage.image)).toEqual([
      'alpine',
      'runtime-linux',
      'x-${TARGETARCH}',
    ]);
    // Given at build time, or empty: the image names it rather than showing golang:-alpine.
    expect(
      new DockerfileModel(dockerfile('ARG GO_VERSION', 'FROM golang:${GO_VERSION}-alpine')).stages[0]?.image,
    ).toBe('golang:${GO_VERSION}-alpine');
  });

  it('finds a stage by name (the reference in any case) or number, and names it for COPY --from', () => {
    expect(model.stageByReference('BUILD')?.index).toBe(0);
    expect(model.stageByReference('2')?.index).toBe(2);
    expect(model.stageByReference('3')).toBeUndefined();
    expect(model.stageByReference('nope')).toBeUndefined();
    const [build, , final] = model.stages;
    expect(build && model.reference(build)).toBe('build');
    expect(final && model.reference(final)).toBe('2');
  });

  it('has no stage and no final stage without FROM', () => {
    const empty = new DockerfileModel('ARG X=1\n');
    expect(empty.stages).toEqual([]);
    expect(empty.finalStage).toBeUndefined();
  });
});

describe('DockerfileModel: the scope of each instruction', () => {
  it('starts from the image: GOPATH and /go for golang, nothing and / otherwise', () => {
    const model = new DockerfileModel(dockerfile('FROM golang:1.22', 'RUN a', 'FROM alpine', 'RUN b'));
    expect(scopeAt(model, 'RUN a')).toEqual({
      env: {
        GOPATH: '/go',
        PATH: '/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      },
      workdir: '/go',
    });
    expect(scopeAt(model, 'RUN b')).toEqual({ env: {}, workdir: '/' });
  });

  it('follows ENV, ARG and WORKDIR in order, substituting as it goes', () => {
    const model = new DockerfileModel(
      dockerfile(
        'ARG GLOBAL=g',
        'FROM alpine',
        'RUN first',
        'ARG V=1',
        'ENV HOME=/home/$V OTHER=${GLOBAL}',
        'WORKDIR $HOME',
        'WORKDIR sub',
        'ARG V',
        'RUN second',
        'ARG V=2',
        'ENV V=env',
        'WORKDIR /abs/${V}',
        'RUN third',
      ),
    );
    expect(scopeAt(model, 'RUN first')).toEqual({ env: { GLOBAL: 'g' }, workdir: '/' });
    expect(scopeAt(model, 'RUN second')).toEqual({
      env: { GLOBAL: 'g', V: '1', HOME: '/home/1', OTHER: 'g' },
      workdir: '/home/1/sub',
    });
    expect(scopeAt(model, 'RUN third')).toEqual({
      env: { GLOBAL: 'g', V: 'env', HOME: '/home/1', OTHER: 'g' },
      workdir: '/abs/env',
    });
  });

  it('gives a stage built FROM an earlier stage that stage ENV and WORKDIR, but not its ARG', () => {
    const model = new DockerfileModel(
      dockerfile(
        'FROM golang:1.22 AS base',
        'ARG LOCAL=l',
        'ENV CGO_ENABLED=0',
        'WORKDIR /src',
        'FROM base AS build',
        'RUN inherited',
        'FROM alpine AS base2',
        'FROM Base2',
        'RUN later',
      ),
    );
    expect(scopeAt(model, 'RUN inherited')).toEqual({
      env: {
        GOPATH: '/go',
        PATH: '/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
        CGO_ENABLED: '0',
      },
      workdir: '/src',
    });
    expect(scopeAt(model, 'RUN later')).toEqual({ env: {}, workdir: '/' });
  });

  it('names the ARGs with no default, given at build time if at all, until an ENV or a default sets them', () => {
    const model = new DockerfileModel(
      dockerfile(
        'ARG GLOBAL',
        'FROM golang:1.22',
        'ARG FIPS',
        'ARG VERSION=1.0',
        'ARG GLOBAL',
        'RUN first',
        'ARG FIPS=false',
        'ENV GLOBAL=set',
        'RUN second',
      ),
    );
    const unsetAt = (start: string) => [...model.scope(instruction(model, start)).unset].sort();
    // A global ARG redeclared without a default keeps what it had: nothing, so it is given at build time.
    expect(unsetAt('RUN first')).toEqual(['FIPS', 'GLOBAL']);
    // A default given later is the value then, as for any ARG with a default; an ENV wins over the ARG.
    expect(unsetAt('RUN second')).toEqual([]);
  });

  it('gives an instruction it does not know the empty scope', () => {
    const other = new DockerfileModel('FROM alpine\nRUN x\n');
    const [run] = other.dockerfile.getInstructions().slice(1);
    const model = new DockerfileModel('FROM alpine\n');
    expect(run && model.scope(run)).toEqual({ env: new Map(), workdir: '/', unset: new Set() });
  });
});

describe('DockerfileModel: offsets', () => {
  const text = 'FROM alpine\n# comment\nRUN a \\\n  b\nCMD ["/app"]';
  const model = new DockerfileModel(text);

  it('spans whole lines of an instruction, continuation lines included', () => {
    expect(model.lineSpan(instruction(model, 'RUN'))).toEqual({ start: 22, end: 34 });
    expect(text.slice(22, 34)).toBe('RUN a \\\n  b\n');
    // The last instruction of a file without a final newline ends at the end of the text.
    expect(model.lineSpan(instruction(model, 'CMD'))).toEqual({ start: 34, end: text.length });
    expect(model.lineSpan(instruction(model, 'FROM'))).toEqual({ start: 0, end: 12 });
  });

  it('gives the text of an instruction and of its arguments, with its offset', () => {
    expect(model.instructionText(instruction(model, 'RUN'))).toBe('RUN a \\\n  b');
    expect(model.argumentsText(instruction(model, 'RUN'))).toEqual({ text: 'a \\\n  b', offset: 26 });
    expect(model.argumentsText(instruction(model, 'CMD'))).toEqual({ text: '["/app"]', offset: 38 });
    const bare = new DockerfileModel('FROM alpine\nRUN\n');
    expect(bare.argumentsText(instruction(bare, 'RUN'))).toEqual({ text: '', offset: 15 });
  });

  it('turns a line and character into an offset, past the last line to the end', () => {
    expect(model.offset({ line: 0, character: 0 })).toBe(0);
    expect(model.offset({ line: 2, character: 4 })).toBe(26);
    expect(model.offset({ line: 9, character: 0 })).toBe(text.length);
  });

  it('reads the escape directive', () => {
    expect(model.escape).toBe('\\');
    expect(new DockerfileModel('# escape=`\nFROM alpine\n').escape).toBe('`');
  });
});

describe('properties', () => {
  it('reads the NAME=value pairs of ENV and ARG, a missing value being empty, and nothing of others', () => {
    const model = new DockerfileModel('FROM alpine\nENV A=1 B="two words"\nARG C\nRUN x\n');
    expect(properties(instruction(model, 'ENV'))).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: 'two words' },
    ]);
    expect(properties(instruction(model, 'ARG'))).toEqual([{ name: 'C', value: '' }]);
    expect(properties(instruction(model, 'RUN'))).toEqual([]);
  });
});

describe('DockerfileModel: ARG redeclared', () => {
  it('takes a new default, and keeps the old one for a redeclaration without a value', () => {
    const model = new DockerfileModel(
      dockerfile('FROM alpine', 'ARG V=1', 'ARG V=2', 'RUN two', 'ARG V', 'RUN still'),
    );
    expect(scopeAt(model, 'RUN two').env).toEqual({ V: '2' });
    expect(scopeAt(model, 'RUN still').env).toEqual({ V: '2' });
  });
});

describe('DockerfileModel: stage names', () => {
  it('are case-insensitive, as in docker build: AS Build is --from=build', () => {
    const model = new DockerfileModel(
      'FROM golang:1.22 AS Build\nRUN go build .\nFROM Build AS Test\nFROM alpine\n',
    );
    expect(model.stages.map((stage) => stage.name)).toEqual(['build', 'test', undefined]);
    expect(model.stageByReference('build')?.index).toBe(0);
    expect(model.stageByReference('BUILD')?.index).toBe(0);
  });
});

describe('builderWord', () => {
  const scope = {
    env: new Map([
      ['UID', '1000'],
      ['EMPTY', ''],
    ]),
    unset: new Set(['GID']),
  };

  it('reads USER as the builder does: escapes removed, a name no ARG or ENV sets empty', () => {
    expect(builderWord('app', scope, '\\')).toEqual({ value: 'app', buildArgs: [], expandsVariables: false });
    expect(builderWord('$UID:${UID}', scope, '\\')).toEqual({
      value: '1000:1000',
      buildArgs: [],
      expandsVariables: true,
    });
    // IFS is no ARG or ENV of the file: Docker reads it as empty.
    expect(builderWord('a${IFS}b', scope, '\\').value).toBe('ab');
    expect(builderWord('a\\${IFS}b', scope, '\\')).toEqual({
      value: 'a${IFS}b',
      buildArgs: [],
      expandsVariables: false,
    });
    expect(builderWord('a`$IFS', scope, '`').value).toBe('a$IFS');
    // With a backtick escape, a backslash is a character like any other.
    expect(builderWord('a\\$UID', scope, '`').value).toBe('a\\1000');
    expect(builderWord('${EMPTY:-app}${UID:+x}', scope, '\\').value).toBe('appx');
    expect(builderWord('$ 5$', scope, '\\').value).toBe('$ 5$');
  });

  it('removes quotes as the builder does: single quotes literal, double quotes escape only ", $ and the escape', () => {
    expect(builderWord('"app"', scope, '\\')).toEqual({
      value: 'app',
      buildArgs: [],
      expandsVariables: false,
    });
    expect(builderWord("'a$UID'", scope, '\\')).toEqual({
      value: 'a$UID',
      buildArgs: [],
      expandsVariables: false,
    });
    expect(builderWord('"a\\$b$UID"', scope, '\\').value).toBe('a$b1000');
    expect(builderWord('"a\\xb\\"c"', scope, '\\').value).toBe('a\\xb"c');
    expect(builderWord(`"it's"`, scope, '\\').value).toBe("it's");
    expect(builderWord(`'say "hi"'`, scope, '\\').value).toBe('say "hi"');
    expect(builderWord("o'brien", scope, '\\').unclosedQuote).toBe("'");
    expect(builderWord('"app', scope, '\\').unclosedQuote).toBe('"');
    expect(builderWord('"app"', scope, '\\').unclosedQuote).toBeUndefined();
  });

  it('leaves a bare ARG with no default as written, and names it', () => {
    expect(builderWord('$UID:$GID', scope, '\\')).toEqual({
      value: '1000:$GID',
      buildArgs: ['GID'],
      expandsVariables: true,
    });
    expect(builderWord('${GID:-1000}', scope, '\\')).toEqual({
      value: '1000',
      buildArgs: [],
      expandsVariables: true,
    });
  });
});
