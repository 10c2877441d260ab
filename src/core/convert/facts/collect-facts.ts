/**
 * The facts pass: parses the file once (dockerfile-ast through
 * DockerfileModel) and turns what the rules need into plain readonly data.
 * It is the only part of the engine that touches the parser.
 */
import { Copy, From, JSONInstruction, ModifiableInstruction, type Instruction } from 'dockerfile-ast';
import { NO_CONTEXT_CGO } from '../cgo/context-cgo.js';
import type { ConvertOptions } from '../options.js';
import { dockerInstructionLines } from './docker-lines.js';
import { copiedBinaries } from './folders.js';
import {
  baseImage,
  copiedFiles,
  lineage,
  runCommandWords,
  shippedStage,
  stageByReference,
} from './origins.js';
import { prebuiltStart } from './prebuilt.js';
import { builderWord, DockerfileModel, properties } from './dockerfile-model.js';
import type {
  CommandForm,
  CopyFacts,
  Facts,
  UnfollowedBuild,
  HealthcheckFacts,
  InstructionFacts,
  Layout,
  PrebuiltStart,
  StageFacts,
} from './facts.js';
import { findGoCommands } from '../builds/go-commands.js';
import type { GoCommandFacts } from './facts.js';
import { isDistroless, isGoToolchainImage, isMinimalImage } from './images.js';
import { goModFolders } from '../builds/indirect-builds.js';
import { HEALTH_TOOLS, installedPackages, stagePackageManager } from './packages.js';
import { NONROOT_UID } from '../../versions.js';
import { splitShell } from '../shell/shell-words.js';
import { createdGroup, createdUser, resolveUser, userWithUid, type UserSpec } from './users.js';

/** Runtime-only instructions: in a single-stage build they move to the new stage. */
const RUNTIME_KEYWORDS = new Set([
  'CMD',
  'ENTRYPOINT',
  'EXPOSE',
  'HEALTHCHECK',
  'USER',
  'VOLUME',
  'STOPSIGNAL',
]);

