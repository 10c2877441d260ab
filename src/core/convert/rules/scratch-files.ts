/**
 * GMC209: what scratch lacks (the CA bundle, /tmp with mode 1777, a minimal
 * passwd for a named user, the folders and links GMC202 found the runtime
 * creating, the data files of netbase and mailcap, installed in the builder
 * first when its image lacks them) is
 * staged in the builder under /rootfs (another name when the file names a
 * rootfs of its own) and copied in one layer. Distroless
 * has all but the folders; with those it is refused.
 */
import { busyboxBase, CA_BUNDLE_PATH, caBundleSource, imageDefaultUser, imageTag } from '../facts/images.js';
import { shellQuote, singleQuote } from '../shell/shell-words.js';
import { chownOwner } from '../facts/users.js';
import { stagePackageManager } from '../facts/packages.js';
import { describeLink, linkCommands } from './runtime-links.js';
import type { StagedDir, StagedLink, StagedPackage, StagedWrite } from './runtime-run.js';
import { startOfCommentsAbove } from '../edits/runtime-layout.js';
import { baseImage, isRootUser, userInForce } from '../facts/origins.js';
import { findingsFor, ruleMeta, type RuleOutput, type WiredRule } from './types.js';

const meta = ruleMeta({
  code: 'GMC209',
  name: 'ScratchFiles',
  severity: ['refusal', 'change'],
  refusals: 'not-seen',
  what: 'stages what scratch lacks in the builder under /rootfs (/gmc-rootfs-1 when the file names a rootfs already, which would ship too; as USER 0 when the builder runs as another user, whose USER it gets back) and copies it in one layer: CA bundle, /tmp, passwd, data folders, the data files of netbase (/etc/services, /etc/protocols) and mailcap or media-types (/etc/mime.types, installed in the builder with its package manager)',
  why: 'TLS fails without the CA bundle, temp files without /tmp, os/user without passwd',
  example: '`COPY --from=build /rootfs/ /` + the CA bundle; distroless with `RUN mkdir`: refused',
});

export interface ScratchFilesOutput extends RuleOutput {
  /** COPY lines for the top of the image that ships. */
  readonly runtimeCopies: readonly string[];
}

export const scratchFilesRule: WiredRule<
  ScratchFilesOutput,
  {
    readonly stagedDirs: readonly StagedDir[];
    readonly stagedLinks: readonly StagedLink[];
    readonly stagedPackages: readonly StagedPackage[];
    readonly stagedWrites: readonly StagedWrite[];
  }
