/** GMC209 scratch files (src/core/convert/rules/scratch-files.ts): what it catches and what it does not. */
import { describe, expect, it } from '@jest/globals';
import { shellQuote, splitShell } from '../../src/core/convert/shell/shell-words.js';
import { stagingRoot } from '../../src/core/convert/rules/scratch-files.js';
import { dockerfile, multiStage, ruleCatches, ruleCatchesNot } from './helpers.js';

describe('GMC209 scratch files', () => {
  it('catches a scratch target: stages /tmp and the folders the runtime made, copies the CA bundle', () => {
    const result = ruleCatches('GMC209', multiStage('RUN mkdir -p /data && chmod 700 /data', 'CMD ["/app"]'));
    expect(result.output).toContain(
      'RUN mkdir -p /rootfs/tmp \\\n && chmod 1777 /rootfs/tmp \\\n && mkdir -p /rootfs/data \\\n && chmod 700 /rootfs/data\n',
    );
    expect(result.output).toContain('FROM scratch\nCOPY --from=build /rootfs/ /\n');
  });

  it('stages elsewhere when the builder works in /rootfs: its build context would ship in the image', () => {
    const text = dockerfile(
      'FROM golang:1.22-alpine AS build',
      'WORKDIR /rootfs',
      'COPY . .',
      'RUN go build -o /out/app .',
      'FROM alpine:3.19',
      'COPY --from=build /out/app /app',
      'CMD ["/app"]',
    );
    const result = ruleCatches('GMC209', text);
    expect(result.output).toContain('RUN mkdir -p /gmc-rootfs-1/tmp \\\n && chmod 1777 /gmc-rootfs-1/tmp\n');
    expect(result.output).toContain('FROM scratch\nCOPY --from=build /gmc-rootfs-1/ /\n');
    expect(result.output).not.toMatch(/COPY --from=build \/rootfs/);
  });

  it('takes the next free staging name when that one is named too, and keeps /rootfs for a mere my-rootfs', () => {
    expect(stagingRoot('WORKDIR /rootfs\nRUN mkdir /gmc-rootfs-1\n')).toBe('/gmc-rootfs-2');
    expect(stagingRoot('WORKDIR rootfs\n')).toBe('/gmc-rootfs-1');
    expect(stagingRoot('COPY --from=build /out/rootfs/ /\n')).toBe('/gmc-rootfs-1');
    expect(stagingRoot('COPY my-rootfs.tar /x\nRUN echo rootfs2\n')).toBe('/rootfs');
  });

  it('refuses folders made with RUN when the target is distroless', () => {
    const result = ruleCatches('GMC209', multiStage('RUN mkdir /data', 'CMD ["/app"]'), {
      strategy: 'distroless',
    });
    expect(result.reason).toBe(
      'the runtime creates /data with RUN; use --strategy scratch, which stages them from the builder',
    );
  });

  it('does not catch a distroless target, which has those files', () => {
    ruleCatchesNot('GMC209', multiStage('CMD ["/app"]'), { strategy: 'distroless' });
  });

  /** The commands of the RUN the converter added to the builder, as sh would split them. */
  function stagingCommands(output: string | undefined): string[][] {
    const run =
      /# Added by go-microcontainer convert: what the scratch image lacks, staged for one COPY\.\nRUN ((?:.*\\\n)*.*)\n/.exec(
        output ?? '',
      )?.[1];
    return splitShell(run ?? '').commands.map((command) => command.words.map((word) => word.value));
  }

  it("copies netbase's /etc/services and /etc/protocols from the builder, which the golang images have", () => {
    const result = ruleCatches('GMC209', multiStage('RUN apk add --no-cache netbase', 'CMD ["/app"]'));
    expect(stagingCommands(result.output)).toEqual([
      ['mkdir', '-p', '/rootfs/tmp'],
      ['chmod', '1777', '/rootfs/tmp'],
      ['mkdir', '-p', '/rootfs/etc'],
      ['cp', '/etc/services', '/rootfs/etc/services'],
      ['cp', '/etc/protocols', '/rootfs/etc/protocols'],
    ]);
    expect(result.changes.find((change) => change.code === 'GMC209')?.what).toBe(
      'added the CA bundle, /tmp (1777) and /etc/services and /etc/protocols (of netbase) from the builder',
    );
  });

  it("installs mailcap's /etc/mime.types in the builder first, with the builder's package manager", () => {
    const alpine = ruleCatches(
      'GMC209',
      multiStage('RUN apk add --no-cache ca-certificates mailcap', 'CMD ["/app"]'),
    );
    expect(stagingCommands(alpine.output)).toEqual([
      ['apk', 'add', '--no-cache', 'mailcap'],
      ['mkdir', '-p', '/rootfs/tmp'],
      ['chmod', '1777', '/rootfs/tmp'],
      ['mkdir', '-p', '/rootfs/etc'],
      ['cp', '/etc/mime.types', '/rootfs/etc/mime.types'],
    ]);
    expect(alpine.changes.find((change) => change.code === 'GMC209')?.what).toBe(
      'added the CA bundle, /tmp (1777) and /etc/mime.types (of mailcap, installed in the builder) from the builder',
    );
    // A Debian builder for an alpine runtime: the Debian package of the same file.
    const debianBuilder = multiStage('RUN apk add --no-cache mailcap', 'CMD ["/app"]').replace(
      'golang:1.22-alpine',
      'golang:1.22-bookworm',
    );
    expect(stagingCommands(ruleCatches('GMC209', debianBuilder).output).slice(0, 3)).toEqual([
      ['apt-get', 'update'],
      ['apt-get', 'install', '-y', '--no-install-recommends', 'media-types'],
      ['rm', '-rf', '/var/lib/apt/lists/*'],
    ]);
  });

  it('reads the tag past a registry port, and installs mime-support on Debian before bullseye', () => {
    const first = (builderImage: string) =>
      stagingCommands(
        ruleCatches(
          'GMC209',
          multiStage('RUN apk add --no-cache mailcap', 'CMD ["/app"]').replace(
            'golang:1.22-alpine',
            builderImage,
          ),
        ).output,
      )[0];
    expect(first('localhost:5000/golang:1.22-alpine')).toEqual(['apk', 'add', '--no-cache', 'mailcap']);
    expect(first('golang:1.22-alpine@sha256:0123')).toEqual(['apk', 'add', '--no-cache', 'mailcap']);
    expect(first('golang:1.16-buster')).toEqual(['apt-get', 'update']);
    expect(
      stagingCommands(
        ruleCatches(
          'GMC209',
          multiStage('RUN apk add --no-cache mailcap', 'CMD ["/app"]').replace(
            'golang:1.22-alpine',
            'golang:1.16-buster',
          ),
        ).output,
      )[1],
    ).toEqual(['apt-get', 'install', '-y', '--no-install-recommends', 'mime-support']);
  });

  it('stages as USER 0 in a builder that runs as another user, and gives it its user back', () => {
    const text = dockerfile(
      'FROM golang:1.22-alpine AS build',
      'RUN adduser -D -u 1000 builder',
      'USER builder',
      'WORKDIR /home/builder/src',
      'COPY --chown=builder . .',
      'RUN CGO_ENABLED=0 go build -o app .',
      'FROM alpine:3.20',
      'COPY --from=build /home/builder/src/app /usr/local/bin/app',
      'USER 1000',
      'ENTRYPOINT ["/usr/local/bin/app"]',
    );
    const result = ruleCatches('GMC209', text);
    expect(result.output).toContain(
      'RUN CGO_ENABLED=0 GOOS=linux go build -o app .\n' +
        '# Added by go-microcontainer convert: what the scratch image lacks, staged for one COPY.\n' +
        'USER 0\nRUN mkdir -p /rootfs/tmp \\\n && chmod 1777 /rootfs/tmp\nUSER builder\nFROM scratch\n',
    );
    expect(result.changes.find((change) => change.code === 'GMC209')?.what).toBe(
      'added the CA bundle and /tmp (1777) from the builder (staged as USER 0: the builder runs as builder, then gets it back)',
    );
  });

  it("stages as USER 0 on Red Hat's go-toolset, which runs as 1001 when the file sets no USER, and gives 1001 back", () => {
    const text = dockerfile(
      'FROM registry.access.redhat.com/ubi9/go-toolset:1.21 AS build',
      'COPY . .',
      'RUN CGO_ENABLED=0 go build -o app .',
      'FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4',
      'COPY --from=build /opt/app-root/src/app /app',
      'ENTRYPOINT ["/app"]',
    );
    const result = ruleCatches('GMC209', text);
    expect(result.output).toContain(
      'staged for one COPY.\nUSER 0\nRUN mkdir -p /rootfs/tmp \\\n && chmod 1777 /rootfs/tmp\nUSER 1001\nFROM scratch\n',
    );
    expect(result.changes.find((change) => change.code === 'GMC209')?.what).toBe(
      'added the CA bundle and /tmp (1777) from the builder (staged as USER 0: the builder runs as 1001, then gets it back)',
    );
    // A USER 0 of the file's own is the user in force: nothing to wrap.
    expect(ruleCatches('GMC209', text.replace('COPY . .', 'USER 0\nCOPY . .')).output).not.toContain(
      'USER 1001',
    );
  });

  it.each([
    ['registry.access.redhat.com/ubi9/go-toolset:1.21', '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem'],
    ['registry.access.redhat.com/ubi8/ubi:8.10', '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem'],
    ['fedora:40', '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem'],
    ['amazonlinux:2023', '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem'],
    ['golang:1.22-bookworm', '/etc/ssl/certs/ca-certificates.crt'],
    ['golang:1.22-alpine', '/etc/ssl/certs/ca-certificates.crt'],
  ])('copies the CA bundle from where %s keeps it, to where Go looks first', (builder, source) => {
    const text = dockerfile(
      `FROM ${builder} AS base`,
      'USER 0',
      'FROM base AS build',
      'RUN CGO_ENABLED=0 go build -o /app .',
      'FROM alpine:3.20',
      'COPY --from=build /app /app',
      'ENTRYPOINT ["/app"]',
    );
    expect(ruleCatches('GMC209', text).output).toContain(
      `\nCOPY --from=build ${source} /etc/ssl/certs/ca-certificates.crt\n`,
    );
  });

  it.each([
    ['no USER', []],
    ['USER root', ['USER root']],
    ['USER 0:0', ['USER 0:0']],
    ['a user, then root again', ['USER builder', 'USER 0']],
  ])('stages without a USER of its own in a builder with %s', (_, users) => {
    const text = dockerfile(
      'FROM golang:1.22-alpine AS build',
      ...users,
      'RUN CGO_ENABLED=0 go build -o /app .',
      'FROM alpine:3.20',
      'COPY --from=build /app /app',
      'ENTRYPOINT ["/app"]',
    );
    const output = ruleCatches('GMC209', text).output ?? '';
    expect(output).not.toContain('USER 0\nRUN mkdir -p /rootfs/tmp');
    expect(output).toContain('staged for one COPY.\nRUN mkdir -p /rootfs/tmp');
  });

  it('takes the user a builder inherits from the stage it starts FROM', () => {
    const text = dockerfile(
      'FROM golang:1.22-alpine AS base',
      'USER 1000:1000',
      'FROM base AS build',
      'RUN CGO_ENABLED=0 go build -o /tmp/app .',
      'FROM alpine:3.20',
      'COPY --from=build /tmp/app /app',
      'ENTRYPOINT ["/app"]',
    );
    expect(ruleCatches('GMC209', text).output).toContain(
      'USER 0\nRUN mkdir -p /rootfs/tmp \\\n && chmod 1777 /rootfs/tmp\nUSER 1000:1000\n',
    );
  });

  it('takes the package manager of the stage a builder starts FROM', () => {
    const text = dockerfile(
      'FROM golang:1.22-alpine AS base',
      'FROM base AS build',
      'RUN go build -o /out/app .',
      'FROM alpine:3.19',
      'RUN apk add --no-cache mailcap',
      'COPY --from=build /out/app /app',
      'CMD ["/app"]',
    );
    expect(stagingCommands(ruleCatches('GMC209', text).output)[0]).toEqual([
      'apk',
      'add',
      '--no-cache',
      'mailcap',
    ]);
  });

  it("refuses mailcap when the builder's package manager cannot be told, naming what to do", () => {
    const custom = multiStage('RUN apk add --no-cache mailcap', 'CMD ["/app"]').replace(
      'golang:1.22-alpine',
      'registry.example.com/go-builder:2',
    );
    expect(ruleCatches('GMC209', custom).refusals).toEqual([
      {
        code: 'GMC209',
        line: 6,
        message:
          "line 6 installs mailcap for /etc/mime.types, which scratch lacks and the builder must provide: the converter cannot tell the builder's package manager; install mailcap in the builder stage, then rerun",
      },
    ]);
    // The builder's own RUNs say which it has.
    expect(
      ruleCatches('GMC209', custom.replace('WORKDIR /src', 'WORKDIR /src\nRUN apk add --no-cache git'))
        .status,
    ).toBe('converted');
  });

  it('refuses the data files of a distroless target, as the folders', () => {
    const result = ruleCatches('GMC209', multiStage('RUN apk add --no-cache netbase', 'CMD ["/app"]'), {
      strategy: 'distroless',
    });
    expect(result.reason).toBe(
      'the runtime creates /etc/services (netbase), /etc/protocols (netbase) with RUN; use --strategy scratch, which stages them from the builder',
    );
  });

  it('quotes every path it copies into the builder RUN: a ";" in it never runs as a command', () => {
    const result = ruleCatches(
      'GMC209',
      multiStage('RUN mkdir "/data;echo injected>/rootfs/PWNED"', 'CMD ["/app"]'),
    );
    // The text names /rootfs, so the staging takes the next free name.
    expect(result.output).toContain(" && mkdir -p '/gmc-rootfs-1/data;echo injected>/rootfs/PWNED'\n");
    expect(stagingCommands(result.output)).toEqual([
      ['mkdir', '-p', '/gmc-rootfs-1/tmp'],
      ['chmod', '1777', '/gmc-rootfs-1/tmp'],
      ['mkdir', '-p', '/gmc-rootfs-1/data;echo injected>/rootfs/PWNED'],
    ]);
  });

  it('quotes modes and user names too', () => {
    const result = ruleCatches(
      'GMC209',
      multiStage('RUN mkdir /d && chmod "700;touch /PWNED" /d', `USER "o'brien"`, 'CMD ["/app"]'),
    );
    expect(stagingCommands(result.output)).toEqual([
      ['mkdir', '-p', '/rootfs/tmp'],
      ['chmod', '1777', '/rootfs/tmp'],
      ['mkdir', '-p', '/rootfs/etc'],
      [
        'printf',
        '%s\\n',
        'root:x:0:0:root:/root:/sbin/nologin',
        "o'brien:x:65532:65532:o'brien:/nonexistent:/sbin/nologin",
        '>/rootfs/etc/passwd',
      ],
      ['printf', '%s\\n', 'root:x:0:', "o'brien:x:65532:", '>/rootfs/etc/group'],
      ['mkdir', '-p', '/rootfs/d'],
      ['chmod', '700;touch /PWNED', '/rootfs/d'],
    ]);
  });

  it("names the user's group in /etc/group by the name the Dockerfile gave it", () => {
    const made = 'RUN addgroup -g 2000 web && adduser -D -u 10001 -G web app';
    const groupLine = (user: string) =>
      stagingCommands(ruleCatches('GMC209', multiStage(made, user, 'CMD ["/app"]')).output).find((words) =>
        words.includes('>/rootfs/etc/group'),
      );
    expect(groupLine('USER app')).toEqual([
      'printf',
      '%s\\n',
      'root:x:0:',
      'web:x:2000:',
      '>/rootfs/etc/group',
    ]);
  });

  it('shellQuote leaves plain words alone and single-quotes the rest', () => {
    expect(shellQuote('/rootfs/var/lib/svc')).toBe('/rootfs/var/lib/svc');
    expect(shellQuote('2000:2000')).toBe('2000:2000');
    expect(shellQuote('/my dir')).toBe("'/my dir'");
    expect(shellQuote('$(id)')).toBe("'$(id)'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote('')).toBe("''");
  });
});

