/** GMC207 exec form (src/core/convert/rules/exec-form-start.ts): what it catches and what it does not. */
import { describe, expect, it } from '@jest/globals';
import { collectFacts } from '../../src/core/convert/facts/collect-facts.js';
import type { ProgramKind } from '../../src/core/convert/facts/programs.js';
import { parseReleaseConfig } from '../../src/core/convert/io/release-config.js';
import { execFormRule } from '../../src/core/convert/rules/exec-form-start.js';
import { convert, dockerfile, multiStage, ruleCatches, ruleCatchesNot } from './helpers.js';

describe('GMC207 exec form', () => {
  it('catches a shell-form command: exec form, absolute path, variables resolved with a warning', () => {
    const result = ruleCatches('GMC207', multiStage('ENV PORT=8080', 'ENTRYPOINT app --port $PORT'));
    expect(result.output).toContain('ENTRYPOINT ["/app", "--port", "8080"]');
    expect(result.warnings).toContainEqual(
      expect.objectContaining({
        code: 'GMC207',
        line: 7,
        message: expect.stringMatching(/^\$PORT was resolved to "8080"/),
      }),
    );
  });

  it('refuses an entrypoint script and a command that needs a shell', () => {
    expect(ruleCatches('GMC207', multiStage('ENTRYPOINT ["/docker-entrypoint.sh"]')).reason).toBe(
      'line 6 starts the container with the script /docker-entrypoint.sh, which needs a shell; scratch has none',
    );
    expect(ruleCatches('GMC207', multiStage('CMD /app && echo done')).reason).toBe(
      'line 6 needs a shell to run (several commands); scratch has none',
    );
  });

  it('keeps an exec-form array byte for byte, replacing only a relative program', () => {
    const result = ruleCatches(
      'GMC207',
      multiStage('ENTRYPOINT ["app",  "hello world", "\\u0041", "say \\"hi\\"", "C:\\\\data"]'),
    );
    expect(result.output).toContain(
      'ENTRYPOINT ["/app",  "hello world", "\\u0041", "say \\"hi\\"", "C:\\\\data"]\n',
    );
    expect(result.changes).toContainEqual({
      code: 'GMC207',
      line: 6,
      what: 'ENTRYPOINT became ["/app", "hello world", "A", "say \\"hi\\"", "C:\\\\data"]',
      why: 'exec form with an absolute path: scratch has no shell to run the shell form or search the PATH',
    });
  });

  it('never expands $VAR inside exec form: kept as written, with a warning', () => {
    const result = ruleCatches('GMC207', multiStage('ENV DB=x', 'CMD ["/app", "--db", "$DB"]'));
    expect(result.output).toContain('CMD ["/app", "--db", "$DB"]\n');
    expect(result.warnings).toEqual([
      {
        code: 'GMC207',
        line: 7,
        message:
          '$DB stays as written: exec form does not expand variables, so the program receives it literally, as it did before',
      },
    ]);
  });

  it('resolves ${VAR:-default} of the shell form, and refuses a variable it cannot resolve', () => {
    expect(ruleCatches('GMC207', multiStage('CMD /app --port ${PORT:-8080}')).output).toContain(
      'CMD ["/app", "--port", "8080"]\n',
    );
    expect(ruleCatches('GMC207', multiStage('CMD /app --db $DATABASE_URL')).refusals).toEqual([
      {
        code: 'GMC207',
        line: 6,
        message:
          'line 6 uses $DATABASE_URL, which has no default in this Dockerfile; exec form does not expand variables, ' +
          'so it would reach the program literally: give it an ENV default, write the value, or have the program read the variable itself',
      },
    ]);
  });

  it("resolves WORKDIR $GOPATH with the golang image's own GOPATH=/go", () => {
    const result = ruleCatches(
      'GMC207',
      dockerfile(
        'FROM golang:1.22',
        'WORKDIR $GOPATH/src/github.com/acme/hello',
        'RUN go build -o hello .',
        'CMD ["./hello"]',
      ),
    );
    expect(result.output).toContain('CMD ["/go/src/github.com/acme/hello/hello"]\n');
    expect(result.output).toContain(
      'COPY --from=build /go/src/github.com/acme/hello/hello /go/src/github.com/acme/hello/hello\n',
    );
  });

  it('refuses a program whose variable cannot be resolved', () => {
    expect(ruleCatches('GMC207', multiStage('WORKDIR $APP_HOME', 'CMD ["./app"]')).reason).toBe(
      'line 7 starts /$APP_HOME/app, whose variable cannot be resolved from this Dockerfile; exec form does not expand it',
    );
  });

  it('does not catch an exec-form command with an absolute path', () => {
    ruleCatchesNot('GMC207', multiStage('CMD ["/app", "--verbose"]'));
  });
});

