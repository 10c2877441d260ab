/**
 * fast-check arbitraries that build realistic Go Dockerfiles from parts, in
 * the shapes real projects use (see /work/shared/field-notes.md): a golang
 * builder with WORKDIR, the go.mod/go.sum layer and `go mod download`, a
 * `go build` with the usual flags, and a runtime on alpine, debian, ubuntu,
 * busybox or distroless, with CA certificates, tzdata, a user, EXPOSE,
 * HEALTHCHECK and a start command in shell or exec form; or a single golang
 * stage that builds and runs. Line endings are LF or CRLF.
 *
 * The parts are exported for suites that put other values into them (the
 * injection suite puts hostile ones).
 */
import fc from 'fast-check';

/** The module the generated Dockerfiles build: the shared fixture program's. */
export const MODULE_PATH = 'example.com/fixture';

export const builderImage = fc.constantFrom(
  'golang:1.22-alpine',
  'golang:1.23',
  'golang:1.22-bookworm',
  'golang:1.23-alpine3.20',
  'golang:1.21',
);

export const builderName = fc.constantFrom<string | undefined>('build', 'builder', 'go', undefined);

export const workdir = fc.constantFrom('/src', '/app', '/go/src/app', '/build', '/workspace');

/** Flags real projects pass to go build (never -o, which is drawn apart). */
export const goBuildFlags = fc.subarray(
  [
    '-trimpath',
    '-ldflags "-s -w"',
    '-ldflags="-s -w -X main.version=1.0.0"',
    '-tags netgo',
    '-v',
    '-buildvcs=false',
    '-a -installsuffix cgo',
    '-mod=readonly',
  ],
  { maxLength: 3 },
);

/** Where go build writes, relative to WORKDIR or absolute; undefined: no -o. */
export const buildOutput = fc.constantFrom<string | undefined>(
  '/out/app',
  '/app/server',
  'bin/app',
  'app',
  '/go/bin/svc',
  '/usr/local/bin/api',
  undefined,
);

export const buildPackage = fc.constantFrom('.', './', 'main.go');

export interface BuilderParts {
  image: string;
  name: string | undefined;
  workdir: string;
  /** COPY go.mod go.sum and RUN go mod download before the sources. */
  modLayer: boolean;
  /** `CGO_ENABLED=0` already on the build line. */
  cgoOff: boolean;
  flags: string[];
  output: string | undefined;
  pkg: string;
}

export const builderParts: fc.Arbitrary<BuilderParts> = fc.record({
  image: builderImage,
  name: builderName,
  workdir,
  modLayer: fc.boolean(),
  cgoOff: fc.boolean(),
  flags: goBuildFlags,
  output: buildOutput,
  pkg: buildPackage,
});

/** Absolute path of the binary the builder writes (go build names it after the module without -o). */
export function binaryPath(parts: BuilderParts): string {
  // Without -o, go build names the binary after the module, or after the file it was given.
  const output = parts.output ?? (parts.pkg === 'main.go' ? 'main' : 'fixture');
  return output.startsWith('/') ? output : `${parts.workdir}/${output}`;
}

export function builderLines(parts: BuilderParts, goBuildExtra: string[] = []): string[] {
  const env = parts.cgoOff ? 'CGO_ENABLED=0 ' : '';
  const output = parts.output === undefined ? [] : ['-o', parts.output];
  return [
    `FROM ${parts.image}${parts.name ? ` AS ${parts.name}` : ''}`,
    `WORKDIR ${parts.workdir}`,
    ...(parts.modLayer ? ['COPY go.mod go.sum ./', 'RUN go mod download'] : []),
    'COPY . .',
    `RUN ${env}go build ${[...parts.flags, ...goBuildExtra, ...output, parts.pkg].join(' ')}`,
  ];
}

export type RuntimeFamily = 'alpine' | 'debian' | 'busybox' | 'distroless';

const runtimeImages: Record<RuntimeFamily, string[]> = {
  alpine: ['alpine:3.19', 'alpine:3.20', 'alpine'],
  debian: ['debian:bookworm-slim', 'ubuntu:22.04', 'debian:12'],
  busybox: ['busybox:1.36', 'busybox:stable-musl'],
  distroless: ['gcr.io/distroless/static-debian12', 'gcr.io/distroless/base-debian12:nonroot'],
};