describe('GMC209 scratch files: a CA bundle the stage already copies', () => {
  const scratchStage = (...runtime: string[]) =>
    [
      'FROM golang:1.22-alpine AS build',
      'WORKDIR /src',
      'RUN go build -o /out/app .',
      'FROM scratch',
      ...runtime,
      'COPY --from=build /out/app /app',
      'USER 65532:65532',
      'CMD /app',
      '',
    ].join('\n');

  it('is not copied a second time when the stage copies it into the folder', () => {
    const result = ruleCatches(
      'GMC209',
      scratchStage('COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/'),
    );
    expect(result.output?.match(/ca-certificates\.crt/g)).toHaveLength(1);
    expect(result.output).toContain(
      'FROM scratch\nCOPY --from=build /rootfs/ /\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\n',
    );
    expect(result.changes).toContainEqual(
      expect.objectContaining({ code: 'GMC209', what: 'added /tmp (1777) from the builder' }),
    );
  });

  it('is copied when the stage has none', () => {
    const result = ruleCatches('GMC209', scratchStage());
    expect(result.output).toContain(
      'COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt\n',
    );
    expect(result.changes).toContainEqual(
      expect.objectContaining({
        code: 'GMC209',
        what: 'added the CA bundle and /tmp (1777) from the builder',
      }),
    );
  });
});