describe('GMC207 exec form: shells, go run, scripts and ENTRYPOINT arguments', () => {
  const WHY =
    'exec form with an absolute path: scratch has no shell to run the shell form or search the PATH';

  it('reports the new array of a shell-form command', () => {
    expect(ruleCatches('GMC207', multiStage('CMD app -v')).changes).toContainEqual({
      code: 'GMC207',
      line: 6,
      what: 'CMD became ["/app", "-v"]',
      why: WHY,
    });
  });

  it('unwraps sh -c with one command string, whichever shell runs it', () => {
    for (const shell of ['/bin/sh', 'sh', '/bin/bash', 'bash']) {
      const result = ruleCatches(
        'GMC207',
        multiStage('ENV PORT=8080', `CMD ["${shell}", "-c", "app --port $PORT"]`),
      );
      expect(result.output).toContain('\nCMD ["/app", "--port", "8080"]\n');
      expect(result.changes).toContainEqual({
        code: 'GMC207',
        line: 7,
        what: 'CMD became ["/app", "--port", "8080"]',
        why: WHY,
      });
    }
  });

  it('refuses a shell run any other way', () => {
    for (const start of ['CMD ["/bin/sh"]', 'CMD ["bash", "-c", "app", "extra"]']) {
      expect(ruleCatches('GMC207', multiStage(start)).refusals).toEqual([
        { code: 'GMC207', line: 6, message: 'line 6 runs a shell; the new image has none' },
      ]);
    }
    // A shell given a script: the script is what to change, and is named.
    expect(ruleCatches('GMC207', multiStage('CMD ["sh", "start.sh"]')).refusals).toEqual([
      {
        code: 'GMC207',
        line: 6,
        message:
          'line 6 starts the container with the script start.sh, run by sh, which needs a shell; scratch has none',
      },
    ]);
  });

  it('runs the binary a go run CMD is built into, exec form or shell form, with its arguments', () => {
    const exec = ruleCatches(
      'GMC207',
      dockerfile(
        'FROM golang:1.22',
        'WORKDIR /src/svc',
        'COPY . .',
        'RUN go build -o /out/tool ./tool',
        'CMD ["go", "run", "./cmd/x", "-v"]',
      ),
    );
    expect(exec.output).toContain('\nCMD ["/go/bin/x", "-v"]\n');
    expect(exec.changes).toContainEqual({
      code: 'GMC207',
      line: 5,
      what: 'CMD became ["/go/bin/x", "-v"]',
      why: WHY,
    });
    const shell = ruleCatches(
      'GMC207',
      dockerfile('FROM golang:1.22', 'WORKDIR /src/svc', 'COPY . .', 'CMD go run . --port 80'),
    );
    expect(shell.output).toContain('\nCMD ["/go/bin/svc", "--port", "80"]\n');
  });

  it('takes a go command other than go run, or a run argument, for an ordinary program', () => {
    expect(ruleCatches('GMC207', multiStage('CMD ["go", "version"]')).output).toContain(
      '\nCMD ["/usr/local/bin/go", "version"]\n',
    );
    ruleCatchesNot('GMC207', multiStage('CMD ["/app", "run"]'));
  });

  it('refuses entrypoint scripts by extension or by name, unless a go build writes them', () => {
    const script = (program: string) =>
      `line 6 starts the container with the script ${program}, which needs a shell; scratch has none`;
    expect(ruleCatches('GMC207', multiStage('ENTRYPOINT ["/start.bash"]')).reason).toBe(
      script('/start.bash'),
    );
    expect(ruleCatches('GMC207', multiStage('ENTRYPOINT ["/usr/local/bin/My-Entrypoint"]')).reason).toBe(
      script('/usr/local/bin/My-Entrypoint'),
    );
    expect(ruleCatches('GMC207', multiStage('CMD /docker-entrypoint.sh serve')).reason).toBe(
      script('/docker-entrypoint.sh'),
    );
    ruleCatchesNot('GMC207', multiStage('COPY --from=build /out/app.shim /app.shim', 'CMD ["/app.shim"]'));
    // The Go binary, named like a script: a go build writes it.
    ruleCatchesNot(
      'GMC207',
      dockerfile(
        'FROM golang:1.22-alpine AS build',
        'RUN go build -o /out/entrypoint .',
        'FROM alpine:3.19',
        'COPY --from=build /out/entrypoint /entrypoint',
        'ENTRYPOINT ["/entrypoint"]',
      ),
    );
  });
});

