/**
 * collect-facts (src/core/convert/collect-facts.ts): the read-only facts the
 * rules work from: each instruction, the layout of the build, users and time
 * zone data. Every expected value is written out.
 */
import { describe, expect, it } from '@jest/globals';
import { collectFacts, shellCommandWords } from '../../src/core/convert/facts/collect-facts.js';
import type { ConvertStrategy } from '../../src/core/convert/convert.js';
import type { InstructionFacts } from '../../src/core/convert/facts/facts.js';
import { convert, dockerfile } from './helpers.js';

function facts(text: string, strategy: ConvertStrategy = 'scratch') {
  return collectFacts(text, { strategy });
}

/** The facts of the first instruction with `keyword`. */
function first(text: string, keyword: string): InstructionFacts {
  const found = facts(text)
    .stages.flatMap((stage) => [stage.from, ...stage.instructions])
    .find((instruction) => instruction.keyword === keyword);
  if (!found) throw new Error(`no ${keyword}`);
  return found;
}

function layoutOf(text: string) {
  const layout = facts(text).layout;
  if (!layout) return undefined;
  return {
    kind: layout.kind,
    stage: layout.stage.index,
    builder: layout.builder.index,
    builderReference: layout.builderReference,
    binaries: layout.binaries,
    runtime: layout.runtimeInstructions.map((instruction) => instruction.keyword),
    goRun: layout.goRun?.verb,
  };
}

describe('collectFacts: instructions', () => {
  it('places each instruction: line, spans, text and arguments', () => {
    const text = 'FROM alpine\n\nRUN a \\\n  b\n';
    const run = first(text, 'RUN');
    expect({
      index: run.index,
      keyword: run.keyword,
      line: run.line,
      range: run.range,
      lineSpan: run.lineSpan,
      text: run.text,
      argumentsText: run.argumentsText,
      argumentsOffset: run.argumentsOffset,
    }).toEqual({
      index: 1,
      keyword: 'RUN',
      line: 3,
      range: { start: 13, end: 24 },
      lineSpan: { start: 13, end: 25 },
      text: 'RUN a \\\n  b',
      argumentsText: 'a \\\n  b',
      argumentsOffset: 17,
    });
    const from = first(text, 'FROM');
    expect(from.kind === 'from' && from.imageEnd).toBe(11);
    const named = first('FROM golang:1.22 AS build\n', 'FROM');
    expect(named.kind === 'from' && named.imageEnd).toBe(16);
  });

  it('tells exec form from shell form as Docker does, continuations removed', () => {
    const exec = first('FROM a\nCMD ["/app", \\\n  "-v"]\n', 'CMD');
    expect(exec.kind === 'start' && exec.form).toEqual({
      kind: 'exec',
      words: ['/app', '-v'],
      spans: [
        { start: 12, end: 18 },
        { start: 24, end: 28 },
      ],
    });
    const notStrings = first('FROM a\nCMD ["/app", 1]\n', 'CMD');
    expect(notStrings.kind === 'start' && notStrings.form.kind).toBe('shell');
    const notJson = first('FROM a\nENTRYPOINT [/app]\n', 'ENTRYPOINT');
    expect(notJson.kind === 'start' && notJson.form.kind).toBe('shell');
    const shell = first('FROM a\nRUN echo "[x]"\n', 'RUN');
    expect(shell.kind === 'run' && shell.form.kind === 'shell' && shell.form.text).toBe('echo "[x]"');
    const backtick = first('# escape=`\nFROM a\nCMD ["/app", `\n  "-v"]\n', 'CMD');
    expect(backtick.kind === 'start' && backtick.form.kind === 'exec' && backtick.form.words).toEqual([
      '/app',
      '-v',
    ]);
  });

  it('decodes JSON escapes in exec form, and still places each string as written', () => {
    const escaped = first('FROM a\nCMD ["/a\\u0062", "x y"]\n', 'CMD');
    expect(escaped.kind === 'start' && escaped.form).toEqual({
      kind: 'exec',
      words: ['/ab', 'x y'],
      spans: [
        { start: 12, end: 22 },
        { start: 24, end: 29 },
      ],
    });
  });

  it('reads COPY: --from alone, --chown with its place, and the arguments', () => {
    const text = 'FROM a\nCOPY --chown=app:app /out/app /app\n';
    const copy = first(text, 'COPY');
    if (copy.kind !== 'copy') throw new Error('COPY is a copy');
    expect({ from: copy.from, chown: copy.chown, arguments: copy.arguments }).toEqual({
      from: undefined,
      chown: { value: 'app:app', span: { start: 20, end: 27 } },
      arguments: ['/out/app', '/app'],
    });
    expect(text.slice(20, 27)).toBe('app:app');
    const copied = first('FROM a\nCOPY --from=build /out/app /app\n', 'COPY');
    expect(copied.kind === 'copy' && [copied.from, copied.chown, copied.arguments]).toEqual([
      'build',
      undefined,
      ['/out/app', '/app'],
    ]);
    const add = first('FROM a\nADD --chown=1:1 x /y\n', 'ADD');
    expect(add.kind === 'copy' && [add.from, add.chown?.value]).toEqual([undefined, '1:1']);
    const plain = first('FROM a\nCOPY x /y\n', 'COPY');
    expect(plain.kind === 'copy' && [plain.from, plain.chown]).toEqual([undefined, undefined]);
  });

  it('reads ENV as written, USER substituted, EXPOSE as numbers', () => {
    const text =
      'FROM a\nARG NAME=app\nENV A=$NAME B=2\nUSER ${NAME}:1\nEXPOSE 8080 9090/udp\nVOLUME /data\n';
    expect(first(text, 'ENV')).toMatchObject({
      kind: 'env',
      properties: [
        { name: 'A', value: '$NAME' },
        { name: 'B', value: '2' },
      ],
    });
    expect(first(text, 'USER')).toMatchObject({ kind: 'user', value: 'app:1' });
    expect(first(text, 'EXPOSE')).toMatchObject({ kind: 'expose', ports: [8080, 9090] });
    expect(first(text, 'VOLUME').kind).toBe('other');
  });

  it('reads HEALTHCHECK: NONE, the options before CMD, the command and the tools it runs', () => {
    const check = first(
      'FROM a\nHEALTHCHECK --interval=10s --timeout=3s CMD curl -f http://localhost/ || exit 1\n',
      'HEALTHCHECK',
    );
    if (check.kind !== 'healthcheck') throw new Error('a healthcheck');
    expect({
      none: check.none,
      options: check.options,
      tools: check.tools,
      form: check.command.kind,
    }).toEqual({
      none: false,
      options: '--interval=10s --timeout=3s',
      tools: ['curl'],
      form: 'shell',
    });
    expect(check.command.kind === 'shell' && check.command.text).toBe('curl -f http://localhost/ || exit 1');

    const exec = first('FROM a\nHEALTHCHECK CMD ["/usr/bin/wget", "-q", "http://x/"]\n', 'HEALTHCHECK');
    if (exec.kind !== 'healthcheck') throw new Error('a healthcheck');
    expect({ none: exec.none, options: exec.options, tools: exec.tools, command: exec.command }).toEqual({
      none: false,
      options: '',
      tools: ['/usr/bin/wget'],
      command: { kind: 'exec', words: ['/usr/bin/wget', '-q', 'http://x/'], spans: [] },
    });

    const none = first('FROM a\nhealthcheck none\n', 'HEALTHCHECK');
    expect(none.kind === 'healthcheck' && [none.none, none.tools]).toEqual([true, []]);
    const own = first('FROM a\nHEALTHCHECK CMD /app -health\n', 'HEALTHCHECK');
    expect(own.kind === 'healthcheck' && own.tools).toEqual([]);
  });
});

