/**
 * GMC202: RUN steps of a multi-stage build's runtime stage, command by
 * command. Package installs the new image provides another way (the CA
 * bundle, tzdata, the curl of a dropped HEALTHCHECK, the shadow of useradd, the data files of netbase
 * and mailcap, staged by GMC209), users (facts), cache
 * clean-up, mkdir/chown/chmod of folders, chown of copied files (as COPY --chown), ln -s and echo > file (staged in the builder by
 * GMC209, which gets them from this rule as data) are translated; anything
 * else is refused, each with its own reason.
 */
import { resolvePath } from '../facts/dockerfile-model.js';
import { BASE_IMAGE_FOLDERS, copiedPaths } from '../facts/folders.js';
import { isRootUser, runCommandWords } from '../facts/origins.js';
import {
  DATA_FILE_PACKAGES,
  HEALTH_TOOLS,
  INSTALL_VERBS,
  packageCommand,
  type DataFilePackage,
} from '../facts/packages.js';
import {
  absenceTest,
  echoRedirect,
  folderCommandArgs,
  recursive,
  type EchoWrite,
} from '../shell/file-commands.js';
import type { CopyFacts, InstructionFacts, StageFacts, UserFacts } from '../facts/facts.js';
import { chownOwner, parseUserArgs, resolveUser, type UserSpec } from '../facts/users.js';
import { looksLikeScript, startProgram } from '../shell/exec-form.js';
import { commandWords } from '../shell/shell-words.js';
import { linksMade, type StagedLink } from './runtime-links.js';
import { findingsFor, ruleMeta, type RuleOutput, type WiredRule } from './types.js';

export type { StagedLink } from './runtime-links.js';

const meta = ruleMeta({
  code: 'GMC202',
  name: 'RuntimeRun',
  severity: ['refusal', 'warning', 'change'],
  refusals: 'scratch-impossible',
  what: 'translates runtime `RUN` steps command by command: package installs (options in any order; shadow only there for `useradd` goes with it; netbase and mailcap/media-types become their data files from the builder; what `--drop` names goes, as your decision), users (variables resolved), `mkdir`/`chown`/`chmod` (the WORKDIR too), `ln -s` (into a folder, a wildcard over what the stage copied), `echo ... > file` (one line, as printf writes it), cache clean-up, `setcap cap_net_bind_service` (explained)',
  why: 'scratch cannot run anything; what a step provided is added another way, the rest is refused, and nothing is dropped silently',
  example:
    '`RUN apk --no-cache add ca-certificates` → removed (CA bundle copied); `RUN apk --no-cache add ffmpeg`: refused',
});

/** A folder the runtime created, to be made in the builder under /rootfs and copied in. */
export interface StagedDir {
  readonly path: string;
  readonly owner?: string;
  readonly mode?: string;
}

/** A file the runtime wrote with `echo ... > file` (or `>>`), written the same way under /rootfs. */
export interface StagedWrite extends EchoWrite {
  /** What a later chown or chmod in the runtime gave the file. */
  owner?: string;
  mode?: string;
}

/** Files the converter writes itself (GMC209's passwd and group): an echo into them is refused. */
const PASSWD_FILES: ReadonlySet<string> = new Set(['/etc/passwd', '/etc/group', '/etc/shadow']);

/** A runtime package whose data files (DATA_FILE_PACKAGES) are copied from the builder instead. */
export interface StagedPackage extends DataFilePackage {
  readonly name: string;
  /** The RUN that installed it, for the report. */
  readonly line: number;
}

export interface RuntimeRunOutput extends RuleOutput {
  readonly stagedDirs: readonly StagedDir[];
  readonly stagedLinks: readonly StagedLink[];
  readonly stagedPackages: readonly StagedPackage[];
  readonly stagedWrites: readonly StagedWrite[];
}

