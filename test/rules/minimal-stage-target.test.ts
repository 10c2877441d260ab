/**
 * GMC007 minimal stage target (src/core/convert/rules/minimal-stage-target.ts):
 * a stage other than the one docker build ships is already scratch and starts
 * the Go binary; what it catches, in every outcome, and what it does not (the
 * artefact stages real projects use with --output or copy from).
 */
import { describe, expect, it } from '@jest/globals';
import type { ProgramKind } from '../../src/core/convert/facts/programs.js';
import { convert, dockerfile, ruleCatches, ruleCatchesNot } from './helpers.js';

const BUILD = [
  'FROM golang:1.22-alpine AS build',
  'WORKDIR /src',
  'COPY . .',
  'RUN CGO_ENABLED=0 go build -o /out/app .',
];

/** The build, a scratch release stage (line 6) that starts /app, and `last` after it (from line 10). */
function releaseThen(...last: string[]): string {
  return dockerfile(
    ...BUILD,
    '',
    'FROM scratch AS release',
    'COPY --from=build /out/app /app',
    'ENTRYPOINT ["/app"]',
    '',
    ...last,
  );
}

const RELEASE_HINT =
  'the stage release (line 6) already ships the Go binary /app on scratch, but docker build without --target ships debug (line 10): to build the image this file already has, run docker build --target release .';

