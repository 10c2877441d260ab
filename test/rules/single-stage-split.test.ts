/** GMC105 single-stage split (src/core/convert/rules/single-stage-split.ts): what it catches and what it does not. */
import { describe, expect, it } from '@jest/globals';
import { contextOf } from './context.js';
import { dockerfile, multiStage, ruleCatches, ruleCatchesNot } from './helpers.js';

describe('GMC105 single-stage split', () => {
  it('catches a single golang stage: names it and moves the runtime to a new stage', () => {
    const result = ruleCatches(
      'GMC105',
      dockerfile('FROM golang:1.22', 'RUN go build -o /app .', 'EXPOSE 8080', 'CMD ["/app"]'),
    );
    expect(result.output).toBe(
      dockerfile(
        'FROM golang:1.22 AS build',
        'RUN CGO_ENABLED=0 GOOS=linux go build -o /app .',
        '# Added by go-microcontainer convert: what the scratch image lacks, staged for one COPY.',
        'RUN mkdir -p /rootfs/tmp \\',
        ' && chmod 1777 /rootfs/tmp',
        '',
        '# Added by go-microcontainer convert: the image that ships holds just the binary.',
        'FROM scratch',
        'COPY --from=build /rootfs/ /',
        'COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt',
        'COPY --from=build /app /app',
        'EXPOSE 8080',
        'USER 65532:65532',
        'CMD ["/app"]',
      ),
    );
    expect(result.warnings.map((warning) => warning.code)).toContain('GMC105');
  });

  it("declares the stage's ARGs again in the new stage, so ENV, LABEL and EXPOSE expand as they did", () => {
    const result = ruleCatches(
      'GMC105',
      dockerfile(
        'ARG VERSION=dev',
        'FROM golang:1.26-alpine',
        'WORKDIR /src',
        'COPY . .',
        'ARG PORT=9000',
        'ARG VERSION',
        'ENV PORT=${PORT}',
        'LABEL org.opencontainers.image.version=${VERSION}',
        'RUN go build -o /usr/local/bin/server ./cmd/server',
        'EXPOSE ${PORT}',
        'CMD ["server"]',
      ),
    );
    const shipped = result.output?.split('FROM scratch\n')[1] ?? '';
    expect(shipped).toMatch(
      /\nCOPY --from=build \/usr\/local\/bin\/server \/usr\/local\/bin\/server\nARG PORT=9000\nARG VERSION\nENV PORT=\$\{PORT\}\nLABEL org\.opencontainers\.image\.version=\$\{VERSION\}\n/,
    );
    expect(shipped).toContain('EXPOSE ${PORT}\n');
  });

  it('warns that the packages the stage installs are not in the new image, naming each once', () => {
    const result = ruleCatches(
      'GMC105',
      dockerfile(
        'FROM golang:1.22-alpine',
        'RUN apk add --no-cache git bash openssh && apk add git',
        'RUN go build -o /app .',
        'CMD ["/app"]',
      ),
    );
    expect(result.warnings).toContainEqual({
      code: 'GMC105',
      message:
        'the packages the stage installs (git, bash, openssh) stay in the builder; the new image has none of them: if the program runs one at run time, keep a runtime stage that installs it instead',
    });
    const none = ruleCatches(
      'GMC105',
      dockerfile('FROM golang:1.22', 'RUN go build -o /app .', 'CMD ["/app"]'),
    );
    expect(none.warnings.map((warning) => warning.message)).not.toContainEqual(
      expect.stringContaining('packages'),
    );
  });

  it('escapes $, quotes and backslashes in the COPY of the binary, which docker build would process', () => {
    const result = ruleCatches(
      'GMC105',
      dockerfile(
        'FROM golang:1.22',
        'RUN go build -o /app .',
        `RUN go build -o '/out/it'"'"'s$HOME' ./tool`,
        'CMD ["/app"]',
      ),
    );
    expect(result.output).toContain(
      `COPY --from=build ["/out/it\\\\'s\\\\$HOME", "/out/it\\\\'s\\\\$HOME"]\n`,
    );
    const plain = ruleCatches(
      'GMC105',
      dockerfile(
        'FROM golang:1.22',
        'RUN go build -o /app .',
        "RUN go build -o '/out/a$b' ./tool",
        'CMD ["/app"]',
      ),
    );
    expect(plain.output).toContain('COPY --from=build /out/a\\$b /out/a\\$b\n');
  });

  it('refuses a binary whose path has *, ? or [, which COPY would read as a pattern', () => {
    const result = ruleCatches(
      'GMC105',
      dockerfile('FROM golang:1.22', "RUN go build -o '/out/a[1]' .", 'CMD ["/out/a[1]"]'),
    );
    expect(result.refusals).toEqual([
      {
        code: 'GMC105',
        message:
          'the binary /out/a[1] has *, ? or [ in its path, which COPY reads as a pattern: give it a plain name',
      },
    ]);
  });

  it('refuses a single stage that builds Go on another image', () => {
    const result = ruleCatches(
      'GMC105',
      dockerfile('FROM alpine:3.19', 'RUN apk add go && go build -o /app .', 'CMD ["/app"]'),
    );
    expect(result.refusals[0]).toMatchObject({
      code: 'GMC105',
      message: expect.stringMatching(/builds Go on alpine:3\.19/),
    });
  });

  it('does not catch a multi-stage build', () => {
    ruleCatchesNot('GMC105', multiStage('CMD ["/app"]'));
  });
});

