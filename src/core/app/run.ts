/**
 * The app command (a new Go service in the current folder) from its options
 * to its files, with no Yeoman: `yo go-microcontainer`
 * (src/yeoman/app-generator.ts) calls these steps from its lifecycle, and
 * the bin runs them directly in a folder with neither .yo-rc.json nor go.mod
 * (a first run: nothing stored to reuse, no module to hand to dockerize).
 *
 * The steps, in order:
 *   1. `initialize`: options and stored answers checked, the folder looked at;
 *   2. `ask`: the questions no option or stored answer settled;
 *   3. `plan`: every file decided (identical, new, or overwritten after a yes) before any is written;
 *   4. `write`: all of them, atomically, with the answers in .yo-rc.json;
 *   5. `printNextSteps`.
 * The files come from core/render.ts, the questions from ./prompts.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { OverwriteQuestion, type OverwritePrompter } from '../ask-overwrite.js';
import { mistypedCommandError, suggestCommand } from '../cli-options.js';
import { defaultAnswers, readSurroundings, type Surroundings } from '../defaults.js';
import { ToolError, type ExitStatus } from '../errors.js';
import { readExisting, writeAll, type PlannedFile } from '../fs/transaction.js';
import { parseAnswerOptions, type ProjectAnswers } from '../options.js';
import { renderProject } from '../render.js';
import { RunGuard } from '../run-guard.js';
import { getStrategy } from '../strategies.js';
import { modulePathNote } from '../validators.js';
import {
  askForFeatures,
  askForGoVersion,
  askForModule,
  askForName,
  askForPort,
  askForStrategy,
  unansweredOptions,
  type Prompter,
} from './prompts.js';

export const CONFIG_FILE = '.yo-rc.json';
/** The key of this package's answers in .yo-rc.json (Yeoman's rootGeneratorName). */
export const CONFIG_KEY = 'generator-go-microcontainer';
/** This package's other generators, which a mistyped first word may have meant. */
const SUBGENERATORS = ['convert', 'dockerize'];
/** What to do about a link where a generated file goes. */
const LINK_HINT = 'remove it (the generator writes regular files only)';

export type AppOptions = Readonly<Record<string, unknown>> & {
  yes?: boolean;
  force?: boolean;
  'ask-answered'?: boolean;
};

export interface AppFolder {
  /** Where the project goes (Yeoman's destinationRoot). */
  root: string;
  /** This package's section of .yo-rc.json, as Yeoman's config reads it ({} without one). */
  stored: Readonly<Record<string, unknown>>;
  /** .yo-rc.json's whole text ('' without one), to keep what other generators stored there. */
  configText: () => string;
}

export interface AppTerminal extends Prompter, OverwritePrompter {
  readonly canPrompt: boolean;
}

export interface AppWriteGuard {
  whileWriting(write: () => void | Promise<void>): Promise<void>;
  checkpoint: () => Promise<boolean>;
}

/**
 * True when `dir` has a go.mod that this generator did not write: there are
 * no answers of ours stored for it (a rerun in our own project keeps working).
 */
export function isForeignModule(dir: string, stored: Partial<ProjectAnswers>): boolean {
  return existsSync(path.join(dir, 'go.mod')) && Object.keys(stored).length === 0;
}

export class AppRun {
  private known: Partial<ProjectAnswers> = {};
  private fromCommandLine: Partial<ProjectAnswers> = {};
  private stored: Partial<ProjectAnswers> = {};
  private surroundings!: Surroundings;
  private answers!: ProjectAnswers;
  /** What this run will write, decided before anything is. */
  private planned: PlannedFile[] = [];
  private configContents = '';
  private writtenLines: string[] = [];

  constructor(
    private readonly folder: AppFolder,
    private readonly options: AppOptions,
    private readonly print: (text: string) => void = (text) => process.stdout.write(text),
  ) {}

  /** The answers given as options (for dockerize, when the folder turns out to be a module). */
  get givenOnCommandLine(): Partial<ProjectAnswers> {
    return this.fromCommandLine;
  }

