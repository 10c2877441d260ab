/** GMC201 runtime base (src/core/convert/rules/runtime-base.ts): what it catches and what it does not. */
import { describe, expect, it } from '@jest/globals';
import { convert, dockerfile, ruleCatches, ruleCatchesNot } from './helpers.js';

describe('GMC201 runtime base', () => {
  it('catches an alpine runtime and replaces it, keeping the stage name', () => {
    const text = dockerfile(
      'FROM golang:1.22 AS build',
      'RUN go build -o /app .',
      'FROM alpine:3.19 AS run',
      'COPY --from=build /app /app',
      'CMD ["/app"]',
    );
    const result = ruleCatches('GMC201', text);
    expect(result.output).toContain('FROM scratch AS run\n');
    expect(result.changes).toContainEqual(
      expect.objectContaining({
        code: 'GMC201',
        line: 3,
        what: 'replaced FROM alpine:3.19 with FROM scratch',
      }),
    );
  });

  it('refuses a runtime it does not know how to replace', () => {
    const text = dockerfile(
      'FROM golang:1.22 AS build',
      'RUN go build -o /app .',
      'FROM node:20-slim',
      'COPY --from=build /app /app',
    );
    expect(ruleCatches('GMC201', text).reason).toMatch(/^the runtime stage is based on node:20-slim/);
    // On its FROM line: code-scanning (SARIF) and GitHub annotations place it there.
    expect(ruleCatches('GMC201', text).refusals[0]?.line).toBe(3);
  });

  it('replaces a golang toolchain image used as the runtime, saying what it was', () => {
    const text = dockerfile(
      'FROM golang:1.22-alpine AS build',
      'RUN CGO_ENABLED=0 go build -o /out/app .',
      'FROM golang:1.22-alpine',
      'COPY --from=build /out/app /usr/local/bin/app',
      'ENTRYPOINT ["app"]',
    );
    const result = ruleCatches('GMC201', text);
    expect(result.status).toBe('converted');
    expect(result.output).toContain('\nFROM scratch\n');
    expect(result.output).toContain('\nENTRYPOINT ["/usr/local/bin/app"]\n');
    expect(result.changes).toContainEqual({
      code: 'GMC201',
      line: 3,
      what: 'replaced FROM golang:1.22-alpine with FROM scratch',
      why: 'the golang image is a Go toolchain of some 250 MB with a shell: a built Go binary runs without it',
    });
    // A program may run go itself (golangci-lint): said, since the Dockerfile cannot tell.
    expect(result.warnings).toEqual([
      {
        code: 'GMC201',
        line: 3,
        message:
          'the runtime was golang:1.22-alpine, a Go toolchain: a program that runs the go command (a linter, a code generator, a tool built on golang.org/x/tools/go/packages) fails on scratch, which has none; if this one does, keep the golang runtime',
      },
    ]);
  });

  it('warns that a runtime chosen by an ARG no longer follows --build-arg', () => {
    const text = dockerfile(
      'ARG RUNTIME_IMAGE=gcr.io/distroless/static:nonroot',
      'FROM --platform=${BUILDPLATFORM} golang:1.22 AS build',
      'RUN CGO_ENABLED=0 go build -o /out/app .',
      'FROM ${RUNTIME_IMAGE}',
      'COPY --from=build /out/app /app',
      'ENTRYPOINT ["/app"]',
    );
    expect(ruleCatches('GMC201', text).warnings).toContainEqual({
      code: 'GMC201',
      line: 4,
      message:
        'the runtime image was gcr.io/distroless/static:nonroot, the default of ARG RUNTIME_IMAGE; FROM scratch does not read it, so docker build --build-arg RUNTIME_IMAGE=<image> no longer changes the runtime',
    });
    const platformOnly = dockerfile(
      'ARG ALPINE_VERSION=3.20',
      'FROM golang:1.22 AS build',
      'RUN CGO_ENABLED=0 go build -o /out/app .',
      'FROM --platform=$TARGETPLATFORM alpine:${ALPINE_VERSION}',
      'COPY --from=build /out/app /app',
      'ENTRYPOINT ["/app"]',
    );
    expect(
      ruleCatches('GMC201', platformOnly).warnings.filter((warning) => warning.code === 'GMC201'),
    ).toEqual([]);
  });

  it('warns of the go command only for a toolchain runtime', () => {
    const text = dockerfile(
      'FROM golang:1.22-alpine AS build',
      'RUN CGO_ENABLED=0 go build -o /out/app .',
      'FROM alpine:3.20',
      'COPY --from=build /out/app /usr/local/bin/app',
      'ENTRYPOINT ["app"]',
    );
    expect(ruleCatches('GMC201', text).warnings.filter((warning) => warning.code === 'GMC201')).toEqual([]);
  });

  it('names an ARG with no default that names the runtime image, and what to do', () => {
    const text = dockerfile(
      'ARG RUNTIME_IMAGE',
      'FROM golang:1.22 AS build',
      'RUN CGO_ENABLED=0 go build -o /app .',
      'FROM ${RUNTIME_IMAGE}',
      'COPY --from=build /app /app',
      'CMD ["/app"]',
    );
    expect(ruleCatches('GMC201', text).refusals).toEqual([
      {
        code: 'GMC201',
        line: 4,
        message:
          'the runtime stage is based on ${RUNTIME_IMAGE}, and ARG RUNTIME_IMAGE has no default in this Dockerfile: the converter cannot tell which image it replaces; give the ARG a default (ARG RUNTIME_IMAGE=...), then rerun',
      },
    ]);
    // Written without braces, the same.
    expect(ruleCatches('GMC201', text.replace('FROM ${RUNTIME_IMAGE}', 'FROM $RUNTIME_IMAGE')).reason).toBe(
      'the runtime stage is based on $RUNTIME_IMAGE, and ARG RUNTIME_IMAGE has no default in this Dockerfile: the converter cannot tell which image it replaces; give the ARG a default (ARG RUNTIME_IMAGE=...), then rerun',
    );
    // An ARG in the tag of a known image is no obstacle: alpine is alpine whatever its version.
    expect(
      ruleCatches(
        'GMC201',
        dockerfile(
          'ARG ALPINE',
          'FROM golang:1.22 AS build',
          'RUN go build -o /app .',
          'FROM alpine:${ALPINE}',
          'COPY --from=build /app /app',
          'CMD ["/app"]',
        ),
      ).changes,
    ).toContainEqual(expect.objectContaining({ what: 'replaced FROM alpine:${ALPINE} with FROM scratch' }));
  });

  it('refuses a runtime stage built FROM another stage (FROM runtime-$TARGETOS), naming it', () => {
    const text = dockerfile(
      'ARG TARGETOS',
      'FROM golang:1.22-alpine AS build',
      'RUN CGO_ENABLED=0 go build -o /out/app .',
      'FROM alpine:3.20 AS runtime-linux',
      'RUN apk add --no-cache ca-certificates',
      'FROM runtime-${TARGETOS}',
      'COPY --from=build /out/app /app',
      'ENTRYPOINT ["/app"]',
    );
    expect(ruleCatches('GMC201', text).refusals).toEqual([
      {
        code: 'GMC201',
        line: 6,
        message:
          'the runtime stage starts FROM the stage runtime-linux (line 4), on alpine:3.20: the converter rebases a runtime stage built on an image; put the runtime steps in that one stage, then rerun',
      },
    ]);
  });

  it('does not catch a single-stage build', () => {
    ruleCatchesNot('GMC201', dockerfile('FROM golang:1.22', 'RUN go build -o /app .', 'CMD ["/app"]'));
  });
});