describe('GMC105 single-stage split, with several binaries', () => {
  it('copies every binary the stage builds, such as the two of one make target', () => {
    const makefile =
      'all: api worker\napi:\n\tgo build -o bin/api ./cmd/api\nworker:\n\tgo build -o bin/worker ./cmd/worker\n';
    const text = dockerfile('FROM golang:1.22', 'WORKDIR /src', 'COPY . .', 'RUN make', 'CMD ["./bin/api"]');
    const result = ruleCatches('GMC105', text, { contextFiles: contextOf({ Makefile: makefile }) });
    expect(result.output).toContain(
      'COPY --from=build /src/bin/api /src/bin/api\nCOPY --from=build /src/bin/worker /src/bin/worker\n',
    );
    expect(result.output).toContain('CMD ["/src/bin/api"]');
  });
});

describe('GMC105 single-stage split: the new stage', () => {
  const WARNING =
    'the source tree is no longer in the image, only the binary: if the program reads files at run time ' +
    '(templates, static assets, config), COPY them into the final stage';

  it('names the builder, or keeps its name, and reports it', () => {
    const named = ruleCatches(
      'GMC105',
      dockerfile('FROM golang:1.22 AS dev', 'RUN go build -o /app .', 'CMD ["/app"]'),
    );
    expect(named.output).toMatch(/^FROM golang:1\.22 AS dev\n/);
    expect(named.output).toContain('\nCOPY --from=dev /app /app\n');
    expect(named.changes).toContainEqual({
      code: 'GMC105',
      line: 1,
      what: 'named the golang stage "dev" and kept it as the builder',
      why: 'the image that ships is a new stage that copies only the binary from it',
    });
    expect(named.warnings).toContainEqual({ code: 'GMC105', message: WARNING });
  });

  it('carries ENV, LABEL and the working directory the container starts in (the last WORKDIR) into the new stage', () => {
    const result = ruleCatches(
      'GMC105',
      dockerfile(
        'FROM golang:1.22',
        'ENV PORT=8080',
        'LABEL org.opencontainers.image.source=https://example.com/app',
        'WORKDIR /src',
        'WORKDIR svc',
        'RUN go build -o /out/app .',
        'EXPOSE 8080',
        'WORKDIR /elsewhere',
        'CMD ["/out/app"]',
      ),
    );
    expect(result.output).toContain(
      [
        'FROM scratch',
        'COPY --from=build /rootfs/ /',
        'COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt',
        'COPY --from=build /out/app /out/app',
        'ENV PORT=8080',
        'LABEL org.opencontainers.image.source=https://example.com/app',
        'WORKDIR /elsewhere',
        'EXPOSE 8080',
        'USER 65532:65532',
        'CMD ["/out/app"]',
        '',
      ].join('\n'),
    );
  });

  it('carries no WORKDIR when the stage has none', () => {
    const result = ruleCatches(
      'GMC105',
      dockerfile('FROM golang:1.22', 'RUN go build -o /app .', 'CMD ["/app"]'),
    );
    expect(result.output).not.toContain('WORKDIR');
  });

  it('ships distroless static with --strategy distroless, and copies a path with spaces in JSON form', () => {
    const result = ruleCatches(
      'GMC105',
      dockerfile('FROM golang:1.22', 'RUN go build -o "/out/my app" .', 'CMD ["/out/my app"]'),
      { strategy: 'distroless' },
    );
    expect(result.output).toContain(
      '\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build ["/out/my app", "/out/my app"]\n',
    );
  });
});

describe('GMC105 single-stage split: the working directory of the new stage', () => {
  const newStage = (...lines: string[]) =>
    (ruleCatches('GMC105', dockerfile('FROM golang:1.22', ...lines)).output ?? '').split('FROM scratch\n')[1];

  it('is where the stage ended, even when a runtime instruction came before the last WORKDIR', () => {
    expect(
      newStage('EXPOSE 8080', 'WORKDIR /src', 'COPY . .', 'RUN go build -o app .', 'CMD ["./app"]'),
    ).toContain('WORKDIR /src\nEXPOSE 8080\n');
    expect(
      newStage('WORKDIR /src', 'COPY . .', 'RUN go build -o app .', 'WORKDIR data', 'CMD ["/src/app"]'),
    ).toContain('WORKDIR /src/data\n');
  });
});
