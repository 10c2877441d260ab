/**
 * GMC108: a Dockerfile with no Go build whose stage that ships starts a
 * binary copied from the build context (GoReleaser's `dockers:` and
 * `dockers_v2:` pattern: `COPY app /usr/bin/app`, `ENTRYPOINT
 * ["/usr/bin/app"]`) converts only when that binary is known to be static:
 * from the file itself when it is in the context (its ELF header, GMC207
 * reads it), or else from the context's GoReleaser config, which must say it
 * is built with CGO_ENABLED=0 for linux with nothing that links dynamically.
 * Missing, contrary or unresolvable evidence is a refusal naming the one
 * setting to change; nothing is guessed. With no config at all, GMC003
 * refuses and says a config is what would let the binary be judged.
 */
import {
  goreleaserConfig,
  koConfig,
  promuConfig,
  type ReleaseTool,
  UNREADABLE_ENV,
  type GoreleaserConfig,
  type ReleaseBuild,
  type Written,
  defaultReleaseBuild,
} from '../builds/release-config.js';
import type { Facts, PrebuiltStart } from '../facts/facts.js';
import { findingsFor, ruleMeta, type FileRule, type GateRule } from './types.js';

const meta = ruleMeta({
  code: 'GMC108',
  name: 'PrebuiltBinary',
  severity: ['refusal', 'change'],
  refusals: 'not-seen',
  what: 'with no Go build in the file, judges a binary copied from the build context static from its GoReleaser config, `.ko.yaml` or `.promu.yml` (the builds that make it set CGO_ENABLED=0, target linux, no `-linkmode external`, `-buildmode pie` or `c-shared`), or from the file itself; refuses missing, contrary or templated evidence with the setting to change',
  why: 'scratch runs only a static binary, and one built outside the Dockerfile is static only if its build says so',
  example:
    '`COPY app /usr/bin/app` + `.goreleaser.yaml` with `env: [CGO_ENABLED=0]` → `FROM scratch`; no `CGO_ENABLED=0` for the build: refused',
});

/** What a build whose binary the image ships says about linking. */
interface JudgedBuild {
  readonly build: ReleaseBuild;
  /** Why it is not known static; empty when it is. */
  readonly reasons: readonly string[];
  /** Where CGO_ENABLED=0 is set, for the report. */
  readonly cgo: { readonly line: number; readonly where: 'build' | 'top-level' | 'default' } | undefined;
}

export type PrebuiltEvidence =
  /** The file is in the build context: what it is decides (GMC207 refuses one that is not static). */
  | { readonly kind: 'binary' }
  | { readonly kind: 'no-config' }
  | { readonly kind: 'static'; readonly config: GoreleaserConfig; readonly builds: readonly JudgedBuild[] }
  | { readonly kind: 'refused'; readonly reasons: readonly string[] };

/**
 * What is known of the prebuilt binary's linking; undefined for a file that
 * builds Go itself or ships no binary copied from the context.
 */
export function prebuiltEvidence(facts: Facts): PrebuiltEvidence | undefined {
  const { prebuilt } = facts;
  if (prebuilt === undefined || facts.goCommands.length > 0) return undefined;
  if (prebuilt.file !== undefined) return { kind: 'binary' };
  const read = prebuilt.config;
  if (read.kind === 'absent') return { kind: 'no-config' };
  if (read.kind === 'refused')
    return {
      kind: 'refused',
      reasons: [
        `${read.file} could not be read (${read.reason}), so ${named(prebuilt)} cannot be judged static`,
      ],
    };
  if (read.kind === 'unparsable')
    return {
      kind: 'refused',
      reasons: [
        `${read.file} does not parse as YAML${read.line === undefined ? '' : ` (line ${read.line})`}: ${read.message}; fix it, then rerun`,
      ],
    };
  const config =
    read.tool === 'ko'
      ? koConfig(read, facts.modulePath)
      : read.tool === 'promu'
        ? promuConfig(read)
        : goreleaserConfig(read);
  if (config.problems.length > 0)
    return {
      kind: 'refused',
      reasons: config.problems.map(
        ({ line, message }) =>
          `${message} (${config.file} line ${line}), so the converter cannot tell how ${TOOL_NAME[config.tool]} builds ${named(prebuilt)}: fix it, then rerun`,
      ),
    };
  return judgeConfig(prebuilt, facts, config);
}

export const prebuiltBinaryGateRule: GateRule = {
  meta,
  phase: 'gate',
  check: (facts) => {
    const evidence = prebuiltEvidence(facts);
    if (evidence?.kind !== 'refused') return undefined;
    const findings = findingsFor(meta);
    const line = facts.prebuilt?.copy.line;
    for (const reason of evidence.reasons) findings.refuse(reason, line);
    return findings.refusedVerdict();
  },
};

