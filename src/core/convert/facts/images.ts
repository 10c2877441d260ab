/**
 * What the conversion knows about base images, by name: which ones are
 * already minimal, which runtime bases it can replace, and where the Go
 * toolchain images keep things.
 */

/** `registry.example.com:5000/library/alpine:3.20@sha256:...` becomes `alpine`. */
export function imageName(image: string): string {
  const withoutDigest = image.split('@')[0] ?? image;
  const parts = withoutDigest.split('/');
  const last = parts[parts.length - 1] ?? '';
  const name = last.split(':')[0] ?? last;
  return name.toLowerCase();
}

/** `registry.example.com:5000/golang:1.22-alpine@sha256:...` gives `1.22-alpine`; '' without a tag. */
export function imageTag(image: string): string {
  const withoutDigest = image.split('@')[0] ?? image;
  const last = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  const colon = last.indexOf(':');
  return colon === -1 ? '' : last.slice(colon + 1).toLowerCase();
}

/** The full repository path without tag or digest, lowercased. */
export function imageRepository(image: string): string {
  const withoutDigest = image.split('@')[0] ?? image;
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  return (colon === -1 ? withoutDigest : withoutDigest.slice(0, colon)).toLowerCase();
}

/**
 * Images that already hold little more than a static binary's needs: scratch
 * and the static distroless and Chainguard images. The distroless images with
 * a C library (base, cc) are not: a static Go binary does not need it.
 */
export function isMinimalImage(image: string): boolean {
  if (isScratchImage(image)) return true;
  const repository = imageRepository(image);
  return repository.includes('distroless/static') || repository.endsWith('chainguard/static');
}

export function isScratchImage(image: string): boolean {
  return image.trim().toLowerCase() === 'scratch';
}

/**
 * Runtime bases the conversion replaces with scratch or distroless static;
 * golang too, a toolchain image some files ship the binary in.
 */
const REPLACEABLE_RUNTIMES = new Set(['alpine', 'debian', 'ubuntu', 'busybox', 'golang']);
const REPLACEABLE_DISTROLESS = ['distroless/base', 'distroless/cc'];
/** Red Hat's Universal Base Images (ubi9/ubi-minimal, ubi8/ubi-micro, ubi9): a release base like debian-slim. */
const UBI = /^ubi\d*(-minimal|-micro|-init)?$/;

export function isReplaceableRuntime(image: string): boolean {
  const repository = imageRepository(image);
  return (
    REPLACEABLE_RUNTIMES.has(imageName(image)) ||
    isPrometheusBusybox(image) ||
    UBI.test(imageName(image)) ||
    REPLACEABLE_DISTROLESS.some((name) => repository.includes(name))
  );
}

/**
 * The Prometheus projects' runtime base, quay.io/prometheus/busybox (and
 * its busybox-<os>-<arch> variants): busybox with the CA bundle, zoneinfo
 * and /etc/services added to it.
 */
export function isPrometheusBusybox(image: string): boolean {
  return /^(quay\.io\/)?prometheus\/busybox(-[a-z0-9]+)*$/.test(imageRepository(image));
}

export interface BusyboxBase {
  readonly caBundle: boolean;
  /** The data files the image adds to busybox, which the program may read: staged from it too. */
  readonly dataFiles: readonly string[];
}

/**
 * A base with busybox's shell and no package manager, and what it holds: what
 * scratch lacks can be staged on it (mkdir, chmod, printf, cp) for a prebuilt
 * binary, with no package to install.
 */
export function busyboxBase(image: string): BusyboxBase | undefined {
  if (isPrometheusBusybox(image))
    return { caBundle: true, dataFiles: ['/usr/share/zoneinfo/', '/etc/services'] };
  return imageName(image) === 'busybox' ? { caBundle: false, dataFiles: [] } : undefined;
}

export function isDistroless(image: string): boolean {
  return imageRepository(image).includes('/distroless/');
}

export function isGoToolchainImage(image: string): boolean {
  return imageName(image) === 'golang';
}

/**
 * The official images of other languages' runtimes and of services that are
 * not a Go program: a file FROM one of them is "not a Go program" first,
 * whatever its RUNs install.
 */
const OTHER_PROGRAM_IMAGES = new Set([
  'node',
  'python',
  'pypy',
  'ruby',
  'php',
  'perl',
  'openjdk',
  'eclipse-temurin',
  'amazoncorretto',
  'ibmjava',
  'maven',
  'gradle',
  'tomcat',
  'rust',
  'elixir',
  'erlang',
  'haskell',
  'swift',
  'julia',
  'r-base',
  'dart',
  'denoland/deno',
  'oven/bun',
  'nginx',
  'httpd',
  'postgres',
  'mysql',
  'mariadb',
  'redis',
  'mongo',
]);

export function isOtherProgramImage(image: string): boolean {
  const repository = imageRepository(image).replace(/^(docker\.io\/)?(library\/)?/, '');
  return (
    OTHER_PROGRAM_IMAGES.has(imageName(image)) ||
    OTHER_PROGRAM_IMAGES.has(repository) ||
    repository.startsWith('mcr.microsoft.com/dotnet/')
  );
}

/**
 * The ENV an image sets, for the images whose config we know: the golang
 * images set GOPATH=/go (so `WORKDIR $GOPATH/src/...` means /go/src/...).
 */
export function imageEnv(image: string): ReadonlyMap<string, string> {
  return isGoToolchainImage(image)
    ? new Map([
        ['GOPATH', '/go'],
        ['PATH', '/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
      ])
    : new Map();
}

/** The working directory an image starts in, for the images whose default we know. */
export function defaultWorkdir(image: string): string {
  return isGoToolchainImage(image) ? '/go' : '/';
}

/** Where the official golang images (Alpine and Debian) keep the CA bundle. */
export const CA_BUNDLE_PATH = '/etc/ssl/certs/ca-certificates.crt';

/** Red Hat's images and their kin (UBI, go-toolset, Fedora, CentOS, Rocky, Alma, Amazon Linux, Oracle Linux). */
const RED_HAT_FAMILY =
  /^(ubi\d*(-minimal|-micro|-init)?|go-toolset|fedora|centos|centos-stream\d*|rockylinux|almalinux|amazonlinux|oraclelinux|rhel\d*)$/;
/** Where they keep the CA bundle: the ca-trust store, which /etc/pki/tls/certs/ca-bundle.crt links to. */
export const RED_HAT_CA_BUNDLE = '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem';

/**
 * Where an image keeps its CA bundle: Debian's and Alpine's path, which Go
 * reads first and the scratch image gets, or Red Hat's ca-trust store, which
 * those images have instead (they have no /etc/ssl/certs/ca-certificates.crt).
 */
export function caBundleSource(image: string): string {
  return RED_HAT_FAMILY.test(imageName(image)) ? RED_HAT_CA_BUNDLE : CA_BUNDLE_PATH;
}

/**
 * The user an image runs as when the Dockerfile sets none, where it is not
 * root: Red Hat's go-toolset builders run as 1001 (their s2i user).
 */
export function imageDefaultUser(image: string): string | undefined {
  return imageName(image) === 'go-toolset' ? '1001' : undefined;
}