describe('GMC201 runtime base: what it replaces, and what it leaves', () => {
  const build = ['FROM golang:1.22 AS build', 'RUN go build -o /app .'];

  it('says why an alpine runtime goes', () => {
    expect(
      ruleCatches('GMC201', dockerfile(...build, 'FROM alpine:3.19', 'COPY --from=build /app /app')).changes,
    ).toContainEqual({
      code: 'GMC201',
      line: 3,
      what: 'replaced FROM alpine:3.19 with FROM scratch',
      why: 'the alpine runtime has a shell and packages the binary does not need',
    });
  });

  it('replaces the Red Hat UBI release bases (ubi-minimal, ubi-micro, ubi9), named by an ARG too', () => {
    for (const image of [
      'registry.access.redhat.com/ubi9/ubi-minimal:9.4',
      'registry.access.redhat.com/ubi8/ubi-micro:8.10',
      'registry.access.redhat.com/ubi9:9.4',
    ]) {
      const result = ruleCatches(
        'GMC201',
        dockerfile(
          `ARG BASE=${image}`,
          ...build,
          'FROM ${BASE}',
          'COPY --from=build /app /app',
          'CMD ["/app"]',
        ),
      );
      expect(result.status).toBe('converted');
      expect(result.output).toContain('\nFROM scratch\n');
    }
    // What microdnf installs is judged as any runtime package.
    const packages = convert(
      dockerfile(
        ...build,
        'FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4',
        'RUN microdnf install -y ca-certificates git && microdnf clean all',
        'COPY --from=build /app /app',
        'CMD ["/app"]',
      ),
    );
    expect(packages.refusals.map((refusal) => refusal.message)).toEqual([
      'line 4 installs git into the runtime image; runtime packages have no equivalent in scratch (keep an alpine or debian runtime; or, if the program never uses git, convert with --drop git)',
    ]);
    // Another language's UBI image is not one of them.
    expect(
      ruleCatches(
        'GMC201',
        dockerfile(
          ...build,
          'FROM registry.access.redhat.com/ubi9/nodejs-20',
          'COPY --from=build /app /app',
          'CMD ["/app"]',
        ),
      ).reason,
    ).toMatch(
      /^the runtime stage is based on registry\.access\.redhat\.com\/ubi9\/nodejs-20, which the converter does not know/,
    );
  });

  it('converts the stage a last stage only names (FROM ${TARGET}, FROM release AS final), not the alias', () => {
    const text = dockerfile(
      'ARG TARGET=release',
      ...build,
      'FROM alpine:3.19 AS release',
      'COPY --from=build /app /app',
      'FROM release AS final',
      'FROM ${TARGET}',
    );
    const result = ruleCatches('GMC201', text);
    expect(result.changes.find((change) => change.code === 'GMC201')?.what).toBe(
      'replaced FROM alpine:3.19 with FROM scratch',
    );
    expect(result.output).toContain('FROM scratch AS release\n');
    expect(result.output).toContain('FROM release AS final\nFROM ${TARGET}\n');
    // The alias adds an instruction: it is the image that ships, and it starts from a stage.
    expect(ruleCatches('GMC201', `${text}USER 1000\n`).reason).toMatch(
      /^the runtime stage starts FROM the stage release \(line 4\)/,
    );
  });

  it('says why a distroless base runtime goes, which has no shell', () => {
    expect(
      ruleCatches(
        'GMC201',
        dockerfile(...build, 'FROM gcr.io/distroless/base-debian12:nonroot', 'COPY --from=build /app /app'),
      ).changes.find((change) => change.code === 'GMC201')?.why,
    ).toBe(
      'the base-debian12 runtime carries glibc and the libraries of cgo programs, which the static binary does not need',
    );
  });

  it('moves distroless static to scratch with --strategy scratch, saying what is added instead', () => {
    const result = ruleCatches(
      'GMC201',
      dockerfile(
        ...build,
        'FROM gcr.io/distroless/static-debian12 AS run',
        'COPY --from=build /app /app',
        'CMD /app',
      ),
    );
    expect(result.output).toContain('\nFROM scratch AS run\n');
    expect(result.changes).toContainEqual({
      code: 'GMC201',
      line: 3,
      what: 'replaced FROM gcr.io/distroless/static-debian12 with FROM scratch',
      why: '--strategy scratch: the distroless static files the program may use (CA bundle, passwd with nonroot, /tmp, time zones) are added from the builder instead',
    });
  });

  it('leaves a stage already on the target, which the other rules fix', () => {
    expect(
      ruleCatchesNot(
        'GMC201',
        dockerfile(...build, 'FROM scratch', 'COPY --from=build /app /app', 'CMD /app'),
      ).status,
    ).toBe('converted');
    const distroless = ruleCatchesNot(
      'GMC201',
      dockerfile(
        ...build,
        'FROM gcr.io/distroless/static-debian12',
        'COPY --from=build /app /app',
        'CMD /app',
      ),
      { strategy: 'distroless' },
    );
    expect(distroless.status).toBe('converted');
  });

  it('refuses a runtime it does not know how to replace', () => {
    expect(
      ruleCatches('GMC201', dockerfile(...build, 'FROM node:20', 'COPY --from=build /app /app')).refusals,
    ).toEqual([
      {
        code: 'GMC201',
        line: 3,
        message:
          'the runtime stage is based on node:20, which the converter does not know how to replace ' +
          '(it replaces alpine, debian, ubuntu, busybox, Red Hat UBI, golang and distroless base/cc runtimes)',
      },
    ]);
  });

  it('names the ARG of a base whose default is a placeholder, and how to let the converter see the real one', () => {
    // VictoriaMetrics' shape: the Makefile passes --build-arg base_image=alpine:3.20.
    const text = dockerfile(
      'ARG base_image=non-existing',
      ...build,
      'FROM $base_image',
      'COPY --from=build /app /app',
    );
    expect(ruleCatches('GMC201', text).refusals).toEqual([
      {
        code: 'GMC201',
        line: 4,
        message:
          "the runtime stage is based on $base_image, non-existing by this file's defaults, which the converter does not know how to replace " +
          '(it replaces alpine, debian, ubuntu, busybox, Red Hat UBI, golang and distroless base/cc runtimes); ' +
          "if --build-arg base_image=... gives the real base, make that image ARG base_image's default, then rerun",
      },
    ]);
    const seen = convert(
      dockerfile(
        'ARG base_image=alpine:3.20',
        ...build,
        'FROM ${base_image}',
        'COPY --from=build /app /app',
        'CMD ["/app"]',
      ),
    );
    expect(seen.status).toBe('converted');
    expect(seen.changes).toContainEqual(
      expect.objectContaining({ code: 'GMC201', what: 'replaced FROM alpine:3.20 with FROM scratch' }),
    );
  });
});