  /**
   * Step 1. Everything is validated before the first question or file: a bad
   * value fails fast, names its option, and leaves the folder untouched.
   * Returns true when the folder is someone's Go module (dockerize's work).
   */
  initialize(args: readonly unknown[]): boolean {
    // Under yo, `yo go-microcontainer conver` reaches here with "conver" as the app name.
    const [word] = args;
    const meant = typeof word === 'string' ? suggestCommand(word, SUBGENERATORS) : undefined;
    if (word !== undefined && meant) throw mistypedCommandError(String(word), meant);
    const stored = parseAnswerOptions(this.folder.stored, CONFIG_FILE);
    const fromOptions = parseAnswerOptions(this.options);
    const errors = [...stored.errors, ...fromOptions.errors];
    if (errors.length > 0) throw new ToolError('usage', errors.join('\n'));

    if (Object.keys(stored.given).length > 0 && this.options['ask-answered'] !== true) {
      this.print('Reusing the answers stored in .yo-rc.json; options given now take precedence.\n');
    }
    this.stored = stored.given;
    this.fromCommandLine = fromOptions.given;
    this.known = { ...stored.given, ...fromOptions.given };
    this.surroundings = readSurroundings(this.folder.root);
    return isForeignModule(this.folder.root, stored.given);
  }

  /** Step 2: the questions no option or stored answer settled (none with --yes). */
  async ask(terminal: AppTerminal): Promise<void> {
    const defaults = defaultAnswers(this.surroundings, this.known.name);
    if (this.options.yes === true) {
      this.answers = { ...defaults, ...this.known };
      this.#printModuleNote();
      return;
    }
    // --ask-answered asks again what .yo-rc.json settled, offering the stored answer.
    const askAnswered = this.options['ask-answered'] === true;
    const known = askAnswered ? { ...this.fromCommandLine } : { ...this.known };
    const fallbacks: Partial<ProjectAnswers> = askAnswered ? this.stored : {};
    const missing = unansweredOptions(known);
    if (missing.length > 0 && !terminal.canPrompt) {
      throw new ToolError(
        'no-terminal',
        `no terminal to ask questions on: give ${missing.join(', ')}, or --yes to take the defaults for the rest`,
      );
    }
    await askForName(terminal, known, fallbacks.name ?? defaults.name);
    const fresh = defaultAnswers(this.surroundings, known.name);
    await askForModule(terminal, known, this.surroundings, fallbacks.module);
    await askForStrategy(terminal, known, fallbacks.strategy ?? fresh.strategy);
    await askForPort(terminal, known, fallbacks.port ?? fresh.port);
    await askForGoVersion(terminal, known, fallbacks.goVersion ?? fresh.goVersion);
    await askForFeatures(terminal, known, fallbacks);
    this.answers = { ...fresh, ...known };
    this.#printModuleNote();
  }

