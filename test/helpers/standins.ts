/**
 * Local stand-ins for the base images the generated Dockerfiles name. No
 * registry is reachable from the test machines, so nothing can be pulled:
 * each stand-in is assembled from files on this machine, loaded with
 * `docker import`, and passed to the build through the Dockerfile's own
 * build args (GO_IMAGE, RUNTIME_IMAGE), exactly as a user would point them at
 * a mirror.
 *
 * They are built once per run and shared by every test; the tag includes a
 * hash of what went in, so a later run reuses them only if nothing changed.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  mkdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DockerfileModel } from '../../src/core/convert/facts/dockerfile-model.js';
import {
  imageName,
  isGoToolchainImage,
  isMinimalImage,
  isPrometheusBusybox,
} from '../../src/core/convert/facts/images.js';
import { getStrategy, type StrategyName } from '../../src/core/strategies.js';
import { check, docker, leftovers, removeImages, runLabel } from './docker.js';
import { readElf } from './elf.js';
import { REPO_ROOT } from './paths.js';
import { tempDir } from './run.js';

const GO_ROOT = '/usr/local/go';
const BUSYBOX = '/bin/busybox';
const CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
const NONROOT = 65532;
/** The label value of stand-in images, which outlive a single run's cleanup. */
const STANDIN = 'standin';
/** Repository of every stand-in tag: a clear name for what they are. */
const STANDIN_REPOSITORY = 'gmc-standin';

export interface StandIns {
  /**
   * Stands in for golang:<go>-alpine and golang:<go> (GO_IMAGE): this
   * machine's Go toolchain in /usr/local/go, busybox as /bin/sh and the
   * coreutils build.sh needs, GNU make and bash (with their libraries, as
   * golang:<go> has them), the CA bundle, and /etc/services and
   * /etc/protocols. Like the real images, it has Go on the PATH and runs as
   * root. Its apk and apt-get install nothing (there is no registry to install
   * from) and succeed: a builder step that installs a C toolchain the Go build
   * does not use runs as on the real images. Only mailcap and media-types
   * install their /etc/mime.types, for the conversion's data-file staging.
   */
  goBuilder: string;
  /**
   * Stands in for gcr.io/distroless/static-debian12:nonroot (RUNTIME_IMAGE):
   * no shell, just the CA bundle, /tmp, passwd and group with `nonroot`
   * (65532), and USER 65532:65532, as distroless static has.
   */
  distrolessStatic: string;
  /**
   * Stands in for alpine:<version> (RUNTIME_IMAGE): busybox as the shell and
   * userland, the CA bundle (alpine ships ca-certificates-bundle), /tmp and
   * passwd. It is smaller than real alpine, which also has apk and musl.
   */
  alpine: string;
  /**
   * Stands in for quay.io/prometheus/busybox (RUNTIME_IMAGE): busybox with
   * the CA bundle, /usr/share/zoneinfo and /etc/services, which the
   * Prometheus projects' image adds to busybox, and passwd with nobody.
   */
  prometheusBusybox: string;
}

/** Sizes of the real images, for the report: the stand-ins are not the real thing. */
export const STAND_IN_FOR: Record<keyof StandIns, string> = {
  goBuilder: 'golang:<go>-alpine and golang:<go>',
  distrolessStatic: 'gcr.io/distroless/static-debian12:nonroot',
  alpine: 'alpine:3.22',
  prometheusBusybox: 'quay.io/prometheus/busybox:latest',
};

function passwd(extra: string[] = []): string {
  return ['root:x:0:0:root:/root:/bin/sh', 'nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin', ...extra]
    .map((line) => `${line}\n`)
    .join('');
}

/** A root filesystem folder with what every stand-in has: /etc, /tmp and the CA bundle. */
function baseRootfs(): string {
  const root = path.join(tempDir('standin'), 'rootfs');
  mkdirSync(path.join(root, 'etc/ssl/certs'), { recursive: true });
  mkdirSync(path.join(root, 'tmp'));
  chmodSync(path.join(root, 'tmp'), 0o1777);
  copyFileSync(CA_BUNDLE, path.join(root, 'etc/ssl/certs/ca-certificates.crt'));
  writeFileSync(path.join(root, 'etc/group'), 'root:x:0:\nnobody:x:65534:\nnonroot:x:65532:\n');
  return root;
}

