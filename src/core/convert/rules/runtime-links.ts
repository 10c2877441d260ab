/**
 * GMC202's reading of `ln -s` in a runtime RUN: the links it makes, as data
 * GMC209 (rules/scratch-files.ts) makes again under /rootfs in the builder.
 *
 * Where ln puts a link depends on the image: into NAME when NAME is a folder
 * there (`ln -s /usr/local/bin/app /usr/bin` makes /usr/bin/app on alpine),
 * as NAME otherwise. A wildcard (`ln -s /usr/local/bin/*nsq* /`) matches what
 * the runtime's COPYs put in its folder: names the file states are matched
 * here; a folder copied whole from the builder is matched by the builder's
 * shell, over the same files, when the links are staged.
 */
import { resolvePath } from '../facts/dockerfile-model.js';
import type { CopiedFile, CopyFacts, StageFacts } from '../facts/facts.js';
import { BASE_IMAGE_FOLDERS, copiedPaths, destinationKind } from '../facts/folders.js';
import { isGoBuiltFile } from '../facts/image-contents.js';
import { symbolicLink } from '../shell/file-commands.js';
import { shellQuote } from '../shell/shell-words.js';

/** A symbolic link the runtime made, made the same way under /rootfs. */
export type StagedLink =
  | {
      readonly kind: 'link';
      readonly path: string;
      /** As written: a link's target is not resolved when it is made. */
      readonly target: string;
    }
  | {
      /**
       * One link in `into` for each file of the builder's folder `from` that
       * `pattern` matches: the files a COPY put in the runtime's folder.
       */
      readonly kind: 'each';
      /** `into` and the pattern, for reports. */
      readonly path: string;
      readonly into: string;
      /** The folder of the targets as written (`/usr/local/bin/`): each link points to it plus the file's name. */
      readonly targetFolder: string;
      readonly from: string;
      readonly pattern: string;
    };

export interface LinkContext {
  /** The stage that ships, and the index of the RUN in it. */
  readonly stage: StageFacts;
  readonly before: number;
  readonly workdir: string;
  /** The stage GMC209 stages in, and what the stage that ships copies from other stages. */
  readonly builder: StageFacts;
  readonly copied: readonly CopiedFile[];
  /** A prebuilt binary's stage: the staging runs on a new stage, which has none of the builder's files. */
  readonly stagesOnNewStage: boolean;
  /** Whether `path` is a folder in the runtime image when the RUN runs. */
  readonly isFolder: (path: string) => boolean;
  /** What earlier steps of the runtime made (folders, files, links), which a wildcard also matches. */
  readonly made: readonly string[];
}

type Links =
  { readonly ok: true; readonly links: StagedLink[] } | { readonly ok: false; readonly reason: string };

/**
 * Folders the replaced base images have empty (alpine, debian, ubuntu): what
 * a wildcard matches in them is what the Dockerfile put there. /bin or /etc
 * hold the base image's own files, which scratch does not have.
 */
const EMPTY_BASE_FOLDERS: ReadonlySet<string> = new Set([
  '/usr/local/bin',
  '/usr/local/sbin',
  '/opt',
  '/srv',
  '/mnt',
]);