describe('GMC007 minimal stage target: what it catches', () => {
  it('a scratch release stage before a debug stage that installs curl: the refusal, then the hint', () => {
    const result = ruleCatches(
      'GMC007',
      releaseThen(
        'FROM alpine:3.20 AS debug',
        'RUN apk add --no-cache curl',
        'COPY --from=build /out/app /app',
        'ENTRYPOINT ["/app"]',
      ),
    );
    expect(result.status).toBe('refused');
    expect(result.refusals.map((refusal) => [refusal.code, refusal.line])).toEqual([['GMC202', 11]]);
    expect(result.warnings).toEqual([{ code: 'GMC007', line: 6, message: RELEASE_HINT }]);
  });

  it('a debug stage that converts: the last stage is still the one converted, the hint a warning', () => {
    const result = ruleCatches(
      'GMC007',
      releaseThen('FROM alpine:3.20 AS debug', 'COPY --from=build /out/app /app', 'ENTRYPOINT ["/app"]'),
    );
    expect(result.status).toBe('converted');
    expect(result.output).toContain('FROM scratch AS debug\n');
    // The release stage is left as it was.
    expect(result.output).toContain(
      'FROM scratch AS release\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n',
    );
    expect(result.warnings).toContainEqual({ code: 'GMC007', line: 6, message: RELEASE_HINT });
  });

  it('an unnamed scratch stage: says --target needs a name, and which name to add, never --target 1', () => {
    const result = ruleCatches(
      'GMC007',
      dockerfile(
        ...BUILD,
        'FROM scratch',
        'COPY --from=build /out/app /app',
        'ENTRYPOINT ["/app"]',
        'FROM alpine:3.20 AS debug',
        'RUN apk add --no-cache curl',
        'COPY --from=build /out/app /app',
      ),
    );
    expect(result.status).toBe('refused');
    expect(result.warnings).toEqual([
      {
        code: 'GMC007',
        line: 5,
        message:
          'stage 1 (line 5) already ships the Go binary /app on scratch, but docker build without --target ships debug (line 8); docker build --target needs a stage name and this stage has none: name it (add AS release to line 5), then run docker build --target release .',
      },
    ]);
  });

  it('an unnamed scratch stage next to a stage already called release: suggests a free name', () => {
    const result = ruleCatches(
      'GMC007',
      dockerfile(
        'FROM golang:1.22-alpine AS release',
        'RUN CGO_ENABLED=0 go build -o /out/app .',
        'FROM scratch',
        'COPY --from=release /out/app /app',
        'CMD ["/app"]',
        'FROM debian:12-slim',
        'COPY --from=release /out/app /app',
        'CMD ["/app"]',
      ),
    );
    expect(result.warnings.find((warning) => warning.code === 'GMC007')?.message).toBe(
      'stage 1 (line 3) already ships the Go binary /app on scratch, but docker build without --target ships stage 2 (line 6); docker build --target needs a stage name and this stage has none: name it (add AS minimal to line 3), then run docker build --target minimal .',
    );
  });

  it('a stage name written in capitals: docker build --target takes it as the file names it, lower case', () => {
    const result = ruleCatches(
      'GMC007',
      dockerfile(
        ...BUILD,
        'FROM scratch AS Prod',
        'COPY --from=build /out/app /app',
        'ENTRYPOINT ["/app"]',
        'FROM alpine:3.20 AS Debug',
        'COPY --from=build /out/app /app',
        'CMD ["/app"]',
      ),
    );
    expect(result.warnings.find((warning) => warning.code === 'GMC007')?.message).toMatch(
      / ships debug \(line 8\): to build the image this file already has, run docker build --target prod \.$/,
    );
  });

  it('a stage name with characters the shell reads: quoted in the command, so a copied command runs nothing else', () => {
    const result = ruleCatches(
      'GMC007',
      dockerfile(
        ...BUILD,
        'FROM scratch AS rel;touch$IFS/tmp/x',
        'COPY --from=build /out/app /app',
        'ENTRYPOINT ["/app"]',
        'FROM alpine:3.20 AS debug',
        'COPY --from=build /out/app /app',
        'CMD ["/app"]',
      ),
    );
    expect(result.warnings.find((warning) => warning.code === 'GMC007')?.message).toMatch(
      / run docker build --target 'rel;touch\$ifs\/tmp\/x' \.$/,
    );
  });

  it('a go build that, as written, may not be static: a refusal says what to set first; a conversion sets it', () => {
    const file = (...debug: string[]) =>
      dockerfile(
        'FROM golang:1.22-bookworm AS build',
        'WORKDIR /src',
        'COPY . .',
        'RUN go build -buildmode=pie -o /out/app .',
        'FROM scratch AS release',
        'COPY --from=build /out/app /app',
        'ENTRYPOINT ["/app"]',
        'FROM debian:12-slim AS debug',
        ...debug,
        'COPY --from=build /out/app /app',
        'CMD ["/app"]',
      );
    const refusedFile = ruleCatches('GMC007', file('RUN apt-get update && apt-get install -y curl'));
    expect(refusedFile.status).toBe('refused');
    expect(refusedFile.warnings).toEqual([
      {
        code: 'GMC007',
        line: 5,
        message:
          'the stage release (line 5) already ships the Go binary /app on scratch, but docker build without --target ships debug (line 8); to build the image this file already has, set CGO_ENABLED=0 and drop -buildmode=pie on its go build at line 4 (as written, it may not make a static binary), then run docker build --target release .',
      },
    ]);
    // Converted, the file's go build is static: the release stage built from it is too.
    const convertedFile = ruleCatches('GMC007', file());
    expect(convertedFile.status).toBe('converted');
    expect(convertedFile.output).toContain('RUN CGO_ENABLED=0 GOOS=linux go build -o /out/app .\n');
    expect(convertedFile.warnings.find((warning) => warning.code === 'GMC007')?.message).toBe(
      'the stage release (line 5) already ships the Go binary /app on scratch, but docker build without --target ships debug (line 8): to build the image this file already has, run docker build --target release .',
    );
  });

  it('a program named without a path: found on the PATH Docker gives the stage, or not at all', () => {
    const named = (destination: string, ...env: string[]) =>
      dockerfile(
        ...BUILD,
        'FROM scratch AS release',
        ...env,
        `COPY --from=build /out/app ${destination}`,
        'ENTRYPOINT ["app"]',
        'FROM alpine:3.20 AS debug',
        'RUN apk add --no-cache curl',
      );
    expect(ruleCatches('GMC007', named('/usr/local/bin/')).warnings[0]?.message).toMatch(
      /^the stage release \(line 5\) already ships the Go binary \/usr\/local\/bin\/app on scratch,/,
    );
    expect(ruleCatches('GMC007', named('/opt/bin/app', 'ENV PATH=/opt/bin')).warnings[0]?.message).toMatch(
      /already ships the Go binary \/opt\/bin\/app on scratch,/,
    );
    // /app is on no PATH: docker run would say "executable file not found in $PATH".
    ruleCatchesNot('GMC007', named('/app'));
  });

  it('a dev scratch stage before an alpine prod with a shell-form CMD, relative to its WORKDIR', () => {
    const result = ruleCatches(
      'GMC007',
      dockerfile(
        ...BUILD,
        'FROM scratch AS dev',
        'WORKDIR /opt/app',
        'COPY --from=build /out/app ./',
        'CMD ["./app"]',
        'FROM alpine:3.20 AS prod',
        'COPY --from=build /out/app /bin/app',
        'CMD /bin/app',
      ),
    );
    expect(result.status).toBe('converted');
    expect(result.warnings.find((warning) => warning.code === 'GMC007')?.message).toBe(
      'the stage dev (line 5) already ships the Go binary /opt/app/app on scratch, but docker build without --target ships prod (line 9): to build the image this file already has, run docker build --target dev .',
    );
  });

  it('a refusal carries it too: a prebuilt static binary of the context, no Go build', () => {
    const text = dockerfile(
      'FROM scratch AS release',
      'COPY app /app',
      'ENTRYPOINT ["/app"]',
      'FROM alpine:3.20 AS debug',
      'RUN apk add --no-cache curl',
      'COPY app /app',
      'ENTRYPOINT ["/app"]',
    );
    const result = ruleCatches('GMC007', text, {
      contextProgram: (file) => (file === 'app' ? { kind: 'static' } : undefined),
    });
    expect(result.status).toBe('refused');
    // The debug stage's binary is judged static from the file itself (GMC108): what stands in its way is curl.
    expect(result.refusals.map((refusal) => [refusal.code, refusal.line])).toEqual([['GMC202', 5]]);
    expect(result.warnings).toEqual([
      {
        code: 'GMC007',
        line: 1,
        message:
          'the stage release (line 1) already ships the static binary /app on scratch, but docker build without --target ships debug (line 4): to build the image this file already has, run docker build --target release .',
      },
    ]);
    // Without the context, nothing says that /app is a static binary: no hint.
    ruleCatchesNot('GMC007', text);
  });

  it('distroless static with --strategy distroless', () => {
    const text = dockerfile(
      ...BUILD,
      'FROM gcr.io/distroless/static-debian12:nonroot AS release',
      'COPY --from=build /out/app /app',
      'ENTRYPOINT ["/app"]',
      'FROM alpine:3.20 AS debug',
      'RUN apk add --no-cache curl',
      'COPY --from=build /out/app /app',
    );
    const result = ruleCatches('GMC007', text, { strategy: 'distroless' });
    expect(result.warnings[0]?.message).toBe(
      'the stage release (line 5) already ships the Go binary /app on gcr.io/distroless/static-debian12:nonroot, but docker build without --target ships debug (line 8): to build the image this file already has, run docker build --target release .',
    );
    // Asked for scratch, a distroless stage is not the image asked for.
    ruleCatchesNot('GMC007', text);
  });

  it('the stage docker build ships is the one an empty last stage names: the hint names that one', () => {
    const result = ruleCatches(
      'GMC007',
      releaseThen(
        'FROM alpine:3.20 AS debug',
        'COPY --from=build /out/app /app',
        'ENTRYPOINT ["/app"]',
        'FROM debug AS final',
      ),
    );
    expect(result.warnings).toContainEqual({ code: 'GMC007', line: 6, message: RELEASE_HINT });
  });
});