describe('collectFacts: layout', () => {
  it('a multi-stage build ships its last stage, built from the stage it copies from', () => {
    expect(
      layoutOf(
        dockerfile(
          'FROM golang:1.22 AS build',
          'RUN go build -o /out/app .',
          'FROM golang:1.22 AS tools',
          'RUN go build -o /out/tool ./tool',
          'FROM alpine:3.19',
          'WORKDIR /srv',
          'COPY --from=build /out/app ./',
          'COPY --from=build /out/app bin/server',
          'COPY --from=build /a /b /opt',
          'COPY config.yml /etc/',
          'CMD ["/srv/app"]',
        ),
      ),
    ).toEqual({
      kind: 'multi-stage',
      stage: 2,
      builder: 0,
      builderReference: 'build',
      binaries: ['/srv/app', '/srv/bin/server', '/opt/a', '/opt/b'],
      runtime: ['WORKDIR', 'COPY', 'COPY', 'COPY', 'COPY', 'CMD'],
      goRun: undefined,
    });
  });

  it('a multi-stage build without a known --from is built in its last Go stage, referred to by number', () => {
    expect(
      layoutOf(
        dockerfile(
          'FROM golang:1.22',
          'RUN go build -o /out/a .',
          'FROM golang:1.22',
          'RUN go build -o /out/b .',
          'FROM alpine:3.19',
          'COPY --from=nowhere /x /x',
          'COPY --from=1 /out/b /b',
        ),
      ),
    ).toMatchObject({ kind: 'multi-stage', builder: 1, builderReference: '1', binaries: ['/x', '/b'] });
    expect(
      layoutOf(
        dockerfile('FROM golang:1.22 AS b', 'RUN go build -o /out/a .', 'FROM alpine:3.19', 'CMD ["/a"]'),
      ),
    ).toMatchObject({ kind: 'multi-stage', builder: 0, builderReference: 'b', binaries: [] });
  });

  it('a runtime that copies from a scratch artefact stage: the builder is the stage of the go build, which has a shell', () => {
    const artefact = (base: string) =>
      dockerfile(
        'FROM golang:1.22 AS build',
        'RUN go build -o /out/app .',
        `FROM ${base} AS binary`,
        'COPY --from=build /out/app /app',
        'FROM binary AS binary2',
        'FROM alpine:3.20',
        'COPY --from=binary2 /app /usr/local/bin/app',
        'COPY --from=binary /app /app',
      );
    for (const base of ['scratch', 'gcr.io/distroless/static-debian12'])
      expect(layoutOf(artefact(base))).toMatchObject({ builder: 0, builderReference: 'build' });
    // A stage with a shell that the runtime copies from stays the builder.
    expect(layoutOf(artefact('alpine:3.20'))).toMatchObject({ builder: 2, builderReference: 'binary2' });
  });

  it('knows what every stage copies from another, and whether a go build wrote it', () => {
    const found = facts(
      dockerfile(
        'FROM golang:1.22 AS build',
        'RUN go build -o /out/app .',
        'FROM scratch AS release',
        'COPY --from=build /out/app /app',
        'COPY --from=busybox:1.36 /bin/busybox /bin/busybox',
        'FROM alpine:3.20',
        'COPY --from=release /app /app',
      ),
    );
    const copies = (index: number) =>
      (found.stageCopies.get(index) ?? []).map((file) => [file.path, file.stage?.name, file.madeBy]);
    expect(copies(0)).toEqual([]);
    expect(copies(1)).toEqual([
      ['/app', 'build', 'go-build'],
      ['/bin/busybox', undefined, undefined],
    ]);
    // Through a stage that copies files in, what made them is not told.
    expect(copies(2)).toEqual([['/app', 'release', undefined]]);
  });

  it('a single-stage build ships every binary it builds, with only its runtime instructions', () => {
    expect(
      layoutOf(
        dockerfile(
          'FROM golang:1.22',
          'WORKDIR /src',
          'RUN go build -o /out/first . && go build -o /out/second ./cmd',
          'EXPOSE 8080',
          'VOLUME /data',
          'STOPSIGNAL SIGINT',
          'USER 1000',
          'HEALTHCHECK NONE',
          'ENTRYPOINT ["/out/second"]',
          'CMD ["-v"]',
        ),
      ),
    ).toEqual({
      kind: 'single-stage',
      stage: 0,
      builder: 0,
      builderReference: 'build',
      binaries: ['/out/first', '/out/second'],
      runtime: ['EXPOSE', 'VOLUME', 'STOPSIGNAL', 'USER', 'HEALTHCHECK', 'ENTRYPOINT', 'CMD'],
      goRun: undefined,
    });
  });

  it('a single-stage go run ships the binary go run would build, under its stage name', () => {
    expect(
      layoutOf(
        dockerfile('FROM golang:1.22 AS dev', 'WORKDIR /src/svc', 'RUN go build -o /x .', 'CMD go run .'),
      ),
    ).toEqual({
      kind: 'single-stage',
      stage: 0,
      builder: 0,
      builderReference: 'dev',
      binaries: ['/go/bin/svc'],
      runtime: ['CMD'],
      goRun: 'run',
    });
  });

  it('has no layout without a Go build', () => {
    expect(layoutOf(dockerfile('FROM alpine:3.19', 'RUN echo hi'))).toBeUndefined();
  });
});