describe('GMC209 scratch files: what the report lists, and where the staging goes', () => {
  const WHY =
    'scratch has none of them: TLS fails with "certificate signed by unknown authority" without the CA bundle, and temp files fail without /tmp';

  it('lists what it adds from the builder', () => {
    expect(ruleCatches('GMC209', multiStage('CMD ["/app"]')).changes).toContainEqual({
      code: 'GMC209',
      line: 4,
      what: 'added the CA bundle and /tmp (1777) from the builder',
      why: WHY,
    });
    expect(ruleCatches('GMC209', multiStage('USER nobody', 'CMD ["/app"]')).changes).toContainEqual({
      code: 'GMC209',
      line: 4,
      what: 'added the CA bundle, /tmp (1777) and /etc/passwd and /etc/group from the builder',
      why: WHY,
    });
    expect(
      ruleCatches('GMC209', multiStage('RUN mkdir /data /cache', 'USER nobody', 'CMD ["/app"]')).changes,
    ).toContainEqual({
      code: 'GMC209',
      line: 4,
      what: 'added the CA bundle, /tmp (1777), /etc/passwd and /etc/group, /data and /cache from the builder',
      why: WHY,
    });
  });

  it('lists /tmp once when the runtime made it too', () => {
    expect(
      ruleCatches('GMC209', multiStage('RUN mkdir -p /tmp /data', 'CMD ["/app"]')).changes,
    ).toContainEqual({
      code: 'GMC209',
      line: 4,
      what: 'added the CA bundle, /tmp (1777) and /data from the builder',
      why: WHY,
    });
  });

  it('stages in the stage whose go build ships, not in a tool image the runtime copies from first', () => {
    const text = dockerfile(
      'FROM ghcr.io/grpc-ecosystem/grpc-health-probe:v0.4.28 AS probe',
      'FROM golang:1.23-alpine AS builder',
      'RUN CGO_ENABLED=0 go build -o /bin/authzd ./cmd/authzd',
      'FROM alpine:3.20',
      'COPY --from=probe /ko-app/grpc-health-probe /usr/local/bin/grpc_health_probe',
      'COPY --from=builder /bin/authzd /authzd',
      'ENTRYPOINT ["/authzd"]',
    );
    const result = ruleCatches('GMC209', text);
    expect(result.output).toContain(
      'FROM ghcr.io/grpc-ecosystem/grpc-health-probe:v0.4.28 AS probe\nFROM golang:1.23-alpine AS builder\n',
    );
    expect(result.output).toContain(
      'go build -o /bin/authzd ./cmd/authzd\n# Added by go-microcontainer convert: what the scratch image lacks, staged for one COPY.\nRUN mkdir -p /rootfs/tmp',
    );
    expect(result.output).toContain('\nFROM scratch\nCOPY --from=builder /rootfs/ /\n');
  });

  it('starts the staging on a line of its own when the builder ends the file without a newline', () => {
    const result = ruleCatches('GMC209', 'FROM golang:1.22\nRUN go build -o /app .\nCMD ["/app"]');
    expect(result.output).toContain(
      'RUN CGO_ENABLED=0 GOOS=linux go build -o /app .\n\n# Added by go-microcontainer convert: what the scratch image lacks, staged for one COPY.\n',
    );
  });

  it('copies nothing extra into distroless, which has those files', () => {
    expect(ruleCatchesNot('GMC209', multiStage('CMD ["/app"]'), { strategy: 'distroless' }).output).toBe(
      [
        'FROM golang:1.22-alpine AS build',
        'WORKDIR /src',
        'RUN CGO_ENABLED=0 GOOS=linux go build -o /out/app .',
        'FROM gcr.io/distroless/static-debian12:nonroot',
        'COPY --from=build /out/app /app',
        'USER 65532:65532',
        'CMD ["/app"]',
        '',
      ].join('\n'),
    );
  });
});