function addBusybox(root: string): void {
  if (readElf(BUSYBOX).hasInterpreter) {
    throw new Error(
      `${BUSYBOX} is dynamically linked: install Debian's busybox-static for the stand-in images`,
    );
  }
  mkdirSync(path.join(root, 'bin'), { recursive: true });
  mkdirSync(path.join(root, 'usr/bin'), { recursive: true });
  copyFileSync(BUSYBOX, path.join(root, 'bin/busybox'));
  chmodSync(path.join(root, 'bin/busybox'), 0o755);
  const applets = execFileSync(BUSYBOX, ['--list'], { encoding: 'utf8' }).split('\n').filter(Boolean);
  for (const applet of applets) {
    if (applet !== 'busybox') symlinkSync('busybox', path.join(root, 'bin', applet));
  }
  // Scripts that name /usr/bin/env and the like still find them.
  for (const applet of ['env', 'awk', 'od', 'tr', 'wc'])
    symlinkSync(`/bin/busybox`, path.join(root, 'usr/bin', applet));
}

/** This machine's /etc/mime.types, which the stand-ins' mailcap and media-types install. */
const MIME_TYPES = '/etc/mime.types';
/** This machine's zone database, which the stand-ins' tzdata installs. */
const ZONEINFO = '/usr/share/zoneinfo';

/**
 * apk and apt-get that say what they were asked for and install nothing (see
 * StandIns.goBuilder), but for the data-file packages the conversion installs
 * in a builder: mailcap (alpine) and media-types (Debian) put /etc/mime.types
 * in place, and tzdata /usr/share/zoneinfo, as the real packages do.
 */
function addPackageManagerShims(root: string): void {
  const store = path.join(root, 'usr/share/standin-packages');
  mkdirSync(store, { recursive: true });
  copyFileSync(MIME_TYPES, path.join(store, 'mime.types'));
  cpSync(ZONEINFO, path.join(store, 'zoneinfo'), { recursive: true, dereference: true });
  for (const tool of ['sbin/apk', 'usr/bin/apt-get']) {
    const file = path.join(root, tool);
    mkdirSync(path.dirname(file), { recursive: true });
    const name = path.basename(tool);
    writeFileSync(
      file,
      [
        '#!/bin/sh',
        'for word in "$@"; do',
        '  case "$word" in',
        `    mailcap|media-types) cp /usr/share/standin-packages/mime.types /etc/mime.types && echo "stand-in ${name}: installed $word (/etc/mime.types)" ;;`,
        `    tzdata) mkdir -p /usr/share/zoneinfo && cp -R /usr/share/standin-packages/zoneinfo/. /usr/share/zoneinfo/ && echo "stand-in ${name}: installed tzdata (/usr/share/zoneinfo)" ;;`,
        '  esac',
        'done',
        `echo "stand-in ${name}: nothing else installed for: $*"`,
        '',
      ].join('\n'),
    );
    chmodSync(file, 0o755);
  }
}

/** /etc/services and /etc/protocols, which the golang images have (alpine's baselayout, Debian's netbase). */
function addNetbaseFiles(root: string): void {
  for (const file of ['etc/services', 'etc/protocols'])
    copyFileSync(path.join('/', file), path.join(root, file));
}

/**
 * Copies a dynamically linked program of this machine into `root` with the
 * shared libraries and loader ldd lists for it, at the same paths.
 */
function addHostProgram(root: string, program: string): void {
  const ldd = execFileSync('ldd', [program], { encoding: 'utf8' });
  const libraries = [...ldd.matchAll(/(\/[^\s]+) \(0x/g)].map((match) => match[1] ?? '');
  for (const file of [program, ...libraries.filter(Boolean)]) {
    mkdirSync(path.join(root, path.dirname(file)), { recursive: true });
    // copyFileSync follows symbolic links: the image gets the files themselves.
    copyFileSync(file, path.join(root, file));
    chmodSync(path.join(root, file), 0o755);
  }
}

/** GNU make and bash, which golang:<go> (Debian) has and Makefile and script builds run. */
const HOST_PROGRAMS = ['/usr/bin/make', '/bin/bash'];

function contentHash(parts: string[]): string {
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 12);
}

function imageExists(tag: string): boolean {
  return docker(['image', 'inspect', tag], { timeoutMs: 20_000 }).status === 0;
}

/**
 * Builds the image `tag` with `build` unless it exists, once across the jest
 * workers: jest runs suites side by side, and two of them asking for the same
 * stand-in would otherwise both build it. A lock folder says who builds; the
 * others wait for it to go, then find the image.
 */