describe('collectFacts: users and time zone data of the image that ships', () => {
  it('reads the users the final stage creates, and the last named USER', () => {
    const found = facts(
      dockerfile(
        'FROM golang:1.22 AS build',
        'RUN adduser -D -u 500 builder',
        'FROM alpine:3.19',
        'ARG ID=10001',
        'RUN addgroup -g "$ID" app && adduser -D -u "$ID" -G app app',
        'USER app',
        'USER 1000',
      ),
    );
    const home = { path: '/home/app', created: true };
    expect(found.createdUsers).toEqual(
      new Map([['app', { name: 'app', uid: 10001, gid: 10001, group: 'app', home }]]),
    );
    expect(found.passwdUser).toEqual({ name: 'app', uid: 10001, gid: 10001, group: 'app', home });
  });

  it('takes a numeric USER for the user the stage made with that UID, as Docker reads passwd: its name, group and HOME', () => {
    const made = (user: string) =>
      facts(
        dockerfile(
          'FROM golang:1.22 AS build',
          'RUN go build -o /a .',
          'FROM alpine:3.20',
          'RUN addgroup -g 2000 ory && adduser -S -D -u 10000 -G ory -h /home/ory ory',
          user,
        ),
      ).passwdUser;
    const home = { path: '/home/ory', created: true };
    expect(made('USER 10000')).toEqual({ name: 'ory', uid: 10000, gid: 2000, group: 'ory', home });
    // A group given is the group: only the name and HOME come from passwd.
    expect(made('USER 10000:3000')).toEqual({ name: 'ory', uid: 10000, gid: 3000, home });
    // Another UID is no user of the file's.
    expect(made('USER 10001')).toBeUndefined();
  });

  it('gives a distroless final stage converted to scratch its nonroot user, and no one otherwise', () => {
    const distroless = dockerfile(
      'FROM golang:1.22 AS b',
      'RUN go build -o /a .',
      'FROM gcr.io/distroless/base-debian12',
    );
    expect(facts(distroless).passwdUser).toEqual({
      name: 'nonroot',
      uid: 65532,
      gid: 65532,
      home: { path: '/home/nonroot', created: true },
    });
    expect(facts(distroless, 'distroless').passwdUser).toBeUndefined();
    expect(
      facts(dockerfile('FROM golang:1.22 AS b', 'RUN go build -o /a .', 'FROM alpine')).passwdUser,
    ).toBeUndefined();
    expect(
      facts(dockerfile('FROM golang:1.22 AS b', 'RUN go build -o /a .', 'FROM alpine', 'USER 1000'))
        .passwdUser,
    ).toBeUndefined();
  });

  it('knows where time zone data came from: the tzdata package, or distroless with ENV TZ', () => {
    const build = ['FROM golang:1.22 AS b', 'RUN go build -o /a .'];
    expect(facts(dockerfile(...build, 'FROM alpine', 'RUN apk add --no-cache tzdata')).tzdataFrom).toBe(
      'package',
    );
    expect(
      facts(dockerfile(...build, 'FROM gcr.io/distroless/static', 'ENV TZ=Europe/Paris')).tzdataFrom,
    ).toBe('distroless');
    expect(
      facts(dockerfile(...build, 'FROM gcr.io/distroless/static', 'ENV TZ=Europe/Paris'), 'distroless')
        .tzdataFrom,
    ).toBeUndefined();
    expect(
      facts(dockerfile(...build, 'FROM gcr.io/distroless/static', 'ENV LANG=C')).tzdataFrom,
    ).toBeUndefined();
    expect(facts(dockerfile(...build, 'FROM alpine', 'ENV TZ=UTC')).tzdataFrom).toBeUndefined();
  });

  it('carries the options and the escape character', () => {
    const contextCgo = {
      uses: [{ file: 'db.go', line: 3, what: 'import "C"' }],
      gated: [],
      tagged: [],
      unimported: [],
      goFiles: 1,
      via: 'file scan' as const,
    };
    const found = collectFacts('# escape=`\nFROM golang:1.22\nRUN go build .\n', {
      strategy: 'distroless',
      contextCgo,
    });
    expect([found.escape, found.strategy, found.contextCgo.uses, found.text]).toEqual([
      '`',
      'distroless',
      [{ file: 'db.go', line: 3, what: 'import "C"' }],
      '# escape=`\nFROM golang:1.22\nRUN go build .\n',
    ]);
  });
});