describe('GMC209 scratch files: every folder in the distroless refusal', () => {
  it('names each folder the runtime creates', () => {
    expect(
      ruleCatches('GMC209', multiStage('RUN mkdir /data /cache', 'CMD ["/app"]'), { strategy: 'distroless' })
        .reason,
    ).toBe(
      'the runtime creates /data, /cache with RUN; use --strategy scratch, which stages them from the builder',
    );
  });
});

describe('GMC209 scratch files: root in passwd and group once', () => {
  it('writes no second root entry when the image runs as root', () => {
    const result = ruleCatches('GMC209', multiStage('USER root', 'CMD ["/app"]'));
    expect(result.output).toContain(
      "printf '%s\\n' 'root:x:0:0:root:/root:/sbin/nologin' >/rootfs/etc/passwd",
    );
    expect(result.output).toContain("printf '%s\\n' 'root:x:0:' >/rootfs/etc/group");
  });

  it("writes a user's own entries after root's, and a user in group root once in group", () => {
    const own = ruleCatches('GMC209', multiStage('RUN adduser -D -u 10001 app', 'USER app', 'CMD ["/app"]'));
    expect(own.output).toContain("printf '%s\\n' 'root:x:0:' 'app:x:10001:' >/rootfs/etc/group");
    const inRoot = ruleCatches(
      'GMC209',
      multiStage('RUN adduser -D -u 10001 app', 'USER app:root', 'CMD ["/app"]'),
    );
    expect(inRoot.output).toContain(
      "'root:x:0:0:root:/root:/sbin/nologin' 'app:x:10001:0:app:/home/app:/sbin/nologin' >",
    );
    expect(inRoot.output).toContain("printf '%s\\n' 'root:x:0:' >/rootfs/etc/group");
  });
});