export function collectFacts(text: string, options: ConvertOptions): Facts {
  const model = new DockerfileModel(text);
  const indexes = new Map(
    model.dockerfile.getInstructions().map((instruction, index) => [instruction, index]),
  );
  const describe = (instruction: Instruction) =>
    instructionFacts(model, instruction, indexes.get(instruction) ?? -1);
  const stages: StageFacts[] = model.stages.map((stage) => {
    const from = describe(stage.from);
    if (from.kind !== 'from') throw new Error('a stage starts with FROM');
    return {
      index: stage.index,
      name: stage.name,
      image: stage.image,
      from,
      instructions: stage.instructions.map(describe),
      endWorkdir: model.stageEnd(stage).workdir,
    };
  });
  const { commands: goCommands, unfollowed } = findGoCommands(stages, {
    ...(options.modulePath ? { modulePath: options.modulePath } : {}),
    ...(options.contextFiles ? { contextFiles: options.contextFiles } : {}),
  });
  const final = shippedStage(stages);
  const prebuilt =
    final && goCommands.length === 0
      ? prebuiltStart(final, { contextProgram: options.contextProgram, releaseConfig: options.releaseConfig })
      : undefined;
  const prebuiltLayout =
    final && prebuilt ? layoutOfPrebuilt(stages, final, prebuilt, unfollowed) : undefined;
  const createdUsers = new Map<string, UserSpec>();
  const createdGroups = new Map<string, number>();
  // A passwd copied from another stage (`COPY --from=build /etc/passwd /etc/passwd`) holds the users it made.
  for (const stage of final ? [...passwdSources(stages, final), final] : []) {
    // Debian's adduser reads its options differently from busybox's (alpine).
    const debianTools = stagePackageManager(stage, stages) === 'apt-get';
    for (const words of shellCommandWords(stage)) {
      const group = createdGroup(words[0] ?? '', words.slice(1));
      if (group?.gid !== undefined) createdGroups.set(group.name, group.gid);
      const user = createdUser(words[0] ?? '', words.slice(1), createdGroups, debianTools);
      if (user?.name !== undefined) createdUsers.set(user.name, user);
    }
  }
  const installsTzdata = final !== undefined && stagePackages(final).includes('tzdata');
  // Distroless images hold zoneinfo and a passwd with nonroot: scratch gets them from the builder instead.
  const distroless = final !== undefined && isDistroless(final.image) && options.strategy === 'scratch';
  const setsTz = (final?.instructions ?? []).some(
    (instruction) => instruction.kind === 'env' && instruction.properties.some(({ name }) => name === 'TZ'),
  );
  const namedUsers = (final?.instructions ?? [])
    .flatMap((instruction) => {
      if (instruction.kind !== 'user') return [];
      const user = resolveUser(instruction.value, createdUsers, createdGroups);
      // `USER 10000` of a user adduser made: Docker gives it that user's name and HOME from passwd.
      const made = user.name === undefined ? userWithUid(user.uid, createdUsers) : undefined;
      // Its name and HOME; the group is the one USER gives (its own, or the one named).
      return [made ? { ...user, name: made.name, ...(made.home ? { home: made.home } : {}) } : user];
    })
    .filter((user) => user.name !== undefined);
  return {
    text,
    misreadLine: misreadLine(model),
    escape: model.escape,
    strategy: options.strategy,
    dropped: new Set(options.drop ?? []),
    contextProgram: options.contextProgram ?? (() => undefined),
    readsContextPrograms: options.contextProgram !== undefined,
    contextCgo: options.contextCgo ?? NO_CONTEXT_CGO,
    modulePath: options.modulePath,
    goModFolders: options.contextFiles
      ? goModFolders(stages, options.contextFiles)
      : options.modulePath === undefined
        ? undefined
        : new Set(['']),
    stages,
    goCommands,
    unfollowedBuilds: unfollowed,
    stageCopies: new Map(
      stages.map((stage) => [stage.index, copiedFiles(stages, stage, goCommands, unfollowed, stagePackages)]),
    ),
    prebuilt,
    layout: final && goCommands.length > 0 ? layoutOf(stages, final, goCommands, unfollowed) : prebuiltLayout,
    runtimeOnlyLayout:
      prebuiltLayout ??
      // A single stage that builds in its RUNs (FROM a Go toolchain image, or through a step not followed)
      // is judged on how it starts only (plan.ts, runtimeReasons).
      (final && goCommands.length === 0 ? layoutOf(stages, final, goCommands, unfollowed) : undefined),
    createdUsers,
    createdGroups,
    passwdUser:
      namedUsers[namedUsers.length - 1] ??
      // With its home, which distroless has (HOME=/home/nonroot, and a program may keep files there).
      (distroless
        ? {
            name: 'nonroot',
            uid: NONROOT_UID,
            gid: NONROOT_UID,
            home: { path: DISTROLESS_NONROOT_HOME, created: true },
          }
        : undefined),
    tzdataFrom: installsTzdata ? 'package' : distroless && setsTz ? 'distroless' : undefined,
  };
}

/** The nonroot user's home in the distroless images. */
const DISTROLESS_NONROOT_HOME = '/home/nonroot';

/**
 * The first line (1-based) where dockerfile-ast starts instructions
 * differently from Docker, or undefined when they agree on every one.
 */
export function misreadLine(model: DockerfileModel): Facts['misreadLine'] {
  const { starts: docker, unterminatedHeredoc, badEscape } = dockerInstructionLines(model.text, model.escape);
  if (badEscape !== undefined) return { line: badEscape + 1, why: 'escape' };
  if (unterminatedHeredoc !== undefined) return { line: unterminatedHeredoc + 1, why: 'heredoc' };
  const ast = model.dockerfile.getInstructions().map((instruction) => instruction.getRange().start.line);
  for (let i = 0; i < Math.max(docker.length, ast.length); i++) {
    // The instruction before the first start that differs is the one read differently.
    if (docker[i] !== ast[i])
      return {
        line: (docker[i - 1] ?? Math.min(docker[i] ?? Infinity, ast[i] ?? Infinity)) + 1,
        why: 'split',
      };
  }
  return undefined;
}

