/**
 * Builds a RUN does not write out: `make [target]`, a build script from the
 * build context. The files are read through
 * ConvertOptions.contextFiles, so the facts pass stays pure; what cannot be
 * followed is said exactly, for a refusal with its own code.
 */
import { followScript, type Followed } from './build-script.js';
import { isAtOrBelow, resolvePath } from '../facts/dockerfile-model.js';
import type { CopyFacts, InstructionFacts, StageFacts } from '../facts/facts.js';
import { followMake } from './make-run.js';
import { parseMakefile } from './makefile.js';
import { SHELLS } from '../shell/shell-words.js';

/** The files GNU make reads without -f, in its order. */
const MAKEFILE_NAMES = ['GNUmakefile', 'makefile', 'Makefile'];

/** Reads a file of the build context by its path relative to the context; undefined when it is not there. */
export type ContextFiles = (relativePath: string) => string | undefined;

export interface IndirectRun {
  readonly via: 'make' | 'script';
  /** Index in the command's words of the make or script word (or of `sh` in `sh build.sh`). */
  readonly wordIndex: number;
  /** The command as shown in messages, e.g. `make build`. */
  readonly invocation: string;
  readonly result: Followed;
  /**
   * What of CGO_ENABLED=0 GOOS=linux the RUN does not give make itself (by
   * an assignment or an ENV), when the Makefile builds otherwise without it.
   */
  readonly mustGive?: readonly string[];
}

/** Whether two followings found the same builds, down to their arguments and environment. */
function sameFollowed(a: Followed, b: Followed): boolean {
  const plain = (_key: string, value: unknown) =>
    value instanceof Map ? [...value] : value instanceof Set ? [...value] : value;
  return JSON.stringify(a, plain) === JSON.stringify(b, plain);
}

export type IndirectResult =
  | { readonly kind: 'run'; readonly run: IndirectRun }
  | { readonly kind: 'unfollowed'; readonly via: 'make' | 'script' | 'go-run'; readonly message: string }
  | undefined;

const MAKES = new Set(['make', 'gmake']);
/** The environment the converted RUN gives make (GMC102), which the Makefile is read with. */
const MAKE_GIVEN: ReadonlyMap<string, string> = new Map([
  ['CGO_ENABLED', '0'],
  ['GOOS', 'linux'],
]);

/**
 * What one command of a RUN builds indirectly. `words` are the command's
 * words with the Dockerfile's variables substituted, leading assignments
 * included; `cwd` is where it runs (the WORKDIR, or where a `cd` of the RUN went).
 */