describe('GMC007 minimal stage target: what it names (Stryker survivors)', () => {
  it('the program of the ENTRYPOINT, not the arguments a CMD after it gives', () => {
    const result = ruleCatches(
      'GMC007',
      releaseThen(
        'FROM alpine:3.20 AS debug',
        'RUN apk add --no-cache curl',
        'COPY --from=build /out/app /app',
        'ENTRYPOINT ["/app"]',
      ).replace('ENTRYPOINT ["/app"]\n', 'ENTRYPOINT ["/app"]\nCMD ["--port", "8080"]\n'),
    );
    expect(result.warnings).toEqual([
      {
        code: 'GMC007',
        line: 6,
        message:
          'the stage release (line 6) already ships the Go binary /app on scratch, but docker build without --target ships debug (line 11): to build the image this file already has, run docker build --target release .',
      },
    ]);
  });

  it('every fix a go build needs, from its flags and a GOFLAGS the stage sets, and a step for an unnamed stage first', () => {
    const result = ruleCatches(
      'GMC007',
      dockerfile(
        'FROM golang:1.22-bookworm AS build',
        'ENV GOFLAGS=-buildmode=pie',
        'WORKDIR /src',
        'COPY . .',
        'RUN go build -ldflags "-linkmode  external -s" -o /out/app .',
        'FROM scratch',
        'COPY --from=build /out/app /app',
        'ENTRYPOINT ["/app"]',
        'FROM debian:12-slim AS debug',
        'RUN apt-get update && apt-get install -y curl',
        'COPY --from=build /out/app /app',
        'CMD ["/app"]',
      ),
    );
    expect(result.status).toBe('refused');
    expect(result.warnings).toEqual([
      {
        code: 'GMC007',
        line: 6,
        message:
          'stage 1 (line 6) already ships the Go binary /app on scratch, but docker build without --target ships debug (line 9); docker build --target needs a stage name and this stage has none: name it (add AS release to line 6), set CGO_ENABLED=0 and drop -buildmode=pie and drop -linkmode external on its go build at line 5 (as written, it may not make a static binary), then run docker build --target release .',
      },
    ]);
  });

  it('release-2, release-3 when release, minimal and release-2 are taken', () => {
    const result = ruleCatches(
      'GMC007',
      dockerfile(
        'FROM golang:1.22-alpine AS release',
        'RUN CGO_ENABLED=0 go build -o /out/app .',
        'FROM release AS minimal',
        'FROM minimal AS release-2',
        'FROM scratch',
        'COPY --from=release /out/app /app',
        'CMD ["/app"]',
        'FROM debian:12-slim',
        'COPY --from=release /out/app /app',
        'CMD ["/app"]',
      ),
    );
    expect(result.warnings.find((warning) => warning.code === 'GMC007')?.message).toBe(
      'stage 3 (line 5) already ships the Go binary /app on scratch, but docker build without --target ships stage 4 (line 8); docker build --target needs a stage name and this stage has none: name it (add AS release-3 to line 5), then run docker build --target release-3 .',
    );
  });
});