/**
 * The words of every shell-form RUN command of a stage, leading assignments
 * left out, with the ENV and ARG values in force substituted (`adduser -u
 * "${UID}"` with `ARG UID=10001` creates user 10001).
 */
export function shellCommandWords(stage: StageFacts): string[][] {
  return stage.instructions.flatMap((instruction) =>
    instruction.kind === 'run' && instruction.form.kind === 'shell' ? runCommandWords(instruction) : [],
  );
}

/**
 * The stages whose /etc/passwd the final stage copies (`COPY --from=build
 * /etc/passwd /etc/passwd`), each with the stages it is built FROM, earliest first.
 */
function passwdSources(stages: readonly StageFacts[], final: StageFacts): StageFacts[] {
  return final.instructions.flatMap((instruction) => {
    if (instruction.kind !== 'copy' || instruction.from === undefined) return [];
    const destination = instruction.destination?.value ?? '';
    const copiesPasswd =
      instruction.arguments.slice(0, -1).includes('/etc/passwd') &&
      ['/etc/passwd', '/etc/', '/etc'].includes(destination);
    const source = copiesPasswd ? stageByReference(stages, final, instruction.from) : undefined;
    return source ? lineage(stages, source).reverse() : [];
  });
}

/** The packages a stage's RUNs install. */
function stagePackages(stage: StageFacts): string[] {
  return shellCommandWords(stage).flatMap(installedPackages);
}

function layoutOf(
  stages: readonly StageFacts[],
  final: StageFacts,
  goCommands: readonly GoCommandFacts[],
  unfollowed: readonly UnfollowedBuild[],
): Layout {
  const builtHere = goCommands.filter((command) => command.stageIndex === final.index);
  if (builtHere.length > 0) {
    const goRun = builtHere.find((command) => command.verb === 'run');
    // One make target can build several binaries: the new stage copies each of them.
    const outputs = builtHere.flatMap((command) =>
      command.verb !== 'run' && command.output !== undefined ? [command.output] : [],
    );
    return {
      kind: 'single-stage',
      stage: final,
      builder: final,
      builderReference: final.name ?? 'build',
      binaries: goRun ? [goRun.output ?? '/go/bin/app'] : [...new Set(outputs)],
      copied: [],
      runtimeInstructions: final.instructions.filter((instruction) =>
        RUNTIME_KEYWORDS.has(instruction.keyword),
      ),
      goRun,
    };
  }
  // COPY --from names an earlier stage: the final stage copying from itself is no builder.
  const copiedFrom = final.instructions.flatMap((instruction) =>
    instruction.kind === 'copy' && instruction.from !== undefined ? [instruction.from] : [],
  );
  const lastBuild = goCommands[goCommands.length - 1];
  // The stage the runtime copies from that runs a go build: another it copies from first may be an
  // image of a tool (`COPY --from=grpc-health-probe`), which has no shell to stage files in, nor the
  // build. A scratch artefact stage (`FROM scratch AS binary`) has none either.
  const copiedStages = copiedFrom.flatMap((reference) => stageByReference(stages, final, reference) ?? []);
  const builder =
    copiedStages.find((stage) => goCommands.some((command) => command.stageIndex === stage.index)) ??
    copiedStages.find((stage) => !isMinimalImage(baseImage(stages, stage))) ??
    stages.find((stage) => stage.index === lastBuild?.stageIndex) ??
    final;
  const copied = copiedFiles(stages, final, goCommands, unfollowed, stagePackages);
  return {
    kind: 'multi-stage',
    stage: final,
    builder,
    builderReference: builder.name ?? String(builder.index),
    binaries: copied.map((file) => file.path),
    copied,
    runtimeInstructions: [...runtimeAncestry(stages, final, goCommands), ...final.instructions],
    goRun: undefined,
  };
}

/**
 * The instructions of the stages a runtime stage is built FROM (`FROM base`,
 * where base installs git and tini), oldest first: the image that ships has
 * what they did. GMC201 refuses such a file; its steps are judged with the
 * runtime's so the refusal names them too. Not a stage that builds Go or
 * starts from a Go toolchain image: its RUNs are a build.
 */