describe('GMC207 exec form: the program started, wherever it was copied from', () => {
  it('refuses a script copied from a build stage, naming the COPY (the image would not start)', () => {
    const result = ruleCatches(
      'GMC207',
      multiStage('COPY --from=build /src/entrypoint.sh /', 'ENTRYPOINT ["/entrypoint.sh", "/app"]'),
    );
    expect(result.status).toBe('refused');
    expect(result.refusals).toContainEqual({
      code: 'GMC207',
      line: 7,
      message:
        'line 7 starts the container with the script /entrypoint.sh (copied from stage build at line 6), which needs a shell; scratch has none',
    });
  });

  it('refuses a program of a build stage that no go build writes (a package, a download)', () => {
    const text = dockerfile(
      'FROM golang:1.22-alpine AS build',
      'RUN apk add --no-cache tini',
      'RUN go build -o /out/app .',
      'FROM alpine:3.19',
      'COPY --from=build /out/app /app',
      'COPY --from=build /sbin/tini /sbin/tini',
      'ENTRYPOINT ["/sbin/tini", "--", "/app"]',
    );
    expect(ruleCatches('GMC207', text).refusals).toContainEqual({
      code: 'GMC207',
      line: 7,
      message:
        'line 7 starts /sbin/tini, copied from stage build at line 6: a program of a package installed there, linked against its C library; ' +
        'start the Go binary itself (docker run --init adds an init process, if the program needs one)',
    });
  });

  it('refuses a program of a stage where nothing builds Go', () => {
    const text = dockerfile(
      'FROM golang:1.22-alpine AS build',
      'RUN go build -o /out/app .',
      'FROM alpine:3.19 AS tools',
      'RUN cp /bin/busybox /usr/local/bin/runner',
      'FROM alpine:3.19',
      'COPY --from=build /out/app /app',
      'COPY --from=tools /usr/local/bin/runner /runner',
      'ENTRYPOINT ["/runner", "/app"]',
    );
    expect(ruleCatches('GMC207', text).refusals).toContainEqual({
      code: 'GMC207',
      line: 8,
      message:
        'line 8 starts /runner, copied from stage tools at line 7: a stage where nothing builds Go, and scratch runs it only if it is a static binary, which nothing here says it is; start the Go binary itself',
    });
  });

  it.each([
    [
      'curl -o, in a cluster of flags',
      'RUN curl -fsSLo /usr/local/bin/runner https://example.com/runner',
      '/usr/local/bin/runner',
    ],
    [
      'curl -o attached',
      'RUN curl -L -o/usr/local/bin/runner https://example.com/runner',
      '/usr/local/bin/runner',
    ],
    [
      'curl --output=',
      'RUN curl --output=/usr/local/bin/runner https://example.com/runner',
      '/usr/local/bin/runner',
    ],
    [
      'curl -O, named by the URL, in the WORKDIR',
      'RUN curl -sSLO https://example.com/v1/runner?x=1',
      '/src/runner',
    ],
    [
      'wget -O after -q',
      'RUN wget -qO /usr/local/bin/runner https://example.com/runner',
      '/usr/local/bin/runner',
    ],
    [
      'wget --output-document',
      'RUN wget --output-document /usr/local/bin/runner https://example.com/runner',
      '/usr/local/bin/runner',
    ],
    ['wget -P', 'RUN wget -P /usr/local/bin https://example.com/runner', '/usr/local/bin/runner'],
    ['wget, named by the URL, with a variable', 'RUN wget https://example.com/${TOOL}', '/src/runner'],
    ['ADD of a URL into a folder', 'ADD https://example.com/runner /usr/local/bin/', '/usr/local/bin/runner'],
    [
      'wget in exec form',
      'RUN ["wget", "-O", "/usr/local/bin/runner", "https://example.com/runner"]',
      '/usr/local/bin/runner',
    ],
  ])('refuses a start of a file the build stage downloads: %s', (_, download, path) => {
    const text = dockerfile(
      'FROM golang:1.22-alpine AS build',
      'ENV TOOL=runner',
      'WORKDIR /src',
      'RUN CGO_ENABLED=0 go build -o /out/app .',
      download,
      'FROM alpine:3.19',
      'COPY --from=build /out/app /app',
      `COPY --from=build ${path} /runner`,
      'ENTRYPOINT ["/runner", "/app"]',
    );
    expect(ruleCatches('GMC207', text).refusals).toContainEqual({
      code: 'GMC207',
      line: 9,
      message:
        'line 9 starts /runner, copied from stage build at line 8: a file downloaded at line 5, and scratch runs it only if it is a static binary, which nothing here says it is; start the Go binary itself',
    });
  });

  it('names docker run --init for a downloaded init process', () => {
    const text = dockerfile(
      'FROM golang:1.22-alpine AS build',
      'RUN CGO_ENABLED=0 go build -o /out/app .',
      'RUN wget -qO /usr/bin/dumb-init https://example.com/dumb-init_1.2.5_x86_64 && chmod +x /usr/bin/dumb-init',
      'FROM alpine:3.19',
      'COPY --from=build /out/app /app',
      'COPY --from=build /usr/bin/dumb-init /usr/bin/dumb-init',
      'ENTRYPOINT ["/usr/bin/dumb-init", "--", "/app"]',
    );
    expect(ruleCatches('GMC207', text).refusals[0]?.message).toMatch(
      /downloaded at line 3, .*start the Go binary itself \(docker run --init adds an init process, if the program needs one\)$/,
    );
  });

  it.each([
    ['a download to another file', 'RUN curl -fsSLo /etc/app/config.json https://example.com/config.json'],
    ['a download to stdout', 'RUN wget -qO- https://example.com/app | tar -xz -C /tmp'],
    ['curl without -o or -O (stdout)', 'RUN curl -fsSL https://example.com/app'],
    ['a download the go build then overwrites', 'RUN curl -o /out/app https://example.com/app'],
    ['an ADD of a URL elsewhere', 'ADD https://example.com/app /tmp/app'],
    ['an ADD from the context', 'ADD app /out/app'],
  ])('does not take %s for the started file', (_, download) => {
    const text = dockerfile(
      'FROM golang:1.22-alpine AS build',
      download,
      'RUN CGO_ENABLED=0 go build -o /out/app .',
      'FROM alpine:3.19',
      'COPY --from=build /out/app /app',
      'ENTRYPOINT ["/app"]',
    );
    expect(convert(text).refusals.filter((finding) => finding.code === 'GMC207')).toEqual([]);
  });

  it('refuses a single stage that starts a program none of its go builds writes (the new image holds only those)', () => {
    const result = ruleCatches(
      'GMC207',
      dockerfile(
        'FROM golang:1.22-alpine',
        'RUN go install github.com/mitchellh/gox@latest && go build -o /go/bin/helper ./helper',
        'ENTRYPOINT ["terraform"]',
      ),
    );
    expect(result.refusals).toEqual([
      {
        code: 'GMC207',
        line: 3,
        message:
          'line 3 starts terraform, which no go build found writes (they write /go/bin/gox, /go/bin/helper): the new image would not hold it; build it with go build -o in a RUN step, or start the binary that is built',
      },
    ]);
    // The binary it builds, by name or by path, is started.
    for (const start of ['ENTRYPOINT ["helper"]', 'CMD /go/bin/helper'])
      expect(
        convert(dockerfile('FROM golang:1.22-alpine', 'RUN go build -o /go/bin/helper ./helper', start))
          .status,
      ).toBe('converted');
  });

  it('does not refuse the binary of a stage that copied it in (an upx stage)', () => {
    const text = dockerfile(
      'FROM golang:1.22-alpine AS build',
      'RUN CGO_ENABLED=0 go build -o /out/app .',
      'FROM alpine:3.19 AS compress',
      'RUN apk add --no-cache upx',
      'COPY --from=build /out/app /app',
      'RUN upx --best /app',
      'FROM alpine:3.19',
      'COPY --from=compress /app /app',
      'ENTRYPOINT ["/app"]',
    );
    expect(convert(text).refusals.filter((finding) => finding.code === 'GMC207')).toEqual([]);
  });

  it('does not refuse a file of the build stage it cannot place: moved, downloaded, or written by a build it computed', () => {
    for (const copy of ['COPY --from=build /out/server /app', 'COPY --from=build /go/bin/tool /app'])
      expect(
        convert(
          dockerfile(
            'FROM golang:1.22-alpine AS build',
            'RUN go build -o /out/app . && mv /out/app /out/server',
            'FROM alpine:3.19',
            copy,
            'ENTRYPOINT ["/app"]',
          ),
        ).refusals.filter((finding) => finding.code === 'GMC207'),
      ).toEqual([]);
  });

  it.each([
    ['the output itself', 'COPY --from=build /out/app /usr/bin/app', '/usr/bin/app'],
    ['its folder', 'COPY --from=build /out/ /usr/bin/', '/usr/bin/app'],
    ['a wildcard', 'COPY --from=build /out/a* /usr/bin/', '/usr/bin/app'],
    ['a stage FROM the build stage', 'COPY --from=compress /out/app /app', '/app'],
  ])('takes the Go binary copied as %s', (_, copy, program) => {
    const text = dockerfile(
      'FROM golang:1.22-alpine AS build',
      'RUN go build -o /out/app .',
      'FROM build AS compress',
      'RUN true',
      'FROM alpine:3.19',
      copy,
      `ENTRYPOINT ["${program}"]`,
    );
    expect(convert(text).status).toBe('converted');
  });

  it('finds a binary on the PATH where a copy of its folder put it (the folder is copied as what it holds)', () => {
    // It named /usr/local/bin/app, the default PATH folder, which the image does not have: a broken image.
    for (const [copy, program] of [
      ['COPY --from=build /out/ /usr/bin/', '/usr/bin/app'],
      ['COPY --from=build /out /usr/bin', '/usr/bin/app'],
      ['COPY --from=build /out/ /opt/app/bin/', '/opt/app/bin/app'],
      ['COPY --from=build / /', '/out/app'],
    ] as const) {
      const text = dockerfile(
        'FROM golang:1.22-alpine AS build',
        'RUN go build -o /out/app . && go build -o /out/tool ./tool',
        'FROM alpine:3.19',
        copy,
        'ENV PATH=/opt/app/bin:/out:$PATH',
        'ENTRYPOINT ["app"]',
      );
      expect(convert(text).output).toContain(`\nENTRYPOINT ["${program}"]\n`);
    }
  });

  it("refuses a program nothing in the file puts in the image: the replaced base image's own", () => {
    // They converted, and the container failed with "exec /usr/sbin/crond: no such file or directory".
    const refusal = (start: string, what: string, strategy: 'scratch' | 'distroless' = 'scratch') =>
      expect(ruleCatches('GMC207', multiStage(start), { strategy }).reason).toBe(
        `line ${5 + start.split('\n').length} starts ${what}: only alpine:3.19 can have it, and ${strategy === 'scratch' ? 'scratch' : 'distroless static'} has none of its files, ` +
          'so the container would not start; copy the program in, or start the Go binary itself',
      );
    refusal(
      'CMD ["/usr/sbin/crond", "-f"]',
      '/usr/sbin/crond, which no COPY or ADD of the stage that ships puts there',
    );
    refusal(
      'ENTRYPOINT ["/usr/bin/env", "/app"]',
      '/usr/bin/env, which no COPY or ADD of the stage that ships puts there',
      'distroless',
    );
    refusal('CMD crond -f', 'crond, which no COPY or ADD of the stage that ships puts on the PATH');
    refusal(
      'WORKDIR /srv\nCMD ["./server"]',
      '/srv/server, which no COPY or ADD of the stage that ships puts there',
    );
  });

  it('refuses to guess where a bare name is when a folder of the PATH gets files it cannot list', () => {
    // It named /usr/local/bin/app, the default, where the image has nothing: a broken image.
    const text = (copy: string, ...more: string[]) =>
      dockerfile(
        'FROM golang:1.22-alpine AS build',
        'RUN make',
        'FROM alpine:3.19',
        copy,
        ...more,
        'ENTRYPOINT ["app"]',
      );
    expect(ruleCatches('GMC207', text('COPY --from=build /src/bin/ /usr/bin/')).reason).toBe(
      'line 5 starts app, which the converter cannot place on the PATH: what the file copies into /usr/bin may hold it; write its absolute path, then rerun',
    );
    // The first folder of the PATH that may hold it is the one the guess names: taken.
    expect(
      convert(text('COPY --from=build /src/bin/ /usr/local/bin/')).refusals.filter(
        (finding) => finding.code === 'GMC207',
      ),
    ).toEqual([]);
    // ENV PATH puts a folder first; what it extends ($PATH) is Docker's.
    expect(
      ruleCatches(
        'GMC207',
        text(
          'COPY --from=build /src/bin/ /usr/local/bin/',
          'COPY --from=build /src/tools/ /opt/tools/',
          'ENV PATH=/opt/tools:$PATH',
        ),
      ).reason,
    ).toBe(
      'line 7 starts app, which the converter cannot place on the PATH: what the file copies into /opt/tools may hold it; write its absolute path, then rerun',
    );
  });

  it.each([
    [
      'a copy of a folder above it',
      'COPY --from=build /out/ /usr/local/bin/',
      'CMD ["/usr/local/bin/helper"]',
    ],
    ['a copy of the build context', 'COPY bin /opt/bin', 'CMD ["/opt/bin/helper"]'],
    ['an ADD, which may unpack an archive', 'ADD tools.tar.gz /opt/', 'CMD ["/opt/tools/helper"]'],
    ['a RUN that names it', 'RUN ln -s /app /usr/local/bin/helper', 'CMD ["helper"]'],
    ['a VOLUME above it', 'VOLUME /plugins', 'CMD ["/plugins/helper"]'],
    ['an ENTRYPOINT argument', 'ENTRYPOINT ["/app"]', 'CMD ["helper"]'],
  ])('does not refuse a program that %s may put there', (_, step, start) => {
    expect(convert(multiStage(step, start)).refusals.filter((finding) => finding.code === 'GMC207')).toEqual(
      [],
    );
  });

  it('does not refuse a program the file does put there (found in review)', () => {
    const text = (build: string, ...runtime: string[]) =>
      dockerfile(
        'FROM golang:1.22-alpine AS build',
        'ARG APP=server',
        build,
        'FROM alpine:3.19',
        'ARG APP=server',
        ...runtime,
      );
    for (const [build, ...runtime] of [
      // A binary named by an ARG, as Docker reads it in COPY.
      [
        'RUN go build -o /out/${APP} .',
        'COPY --from=build /out/${APP} /usr/local/bin/',
        'ENTRYPOINT ["/usr/local/bin/server"]',
      ],
      // A link whose words name it once the ARG is read.
      [
        'RUN go build -o /app/${APP} .',
        'COPY --from=build /app/ /app/',
        'RUN ln -s /app/${APP} /usr/local/bin/',
        'ENTRYPOINT ["server"]',
      ],
      // Into a folder an earlier step made, without the trailing slash.
      [
        'RUN go build -o /build/server .',
        'RUN mkdir -p /app',
        'COPY --from=build /build/server /app',
        'ENTRYPOINT ["/app/server"]',
      ],
      // go build -o DIR with several packages writes a folder.
      [
        'RUN mkdir -p bin && go build -o bin ./cmd/server ./cmd/worker',
        'COPY --from=build /go/bin /usr/local/bin',
        'CMD ["worker"]',
      ],
      [
        'RUN go build -o /out ./cmd/...',
        'COPY --from=build /out /usr/local/bin',
        'CMD ["/usr/local/bin/worker"]',
      ],
      // Archives, downloads and copies in the runtime may make anything (GMC202 refuses them on their own).
      [
        'RUN go build -o /out/app .',
        'RUN wget -qO- https://example.com/t.tgz | tar xz -C /opt',
        'CMD ["/opt/tool/run"]',
      ],
    ])
      expect(
        convert(text(build ?? '', ...runtime)).refusals.filter((finding) => finding.code === 'GMC207'),
      ).toEqual([]);
  });

  it("refuses the base image's program though a RUN has a wildcard that makes nothing (rm of a cache, a crontab line)", () => {
    for (const run of [
      'RUN apk add --no-cache tzdata && rm -rf /var/cache/apk/*',
      "RUN echo '*/5 * * * * /app sync' > /etc/crontabs/root",
    ])
      expect(ruleCatches('GMC207', multiStage(run, 'CMD ["/usr/sbin/crond", "-f"]')).reason).toMatch(
        /^line 7 starts \/usr\/sbin\/crond, which no COPY or ADD of the stage that ships puts there/,
      );
    // A word that holds the name inside a path (a folder named after it) does not make it.
    expect(
      ruleCatches('GMC207', multiStage('RUN mkdir -p /crond/data', 'CMD ["crond", "-f"]')).reason,
    ).toMatch(/^line 7 starts crond, which no COPY or ADD of the stage that ships puts on the PATH/);
  });

  it('does not refuse a program a build of the stage that ships, or of the stage it starts FROM, may write', () => {
    for (const [build, start] of [
      ['RUN go build -o /out/app .', 'CMD ["/out/app"]'],
      ['RUN make', 'CMD ["/usr/local/bin/app"]'],
    ] as const)
      expect(
        convert(dockerfile('FROM golang:1.22-alpine AS build', build, 'FROM build', start)).refusals.filter(
          (finding) => finding.code === 'GMC207',
        ),
      ).toEqual([]);
  });

  it('does not refuse what it cannot tell: a stage whose build was not followed', () => {
    const text = dockerfile(
      'FROM golang:1.22-alpine AS build',
      'RUN go build -o /out/app . && make tools',
      'FROM alpine:3.19',
      'COPY --from=build /out/app /app',
      'COPY --from=build /src/bin/runner /runner',
      'ENTRYPOINT ["/runner", "/app"]',
    );
    expect(convert(text).refusals.filter((finding) => finding.code === 'GMC207')).toEqual([]);
  });

  it('leaves the arguments a CMD gives an ENTRYPOINT as they are, and still makes the ENTRYPOINT absolute', () => {
    const result = ruleCatches('GMC207', multiStage('ENTRYPOINT app', 'CMD serve --port 80'));
    expect(result.output).toContain('\nENTRYPOINT ["/app"]\nCMD ["serve", "--port", "80"]\n');
    ruleCatchesNot('GMC207', multiStage('ENTRYPOINT ["/app"]', 'CMD ["serve", "--port", "80"]'));
    // Wherever the ENTRYPOINT is in the stage.
    expect(ruleCatchesNot('GMC207', multiStage('CMD ["app"]', 'ENTRYPOINT ["/app"]')).output).toContain(
      '\nCMD ["app"]\nENTRYPOINT ["/app"]\n',
    );
  });

  it('refuses a shell-form program whose WORKDIR variable cannot be resolved', () => {
    expect(ruleCatches('GMC207', multiStage('WORKDIR $APP_HOME', 'CMD ./app -v')).reason).toBe(
      'line 7 starts /$APP_HOME/app, whose variable cannot be resolved from this Dockerfile; exec form does not expand it',
    );
  });
});