export function indirectBuild(
  words: readonly string[],
  instruction: InstructionFacts,
  stage: StageFacts,
  contextFiles: ContextFiles | undefined,
  cwd: string = instruction.scope.workdir,
): IndirectResult {
  const assignments = new Map<string, string>();
  let at = 0;
  for (; /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[at] ?? ''); at++) {
    const word = words[at] ?? '';
    assignments.set(word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1));
  }
  const program = words[at] ?? '';
  const name = program.split('/').pop() ?? '';
  const { line, scope } = instruction;
  const env = new Map([...scope.env, ...assignments]);
  const shown = words.slice(at).join(' ');
  const noContext = (via: 'make' | 'script', what: string): IndirectResult => ({
    kind: 'unfollowed',
    via,
    message: `line ${line} runs \`${shown}\`: no build context was given to read ${what} from`,
  });
  const read = (imagePath: string) => contextFile(imagePath, stage, instruction, contextFiles);
  if (MAKES.has(name)) {
    const options = makeOptions(words.slice(at + 1), cwd);
    if (!options)
      return {
        kind: 'unfollowed',
        via: 'make',
        message: `line ${line} runs \`${shown}\`: its options cannot be followed`,
      };
    if (!contextFiles) return noContext('make', 'the Makefile');
    // Without -f, make reads the first of GNUmakefile, makefile and Makefile it finds, as GNU make does.
    const names = options.file === undefined ? MAKEFILE_NAMES : [options.file];
    const found = names
      .map((name) => read(resolvePath(options.cwd, name)))
      .find((file) => file !== undefined);
    const makefilePath = resolvePath(options.cwd, options.file ?? 'Makefile');
    const run = (result: Followed): IndirectResult => ({
      kind: 'run',
      run: { via: 'make', wordIndex: at, invocation: shown, result },
    });
    if (!found)
      return run({ ok: false, reason: `${makefilePath} (the Makefile) is not in the build context` });
    // Included files are named relative to the folder make runs in.
    const include = (name: string) => {
      const included = read(resolvePath(options.cwd, name));
      return included && { file: included.path, text: included.text };
    };
    const follow = (environment: ReadonlyMap<string, string>) =>
      followMake(
        parseMakefile(found.text, found.path, include, {
          env: environment,
          overrides: options.overrides,
          unset: scope.unset,
        }),
        {
          file: found.path,
          goals: options.goals,
          overrides: options.overrides,
          env,
          cwd: options.cwd,
          unset: scope.unset,
        },
      );
    // The converted RUN runs make with CGO_ENABLED=0 GOOS=linux (GMC102): its conditionals and := see them.
    const result = follow(new Map([...env, ...MAKE_GIVEN]));
    // A Makefile that reads them from its environment (`ifneq ($(CGO_ENABLED),0)` setting a recipe's
    // `CGO_ENABLED=$(CGO)`) builds otherwise without them: the converted RUN must really give them.
    const notGiven = [...MAKE_GIVEN].filter(([name, value]) => env.get(name) !== value);
    const mustGive =
      result.ok && notGiven.length > 0 && !sameFollowed(result, follow(env))
        ? notGiven.map(([name, value]) => `${name}=${value}`)
        : undefined;
    return {
      kind: 'run',
      run: { via: 'make', wordIndex: at, invocation: shown, result, ...(mustGive ? { mustGive } : {}) },
    };
  }
  let scriptIndex = at;
  if (SHELLS.has(name)) {
    scriptIndex++;
    while (words[scriptIndex]?.startsWith('-')) {
      // `sh -c '...'` runs its text, not a file: the RUN's own go commands are found elsewhere.
      if (/^-[a-z]*c/.test(words[scriptIndex] ?? '')) return undefined;
      scriptIndex++;
    }
    if (words[scriptIndex] === undefined) return undefined;
  } else if (!program.includes('/') && !program.endsWith('.sh')) {
    return undefined;
  }
  const script = words[scriptIndex] ?? '';
  if (!contextFiles)
    return scriptIndex === at && !script.endsWith('.sh') ? undefined : noContext('script', script);
  const scriptPath = resolvePath(cwd, script);
  const found = read(scriptPath);
  const invocation = words.slice(at).join(' ');
  if (!found) {
    // `./server` may be a binary built earlier: only a shell or a .sh name says a script is meant.
    if (scriptIndex === at && !script.endsWith('.sh')) return undefined;
    return {
      kind: 'run',
      run: {
        via: 'script',
        wordIndex: at,
        invocation,
        result: { ok: false, reason: `${script} is not in the build context (looked for ${scriptPath})` },
      },
    };
  }
  const result = followScript(found.text, found.path, {
    args: words.slice(scriptIndex + 1),
    env,
    cwd,
  });
  return { kind: 'run', run: { via: 'script', wordIndex: at, invocation, result } };
}

interface MakeOptions {
  cwd: string;
  file: string | undefined;
  goals: string[];
  overrides: Map<string, string>;
}

/** make's command line, or undefined for options that change what is read in ways not followed. */
function makeOptions(args: readonly string[], workdir: string): MakeOptions | undefined {
  const options: MakeOptions = { cwd: workdir, file: undefined, goals: [], overrides: new Map() };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const value = (short: string, long: string): string | undefined => {
      if (arg === short || arg === long) return args[++i];
      if (arg.startsWith(`${long}=`)) return arg.slice(long.length + 1);
      if (arg.startsWith(short) && arg.length > short.length) return arg.slice(short.length);
      return undefined;
    };
    const directory = value('-C', '--directory');
    if (directory !== undefined) {
      options.cwd = resolvePath(options.cwd, directory);
      continue;
    }
    const file = value('-f', '--file') ?? value('-f', '--makefile');
    if (file !== undefined) {
      options.file = file;
      continue;
    }
    // -j and -l take an optional number as the next word (`-j 4`); `-j4 2` is 4 jobs and the goal 2.
    if (arg === '-j' || arg === '--jobs' || arg === '-l' || arg === '--load-average') {
      if (/^[0-9]+(\.[0-9]+)?$/.test(args[i + 1] ?? '')) i++;
      continue;
    }
    if (arg === '-e' || arg === '--environment-overrides' || arg.startsWith('-I') || arg === '-o')
      return undefined;
    if (arg.startsWith('-')) continue;
    const eq = arg.indexOf('=');
    if (eq > 0 && /^[A-Za-z_][A-Za-z0-9_.]*$/.test(arg.slice(0, eq))) {
      options.overrides.set(arg.slice(0, eq), arg.slice(eq + 1));
    } else options.goals.push(arg);
  }
  return options;
}

