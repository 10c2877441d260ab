/** Packages as the conversion reads them: what an install command installs, and what it means. */
import { commandWords } from '../shell/shell-words.js';
import type { StageFacts } from './facts.js';
import { imageName, imageTag } from './images.js';
import { parentStage } from './origins.js';

export const PACKAGE_MANAGERS = new Set(['apk', 'apt-get', 'apt', 'yum', 'dnf', 'microdnf']);

/** Packages installed to compile C: evidence of cgo next to other evidence, but not alone (builders install build-base out of habit, for make). */
export const CGO_BUILD_PACKAGES = new Set([
  'gcc',
  'g++',
  'clang',
  'musl-dev',
  'build-base',
  'libc-dev',
  'libc6-dev',
  'sqlite',
  'sqlite-dev',
  'libsqlite3-dev',
  'sqlite3',
  'pkgconfig',
  'pkg-config',
  'pkgconf',
]);

/** C libraries installed for a cgo binary to load at run time. */
export const CGO_RUNTIME_PACKAGES = new Set([
  'sqlite-libs',
  'libsqlite3-0',
  'libc6-compat',
  'gcompat',
  'libgcc',
  'libstdc++',
]);

/**
 * Runtime packages that only provide data files a Go program reads, which
 * the builder can hand to scratch: netbase's /etc/services and
 * /etc/protocols (net.LookupPort, ip4:icmp) are in the golang images already
 * (alpine's baselayout, Debian's netbase); the /etc/mime.types of mailcap or
 * media-types (mime.TypeByExtension beyond Go's few built-in types) is not,
 * and is installed in the builder first, by its package manager's name.
 */
export interface DataFilePackage {
  /** Files, and folders copied whole (written with a trailing slash). */
  readonly files: readonly string[];
  /** What the program reads in them, for the report. */
  readonly holds: string;
  /** The package to install in the builder for the files, by package manager; none when the builder images have them. */
  readonly builderInstall?: { readonly apk: string; readonly apt: string };
}

const MIME_TYPES: DataFilePackage = {
  files: ['/etc/mime.types'],
  holds: 'MIME types',
  builderInstall: { apk: 'mailcap', apt: 'media-types' },
};

/**
 * tzdata's zone database, for a build GMC103 cannot give -tags timetzdata (a
 * Makefile that sets -tags of its own): the builder's copy, which TZ and
 * time.LoadLocation both read. Go's zoneinfo.zip with ZONEINFO would serve
 * LoadLocation only: the TZ of time.Local never reads ZONEINFO.
 */
export const ZONEINFO: DataFilePackage = {
  files: ['/usr/share/zoneinfo/'],
  holds: 'time zones',
  builderInstall: { apk: 'tzdata', apt: 'tzdata' },
};

export const DATA_FILE_PACKAGES: ReadonlyMap<string, DataFilePackage> = new Map([
  ['netbase', { files: ['/etc/services', '/etc/protocols'], holds: 'service names' }],
  ['mailcap', MIME_TYPES],
  ['media-types', MIME_TYPES],
  ['mime-support', MIME_TYPES],
]);

/** Tools a HEALTHCHECK typically runs, which scratch does not have. */
export const HEALTH_TOOLS = new Set(['curl', 'wget']);

/** Options of apk, apt-get, apt, yum and dnf that take a value as the next word. */
const OPTIONS_WITH_VALUE = new Set([
  '-X',
  '--repository',
  '-t',
  '--virtual',
  '-p',
  '--root',
  '--arch',
  '-o',
  '-c',
  '--option',
  '--target-release',
  '--enablerepo',
  '--disablerepo',
  '--setopt',
  '--installroot',
  '--releasever',
]);

/** Subcommands that install packages. */
export const INSTALL_VERBS: ReadonlySet<string> = new Set(['add', 'install']);

/** Subcommands that remove packages. */
const REMOVE_VERBS: ReadonlySet<string> = new Set(['del', 'remove', 'purge', 'erase', 'autoremove']);

/**
 * What a package manager command does: its subcommand and the packages it
 * names, whatever the order of the options (`apk --no-cache add x`,
 * `apk -U add x`, `apt-get -y install x` all install x). Versions
 * (`x=1.2`) are left out of the names. Undefined for another command.
 */
export function packageCommand(words: readonly string[]):
  | {
      readonly verb: string;
      readonly packages: readonly string[];
      /** What a remove subcommand names: packages, or an apk --virtual group. */
      readonly removed?: readonly string[];
      /** `apk add --virtual NAME`: the group apk del NAME removes again. */
      readonly virtual?: string;
    }
  | undefined {
  const [tool, ...args] = words;
  if (tool === undefined || !PACKAGE_MANAGERS.has(tool)) return undefined;
  const operands: string[] = [];
  let virtual: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (tool === 'apk' && (arg === '--virtual' || arg === '-t')) virtual = args[i + 1];
    if (tool === 'apk' && arg.startsWith('--virtual=')) virtual = arg.slice('--virtual='.length);
    if (OPTIONS_WITH_VALUE.has(arg)) i++;
    else if (!arg.startsWith('-')) operands.push(arg);
  }
  const [verb = '', ...names] = operands;
  const packages = INSTALL_VERBS.has(verb) ? names.map((name) => name.split('=')[0] ?? name) : [];
  const removed = REMOVE_VERBS.has(verb) ? names : [];
  return {
    verb,
    packages,
    ...(removed.length === 0 ? {} : { removed }),
    ...(virtual === undefined || packages.length === 0 ? {} : { virtual }),
  };
}

/** Packages named by an install command of apk, apt-get, apt, yum, dnf or microdnf, in any option order. */
export function installedPackages(words: readonly string[]): string[] {
  return [...(packageCommand(words)?.packages ?? [])];
}

/**
 * The package manager of a stage's image: apk for alpine and golang's
 * -alpine tags, apt-get for debian, ubuntu and the other golang tags (Debian);
 * for another image, the one its own RUNs use, or the stage it starts FROM.
 * Undefined when nothing says.
 */
export function stagePackageManager(
  stage: StageFacts,
  /** The file's stages: a stage FROM an earlier one has that one's package manager. */
  stages: readonly StageFacts[] = [],
): 'apk' | 'apt-get' | undefined {
  const name = imageName(stage.image);
  const tag = imageTag(stage.image);
  if (name === 'alpine' || (name === 'golang' && tag.includes('alpine'))) return 'apk';
  if (name === 'debian' || name === 'ubuntu' || name === 'golang') return 'apt-get';
  for (const instruction of stage.instructions) {
    if (instruction.kind !== 'run' || instruction.form.kind !== 'shell') continue;
    for (const command of instruction.form.parse.commands) {
      const tool = commandWords(command)[0]?.value;
      if (tool === 'apk') return 'apk';
      if (tool === 'apt-get' || tool === 'apt') return 'apt-get';
    }
  }
  const parent = parentStage(stages, stage);
  return parent ? stagePackageManager(parent, stages) : undefined;
}