describe('GMC007 minimal stage target: which COPY of the context put the program there (Stryker survivors)', () => {
  const file = (...release: string[]) =>
    dockerfile(
      'FROM scratch AS release',
      ...release,
      'ENTRYPOINT ["/app"]',
      'FROM alpine:3.20 AS debug',
      'RUN apk add --no-cache curl',
      'COPY app /app',
      'ENTRYPOINT ["/app"]',
    );
  const programs = {
    contextProgram: (name: string): ProgramKind | undefined =>
      name === 'app'
        ? { kind: 'static' }
        : name === 'app.dynamic'
          ? { kind: 'dynamic', loader: '/lib/ld-musl-x86_64.so.1' }
          : undefined,
  };

  it('the last COPY of the program, not a later COPY of another file or an instruction that copies nothing', () => {
    const hint =
      'the stage release (line 1) already ships the static binary /app on scratch, but docker build without --target ships debug (line 7): to build the image this file already has, run docker build --target release .';
    const result = ruleCatches(
      'GMC007',
      file('COPY app.dynamic /app', 'COPY app /app', 'WORKDIR /', 'COPY config.toml /etc/app.toml'),
      programs,
    );
    expect(result.warnings).toEqual([{ code: 'GMC007', line: 1, message: hint }]);
  });

  it('nothing for a binary the context holds dynamic, one it does not know, or one no COPY put there', () => {
    ruleCatchesNot(
      'GMC007',
      file('COPY app /app', 'COPY app.dynamic /app', 'COPY config.toml /etc/app.toml'),
      programs,
    );
    ruleCatchesNot('GMC007', file('COPY app.unknown /app'), programs);
    ruleCatchesNot('GMC007', file('COPY config.toml /etc/app.toml'), programs);
  });
});