function runtimeAncestry(
  stages: readonly StageFacts[],
  final: StageFacts,
  goCommands: readonly GoCommandFacts[],
): InstructionFacts[] {
  const ancestors = lineage(stages, final).slice(1);
  const builds = (stage: StageFacts) =>
    isGoToolchainImage(stage.image) || goCommands.some((command) => command.stageIndex === stage.index);
  if (ancestors.some(builds)) return [];
  return ancestors.reverse().flatMap((stage) => stage.instructions);
}

/**
 * The stage that ships a prebuilt binary, rebased in place like a
 * multi-stage runtime: it is its own "builder" for what scratch lacks, which
 * is staged in a new stage on its original base image (GMC209), named so
 * that no stage of the file has that name already.
 */
function layoutOfPrebuilt(
  stages: readonly StageFacts[],
  final: StageFacts,
  prebuilt: PrebuiltStart,
  unfollowed: readonly UnfollowedBuild[],
): Layout {
  const taken = new Set(stages.map((stage) => stage.name));
  let filesStage = 'runtime-files';
  for (let n = 2; taken.has(filesStage); n++) filesStage = `runtime-files-${n}`;
  return {
    kind: 'multi-stage',
    stage: final,
    builder: final,
    builderReference: filesStage,
    binaries: [...new Set([prebuilt.path, ...copiedBinaries(final)])],
    copied: copiedFiles(stages, final, [], unfollowed, stagePackages),
    runtimeInstructions: final.instructions,
    goRun: undefined,
    prebuilt: { filesStage },
  };
}

function instructionFacts(model: DockerfileModel, instruction: Instruction, index: number): InstructionFacts {
  const range = instruction.getRange();
  const args = model.argumentsText(instruction);
  const base = {
    index,
    keyword: instruction.getKeyword(),
    line: range.start.line + 1,
    range: { start: model.offset(range.start), end: model.offset(range.end) },
    lineSpan: model.lineSpan(instruction),
    text: model.instructionText(instruction),
    argumentsText: args.text,
    argumentsOffset: args.offset,
    scope: model.scope(instruction),
  };
  switch (base.keyword) {
    case 'FROM': {
      const imageRange = instruction instanceof From ? instruction.getImageRange() : null;
      return { ...base, kind: 'from', imageEnd: model.offset(imageRange?.end ?? range.end) };
    }
    case 'RUN':
      return { ...base, kind: 'run', form: commandForm(model, instruction, args.text) };
    case 'CMD':
    case 'ENTRYPOINT':
      return { ...base, kind: 'start', form: commandForm(model, instruction, args.text) };
    case 'COPY':
    case 'ADD': {
      const flag =
        instruction instanceof ModifiableInstruction
          ? instruction.getFlags().find((candidate) => candidate.getName() === 'chown')
          : undefined;
      const value = flag?.getValue();
      const valueRange = flag?.getValueRange();
      return {
        ...base,
        kind: 'copy',
        from: instruction instanceof Copy ? copyFrom(instruction) : undefined,
        chown:
          value && valueRange
            ? { value, span: { start: model.offset(valueRange.start), end: model.offset(valueRange.end) } }
            : undefined,
        arguments: copyArguments(model, instruction),
        destination: copyDestination(model, instruction),
      };
    }
    case 'ENV':
      return { ...base, kind: 'env', properties: properties(instruction) };
    case 'USER':
      return {
        ...base,
        kind: 'user',
        ...builderWord(instruction.getArgumentsContent() ?? '', base.scope, model.escape),
      };
    case 'HEALTHCHECK':
      return { ...base, kind: 'healthcheck', ...healthcheck(base.text, args.text, model.escape) };
    case 'EXPOSE':
      return {
        ...base,
        kind: 'expose',
        ports: instruction.getArguments().map((arg) => Number.parseInt(arg.getValue(), 10)),
      };
    default:
      return { ...base, kind: 'other' };
  }
}