/** Commands with no effect on the image: `export` and `unset` change only the RUN's own shell (DEBIAN_FRONTEND). */
const HARMLESS_COMMANDS = new Set(['rm', 'update-ca-certificates', 'true', ':', 'set', 'export', 'unset']);
/** Commands that only print (to the build log), when nothing redirects what they print into a file. */
const PRINTING_COMMANDS = new Set([
  'echo',
  'printf',
  'ls',
  'cat',
  'pwd',
  'id',
  'whoami',
  'printenv',
  'uname',
  'date',
  'which',
]);
const USER_COMMANDS = new Set(['adduser', 'addgroup', 'useradd', 'groupadd']);
const SETCAP_PACKAGES = new Set(['libcap', 'libcap2-bin', 'libcap-utils']);
/** Packages that only bring useradd and groupadd (alpine's shadow, Debian's passwd): the users become passwd lines. */
const USER_TOOL_PACKAGES = new Set(['shadow', 'passwd']);
/** Package manager upkeep whose effect vanishes with the package manager: index updates, upgrades, clean-up. */
const PACKAGE_UPKEEP = new Set([
  'update',
  'upgrade',
  'dist-upgrade',
  'full-upgrade',
  'clean',
  'autoclean',
  'autoremove',
  'del',
  'remove',
  'purge',
  'cache',
]);

/**
 * Packages an entrypoint script is usually all they are there for: its
 * interpreter, the tools that drop privileges or reap children for it.
 */
const SCRIPT_HELPER_PACKAGES = new Set([
  'bash',
  'su-exec',
  'gosu',
  'tini',
  'dumb-init',
  'coreutils',
  // setcap, which scripts run on the binary at start
  'libcap',
  'libcap2-bin',
]);

/**
 * What a chown of `path` reaches of the files the stage's COPYs wrote before
 * `before` (`COPY app.yaml /etc/app/app.yaml`, then `chown -R app /etc/app`):
 * the COPYs that wrote them, and whether `path` is a folder above them.
 */
function copiesReached(
  stage: StageFacts,
  before: number,
  path: string,
  isRecursive: boolean,
): { readonly copies: CopyFacts[]; readonly folder: boolean } {
  const copies: CopyFacts[] = [];
  let folder = false;
  for (const copy of stage.instructions) {
    if (copy.kind !== 'copy' || copy.index >= before) continue;
    const written = copiedPaths(copy, stage);
    if (written.some((file) => file.startsWith(`${path}/`))) folder = true;
    if (written.some((file) => file === path || (isRecursive && file.startsWith(`${path}/`))))
      copies.push(copy);
  }
  return { copies, folder };
}

/** Modes a binary the builder made executable (755) has already: chmod +x (or +r), 755. */
const KEPT_MODES = /^(?:[ugoa]*\+[rxX]+|0?755)$/;

/** The USER before `index` among the runtime's instructions, when it is not root: what a step makes is its. */
function nonRootUserBefore(instructions: readonly InstructionFacts[], index: number): UserFacts | undefined {
  const user = instructions
    .filter((other): other is UserFacts => other.kind === 'user' && other.index < index)
    .at(-1);
  return user && !isRootUser(user.value) ? user : undefined;
}

const parentOf = (path: string) => path.slice(0, path.lastIndexOf('/'));

/** The folders COPYs make at or below `path` (below it only with -R), each once, outermost first. */
function foldersMade(
  stage: StageFacts,
  reached: { readonly copies: readonly CopyFacts[] },
  path: string,
  isRecursive: boolean,
): string[] {
  const folders = new Set([path]);
  if (isRecursive)
    for (const copy of reached.copies)
      for (const file of copiedPaths(copy, stage))
        for (let folder = parentOf(file); folder.startsWith(`${path}/`); folder = parentOf(folder))
          folders.add(folder);
  return [...folders].sort((a, b) => a.length - b.length);
}