describe('GMC207 exec form, as the rule plans it', () => {
  function plan(text: string) {
    const facts = collectFacts(text, { strategy: 'scratch' });
    if (!facts.layout) throw new Error('a Go build has a layout');
    const layout = facts.layout;
    const start = layout.stage.instructions.find((instruction) => instruction.kind === 'start');
    if (!start) throw new Error('a CMD or ENTRYPOINT');
    return execFormRule.check(start, { ...facts, layout });
  }

  it('keeps a refused script as it is', () => {
    expect(plan(multiStage('ENTRYPOINT ["/entrypoint.sh"]')).rewrite).toEqual({ kind: 'keep' });
    expect(plan(multiStage('CMD /entrypoint.sh')).rewrite).toEqual({ kind: 'keep' });
    expect(plan(multiStage('WORKDIR $APP_HOME', 'CMD ./app')).rewrite).toEqual({ kind: 'keep' });
  });

  it('replaces only the program of an exec-form array', () => {
    expect(plan(multiStage('CMD [ "app" ,"-v"]')).rewrite).toEqual({
      kind: 'replace',
      text: 'CMD [ "/app" ,"-v"]',
    });
  });

  describe("a start command that runs a runtime package's program", () => {
    it('refuses ENTRYPOINT /sbin/tini after apk add tini, with the init docker run --init gives', () => {
      const text = multiStage(
        'RUN apk add --no-cache tini',
        'ENTRYPOINT ["/sbin/tini", "--"]',
        'CMD ["/app"]',
      );
      expect(ruleCatches('GMC207', text).refusals.find((refusal) => refusal.code === 'GMC207')).toEqual({
        code: 'GMC207',
        line: 7,
        message:
          'line 7 starts /sbin/tini, the program of the package tini that line 6 installs; scratch has no packages, so the container would not start: start the Go binary itself (docker run --init adds an init process, if the program needs one)',
      });
    });

    it('still refuses it when the user drops the package: --drop removes the install, not the ENTRYPOINT', () => {
      const text = multiStage(
        'RUN apt-get update && apt-get install -y --no-install-recommends dumb-init',
        'ENTRYPOINT ["dumb-init", "--", "/app"]',
      );
      const result = ruleCatches('GMC207', text, { drop: ['dumb-init'] });
      expect(result.status).toBe('refused');
      expect(result.refusals).toEqual([
        {
          code: 'GMC207',
          line: 7,
          message:
            'line 7 starts dumb-init, the program of the package dumb-init that line 6 installs (--drop dumb-init drops the package, not the ENTRYPOINT that runs it); scratch has no packages, so the container would not start: start the Go binary itself (docker run --init adds an init process, if the program needs one)',
        },
      ]);
    });

    it('does not catch a package whose program the start does not run, nor the Go binary', () => {
      ruleCatchesNot('GMC207', multiStage('RUN apk add --no-cache ca-certificates', 'ENTRYPOINT ["/app"]'));
    });
  });
});