const GLOB = /[*?[]/;
const parentOf = (path: string) => path.slice(0, path.lastIndexOf('/')) || '/';
const baseName = (path: string) => path.replace(/\/+$/, '').split('/').pop() ?? path;
const inFolder = (folder: string, name: string) => (folder === '/' ? `/${name}` : `${folder}/${name}`);

/**
 * The links `ln` makes with `args` (expanded, as the shell passes them; `raw`
 * is each as written, to tell a wildcard from a quoted `*`), or why the
 * converter cannot tell.
 */
export function linksMade(args: readonly string[], raw: readonly string[], context: LinkContext): Links {
  const parsed = symbolicLink(args);
  if (!parsed.ok) return parsed;
  const name = resolvePath(context.workdir, parsed.name);
  const intoFolder = parsed.intoFolder || (context.isFolder(name) && !parsed.noDereference);
  if (!intoFolder && context.isFolder(name))
    return {
      ok: false,
      reason: `its option -n on the folder ${name}, which the image has and scratch does not`,
    };
  if (GLOB.test(parsed.name)) return { ok: false, reason: 'a wildcard in the link name' };
  const [single] = parsed.targets;
  if (!intoFolder && MAYBE_BASE_FOLDERS.has(name))
    return {
      ok: false,
      reason: `a link named ${name}, a folder the replaced image may have, where ln would put it inside`,
    };
  if (!intoFolder)
    return single === undefined || GLOB.test(single)
      ? { ok: false, reason: 'a wildcard, whose links go into a folder' }
      : checked([{ kind: 'link', path: name, target: single }], context);
  const links: StagedLink[] = [];
  for (const target of parsed.targets) {
    if (!GLOB.test(target)) {
      links.push({ kind: 'link', path: inFolder(name, baseName(target)), target });
      continue;
    }
    const matched = wildcardLinks(target, raw[args.indexOf(target)] ?? '', name, context);
    if (!matched.ok) return matched;
    links.push(...matched.links);
  }
  return checked(links, context);
}

/**
 * Folders alpine or debian have that scratch does not, beyond
 * BASE_IMAGE_FOLDERS (which every replaced base has): a link named after one
 * would be made inside it in the original, and as it on scratch.
 */
const MAYBE_BASE_FOLDERS: ReadonlySet<string> = new Set([
  '/var/log',
  '/var/cache',
  '/var/tmp',
  '/var/spool',
  '/var/mail',
  '/var/opt',
  '/var/local',
  '/var/run',
  '/usr/local/share',
  '/usr/local/lib',
  '/usr/local/include',
  '/usr/include',
  '/usr/libexec',
  '/etc/ssl',
  '/etc/ssl/certs',
  '/media',
]);

/**
 * The links, unless one replaces what a COPY before the RUN wrote: the new
 * image copies the staged links in first, and that COPY would then write over
 * the link instead.
 */
function checked(links: StagedLink[], context: LinkContext): Links {
  for (const copy of context.stage.instructions) {
    if (copy.kind !== 'copy' || copy.index >= context.before) continue;
    const written = copiedPaths(copy, context.stage);
    const over = links.find((link) => written.includes(link.path));
    if (over)
      return {
        ok: false,
        reason: `a link over ${over.path}, which line ${copy.line} copies, and which the new image would copy over the link`,
      };
  }
  return { ok: true, links };
}

/** The links `ln -s FOLDER/PATTERN into` makes: one for each file of FOLDER the pattern matches. */
function wildcardLinks(target: string, raw: string, into: string, context: LinkContext): Links {
  const cut = target.lastIndexOf('/');
  const targetFolder = target.slice(0, cut + 1);
  const pattern = target.slice(cut + 1);
  // Quotes or an escape would make a * literal, and [...] classes are read differently by shells: not guessed.
  if (raw !== target || GLOB.test(targetFolder) || pattern.includes('['))
    return {
      ok: false,
      reason: 'a wildcard the converter does not read (quoted, in a folder name, or a [class])',
    };
  const folder = resolvePath(context.workdir, targetFolder || '.');
  if (BASE_IMAGE_FOLDERS.has(folder) && !EMPTY_BASE_FOLDERS.has(folder))
    return { ok: false, reason: `a wildcard over ${folder}, which holds the base image's own files` };
  const contents = folderContents(folder, context);
  if (!contents.ok) return contents;
  const matches = globPattern(pattern);
  const named = [...new Set(contents.names)].filter((entry) => matches.test(entry));
  const [from, ...more] = contents.builderFolders;
  // Names the builder's loop would also make, or two loops: the same link twice, which ln refuses.
  if (from !== undefined && (named.length > 0 || more.length > 0))
    return { ok: false, reason: `a wildcard over ${folder}, which several COPYs fill` };
  const links: StagedLink[] =
    from === undefined
      ? named.map((entry) => ({
          kind: 'link',
          path: inFolder(into, entry),
          target: `${targetFolder}${entry}`,
        }))
      : [{ kind: 'each', path: inFolder(into, pattern), into, targetFolder, from, pattern }];
  if (links.length === 0)
    return { ok: false, reason: `a wildcard that matches nothing the file puts in ${folder}` };
  return { ok: true, links };
}

type Contents =
  | { readonly ok: true; readonly names: string[]; readonly builderFolders: string[] }
  | { readonly ok: false; readonly reason: string };

/**
 * What `folder` holds when the RUN runs, as far as the stage's COPYs and
 * earlier steps tell: names, and folders of the builder copied whole into it.
 */
function folderContents(folder: string, context: LinkContext): Contents {
  const names: string[] = [];
  const builderFolders: string[] = [];
  // The first name below `folder` of a path the stage made there (a file, or a folder on the way to one).
  const below = (path: string) =>
    path.startsWith(folder === '/' ? '/' : `${folder}/`)
      ? path.slice(folder.length).split('/').find(Boolean)
      : undefined;
  for (const path of context.made) {
    const entry = below(path);
    // A link another wildcard made (`/srv/*nsq*`): its names are the builder's to list.
    if (entry !== undefined && GLOB.test(entry))
      return { ok: false, reason: `a wildcard over the links another wildcard made in ${folder}` };
    if (entry !== undefined) names.push(entry);
  }
  for (const copy of context.stage.instructions) {
    if (copy.kind !== 'copy' || copy.index >= context.before) continue;
    const destination = resolvePath(copy.scope.workdir, copy.arguments.at(-1) ?? '');
    const kind = destinationKind(copy, context.stage);
    for (const source of copy.arguments.slice(0, -1)) {
      if (kind === 'file') {
        const entry = below(destination);
        if (entry !== undefined) names.push(entry);
        continue;
      }
      if (destination !== folder) {
        const entry = below(inFolder(destination, baseName(source)));
        if (entry !== undefined) names.push(entry);
        continue;
      }
      const copied = sourceIn(copy, source, context);
      if (!copied.ok) return copied;
      if (copied.file) names.push(baseName(source));
      else builderFolders.push(copied.from);
    }
  }
  return { ok: true, names, builderFolders };
}

/**
 * What a COPY into the wildcard's folder puts there: a file a go build of the
 * builder wrote (its name), or a folder of the builder copied whole (its
 * files, which only the builder's shell can list).
 */
function sourceIn(
  copy: CopyFacts,
  source: string,
  context: LinkContext,
):
  | { readonly ok: true; readonly file: boolean; readonly from: string }
  | { readonly ok: false; readonly reason: string } {
  const cannotList = {
    ok: false,
    reason: `a wildcard over files line ${copy.line} copies that this file does not name`,
  } as const;
  if (copy.from === undefined || GLOB.test(source) || context.stagesOnNewStage) return cannotList;
  // COPY --from reads its sources from the root of the other stage.
  const from = resolvePath('/', source);
  const entries = context.copied.filter((candidate) => candidate.copy.index === copy.index);
  if (entries.length === 0 || entries.some((entry) => entry.stage !== context.builder)) return cannotList;
  if (isGoBuiltFile(context.copied, copy, source)) return { ok: true, file: true, from };
  // A folder's contents (`/opt/app/bin/`, or a folder the go builds write into) are copied, not the folder:
  // the same files as in the builder.
  if (
    source.endsWith('/') ||
    source.endsWith('/.') ||
    entries.some((entry) => entry.source.startsWith(`${from}/`))
  )
    return { ok: true, file: false, from };
  return cannotList;
}

/** The shell's reading of a pattern of `*` and `?` over one folder's names: a leading dot is matched only by a dot. */
function globPattern(pattern: string): RegExp {
  const body = [...pattern]
    .map((char) =>
      char === '*' ? '[^/]*' : char === '?' ? '[^/]' : char.replace(/[\\^$.|+(){}\]]/g, '\\$&'),
    )
    .join('');
  return new RegExp(pattern.startsWith('.') ? `^${body}$` : `^(?!\\.)${body}$`);
}