/**
 * The build-context file that sits at `imagePath` when `instruction` runs:
 * through the stage's COPY and ADD from the context, the latest first; a path
 * no COPY covers is looked for at the same place relative to the context
 * root (`Makefile` for a Makefile in the WORKDIR).
 */
function contextFile(
  imagePath: string,
  stage: StageFacts,
  instruction: InstructionFacts,
  contextFiles: ContextFiles | undefined,
): { path: string; text: string } | undefined {
  if (!contextFiles) return undefined;
  const copies = stage.instructions.filter(
    (candidate): candidate is CopyFacts =>
      candidate.kind === 'copy' && candidate.from === undefined && candidate.index < instruction.index,
  );
  for (const copy of [...copies].reverse()) {
    for (const candidate of copyCandidates(copy, imagePath)) {
      const text = contextFiles(candidate);
      if (text !== undefined) return { path: candidate, text };
    }
  }
  const relative = imagePath.slice(instruction.scope.workdir.length).replace(/^\/+/, '');
  const fallback = isAtOrBelow(imagePath, instruction.scope.workdir)
    ? relative
    : (imagePath.split('/').pop() ?? '');
  const text = contextFiles(fallback);
  return text === undefined ? undefined : { path: fallback, text };
}

/** The context paths a COPY or ADD would have put at `imagePath`. */
export function copyCandidates(copy: CopyFacts, imagePath: string): string[] {
  const args = copy.arguments.filter((arg) => !arg.startsWith('--'));
  const destinationWord = args[args.length - 1] ?? '';
  const destination = resolvePath(copy.scope.workdir, destinationWord);
  const sources = args.slice(0, -1).filter((source) => !/^[a-z]+:\/\//.test(source) && !source.includes('*'));
  const candidates: string[] = [];
  for (const source of sources) {
    const normal = resolvePath('/', source).slice(1);
    if (imagePath === destination && !destinationWord.endsWith('/') && sources.length === 1)
      candidates.push(normal);
    if (!imagePath.startsWith(`${destination}/`) && destination !== '/') continue;
    const rest = destination === '/' ? imagePath.slice(1) : imagePath.slice(destination.length + 1);
    candidates.push(normal === '' ? rest : `${normal}/${rest}`);
    if (rest === normal.split('/').pop()) candidates.push(normal);
  }
  return candidates;
}

/**
 * The folders with a go.mod among the context's root and the folders RUNs
 * run in below a COPY or ADD of the whole context (`COPY . /src` then
 * `WORKDIR /src/backend`: backend and its parents), relative to the context.
 */
export function goModFolders(stages: readonly StageFacts[], contextFiles: ContextFiles): Set<string> {
  const candidates = new Set<string>(['']);
  for (const stage of stages) {
    for (const instruction of stage.instructions) {
      if (instruction.kind !== 'run') continue;
      const root = wholeContextCopy(stage, instruction);
      const { workdir } = instruction.scope;
      if (root === undefined || !isAtOrBelow(workdir, root)) continue;
      const parts = workdir.slice(root.length).split('/').filter(Boolean);
      parts.forEach((_, index) => candidates.add(parts.slice(0, index + 1).join('/')));
    }
  }
  const found = new Set<string>();
  for (const folder of candidates) {
    if (contextFiles(folder === '' ? 'go.mod' : `${folder}/go.mod`) !== undefined) found.add(folder);
  }
  return found;
}

/** Where the last COPY or ADD of the whole context (`.`) before `instruction` put it. */
export function wholeContextCopy(stage: StageFacts, instruction: InstructionFacts): string | undefined {
  const copies = stage.instructions.filter(
    (candidate): candidate is CopyFacts =>
      candidate.kind === 'copy' && candidate.from === undefined && candidate.index < instruction.index,
  );
  for (const copy of copies.reverse()) {
    const args = copy.arguments;
    if (args.slice(0, -1).some((source) => source === '.' || source === './'))
      return resolvePath(copy.scope.workdir, args[args.length - 1] ?? '.');
  }
  return undefined;
}
