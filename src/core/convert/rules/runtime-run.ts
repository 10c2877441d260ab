/**
 * GMC202: RUN steps of a multi-stage build's runtime stage, command by
 * command. Package installs the new image provides another way (the CA
 * bundle, tzdata, the curl of a dropped HEALTHCHECK, the shadow of useradd, the data files of netbase
 * and mailcap, staged by GMC209), users (facts), cache
 * clean-up, mkdir/chown/chmod of folders, ln -s and echo > file (staged in the builder by
 * GMC209, which gets them from this rule as data) are translated; anything
 * else is refused, each with its own reason.
 */
import { resolvePath, substituteVariables } from '../facts/dockerfile-model.js';
import { BASE_IMAGE_FOLDERS } from '../facts/folders.js';
import { DATA_FILE_PACKAGES, HEALTH_TOOLS, INSTALL_VERBS, packageCommand } from '../facts/packages.js';
import { commandWords, expandWord, type ShellCommand } from '../shell/shell-words.js';
import { findingsFor, ruleMeta, type RuleOutput, type WiredRule } from './types.js';

const meta = ruleMeta({
  code: 'GMC202',
  name: 'RuntimeRun',
  severity: ['refusal', 'warning', 'change'],
  refusals: 'scratch-impossible',
  what: 'translates runtime `RUN` steps command by command: package installs (options in any order; shadow only there for `useradd` goes with it; netbase and mailcap/media-types become their data files from the builder; what `--drop` names goes, as your decision), users (variables resolved), `mkdir`/`chown`/`chmod` (the WORKDIR too), `ln -s`, `echo ... > file` (one line, as printf writes it), cache clean-up, `setcap cap_net_bind_service` (explained)',
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

/** A symbolic link the runtime made (`ln -s target path`), made the same way under /rootfs. */
export interface StagedLink {
  readonly path: string;
  /** As written: a link's target is not resolved when it is made. */
  readonly target: string;
}

/** A file the runtime wrote with `echo ... > file` (or `>>`), written the same way under /rootfs. */
export interface StagedWrite {
  readonly path: string;
  /** One line, as echo wrote it (its newline not included). */
  readonly line: string;
  /** echo -n: no newline after it. */
  readonly newline: boolean;
  readonly append: boolean;
  /** What a later chown or chmod in the runtime gave the file. */
  owner?: string;
  mode?: string;
}

/** Files the converter writes itself (GMC209's passwd and group): an echo into them is refused. */
const PASSWD_FILES: ReadonlySet<string> = new Set(['/etc/passwd', '/etc/group', '/etc/shadow']);

/** chown or chmod -R (alone or in a cluster such as -Rv). */
function recursive(args: readonly string[]): boolean {
  return args.some((arg) => arg === '--recursive' || /^-[A-Za-z]*R[A-Za-z]*$/.test(arg));
}

/** A runtime package whose data files (DATA_FILE_PACKAGES) are copied from the builder instead. */
export interface StagedPackage {
  readonly name: string;
  readonly files: readonly string[];
  readonly builderInstall?: { readonly apk: string; readonly apt: string };
  /** The RUN that installed it, for the report. */
  readonly line: number;
}

export interface RuntimeRunOutput extends RuleOutput {
  readonly stagedDirs: readonly StagedDir[];
  readonly stagedLinks: readonly StagedLink[];
  readonly stagedPackages: readonly StagedPackage[];
  readonly stagedWrites: readonly StagedWrite[];
}

const HARMLESS_COMMANDS = new Set(['rm', 'update-ca-certificates', 'true', ':', 'set']);
const USER_COMMANDS = new Set(['adduser', 'addgroup', 'useradd', 'groupadd']);
const SETCAP_PACKAGES = new Set(['libcap', 'libcap2-bin', 'libcap-utils']);
/** Packages that only bring useradd and groupadd (alpine's shadow, Debian's passwd): the users become passwd lines. */
const USER_TOOL_PACKAGES = new Set(['shadow', 'passwd']);
/** Package manager upkeep whose effect vanishes with the package manager: index updates, upgrades, clean-up. */
const PACKAGE_UPKEEP = new Set([
  'update',
  'upgrade',
  'clean',
  'autoclean',
  'autoremove',
  'del',
  'remove',
  'purge',
  'cache',
]);

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
    if (layout.kind !== 'multi-stage')
      return findings.output({
        stagedDirs: dirs,
        stagedLinks: links,
        stagedPackages: dataPackages,
        stagedWrites: writes,
      });
    // shadow is only installed for useradd when the runtime creates its users, which facts turn into passwd lines.
    const createsUsers = layout.runtimeInstructions.some(
      (instruction) =>
        instruction.kind === 'run' &&
        instruction.form.kind === 'shell' &&
        instruction.form.parse.commands.some((command) =>
          USER_COMMANDS.has(commandWords(command)[0]?.value ?? ''),
        ),
    );
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
      const refusalsBefore = findings.refusalCount;
      const done: string[] = [];
      // libcap is only installed for setcap, which is explained and dropped below.
      const runsSetcap = form.parse.commands.some((command) => commandWords(command)[0]?.value === 'setcap');
      for (const command of form.parse.commands) {
        const words = commandWords(command).map((word) =>
          expandWord(word, (text) => substituteVariables(text, instruction.scope.env)),
        );
        const [name = '', ...args] = words;
        const packages = packageCommand(words);
        if (packages && !INSTALL_VERBS.has(packages.verb) && !PACKAGE_UPKEEP.has(packages.verb)) {
          refuse(`runs "${words.join(' ')}", which the new image cannot run: it has no package manager`);
        } else if (packages) {
          for (const pkg of packages.packages) {
            if (pkg === 'ca-certificates' || pkg === 'ca-certificates-bundle') done.push('ca-certificates');
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
              refuse(
                `installs ${pkg} into the runtime image; runtime packages have no equivalent in scratch ` +
                  '(keep an alpine or debian runtime, or drop the dependency)',
              );
          }
        } else if (HARMLESS_COMMANDS.has(name)) {
          const removesOnlyCaches = args.every(
            (arg) =>
              arg.startsWith('-') ||
              /^\/var\/(cache|lib\/apt\/lists|lib\/apk)\//.test(arg) ||
              /^\/(tmp|root\/\.cache)\//.test(arg),
          );
          if (name === 'rm' && !removesOnlyCaches)
            refuse(`runs "${words.join(' ')}", which the new image cannot run: the runtime needs a shell`);
        } else if (name === 'setcap' && args.some((arg) => arg.includes('cap_net_bind_service'))) {
          findings.warn(
            `setcap gave the binary cap_net_bind_service to bind a port below 1024 as non-root; scratch has no setcap, ` +
              'and the step is dropped. Docker lets unprivileged users bind low ports by default (except with --network host); ' +
              'otherwise listen on a port of 1024 or more (8080) and publish it as the low one (docker run -p 80:8080)',
            line,
          );
          done.push('setcap');
        } else if (USER_COMMANDS.has(name)) {
          done.push(name);
        } else if (name === 'ln') {
          const link = symbolicLink(args);
          if (!link.ok) {
            refuse(`runs "${words.join(' ')}": ${link.reason}, which the converter cannot reproduce`);
            continue;
          }
          const path = resolvePath(instruction.scope.workdir, link.path);
          if (BASE_IMAGE_FOLDERS.has(path) || isWorkdir(path, instruction.index)) {
            refuse(
              `runs "${words.join(' ')}": a link into the folder ${path}, which the converter cannot reproduce`,
            );
            continue;
          }
          links.push({ path, target: link.target });
          done.push('ln -s');
        } else if (name === 'echo') {
          const written = echoRedirect(command, form.text, words);
          if (!written.ok) {
            refuse(`runs "${words.join(' ')}": ${written.reason}, which the converter cannot reproduce`);
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
          const user = layout.runtimeInstructions
            .filter((other) => other.kind === 'user' && other.index < instruction.index)
            .pop();
          if (user?.kind === 'user' && !/^(root|0)(:.*)?$/.test(user.value)) {
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
        } else if (name === 'mkdir' || name === 'chown' || name === 'chmod') {
          const parsed = folderCommandArgs(name, args);
          if (!parsed.ok) {
            refuse(`runs "${words.join(' ')}": ${parsed.reason}, which the converter cannot reproduce`);
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
              const dir = dirs.find((staged) => staged.path === path);
              // A file echo wrote keeps what chown or chmod gives it; chown -R reaches the files in a folder.
              const files = writes.filter(
                (write) => write.path === path || (recursive(args) && write.path.startsWith(`${path}/`)),
              );
              for (const file of files) {
                if (name === 'chown') file.owner = value;
                else file.mode = value;
              }
              if (dir && name === 'chown') dir.owner = value;
              else if (dir) dir.mode = value;
              else if (files.length > 0) continue;
              else if (name === 'chown')
                refuse(
                  `changes the owner of ${target}, which the converter cannot reproduce without a shell`,
                );
              // chmod of a copied file (chmod +x /app): COPY --from keeps the builder's mode.
            }
          }
          done.push(name);
        } else {
          refuse(
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
    return findings.output({
      stagedDirs: dirs.map((dir) => ({ ...dir })),
      stagedLinks: links,
      stagedPackages: dataPackages,
      stagedWrites: writes,
    });
  },
};

/** Options of mkdir, chown and chmod that change nothing in a folder just made, or only say more. */
const HARMLESS_OPTIONS: Readonly<Record<string, ReadonlySet<string>>> = {
  mkdir: new Set(['-p', '--parents', '-v', '--verbose']),
  chown: new Set([
    '-R',
    '--recursive',
    '-v',
    '--verbose',
    '-c',
    '--changes',
    '-f',
    '--silent',
    '--quiet',
    '-h',
    '--no-dereference',
  ]),
  chmod: new Set(['-R', '--recursive', '-v', '--verbose', '-c', '--changes', '-f', '--silent', '--quiet']),
};

/** One harmless option, or a cluster of harmless one-letter options (`-Rv`). */
function isHarmless(name: string, arg: string): boolean {
  const harmless = HARMLESS_OPTIONS[name];
  if (!harmless) return false;
  if (harmless.has(arg)) return true;
  return /^-[A-Za-z]{2,}$/.test(arg) && [...arg.slice(1)].every((letter) => harmless.has(`-${letter}`));
}

type FolderCommandArgs =
  | { readonly ok: true; readonly operands: readonly string[]; readonly mode: string | undefined }
  | { readonly ok: false; readonly reason: string };

/**
 * The operands of mkdir, chown or chmod, and mkdir's -m mode. An option the
 * conversion cannot carry over (chown --from, chmod --reference, a chmod mode
 * written like an option such as -w) is a refusal, never dropped.
 */
export function folderCommandArgs(name: string, args: readonly string[]): FolderCommandArgs {
  const operands: string[] = [];
  let mode: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') operands.push(arg);
    else if (isHarmless(name, arg)) continue;
    else if (name === 'mkdir' && (/^-[pv]*m$/.test(arg) || arg === '--mode')) mode = args[++i];
    else if (name === 'mkdir' && arg.startsWith('--mode=')) mode = arg.slice('--mode='.length);
    else if (name === 'mkdir' && /^-[pv]*m./.test(arg)) mode = arg.replace(/^-[pv]*m/, '');
    else return { ok: false, reason: `its option ${arg}` };
  }
  if (mode === '') mode = undefined;
  return { ok: true, operands, mode };
}

type SymbolicLink =
  | { readonly ok: true; readonly target: string; readonly path: string }
  | { readonly ok: false; readonly reason: string };

/**
 * `ln -s TARGET PATH` (with -f, -n, -v): the one link it makes. A hard link,
 * a glob, several targets or a link into a folder is refused: what they make
 * depends on files the converter does not see.
 */
export function symbolicLink(args: readonly string[]): SymbolicLink {
  const options = args.filter((arg) => arg.startsWith('-') && arg !== '-');
  const operands = args.filter((arg) => !arg.startsWith('-') || arg === '-');
  const letters = options.flatMap((option) =>
    option.startsWith('--') ? [option] : [...option.slice(1)].map((letter) => `-${letter}`),
  );
  if (!letters.includes('-s') && !letters.includes('--symbolic')) return { ok: false, reason: 'a hard link' };
  const unknown = letters.find(
    (letter) =>
      !['-s', '--symbolic', '-f', '--force', '-n', '--no-dereference', '-v', '--verbose'].includes(letter),
  );
  if (unknown !== undefined) return { ok: false, reason: `its option ${unknown}` };
  const [target, path] = operands;
  if (operands.length !== 2 || target === undefined || path === undefined)
    return { ok: false, reason: 'not one target and one link name' };
  if ([target, path].some((word) => /[*?[]/.test(word))) return { ok: false, reason: 'a wildcard' };
  if (path.endsWith('/')) return { ok: false, reason: 'a link into a folder' };
  return { ok: true, target, path };
}

type EchoRedirect = ({ readonly ok: true } & StagedWrite) | { readonly ok: false; readonly reason: string };

/**
 * `echo [-n] words > file` (or `>> file`, `>file`): the one line it writes.
 * What shells disagree on (a backslash: dash's echo reads escapes, busybox's
 * does not), a variable left unresolved, another redirection or a word
 * after the target is refused.
 */
export function echoRedirect(command: ShellCommand, text: string, expanded: readonly string[]): EchoRedirect {
  const words = commandWords(command);
  const raw = words.map((word) => text.slice(word.start, word.end));
  const at = raw.findIndex((word) => /^>>?/.test(word));
  if (at === -1) return { ok: false, reason: 'an echo that writes no file' };
  const append = (raw[at] ?? '').startsWith('>>');
  const joined = (expanded[at] ?? '').replace(/^>>?/, '');
  const target = joined !== '' ? joined : expanded[at + 1];
  const after = joined !== '' ? at + 1 : at + 2;
  if (target === undefined || target === '') return { ok: false, reason: 'a redirection with no file' };
  if (after < words.length) return { ok: false, reason: 'words after the file it writes' };
  let args = expanded.slice(1, at);
  const noNewline = args[0] === '-n';
  if (noNewline) args = args.slice(1);
  if (args[0]?.startsWith('-')) return { ok: false, reason: `the echo option ${args[0]}` };
  if (raw.slice(1, at).some((word) => /^[^'"]*[<>|&]/.test(word)))
    return { ok: false, reason: 'another redirection' };
  const line = args.join(' ');
  if (/[\\\n]/.test(line))
    return { ok: false, reason: 'a backslash or a line break, which shells echo differently' };
  // What the shell expands as it runs: a variable (split into fields, or given by a build arg), a glob, ~.
  const shellExpands = raw.slice(1).some((word) => /^[^']*\$/.test(word) || /^(?:[^'"]*[*?[]|~)/.test(word));
  if (shellExpands || [line, target].some((word) => word.includes('$')))
    return { ok: false, reason: 'a variable, a glob or a ~ the shell expands as it runs' };
  return { ok: true, path: target, line, newline: !noNewline, append };
}