/** The report of a prebuilt binary judged static: from which file and line. */
export const prebuiltBinaryRule: FileRule = {
  meta,
  phase: 'file',
  check: (facts) => {
    const findings = findingsFor(meta);
    const evidence = prebuiltEvidence(facts);
    const { prebuilt } = facts;
    if (!prebuilt || evidence === undefined) return findings.output();
    if (evidence.kind === 'binary' && prebuilt.file?.kind === 'static')
      findings.change(
        prebuilt.copy.line,
        `judged ${prebuilt.path} (${prebuilt.source} of the build context) static from the file itself: its ELF header asks for no loader`,
        'the binary is built outside this Dockerfile; scratch runs it because it is static',
      );
    if (evidence.kind === 'static') {
      const { config } = evidence;
      const settings = evidence.builds.map(({ build, cgo }) =>
        cgo?.where === 'top-level'
          ? `${build.label} gets CGO_ENABLED=0 from the top-level env: (${config.file} line ${cgo.line})`
          : cgo?.where === 'default'
            ? `${build.label} (${config.file} line ${cgo.line}) sets no ${config.tool === 'promu' ? 'go: cgo: true' : 'CGO_ENABLED'}, and ${config.tool} builds with CGO_ENABLED=0 unless told otherwise`
            : `${build.label} sets CGO_ENABLED=0 (${config.file} line ${cgo?.line ?? build.line})`,
      );
      findings.change(
        prebuilt.copy.line,
        `judged ${prebuilt.path} (${prebuilt.source} of the build context) static from ${config.file}: ${settings.join('; ')}, for linux, with no -linkmode external or -buildmode pie`,
        `the binary is built ${BUILT_BY[config.tool]} outside this Dockerfile; a Go build with CGO_ENABLED=0 that links internally is static, and scratch runs it`,
      );
    }
    return findings.output();
  },
};

const TOOL_NAME: Record<ReleaseTool, string> = { goreleaser: 'GoReleaser', ko: 'ko', promu: 'promu' };

const BUILT_BY: Record<ReleaseTool, string> = {
  goreleaser: 'by GoReleaser',
  ko: 'as ko builds it',
  promu: 'by promu (make crossbuild)',
};

/** How to make a build of the tool name its binary `name`. */
const NAMING_HINT: Record<ReleaseTool, (name: string) => string> = {
  goreleaser: (name) => `set binary: ${name} on the build that makes it`,
  ko: (name) =>
    `ko names a binary after its main package; give the build whose main is the ${name} package an entry in builds:`,
  promu: (name) => `add - name: ${name} under build: binaries: (with its path:)`,
};

/** "/usr/bin/app (copied from app of the build context at line 3)"; a name an ARG gives shows both. */
export function named(prebuilt: PrebuiltStart): string {
  const defaults =
    prebuilt.writtenSource === prebuilt.source ? '' : `; ${prebuilt.source} by this file's defaults`;
  return `${prebuilt.path} (copied from ${prebuilt.writtenSource} of the build context at line ${prebuilt.copy.line}${defaults})`;
}

