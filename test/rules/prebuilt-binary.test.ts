/**
 * GMC108 prebuilt binary (src/core/convert/rules/prebuilt-binary.ts): a
 * Dockerfile that only copies in a binary GoReleaser built, judged static
 * from the config's builds, or refused with the one setting to change.
 */
import { describe, expect, it } from '@jest/globals';
import { parseReleaseConfig } from '../../src/core/convert/io/release-config.js';
import type { ConvertOptions } from '../../src/core/convert/convert.js';
import type { ProgramKind } from '../../src/core/convert/facts/programs.js';
import { codesOf, convert, dockerfile } from './helpers.js';

/** The shape GoReleaser's docs show: an alpine runtime, the CA bundle, the binary copied from the context. */
const ALPINE_PREBUILT = dockerfile(
  'FROM alpine:3.20',
  'RUN apk add --no-cache ca-certificates',
  'COPY myapp /usr/bin/myapp',
  'ENTRYPOINT ["/usr/bin/myapp"]',
);

function withConfig(
  yaml: string,
  file = '.goreleaser.yaml',
  dockerfileName = 'Dockerfile',
): Partial<ConvertOptions> {
  return { releaseConfig: () => parseReleaseConfig(file, yaml, dockerfileName) };
}

function yaml(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

function refusals(
  text: string,
  options: Partial<ConvertOptions>,
): Array<[string, number | undefined, string]> {
  return convert(text, options).refusals.map(({ code, line, message }) => [code, line, message]);
}

describe('GMC108 prebuilt binary', () => {
  it('converts a binary whose build sets CGO_ENABLED=0 for linux: scratch, with the files staged on the base image', () => {
    const result = convert(
      ALPINE_PREBUILT,
      withConfig(yaml('builds:', '  - env: [CGO_ENABLED=0]', '    goos: [linux]')),
    );
    expect(result.status).toBe('converted');
    expect(result.output).toBe(
      [
        "# Added by go-microcontainer convert: what the scratch image lacks, staged on the runtime's base image for one COPY.",
        'FROM alpine:3.20 AS runtime-files',
        'RUN mkdir -p /rootfs/tmp \\',
        ' && chmod 1777 /rootfs/tmp',
        '',
        'FROM scratch',
        'COPY --from=runtime-files /rootfs/ /',
        'COPY --from=runtime-files /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt',
        'COPY myapp /usr/bin/myapp',
        'USER 65532:65532',
        'ENTRYPOINT ["/usr/bin/myapp"]',
        '',
      ].join('\n'),
    );
    expect(result.changes.filter((change) => change.code === 'GMC108')).toEqual([
      {
        code: 'GMC108',
        line: 3,
        what: 'judged /usr/bin/myapp (myapp of the build context) static from .goreleaser.yaml: builds[0] sets CGO_ENABLED=0 (.goreleaser.yaml line 2), for linux, with no -linkmode external or -buildmode pie',
        why: 'the binary is built by GoReleaser outside this Dockerfile; a Go build with CGO_ENABLED=0 that links internally is static, and scratch runs it',
      },
    ]);
  });

  it('takes CGO_ENABLED=0 from the top-level env:, and says so', () => {
    const result = convert(
      ALPINE_PREBUILT,
      withConfig(
        yaml(
          'version: 2',
          'project_name: myapp',
          'env:',
          '  - CGO_ENABLED=0',
          'builds:',
          '  - id: server',
          '    main: ./cmd/myapp',
          '    flags: [-trimpath]',
          '    ldflags:',
          '      - -s -w -X main.version={{.Version}} -X main.commit={{ .ShortCommit }}',
        ),
      ),
    );
    expect(result.status).toBe('converted');
    expect(result.changes.find((change) => change.code === 'GMC108')?.what).toBe(
      'judged /usr/bin/myapp (myapp of the build context) static from .goreleaser.yaml: builds[server] gets CGO_ENABLED=0 from the top-level env: (.goreleaser.yaml line 4), for linux, with no -linkmode external or -buildmode pie',
    );
  });

  it('picks the build the dockers entry for this Dockerfile selects with ids, and the one that makes the binary by name', () => {
    const config = yaml(
      'builds:',
      '  - id: cli',
      '    binary: myctl',
      '    env: [CGO_ENABLED=1]',
      '  - id: server',
      '    binary: myapp',
      '    env: [CGO_ENABLED=0]',
      'dockers:',
      '  - ids: [server]',
      '    dockerfile: Dockerfile',
      '    image_templates: ["example/myapp:{{ .Tag }}"]',
    );
    expect(convert(ALPINE_PREBUILT, withConfig(config)).status).toBe('converted');
    // Without ids, the binary's name still tells the builds apart.
    expect(
      convert(ALPINE_PREBUILT, withConfig(config.replace('  - ids: [server]\n', '  - goos: linux\n'))).status,
    ).toBe('converted');
  });

  it('refuses a build with no CGO_ENABLED, naming the build and what to add', () => {
    expect(refusals(ALPINE_PREBUILT, withConfig(yaml('builds:', '  - goos: [linux]')))).toEqual([
      [
        'GMC108',
        3,
        "CGO_ENABLED is not set for builds[0] in .goreleaser.yaml: GoReleaser then leaves cgo to Go's default, which is on for a native linux build where a C compiler is found, and makes a dynamically linked binary: add env: [CGO_ENABLED=0] to builds[0] in .goreleaser.yaml",
      ],
    ]);
  });

  it('refuses CGO_ENABLED=1, -buildmode=pie, buildmode: c-shared and -linkmode external, each with its line', () => {
    const refused = (...build: string[]) =>
      refusals(ALPINE_PREBUILT, withConfig(yaml('builds:', '  - id: app', '    binary: myapp', ...build)));
    expect(refused('    env: [CGO_ENABLED=1]')).toEqual([
      [
        'GMC108',
        3,
        'builds[app] sets CGO_ENABLED=1 (.goreleaser.yaml line 4): a cgo binary needs the C library scratch does not have; set CGO_ENABLED=0 in .goreleaser.yaml if the program builds without cgo',
      ],
    ]);
    expect(
      refused('    env: [CGO_ENABLED=0]', '    flags:', '      - -trimpath', '      - -buildmode=pie'),
    ).toEqual([
      [
        'GMC108',
        3,
        'builds[app] builds with -buildmode=pie (.goreleaser.yaml line 7), which makes a dynamically linked binary: remove it from the flags: in its config',
      ],
    ]);
    expect(refused('    env: [CGO_ENABLED=0]', '    buildmode: c-shared')).toEqual([
      [
        'GMC108',
        3,
        'builds[app] has buildmode: c-shared (.goreleaser.yaml line 5), which makes a dynamically linked binary (or no program at all): remove it from .goreleaser.yaml',
      ],
    ]);
    expect(
      refused('    env: [CGO_ENABLED=0]', '    ldflags: -s -w -linkmode external -extldflags "-static"'),
    ).toEqual([
      [
        'GMC108',
        3,
        'builds[app] links with -linkmode external (.goreleaser.yaml line 5): the external linker makes a dynamically linked binary; remove it from ldflags: in .goreleaser.yaml',
      ],
    ]);
  });

  it('treats a template it cannot resolve as unknown, never as static', () => {
    expect(
      refusals(
        ALPINE_PREBUILT,
        withConfig(yaml('builds:', '  - env:', '      - CGO_ENABLED={{ .Env.CGO }}')),
      ),
    ).toEqual([
      [
        'GMC108',
        3,
        'CGO_ENABLED={{ .Env.CGO }} (.goreleaser.yaml line 3) is a template the converter cannot resolve, so whether builds[0] is static is unknown: write CGO_ENABLED=0 in .goreleaser.yaml',
      ],
    ]);
    expect(
      refusals(
        ALPINE_PREBUILT,
        withConfig(
          yaml('builds:', '  - env: [CGO_ENABLED=0]', '    ldflags:', '      - "{{ .Env.LDFLAGS }}"'),
        ),
      ),
    ).toEqual([
      [
        'GMC108',
        3,
        'the ldflags entry {{ .Env.LDFLAGS }} of builds[0] (.goreleaser.yaml line 4) holds a template the converter cannot resolve, which could hold -linkmode external: write those flags out (templates are fine in -X values), then rerun',
      ],
    ]);
    expect(
      refusals(
        ALPINE_PREBUILT,
        withConfig(yaml('env:', '  - "{{ .Env.BUILD_ENV }}"', 'builds:', '  - goos: [linux]')),
      ),
    ).toEqual([
      [
        'GMC108',
        3,
        'the env entry {{ .Env.BUILD_ENV }} (.goreleaser.yaml line 2) is a template the converter cannot resolve, and it may set CGO_ENABLED: add CGO_ENABLED=0 to the env: of builds[0] in .goreleaser.yaml',
      ],
    ]);
  });

  it('refuses an ambiguous choice between builds that disagree, asking for ids', () => {
    const config = yaml(
      'builds:',
      '  - id: static',
      '    env: [CGO_ENABLED=0]',
      '  - id: cgo',
      '    env: [CGO_ENABLED=1]',
    );
    expect(refusals(ALPINE_PREBUILT, withConfig(config))).toEqual([
      [
        'GMC108',
        3,
        'several builds of .goreleaser.yaml could make myapp (builds[static], builds[cgo]), and not all of them are known static: name the one the image ships with ids: [<id>] in the dockers entry for Dockerfile, or give each build its own binary: name (builds[cgo]: builds[cgo] sets CGO_ENABLED=1 (.goreleaser.yaml line 5): a cgo binary needs the C library scratch does not have; set CGO_ENABLED=0 in .goreleaser.yaml if the program builds without cgo)',
      ],
    ]);
    // Several builds that are all static: whichever it is, the binary is static.
    expect(
      convert(ALPINE_PREBUILT, withConfig(config.replace('CGO_ENABLED=1', 'CGO_ENABLED=0'))).status,
    ).toBe('converted');
  });

  it('refuses a binary no build makes, and a build that is not for linux', () => {
    expect(
      refusals(ALPINE_PREBUILT, withConfig(yaml('builds:', '  - binary: other', '    env: [CGO_ENABLED=0]'))),
    ).toEqual([
      [
        'GMC108',
        3,
        'line 3 copies myapp, and no build of .goreleaser.yaml makes a binary of that name (they make other (builds[0])): set binary: myapp on the build that makes it, then rerun',
      ],
    ]);
    expect(
      refusals(
        ALPINE_PREBUILT,
        withConfig(yaml('builds:', '  - env: [CGO_ENABLED=0]', '    goos: [darwin, windows]')),
      ),
    ).toEqual([
      [
        'GMC108',
        3,
        'builds[0] builds for goos darwin, windows, not linux: add linux to its goos: in .goreleaser.yaml',
      ],
    ]);
  });

  it('refuses a config that does not parse, with the parser line', () => {
    expect(
      refusals(ALPINE_PREBUILT, withConfig(yaml('builds:', '  - env: [CGO_ENABLED=0', '    goos: linux'))),
    ).toEqual([
      [
        'GMC108',
        3,
        '.goreleaser.yaml does not parse as YAML (line 3): Flow sequence in block collection must be sufficiently indented and end with a ] at line 3, column 5; fix it, then rerun',
      ],
    ]);
  });

  it('refuses a runtime tzdata install unless the build embeds timetzdata', () => {
    const text = dockerfile(
      'FROM alpine:3.20',
      'RUN apk add --no-cache ca-certificates tzdata',
      'COPY myapp /usr/bin/myapp',
      'ENTRYPOINT ["/usr/bin/myapp"]',
    );
    expect(refusals(text, withConfig(yaml('builds:', '  - env: [CGO_ENABLED=0]')))).toEqual([
      [
        'GMC108',
        3,
        'line 2 installs tzdata, which scratch lacks, and the converter cannot add -tags timetzdata to a build outside the Dockerfile: add -tags=timetzdata to the flags: of builds[0] in .goreleaser.yaml, then rerun',
      ],
    ]);
    expect(
      convert(text, withConfig(yaml('builds:', '  - env: [CGO_ENABLED=0]', '    flags: [-tags=timetzdata]')))
        .status,
    ).toBe('converted');
  });

  it('names every reason: a runtime package is listed before the build config', () => {
    const text = dockerfile(
      'FROM alpine:3.20',
      'RUN apk add --no-cache ffmpeg',
      'COPY myapp /usr/bin/myapp',
      'ENTRYPOINT ["/usr/bin/myapp"]',
    );
    expect(codesOf(convert(text, withConfig(yaml('builds:', '  - goos: [linux]'))))).toEqual([
      'GMC202',
      'GMC108',
    ]);
  });

  it('with no config, stays GMC003 and says a prebuilt binary cannot be judged without one', () => {
    expect(refusals(ALPINE_PREBUILT, { releaseConfig: () => ({ kind: 'absent' }) })).toEqual([
      [
        'GMC003',
        3,
        "/usr/bin/myapp (copied from myapp of the build context at line 3) is a prebuilt binary, and this file has no Go build (no go build, go install or go run) that shows how it is made: a binary built elsewhere can be judged static only from its build config; put the .goreleaser.yaml (or .ko.yaml, .promu.yml) that builds it, with CGO_ENABLED=0, next to the Dockerfile or at the repository's root, or the binary itself, then rerun",
      ],
    ]);
  });

  it('finds the binary an ENTRYPOINT written before its COPY starts, and names the ARG that gives its name', () => {
    // VictoriaMetrics' shape: ENTRYPOINT first, the binary's name and the base from --build-arg.
    const text = dockerfile(
      'FROM alpine:3.20',
      'EXPOSE 8429',
      'ENTRYPOINT ["/vmagent-prod"]',
      'ARG src_binary=non-existing',
      'COPY $src_binary ./vmagent-prod',
    );
    expect(refusals(text, { releaseConfig: () => ({ kind: 'absent' }) })).toEqual([
      [
        'GMC003',
        5,
        "/vmagent-prod (copied from $src_binary of the build context at line 5; non-existing by this file's defaults) is a prebuilt binary, and this file has no Go build (no go build, go install or go run) that shows how it is made: a binary built elsewhere can be judged static only from its build config; put the .goreleaser.yaml (or .ko.yaml, .promu.yml) that builds it, with CGO_ENABLED=0, next to the Dockerfile or at the repository's root, or the binary itself, then rerun",
      ],
    ]);
    const judged = convert(
      text.replace('non-existing', 'vmagent-prod'),
      withConfig(yaml('builds:', '  - binary: vmagent-prod', '    env: [CGO_ENABLED=0]')),
    );
    expect(judged.status).toBe('converted');
    expect(judged.output).toContain('FROM scratch\n');
    expect(judged.output).toContain('ENTRYPOINT ["/vmagent-prod"]\n');
  });

  it('lets the binary itself decide when it is in the context: static converts, dynamic is refused whatever the config', () => {
    const program = (kind: ProgramKind) => (path: string) => (path === 'myapp' ? kind : undefined);
    const dynamic = convert(ALPINE_PREBUILT, {
      contextProgram: program({ kind: 'dynamic', loader: '/lib/ld-musl-x86_64.so.1' }),
      ...withConfig(yaml('builds:', '  - env: [CGO_ENABLED=0]')),
    });
    expect(dynamic.refusals).toEqual([
      {
        code: 'GMC207',
        line: 4,
        message:
          'line 4 starts /usr/bin/myapp, copied from myapp of the build context at line 3, a dynamically linked binary (it asks for the loader /lib/ld-musl-x86_64.so.1): scratch has no loader; build it with CGO_ENABLED=0',
      },
    ]);
    const staticFile = convert(ALPINE_PREBUILT, { contextProgram: program({ kind: 'static' }) });
    expect(staticFile.status).toBe('converted');
    expect(staticFile.changes.find((change) => change.code === 'GMC108')?.what).toBe(
      'judged /usr/bin/myapp (myapp of the build context) static from the file itself: its ELF header asks for no loader',
    );
  });

  it('does not take an entrypoint script for a prebuilt binary, nor read the config for a file with a Go build', () => {
    let reads = 0;
    const counting: Partial<ConvertOptions> = {
      releaseConfig: () => {
        reads++;
        return parseReleaseConfig('.goreleaser.yaml', 'builds: [{env: [CGO_ENABLED=0]}]\n', 'Dockerfile');
      },
    };
    const script = convert(
      dockerfile('FROM alpine:3.20', 'COPY docker-entrypoint.sh /', 'ENTRYPOINT ["/docker-entrypoint.sh"]'),
      counting,
    );
    // The script is the reason to change first (GMC207); "no Go build" follows it.
    expect(codesOf(script)).toEqual(['GMC207', 'GMC003']);
    convert(
      dockerfile(
        'FROM golang:1.22 AS build',
        'RUN go build -o /out/app .',
        'FROM alpine:3.20',
        'COPY --from=build /out/app /app',
        'CMD ["/app"]',
      ),
      counting,
    );
    expect(reads).toBe(0);
  });

  it('stages the CA bundle on a debian base by installing ca-certificates there, and keeps a copy into a folder in it', () => {
    const result = convert(
      dockerfile(
        'FROM debian:bookworm-slim AS runtime',
        'RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*',
        'COPY myapp /usr/local/bin',
        'ENTRYPOINT ["myapp"]',
      ),
      withConfig(yaml('builds:', '  - env: [CGO_ENABLED=0]')),
    );
    expect(result.output).toBe(
      [
        "# Added by go-microcontainer convert: what the scratch image lacks, staged on the runtime's base image for one COPY.",
        'FROM debian:bookworm-slim AS runtime-files',
        'RUN apt-get update \\',
        ' && apt-get install -y --no-install-recommends ca-certificates \\',
        ' && rm -rf /var/lib/apt/lists/* \\',
        ' && mkdir -p /rootfs/tmp \\',
        ' && chmod 1777 /rootfs/tmp',
        '',
        'FROM scratch AS runtime',
        'COPY --from=runtime-files /rootfs/ /',
        'COPY --from=runtime-files /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt',
        'COPY myapp /usr/local/bin/',
        'USER 65532:65532',
        'ENTRYPOINT ["/usr/local/bin/myapp"]',
        '',
      ].join('\n'),
    );
  });

  it('.ko.yaml: ko builds with CGO_ENABLED=0 unless told otherwise, naming the binary after its main package', () => {
    const ko = (...lines: string[]): Partial<ConvertOptions> => ({
      modulePath: 'example.com/myapp',
      releaseConfig: () => parseReleaseConfig('.ko.yaml', yaml(...lines), 'Dockerfile', 'ko'),
    });
    const result = convert(
      ALPINE_PREBUILT,
      ko(
        'defaultBaseImage: cgr.dev/chainguard/static',
        'builds:',
        '  - id: app',
        '    main: ./cmd/myapp',
        '    flags: [-trimpath]',
      ),
    );
    expect(result.status).toBe('converted');
    expect(result.changes.find((change) => change.code === 'GMC108')).toEqual({
      code: 'GMC108',
      line: 3,
      what: 'judged /usr/bin/myapp (myapp of the build context) static from .ko.yaml: builds[app] (.ko.yaml line 3) sets no CGO_ENABLED, and ko builds with CGO_ENABLED=0 unless told otherwise, for linux, with no -linkmode external or -buildmode pie',
      why: 'the binary is built as ko builds it outside this Dockerfile; a Go build with CGO_ENABLED=0 that links internally is static, and scratch runs it',
    });
    // No builds: ko builds the module's own main package, named after the module.
    expect(convert(ALPINE_PREBUILT, ko('defaultBaseImage: cgr.dev/chainguard/static')).status).toBe(
      'converted',
    );
    expect(
      refusals(
        ALPINE_PREBUILT,
        ko('builds:', '  - id: app', '    main: ./cmd/myapp', '    env: [CGO_ENABLED=1]'),
      ),
    ).toEqual([
      [
        'GMC108',
        3,
        'builds[app] sets CGO_ENABLED=1 (.ko.yaml line 4): a cgo binary needs the C library scratch does not have; set CGO_ENABLED=0 in .ko.yaml if the program builds without cgo',
      ],
    ]);
    expect(refusals(ALPINE_PREBUILT, ko('builds:', '  - id: tool', '    main: ./cmd/tool'))).toEqual([
      [
        'GMC108',
        3,
        'line 3 copies myapp, and no build of .ko.yaml makes a binary of that name (they make tool (builds[tool])): ko names a binary after its main package; give the build whose main is the myapp package an entry in builds:, then rerun',
      ],
    ]);
  });

  it('refuses a base with no package manager it knows to stage the files on, pointing at --strategy distroless', () => {
    const text = dockerfile(
      'FROM gcr.io/distroless/base-debian12',
      'COPY myapp /myapp',
      'ENTRYPOINT ["/myapp"]',
    );
    const config = withConfig(yaml('builds:', '  - env: [CGO_ENABLED=0]'));
    expect(refusals(text, config)).toEqual([
      [
        'GMC209',
        1,
        'the image ships a prebuilt binary on gcr.io/distroless/base-debian12, and what scratch lacks (the CA bundle, /tmp) is staged on that base image, whose package manager the converter does not know: convert with --strategy distroless (distroless static has both), or use an alpine or debian runtime stage, then rerun',
      ],
    ]);
    expect(convert(text, { strategy: 'distroless', ...config }).output).toBe(
      dockerfile(
        'FROM gcr.io/distroless/static-debian12:nonroot',
        'COPY myapp /myapp',
        'USER 65532:65532',
        'ENTRYPOINT ["/myapp"]',
      ),
    );
  });

  it('with --strategy distroless, ships on distroless static with no files stage', () => {
    const result = convert(ALPINE_PREBUILT, {
      strategy: 'distroless',
      ...withConfig(yaml('builds:', '  - env: [CGO_ENABLED=0]')),
    });
    expect(result.status).toBe('converted');
    expect(result.output).not.toContain('runtime-files');
    expect(result.output).toMatch(/^FROM gcr\.io\/distroless\/static-debian\d+:nonroot\n/);
  });

  it('takes the binary from the COPY that names it, not from a later COPY of a file into the same folder', () => {
    const text = dockerfile(
      'FROM alpine:3.20',
      'WORKDIR /srv',
      'COPY mailer .',
      'COPY config-demo.toml .',
      'CMD ["./mailer"]',
    );
    // config-demo.toml is a file of the context (read as "other"); the binary is not there yet (GoReleaser makes it).
    const options: Partial<ConvertOptions> = {
      ...withConfig(yaml('builds:', '  - binary: mailer', '    env: [CGO_ENABLED=0]')),
      contextProgram: (path) => (path === 'config-demo.toml' ? { kind: 'other' } : undefined),
    };
    const result = convert(text, options);
    expect(result.status).toBe('converted');
    expect(result.changes.find((change) => change.code === 'GMC108')).toMatchObject({
      line: 3,
      what: expect.stringMatching(/^judged \/srv\/mailer \(mailer of the build context\) static/),
    });
  });

  describe('what the review of its mutants found untested (issue 13)', () => {
    const refusedBy = (yamlText: string, text = ALPINE_PREBUILT) => refusals(text, withConfig(yamlText));
    const statusOf = (yamlText: string, text = ALPINE_PREBUILT) => convert(text, withConfig(yamlText)).status;
    const gmc108 = (message: string): Array<[string, number | undefined, string]> => [['GMC108', 3, message]];

    it('refuses a config it could not read, naming the binary, and one whose parser gave no line', () => {
      expect(
        refusals(ALPINE_PREBUILT, {
          releaseConfig: () => ({
            kind: 'refused',
            file: '.goreleaser.yaml',
            reason: 'a link out of the build context',
          }),
        }),
      ).toEqual(
        gmc108(
          '.goreleaser.yaml could not be read (a link out of the build context), so /usr/bin/myapp (copied from myapp of the build context at line 3) cannot be judged static',
        ),
      );
      expect(
        refusals(ALPINE_PREBUILT, {
          releaseConfig: () => ({
            kind: 'unparsable',
            file: '.goreleaser.yaml',
            line: undefined,
            message: 'more than 100 aliases',
          }),
        }),
      ).toEqual(gmc108('.goreleaser.yaml does not parse as YAML: more than 100 aliases; fix it, then rerun'));
    });

    it('refuses a config not shaped as GoReleaser reads it, with its line', () => {
      expect(refusedBy(yaml('project_name: myapp', 'builds: myapp'))).toEqual(
        gmc108(
          'builds: is not a list of builds (.goreleaser.yaml line 2), so the converter cannot tell how GoReleaser builds /usr/bin/myapp (copied from myapp of the build context at line 3): fix it, then rerun',
        ),
      );
    });

    it('reports a binary judged from the file itself with why scratch runs it', () => {
      const result = convert(ALPINE_PREBUILT, {
        contextProgram: (path) => (path === 'myapp' ? { kind: 'static' } : undefined),
      });
      expect(result.changes.filter((change) => change.code === 'GMC108')).toEqual([
        {
          code: 'GMC108',
          line: 3,
          what: 'judged /usr/bin/myapp (myapp of the build context) static from the file itself: its ELF header asks for no loader',
          why: 'the binary is built outside this Dockerfile; scratch runs it because it is static',
        },
      ]);
    });

    it('names every static build that could make the binary, each with the line of its CGO_ENABLED=0', () => {
      const result = convert(
        ALPINE_PREBUILT,
        withConfig(
          yaml(
            'builds:',
            '  - id: server',
            '    binary: myapp',
            '    env: [CGO_ENABLED=0]',
            '  - id: debug',
            '    binary: myapp',
            '    env:',
            '      - CGO_ENABLED=0',
          ),
        ),
      );
      expect(result.changes.find((change) => change.code === 'GMC108')?.what).toBe(
        'judged /usr/bin/myapp (myapp of the build context) static from .goreleaser.yaml: builds[server] sets CGO_ENABLED=0 (.goreleaser.yaml line 4); builds[debug] sets CGO_ENABLED=0 (.goreleaser.yaml line 8), for linux, with no -linkmode external or -buildmode pie',
      );
    });

    it('matches a binary copied from a folder of the context (dockers_v2: linux/amd64/myapp) by its file name', () => {
      const result = convert(
        dockerfile(
          'FROM alpine:3.20',
          'COPY linux/amd64/myapp /usr/bin/myapp',
          'ENTRYPOINT ["/usr/bin/myapp"]',
        ),
        withConfig(yaml('builds:', '  - binary: myapp', '    env: [CGO_ENABLED=0]')),
      );
      expect(result.status).toBe('converted');
      expect(result.changes.find((change) => change.code === 'GMC108')?.what).toBe(
        'judged /usr/bin/myapp (linux/amd64/myapp of the build context) static from .goreleaser.yaml: builds[0] sets CGO_ENABLED=0 (.goreleaser.yaml line 3), for linux, with no -linkmode external or -buildmode pie',
      );
    });

    it('refuses a copied name that holds a variable with no default', () => {
      const text = dockerfile(
        'FROM alpine:3.20',
        'ARG BINARY',
        'COPY ${BINARY} /usr/bin/myapp',
        'ENTRYPOINT ["/usr/bin/myapp"]',
      );
      expect(refusedBy(yaml('builds:', '  - env: [CGO_ENABLED=0]'), text)).toEqual(
        gmc108(
          'line 3 copies ${BINARY}, whose name holds a variable with no default in this Dockerfile: the converter cannot tell which build of .goreleaser.yaml makes it; give the ARG a default, then rerun',
        ),
      );
    });

    /** Two builds that both make myapp: only the static one is fine. */
    const TWO_BUILDS = [
      'builds:',
      '  - id: cli',
      '    binary: myapp',
      '    env: [CGO_ENABLED=1]',
      '  - id: server',
      '    binary: myapp',
      '    env: [CGO_ENABLED=0]',
    ];
    const AMBIGUOUS =
      'several builds of .goreleaser.yaml could make myapp (builds[cli], builds[server]), and not all of them are known static: name the one the image ships with ids: [<id>] in the dockers entry for Dockerfile, or give each build its own binary: name (builds[cli]: builds[cli] sets CGO_ENABLED=1 (.goreleaser.yaml line 4): a cgo binary needs the C library scratch does not have; set CGO_ENABLED=0 in .goreleaser.yaml if the program builds without cgo)';

    it('reads ids only from the dockers entries for this Dockerfile (./Dockerfile is the same file)', () => {
      const config = yaml(
        ...TWO_BUILDS,
        'dockers:',
        '  - ids: [cli]',
        '    dockerfile: Dockerfile.cli',
        '  - ids: [server]',
        '    dockerfile: ./Dockerfile',
      );
      expect(statusOf(config)).toBe('converted');
      // With no entry for this Dockerfile, every build's binary is in its context.
      expect(refusedBy(config.replace('./Dockerfile', 'Dockerfile.server'))).toEqual(gmc108(AMBIGUOUS));
    });

    it('takes every build when one entry for this Dockerfile has no ids, or an empty list', () => {
      expect(
        refusedBy(
          yaml(
            ...TWO_BUILDS,
            'dockers:',
            '  - ids: [server]',
            '  - dockerfile: Dockerfile',
            '    goarch: arm64',
          ),
        ),
      ).toEqual(gmc108(AMBIGUOUS));
      // GoReleaser filters by ids only when the list holds some.
      expect(refusedBy(yaml(...TWO_BUILDS, 'dockers:', '  - ids: []'))).toEqual(gmc108(AMBIGUOUS));
      expect(
        statusOf(yaml('builds:', '  - binary: myapp', '    env: [CGO_ENABLED=0]', 'dockers:', '  - ids: []')),
      ).toBe('converted');
    });

    it("gives a build with no id the project's name, as GoReleaser does", () => {
      const oneBuild = (...top: string[]) =>
        yaml(
          ...top,
          'builds:',
          '  - binary: myapp',
          '    env: [CGO_ENABLED=0]',
          'dockers:',
          '  - ids: [myapp]',
        );
      // project_name given: the build's id is it.
      expect(statusOf(oneBuild('project_name: myapp'))).toBe('converted');
      expect(refusedBy(oneBuild('project_name: other'))).toEqual(
        gmc108(
          'the dockers entry for Dockerfile selects ids: myapp (.goreleaser.yaml line 6), and no build of .goreleaser.yaml has those ids',
        ),
      );
      // No project_name (the repository's name): the one build with no id is the one the one id names.
      expect(statusOf(oneBuild())).toBe('converted');
      // Two builds with no id: which one the id names is not known.
      expect(
        refusedBy(
          yaml(
            'builds:',
            '  - binary: myapp',
            '    env: [CGO_ENABLED=0]',
            '  - binary: myctl',
            '    env: [CGO_ENABLED=0]',
            'dockers:',
            '  - ids: [myapp]',
            '  - ids: [myapp]',
          ),
        ),
      ).toEqual(
        gmc108(
          'the dockers entry for Dockerfile selects ids: myapp (.goreleaser.yaml line 7), and no build of .goreleaser.yaml has those ids',
        ),
      );
    });

    it('selects by ids: a template refused, unknown ids refused, known ids among unknown ones kept', () => {
      const withIds = (ids: string) => yaml(...TWO_BUILDS, 'dockers:', `  - ids: ${ids}`);
      expect(refusedBy(withIds('["{{ .Env.IMAGE_IDS }}"]'))).toEqual(
        gmc108(
          'the dockers entry for Dockerfile selects its builds with ids: {{ .Env.IMAGE_IDS }} (.goreleaser.yaml line 9), a template the converter cannot resolve; write the build ids out, then rerun',
        ),
      );
      expect(refusedBy(withIds('[api, worker]'))).toEqual(
        gmc108(
          'the dockers entry for Dockerfile selects ids: api, worker (.goreleaser.yaml line 9), and no build of .goreleaser.yaml has those ids',
        ),
      );
      expect(statusOf(withIds('[server, worker]'))).toBe('converted');
      expect(statusOf(withIds('[server]'))).toBe('converted');
      expect(refusedBy(withIds('[cli]'))).toEqual(
        gmc108(
          'builds[cli] sets CGO_ENABLED=1 (.goreleaser.yaml line 4): a cgo binary needs the C library scratch does not have; set CGO_ENABLED=0 in .goreleaser.yaml if the program builds without cgo',
        ),
      );
      // Two ids, one of a build that makes another binary: the one that makes myapp is judged.
      expect(
        statusOf(
          yaml(
            'builds:',
            '  - id: cli',
            '    binary: myctl',
            '    env: [CGO_ENABLED=1]',
            '  - id: server',
            '    binary: myapp',
            '    env: [CGO_ENABLED=0]',
            'dockers:',
            '  - ids: [cli, server]',
          ),
        ),
      ).toBe('converted');
    });

    it('skips a build with skip: true', () => {
      expect(
        statusOf(
          yaml(
            'builds:',
            '  - id: old',
            '    binary: myapp',
            '    skip: true',
            '    env: [CGO_ENABLED=1]',
            '  - id: server',
            '    binary: myapp',
            '    env: [CGO_ENABLED=0]',
          ),
        ),
      ).toBe('converted');
      expect(refusedBy(yaml('builds:', '  - skip: true', '    env: [CGO_ENABLED=0]'))).toEqual(
        gmc108(
          'line 3 copies myapp, and no build of .goreleaser.yaml makes a binary of that name (they make nothing): set binary: myapp on the build that makes it, then rerun',
        ),
      );
    });

    it('judges the default build of a config with no builds:, named after the project', () => {
      const config = yaml('project_name: myapp', 'env:', '  - CGO_ENABLED=0');
      expect(
        convert(ALPINE_PREBUILT, withConfig(config)).changes.find((c) => c.code === 'GMC108')?.what,
      ).toBe(
        'judged /usr/bin/myapp (myapp of the build context) static from .goreleaser.yaml: the default build (no builds: in the file) gets CGO_ENABLED=0 from the top-level env: (.goreleaser.yaml line 3), for linux, with no -linkmode external or -buildmode pie',
      );
    });

    it('names the binary after the project, also through {{ .ProjectName }} in binary:, and lists what each build makes', () => {
      const NOT_MADE = (made: string) =>
        gmc108(
          `line 3 copies myapp, and no build of .goreleaser.yaml makes a binary of that name (they make ${made}): set binary: myapp on the build that makes it, then rerun`,
        );
      expect(refusedBy(yaml('project_name: tool', 'builds:', '  - env: [CGO_ENABLED=0]'))).toEqual(
        NOT_MADE('tool (builds[0])'),
      );
      for (const binary of ['"{{ .ProjectName }}"', '"{{.ProjectName}}"', '"{{- .ProjectName -}}"'])
        expect(
          refusedBy(
            yaml('project_name: tool', 'builds:', '  - env: [CGO_ENABLED=0]', `    binary: ${binary}`),
          ),
        ).toEqual(NOT_MADE('tool (builds[0])'));
      expect(
        refusedBy(
          yaml(
            'builds:',
            '  - binary: other',
            '    env: [CGO_ENABLED=0]',
            '  - id: tool',
            '    binary: bin/tool',
          ),
        ),
      ).toEqual(NOT_MADE('other (builds[0]), tool (builds[tool])'));
      // A name a template hides (the project's, when project_name is not set) may be the one: the build is judged.
      expect(
        statusOf(yaml('builds:', '  - binary: "bin/{{ .ProjectName }}"', '    env: [CGO_ENABLED=0]')),
      ).toBe('converted');
      expect(statusOf(yaml('builds:', '  - binary: "{{ .Env.BINARY }}"', '    env: [CGO_ENABLED=0]'))).toBe(
        'converted',
      );
      expect(
        statusOf(
          yaml(
            'project_name: myapp',
            'builds:',
            '  - binary: "{{ .ProjectName }}"',
            '    env: [CGO_ENABLED=0]',
          ),
        ),
      ).toBe('converted');
    });

    it('refuses builds that all could make the binary and are all dynamic, each with its reason', () => {
      expect(
        refusedBy(
          yaml('builds:', '  - id: a', '    env: [CGO_ENABLED=1]', '  - id: b', '    env: [CGO_ENABLED=1]'),
        ),
      ).toEqual([
        [
          'GMC108',
          3,
          'builds[a] sets CGO_ENABLED=1 (.goreleaser.yaml line 3): a cgo binary needs the C library scratch does not have; set CGO_ENABLED=0 in .goreleaser.yaml if the program builds without cgo',
        ],
        [
          'GMC108',
          3,
          'builds[b] sets CGO_ENABLED=1 (.goreleaser.yaml line 5): a cgo binary needs the C library scratch does not have; set CGO_ENABLED=0 in .goreleaser.yaml if the program builds without cgo',
        ],
      ]);
      expect(
        refusedBy(
          yaml(
            'builds:',
            '  - id: a',
            '    env: [CGO_ENABLED=0]',
            '  - id: b',
            '    env: [CGO_ENABLED=1]',
            '  - id: c',
            '    goos: [linux]',
          ),
        ),
      ).toEqual(
        gmc108(
          "several builds of .goreleaser.yaml could make myapp (builds[a], builds[b], builds[c]), and not all of them are known static: name the one the image ships with ids: [<id>] in the dockers entry for Dockerfile, or give each build its own binary: name (builds[b]: builds[b] sets CGO_ENABLED=1 (.goreleaser.yaml line 5): a cgo binary needs the C library scratch does not have; set CGO_ENABLED=0 in .goreleaser.yaml if the program builds without cgo; builds[c]: CGO_ENABLED is not set for builds[c] in .goreleaser.yaml: GoReleaser then leaves cgo to Go's default, which is on for a native linux build where a C compiler is found, and makes a dynamically linked binary: add env: [CGO_ENABLED=0] to builds[c] in .goreleaser.yaml)",
        ),
      );
    });

    const build = (...lines: string[]) =>
      yaml('builds:', '  - id: app', '    env: [CGO_ENABLED=0]', ...lines);

    it('refuses every buildmode that links dynamically or makes no program, and converts buildmode exe', () => {
      for (const mode of ['c-archive', 'shared', 'plugin'])
        expect(refusedBy(build(`    buildmode: ${mode}`))).toEqual(
          gmc108(
            `builds[app] has buildmode: ${mode} (.goreleaser.yaml line 4), which makes a dynamically linked binary (or no program at all): remove it from .goreleaser.yaml`,
          ),
        );
      expect(statusOf(build('    buildmode: exe'))).toBe('converted');
      expect(refusedBy(build('    buildmode: "{{ .Env.BUILDMODE }}"'))).toEqual(
        gmc108(
          'buildmode: {{ .Env.BUILDMODE }} of builds[app] (.goreleaser.yaml line 4) is a template the converter cannot resolve: write it out',
        ),
      );
    });

    it('refuses the go build flags that need cgo or a dynamic link, with two dashes too', () => {
      const refusedFlag = (flag: string, which: string) =>
        expect(refusedBy(build('    flags:', `      - ${flag}`))).toEqual(
          gmc108(
            `builds[app] builds with ${which} (.goreleaser.yaml line 5), which ${
              {
                '-linkshared': 'links against shared Go libraries',
                '-race': 'needs cgo (the race detector)',
                '-msan': 'needs cgo (the memory sanitizer)',
                '-asan': 'needs cgo (the address sanitizer)',
              }[which]
            }: remove it from the flags: in its config`,
          ),
        );
      refusedFlag('-linkshared', '-linkshared');
      refusedFlag('-race', '-race');
      refusedFlag('-msan', '-msan');
      refusedFlag('-asan', '-asan');
      refusedFlag('--race', '-race');
    });

    it('reads -buildmode, -tags and -ldflags in flags: with = or as two entries, and refuses a template in a flag', () => {
      expect(refusedBy(build('    flags: [-buildmode, plugin]'))).toEqual(
        gmc108(
          'builds[app] builds with -buildmode=plugin (.goreleaser.yaml line 4), which makes a dynamically linked binary: remove it from the flags: in its config',
        ),
      );
      expect(statusOf(build('    flags: [-buildmode=exe]'))).toBe('converted');
      expect(refusedBy(build('    flags: ["-buildmode={{ .Env.MODE }}"]'))).toEqual(
        gmc108(
          '-buildmode in the flags of builds[app] (.goreleaser.yaml line 4) is a template the converter cannot resolve: write it out',
        ),
      );
      const linksExternally = gmc108(
        'builds[app] links with -linkmode external (.goreleaser.yaml line 4): remove it from the flags: in its config',
      );
      expect(refusedBy(build('    flags: [-ldflags=-linkmode=external]'))).toEqual(linksExternally);
      // Only -ldflags reads its value: the -trimpath before it is no reason of its own.
      expect(
        refusedBy(build('    flags:', '      - -trimpath', '      - -ldflags=-s -linkmode external')),
      ).toEqual(
        gmc108(
          'builds[app] links with -linkmode external (.goreleaser.yaml line 6): remove it from the flags: in its config',
        ),
      );
      expect(refusedBy(build('    flags: [-ldflags, "-s -w -linkmode external"]'))).toEqual(linksExternally);
      expect(statusOf(build('    flags: [-trimpath, "-ldflags=-s -w"]'))).toBe('converted');
      expect(refusedBy(build('    flags: ["-gcflags={{ .Env.GCFLAGS }}"]'))).toEqual(
        gmc108(
          'the flags entry -gcflags={{ .Env.GCFLAGS }} of builds[app] (.goreleaser.yaml line 4) holds a template the converter cannot resolve, which could hold -buildmode=pie: write it out (templates are fine in -tags), then rerun',
        ),
      );
      // A template after -tags=netgo is no value of -tags; one after --tags is.
      expect(refusedBy(build('    flags: [-tags=netgo, "{{ .Env.EXTRA_FLAGS }}"]'))).toEqual(
        gmc108(
          'the flags entry {{ .Env.EXTRA_FLAGS }} of builds[app] (.goreleaser.yaml line 4) holds a template the converter cannot resolve, which could hold -buildmode=pie: write it out (templates are fine in -tags), then rerun',
        ),
      );
      expect(statusOf(build('    flags: [--tags, "{{ .Env.TAGS }}"]'))).toBe('converted');
      expect(statusOf(build('    flags: ["-tags={{ .Env.TAGS }}", -tags, "{{ .Env.MORE_TAGS }}"]'))).toBe(
        'converted',
      );
    });

    it('refuses what GOFLAGS in the build env brings', () => {
      expect(
        refusedBy(yaml('builds:', '  - id: app', '    env: [CGO_ENABLED=0, GOFLAGS=-buildmode=pie]')),
      ).toEqual(
        gmc108(
          'builds[app] builds with -buildmode=pie (.goreleaser.yaml line 3), which makes a dynamically linked binary: remove it from the flags: in its config',
        ),
      );
    });

    it('refuses CGO_ENABLED with a space in its value: Go reads only "0" as off', () => {
      expect(refusedBy(yaml('builds:', '  - id: app', '    env: ["CGO_ENABLED= 0"]'))).toEqual(
        gmc108(
          'builds[app] sets CGO_ENABLED= 0 (.goreleaser.yaml line 3): a cgo binary needs the C library scratch does not have; set CGO_ENABLED=0 in .goreleaser.yaml if the program builds without cgo',
        ),
      );
    });

    it('reads a name with a space before = as another variable: "CGO_ENABLED " leaves cgo to Go, which is on', () => {
      const [refusal] = refusedBy(yaml('builds:', '  - id: app', '    env: ["CGO_ENABLED =0"]'));
      expect(refusal?.[0]).toBe('GMC108');
      expect(refusal?.[2]).toMatch(/^CGO_ENABLED is not set for builds\[app\] in \.goreleaser\.yaml/);
    });

    it('reads ldflags: -linkmode in its three spellings, and a template only where it cannot hold a flag', () => {
      const external = gmc108(
        'builds[app] links with -linkmode external (.goreleaser.yaml line 4): the external linker makes a dynamically linked binary; remove it from ldflags: in .goreleaser.yaml',
      );
      expect(refusedBy(build('    ldflags: -s -w -linkmode=external'))).toEqual(external);
      expect(refusedBy(build('    ldflags: -s -w -linkmode "external"'))).toEqual(external);
      expect(refusedBy(build("    ldflags: -s -w -linkmode 'external'"))).toEqual(external);
      // "external" as the value of another flag is no link mode.
      expect(statusOf(build('    ldflags: -s -w -tmpdir external'))).toBe('converted');
      expect(statusOf(build('    ldflags: -s -w -X=main.version={{.Version}}'))).toBe('converted');
      expect(statusOf(build('    ldflags: -s -w -extldflags "-static {{ .Env.EXTRA_LDFLAGS }}"'))).toBe(
        'converted',
      );
      const unresolved = (entry: string) =>
        gmc108(
          `the ldflags entry ${entry} of builds[app] (.goreleaser.yaml line 4) holds a template the converter cannot resolve, which could hold -linkmode external: write those flags out (templates are fine in -X values), then rerun`,
        );
      for (const entry of [
        '-s -w -linkmode={{ .Env.LINKMODE }}',
        '-s -w -X {{ .Env.VERSION_FLAG }}',
        '-s -w -X main.{{ .Env.NAME }}=x',
      ])
        expect(refusedBy(build(`    ldflags: "${entry}"`))).toEqual(unresolved(entry));
    });

    it('refuses a build that is not Go, has overrides:, or targets no linux; converts one that targets linux', () => {
      expect(refusedBy(build('    builder: rust'))).toEqual(
        gmc108(
          'builds[app] uses builder: rust (.goreleaser.yaml line 4): the converter judges only Go builds',
        ),
      );
      expect(statusOf(build('    builder: go'))).toBe('converted');
      expect(refusedBy(build('    overrides: [{ goos: linux, env: [CGO_ENABLED=1] }]'))).toEqual(
        gmc108(
          'builds[app] has overrides: (.goreleaser.yaml line 4), whose per-platform env and flags the converter does not read: set them on the build itself, then rerun',
        ),
      );
      expect(refusedBy(build('    targets: [darwin_arm64, windows_amd64]'))).toEqual(
        gmc108(
          'builds[app] has no linux target in targets: (darwin_arm64, windows_amd64): the image ships a linux binary',
        ),
      );
      for (const targets of ['[darwin_arm64, linux_amd64]', '[go_first_class]', '["{{ .Env.TARGET }}"]'])
        expect(statusOf(build(`    targets: ${targets}`))).toBe('converted');
      expect(statusOf(build('    goos: [darwin, linux]'))).toBe('converted');
    });

    it('names the RUN that installs tzdata, or the runtime when no RUN names it', () => {
      const tzdata = (...runtime: string[]) =>
        dockerfile(
          'FROM alpine:3.20',
          ...runtime,
          'COPY myapp /usr/bin/myapp',
          'ENTRYPOINT ["/usr/bin/myapp"]',
        );
      const installs = (where: string, line: number) => [
        [
          'GMC108',
          line,
          `${where} installs tzdata, which scratch lacks, and the converter cannot add -tags timetzdata to a build outside the Dockerfile: add -tags=timetzdata to the flags: of builds[0] in .goreleaser.yaml, then rerun`,
        ],
      ];
      const config = yaml('builds:', '  - env: [CGO_ENABLED=0]');
      expect(
        refusedBy(
          config,
          tzdata(
            'LABEL org.opencontainers.image.description="ships tzdata"',
            'RUN apk add --no-cache ca-certificates',
            'RUN apk add --no-cache tzdata',
          ),
        ),
      ).toEqual(installs('line 4', 5));
      expect(
        refusedBy(
          config,
          tzdata('ENV TZ_PACKAGE=tzdata', 'RUN apk add --no-cache ca-certificates $TZ_PACKAGE'),
        ),
      ).toEqual(installs('the runtime', 4));
    });
  });
});

describe('GMC108 prebuilt binary: promu (.promu.yml)', () => {
  /** The Prometheus projects' shape: the binary promu cross-built into .build/<os>-<arch>/, on their busybox. */
  const PROMETHEUS_STYLE = dockerfile(
    'ARG ARCH="amd64"',
    'ARG OS="linux"',
    'FROM quay.io/prometheus/busybox-${OS}-${ARCH}:latest',
    'ARG ARCH="amd64"',
    'ARG OS="linux"',
    'COPY .build/${OS}-${ARCH}/demo_exporter /bin/demo_exporter',
    'EXPOSE 9199',
    'USER nobody',
    'ENTRYPOINT ["/bin/demo_exporter"]',
  );
  const promu = (...lines: string[]): Partial<ConvertOptions> => ({
    releaseConfig: () => parseReleaseConfig('.promu.yml', yaml(...lines), 'Dockerfile', 'promu'),
  });
  const BINARIES = ['build:', '    binaries:', '        - name: demo_exporter'];

  it('converts a binary promu builds with its default, CGO_ENABLED=0, staging what the Prometheus busybox holds', () => {
    const result = convert(
      PROMETHEUS_STYLE,
      promu(
        'go:',
        '    version: 1.23',
        'repository:',
        '    path: github.com/example/demo_exporter',
        ...BINARIES,
        "    flags: -a -tags 'netgo osusergo static_build'",
        '    ldflags: |',
        '        -X github.com/prometheus/common/version.Version={{.Version}}',
        '        -X github.com/prometheus/common/version.BuildUser={{user}}@{{host}}',
        '        -X github.com/prometheus/common/version.BuildDate={{date "20060102-15:04:05"}}',
      ),
    );
    expect(result.status).toBe('converted');
    expect(result.output).toBe(
      [
        'ARG ARCH="amd64"',
        'ARG OS="linux"',
        "# Added by go-microcontainer convert: what the scratch image lacks, staged on the runtime's base image for one COPY.",
        'FROM quay.io/prometheus/busybox-${OS}-${ARCH}:latest AS runtime-files',
        'RUN mkdir -p /rootfs/tmp \\',
        ' && chmod 1777 /rootfs/tmp \\',
        ' && mkdir -p /rootfs/etc \\',
        " && printf '%s\\n' 'root:x:0:0:root:/root:/sbin/nologin' 'nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin' >/rootfs/etc/passwd \\",
        " && printf '%s\\n' 'root:x:0:' 'nobody:x:65534:' >/rootfs/etc/group \\",
        ' && mkdir -p /rootfs/usr/share/zoneinfo /rootfs/etc \\',
        ' && cp -R /usr/share/zoneinfo/. /rootfs/usr/share/zoneinfo/ \\',
        ' && cp /etc/services /rootfs/etc/services',
        '',
        'FROM scratch',
        'COPY --from=runtime-files /rootfs/ /',
        'COPY --from=runtime-files /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt',
        'ARG ARCH="amd64"',
        'ARG OS="linux"',
        'COPY .build/${OS}-${ARCH}/demo_exporter /bin/demo_exporter',
        'EXPOSE 9199',
        'USER 65534:65534',
        'ENTRYPOINT ["/bin/demo_exporter"]',
        '',
      ].join('\n'),
    );
    expect(result.changes.find((change) => change.code === 'GMC108')).toEqual({
      code: 'GMC108',
      line: 6,
      what: 'judged /bin/demo_exporter (.build/linux-amd64/demo_exporter of the build context) static from .promu.yml: build.binaries[demo_exporter] (.promu.yml line 7) sets no go: cgo: true, and promu builds with CGO_ENABLED=0 unless told otherwise, for linux, with no -linkmode external or -buildmode pie',
      why: 'the binary is built by promu (make crossbuild) outside this Dockerfile; a Go build with CGO_ENABLED=0 that links internally is static, and scratch runs it',
    });
    expect(result.changes.find((change) => change.code === 'GMC209')?.what).toBe(
      'added the CA bundle, /tmp (1777), /etc/passwd and /etc/group, /usr/share/zoneinfo/ and /etc/services ' +
        'from a new stage runtime-files on quay.io/prometheus/busybox-linux-amd64:latest',
    );
  });

  it('says where cgo: false is written', () => {
    const result = convert(PROMETHEUS_STYLE, promu('go:', '    cgo: false', ...BINARIES));
    expect(result.changes.find((change) => change.code === 'GMC108')?.what).toMatch(
      /: build\.binaries\[demo_exporter\] sets CGO_ENABLED=0 \(\.promu\.yml line 2\), for linux/,
    );
  });

  it('refuses go: cgo: true, naming the setting', () => {
    expect(refusals(PROMETHEUS_STYLE, promu('go:', '    cgo: true', ...BINARIES))).toEqual([
      [
        'GMC108',
        6,
        'build.binaries[demo_exporter] is built with cgo: go: cgo: true (.promu.yml line 2) makes promu build with CGO_ENABLED=1, and a cgo binary needs the C library scratch does not have; set go: cgo: false in .promu.yml if the program builds without cgo',
      ],
    ]);
  });

  it('refuses -linkmode external in the ldflags, and cross-builds that leave out linux', () => {
    expect(
      refusals(
        PROMETHEUS_STYLE,
        promu(...BINARIES, '    ldflags: |', "        -linkmode external -extldflags '-static'"),
      ),
    ).toEqual([
      [
        'GMC108',
        6,
        'build.binaries[demo_exporter] links with -linkmode external (.promu.yml line 4): the external linker makes a dynamically linked binary; remove it from ldflags: in .promu.yml',
      ],
    ]);
    expect(
      refusals(
        PROMETHEUS_STYLE,
        promu(...BINARIES, 'crossbuild:', '    platforms:', '        - darwin/amd64'),
      ),
    ).toEqual([
      [
        'GMC108',
        6,
        '.promu.yml cross-builds for darwin, not linux: add linux/amd64 to crossbuild: platforms: in .promu.yml',
      ],
    ]);
  });

  it('refuses a binary the config does not name, saying where to add it', () => {
    expect(refusals(PROMETHEUS_STYLE, promu('build:', '    binaries:', '        - name: other'))).toEqual([
      [
        'GMC108',
        6,
        'line 6 copies .build/linux-amd64/demo_exporter, and no build of .promu.yml makes a binary of that name (they make other (build.binaries[other])): add - name: demo_exporter under build: binaries: (with its path:), then rerun',
      ],
    ]);
    expect(refusals(PROMETHEUS_STYLE, promu('build:', '    binaries: []'))).toEqual([
      [
        'GMC108',
        6,
        "build.binaries: is an empty list, which builds no binary (.promu.yml line 2), so the converter cannot tell how promu builds /bin/demo_exporter (copied from .build/${OS}-${ARCH}/demo_exporter of the build context at line 6; .build/linux-amd64/demo_exporter by this file's defaults): fix it, then rerun",
      ],
    ]);
    expect(refusals(PROMETHEUS_STYLE, promu('build:', '    binaries: demo_exporter'))).toEqual([
      [
        'GMC108',
        6,
        "build.binaries: is not a list of binaries (.promu.yml line 2), so the converter cannot tell how promu builds /bin/demo_exporter (copied from .build/${OS}-${ARCH}/demo_exporter of the build context at line 6; .build/linux-amd64/demo_exporter by this file's defaults): fix it, then rerun",
      ],
    ]);
  });

  describe("with no build.binaries: promu's one default binary, named after the repository", () => {
    // blackbox_exporter's shape: repository.path, flags and ldflags, and no binaries: list.
    const NO_BINARIES = [
      'go:',
      '    version: 1.23',
      'repository:',
      '    path: github.com/example/demo_exporter',
      'build:',
      '    flags: -a -tags netgo',
    ];

    it('converts the binary named after repository.path, saying the build is the default one', () => {
      const result = convert(PROMETHEUS_STYLE, promu(...NO_BINARIES));
      expect(result.status).toBe('converted');
      expect(result.output).toContain('FROM scratch\n');
      expect(result.changes.find((change) => change.code === 'GMC108')?.what).toBe(
        "judged /bin/demo_exporter (.build/linux-amd64/demo_exporter of the build context) static from .promu.yml: promu's default build (no build.binaries:, so one binary named after the repository) (.promu.yml line 6) sets no go: cgo: true, and promu builds with CGO_ENABLED=0 unless told otherwise, for linux, with no -linkmode external or -buildmode pie",
      );
    });

    it('refuses a binary of another name than the repository, saying where to name it', () => {
      expect(
        refusals(
          PROMETHEUS_STYLE,
          promu(...NO_BINARIES.map((line) => line.replace('demo_exporter', 'other_exporter'))),
        ),
      ).toEqual([
        [
          'GMC108',
          6,
          "line 6 copies .build/linux-amd64/demo_exporter, and no build of .promu.yml makes a binary of that name (they make other_exporter (promu's default build (no build.binaries:, so one binary named after the repository))): add - name: demo_exporter under build: binaries: (with its path:), then rerun",
        ],
      ]);
    });

    it('judges the default build by its settings: go: cgo: true is still refused', () => {
      expect(refusals(PROMETHEUS_STYLE, promu('go:', '    cgo: true', ...NO_BINARIES.slice(2)))).toEqual([
        [
          'GMC108',
          6,
          "promu's default build (no build.binaries:, so one binary named after the repository) is built with cgo: go: cgo: true (.promu.yml line 2) makes promu build with CGO_ENABLED=1, and a cgo binary needs the C library scratch does not have; set go: cgo: false in .promu.yml if the program builds without cgo",
        ],
      ]);
    });

    it('with no repository.path either, the one build promu makes is the one the image copies', () => {
      const result = convert(PROMETHEUS_STYLE, promu('go:', '    version: 1.23'));
      expect(result.status).toBe('converted');
      expect(result.changes.find((change) => change.code === 'GMC108')?.what).toMatch(
        /static from \.promu\.yml: promu's default build .* \(\.promu\.yml line 1\) sets no go: cgo: true/,
      );
    });
  });

  it('stages /tmp on plain busybox, adding no CA bundle it never had', () => {
    const result = convert(
      dockerfile(
        'FROM busybox:1.36',
        'COPY demo_exporter /bin/demo_exporter',
        'ENTRYPOINT ["/bin/demo_exporter"]',
      ),
      promu(...BINARIES),
    );
    expect(result.status).toBe('converted');
    expect(result.output).not.toContain('ca-certificates.crt');
    expect(result.output).toContain(
      'FROM busybox:1.36 AS runtime-files\nRUN mkdir -p /rootfs/tmp \\\n && chmod 1777 /rootfs/tmp\n',
    );
    expect(result.changes.find((change) => change.code === 'GMC209')?.why).toBe(
      'scratch has none of them: temp files fail without /tmp (busybox:1.36 has no CA bundle either)',
    );
  });
});