/**
 * The shell commands that make `link` again under `root` (every word from
 * the Dockerfile quoted, a wildcard's `*` and `?` left to the shell).
 */
export function linkCommands(link: StagedLink, root: string): string[] {
  if (link.kind === 'link') {
    const folder = parentOf(link.path);
    return [
      ...(folder === '/' ? [] : [`mkdir -p ${shellQuote(`${root}${folder}`)}`]),
      `ln -s ${shellQuote(link.target)} ${shellQuote(`${root}${link.path}`)}`,
    ];
  }
  const into = link.into === '/' ? `${root}/` : `${root}${link.into}/`;
  const files = `${shellQuote(`${link.from}/`)}${link.pattern
    .split(/([*?])/)
    .map((part) => (part === '*' || part === '?' || part === '' ? part : shellQuote(part)))
    .join('')}`;
  return [
    ...(link.into === '/' ? [] : [`mkdir -p ${shellQuote(`${root}${link.into}`)}`]),
    // A loop's status is its last command's: a link that fails fails the RUN, as the original's ln did.
    `for f in ${files}; do ln -s ${shellQuote(link.targetFolder)}"\${f##*/}" ${shellQuote(into)}"\${f##*/}" || exit 1; done`,
  ];
}

/** The link, or links, in the words of the report. */
export function describeLink(link: StagedLink): string {
  return link.kind === 'link'
    ? `the link ${link.path} (to ${link.target})`
    : `a link in ${link.into} to each ${link.targetFolder}${link.pattern} (as ln made them)`;
}