/** The sources and destination of a COPY or ADD, the JSON form decoded as Docker decodes it. */
function copyArguments(model: DockerfileModel, instruction: Instruction): string[] {
  const [first] = instruction instanceof JSONInstruction ? instruction.getJSONStrings() : [];
  if (first !== undefined) {
    const start = model.offset(first.getRange().start);
    const end = model.offset(instruction.getRange().end);
    const decoded = jsonStrings(`[${removeContinuations(model.text.slice(start, end), model.escape)}`);
    if (decoded !== undefined) return decoded;
  }
  return instruction.getArguments().map((arg) => arg.getValue());
}

/** The last argument of a COPY or ADD in the shell-like form, with its place in the file. */
function copyDestination(model: DockerfileModel, instruction: Instruction): CopyFacts['destination'] {
  if (instruction instanceof JSONInstruction && instruction.getJSONStrings().length > 0) return undefined;
  const last = instruction.getArguments().at(-1);
  if (last === undefined) return undefined;
  const range = last.getRange();
  return { value: last.getValue(), span: { start: model.offset(range.start), end: model.offset(range.end) } };
}

/**
 * `--from` of a COPY, among all its flags: dockerfile-ast's getFromFlag()
 * (0.7.1) answers only when --from is the one flag, so it misses
 * `COPY --from=build --chown=app /out/app /app`.
 */
function copyFrom(copy: Copy): string | undefined {
  return (
    copy
      .getFlags()
      .find((flag) => flag.getName() === 'from')
      ?.getValue() ?? undefined
  );
}

/**
 * Exec form when the text is a JSON array of strings once line continuations
 * are removed, as Docker decides it; shell form otherwise. The strings are
 * decoded with JSON.parse (dockerfile-ast's decoding drops spaces and
 * `\uXXXX` escapes); dockerfile-ast only places them in the text.
 */
function commandForm(model: DockerfileModel, instruction: Instruction, text: string): CommandForm {
  const shell: CommandForm = { kind: 'shell', text, parse: splitShell(text, model.escape) };
  const words = jsonStrings(removeContinuations(text, model.escape));
  if (words === undefined) return shell;
  const strings = instruction instanceof JSONInstruction ? instruction.getJSONStrings() : [];
  const spans = strings.map((string) => {
    const range = string.getRange();
    return { start: model.offset(range.start), end: model.offset(range.end) };
  });
  const placed =
    spans.length === words.length &&
    spans.every((span, i) => jsonStrings(`[${model.text.slice(span.start, span.end)}]`)?.[0] === words[i]);
  return { kind: 'exec', words, spans: placed ? spans : [] };
}

/** The Dockerfile's line continuations (escape, blanks, newline) removed. */
function removeContinuations(text: string, escape: string): string {
  const quoted = escape.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
  return text.replace(new RegExp(`${quoted}[ \t]*\r?\n`, 'g'), '');
}

/** The strings of a JSON array of strings, or undefined when the text is not one. */
function jsonStrings(text: string): string[] | undefined {
  if (!text.trimStart().startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) && parsed.every((item) => typeof item === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function healthcheck(
  text: string,
  argumentsText: string,
  escape: string,
): Pick<HealthcheckFacts, 'none' | 'options' | 'command' | 'tools'> {
  // Flags (--interval and friends) sit between the keyword and CMD.
  const full = text.replace(/^\s*HEALTHCHECK\s*/i, '');
  const cmdIndex = full.search(/\bCMD\b/i);
  const options = cmdIndex > 0 ? full.slice(0, cmdIndex).trim() : '';
  const command = cmdIndex >= 0 ? full.slice(cmdIndex + 3).trim() : full.trim();
  const words = argumentsText.split(/\s+/).map((word) => word.replace(/^\[?"|",?\]?$|,$/g, ''));
  return {
    none: /^\s*NONE\b/i.test(argumentsText),
    options,
    command: healthcheckCommand(command, escape),
    tools: words.filter((word) => HEALTH_TOOLS.has(word.split('/').pop() ?? '')),
  };
}

/** A HEALTHCHECK's CMD; exec form is kept as written, so its strings need no place. */
function healthcheckCommand(command: string, escape: string): CommandForm {
  const words = jsonStrings(removeContinuations(command, escape));
  return words === undefined
    ? { kind: 'shell', text: command, parse: splitShell(command, escape) }
    : { kind: 'exec', words, spans: [] };
}
