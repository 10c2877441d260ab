/**
 * What a GoReleaser config says about the builds whose binaries a Dockerfile
 * copies in prebuilt: read from its YAML tree (io/release-config.ts parses
 * the file, lines kept), as plain data. Nothing is judged here: the rule
 * that decides whether such a binary is static is rules/prebuilt-binary.ts.
 *
 * GoReleaser's Docker build context is a fresh folder holding the binaries
 * of the builds a `dockers:` (or v2 `dockers_v2:`) entry selects by `ids`
 * (all builds without it), under each build's `binary:` name (by default
 * the project name), and the Dockerfile only copies them in.
 */
import { splitShell } from '../shell/shell-words.js';

/** A YAML value with the 1-based line it starts on. */
export type YamlNode =
  | {
      readonly kind: 'map';
      readonly line: number;
      readonly entries: ReadonlyArray<{ readonly key: string; readonly value: YamlNode }>;
    }
  | { readonly kind: 'list'; readonly line: number; readonly items: readonly YamlNode[] }
  | { readonly kind: 'scalar'; readonly line: number; readonly value: string | number | boolean | null };

/** The config files GoReleaser looks for, in its order. */
export const GORELEASER_CONFIG_NAMES = [
  '.goreleaser.yml',
  '.goreleaser.yaml',
  'goreleaser.yml',
  'goreleaser.yaml',
] as const;

/** ko's config files: read when there is no GoReleaser config. */
export const KO_CONFIG_NAMES = ['.ko.yaml', '.ko.yml'] as const;

/** promu's config file (the Prometheus projects' build tool): read when there is neither. */
export const PROMU_CONFIG_NAMES = ['.promu.yml'] as const;

/** The tools whose config says how a prebuilt binary is built. */
export type ReleaseTool = 'goreleaser' | 'ko' | 'promu';

/** What reading the build context's GoReleaser (or ko) config gave. */
export type ReleaseConfigRead =
  | { readonly kind: 'absent' }
  /** There, but not read: a link out of the context, not a regular file, over the size limit. */
  | { readonly kind: 'refused'; readonly file: string; readonly reason: string }
  | {
      readonly kind: 'unparsable';
      readonly file: string;
      readonly line: number | undefined;
      readonly message: string;
    }
  | {
      readonly kind: 'parsed';
      /** GoReleaser's config, ko's `.ko.yaml` or promu's `.promu.yml`. */
      readonly tool: ReleaseTool;
      readonly file: string;
      /** The Dockerfile's path relative to the config's folder, as a `dockerfile:` key names it. */
      readonly dockerfile: string;
      readonly root: YamlNode;
    };

/** A value as written, with its line; `templated` when it holds a `{{ ... }}` template. */
export interface Written {
  readonly value: string;
  readonly line: number;
  readonly templated: boolean;
  /** Not written: the tool's default (ko's CGO_ENABLED=0, the binary named after ko's main). */
  readonly byDefault?: boolean;
}

export interface ReleaseBuild {
  /** `builds[<id>]`, or `builds[<index>]` for a build with no id: how messages name it. */
  readonly label: string;
  readonly id: string | undefined;
  readonly line: number;
  /** The `binary:` key; undefined when not set (the project name is used). */
  readonly binary: Written | undefined;
  /** Its own `env:` entries, by variable name. */
  readonly env: ReadonlyMap<string, Written>;
  /** `goos:` as written; undefined when not set (GoReleaser's default list holds linux). */
  readonly goos: readonly string[] | undefined;
  /** `targets:` (`linux_amd64` ...); undefined when not set. */
  readonly targets: readonly string[] | undefined;
  /** `flags:` entries as written. */
  readonly flags: readonly Written[];
  /** `ldflags:` entries (a string or a list) as written. */
  readonly ldflags: readonly Written[];
  readonly buildmode: Written | undefined;
  /** `builder:` when set (go by default; rust, zig, prebuilt are not Go builds the converter judges). */
  readonly builder: Written | undefined;
  /** `skip: true`: the build makes nothing. */
  readonly skipped: boolean;
  /** The line of `overrides:`, whose per-target env and flags the converter does not read. */
  readonly overridesLine: number | undefined;
}