/** Whether chown, chgrp or chmod of `path` (with -R, `deep`) reaches `candidate`: the path itself, or what is below it. */
function reaches(path: string, deep: boolean, candidate: string): boolean {
  return candidate === path || (deep && candidate.startsWith(`${path}/`));
}

/** Whether a shell-form RUN among `instructions` runs one of the `commands`. */
function runsAnyOf(instructions: readonly InstructionFacts[], commands: ReadonlySet<string>): boolean {
  return instructions.some(
    (instruction) =>
      instruction.kind === 'run' &&
      instruction.form.kind === 'shell' &&
      instruction.form.parse.commands.some((command) => commands.has(commandWords(command)[0]?.value ?? '')),
  );
}

/**
 * A package only the start command needs, whose own refusal (GMC207: the
 * script, tini) is what the user changes: the program it starts, or a
 * script's helper when it starts a script.
 */
function servesStart(pkg: string, program: string | undefined): boolean {
  if (program === undefined) return false;
  return program.split('/').pop() === pkg || (looksLikeScript(program) && SCRIPT_HELPER_PACKAGES.has(pkg));
}

export const runtimeRunRule: WiredRule<RuntimeRunOutput> = {
  meta,
  phase: 'wired',
  check: (facts) => {
    const findings = findingsFor(meta);
    const { layout } = facts;
    const dirs: Array<{ path: string; owner?: string; mode?: string }> = [];
    const links: StagedLink[] = [];
    const dataPackages: StagedPackage[] = [];
    const writes: StagedWrite[] = [];
    /** The COPYs a later chown reached, by instruction index: the owner it gave them, and its line. */
    const chownedCopies = new Map<number, { copy: CopyFacts; owner: UserSpec; line: number }>();
    if (layout.kind !== 'multi-stage')
      return findings.output({
        stagedDirs: dirs,
        stagedLinks: links,
        stagedPackages: dataPackages,
        stagedWrites: writes,
      });
    const start = startProgram(layout.runtimeInstructions)?.program;
    // libcap is only installed for setcap (in the same RUN or a later one), which is explained and dropped below.
    const runsSetcap = runsAnyOf(layout.runtimeInstructions, new Set(['setcap']));
    // shadow is only installed for useradd when the runtime creates its users, which facts turn into passwd lines.
    const createsUsers = runsAnyOf(layout.runtimeInstructions, USER_COMMANDS);
    const healthTools = new Set(
      layout.runtimeInstructions.flatMap((instruction) =>
        instruction.kind === 'healthcheck' ? instruction.tools : [],
      ),
    );
    const isWorkdir = (path: string, before: number) =>
      path !== '/' &&
      layout.stage.instructions.some((other) => other.index <= before && other.scope.workdir === path);
    for (const instruction of layout.runtimeInstructions) {
      if (instruction.kind !== 'run') continue;
      const { line, form } = instruction;
      if (form.kind === 'exec' || form.parse.unsupported.length > 0) {
        const what = form.kind === 'exec' ? 'exec form' : form.parse.unsupported.join(', ');
        findings.refuse(
          `line ${line} runs a shell step the new image cannot run (${what}); the runtime needs a shell`,
          line,
        );
        continue;
      }
      const refuse = (message: string) => findings.refuse(`line ${line} ${message}`, line);
      // A step scratch could have, which this converter does not reproduce: after the reasons scratch cannot be.
      const notReproduced = (message: string) =>
        findings.refuse(`line ${line} ${message}`, line, { secondary: true });
      const refusalsBefore = findings.refusalCount;
      const done: string[] = [];
      const runWords = runCommandWords(instruction);
      // What the same RUN removes again (`apk add --virtual build-deps go && … && apk del build-deps`) was only there for it.
      const removedAgain = new Set(runWords.flatMap((words) => packageCommand(words)?.removed ?? []));
      for (const [at, command] of form.parse.commands.entries()) {
        const words = runWords[at] ?? [];
        const [name = '', ...args] = words;
        const packages = packageCommand(words);
        const absent = absenceTest(words, at, form.parse.operators ?? []);
        if (packages && !INSTALL_VERBS.has(packages.verb) && !PACKAGE_UPKEEP.has(packages.verb)) {
          refuse(`runs "${words.join(' ')}", which the new image cannot run: it has no package manager`);
        } else if (packages) {
          for (const pkg of packages.packages) {
            if (
              removedAgain.has(pkg) ||
              (packages.virtual !== undefined && removedAgain.has(packages.virtual))
            )
              done.push(`${pkg} (removed again)`);
            else if (pkg === 'ca-certificates' || pkg === 'ca-certificates-bundle')
              done.push('ca-certificates');
            else if (pkg === 'tzdata') done.push('tzdata');
            else if (HEALTH_TOOLS.has(pkg) && healthTools.has(pkg)) done.push(pkg);
            else if (SETCAP_PACKAGES.has(pkg) && runsSetcap) done.push(pkg);
            else if (USER_TOOL_PACKAGES.has(pkg) && createsUsers) done.push(pkg);
            else if (DATA_FILE_PACKAGES.has(pkg)) {
              done.push(pkg);
              const data = DATA_FILE_PACKAGES.get(pkg);
              if (data && !dataPackages.some((staged) => staged.name === pkg))
                dataPackages.push({ name: pkg, line, ...data });
            } else if (facts.dropped.has(pkg)) {
              done.push(pkg);
              findings.change(
                line,
                `dropped ${pkg} from the runtime image (--drop ${pkg})`,
                'your decision: the converter cannot tell whether the program needs it, and you said it does not',
              );
            } else
              findings.refuse(
                `line ${line} installs ${pkg} into the runtime image; runtime packages have no equivalent in scratch ` +
                  `(keep an alpine or debian runtime; or, if the program never uses ${pkg}, convert with --drop ${pkg})`,
                line,
                { secondary: servesStart(pkg, start) },
              );
          }
        } else if (PRINTING_COMMANDS.has(name) && !words.some((word) => /[<>]/.test(word))) {
          // It only prints to the build log: nothing of it is in the image.
          done.push(name);
        } else if (absent) {
          // The build got past it, so the file was not there: the echo after it wrote it, and is staged below.
          done.push(`${name} ! ${absent.test}`);
        } else if (HARMLESS_COMMANDS.has(name)) {
          const removesOnlyCaches = args.every(
            (arg) =>
              arg.startsWith('-') ||
              /^\/var\/(cache|lib\/apt\/lists|lib\/apk|tmp)\//.test(arg) ||
              /^\/(tmp|root\/\.cache)\//.test(arg) ||
              // The base image's documentation, which scratch never had.
              /^\/usr\/share\/(doc|man|info)\//.test(arg),
          );
          if (name === 'rm' && !removesOnlyCaches)
            notReproduced(
              `runs "${words.join(' ')}", which the new image cannot run: the runtime needs a shell`,
            );
        } else if (name === 'setcap' && args.some((arg) => arg.includes('cap_net_bind_service'))) {
          findings.warn(
            `setcap gave the binary cap_net_bind_service to bind a port below 1024 as non-root; scratch has no setcap, ` +
              'and the step is dropped. Docker lets unprivileged users bind low ports by default (except with --network host); ' +
              'otherwise listen on a port of 1024 or more (8080) and publish it as the low one (docker run -p 80:8080)',
            line,
          );
          done.push('setcap');
        } else if (USER_COMMANDS.has(name)) {
          // The home the tool made (busybox adduser unless -H, useradd -m), staged with its owner.
          const userName =
            name === 'adduser' || name === 'useradd' ? parseUserArgs(args).rest.at(-1) : undefined;
          const user = userName === undefined ? undefined : facts.createdUsers.get(userName);
          const home = user?.home;
          if (
            user &&
            home?.created &&
            home.path !== '/' &&
            !BASE_IMAGE_FOLDERS.has(home.path) &&
            !dirs.some((staged) => staged.path === home.path)
          ) {
            // Distroless static gets no staging: its image has no such home, which the user is told.
            if (facts.strategy === 'scratch')
              dirs.push({ path: home.path, owner: `${user.uid}:${user.gid}` });
            else
              findings.warn(
                `line ${line} makes the home ${home.path} for ${user.name ?? user.uid}, which the distroless image does not have: ` +
                  'if the program writes there, convert with --strategy scratch, which stages it',
                line,
              );
          }
          done.push(name);
        } else if (name === 'ln') {
          const raw = commandWords(command).map((word) => form.text.slice(word.start, word.end));
          const made = linksMade(args, raw.slice(1), {
            stage: layout.stage,
            before: instruction.index,
            workdir: instruction.scope.workdir,
            builder: layout.builder,
            copied: layout.copied,
            stagesOnNewStage: layout.prebuilt !== undefined,
            isFolder: (path) =>
              path === '/' ||
              BASE_IMAGE_FOLDERS.has(path) ||
              isWorkdir(path, instruction.index) ||
              dirs.some((staged) => staged.path === path) ||
              copiesReached(layout.stage, instruction.index, path, false).folder,
            made: [...dirs, ...writes, ...links].map((entry) => entry.path),
          });
          if (!made.ok) {
            notReproduced(`runs "${words.join(' ')}": ${made.reason}, which the converter cannot reproduce`);
            continue;
          }
          for (const link of made.links) {
            // ln -sf replaces a file the step made first (touch, then a link to /dev/stdout), or a link.
            writes.splice(0, writes.length, ...writes.filter((write) => write.path !== link.path));
            links.splice(0, links.length, ...links.filter((earlier) => earlier.path !== link.path), link);
          }
          done.push('ln -s');
        } else if (name === 'touch') {
          const option = args.find((arg) => arg.startsWith('-'));
          const wildcard = args.find((arg) => /[*?[$]/.test(arg));
          if (option !== undefined || wildcard !== undefined || args.length === 0) {
            notReproduced(
              `runs "${words.join(' ')}": ${option === undefined ? (wildcard === undefined ? 'no file' : 'a wildcard or a variable') : `its option ${option}`}, which the converter cannot reproduce`,
            );
            continue;
          }
          const user = nonRootUserBefore(layout.runtimeInstructions, instruction.index);
          if (user) {
            refuse(
              `makes files as the user ${user.value} (line ${user.line}), an owner the converter does not reproduce`,
            );
            continue;
          }
          // An empty file, as touch makes one where there is none; one the step wrote or linked already stays.
          for (const path of args.map((arg) => resolvePath(instruction.scope.workdir, arg))) {
            if (PASSWD_FILES.has(path)) {
              refuse(
                `touches ${path}, which the converter generates itself from the users the runtime creates`,
              );
              break;
            }
            if (!writes.some((write) => write.path === path) && !links.some((link) => link.path === path))
              writes.push({ path, line: '', newline: false, append: false });
          }
          done.push('touch');
        } else if (name === 'echo') {
          const written = echoRedirect(command, form.text, words);
          if (!written.ok) {
            notReproduced(
              `runs "${words.join(' ')}": ${written.reason}, which the converter cannot reproduce`,
            );
            continue;
          }
          // After || or in a pipeline the write happens on some paths only; the copy would always be there.
          const branching = (form.parse.operators ?? []).find(
            (op) => op === '||' || op === '|' || op === '&',
          );
          if (branching !== undefined) {
            refuse(
              `runs "${words.join(' ')}" in a step joined by ${branching}, which writes the file on some paths only`,
            );
            continue;
          }
          const user = nonRootUserBefore(layout.runtimeInstructions, instruction.index);
          if (user) {
            refuse(
              `writes ${written.path} as the user ${user.value} (line ${user.line}), an owner the converter does not reproduce`,
            );
            continue;
          }
          const path = resolvePath(instruction.scope.workdir, written.path);
          if (PASSWD_FILES.has(path)) {
            refuse(`writes ${path}, which the converter generates itself from the users the runtime creates`);
            continue;
          }
          // An append adds to what the file had: only a file written here is known.
          if (written.append && !writes.some((earlier) => earlier.path === path)) {
            refuse(
              `appends to ${path}, which the base image may have: the converter cannot tell what it held`,
            );
            continue;
          }
          writes.push({ ...written, path });
          done.push(`echo > ${path}`);
        } else if (name === 'chgrp') {
          // chgrp 0 (OpenShift's arbitrary UIDs run in group 0) of what COPY and mkdir made as root: it is group 0 already.
          const parsed = folderCommandArgs(name, args);
          const [group = '', ...targets] = parsed.ok ? parsed.operands : [];
          const deep = recursive(args);
          const alreadyRoot = (target: string) => {
            const path = resolvePath(instruction.scope.workdir, target);
            const below = (candidate: string) => reaches(path, deep, candidate);
            const reached = copiesReached(layout.stage, instruction.index, path, deep);
            const staged = dirs.filter((dir) => below(dir.path));
            const written = writes.filter((write) => below(write.path));
            return (
              (reached.copies.length > 0 || reached.folder || staged.length > 0 || written.length > 0) &&
              reached.copies.every((copy) => !copy.chown && !chownedCopies.has(copy.index)) &&
              staged.every((dir) => dir.owner === undefined) &&
              written.every((write) => write.owner === undefined)
            );
          };
          if (
            !parsed.ok ||
            !['0', 'root'].includes(group) ||
            targets.length === 0 ||
            !targets.every(alreadyRoot)
          ) {
            notReproduced(
              `runs "${words.join(' ')}", which changes a group the converter cannot reproduce without a shell`,
            );
            continue;
          }
          done.push('chgrp');
        } else if (name === 'mkdir' || name === 'chown' || name === 'chmod') {
          const parsed = folderCommandArgs(name, args);
          if (!parsed.ok) {
            notReproduced(
              `runs "${words.join(' ')}": ${parsed.reason}, which the converter cannot reproduce`,
            );
            continue;
          }
          if (name === 'mkdir') {
            for (const dir of parsed.operands) {
              const path = resolvePath(instruction.scope.workdir, dir);
              const staged = dirs.find((candidate) => candidate.path === path);
              if (!staged) dirs.push({ path, ...(parsed.mode === undefined ? {} : { mode: parsed.mode }) });
              else if (parsed.mode !== undefined) staged.mode = parsed.mode;
            }
          } else {
            const [value = '', ...targets] = parsed.operands;
            for (const target of targets) {
              const path = resolvePath(instruction.scope.workdir, target);
              // chown of the WORKDIR (`chown app .`): a folder the stage has, staged with its owner.
              if (
                name === 'chown' &&
                !dirs.some((staged) => staged.path === path) &&
                isWorkdir(path, instruction.index)
              )
                dirs.push({ path });
              // chown -R of a folder that mkdir -p made for a deeper one (`mkdir -p /data/rules && chown -R app /data`).
              if (
                !dirs.some((staged) => staged.path === path) &&
                !BASE_IMAGE_FOLDERS.has(path) &&
                dirs.some((staged) => staged.path.startsWith(`${path}/`))
              )
                dirs.push({ path });
              const dir = dirs.find((staged) => staged.path === path);
              // -R reaches every folder staged below it, which would otherwise keep root's ownership.
              const below = recursive(args)
                ? dirs.filter((staged) => staged.path.startsWith(`${path}/`))
                : [];
              for (const inner of below) {
                if (name === 'chown') inner.owner = value;
                else inner.mode = value;
              }
              // A file echo wrote keeps what chown or chmod gives it; chown -R reaches the files in a folder.
              const files = writes.filter((write) => reaches(path, recursive(args), write.path));
              for (const file of files) {
                if (name === 'chown') file.owner = value;
                else file.mode = value;
              }
              if (dir && name === 'chown') dir.owner = value;
              else if (dir) dir.mode = value;
              else if (files.length > 0) continue;
              else if (name === 'chown') {
                // What COPYs wrote takes the owner from COPY --chown; a folder above them is staged with it.
                const reached = BASE_IMAGE_FOLDERS.has(path)
                  ? { copies: [], folder: false }
                  : copiesReached(layout.stage, instruction.index, path, recursive(args));
                const owner = chownOwner(value, facts.createdUsers, facts.createdGroups);
                const conflicting = reached.copies.find(
                  (copy) =>
                    copy.chown &&
                    resolveUser(copy.chown.value, facts.createdUsers, facts.createdGroups).uid !== owner.uid,
                );
                if ((reached.copies.length === 0 && !reached.folder) || conflicting || owner.guessed) {
                  notReproduced(
                    `changes the owner of ${target}, which the converter cannot reproduce without a shell`,
                  );
                  continue;
                }
                if (reached.folder) dirs.push({ path, owner: value });
                for (const copy of reached.copies)
                  if (!copy.chown) chownedCopies.set(copy.index, { copy, owner, line });
              }
              if (name === 'chmod' && !BASE_IMAGE_FOLDERS.has(path)) {
                const reached = copiesReached(layout.stage, instruction.index, path, recursive(args));
                // A folder the COPYs make (755, root's), as `chmod -R g=u /opt/app` leaves it: staged with the mode.
                for (const folder of reached.folder
                  ? foldersMade(layout.stage, reached, path, recursive(args))
                  : [])
                  if (!dirs.some((staged) => staged.path === folder))
                    dirs.push({ path: folder, mode: value });
                // A copied file keeps the mode it had where it came from: chmod +x of a binary is that already, and
                // g=u of what go build made (755).
                const goBuilt = reached.copies.every((copy) =>
                  layout.copied.some((file) => file.copy.index === copy.index && file.madeBy === 'go-build'),
                );
                if (reached.copies.length > 0 && !KEPT_MODES.test(value) && !(value === 'g=u' && goBuilt))
                  findings.warn(
                    `chmod ${value} of what line ${reached.copies[0]?.line ?? line} copies is not reproduced: ` +
                      'a copied file keeps the mode it had where it was copied from; set it there',
                    line,
                  );
              }
            }
          }
          done.push(name);
        } else {
          // A step, after the reasons scratch cannot be (a start script, packages), as notReproduced's are.
          notReproduced(
            `runs "${words.join(' ')}" in the runtime image; scratch has no shell to run it and the converter cannot reproduce its effect`,
          );
        }
      }
      // A step with a refusal stays: the file is refused anyway, and the report says why.
      if (findings.refusalCount > refusalsBefore) continue;
      findings.edit(instruction.lineSpan.start, instruction.lineSpan.end, '');
      findings.change(
        line,
        `removed RUN (${[...new Set(done)].join(', ') || 'nothing to keep'})`,
        'scratch has no shell or package manager; what it provided is added below',
      );
    }
    for (const { copy, owner, line } of chownedCopies.values()) {
      const at = copy.range.start + copy.keyword.length;
      findings.edit(at, at, ` --chown=${owner.uid}:${owner.gid}`);
      findings.change(
        copy.line,
        `added --chown=${owner.uid}:${owner.gid} to the ${copy.keyword}`,
        `the chown at line ${line} gave what it copies that owner; scratch has no shell to run chown`,
      );
    }
    return findings.output({
      stagedDirs: dirs.map((dir) => ({ ...dir })),
      stagedLinks: links,
      stagedPackages: dataPackages,
      stagedWrites: writes,
    });
  },
};