describe('GMC007 minimal stage target: what it does not catch', () => {
  const debug = [
    'FROM alpine:3.20 AS debug',
    'RUN apk add --no-cache curl',
    'COPY --from=build /out/app /app',
  ];

  it('an export stage that starts nothing (docker build --target binary --output type=local,dest=out .)', () => {
    ruleCatchesNot(
      'GMC007',
      dockerfile(...BUILD, 'FROM scratch AS binary', 'COPY --from=build /out/app /app', ...debug),
    );
  });

  it('a scratch stage the runtime copies its binary from, by name or by index', () => {
    const runtime = (from: string) => [
      'FROM alpine:3.20',
      'RUN apk add --no-cache curl',
      `COPY --from=${from} /app /usr/local/bin/app`,
      'CMD ["/usr/local/bin/app"]',
    ];
    const artefact = ['FROM scratch AS binary', 'COPY --from=build /out/app /app', 'ENTRYPOINT ["/app"]'];
    ruleCatchesNot('GMC007', dockerfile(...BUILD, ...artefact, ...runtime('binary')));
    ruleCatchesNot('GMC007', dockerfile(...BUILD, ...artefact, ...runtime('1')));
    // Named by an ARG of the stage that copies: its value is the stage's name.
    const [from = '', ...rest] = runtime('${BINARY_STAGE}');
    ruleCatchesNot('GMC007', dockerfile(...BUILD, ...artefact, from, 'ARG BINARY_STAGE=binary', ...rest));
  });

  it('a scratch stage a later stage builds on, or mounts', () => {
    ruleCatchesNot(
      'GMC007',
      releaseThen('FROM release AS debug', 'COPY --from=busybox:1.36 /bin/busybox /bin/busybox'),
    );
    ruleCatchesNot(
      'GMC007',
      releaseThen(
        'FROM alpine:3.20 AS debug',
        'RUN --mount=type=bind,from=release,source=/app,target=/mnt/app cp /mnt/app /app',
        'ENTRYPOINT ["/app"]',
      ),
    );
  });

  it('a last stage that is itself scratch: already minimal, nothing to say', () => {
    const result = ruleCatchesNot(
      'GMC007',
      releaseThen('FROM scratch AS export', 'COPY --from=build /out/app /app'),
    );
    expect(result.status).toBe('already-minimal');
  });

  it('a scratch stage that cannot work as it is: a RUN, a shell-form start, a script, a package program', () => {
    const scratch = (...lines: string[]) =>
      dockerfile(...BUILD, 'FROM scratch AS release', ...lines, ...debug);
    ruleCatchesNot(
      'GMC007',
      scratch('COPY --from=build /out/app /app', 'RUN ["/app", "init"]', 'ENTRYPOINT ["/app"]'),
    );
    ruleCatchesNot('GMC007', scratch('COPY --from=build /out/app /app', 'ENTRYPOINT /app'));
    ruleCatchesNot('GMC007', scratch('COPY --from=build /src/run.sh /run.sh', 'ENTRYPOINT ["/run.sh"]'));
    ruleCatchesNot(
      'GMC007',
      scratch('COPY --from=busybox:1.36 /bin/busybox /bin/sh', 'ENTRYPOINT ["/bin/sh"]'),
    );
    ruleCatchesNot('GMC007', scratch('COPY --from=build /out/app /app', 'USER app', 'ENTRYPOINT ["/app"]'));
  });

  it('a scratch stage that starts something the go build does not write, or nothing', () => {
    ruleCatchesNot(
      'GMC007',
      dockerfile(
        ...BUILD,
        'FROM scratch AS release',
        'COPY --from=build /out/app /app',
        'ENTRYPOINT ["/other"]',
        ...debug,
      ),
    );
    ruleCatchesNot(
      'GMC007',
      dockerfile(
        ...BUILD,
        'FROM scratch AS release',
        'COPY --from=build /out/app /app',
        'ENTRYPOINT []',
        ...debug,
      ),
    );
  });

  it('a file not read as Docker reads it', () => {
    const result = convert(releaseThen('FROM alpine:3.20 AS debug', 'RUN <<EOF', 'apk add curl'));
    expect(result.refusals.map((refusal) => refusal.code)).toEqual(['GMC002']);
    expect(result.warnings).toEqual([]);
  });
});