describe('shellCommandWords', () => {
  it('gives the words of each shell-form RUN command, assignments left out, variables substituted', () => {
    const [stage] = facts(
      dockerfile(
        'FROM alpine',
        'ARG V=1',
        'RUN A=1 echo $V && ls "a b"',
        'RUN ["echo", "exec"]',
        'CMD echo no',
      ),
    ).stages;
    expect(stage && shellCommandWords(stage)).toEqual([
      ['echo', '1'],
      ['ls', 'a b'],
    ]);
  });
});

describe('collectFacts: COPY --from next to other flags', () => {
  it('reads --from whatever other flags the COPY has', () => {
    const copy = first('FROM a\nCOPY --chown=app:app --from=build --chmod=755 /out/app /app\n', 'COPY');
    expect(copy.kind === 'copy' && [copy.from, copy.chown?.value]).toEqual(['build', 'app:app']);
  });

  it('so the binary copied with --chown is known, and a CMD by its name starts it', () => {
    const text = dockerfile(
      'FROM golang:1.22 AS build',
      'RUN go build -o /out/app .',
      'FROM golang:1.22 AS tools',
      'RUN go build -o /out/tool ./tool',
      'FROM alpine:3.19',
      'WORKDIR /srv',
      'COPY --from=build --chown=1000:1000 /out/app /srv/server',
      'CMD server',
    );
    expect(layoutOf(text)).toMatchObject({
      builder: 0,
      builderReference: 'build',
      binaries: ['/srv/server'],
    });
    expect(convert(text).output).toContain('\nCMD ["/srv/server"]\n');
  });
});