/** A `dockers:` or `dockers_v2:` entry. */
export interface ReleaseDocker {
  readonly section: 'dockers' | 'dockers_v2';
  readonly line: number;
  /** `dockerfile:` (`Dockerfile` by default). */
  readonly dockerfile: Written;
  /** `ids:`; undefined when not set (every build's binary is in the context). */
  readonly ids: readonly Written[] | undefined;
}

export interface GoreleaserConfig {
  readonly tool: ReleaseTool;
  readonly file: string;
  readonly dockerfile: string;
  readonly projectName: Written | undefined;
  /** The top-level `env:`, which every build gets unless it sets the variable itself. */
  readonly env: ReadonlyMap<string, Written>;
  /** `builds:`; undefined when the config has none (GoReleaser then makes one default build). */
  readonly builds: readonly ReleaseBuild[] | undefined;
  readonly buildsLine: number | undefined;
  readonly dockers: readonly ReleaseDocker[];
  /** Where the config is not shaped as GoReleaser reads it (a list where a map belongs...). */
  readonly problems: ReadonlyArray<{ readonly line: number; readonly message: string }>;
}

const TEMPLATE = /\{\{/;

/** The GoReleaser config of a parsed YAML tree. */
export function goreleaserConfig(read: Extract<ReleaseConfigRead, { kind: 'parsed' }>): GoreleaserConfig {
  const problems: Array<{ line: number; message: string }> = [];
  const root = read.root;
  const top = root.kind === 'map' ? root : undefined;
  if (!top)
    problems.push({
      line: root.line,
      message: `${read.file} is not a map of settings (builds:, dockers:, ...)`,
    });
  const buildsNode = valueOf(top, 'builds');
  const builds =
    buildsNode === undefined
      ? undefined
      : buildsNode.kind === 'list'
        ? buildsNode.items.flatMap((item, index) => {
            if (item.kind === 'map') return [releaseBuild(item, index, problems)];
            problems.push({ line: item.line, message: `builds[${index}] is not a map of settings` });
            return [];
          })
        : (problems.push({ line: buildsNode.line, message: 'builds: is not a list of builds' }), []);
  const dockers = (['dockers', 'dockers_v2'] as const).flatMap((section) => {
    const node = valueOf(top, section);
    if (node === undefined) return [];
    if (node.kind !== 'list') {
      problems.push({ line: node.line, message: `${section}: is not a list of images` });
      return [];
    }
    return node.items.flatMap((item): ReleaseDocker[] => {
      if (item.kind !== 'map') return [];
      const dockerfile = written(valueOf(item, 'dockerfile'));
      return [
        {
          section,
          line: item.line,
          dockerfile: dockerfile ?? { value: 'Dockerfile', line: item.line, templated: false },
          ids: writtenList(valueOf(item, 'ids')),
        },
      ];
    });
  });
  return {
    tool: 'goreleaser',
    file: read.file,
    dockerfile: read.dockerfile,
    projectName: written(valueOf(top, 'project_name')),
    env: envOf(valueOf(top, 'env')),
    builds,
    buildsLine: buildsNode?.line,
    dockers,
    problems,
  };
}

/**
 * A `.ko.yaml` read as GoReleaser builds, which its `builds:` are modelled
 * on: ko builds with CGO_ENABLED=0 unless a build's env says otherwise, for
 * linux (the image's platform), and names the binary after the main
 * package's last path element (the module's, for `.`). With no builds:, ko
 * builds the main package of `.` with its defaults.
 */
export function koConfig(
  read: Extract<ReleaseConfigRead, { kind: 'parsed' }>,
  modulePath: string | undefined,
): GoreleaserConfig {
  const config = goreleaserConfig(read);
  const root = read.root.kind === 'map' ? read.root : undefined;
  const nodes = valueOf(root, 'builds');
  const mains = nodes?.kind === 'list' ? nodes.items.map((item) => written(valueOf(item, 'main'))) : [];
  const builds = (config.builds ?? [defaultReleaseBuild()]).map((build, index): ReleaseBuild => {
    const main = mains[index];
    const path = main?.value ?? '.';
    const last = /^\.?\/?$/.test(path) ? modulePath?.split('/').pop() : path.split('/').filter(Boolean).pop();
    const env = new Map(build.env);
    if (!env.has('CGO_ENABLED'))
      env.set('CGO_ENABLED', { value: '0', line: build.line, templated: false, byDefault: true });
    return {
      ...build,
      binary:
        last === undefined || main?.templated
          ? undefined
          : { value: last, line: main?.line ?? build.line, templated: false, byDefault: true },
      env,
      goos: undefined,
      targets: undefined,
      buildmode: undefined,
      builder: undefined,
      skipped: false,
      overridesLine: undefined,
    };
  });
  return { ...config, tool: 'ko', projectName: undefined, env: new Map(), builds, dockers: [] };
}

/**
 * A `.promu.yml` read as GoReleaser builds: one build per entry of
 * `build.binaries` (named by its `name:`), with `build.flags` and
 * `build.ldflags`. promu sets CGO_ENABLED=0 unless `go.cgo` is true (or
 * `promu build --cgo`), and `crossbuild.platforms` (`linux/amd64`, `linux`)
 * gives the systems it builds for; without it, promu's defaults hold linux.
 */
export function promuConfig(read: Extract<ReleaseConfigRead, { kind: 'parsed' }>): GoreleaserConfig {
  const problems: Array<{ line: number; message: string }> = [];
  const root = read.root.kind === 'map' ? read.root : undefined;
  if (!root)
    problems.push({
      line: read.root.line,
      message: `${read.file} is not a map of settings (go:, build:, ...)`,
    });
  const go = valueOf(root, 'go');
  const build = valueOf(root, 'build');
  const cgo = written(valueOf(go, 'cgo'));
  const cgoOn = cgo !== undefined && (cgo.value === 'true' || cgo.templated);
  // Not written: promu's default, shown at the binary's entry.
  const cgoEnv = (line: number): Written =>
    cgo
      ? { value: cgoOn ? '1' : '0', line: cgo.line, templated: cgo.templated }
      : { value: '0', line, templated: false, byDefault: true };
  const flagsText = written(valueOf(build, 'flags'));
  const flags = flagsText ? splitPromuFlags(flagsText) : [];
  const ldflagsText = written(valueOf(build, 'ldflags'));
  // promu reads ldflags as a template whose lines each hold flags: the linker gets them joined.
  const ldflags = ldflagsText
    ? ldflagsText.value
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => ({ value: line.trim(), line: ldflagsText.line, templated: TEMPLATE.test(line) }))
    : [];
  const platforms = writtenList(valueOf(valueOf(root, 'crossbuild'), 'platforms'));
  const binaries = valueOf(build, 'binaries');
  if (binaries !== undefined && binaries.kind !== 'list')
    problems.push({ line: binaries.line, message: 'build.binaries: is not a list of binaries' });
  // Without build.binaries, promu builds one binary from `.`, named after
  // the repository (its git remote's last segment), which the file's
  // repository.path names in the Prometheus projects.
  const repository = written(valueOf(valueOf(root, 'repository'), 'path'));
  const repositoryName = repository?.value.split('/').filter(Boolean).pop();
  const entries =
    binaries === undefined
      ? [
          {
            label: "promu's default build (no build.binaries:, so one binary named after the repository)",
            line: build?.line ?? 1,
            name:
              repository && repositoryName && !repository.templated
                ? { value: repositoryName, line: repository.line, templated: false, byDefault: true }
                : undefined,
          },
        ]
      : (binaries.kind === 'list' ? binaries.items : []).map((item, index) => {
          const name = written(valueOf(item, 'name'));
          return { label: `build.binaries[${name?.value ?? index}]`, line: item.line, name };
        });
  const builds = entries.map(({ label, line, name }): ReleaseBuild => {
    return {
      label,
      id: name?.value,
      line,
      binary: name,
      env: new Map([['CGO_ENABLED', cgoEnv(line)]]),
      goos: platforms?.map((platform) => platform.value.split('/')[0] ?? platform.value),
      targets: undefined,
      flags,
      ldflags,
      buildmode: undefined,
      builder: undefined,
      skipped: false,
      overridesLine: undefined,
    };
  });
  if (builds.length === 0 && binaries?.kind === 'list')
    problems.push({
      line: binaries.line,
      message: 'build.binaries: is an empty list, which builds no binary',
    });
  return {
    tool: 'promu',
    file: read.file,
    dockerfile: read.dockerfile,
    projectName: undefined,
    env: new Map(),
    builds,
    buildsLine: binaries?.line,
    dockers: [],
    problems,
  };
}

/** promu's `flags: -a -tags 'netgo osusergo'`: split as a shell splits words, quotes removed (sh.SplitParameters). */
function splitPromuFlags(flags: Written): Written[] {
  return splitShell(flags.value).commands.flatMap((command) =>
    command.words.map((word) => ({
      value: word.value,
      line: flags.line,
      templated: TEMPLATE.test(word.value),
    })),
  );
}

/** The one build GoReleaser and ko make for a config with no builds: (its env is the top-level env alone). */
export function defaultReleaseBuild(): ReleaseBuild {
  return {
    label: 'the default build (no builds: in the file)',
    id: undefined,
    line: 1,
    binary: undefined,
    env: new Map(),
    goos: undefined,
    targets: undefined,
    flags: [],
    ldflags: [],
    buildmode: undefined,
    builder: undefined,
    skipped: false,
    overridesLine: undefined,
  };
}

function releaseBuild(
  node: Extract<YamlNode, { kind: 'map' }>,
  index: number,
  problems: Array<{ line: number; message: string }>,
): ReleaseBuild {
  const id = written(valueOf(node, 'id'));
  const overrides = valueOf(node, 'overrides');
  const skip = valueOf(node, 'skip');
  const goosNode = valueOf(node, 'goos');
  if (goosNode !== undefined && goosNode.kind !== 'list')
    problems.push({ line: goosNode.line, message: `goos: of builds[${id?.value ?? index}] is not a list` });
  return {
    label: `builds[${id?.value ?? index}]`,
    id: id?.value,
    line: node.line,
    binary: written(valueOf(node, 'binary')),
    env: envOf(valueOf(node, 'env')),
    goos: writtenList(goosNode)?.map((entry) => entry.value),
    targets: writtenList(valueOf(node, 'targets'))?.map((entry) => entry.value),
    flags: writtenList(valueOf(node, 'flags')) ?? [],
    ldflags: writtenList(valueOf(node, 'ldflags')) ?? [],
    buildmode: written(valueOf(node, 'buildmode')),
    builder: written(valueOf(node, 'builder')),
    skipped: skip?.kind === 'scalar' && (skip.value === true || skip.value === 'true'),
    overridesLine: overrides?.line,
  };
}

function valueOf(node: YamlNode | undefined, key: string): YamlNode | undefined {
  if (node?.kind !== 'map') return undefined;
  return node.entries.find((entry) => entry.key === key)?.value;
}

/** A scalar as text (YAML's `0` and `true` are numbers and booleans; GoReleaser reads them as text). */
function written(node: YamlNode | undefined): Written | undefined {
  if (node?.kind !== 'scalar' || node.value === null) return undefined;
  const value = String(node.value);
  return { value, line: node.line, templated: TEMPLATE.test(value) };
}

/** A list of scalars, or one scalar as a list of one (ldflags: may be either). */
function writtenList(node: YamlNode | undefined): Written[] | undefined {
  if (node === undefined) return undefined;
  if (node.kind === 'scalar') return node.value === null ? [] : [written(node) as Written];
  if (node.kind !== 'list') return [];
  return node.items.flatMap((item) => {
    const entry = written(item);
    return entry ? [entry] : [];
  });
}

/**
 * The key under which envOf keeps an entry whose name is a template or that
 * has no `=` outside one (`"{{ .Env.EXTRA }}"`): it may set any variable.
 */
export const UNREADABLE_ENV = '';

/** `env: [NAME=value, ...]`, by name: a later entry wins, as in a shell. */
function envOf(node: YamlNode | undefined): Map<string, Written> {
  const env = new Map<string, Written>();
  for (const entry of writtenList(node) ?? []) {
    const at = entry.value.indexOf('=');
    const name = at > 0 ? entry.value.slice(0, at) : '';
    if (name === '' || TEMPLATE.test(name)) {
      if (entry.templated) env.set(UNREADABLE_ENV, entry);
      continue;
    }
    const value = entry.value.slice(at + 1);
    // The name as written: GoReleaser passes `CGO_ENABLED =0` on as a variable named "CGO_ENABLED ", which Go ignores.
    env.set(name, { ...entry, value, templated: TEMPLATE.test(value) });
  }
  return env;
}
