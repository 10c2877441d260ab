/**
 * Converts the Dockerfile of a Go program so that the image it ships is
 * `FROM scratch` (or distroless static), as a pure function over the parsed
 * file: text in, new text plus a report out, or a refusal with its reason.
 *
 * The rewrite edits the original text instruction by instruction, so comments,
 * blank lines, the escape directive and everything it does not change stay as
 * they were.
 */
import type { Instruction } from 'dockerfile-ast';
import { DISTROLESS_STATIC_IMAGE, NONROOT_UID } from '../versions.js';
import { DockerfileModel, resolvePath, type Position, type Stage } from './dockerfile-model.js';
import { findGoCommands, splitGoArgs, type GoCommand } from './go-commands.js';
import {
  CA_BUNDLE_PATH,
  imageName,
  isGoToolchainImage,
  isMinimalImage,
  isReplaceableRuntime,
} from './images.js';
import { commandWords, leadingAssignments, splitShell, type ShellCommand } from './shell-words.js';

export type ConvertStrategy = 'scratch' | 'distroless';
export const CONVERT_STRATEGIES: readonly ConvertStrategy[] = ['scratch', 'distroless'];

export interface ConvertOptions {
  strategy: ConvertStrategy;
  /** Module path from the build context's go.mod, used to name binaries built from `.`. */
  modulePath?: string;
  /** A Go file in the build context that imports "C", if any. */
  cgoImportIn?: string;
}

export interface Change {
  /** 1-based line in the original file. */
  line: number;
  what: string;
  why: string;
}

/**
 * `declined` and `error` are never returned by the conversion itself: the
 * generator sets them when the user answers no to the overwrite question, or
 * when the file cannot be read or written.
 */
export type ConversionStatus = 'converted' | 'already-minimal' | 'refused' | 'declined' | 'error';

export interface ConversionResult {
  status: ConversionStatus;
  converted: boolean;
  strategy: ConvertStrategy;
  changes: Change[];
  warnings: string[];
  /** Why the file was refused or left alone. */
  reason?: string;
  /** Machine-readable cause of an `error` (an ErrorCode); the status itself otherwise. */
  code?: string;
  /** The new Dockerfile text (LF line endings, no BOM), when converted. */
  output?: string;
}

class Refusal extends Error {}

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** Runtime-only instructions: in a single-stage build they move to the new scratch stage. */
const RUNTIME_KEYWORDS = new Set([
  'CMD',
  'ENTRYPOINT',
  'EXPOSE',
  'HEALTHCHECK',
  'USER',
  'VOLUME',
  'STOPSIGNAL',
]);