  /** A module path Go takes but `go get` could not fetch as it is: say so, once. */
  #printModuleNote() {
    const note = modulePathNote(this.answers.module);
    if (note !== undefined) this.print(`Note: ${note}.\n`);
  }

  /**
   * Step 3. Decides every file before writing any: identical files are left
   * alone, changed ones are overwritten only with --force or a yes at the
   * question, and without a terminal to ask on the run stops here with
   * nothing written.
   */
  async plan(terminal: AppTerminal): Promise<void> {
    const rendered = renderProject(this.answers);
    const root = path.resolve(this.folder.root);
    // Links, folders and devices in the way are refused before anything is read.
    const current = new Map(
      rendered.map((file) => [file.path, readExisting(root, file, LINK_HINT)] as const),
    );
    const changed = rendered.filter((file) => {
      const now = current.get(file.path);
      return now !== undefined && now !== file.contents;
    });
    if (changed.length > 0 && this.options.force !== true && !terminal.canPrompt) {
      const names = changed.map((file) => file.path);
      throw new ToolError(
        'no-terminal',
        `${names.join(', ')} already exist${names.length === 1 ? 's and differs' : ' and differ'} from what would be generated. ` +
          'There is no terminal to show the diff on: rerun in a terminal to review each change, or pass --force to overwrite.',
      );
    }
    const question = new OverwriteQuestion(terminal, (text) => this.print(text));
    const planned: PlannedFile[] = [];
    const lines: string[] = [];
    for (const file of rendered) {
      const now = current.get(file.path);
      if (now === file.contents) {
        lines.push(`identical ${file.path}`);
        continue;
      }
      if (
        now !== undefined &&
        this.options.force !== true &&
        !(await question.ask(file.path, now, file.contents))
      ) {
        lines.push(`     skip ${file.path}`);
        continue;
      }
      lines.push(`${now === undefined ? '   create' : 'overwrite'} ${file.path}`);
      planned.push({
        path: file.path,
        contents: file.contents,
        ...(file.mode === undefined ? {} : { mode: file.mode }),
      });
    }
    // Printed once the files are written: a failed run names no file as written.
    this.writtenLines = lines;
    // The answers are stored with the files, in the same all-or-nothing write.
    const configText = this.#configText();
    this.configContents = configText;
    const configFile = path.join(root, CONFIG_FILE);
    if (!existsSync(configFile) || readFileSync(configFile, 'utf8') !== configText)
      planned.push({ path: CONFIG_FILE, contents: configText });
    this.planned = planned;
  }

  /** .yo-rc.json with this generator's answers replaced and anything else in it kept. */
  #configText(): string {
    const text = this.folder.configText();
    let config: Record<string, unknown> = {};
    if (text.trim() !== '') {
      try {
        config = JSON.parse(text) as Record<string, unknown>;
      } catch {
        throw new ToolError('usage', `${CONFIG_FILE} is not valid JSON: fix or remove it`);
      }
    }
    config[CONFIG_KEY] = { ...this.answers };
    return `${JSON.stringify(config, null, 2)}\n`;
  }

  /** Step 4: every planned file, atomically; returns what is now on disk (absolute paths), .yo-rc.json included. */
  async write(guard: AppWriteGuard): Promise<Array<{ path: string; contents: string }>> {
    const root = path.resolve(this.folder.root);
    await guard.whileWriting(() => writeAll(root, this.planned, guard.checkpoint));
    this.print(this.writtenLines.map((line) => `${line}\n`).join(''));
    const config = { path: CONFIG_FILE, contents: this.configContents };
    return [...this.planned, config].map((file) => ({ ...file, path: path.join(root, file.path) }));
  }

  /** Step 5. */
  printNextSteps(): void {
    const { name, port } = this.answers;
    const strategy = getStrategy(this.answers.strategy);
    const build =
      strategy.buildShape === 'host'
        ? `./build.sh && DOCKER_BUILDKIT=1 docker build -t ${name} .`
        : `DOCKER_BUILDKIT=1 docker build -t ${name} .`;
    this.print(
      `Generated ${name} (strategy ${strategy.name}, ${strategy.typicalImageSize} image).\n` +
        `Next:\n  go test ./...\n  ${build}\n  docker run --rm -p ${port}:${port} ${name}\n`,
    );
  }
}

/**
 * The whole command as the bin runs it in `root`, with nothing stored there
 * (the caller checks: no .yo-rc.json, no go.mod). `openTerminal` is called
 * only when a question is about to be asked.
 */
export async function runApp(
  root: string,
  options: AppOptions,
  terminal: { canPrompt: boolean; open: () => Promise<Prompter & OverwritePrompter> },
): Promise<ExitStatus> {
  const run = new AppRun({ root, stored: {}, configText: () => '' }, options);
  const guard = new RunGuard({ command: 'go-microcontainer', reportsJson: () => false });
  let prompter: (Prompter & OverwritePrompter) | undefined;
  const asker: AppTerminal = {
    canPrompt: terminal.canPrompt,
    prompt: async <A extends Record<string, unknown>>(questions: unknown) => {
      prompter ??= await terminal.open();
      return prompter.prompt<A>(questions);
    },
  };
  let foreign = false;
  await guard.guard(() => {
    foreign = run.initialize([]);
  });
  // The caller runs this only where there is no go.mod: a module is Yeoman's path (dockerize).
  if (foreign) throw new Error('runApp: the folder is a Go module; run the generator instead');
  await guard.guard(() => run.ask(asker));
  await guard.guard(() => run.plan(asker));
  await guard.guard(async () => {
    await run.write(guard);
  });
  await guard.guard(() => run.printNextSteps());
  return guard.exitStatus;
}