function judgeConfig(prebuilt: PrebuiltStart, facts: Facts, config: GoreleaserConfig): PrebuiltEvidence {
  const file = config.file;
  const name = prebuilt.source.split('/').filter(Boolean).pop() ?? prebuilt.source;
  if (name.includes('$'))
    return {
      kind: 'refused',
      reasons: [
        `line ${prebuilt.copy.line} copies ${prebuilt.source}, whose name holds a variable with no default in this Dockerfile: the converter cannot tell which build of ${file} makes it; give the ARG a default, then rerun`,
      ],
    };
  const entries = config.dockers.filter(
    (docker) => docker.dockerfile.templated || samePath(docker.dockerfile.value, config.dockerfile),
  );
  const builds: readonly ReleaseBuild[] = (config.builds ?? [defaultReleaseBuild()]).filter(
    (build) => !build.skipped,
  );
  let selected = builds;
  // GoReleaser filters by ids only when the list holds some (`ids: []` takes every build).
  if (entries.length > 0 && entries.every((entry) => entry.ids !== undefined && entry.ids.length > 0)) {
    const ids = entries.flatMap((entry) => entry.ids ?? []);
    const templated = ids.find((id) => id.templated);
    if (templated)
      return {
        kind: 'refused',
        reasons: [
          `the ${entries[0]?.section} entry for ${config.dockerfile} selects its builds with ids: ${templated.value} (${file} line ${templated.line}), a template the converter cannot resolve; write the build ids out, then rerun`,
        ],
      };
    const idOf = buildIds(builds, config, ids);
    const unknown = ids.filter((id) => !builds.some((build) => idOf(build) === id.value));
    if (unknown.length > 0 && unknown.length === ids.length)
      return {
        kind: 'refused',
        reasons: [
          `the ${entries[0]?.section} entry for ${config.dockerfile} selects ids: ${[...new Set(ids.map((id) => id.value))].join(', ')} (${file} line ${ids[0]?.line}), and no build of ${file} has those ids`,
        ],
      };
    selected = builds.filter((build) => ids.some((id) => id.value === idOf(build)));
  }
  const making = selected.filter((build) => {
    const made = binaryName(build, config);
    return made === undefined || made === name;
  });
  if (making.length === 0) {
    const made = selected.map((build) => `${binaryName(build, config) ?? '?'} (${build.label})`).join(', ');
    return {
      kind: 'refused',
      reasons: [
        `line ${prebuilt.copy.line} copies ${prebuilt.source}, and no build of ${file} makes a binary of that name (they make ${made || 'nothing'}): ${NAMING_HINT[config.tool](name)}, then rerun`,
      ],
    };
  }
  const judged = making.map((build) => judgeBuild(build, config, facts));
  if (judged.every((build) => build.reasons.length === 0)) return { kind: 'static', config, builds: judged };
  if (judged.length > 1 && judged.some((build) => build.reasons.length === 0)) {
    const labels = judged.map(({ build }) => build.label).join(', ');
    const dynamic = judged.filter((build) => build.reasons.length > 0);
    return {
      kind: 'refused',
      reasons: [
        `several builds of ${file} could make ${name} (${labels}), and not all of them are known static: name the one the image ships with ids: [<id>] in the dockers entry for ${config.dockerfile}, or give each build its own binary: name (${dynamic.map((build) => `${build.build.label}: ${build.reasons[0]}`).join('; ')})`,
      ],
    };
  }
  return { kind: 'refused', reasons: judged.flatMap((build) => build.reasons) };
}

/**
 * The id GoReleaser gives each build: its `id:`, else the project name
 * (`project_name:`, which defaults to the repository's name). Where the file
 * sets no project name and one build has no id, the one id the dockers
 * entries name and no build has is that build's: the release would fail
 * otherwise.
 */
function buildIds(
  builds: readonly ReleaseBuild[],
  config: GoreleaserConfig,
  selectedIds: readonly { readonly value: string }[],
): (build: ReleaseBuild) => string | undefined {
  const project = projectName(config);
  const unnamed = builds.filter((build) => build.id === undefined);
  const named = new Set(
    selectedIds.map((id) => id.value).filter((id) => !builds.some((build) => build.id === id)),
  );
  const implied =
    config.projectName === undefined && unnamed.length === 1 && named.size === 1 ? [...named][0] : undefined;
  return (build) => build.id ?? project ?? implied;
}

/** `project_name:` as written; undefined when unset or a template. */
function projectName(config: GoreleaserConfig): string | undefined {
  return config.projectName && !config.projectName.templated ? config.projectName.value : undefined;
}