/** The runtime's package steps: CA certificates and, sometimes, tzdata. */
function packageLines(family: RuntimeFamily, tzdata: boolean, style: number): string[] {
  const packages = ['ca-certificates', ...(tzdata ? ['tzdata'] : [])].join(' ');
  if (family === 'alpine')
    return [
      [
        `RUN apk add --no-cache ${packages}`,
        `RUN apk --no-cache add ${packages}`,
        `RUN apk -U add ${packages} && rm -rf /var/cache/apk/*`,
      ][style % 3] as string,
    ];
  if (family === 'debian')
    return [
      'RUN apt-get update \\\n' +
        ` && apt-get install -y --no-install-recommends ${packages} \\\n` +
        ' && rm -rf /var/lib/apt/lists/*',
    ];
  return [];
}

/** A user created in the runtime, by the family's tool, with a fixed UID or none. */
function userLines(family: RuntimeFamily, user: string, uid: number | undefined, style: number): string[] {
  const u = uid === undefined ? '' : ` -u ${uid}`;
  if (family === 'alpine' || family === 'busybox')
    return style % 2 === 0
      ? [`RUN addgroup -S ${user} && adduser -S -G ${user}${u} ${user}`]
      : [`RUN adduser -D${u} ${user}`];
  if (family === 'debian')
    return style % 2 === 0
      ? [`RUN useradd --system${uid === undefined ? '' : ` --uid ${uid}`} ${user}`]
      : [`RUN groupadd -r ${user} && useradd -r -g ${user}${u} ${user}`];
  return [];
}

export interface RuntimeParts {
  family: RuntimeFamily;
  imageIndex: number;
  certs: boolean;
  tzdata: boolean;
  style: number;
  /** Created user: name and UID (none: the image's own user). */
  user: { name: string; uid: number | undefined } | undefined;
  workdir: string | undefined;
  destination: string;
  chown: boolean;
  env: string[];
  expose: boolean;
  healthcheck: 'none' | 'exec' | 'wget';
  start: 'entrypoint-exec' | 'cmd-exec' | 'cmd-shell' | 'entrypoint-shell' | 'entrypoint-and-cmd';
}

export const runtimeParts: fc.Arbitrary<RuntimeParts> = fc.record({
  family: fc.constantFrom<RuntimeFamily>('alpine', 'alpine', 'debian', 'busybox', 'distroless'),
  imageIndex: fc.nat({ max: 2 }),
  certs: fc.boolean(),
  tzdata: fc.boolean(),
  style: fc.nat({ max: 5 }),
  user: fc.option(
    fc.record({
      name: fc.constantFrom('app', 'svc', 'appuser', 'nonroot'),
      uid: fc.option(fc.constantFrom(1000, 1001, 10001, 65532), { nil: undefined }),
    }),
    { nil: undefined },
  ),
  workdir: fc.constantFrom<string | undefined>('/app', '/srv', undefined),
  destination: fc.constantFrom('/usr/local/bin/app', '/app', '/bin/server', '/srv/app'),
  chown: fc.boolean(),
  env: fc.subarray(['ENV PORT=8080', 'ENV TZ=UTC', 'ENV GIN_MODE=release APP_ENV=production']),
  expose: fc.boolean(),
  healthcheck: fc.constantFrom<RuntimeParts['healthcheck']>('none', 'none', 'exec', 'wget'),
  start: fc.constantFrom<RuntimeParts['start']>(
    'entrypoint-exec',
    'cmd-exec',
    'cmd-shell',
    'entrypoint-shell',
    'entrypoint-and-cmd',
  ),
});

function runtimeImage(parts: RuntimeParts): string {
  const images = runtimeImages[parts.family];
  return images[parts.imageIndex % images.length] as string;
}

/** The start and health lines of a program at `binary`. */
function startLines(parts: Pick<RuntimeParts, 'healthcheck' | 'start'>, binary: string): string[] {
  const health = {
    none: [],
    exec: [`HEALTHCHECK --interval=30s --timeout=3s CMD ["${binary}", "-health"]`],
    wget: ['HEALTHCHECK CMD wget -qO- http://localhost:8080/ || exit 1'],
  }[parts.healthcheck];
  const start = {
    'entrypoint-exec': [`ENTRYPOINT ["${binary}"]`],
    'cmd-exec': [`CMD ["${binary}", "--port", "8080"]`],
    'cmd-shell': [`CMD ${binary} --port 8080`],
    'entrypoint-shell': [`ENTRYPOINT ${binary}`],
    'entrypoint-and-cmd': [`ENTRYPOINT ["${binary}"]`, 'CMD ["--port", "8080"]'],
  }[parts.start];
  return [...health, ...start];
}