function buildOnce(tag: string, build: () => void): void {
  if (imageExists(tag)) return;
  const lock = path.join(os.tmpdir(), `gmc-standin-lock-${tag.replace(/[^A-Za-z0-9_.-]/g, '_')}`);
  const waitUntil = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A builder that died leaves its lock: after the wait, build anyway.
      if (Date.now() > waitUntil) break;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
  try {
    if (!imageExists(tag)) build();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** How long a worker waits for another one's stand-in build: longer than the slowest one takes. */
const LOCK_WAIT_MS = 10 * 60_000;

/** Loads `root` (plus extra host paths) as an image, with Dockerfile-like changes. */
function importImage(tag: string, root: string, changes: string[], hostPaths: string[] = []): void {
  const tar = execFileSync(
    'tar',
    ['-c', '-C', root, '.', ...hostPaths.flatMap((p) => ['-C', '/', p.slice(1)])],
    {
      maxBuffer: 2 * 1024 * 1024 * 1024,
    },
  );
  const args = [
    'import',
    ...[...changes, `LABEL ${runLabel(STANDIN)}`].flatMap((c) => ['--change', c]),
    '-',
    tag,
  ];
  check(docker(args, { input: tar }), `docker import ${tag}`);
}

function goBuilder(goVersion: string): string {
  const programs = HOST_PROGRAMS.map((program) => readFileSync(program).length.toString());
  const tag = `${STANDIN_REPOSITORY}/go-builder:${contentHash([goVersion, readFileSync(BUSYBOX).length.toString(), ...programs, readFileSync(MIME_TYPES).length.toString(), 'v4'])}`;
  buildOnce(tag, () => {
    const root = baseRootfs();
    addBusybox(root);
    addPackageManagerShims(root);
    addNetbaseFiles(root);
    for (const program of HOST_PROGRAMS) addHostProgram(root, program);
    writeFileSync(path.join(root, 'etc/passwd'), passwd());
    mkdirSync(path.join(root, 'go'), { recursive: true });
    mkdirSync(path.join(root, 'root'), { recursive: true });
    importImage(
      tag,
      root,
      [
        'ENV PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
        'ENV GOPATH=/go',
        // The real images ship one toolchain and never download another.
        'ENV GOTOOLCHAIN=local',
        'WORKDIR /go',
      ],
      [GO_ROOT],
    );
  });
  return tag;
}

function distrolessStatic(): string {
  const tag = `${STANDIN_REPOSITORY}/distroless-static:nonroot-${contentHash([readFileSync(CA_BUNDLE, 'utf8'), 'v1'])}`;
  buildOnce(tag, () => {
    const root = baseRootfs();
    writeFileSync(
      path.join(root, 'etc/passwd'),
      passwd(['nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin']),
    );
    mkdirSync(path.join(root, 'home/nonroot'), { recursive: true });
    importImage(tag, root, [`USER ${NONROOT}:${NONROOT}`, 'WORKDIR /home/nonroot']);
  });
  return tag;
}

/** The base files, busybox as the shell and userland, and passwd: what the alpine and busybox stand-ins share. */
function busyboxRootfs(): string {
  const root = baseRootfs();
  addBusybox(root);
  writeFileSync(path.join(root, 'etc/passwd'), passwd());
  return root;
}

const BUSYBOX_IMAGE_CHANGES = [
  'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  'CMD ["/bin/sh"]',
];

function alpine(): string {
  const tag = `${STANDIN_REPOSITORY}/alpine:3.22-${contentHash([readFileSync(BUSYBOX).length.toString(), 'v1'])}`;
  buildOnce(tag, () => {
    importImage(tag, busyboxRootfs(), BUSYBOX_IMAGE_CHANGES);
  });
  return tag;
}

function prometheusBusybox(): string {
  const tag = `${STANDIN_REPOSITORY}/prometheus-busybox:latest-${contentHash([readFileSync(BUSYBOX).length.toString(), 'v2'])}`;
  buildOnce(tag, () => {
    const root = busyboxRootfs();
    addNetbaseFiles(root);
    cpSync(ZONEINFO, path.join(root, ZONEINFO), { recursive: true, dereference: true });
    importImage(tag, root, BUSYBOX_IMAGE_CHANGES);
  });
  return tag;
}

/**
 * Stands in for Red Hat's go-toolset (registry.access.redhat.com/ubi9/go-toolset),
 * made from the warm builder: the CA bundle only in the ca-trust store
 * (/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem; no
 * /etc/ssl/certs/ca-certificates.crt), and USER 1001 with its home and
 * WORKDIR /opt/app-root/src, as the real image runs; its build cache is the
 * warm builder's, made the user's.
 */
export function goToolset(warmBuilder: string): string {
  const tag = `${warmBuilder.replace('/go-builder-warm:', '/go-toolset:')}`;
  buildOnce(tag, () => {
    const context = tempDir('go-toolset');
    writeFileSync(
      path.join(context, 'Dockerfile'),
      [
        'ARG BASE',
        'FROM ${BASE}',
        'RUN mkdir -p /etc/pki/ca-trust/extracted/pem /opt/app-root/src \\',
        ' && mv /etc/ssl/certs/ca-certificates.crt /etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem \\',
        " && echo 'default:x:1001:0:Default Application User:/opt/app-root/src:/sbin/nologin' >>/etc/passwd \\",
        ' && cp -R /root/.cache/go-build /opt/app-root/go-build \\',
        ' && chown -R 1001:0 /opt/app-root',
        'ENV HOME=/opt/app-root/src GOPATH=/opt/app-root/go GOCACHE=/opt/app-root/go-build',
        'WORKDIR /opt/app-root/src',
        'USER 1001',
        '',
      ].join('\n'),
    );
    buildOnBase(context, warmBuilder, tag, 'go-toolset stand-in');
  });
  return tag;
}

/**
 * The builder stand-in with a warm Go build cache: the standard library
 * compiled for linux with cgo off, with and without the tags the fixtures use.
 * Only the conversion fixtures use it, so their twenty-odd builds take seconds
 * each; the real golang images start with an empty cache, and so do the tests
 * that measure build times.
 */
export function warmGoBuilder(goBuilder: string): string {
  const tag = `${goBuilder.replace('/go-builder:', '/go-builder-warm:')}`;
  buildOnce(tag, () => {
    const context = tempDir('warm');
    cpSync(path.join(REPO_ROOT, 'test/fixtures/convert/_app'), context, { recursive: true });
    writeFileSync(
      path.join(context, 'Dockerfile'),
      [
        'ARG BASE',
        'FROM ${BASE}',
        'COPY . /warm',
        'RUN cd /warm && export CGO_ENABLED=0 GOOS=linux \\',
        ' && go build -o /dev/null . \\',
        ' && go build -tags timetzdata -o /dev/null . \\',
        ' && go build -trimpath -tags netgo,timetzdata -o /dev/null . \\',
        ' && rm -rf /warm',
        '',
      ].join('\n'),
    );
    buildOnBase(context, goBuilder, tag, 'warm Go builder');
  });
  return tag;
}

/** Builds `context`, whose Dockerfile starts `ARG BASE` / `FROM ${BASE}`, on `base` as the stand-in `tag`. */
function buildOnBase(context: string, base: string, tag: string, what: string): void {
  check(
    docker([
      'build',
      '--network',
      'host',
      '--label',
      runLabel(STANDIN),
      '--build-arg',
      `BASE=${base}`,
      '-t',
      tag,
      context,
    ]),
    `docker build (${what})`,
  );
}

/**
 * An image for another platform made of files only, with `docker build
 * --platform` from scratch (docker import can only label an image with the
 * engine's own platform). A build for linux/arm64 cannot use an amd64 image as
 * its runtime stage: BuildKit looks for an arm64 one and, finding none
 * locally, tries to pull it.
 */
function filesOnlyImage(tag: string, platform: string, root: string, instructions: string[]): void {
  const context = path.dirname(root);
  writeFileSync(
    path.join(context, 'Dockerfile'),
    ['FROM scratch', `COPY ${path.basename(root)}/ /`, ...instructions, ''].join('\n'),
  );
  try {
    check(
      docker([
        'build',
        '--network',
        'host',
        '--platform',
        platform,
        '--label',
        runLabel(STANDIN),
        '-t',
        tag,
        context,
      ]),
      `docker build ${tag}`,
    );
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
}

/**
 * linux/arm64 variants of the runtime stand-ins, for the arm64 builds. The
 * builder stage runs on the build platform and uses the usual go-builder
 * stand-in; only the runtime stage needs an arm64 image. Neither holds a
 * binary: the alpine one has its files but not busybox (an amd64 busybox has
 * no place in an arm64 image, and the build runs nothing in that stage).
 */
export function buildArm64RuntimeStandIns(): Pick<StandIns, 'distrolessStatic' | 'alpine'> {
  const hash = contentHash([readFileSync(CA_BUNDLE, 'utf8'), 'arm64', 'v1']);
  const distroless = `${STANDIN_REPOSITORY}/distroless-static:nonroot-arm64-${hash}`;
  if (!imageExists(distroless)) {
    const root = baseRootfs();
    writeFileSync(
      path.join(root, 'etc/passwd'),
      passwd(['nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin']),
    );
    mkdirSync(path.join(root, 'home/nonroot'), { recursive: true });
    filesOnlyImage(distroless, 'linux/arm64', root, [`USER ${NONROOT}:${NONROOT}`, 'WORKDIR /home/nonroot']);
  }
  const alpine = `${STANDIN_REPOSITORY}/alpine:3.22-arm64-${hash}`;
  if (!imageExists(alpine)) {
    const root = baseRootfs();
    writeFileSync(path.join(root, 'etc/passwd'), passwd());
    filesOnlyImage(alpine, 'linux/arm64', root, [
      'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    ]);
  }
  return { distrolessStatic: distroless, alpine };
}

export function buildStandIns(): StandIns {
  // Tells this jest run's global teardown to remove the stand-ins at the end.
  const jestRun = process.env['GMC_JEST_RUN'];
  if (jestRun) writeFileSync(path.join(os.tmpdir(), `gmc-standins-used-${jestRun}`), '');
  const goVersion = execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).trim();
  return {
    goBuilder: goBuilder(goVersion),
    distrolessStatic: distrolessStatic(),
    alpine: alpine(),
    prometheusBusybox: prometheusBusybox(),
  };
}

/** Removes every stand-in image, so a run leaves no image behind. */
export function removeStandIns(): void {
  const listed = check(
    docker(['images', '-q', '--filter', `reference=${STANDIN_REPOSITORY}/*`]),
    'docker images',
  );
  removeImages([...leftovers(STANDIN).images, ...listed.split('\n').filter(Boolean)]);
}

/**
 * Build args that point a generated Dockerfile at the stand-ins, as a user
 * would point it at a mirror. For another platform, pass that platform's
 * runtime stand-ins (the builder and check stages run on the build platform).
 */
export function standInBuildArgs(
  strategy: StrategyName,
  standIns: StandIns,
  runtime: Pick<StandIns, 'distrolessStatic' | 'alpine'> = standIns,
): Record<string, string> {
  // The host strategy's Dockerfile is FROM scratch alone: there is no image to point anywhere.
  if (getStrategy(strategy).buildShape === 'host') return {};
  const args: Record<string, string> = { GO_IMAGE: standIns.goBuilder };
  if (strategy === 'distroless') args['RUNTIME_IMAGE'] = runtime.distrolessStatic;
  if (strategy === 'alpine') args['RUNTIME_IMAGE'] = runtime.alpine;
  return args;
}

/**
 * Points a converted Dockerfile's golang stages at `goBuilder` and a
 * distroless runtime at `distroless`, by editing the image in each FROM.
 * With `bases`, an alpine stage is pointed at its stand-in, and a debian or
 * ubuntu one at `bases.debian` (the golang stand-in serves: a shell, apt-get
 * that installs nothing, and the CA bundle ca-certificates would give): the
 * stage a prebuilt binary's conversion stages its files in keeps the
 * runtime's base image. Nothing else changes.
 */
export function pointAtStandIns(
  dockerfile: string,
  goBuilder: string,
  distroless: string,
  bases?: {
    readonly alpine: string;
    readonly debian: string;
    readonly prometheusBusybox?: string;
    readonly goToolset?: string;
  },
): string {
  const model = new DockerfileModel(dockerfile);
  let text = dockerfile;
  for (const stage of [...model.stages].reverse()) {
    const range = stage.from.getImageRange();
    if (!range) continue;
    let replacement: string | undefined;
    const name = imageName(stage.image);
    if (bases?.goToolset && name === 'go-toolset') replacement = bases.goToolset;
    else if (isGoToolchainImage(stage.image)) replacement = goBuilder;
    else if (stage.image !== 'scratch' && isMinimalImage(stage.image)) replacement = distroless;
    else if (bases && name === 'alpine') replacement = bases.alpine;
    else if (bases && (name === 'debian' || name === 'ubuntu')) replacement = bases.debian;
    else if (bases?.prometheusBusybox && isPrometheusBusybox(stage.image))
      replacement = bases.prometheusBusybox;
    if (replacement)
      text = text.slice(0, model.offset(range.start)) + replacement + text.slice(model.offset(range.end));
  }
  return text;
}