/** The file name of a build's binary in the Docker context; undefined when a template hides it. */
function binaryName(build: ReleaseBuild, config: GoreleaserConfig): string | undefined {
  const project = projectName(config);
  const binary = build.binary?.value.replace(
    /\{\{-?\s*\.ProjectName\s*-?\}\}/g,
    project ?? '{{.ProjectName}}',
  );
  if (binary === undefined) return project;
  if (/\{\{/.test(binary)) return undefined;
  return binary.split('/').filter(Boolean).pop();
}

function samePath(a: string, b: string): boolean {
  const normal = (path: string) => path.replace(/^(\.\/)+/, '');
  return normal(a) === normal(b);
}

const DYNAMIC_BUILDMODES = new Set(['pie', 'c-shared', 'c-archive', 'shared', 'plugin']);
/** go build flags that need cgo or a dynamic link. */
const DYNAMIC_FLAGS = new Map([
  ['-linkshared', 'links against shared Go libraries'],
  ['-race', 'needs cgo (the race detector)'],
  ['-msan', 'needs cgo (the memory sanitizer)'],
  ['-asan', 'needs cgo (the address sanitizer)'],
]);
/** A template in the text of a flag: hidden in one word, so that spaces inside it split nothing. */
const PLACEHOLDER = '\u0000template\u0000';

function judgeBuild(build: ReleaseBuild, config: GoreleaserConfig, facts: Facts): JudgedBuild {
  const { file } = config;
  const { label } = build;
  const reasons: string[] = [];
  const at = (line: number) => `${file} line ${line}`;
  if (build.builder && build.builder.value !== 'go')
    reasons.push(
      `${label} uses builder: ${build.builder.value} (${at(build.builder.line)}): the converter judges only Go builds`,
    );
  if (build.overridesLine !== undefined)
    reasons.push(
      `${label} has overrides: (${at(build.overridesLine)}), whose per-platform env and flags the converter does not read: set them on the build itself, then rerun`,
    );
  if (build.targets !== undefined) {
    if (!build.targets.some((target) => /^linux_|first_class$|\{\{/.test(target)))
      reasons.push(
        `${label} has no linux target in targets: (${build.targets.join(', ')}): the image ships a linux binary`,
      );
  } else if (build.goos !== undefined && !build.goos.some((os) => os === 'linux' || /\{\{/.test(os)))
    reasons.push(
      config.tool === 'promu'
        ? `${file} cross-builds for ${build.goos.join(', ')}, not linux: add linux/amd64 to crossbuild: platforms: in ${file}`
        : `${label} builds for goos ${build.goos.join(', ')}, not linux: add linux to its goos: in ${file}`,
    );

  const own = build.env.get('CGO_ENABLED');
  const cgo = own ?? config.env.get('CGO_ENABLED');
  const unreadable = build.env.get(UNREADABLE_ENV) ?? (own ? undefined : config.env.get(UNREADABLE_ENV));
  let cgoAt: JudgedBuild['cgo'];
  if (unreadable && !own)
    reasons.push(
      `the env entry ${unreadable.value} (${at(unreadable.line)}) is a template the converter cannot resolve, and it may set CGO_ENABLED: add CGO_ENABLED=0 to the env: of ${label} in ${file}`,
    );
  else if (cgo === undefined)
    reasons.push(
      `CGO_ENABLED is not set for ${label} in ${file}: GoReleaser then leaves cgo to Go's default, which is on for a native linux build where a C compiler is found, and makes a dynamically linked binary: add env: [CGO_ENABLED=0] to ${label} in ${file}`,
    );
  else if (cgo.templated)
    reasons.push(
      `CGO_ENABLED=${cgo.value} (${at(cgo.line)}) is a template the converter cannot resolve, so whether ${label} is static is unknown: write CGO_ENABLED=0 in ${file}`,
    );
  // Go reads CGO_ENABLED as written: only "0" turns cgo off (" 0" leaves Go's default, on).
  else if (cgo.value !== '0')
    reasons.push(
      config.tool === 'promu'
        ? `${label} is built with cgo: go: cgo: true (${at(cgo.line)}) makes promu build with CGO_ENABLED=1, and a cgo binary needs the C library scratch does not have; set go: cgo: false in ${file} if the program builds without cgo`
        : `${label} sets CGO_ENABLED=${cgo.value} (${at(cgo.line)}): a cgo binary needs the C library scratch does not have; set CGO_ENABLED=0 in ${file} if the program builds without cgo`,
    );
  else cgoAt = { line: cgo.line, where: cgo.byDefault ? 'default' : own ? 'build' : 'top-level' };

  const goflags = build.env.get('GOFLAGS') ?? config.env.get('GOFLAGS');
  const tags: string[] = [];
  reasons.push(...flagReasons(build.flags, label, at, tags));
  if (goflags) reasons.push(...flagReasons([goflags], label, at, tags));
  const ldflags = build.ldflags.flatMap((entry) => words(entry.value).map((word) => ({ word, entry })));
  ldflags.forEach(({ word, entry }, index) => {
    const previous = ldflags[index - 1]?.word;
    const linkmode = word.startsWith('-linkmode=')
      ? word.slice('-linkmode='.length)
      : previous === '-linkmode'
        ? word
        : undefined;
    if (linkmode === 'external')
      reasons.push(
        `${label} links with -linkmode external (${at(entry.line)}): the external linker makes a dynamically linked binary; remove it from ldflags: in ${file}`,
      );
    else if (word.includes(PLACEHOLDER) && !isTemplateValueOf(word, previous))
      reasons.push(
        `the ldflags entry ${entry.value} of ${label} (${at(entry.line)}) holds a template the converter cannot resolve, which could hold -linkmode external: write those flags out (templates are fine in -X values), then rerun`,
      );
  });
  if (build.buildmode !== undefined) {
    const mode = build.buildmode.value;
    if (build.buildmode.templated)
      reasons.push(
        `buildmode: ${mode} of ${label} (${at(build.buildmode.line)}) is a template the converter cannot resolve: write it out`,
      );
    else if (DYNAMIC_BUILDMODES.has(mode))
      reasons.push(
        `${label} has buildmode: ${mode} (${at(build.buildmode.line)}), which makes a dynamically linked binary (or no program at all): remove it from ${file}`,
      );
  }
  if (facts.tzdataFrom === 'package' && !tags.includes('timetzdata')) {
    const install = facts.layout?.runtimeInstructions.find(
      (instruction) => instruction.kind === 'run' && /\btzdata\b/.test(instruction.text),
    );
    reasons.push(
      `${install ? `line ${install.line}` : 'the runtime'} installs tzdata, which scratch lacks, and the converter cannot add -tags timetzdata to a build outside the Dockerfile: add -tags=timetzdata to the flags: of ${label} in ${file}, then rerun`,
    );
  }
  return { build, reasons: [...new Set(reasons)], cgo: cgoAt };
}

/**
 * The refusals of a build's flags: entries (or of GOFLAGS), collecting their
 * -tags into `tags`. GoReleaser passes each entry to go build as one
 * argument, so the value of a flag that ends its entry (`flags: [-buildmode,
 * pie]`) is the next entry.
 */
function flagReasons(
  entries: readonly Written[],
  label: string,
  at: (line: number) => string,
  tags: string[],
): string[] {
  const reasons: string[] = [];
  const list = entries.flatMap((entry, entryIndex) =>
    words(entry.value).map((word, index, all) => ({
      word,
      entry,
      next: index === all.length - 1 ? entries[entryIndex + 1]?.value : all[index + 1],
      // The words after it in its entry: part of its value (`-ldflags=-s -linkmode external` is one argument).
      rest: all.slice(index + 1).join(' '),
    })),
  );
  list.forEach(({ word, entry, next, rest }, index) => {
    const where = at(entry.line);
    const previous = list[index - 1]?.word;
    const [flag = word, value] =
      word.startsWith('-') && word.includes('=')
        ? [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)]
        : [word, undefined];
    const name = flag.replace(/^--/, '-');
    if (name === '-buildmode') {
      const mode = value ?? next ?? '';
      if (mode.includes(PLACEHOLDER))
        reasons.push(
          `-buildmode in the flags of ${label} (${where}) is a template the converter cannot resolve: write it out`,
        );
      else if (DYNAMIC_BUILDMODES.has(mode))
        reasons.push(
          `${label} builds with -buildmode=${mode} (${where}), which makes a dynamically linked binary: remove it from the flags: in its config`,
        );
    } else if (DYNAMIC_FLAGS.has(name))
      reasons.push(
        `${label} builds with ${name} (${where}), which ${DYNAMIC_FLAGS.get(name)}: remove it from the flags: in its config`,
      );
    else if (name === '-tags') tags.push(...(value ?? next ?? '').split(/[,\s]+/));
    else if (
      name === '-ldflags' &&
      /-linkmode[= ]external/.test(value === undefined ? (next ?? '') : `${value} ${rest}`)
    )
      reasons.push(
        `${label} links with -linkmode external (${where}): remove it from the flags: in its config`,
      );
    // (-tags=<template> is read as -tags above.)
    else if (word.includes(PLACEHOLDER) && !/^-?-tags$/.test(previous?.replace(/^--/, '-') ?? ''))
      reasons.push(
        `the flags entry ${entry.value} of ${label} (${where}) holds a template the converter cannot resolve, which could hold -buildmode=pie: write it out (templates are fine in -tags), then rerun`,
      );
  });
  return reasons;
}

/** A template word that is the value of -X (`-X main.version={{.Version}}`) or of -extldflags, which a static link does not use. */
function isTemplateValueOf(word: string, previous: string | undefined): boolean {
  if (/^-X[=.\w]/.test(word) && word.indexOf('=') < word.indexOf(PLACEHOLDER)) return true;
  return (
    (previous === '-X' && word.indexOf('=') >= 0 && word.indexOf('=') < word.indexOf(PLACEHOLDER)) ||
    previous === '-extldflags'
  );
}

/** The words of a flags text, quotes removed, each `{{ ... }}` template kept within one word. */
function words(text: string): string[] {
  const hidden = text.replace(/\{\{[\s\S]*?\}\}/g, PLACEHOLDER);
  return [...hidden.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map(
    (match) => match[1] ?? match[2] ?? match[3] ?? '',
  );
}