describe('GMC207 exec form: which COPY of the build context put the program there', () => {
  const DYNAMIC: ProgramKind = { kind: 'dynamic', loader: '/lib/ld-musl-x86_64.so.1' };
  const withContext = (text: string, files: Record<string, ProgramKind>) =>
    convert(text, { contextProgram: (relative) => files[relative] });
  const gmc207Refusals = (text: string, files: Record<string, ProgramKind>) =>
    withContext(text, files).refusals.filter((refusal) => refusal.code === 'GMC207');

  it('judges the last COPY to the path, the one the image holds, and only COPYs before the start', () => {
    const twice = multiStage(
      'COPY dist/tool-glibc /usr/local/bin/tool',
      'COPY dist/tool /usr/local/bin/tool',
      'ENTRYPOINT ["/usr/local/bin/tool"]',
    );
    expect(withContext(twice, { 'dist/tool-glibc': DYNAMIC, 'dist/tool': { kind: 'static' } }).status).toBe(
      'converted',
    );
    const after = multiStage('ENTRYPOINT ["/usr/local/bin/tool"]', 'COPY dist/tool /usr/local/bin/tool');
    expect(gmc207Refusals(after, { 'dist/tool': DYNAMIC })).toEqual([]);
  });

  it('looks for the file in each source a COPY names', () => {
    const text = multiStage('COPY dist/ build/ /usr/local/bin/', 'ENTRYPOINT ["/usr/local/bin/tool"]');
    expect(withContext(text, { 'build/tool': { kind: 'static' } }).status).toBe('converted');
    expect(gmc207Refusals(text, { 'build/tool': DYNAMIC })).toEqual([
      {
        code: 'GMC207',
        line: 7,
        message:
          'line 7 starts /usr/local/bin/tool, copied from build/tool of the build context at line 6, a dynamically linked binary (it asks for the loader /lib/ld-musl-x86_64.so.1): scratch has no loader; build it with CGO_ENABLED=0',
      },
    ]);
  });

  it('passes over what did not copy the program: a later COPY of other files, a RUN, a COPY --from', () => {
    for (const after of [
      'COPY config.yaml /etc/app/config.yaml',
      'RUN chmod -R 755 /usr/local/bin',
      'COPY --from=build /out/ /usr/local/bin/',
    ]) {
      const text = multiStage(
        'COPY dist/tool /usr/local/bin/tool',
        after,
        'ENTRYPOINT ["/usr/local/bin/tool"]',
      );
      expect(withContext(text, { 'dist/tool': { kind: 'static' } }).status).toBe('converted');
    }
  });

  it('puts a static binary of the context in exec form, as any other program', () => {
    const result = withContext(
      multiStage('COPY dist/tool /usr/local/bin/tool', 'ENTRYPOINT /usr/local/bin/tool --port 80'),
      { 'dist/tool': { kind: 'static' } },
    );
    expect(result.output).toContain('\nENTRYPOINT ["/usr/local/bin/tool", "--port", "80"]\n');
  });

  it('reads no context file when it is given no context to read', () => {
    const text = multiStage('COPY bin/tool /usr/local/bin/tool', 'ENTRYPOINT ["/usr/local/bin/tool"]');
    expect(convert(text).status).toBe('converted');
  });

  it('takes the binary a single stage builds for its own, though the context was copied there', () => {
    const text = dockerfile(
      'FROM golang:1.22',
      'WORKDIR /src',
      'COPY . .',
      'RUN CGO_ENABLED=0 go build -o app .',
      'CMD ["./app"]',
    );
    const result = withContext(text, {});
    expect(result.status).toBe('converted');
    expect(result.output).toContain('\nCMD ["/src/app"]\n');
  });

  it('leaves a prebuilt binary that is not in the context to its build config (GMC108)', () => {
    const text = dockerfile(
      'FROM alpine:3.20',
      'RUN apk add --no-cache ca-certificates',
      'COPY myapp /usr/bin/myapp',
      'ENTRYPOINT ["/usr/bin/myapp"]',
    );
    const result = convert(text, {
      contextProgram: () => undefined,
      releaseConfig: () =>
        parseReleaseConfig(
          '.goreleaser.yaml',
          'builds:\n  - env: [CGO_ENABLED=0]\n    goos: [linux]\n',
          'Dockerfile',
        ),
    });
    expect(result.status).toBe('converted');
    expect(result.changes.map((change) => change.code)).toContain('GMC108');
  });
});