const CGO_BUILD_PACKAGES = new Set([
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
const CGO_RUNTIME_PACKAGES = new Set([
  'sqlite-libs',
  'libsqlite3-0',
  'libc6-compat',
  'gcompat',
  'libgcc',
  'libstdc++',
]);
const HEALTH_TOOLS = new Set(['curl', 'wget']);
const DEFAULT_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

const WELL_KNOWN_USERS = new Map([
  ['root', 0],
  ['nobody', 65534],
  ['nonroot', NONROOT_UID],
]);

/** What happens to a runtime instruction. */
type Verdict = 'keep' | 'drop' | 'command' | 'user' | 'healthcheck';

interface UserSpec {
  name?: string;
  uid: number;
  gid: number;
}

interface StagedDir {
  path: string;
  owner?: string;
  mode?: string;
}

export function convertDockerfile(text: string, options: ConvertOptions): ConversionResult {
  try {
    return new Conversion(text, options).run();
  } catch (error) {
    if (error instanceof Refusal) {
      return {
        status: 'refused',
        converted: false,
        strategy: options.strategy,
        changes: [],
        warnings: [],
        reason: error.message,
      };
    }
    throw error;
  }
}

class Conversion {
  private readonly model: DockerfileModel;
  /** Every go build, go install and go run in the file, found once: edits never change the model. */
  private readonly goCommands: GoCommand[];
  private readonly edits: Edit[] = [];
  private readonly changes: Change[] = [];
  private readonly warnings: string[] = [];
  private readonly scratch: boolean;
  /** Users created in the Dockerfile (adduser, useradd), by name. */
  private readonly createdUsers = new Map<string, UserSpec>();
  private readonly stagedDirs: StagedDir[] = [];
  private needsTzdata = false;
  private needsPasswdFor: UserSpec | undefined;

  constructor(
    text: string,
    private readonly options: ConvertOptions,
  ) {
    this.model = new DockerfileModel(text);
    this.goCommands = findGoCommands(this.model, { modulePath: options.modulePath });
    this.scratch = options.strategy === 'scratch';
  }

  run(): ConversionResult {
    const { model, options } = this;
    const final = model.finalStage;
    if (!final)
      throw new Refusal('there is no FROM instruction: this is not a Dockerfile the converter can read');
    const { goCommands } = this;
    if (goCommands.length === 0) {
      throw new Refusal(
        'no Go build found (no go build, go install or go run): the converter only rewrites Dockerfiles that build a Go program',
      );
    }
    if (isMinimalImage(final.image)) {
      return {
        status: 'already-minimal',
        converted: false,
        strategy: options.strategy,
        changes: [],
        warnings: [],
        reason: `the image already ships ${final.image}: nothing to convert`,
      };
    }
    this.refuseCgo(goCommands);

    const finalBuilds = goCommands.filter((command) => command.stage === final);
    if (finalBuilds.length > 0) this.convertSingleStage(final, finalBuilds, goCommands);
    else this.convertMultiStage(final, goCommands);

    return {
      status: 'converted',
      converted: true,
      strategy: options.strategy,
      changes: this.changes.sort((a, b) => a.line - b.line),
      warnings: this.warnings,
      output: this.applyEdits(),
    };
  }

  // ---- refusals -------------------------------------------------------------

  private refuseCgo(goCommands: GoCommand[]): void {
    const why =
      'a scratch image has no C library, so a cgo binary fails there with "no such file or directory". ' +
      'Keep a runtime with libc (distroless/base or alpine), or remove the C dependency (for SQLite, a pure-Go driver such as modernc.org/sqlite) and build with CGO_ENABLED=0.';
    if (this.options.cgoImportIn) {
      throw new Refusal(`cgo is needed: ${this.options.cgoImportIn} has import "C"; ${why}`);
    }
    for (const stage of this.model.stages) {
      for (const instruction of stage.instructions) {
        if (instruction.getKeyword() === 'ENV' && this.envAfter(instruction).get('CGO_ENABLED') === '1') {
          throw new Refusal(`cgo is needed: line ${line(instruction)} sets CGO_ENABLED=1; ${why}`);
        }
        if (instruction.getKeyword() !== 'RUN') continue;
        for (const command of this.shellCommands(instruction)) {
          const words = commandWords(command).map((word) => word.value);
          const assignments = leadingAssignments(command);
          if (
            assignments.get('CGO_ENABLED') === '1' ||
            (words[0] === 'export' && words.includes('CGO_ENABLED=1'))
          ) {
            throw new Refusal(`cgo is needed: line ${line(instruction)} builds with CGO_ENABLED=1; ${why}`);
          }
          const packages = installedPackages(words);
          const cgoPackages = packages.filter(
            (p) => CGO_BUILD_PACKAGES.has(p) || CGO_RUNTIME_PACKAGES.has(p),
          );
          if (cgoPackages.length > 0) {
            throw new Refusal(
              `cgo is needed: line ${line(instruction)} installs ${cgoPackages.join(', ')}; ${why}`,
            );
          }
        }
      }
    }
    for (const command of goCommands) {
      const values = command.args.map((word) => word.value);
      const { flags } = splitGoArgs(values);
      const ldflags = flags
        .filter(([flag]) => flag === '-ldflags' || flag === '--ldflags')
        .map(([, value]) => value ?? '');
      if (
        ldflags.some((value) => /-linkmode[= ]external/.test(value)) ||
        values.includes('-linkmode=external')
      ) {
        throw new Refusal(
          `cgo is needed: line ${line(command.instruction)} links with -linkmode external; ${why}`,
        );
      }
    }
  }

  // ---- multi-stage ----------------------------------------------------------

  private convertMultiStage(final: Stage, goCommands: GoCommand[]): void {
    if (!isReplaceableRuntime(final.image)) {
      throw new Refusal(
        `the runtime stage is based on ${final.image}, which the converter does not know how to replace ` +
          '(it replaces alpine, debian, ubuntu, busybox and distroless base/cc runtimes)',
      );
    }
    const copiesFrom = final.instructions
      .filter((instruction) => instruction.getKeyword() === 'COPY')
      .map((instruction) => copyFrom(instruction))
      .filter((reference): reference is string => reference !== undefined);
    const builder =
      copiesFrom
        .map((reference) => this.model.stageByReference(reference))
        .find((stage) => stage !== undefined) ?? goCommands[goCommands.length - 1]?.stage;
    if (!builder) throw new Refusal('the runtime stage copies nothing from a build stage');
    this.makeStatic(goCommands.filter((command) => command.verb !== 'run'));

    const binaries = this.copiedBinaries(final);
    const runtimeInstructions = this.classifyRuntime(final.instructions);
    this.replaceFrom(
      final,
      `the ${imageName(final.image)} runtime has a shell and packages the binary does not need`,
    );
    this.finishRuntime(final, builder, binaries, runtimeInstructions, { keepInPlace: true });
  }

  // ---- single-stage ---------------------------------------------------------

  private convertSingleStage(stage: Stage, builds: GoCommand[], goCommands: GoCommand[]): void {
    if (!isGoToolchainImage(stage.image)) {
      throw new Refusal(
        `the final stage builds Go on ${stage.image}, not on a golang image: convert it by hand to a golang builder stage first`,
      );
    }
    this.scanBuilderForRuntimeNeeds(stage);
    const goRun = builds.find((command) => command.verb === 'run');
    const compiled = goCommands.filter((command) => command.verb !== 'run');
    this.makeStatic(compiled);

    let binaries: string[];
    if (goRun) {
      binaries = [this.addBuildForGoRun(stage, goRun)];
    } else {
      const output = compiled.filter((command) => command.stage === stage).pop()?.output;
      if (!output) throw new Refusal('cannot tell where the go build writes its binary');
      binaries = [output];
    }

    // Name the toolchain stage so the new stage can copy from it.
    if (!stage.name) {
      const imageEnd = this.model.offset(stage.from.getImageRange()?.end ?? stage.from.getRange().end);
      this.edits.push({ start: imageEnd, end: imageEnd, text: ' AS build' });
      stage.name = 'build';
    }
    this.change(
      stage.from,
      'named the golang stage "build" and kept it as the builder',
      'the image that ships is a new stage that copies only the binary from it',
    );

    const moved = stage.instructions.filter((instruction) => RUNTIME_KEYWORDS.has(instruction.getKeyword()));
    for (const instruction of moved) this.remove(instruction);
    const runtimeInstructions = this.classifyRuntime(moved);

    // What the program sees at run time: its environment and working directory.
    const carried: string[] = [];
    for (const instruction of stage.instructions) {
      if (['ENV', 'LABEL'].includes(instruction.getKeyword()))
        carried.push(this.model.instructionText(instruction));
    }
    const lastWorkdir = [...stage.instructions]
      .reverse()
      .find((instruction) => instruction.getKeyword() === 'WORKDIR');
    if (lastWorkdir) carried.push(`WORKDIR ${this.model.scope(moved[0] ?? lastWorkdir).workdir}`);
    this.warnings.push(
      'the source tree is no longer in the image, only the binary: if the program reads files at run time ' +
        '(templates, static assets, config), COPY them into the final stage',
    );

    const lines = [
      '',
      `# Added by go-microcontainer convert: the image that ships holds just the binary.`,
      this.scratch ? 'FROM scratch' : `FROM ${DISTROLESS_STATIC_IMAGE}`,
      ...binaries.map((binary) => `COPY --from=${stage.name} ${binary} ${binary}`),
      ...carried,
    ];
    this.finishRuntime(stage, stage, binaries, runtimeInstructions, { keepInPlace: false, prefix: lines });
  }

  /**
   * In a single-stage build, users and tzdata set up for the program live in
   * the toolchain stage: note them for the new stage, and leave the steps be.
   */
  private scanBuilderForRuntimeNeeds(stage: Stage): void {
    for (const instruction of stage.instructions) {
      if (instruction.getKeyword() !== 'RUN') continue;
      for (const command of this.shellCommands(instruction)) {
        const [name = '', ...args] = commandWords(command).map((word) => word.value);
        if (['adduser', 'useradd'].includes(name)) this.recordUser(name, args);
        if (installedPackages([name, ...args]).includes('tzdata')) this.needsTzdata = true;
      }
    }
  }

  /** `CMD go run .` becomes a build step, so the image runs the compiled binary. */
  private addBuildForGoRun(stage: Stage, goRun: GoCommand): string {
    const output = goRun.output ?? '/go/bin/app';
    const packages = goRun.packages.length > 0 ? goRun.packages.join(' ') : '.';
    const span = this.model.lineSpan(goRun.instruction);
    const tags = this.needsTzdata ? ' -tags timetzdata' : '';
    this.edits.push({
      start: span.start,
      end: span.start,
      text: `RUN CGO_ENABLED=0 GOOS=linux go build${tags} -o ${output} ${packages}\n`,
    });
    this.change(
      goRun.instruction,
      `replaced go run with a build step writing ${output}, and runs that binary`,
      'go run compiles at every start and needs the toolchain in the image; scratch has no toolchain',
    );
    return output;
  }

  // ---- shared pieces ----------------------------------------------------------

  /** Sets CGO_ENABLED=0 and GOOS=linux on every go build and go install. */
  private makeStatic(commands: GoCommand[]): void {
    for (const command of commands) {
      if (command.textOffset < 0) {
        throw new Refusal(
          `line ${line(command.instruction)} runs go in exec form, which cannot set its environment: use the shell form`,
        );
      }
      const missing = ['CGO_ENABLED=0', 'GOOS=linux'].filter(
        (assignment) => !command.assignments.has(assignment.split('=')[0] ?? ''),
      );
      if (missing.length === 0) continue;
      const at = command.textOffset + command.goWord.start;
      this.edits.push({ start: at, end: at, text: `${missing.join(' ')} ` });
      this.change(
        command.instruction,
        `set ${missing.join(' ')} on go ${command.verb}`,
        'a scratch image has no C library: the binary must be static, whatever the builder image defaults to',
      );
    }
  }

  /** Adds -tags timetzdata to the go builds, merging with existing -tags. */
  private embedTzdata(commands: GoCommand[]): void {
    for (const command of commands) {
      if (command.verb === 'run' || command.textOffset < 0) continue;
      const tagsIndex = command.args.findIndex(
        (word) => word.value === '-tags' || word.value.startsWith('-tags='),
      );
      const tagsWord = command.args[tagsIndex];
      if (tagsWord && tagsWord.value.startsWith('-tags=')) {
        if (tagsWord.value.includes('timetzdata')) continue;
        const at = command.textOffset + tagsWord.end;
        this.edits.push({ start: at, end: at, text: ',timetzdata' });
      } else if (tagsWord) {
        const value = command.args[tagsIndex + 1];
        if (!value || value.value.includes('timetzdata')) continue;
        const at = command.textOffset + value.end;
        this.edits.push({ start: at, end: at, text: ',timetzdata' });
      } else {
        const verbWord = commandWords(command.command)[1];
        const at = command.textOffset + (verbWord?.end ?? command.goWord.end);
        this.edits.push({ start: at, end: at, text: ' -tags timetzdata' });
      }
      this.change(
        command.instruction,
        'added -tags timetzdata',
        'tzdata was installed for the runtime; scratch has no /usr/share/zoneinfo, so the binary embeds it',
      );
    }
  }

  /** Destinations of COPY --from in the final stage: the binaries, and anything else copied. */
  private copiedBinaries(final: Stage): string[] {
    const binaries: string[] = [];
    for (const instruction of final.instructions) {
      if (instruction.getKeyword() !== 'COPY' || copyFrom(instruction) === undefined) continue;
      const args = instruction.getArguments().map((arg) => arg.getValue());
      const destination = args[args.length - 1] ?? '';
      const scope = this.model.scope(instruction);
      for (const source of args.slice(0, -1)) {
        const base = source.split('/').filter(Boolean).pop() ?? source;
        binaries.push(
          destination.endsWith('/') || args.length > 2
            ? resolvePath(scope.workdir, `${destination}/${base}`)
            : resolvePath(scope.workdir, destination),
        );
      }
    }
    return binaries;
  }

  private replaceFrom(final: Stage, why: string): void {
    const target = this.scratch ? 'scratch' : DISTROLESS_STATIC_IMAGE;
    const name = final.name ? ` AS ${final.name}` : '';
    const range = final.from.getRange();
    this.edits.push({
      start: this.model.offset(range.start),
      end: this.model.offset(range.end),
      text: `FROM ${target}${name}`,
    });
    this.change(final.from, `replaced FROM ${final.image} with FROM ${target}`, why);
  }

  /**
   * Sorts the runtime instructions into those kept, translated and dropped,
   * and collects what the new image must provide. Refuses what needs a shell.
   */
  private classifyRuntime(instructions: Instruction[]): Map<Instruction, Verdict> {
    const verdicts = new Map<Instruction, Verdict>();
    const healthchecks = instructions.filter((instruction) => instruction.getKeyword() === 'HEALTHCHECK');
    const healthTools = new Set(healthchecks.flatMap((instruction) => this.healthcheckTools(instruction)));
    for (const instruction of instructions) {
      const keyword = instruction.getKeyword();
      if (keyword === 'RUN') {
        this.classifyRun(instruction, healthTools);
        verdicts.set(instruction, 'drop');
      } else if (keyword === 'CMD' || keyword === 'ENTRYPOINT') verdicts.set(instruction, 'command');
      else if (keyword === 'USER') verdicts.set(instruction, 'user');
      else if (keyword === 'HEALTHCHECK') verdicts.set(instruction, 'healthcheck');
      else if (keyword === 'SHELL') {
        verdicts.set(instruction, 'drop');
        this.remove(instruction);
        this.change(instruction, 'removed SHELL', 'the new image has no shell');
        this.warnings.push(`line ${line(instruction)}: SHELL dropped: the new image has no shell`);
      } else {
        // COPY, ADD, ENV, LABEL, EXPOSE, VOLUME, WORKDIR, ARG, STOPSIGNAL: they work the same in scratch.
        verdicts.set(instruction, 'keep');
      }
    }
    return verdicts;
  }

  private healthcheckTools(instruction: Instruction): string[] {
    const { text } = this.model.argumentsText(instruction);
    const words = text.split(/\s+/).map((word) => word.replace(/^\[?"|",?\]?$|,$/g, ''));
    return words.filter((word) => HEALTH_TOOLS.has(word.split('/').pop() ?? ''));
  }

  /** A runtime RUN: package installs, users and directories are translated; anything else needs a shell. */
  private classifyRun(instruction: Instruction, healthTools: Set<string>): void {
    const parse = splitShell(this.model.argumentsText(instruction).text, this.model.escape);
    if (
      parse.unsupported.length > 0 ||
      this.model.argumentsText(instruction).text.trimStart().startsWith('[')
    ) {
      throw new Refusal(
        `line ${line(instruction)} runs a shell step the new image cannot run (${parse.unsupported.join(', ') || 'exec form'}); the runtime needs a shell`,
      );
    }
    const done: string[] = [];
    for (const command of parse.commands) {
      const words = commandWords(command).map((word) => word.value);
      const [name = '', ...args] = words;
      if (['apk', 'apt-get', 'apt', 'yum', 'dnf', 'microdnf'].includes(name)) {
        const packages = installedPackages(words);
        for (const pkg of packages) {
          if (pkg === 'ca-certificates' || pkg === 'ca-certificates-bundle') done.push('ca-certificates');
          else if (pkg === 'tzdata') {
            this.needsTzdata = true;
            done.push('tzdata');
          } else if (HEALTH_TOOLS.has(pkg) && healthTools.has(pkg)) done.push(pkg);
          else {
            throw new Refusal(
              `line ${line(instruction)} installs ${pkg} into the runtime image; runtime packages have no equivalent in scratch ` +
                '(keep an alpine or debian runtime, or drop the dependency)',
            );
          }
        }
        continue;
      }
      if (['rm', 'update-ca-certificates', 'true', ':', 'set'].includes(name)) {
        if (
          name === 'rm' &&
          !args.every(
            (arg) =>
              arg.startsWith('-') ||
              /^\/var\/(cache\/apk|lib\/apt\/lists)/.test(arg) ||
              arg.startsWith('/tmp/'),
          )
        ) {
          throw new Refusal(
            `line ${line(instruction)} runs "${words.join(' ')}", which the new image cannot run: the runtime needs a shell`,
          );
        }
        continue;
      }
      if (['adduser', 'addgroup', 'useradd', 'groupadd'].includes(name)) {
        this.recordUser(name, args);
        done.push(name);
        continue;
      }
      if (name === 'mkdir') {
        for (const dir of args.filter((arg) => !arg.startsWith('-')))
          this.stageDir(resolvePath(this.model.scope(instruction).workdir, dir));
        done.push('mkdir');
        continue;
      }
      if (name === 'chown' || name === 'chmod') {
        const operands = args.filter((arg) => !arg.startsWith('-'));
        const [value = '', ...paths] = operands;
        for (const target of paths) {
          const dir = this.stagedDirs.find(
            (staged) => staged.path === resolvePath(this.model.scope(instruction).workdir, target),
          );
          if (dir) {
            if (name === 'chown') dir.owner = value;
            else dir.mode = value;
          } else if (name === 'chown') {
            throw new Refusal(
              `line ${line(instruction)} changes the owner of ${target}, which the converter cannot reproduce without a shell`,
            );
          }
          // chmod of a copied file (chmod +x /app): COPY --from keeps the builder's mode.
        }
        done.push(name);
        continue;
      }
      throw new Refusal(
        `line ${line(instruction)} runs "${words.join(' ')}" in the runtime image; scratch has no shell to run it and the converter cannot reproduce its effect`,
      );
    }
    this.remove(instruction);
    this.change(
      instruction,
      `removed RUN (${[...new Set(done)].join(', ') || 'nothing to keep'})`,
      'scratch has no shell or package manager; what it provided is added below',
    );
  }

  private recordUser(tool: string, args: string[]): void {
    const { flags, rest } = parseUserArgs(args);
    const name = rest[rest.length - 1];
    if (!name) return;
    if (tool === 'addgroup' || tool === 'groupadd') return;
    const uid = Number(flags.get('u') ?? flags.get('uid') ?? NaN);
    const gid = Number(flags.get('g') ?? flags.get('gid') ?? NaN);
    const spec: UserSpec = {
      name,
      uid: Number.isInteger(uid) ? uid : NONROOT_UID,
      gid: Number.isInteger(gid) ? gid : Number.isInteger(uid) ? uid : NONROOT_UID,
    };
    this.createdUsers.set(name, spec);
  }

  private stageDir(path: string): void {
    if (!this.stagedDirs.some((dir) => dir.path === path)) this.stagedDirs.push({ path });
  }

  private resolveUser(value: string): UserSpec {
    const [userPart = '', groupPart] = value.split(':');
    const numeric = (part: string | undefined) =>
      part !== undefined && /^[0-9]+$/.test(part) ? Number(part) : undefined;
    const uidNumber = numeric(userPart);
    const created = this.createdUsers.get(userPart);
    const known = WELL_KNOWN_USERS.get(userPart);
    const uid = uidNumber ?? created?.uid ?? known ?? NONROOT_UID;
    const groupCreated = groupPart !== undefined ? this.createdUsers.get(groupPart) : undefined;
    const gid = numeric(groupPart) ?? groupCreated?.gid ?? created?.gid ?? uid;
    return uidNumber === undefined ? { name: userPart, uid, gid } : { uid, gid };
  }

  /**
   * Writes the runtime stage: kept instructions stay where they are (or are
   * appended, for a single-stage build), translated ones are replaced.
   */
  private finishRuntime(
    stage: Stage,
    builder: Stage,
    binaries: string[],
    verdicts: Map<Instruction, Verdict>,
    layout: { keepInPlace: boolean; prefix?: string[] },
  ): void {
    const builderRef = this.model.reference(builder);
    const appended: string[] = [...(layout.prefix ?? [])];
    const emit = (instruction: Instruction, text: string | undefined) => {
      if (layout.keepInPlace) {
        const range = instruction.getRange();
        if (text === undefined) this.remove(instruction);
        else
          this.edits.push({ start: this.model.offset(range.start), end: this.model.offset(range.end), text });
      } else if (text !== undefined) appended.push(text);
    };

    let user: UserSpec | undefined;
    let hasUser = false;
    for (const [instruction, verdict] of verdicts) {
      if (verdict === 'keep') {
        if (!layout.keepInPlace) appended.push(this.model.instructionText(instruction));
        else this.numericChown(instruction);
      } else if (verdict === 'user') {
        hasUser = true;
        const value = this.model.substitute(
          instruction.getArgumentsContent() ?? '',
          this.model.scope(instruction).env,
        );
        user = this.resolveUser(value);
        const text = `USER ${user.uid}:${user.gid}`;
        emit(instruction, text);
        if (user.name !== undefined) {
          if (user.uid === 0)
            this.warnings.push(`line ${line(instruction)}: the image runs as root; consider a non-root user`);
          this.needsPasswdFor = user;
          this.change(
            instruction,
            `USER ${value} became ${text}`,
            'scratch has no /etc/passwd to look a name up in; a number needs none (a minimal passwd entry keeps the name for os/user)',
          );
        } else if (!layout.keepInPlace)
          this.change(instruction, `moved ${text} to the new stage`, 'it applies to the image that ships');
      } else if (verdict === 'healthcheck') {
        emit(instruction, this.convertHealthcheck(instruction, binaries));
      } else if (verdict === 'command') {
        emit(instruction, this.convertCommand(instruction, binaries, stage));
      }
    }

    if (!hasUser) {
      const text = `USER ${NONROOT_UID}:${NONROOT_UID}`;
      const firstCommand = [...verdicts].find(([, verdict]) => verdict === 'command')?.[0];
      if (layout.keepInPlace) {
        const at = firstCommand ? this.model.lineSpan(firstCommand).start : this.model.text.length;
        this.edits.push({ start: at, end: at, text: `${text}\n` });
      } else {
        const commandIndex = appended.findIndex((entry) => /^(CMD|ENTRYPOINT)\b/.test(entry));
        appended.splice(commandIndex === -1 ? appended.length : commandIndex, 0, text);
      }
      this.changes.push({
        line: line(firstCommand ?? stage.from),
        what: `added ${text}`,
        why: 'the image ran as root; a numeric non-root user needs no passwd file',
      });
      const lowPorts = [...verdicts.keys()]
        .filter((instruction) => instruction.getKeyword() === 'EXPOSE')
        .flatMap((instruction) =>
          instruction.getArguments().map((arg) => Number.parseInt(arg.getValue(), 10)),
        )
        .filter((port) => port < 1024);
      if (lowPorts.length > 0) {
        this.warnings.push(
          `port ${lowPorts.join(', ')} is below 1024: as a non-root user the program can bind it only where the runtime allows unprivileged low ports (Docker does by default, except with --network host)`,
        );
      }
    }

    if (this.needsTzdata) this.embedTzdata(this.goCommands.filter((command) => command.stage === builder));

    // What scratch lacks, staged in the builder and copied in one layer.
    const runtimeAdds: string[] = [];
    if (this.scratch) {
      this.addStagingStep(builder);
      runtimeAdds.push(`COPY --from=${builderRef} /rootfs/ /`);
      runtimeAdds.push(`COPY --from=${builderRef} ${CA_BUNDLE_PATH} ${CA_BUNDLE_PATH}`);
      this.changes.push({
        line: line(stage.from),
        what: `added ${listed([
          'the CA bundle',
          '/tmp (1777)',
          ...(this.needsPasswdFor ? ['/etc/passwd and /etc/group'] : []),
          ...this.stagedDirs.map((dir) => dir.path),
        ])} from the builder`,
        why: 'scratch has none of them: TLS fails with "certificate signed by unknown authority" without the CA bundle, and temp files fail without /tmp',
      });
    } else if (this.stagedDirs.length > 0) {
      throw new Refusal(
        `the runtime creates ${this.stagedDirs.map((dir) => dir.path).join(', ')} with RUN; use --strategy scratch, which stages them from the builder`,
      );
    }

    if (layout.keepInPlace) {
      const fromEnd = this.model.offset(stage.from.getRange().end);
      if (runtimeAdds.length > 0)
        this.edits.push({ start: fromEnd, end: fromEnd, text: `\n${runtimeAdds.join('\n')}` });
    } else {
      const fromIndex = appended.findIndex((entry) => entry.startsWith('FROM '));
      appended.splice(fromIndex + 1, 0, ...runtimeAdds);
      const end = this.model.text.length;
      const separator = this.model.text.endsWith('\n') ? '' : '\n';
      this.edits.push({ start: end, end, text: `${separator}${appended.join('\n')}\n` });
    }
  }

  private numericChown(instruction: Instruction): void {
    if (instruction.getKeyword() !== 'COPY' && instruction.getKeyword() !== 'ADD') return;
    const flag = (
      instruction as unknown as {
        getFlags(): Array<{
          getName(): string;
          getValue(): string | null;
          getValueRange(): { start: Position; end: Position } | null;
        }>;
      }
    )
      .getFlags()
      .find((candidate) => candidate.getName() === 'chown');
    const value = flag?.getValue();
    const range = flag?.getValueRange();
    if (!value || !range || /^[0-9]+(:[0-9]+)?$/.test(value)) return;
    const user = this.resolveUser(value);
    this.edits.push({
      start: this.model.offset(range.start),
      end: this.model.offset(range.end),
      text: `${user.uid}:${user.gid}`,
    });
    this.change(
      instruction,
      `--chown=${value} became --chown=${user.uid}:${user.gid}`,
      'without a shell image the names are only known to the converter',
    );
  }

  /** The one RUN that prepares, in the builder, what the scratch image lacks. */
  private addStagingStep(builder: Stage): void {
    const commands = ['mkdir -p /rootfs/tmp', 'chmod 1777 /rootfs/tmp'];
    const user = this.needsPasswdFor;
    if (user) {
      const name = user.name ?? 'app';
      commands.push(
        'mkdir -p /rootfs/etc',
        `printf '%s\\n' 'root:x:0:0:root:/root:/sbin/nologin' '${name}:x:${user.uid}:${user.gid}:${name}:/nonexistent:/sbin/nologin' >/rootfs/etc/passwd`,
        `printf '%s\\n' 'root:x:0:' '${name}:x:${user.gid}:' >/rootfs/etc/group`,
      );
    }
    for (const dir of this.stagedDirs) {
      commands.push(`mkdir -p /rootfs${dir.path}`);
      if (dir.owner) {
        const owner = this.resolveUser(dir.owner);
        commands.push(`chown ${owner.uid}:${owner.gid} /rootfs${dir.path}`);
      }
      if (dir.mode) commands.push(`chmod ${dir.mode} /rootfs${dir.path}`);
    }
    const last = builder.instructions[builder.instructions.length - 1] ?? builder.from;
    const at = this.model.lineSpan(last).end;
    const needsNewline = at > 0 && this.model.text[at - 1] !== '\n';
    this.edits.push({
      start: at,
      end: at,
      text: `${needsNewline ? '\n' : ''}# Added by go-microcontainer convert: what the scratch image lacks, staged for one COPY.\nRUN ${commands.join(` ${this.model.escape}\n && `)}\n`,
    });
  }

  private convertHealthcheck(instruction: Instruction, binaries: string[]): string | undefined {
    const tools = this.healthcheckTools(instruction);
    const { text } = this.model.argumentsText(instruction);
    if (/^\s*NONE\b/i.test(text)) return this.model.instructionText(instruction);
    if (tools.length > 0) {
      this.remove(instruction);
      this.warnings.push(
        `line ${line(instruction)}: HEALTHCHECK dropped: it runs ${tools.join(', ')}, which scratch does not have. ` +
          `Give the binary its own probe (for example a -health flag that GETs /healthz) and use HEALTHCHECK CMD ["${binaries[0] ?? '/app'}", "-health"]`,
      );
      this.change(
        instruction,
        'removed HEALTHCHECK',
        `it needs ${tools.join(', ')}, and the image has no shell or tools`,
      );
      return undefined;
    }
    // Flags (--interval and friends) sit between the keyword and CMD.
    const full = this.model.instructionText(instruction).replace(/^\s*HEALTHCHECK\s*/i, '');
    const cmdIndex = full.search(/\bCMD\b/i);
    const options = cmdIndex > 0 ? full.slice(0, cmdIndex).trim() : '';
    const command = cmdIndex >= 0 ? full.slice(cmdIndex + 3).trim() : full.trim();
    if (command.startsWith('[')) return this.model.instructionText(instruction);
    const exec = this.toExec(command, instruction, binaries);
    const converted = `HEALTHCHECK ${options ? `${options} ` : ''}CMD ${exec}`;
    this.change(
      instruction,
      'HEALTHCHECK CMD in exec form',
      'the shell form runs /bin/sh -c, and scratch has no shell',
    );
    return converted;
  }

  private convertCommand(instruction: Instruction, binaries: string[], stage: Stage): string {
    const keyword = instruction.getKeyword();
    const { text } = this.model.argumentsText(instruction);
    const scope = this.model.scope(instruction);
    let words: string[];
    if (text.trimStart().startsWith('[')) {
      words = (instruction as unknown as { getJSONStrings(): Array<{ getJSONValue(): string }> })
        .getJSONStrings()
        .map((s) => s.getJSONValue());
      if (words[0] === '/bin/sh' || words[0] === 'sh' || words[0] === '/bin/bash' || words[0] === 'bash') {
        if (words[1] !== '-c' || words.length !== 3)
          throw new Refusal(`line ${line(instruction)} runs a shell; the new image has none`);
        words = this.shellWords(words[2] ?? '', instruction);
      }
    } else {
      words = this.shellWords(text, instruction);
    }
    // go run: run the binary the added build step writes.
    if (words[0] === 'go' && words[1] === 'run') {
      const goRun = this.goCommands.find((command) => command.instruction === instruction);
      words = [goRun?.output ?? '/go/bin/app', ...(goRun?.programArgs ?? [])];
    }
    const [program = '', ...args] = words;
    if (/\.(sh|bash)$/.test(program) || /entrypoint/i.test(program.split('/').pop() ?? '')) {
      if (!binaries.includes(resolvePath(scope.workdir, program))) {
        throw new Refusal(
          `line ${line(instruction)} starts the container with the script ${program}, which needs a shell; scratch has none`,
        );
      }
    }
    const absolute = this.absoluteProgram(
      program,
      scope.workdir,
      binaries,
      keyword === 'CMD' && this.hasEntrypoint(stage, instruction),
    );
    const resolvedArgs = args.map((arg) => this.resolveVariables(arg, instruction));
    const exec = JSON.stringify([absolute, ...resolvedArgs]).replace(/","/g, '", "');
    const converted = `${keyword} ${exec}`;
    if (converted !== this.model.instructionText(instruction)) {
      this.change(
        instruction,
        `${keyword} became ${exec}`,
        'exec form with an absolute path: scratch has no shell to run the shell form or search the PATH',
      );
    }
    return converted;
  }

  private hasEntrypoint(stage: Stage, instruction: Instruction): boolean {
    return stage.instructions.some(
      (candidate) => candidate !== instruction && candidate.getKeyword() === 'ENTRYPOINT',
    );
  }

  private shellWords(text: string, instruction: Instruction): string[] {
    const parse = splitShell(text, this.model.escape);
    if (parse.unsupported.length > 0 || parse.commands.length !== 1) {
      throw new Refusal(
        `line ${line(instruction)} needs a shell to run (${parse.unsupported.join(', ') || 'several commands'}); scratch has none`,
      );
    }
    const command = parse.commands[0] as ShellCommand;
    if (leadingAssignments(command).size > 0) {
      throw new Refusal(
        `line ${line(instruction)} sets variables for its command, which needs a shell; use ENV instead`,
      );
    }
    return command.words
      .map((word) => word.value)
      .filter((word) => word !== 'exec' || command.words[0]?.value !== 'exec');
  }

  private toExec(command: string, instruction: Instruction, binaries: string[]): string {
    const [program = '', ...args] = this.shellWords(command, instruction);
    const absolute = this.absoluteProgram(program, this.model.scope(instruction).workdir, binaries, false);
    return JSON.stringify([absolute, ...args.map((arg) => this.resolveVariables(arg, instruction))]).replace(
      /","/g,
      '", "',
    );
  }

  private absoluteProgram(
    program: string,
    workdir: string,
    binaries: string[],
    isEntrypointArgument: boolean,
  ): string {
    if (isEntrypointArgument || program.startsWith('/') || program === '') return program;
    if (program.includes('/')) return resolvePath(workdir, program);
    const onPath = binaries.find((binary) => binary.split('/').pop() === program);
    if (onPath) return onPath;
    const inWorkdir = binaries.find((binary) => binary === resolvePath(workdir, program));
    return inWorkdir ?? `${DEFAULT_PATH[1]}/${program}`;
  }

  /** `$VAR` from the file's own ENV or ARG defaults; otherwise the report warns. */
  private resolveVariables(arg: string, instruction: Instruction): string {
    if (!arg.includes('$')) return arg;
    const scope = this.model.scope(instruction);
    const resolved = this.model.substitute(arg, scope.env);
    if (resolved.includes('$')) {
      this.warnings.push(
        `line ${line(instruction)}: ${arg} is not expanded in exec form and has no default in this Dockerfile; pass the value explicitly`,
      );
      return resolved;
    }
    this.warnings.push(
      `line ${line(instruction)}: ${arg} was resolved to "${resolved}" from the Dockerfile; exec form does not expand variables, so docker run -e no longer changes it`,
    );
    return resolved;
  }

  private envAfter(instruction: Instruction): Map<string, string> {
    const values = new Map<string, string>();
    for (const property of (
      instruction as unknown as { getProperties(): Array<{ getName(): string; getValue(): string | null }> }
    ).getProperties()) {
      values.set(property.getName(), property.getValue() ?? '');
    }
    return values;
  }

  private shellCommands(instruction: Instruction): ShellCommand[] {
    return splitShell(this.model.argumentsText(instruction).text, this.model.escape).commands;
  }

  private remove(instruction: Instruction): void {
    const span = this.model.lineSpan(instruction);
    if (!this.edits.some((edit) => edit.start === span.start && edit.end === span.end && edit.text === '')) {
      this.edits.push({ ...span, text: '' });
    }
  }

  private change(instruction: Instruction, what: string, why: string): void {
    this.changes.push({ line: line(instruction), what, why });
  }

  private applyEdits(): string {
    // From the end of the file backwards, so earlier offsets stay valid. At one
    // offset a replacement goes before insertions (they then land in front of
    // it), and insertions keep the order they were made in.
    const ordered = this.edits
      .map((edit, index) => ({ edit, index }))
      .sort((a, b) => b.edit.start - a.edit.start || b.edit.end - a.edit.end || b.index - a.index);
    let text = this.model.text;
    for (const { edit } of ordered) text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
    return text;
  }
}

/** "a, b and c". */
function listed(items: string[]): string {
  return items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function line(instruction: Instruction): number {
  return instruction.getRange().start.line + 1;
}

function copyFrom(instruction: Instruction): string | undefined {
  const flag = (
    instruction as unknown as { getFromFlag(): { getValue(): string | null } | null }
  ).getFromFlag();
  return flag?.getValue() ?? undefined;
}

/** Packages named by an install command of apk, apt-get, apt, yum, dnf or microdnf. */
export function installedPackages(words: string[]): string[] {
  const [tool, verb, ...rest] = words;
  if (tool === 'apk' && verb === 'add')
    return rest.filter(
      (word, i) => !word.startsWith('-') && rest[i - 1] !== '--virtual' && rest[i - 1] !== '-t',
    );
  if (
    (tool === 'apt-get' || tool === 'apt' || tool === 'yum' || tool === 'dnf' || tool === 'microdnf') &&
    verb === 'install'
  ) {
    return rest.filter((word) => !word.startsWith('-')).map((word) => word.split('=')[0] ?? word);
  }
  return [];
}

function parseUserArgs(args: string[]): { flags: Map<string, string>; rest: string[] } {
  const flags = new Map<string, string>();
  const rest: string[] = [];
  const withValue = new Set([
    'u',
    'uid',
    'g',
    'gid',
    'G',
    'groups',
    'h',
    'home',
    'd',
    'home-dir',
    's',
    'shell',
    'k',
    'c',
    'comment',
  ]);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const match = /^--?([A-Za-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) {
      rest.push(arg);
      continue;
    }
    const name = match[1] ?? '';
    if (match[2] !== undefined) flags.set(name, match[2]);
    else if (withValue.has(name)) {
      flags.set(name, args[i + 1] ?? '');
      i++;
    } else flags.set(name, 'true');
  }
  return { flags, rest };
}
