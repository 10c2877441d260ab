/**
 * Where each file the image that ships copies from another stage comes
 * from, and whether a go build of that stage wrote it: the program an
 * ENTRYPOINT or CMD starts must be the Go binary (or another file known to
 * run on scratch), not an entrypoint script or a package's dynamically
 * linked program that merely sits in a build stage.
 */
import { resolvePath } from './dockerfile-model.js';
import type { CopiedFile, GoCommandFacts, StageFacts, UnfollowedBuild, UserFacts } from './facts.js';
import { copiedPath } from './folders.js';

export function copiedFiles(
  stages: readonly StageFacts[],
  final: StageFacts,
  goCommands: readonly GoCommandFacts[],
  unfollowed: readonly UnfollowedBuild[],
  packagesOf: (stage: StageFacts) => readonly string[],
): CopiedFile[] {
  const files: CopiedFile[] = [];
  for (const copy of final.instructions) {
    if (copy.kind !== 'copy' || copy.from === undefined) continue;
    const stage = stageByReference(stages, final, copy.from);
    for (const written of copy.arguments.slice(0, -1)) {
      const source = resolvePath('/', written);
      const chain = stage && lineage(stages, stage);
      const made = chain && madeBy(source, chain, { stages, goCommands, unfollowed, packagesOf });
      files.push({
        path: copiedPath(copy, final, written),
        copy,
        stage,
        source,
        madeBy: typeof made === 'object' ? 'go-build' : made,
        ...(typeof made === 'object' ? { goCommand: made } : {}),
      });
    }
  }
  return files;
}

/**
 * The stage `docker build` ships: the last one or, when the last only names
 * an earlier stage and adds nothing to it (`FROM ${TARGET}` with `ARG
 * TARGET=release`, `FROM release AS final`), that stage, followed to the one
 * that does the work.
 */
export function shippedStage(stages: readonly StageFacts[]): StageFacts | undefined {
  let stage = stages[stages.length - 1];
  for (let hops = 0; stage && stage.instructions.length === 0 && hops < stages.length; hops++) {
    const named = parentStage(stages, stage);
    if (!named) break;
    stage = named;
  }
  return stage;
}

/** The earlier stage `stage` starts FROM (`FROM build AS test`), by name; undefined when it starts from an image. */
export function parentStage(stages: readonly StageFacts[], stage: StageFacts): StageFacts | undefined {
  return stages.find(
    (other) =>
      other.index < stage.index && other.name !== undefined && other.name === stage.image.toLowerCase(),
  );
}

/**
 * The USER in force where `stage` ends: its own last USER, else the one of
 * the stage it starts FROM, and so on; undefined when no stage of the file
 * sets one (the base image's own user).
 */
export function userInForce(stages: readonly StageFacts[], stage: StageFacts): UserFacts | undefined {
  for (let current: StageFacts | undefined = stage; current; current = parentStage(stages, current)) {
    const user = current.instructions
      .filter((instruction): instruction is UserFacts => instruction.kind === 'user')
      .at(-1);
    if (user) return user;
  }
  return undefined;
}

/** Whether a USER value (`0`, `root`, `0:0`, `root:staff`) is root. */
export function isRootUser(value: string): boolean {
  const [user = ''] = value.split(':');
  return user === '0' || user === 'root';
}

/** The stage `reference` (a COPY's --from) names, by name or index, among those before `final`. */
export function stageByReference(
  stages: readonly StageFacts[],
  final: StageFacts,
  reference: string,
): StageFacts | undefined {
  return stages.find(
    (stage) =>
      stage.index < final.index &&
      (stage.name === reference.toLowerCase() || String(stage.index) === reference),
  );
}

/** The stage and the stages it starts FROM, whose files it has. */
/** `stage` and the earlier stages it is built FROM, nearest first. */
export function lineage(stages: readonly StageFacts[], stage: StageFacts): StageFacts[] {
  const chain = [stage];
  for (let current = stage; ;) {
    const parent = stageByReference(stages, current, current.image);
    if (parent === undefined || chain.includes(parent)) return chain;
    chain.push(parent);
    current = parent;
  }
}

/** Where programs of packages go. */
const PACKAGE_PROGRAM_FOLDERS = new Set(['/bin', '/sbin', '/usr/bin', '/usr/sbin', '/usr/local/bin']);

/** What made the file: the go build that writes it, or what else can be told. */
function madeBy(
  source: string,
  chain: readonly StageFacts[],
  file: {
    stages: readonly StageFacts[];
    goCommands: readonly GoCommandFacts[];
    unfollowed: readonly UnfollowedBuild[];
    packagesOf: (stage: StageFacts) => readonly string[];
  },
): GoCommandFacts | Exclude<CopiedFile['madeBy'], 'go-build'> {
  const indexes = new Set(chain.map((stage) => stage.index));
  const builds = file.goCommands.filter((command) => indexes.has(command.stageIndex));
  const matches = (output: string) =>
    output === source || output.startsWith(`${source === '/' ? '' : source}/`) || globMatches(source, output);
  // The last build that writes it: a later one overwrites an earlier one's output.
  const writer = builds.filter((command) => command.output !== undefined && matches(command.output)).at(-1);
  if (writer) return writer;
  const name = source.split('/').pop() ?? '';
  const folder = source.slice(0, source.length - name.length - 1);
  if (PACKAGE_PROGRAM_FOLDERS.has(folder) && chain.some((stage) => file.packagesOf(stage).includes(name)))
    return 'package';
  const followedNothing = file.unfollowed.every(
    (build) => !indexes.has(stageOfLine(file.stages, build.line)),
  );
  // No go build found anywhere may mean one the converter did not recognise: that says nothing of this file.
  const buildsElsewhere = file.goCommands.length > 0;
  // A stage that copies files in (`COPY --from=build /out/app /app` then `RUN upx /app`) may hold the Go binary.
  const copiesIn = chain.some((stage) =>
    stage.instructions.some((instruction) => instruction.kind === 'copy'),
  );
  return builds.length === 0 && followedNothing && buildsElsewhere && !copiesIn ? 'no-go-build' : undefined;
}

/** `COPY --from=build /out/* /bin/`: a source with wildcards matches the outputs it names. */
function globMatches(pattern: string, path: string): boolean {
  if (!/[*?]/.test(pattern) || pattern.includes('[')) return false;
  const regex = pattern
    .split('')
    .map((char) =>
      char === '*' ? '[^/]*' : char === '?' ? '[^/]' : char.replace(/[\\^$.+()[\]{}|]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${regex}(/|$)`).test(path);
}

/** The index of the stage a line of the file is in. */
export function stageOfLine(stages: readonly StageFacts[], line: number): number {
  return stages.filter((stage) => stage.from.line <= line).at(-1)?.index ?? -1;
}