describe('GMC207 exec form: shells, stages and starts it reads with care', () => {
  it('refuses a shell run with a flag other than -c', () => {
    expect(ruleCatches('GMC207', multiStage('ENTRYPOINT ["sh", "-x", "/app"]')).refusals).toEqual([
      {
        code: 'GMC207',
        line: 6,
        message:
          'line 6 starts the container with the script /app, run by sh, which needs a shell; scratch has none',
      },
    ]);
  });

  it('names an unnamed stage a script was copied from by its number', () => {
    const text = dockerfile(
      'FROM golang:1.22-alpine',
      'RUN go build -o /out/app .',
      'FROM alpine:3.19',
      'COPY --from=0 /out/app /app',
      'COPY --from=0 /src/run.sh /run.sh',
      'ENTRYPOINT ["/run.sh", "/app"]',
    );
    expect(ruleCatches('GMC207', text).reason).toBe(
      'line 6 starts the container with the script /run.sh (copied from stage 0 at line 5), which needs a shell; scratch has none',
    );
  });

  it('refuses go run inside sh -c: no build step writes a binary for it, and the image would not start', () => {
    const text = dockerfile(
      'FROM golang:1.22',
      'WORKDIR /src',
      'COPY . .',
      'RUN go build -o /out/tool ./tool',
      'CMD ["sh", "-c", "go run ./cmd/x -v"]',
    );
    const result = ruleCatches('GMC207', text);
    expect(result.status).toBe('refused');
    expect(result.refusals).toEqual([
      {
        code: 'GMC207',
        line: 5,
        message:
          'line 5 runs go run in a shell, which the converter does not turn into a build step: write it as CMD go run ... (or build in a RUN step and start the binary)',
      },
    ]);
  });

  it('keeps an empty CMD as it is', () => {
    const result = ruleCatchesNot('GMC207', multiStage('CMD []'));
    expect(result.output).toContain('\nCMD []\n');
  });

  it('puts every ENTRYPOINT in exec form, an earlier one that a later one overrides too', () => {
    const result = ruleCatches('GMC207', multiStage('ENTRYPOINT app', 'ENTRYPOINT ["/app"]'));
    expect(result.output).toContain('\nENTRYPOINT ["/app"]\nENTRYPOINT ["/app"]\n');
  });

  describe('ENTRYPOINT [] clears the entrypoint, as Docker reads it: the CMD is the program', () => {
    const inBin = (...runtime: string[]) =>
      dockerfile(
        'FROM golang:1.22-alpine AS build',
        'WORKDIR /src',
        'RUN go build -o /out/app .',
        'FROM alpine:3.20',
        'COPY --from=build /out/app /usr/local/bin/app',
        ...runtime,
      );

    it('places the CMD program on the PATH and writes its absolute path', () => {
      const result = ruleCatches('GMC207', inBin('ENTRYPOINT []', 'CMD ["app", "serve"]'));
      expect(result.output).toContain('\nENTRYPOINT []\nCMD ["/usr/local/bin/app", "serve"]\n');
    });

    it('refuses a CMD script or a program nothing copies, as it would an ENTRYPOINT', () => {
      expect(
        ruleCatches('GMC207', inBin('COPY entrypoint.sh /', 'ENTRYPOINT []', 'CMD ["/entrypoint.sh"]'))
          .reason,
      ).toBe(
        'line 8 starts the container with the script /entrypoint.sh, which needs a shell; scratch has none',
      );
      expect(ruleCatches('GMC207', inBin('ENTRYPOINT []', 'CMD ["nothere"]')).reason).toMatch(
        /^line 7 starts nothere, which no COPY or ADD of the stage that ships puts on the PATH/,
      );
    });

    it('only the last ENTRYPOINT counts: one after ENTRYPOINT [] takes the CMD as arguments again', () => {
      const result = ruleCatches('GMC207', inBin('ENTRYPOINT []', 'ENTRYPOINT ["app"]', 'CMD ["serve"]'));
      expect(result.output).toContain('\nENTRYPOINT ["/usr/local/bin/app"]\nCMD ["serve"]\n');
      expect(result.changes.map((change) => change.line)).not.toContain(8);
    });
  });
});
