/**
 * Where each file the image that ships copies from another stage comes
 * from, and whether a go build of that stage wrote it: the program an
 * ENTRYPOINT or CMD starts must be the Go binary (or another file known to
 * run on scratch), not an entrypoint script or a package's dynamically
 * linked program that merely sits in a build stage.
 */
import { commandWords, expandWord } from '../shell/shell-words.js';
import { resolvePath, substituteVariables } from './dockerfile-model.js';
import type {
  CommandFacts,
  CopiedFile,
  CopyFacts,
  GoCommandFacts,
  StageFacts,
  UnfollowedBuild,
  UserFacts,
} from './facts.js';
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
      // A folder the go builds write into is copied as what it holds (`COPY --from=build /out/ /usr/bin/`
      // puts /out/app at /usr/bin/app): each binary where it lands, whatever the destination is in the base.
      const inFolder = chain ? outputsBelow(source, chain, goCommands) : [];
      if (inFolder.length > 0) {
        const folder = resolvePath(copy.scope.workdir, copy.arguments.at(-1) ?? '');
        for (const command of inFolder)
          files.push({
            path: resolvePath(folder, (command.output ?? '').slice(source === '/' ? 1 : source.length + 1)),
            copy,
            stage,
            source: command.output ?? source,
            madeBy: 'go-build',
            goCommand: command,
          });
        continue;
      }
      const made = chain && madeBy(source, chain, { stages, goCommands, unfollowed, packagesOf });
      files.push({
        path: copiedPath(copy, final, written),
        copy,
        stage,
        source,
        madeBy: typeof made === 'object' ? ('go-build' in made ? 'go-build' : 'download') : made,
        ...(typeof made === 'object' && 'go-build' in made ? { goCommand: made['go-build'] } : {}),
        ...(typeof made === 'object' && 'download' in made ? { downloadLine: made.download } : {}),
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

/** The image a stage starts from, through the earlier stages it is built FROM. */
export function baseImage(stages: readonly StageFacts[], stage: StageFacts): string {
  let current = stage;
  for (let hops = 0; hops < stages.length; hops++) {
    const parent = parentStage(stages, current);
    if (!parent) break;
    current = parent;
  }
  return current.image;
}

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

/**
 * The go builds of the stage (or of a stage it starts FROM) whose output is
 * below `source`, the last of each output (a later build overwrites an
 * earlier one's); none when one writes `source` itself, a file then.
 */
function outputsBelow(
  source: string,
  chain: readonly StageFacts[],
  goCommands: readonly GoCommandFacts[],
): GoCommandFacts[] {
  const indexes = new Set(chain.map((stage) => stage.index));
  const builds = goCommands.filter(
    (command) => indexes.has(command.stageIndex) && command.output !== undefined,
  );
  if (builds.some((command) => command.output === source)) return [];
  const prefix = source === '/' ? '/' : `${source}/`;
  const last = new Map<string, GoCommandFacts>();
  for (const command of builds) if (command.output?.startsWith(prefix)) last.set(command.output, command);
  return [...last.values()];
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
):
  | { readonly 'go-build': GoCommandFacts }
  | { readonly download: number }
  | Exclude<CopiedFile['madeBy'], 'go-build' | 'download'> {
  const indexes = new Set(chain.map((stage) => stage.index));
  const builds = file.goCommands.filter((command) => indexes.has(command.stageIndex));
  const matches = (output: string) =>
    output === source || output.startsWith(`${source === '/' ? '' : source}/`) || globMatches(source, output);
  // The last build that writes it: a later one overwrites an earlier one's output.
  const writer = builds.filter((command) => command.output !== undefined && matches(command.output)).at(-1);
  if (writer) return { 'go-build': writer };
  const download = chain
    .flatMap((stage) => stage.instructions)
    .find((instruction) => downloads(instruction, source));
  if (download) return { download: download.line };
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

/**
 * Whether the instruction downloads a file to `path`: `curl -o path`,
 * `wget -O path` (options clustered or not), or `ADD <url> path`. What it
 * downloads may be a dynamically linked program or a script, and nothing in
 * the Dockerfile says which.
 */
function downloads(instruction: StageFacts['instructions'][number], path: string): boolean {
  if (instruction.kind === 'copy') return addsUrlTo(instruction, path);
  if (instruction.kind !== 'run') return false;
  return runCommandWords(instruction).some((words) => {
    const output = downloadOutput(words);
    return output !== undefined && resolvePath(instruction.scope.workdir, output) === path;
  });
}

function addsUrlTo(add: CopyFacts, path: string): boolean {
  if (add.keyword !== 'ADD' || add.from !== undefined) return false;
  const destination = substituteVariables(add.arguments.at(-1) ?? '', add.scope.env);
  return add.arguments.slice(0, -1).some((source) => {
    if (!/^https?:\/\//.test(source)) return false;
    const into = destination.endsWith('/') ? `${destination}${source.split('/').pop() ?? ''}` : destination;
    return resolvePath(add.scope.workdir, into) === path;
  });
}

/**
 * The words of each simple command of a RUN, leading assignments left out:
 * in shell form with the file's variables substituted where the shell would
 * expand them; in exec form as written, which Docker does not expand.
 */
export function runCommandWords(run: CommandFacts): string[][] {
  if (run.form.kind === 'exec') return [[...run.form.words]];
  return run.form.parse.commands.map((command) =>
    commandWords(command).map((word) => expandWord(word, (text) => substituteVariables(text, run.scope.env))),
  );
}

/**
 * The file curl or wget writes: curl's -o/--output, or with -O/--remote-name
 * the URL's last segment; wget's -O/--output-document, else the URL's last
 * segment in -P/--directory-prefix or the WORKDIR.
 */
function downloadOutput(words: readonly string[]): string | undefined {
  const tool = words[0]?.split('/').pop();
  if (tool !== 'curl' && tool !== 'wget') return undefined;
  const output =
    tool === 'curl' ? optionValue(words, 'o', '--output') : optionValue(words, 'O', '--output-document');
  if (output !== undefined) return output;
  const named = words
    .slice(1)
    .filter((word) => /^https?:\/\//.test(word))
    .at(-1)
    ?.split(/[?#]/)[0]
    ?.split('/')
    .pop();
  if (!named) return undefined;
  if (tool === 'curl') return hasFlag(words, 'O', '--remote-name') ? named : undefined;
  const folder = optionValue(words, 'P', '--directory-prefix');
  return folder === undefined ? named : `${folder}/${named}`;
}

/** The value of an option, written `-o file`, `-fsSLo file`, `-ofile`, `--output file` or `--output=file`. */
function optionValue(words: readonly string[], short: string, long: string): string | undefined {
  for (let i = 1; i < words.length; i++) {
    const word = words[i] ?? '';
    if (word === long) return words[i + 1];
    if (word.startsWith(`${long}=`)) return word.slice(long.length + 1);
    if (word.startsWith('--') || !word.startsWith('-')) continue;
    // In a cluster of one-letter flags, the option that takes a value ends it or is followed by its value.
    const at = word.indexOf(short, 1);
    if (at < 0 || !/^[A-Za-z]*$/.test(word.slice(1, at))) continue;
    return at === word.length - 1 ? words[i + 1] : word.slice(at + 1);
  }
  return undefined;
}

function hasFlag(words: readonly string[], short: string, long: string): boolean {
  return words.some((word) => word === long || (/^-[A-Za-z]+$/.test(word) && word.includes(short)));
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