> = {
  meta,
  phase: 'wired',
  check: (facts, { stagedDirs, stagedLinks, stagedPackages, stagedWrites }) => {
    const findings = findingsFor(meta);
    const { builder, builderReference, stage } = facts.layout;
    if (facts.strategy !== 'scratch') {
      const made = [
        ...[...stagedDirs, ...stagedLinks, ...stagedWrites].map((entry) => entry.path),
        ...stagedPackages.flatMap((pkg) => pkg.files.map((file) => `${file} (${pkg.name})`)),
      ];
      if (made.length > 0)
        findings.refuse(
          `the runtime creates ${made.join(', ')} with RUN; use --strategy scratch, which stages them from the builder`,
        );
      return findings.output({ runtimeCopies: [] });
    }
    const root = stagingRoot(facts.text);
    const commands = [`mkdir -p ${root}/tmp`, `chmod 1777 ${root}/tmp`];
    const manager = stagePackageManager(builder, facts.stages);
    const { prebuilt } = facts.layout;
    // busybox stages /tmp and passwd with its own shell; the CA bundle only where the image has one.
    const shellBase = prebuilt && manager === undefined ? busyboxBase(stage.image) : undefined;
    if (prebuilt && manager === undefined && shellBase === undefined) {
      findings.refuse(
        `the image ships a prebuilt binary on ${stage.image}, and what scratch lacks (the CA bundle, /tmp) is staged on that base image, whose package manager the converter does not know: convert with --strategy distroless (distroless static has both), or use an alpine or debian runtime stage, then rerun`,
        stage.from.line,
      );
      return findings.output({ runtimeCopies: [] });
    }
    const installs = builderInstalls(
      stagedPackages,
      manager,
      imageTag(builder.image),
      // Debian and Ubuntu images have no CA bundle until ca-certificates is installed; alpine's has one.
      prebuilt !== undefined && manager === 'apt-get',
    );
    if (!installs.ok) {
      findings.refuse(installs.reason, installs.line);
      return findings.output({ runtimeCopies: [] });
    }
    commands.unshift(...installs.commands);
    const user = facts.passwdUser;
    if (user) {
      const name = user.name ?? 'app';
      // The home adduser gave: Docker sets HOME from it.
      const home = user.home?.path ?? '/nonexistent';
      const groupName = user.group ?? name;
      // root has its entries already: USER root gets them once.
      const passwd =
        name === 'root'
          ? ''
          : ` ${singleQuote(`${name}:x:${user.uid}:${user.gid}:${name}:${home}:/sbin/nologin`)}`;
      const group = groupName === 'root' ? '' : ` ${singleQuote(`${groupName}:x:${user.gid}:`)}`;
      commands.push(
        `mkdir -p ${root}/etc`,
        `printf '%s\\n' 'root:x:0:0:root:/root:/sbin/nologin'${passwd} >${root}/etc/passwd`,
        `printf '%s\\n' 'root:x:0:'${group} >${root}/etc/group`,
      );
    }
    // Paths and modes come from the Dockerfile: each is quoted as one word.
    const ownerAndMode = (target: string, owner: string | undefined, mode: string | undefined) => {
      if (owner) {
        const user = chownOwner(owner, facts.createdUsers, facts.createdGroups);
        commands.push(`chown ${shellQuote(`${user.uid}:${user.gid}`)} ${target}`);
      }
      if (mode) commands.push(`chmod ${shellQuote(mode)} ${target}`);
    };
    const makeParent = (path: string) => {
      const folder = path.slice(0, path.lastIndexOf('/'));
      if (folder !== '') commands.push(`mkdir -p ${shellQuote(`${root}${folder}`)}`);
    };
    // A home the user had and no RUN step staged (distroless's /home/nonroot): made, owned by the user.
    const home = user?.home?.created ? user.home.path : undefined;
    const homeDir: StagedDir[] =
      user && home !== undefined && !stagedDirs.some((dir) => dir.path === home)
        ? [{ path: home, owner: `${user.uid}:${user.gid}` }]
        : [];
    for (const dir of [...stagedDirs, ...homeDir]) {
      const target = shellQuote(`${root}${dir.path}`);
      commands.push(`mkdir -p ${target}`);
      ownerAndMode(target, dir.owner, dir.mode);
    }
    const baseFiles = shellBase?.dataFiles ?? [];
    const dataFiles = [...stagedPackages.flatMap((pkg) => pkg.files), ...baseFiles];
    if (dataFiles.length > 0) {
      // A folder (tzdata's /usr/share/zoneinfo/) is made, and what it holds copied into it.
      const folders = [...new Set(dataFiles.map((file) => file.slice(0, file.lastIndexOf('/'))))];
      commands.push(`mkdir -p ${folders.map((folder) => shellQuote(`${root}${folder}`)).join(' ')}`);
      for (const file of dataFiles)
        commands.push(
          file.endsWith('/')
            ? `cp -R ${shellQuote(`${file}.`)} ${shellQuote(`${root}${file}`)}`
            : `cp ${shellQuote(file)} ${shellQuote(`${root}${file}`)}`,
        );
    }
    // A file echo wrote: the same line, written by printf (whose %s takes the text as it is).
    for (const write of stagedWrites) {
      const target = shellQuote(`${root}${write.path}`);
      makeParent(write.path);
      commands.push(
        `printf '${write.newline ? '%s\\n' : '%s'}' ${singleQuote(write.line)} ${write.append ? '>>' : '>'}${target}`,
      );
    }
    // What chown and chmod gave a written file, once it holds all its lines.
    for (const path of [...new Set(stagedWrites.map((write) => write.path))]) {
      const ofFile = stagedWrites.filter((write) => write.path === path);
      const ownerSet = ofFile.flatMap((write) => (write.owner === undefined ? [] : [write.owner])).pop();
      const modeSet = ofFile.flatMap((write) => (write.mode === undefined ? [] : [write.mode])).pop();
      ownerAndMode(shellQuote(`${root}${path}`), ownerSet, modeSet);
    }
    for (const link of stagedLinks) commands.push(...linkCommands(link, root));
    // A line break in a path (a JSON COPY source can hold one) would end the RUN inside its quotes.
    const unsafe = commands.find((command) =>
      [...command].some((char) => char !== '\t' && (char < ' ' || char === '\u007f')),
    );
    if (unsafe !== undefined) {
      findings.refuse(
        `what the runtime makes would be staged with ${JSON.stringify(unsafe)}, whose control character (a line break) ` +
          'a RUN line cannot carry: rename the path, then rerun',
        stage.from.line,
      );
      return findings.output({ runtimeCopies: [] });
    }
    // A stage that already copies the CA bundle (often to the folder, `/etc/ssl/certs/`) keeps its own COPY.
    const shipsCaBundle = facts.layout.binaries.includes(CA_BUNDLE_PATH);
    // The image the staging runs on: the runtime's own for a prebuilt binary, else the builder's.
    const builderBase = prebuilt ? stage.image : baseImage(facts.stages, builder);
    // A busybox base without one had none to give: the image keeps having none.
    const addsCaBundle = !shipsCaBundle && shellBase?.caBundle !== false;
    const staging = `RUN ${withoutRepeatedFolders(commands).join(` ${facts.escape}\n && `)}\n`;
    // The staging writes /rootfs and may install packages: as root. A builder that runs as another user gets
    // USER 0 for this step and its own user back after it, for any stage that starts FROM it.
    // An image that runs as another user when the file sets none (go-toolset: 1001) needs it as much.
    const ownUser = prebuilt ? undefined : userInForce(facts.stages, builder);
    const defaultUser = prebuilt || ownUser ? undefined : imageDefaultUser(builderBase);
    const builderUser = ownUser
      ? { value: ownUser.value, text: ownUser.text.trimEnd() }
      : defaultUser === undefined
        ? undefined
        : { value: defaultUser, text: `USER ${defaultUser}` };
    const asRoot = builderUser !== undefined && !isRootUser(builderUser.value);
    const run = asRoot ? `USER 0\n${staging}${builderUser.text}\n` : staging;
    if (prebuilt) {
      // No builder stage: a new one on the runtime's own base image, just before the stage that ships.
      const at = startOfCommentsAbove(facts.text, stage.from.lineSpan.start);
      const from = stage.from.text.replace(/\s+AS\s+\S+\s*$/i, '');
      findings.edit(
        at,
        at,
        `# Added by go-microcontainer convert: what the scratch image lacks, staged on the runtime's base image for one COPY.\n` +
          `${from} AS ${builderReference}\n${run}\n`,
      );
    } else {
      const last = builder.instructions[builder.instructions.length - 1] ?? builder.from;
      const at = last.lineSpan.end;
      const needsNewline = at > 0 && facts.text[at - 1] !== '\n';
      findings.edit(
        at,
        at,
        `${needsNewline ? '\n' : ''}# Added by go-microcontainer convert: what the scratch image lacks, staged for one COPY.\n` +
          run,
      );
    }
    findings.change(
      stage.from.line,
      `added ${listed([
        ...(addsCaBundle ? ['the CA bundle'] : []),
        '/tmp (1777)',
        ...(user ? ['/etc/passwd and /etc/group'] : []),
        // /tmp is always added, first: a runtime that made it too is not listed twice.
        ...[...stagedDirs, ...homeDir].filter((dir) => dir.path !== '/tmp').map((dir) => dir.path),
        ...stagedLinks.map(describeLink),
        ...[...new Set(stagedWrites.map((write) => write.path))].map((file) => `${file} (as echo wrote it)`),
        ...stagedPackages.map(
          (pkg) => `${listed([...pkg.files])} (of ${pkg.name}${installedAs(pkg, installs.names)})`,
        ),
        ...baseFiles,
      ])} from ${prebuilt ? `a new stage ${builderReference} on ${stage.image}` : 'the builder'}${
        asRoot ? ` (staged as USER 0: the builder runs as ${builderUser.value}, then gets it back)` : ''
      }`,
      (!addsCaBundle
        ? `scratch has none of them: temp files fail without /tmp (${shipsCaBundle ? 'the stage already copies the CA bundle' : `${stage.image} has no CA bundle either`})`
        : 'scratch has none of them: TLS fails with "certificate signed by unknown authority" without the CA bundle, and temp files fail without /tmp') +
        (stagedPackages.length > 0
          ? `; the runtime installed its packages for these data files, which the program reads (${[...new Set(stagedPackages.map((pkg) => pkg.holds))].join(', ')})`
          : '') +
        (baseFiles.length > 0
          ? `; ${stage.image} adds ${listed([...baseFiles])} to busybox, which the program may read (time zones, service names)`
          : ''),
    );
    return findings.output({
      runtimeCopies: [
        `COPY --from=${builderReference} ${root}/ /`,
        ...(addsCaBundle
          ? [`COPY --from=${builderReference} ${caBundleSource(builderBase)} ${CA_BUNDLE_PATH}`]
          : []),
      ],
    });
  },
};