export function runtimeLines(parts: RuntimeParts, from: string, binary: string): string[] {
  const { family } = parts;
  const user = family === 'distroless' ? undefined : parts.user;
  const chown = user && parts.chown ? ` --chown=${user.name}:${user.name}` : '';
  return [
    `FROM ${runtimeImage(parts)}`,
    ...(parts.certs ? packageLines(family, parts.tzdata, parts.style) : []),
    ...(user ? userLines(family, user.name, user.uid, parts.style) : []),
    ...(parts.workdir ? [`WORKDIR ${parts.workdir}`] : []),
    `COPY --from=${from}${chown} ${binary} ${parts.destination}`,
    ...parts.env,
    ...(parts.expose ? ['EXPOSE 8080'] : []),
    ...(user ? [`USER ${user.name}`] : []),
    ...startLines(parts, parts.destination),
  ];
}

export interface SingleStageParts {
  expose: boolean;
  env: string[];
  start: 'binary-exec' | 'binary-shell' | 'go-run-exec' | 'go-run-shell';
}

export const singleStageParts: fc.Arbitrary<SingleStageParts> = fc.record({
  expose: fc.boolean(),
  env: fc.subarray(['ENV PORT=8080', 'ENV TZ=UTC']),
  start: fc.constantFrom<SingleStageParts['start']>(
    'binary-exec',
    'binary-shell',
    'go-run-exec',
    'go-run-shell',
  ),
});

export interface GeneratedDockerfile {
  /** The file's text with LF line endings, as the conversion reads it. */
  text: string;
  /** The file's bytes: `text` with its line endings. */
  bytes: Buffer;
  crlf: boolean;
  kind: 'multi-stage' | 'single-stage';
}

function assemble(lines: string[], crlf: boolean, kind: GeneratedDockerfile['kind']): GeneratedDockerfile {
  const text = `${lines.join('\n')}\n`;
  return { text, bytes: Buffer.from(crlf ? text.replace(/\n/g, '\r\n') : text), crlf, kind };
}

export const multiStageDockerfile: fc.Arbitrary<GeneratedDockerfile> = fc
  .tuple(builderParts, runtimeParts, fc.boolean(), fc.boolean())
  .map(([builder, runtime, comments, crlf]) => {
    const from = builder.name ?? '0';
    const lines = [
      ...(comments ? ['# syntax=docker/dockerfile:1', '# Build the binary'] : []),
      ...builderLines(builder),
      '',
      ...(comments ? ['# Runtime image'] : []),
      ...runtimeLines(runtime, from, binaryPath(builder)),
    ];
    return assemble(lines, crlf, 'multi-stage');
  });

export const singleStageDockerfile: fc.Arbitrary<GeneratedDockerfile> = fc
  .tuple(builderParts, singleStageParts, fc.boolean())
  .map(([builder, single, crlf]) => {
    const binary = binaryPath(builder);
    const goRun = single.start.startsWith('go-run');
    const lines = [
      ...builderLines(builder).slice(0, goRun ? -1 : undefined),
      ...single.env,
      ...(single.expose ? ['EXPOSE 8080'] : []),
      {
        'binary-exec': `CMD ["${binary}"]`,
        'binary-shell': `CMD ${binary}`,
        'go-run-exec': `CMD ["go", "run", "${builder.pkg}"]`,
        'go-run-shell': `CMD go run ${builder.pkg} --port 8080`,
      }[single.start],
    ];
    return assemble(lines, crlf, 'single-stage');
  });

/** A Go Dockerfile as real projects write them: mostly multi-stage, some single-stage. */
export const goDockerfile: fc.Arbitrary<GeneratedDockerfile> = fc.oneof(
  { weight: 3, arbitrary: multiStageDockerfile },
  { weight: 1, arbitrary: singleStageDockerfile },
);