/**
 * The builder folder the staging fills and the image copies whole: /rootfs,
 * unless the file names something called rootfs already (a builder's
 * `WORKDIR /rootfs`, a hand-made staging folder), whose contents (the build
 * context, a .env) would then ship in the image. The next free name is taken.
 */
export function stagingRoot(text: string): string {
  const taken = (name: string) => new RegExp(`(^|[^\\w.-])${name}($|[^\\w.-])`, 'm').test(text);
  if (!taken('rootfs')) return '/rootfs';
  for (let n = 1; ; n++) if (!taken(`gmc-rootfs-${n}`)) return `/gmc-rootfs-${n}`;
}

type BuilderInstalls =
  | {
      readonly ok: true;
      readonly commands: readonly string[];
      /** The package installed in the builder, by runtime package name. */
      readonly names: ReadonlyMap<string, string>;
    }
  | { readonly ok: false; readonly reason: string; readonly line: number };

/**
 * The builder's install of what the runtime's data-file packages need
 * there (mailcap's /etc/mime.types), with the builder's own package manager;
 * a refusal when the builder's package manager is not known.
 */
function builderInstalls(
  packages: readonly StagedPackage[],
  manager: 'apk' | 'apt-get' | undefined,
  /** The builder image's tag: Debian before bullseye has mime-support, not media-types. */
  tag: string,
  /** The builder has no CA bundle of its own: ca-certificates is installed too. */
  caCertificates = false,
): BuilderInstalls {
  const needed = packages.filter((pkg) => pkg.builderInstall);
  if (needed.length === 0 && !caCertificates) return { ok: true, commands: [], names: new Map() };
  const first = needed[0] as StagedPackage;
  if (!manager)
    return {
      ok: false,
      line: first.line,
      reason: `line ${first.line} installs ${first.name} for ${first.files.join(', ')}, which scratch lacks and the builder must provide: the converter cannot tell the builder's package manager; install ${first.name} in the builder stage, then rerun`,
    };
  const olderDebian = /\b(jessie|stretch|buster)\b/.test(tag);
  const names = new Map(
    needed.map((pkg) => {
      const apt = pkg.builderInstall?.apt ?? '';
      const name =
        manager === 'apk'
          ? (pkg.builderInstall?.apk ?? '')
          : olderDebian && apt === 'media-types'
            ? 'mime-support'
            : apt;
      return [pkg.name, name];
    }),
  );
  const list = [...new Set([...(caCertificates ? ['ca-certificates'] : []), ...names.values()])]
    .map(shellQuote)
    .join(' ');
  const commands =
    manager === 'apk'
      ? [`apk add --no-cache ${list}`]
      : [
          'apt-get update',
          // tzdata asks for a time zone on a terminal otherwise, and the build waits for it.
          `${names.has('tzdata') ? 'DEBIAN_FRONTEND=noninteractive ' : ''}apt-get install -y --no-install-recommends ${list}`,
          'rm -rf /var/lib/apt/lists/*',
        ];
  return { ok: true, commands, names };
}

/** How a data-file package got into the builder, for the report: ", installed in the builder (as media-types)". */
function installedAs(pkg: StagedPackage, names: ReadonlyMap<string, string>): string {
  if (!pkg.builderInstall) return '';
  const name = names.get(pkg.name);
  return name === pkg.name ? ', installed in the builder' : `, installed in the builder as ${name}`;
}

/** The commands with each `mkdir -p` of a folder made already left out. */
function withoutRepeatedFolders(commands: readonly string[]): string[] {
  const made = new Set<string>();
  return commands.filter((command) => {
    if (!command.startsWith('mkdir -p ')) return true;
    if (made.has(command)) return false;
    made.add(command);
    return true;
  });
}

/** "a, b and c". */
function listed(items: readonly string[]): string {
  return items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
