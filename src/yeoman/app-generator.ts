/**
 * `yo go-microcontainer` (namespace go-microcontainer:app): scaffolds a Go
 * service whose image holds just its static binary.
 *
 * This is Yeoman glue only: options come from core/options, questions from
 * ./prompts, files from core/render.
 */
import path from 'node:path';
import { type BaseOptions } from 'yeoman-generator';
import { mistypedCommandError, suggestCommand, type OptionSpec } from '../core/cli-options.js';
import { defaultAnswers, readSurroundings, type Surroundings } from '../core/defaults.js';
import { ToolError } from '../core/errors.js';
import { readExisting, writeAll, type PlannedFile } from '../core/fs/transaction.js';
import { APP_OPTIONS, parseAnswerOptions, type ProjectAnswers } from '../core/options.js';
import { renderProject } from '../core/render.js';
import { getStrategy } from '../core/strategies.js';
import { modulePathNote } from '../core/validators.js';
import { OverwriteQuestion } from './ask-overwrite.js';
import { DOCKERIZE_GENERATOR, isForeignModule, offerDockerize } from './existing-module.js';
import { GuardedGenerator } from './guarded-generator.js';
import {
  askForFeatures,
  askForGoVersion,
  askForModule,
  askForName,
  askForPort,
  askForStrategy,
  unansweredOptions,
} from './app-prompts.js';
import { adapterCanPrompt } from '../terminal.js';

type AppOptions = BaseOptions & { yes?: boolean; force?: boolean; 'ask-answered'?: boolean };

const CONFIG_FILE = '.yo-rc.json';
/** This package's other generators, which a mistyped first word may have meant. */
const SUBGENERATORS = ['convert', 'dockerize'];
/** What to do about a link where a generated file goes. */
const LINK_HINT = 'remove it (the generator writes regular files only)';

export default class AppGenerator extends GuardedGenerator<Partial<ProjectAnswers>, AppOptions> {
  private known: Partial<ProjectAnswers> = {};
  private fromCommandLine: Partial<ProjectAnswers> = {};
  private stored: Partial<ProjectAnswers> = {};
  private surroundings!: Surroundings;
  private answers!: ProjectAnswers;
  /** What this run will write, decided before anything is. */
  private planned: PlannedFile[] = [];
  private configContents = '';
  private writtenLines: string[] = [];
  /** Set when the folder is someone's Go module: dockerize does the work, this generator writes nothing. */
  private foreignModule = false;
  private delegate:
    Pick<GuardedGenerator<Record<string, never>, BaseOptions>, 'failure' | 'exitStatus'> | undefined;

  constructor(args: string[], options: AppOptions) {
    super(args, options, APP_OPTIONS satisfies readonly OptionSpec[], 'go-microcontainer');
    this.argument('name', {
      type: String,
      required: false,
      description: 'app name (same as --name)',
    });
  }

  initializing() {
    return this.guard(() => {
      // Validate everything before the first question or file: a bad value fails
      // fast, names its option, and leaves the folder untouched.
      this.checkCommandLine();
      // Under yo, `yo go-microcontainer conver` reaches here with "conver" as the app name.
      const [word] = this.args;
      const meant = typeof word === 'string' ? suggestCommand(word, SUBGENERATORS) : undefined;
      if (word !== undefined && meant) throw mistypedCommandError(String(word), meant);
      // A .yo-rc.json that is a FIFO, a link out of the folder or too large: said, never guessed around.
      if (this.configReadFailure) throw this.configReadFailure;
      const stored = parseAnswerOptions(this.config.getAll(), CONFIG_FILE);
      const fromOptions = parseAnswerOptions(this.options as Record<string, unknown>);
      const errors = [...stored.errors, ...fromOptions.errors];
      if (errors.length > 0) throw new ToolError('usage', errors.join('\n'));

      if (Object.keys(stored.given).length > 0 && this.options['ask-answered'] !== true) {
        process.stdout.write(
          'Reusing the answers stored in .yo-rc.json; options given now take precedence.\n',
        );
      }
      this.stored = stored.given;
      this.fromCommandLine = fromOptions.given;
      this.known = { ...stored.given, ...fromOptions.given };
      this.surroundings = readSurroundings(this.destinationRoot());
      this.foreignModule = isForeignModule(this.destinationRoot(), stored.given);
    });
  }

  prompting() {
    return this.guard(async () => {
      if (this.foreignModule) {
        const options = await offerDockerize(this, this.destinationRoot(), {
          canAsk: adapterCanPrompt(this.env.adapter),
          yes: this.options.yes === true,
          force: this.options.force === true,
          given: this.fromCommandLine,
        });
        this.delegate = (await this.composeWith(DOCKERIZE_GENERATOR, options)) as unknown as NonNullable<
          typeof this.delegate
        >;
        return;
      }
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
      if (missing.length > 0 && !adapterCanPrompt(this.env.adapter)) {
        throw new ToolError(
          'no-terminal',
          `no terminal to ask questions on: give ${missing.join(', ')}, or --yes to take the defaults for the rest`,
        );
      }
      await askForName(this, known, fallbacks.name ?? defaults.name);
      const fresh = defaultAnswers(this.surroundings, known.name);
      await askForModule(this, known, this.surroundings, fallbacks.module);
      await askForStrategy(this, known, fallbacks.strategy ?? fresh.strategy);
      await askForPort(this, known, fallbacks.port ?? fresh.port);
      await askForGoVersion(this, known, fallbacks.goVersion ?? fresh.goVersion);
      await askForFeatures(this, known, fallbacks);
      this.answers = { ...fresh, ...known };
      this.#printModuleNote();
    });
  }

  /** A module path Go takes but `go get` could not fetch as it is: say so, once. */
  #printModuleNote() {
    const note = modulePathNote(this.answers.module);
    if (note !== undefined) process.stdout.write(`Note: ${note}.\n`);
  }

  /**
   * Decides every file before writing any: identical files are left alone,
   * changed ones are overwritten only with --force or a yes at the question,
   * and without a terminal to ask on the run stops here with nothing written.
   */
  configuring() {
    return this.guard(async () => {
      if (this.delegate) return;
      const rendered = renderProject(this.answers);
      const root = path.resolve(this.destinationRoot());
      // Links, folders and devices in the way are refused before anything is read.
      const current = new Map(
        rendered.map((file) => [file.path, readExisting(root, file, LINK_HINT)] as const),
      );
      const changed = rendered.filter((file) => {
        const now = current.get(file.path);
        return now !== undefined && now !== file.contents;
      });
      if (changed.length > 0 && this.options.force !== true && !adapterCanPrompt(this.env.adapter)) {
        const names = changed.map((file) => file.path);
        throw new ToolError(
          'no-terminal',
          `${names.join(', ')} already exist${names.length === 1 ? 's and differs' : ' and differ'} from what would be generated. ` +
            'There is no terminal to show the diff on: rerun in a terminal to review each change, or pass --force to overwrite.',
        );
      }
      const question = new OverwriteQuestion(this, (text) => process.stdout.write(text));
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
      // What Yeoman's file view holds is what the safe reader read (see GuardedGenerator).
      if (this.fs.read(this.destinationPath(CONFIG_FILE), { defaults: '' }) !== configText)
        planned.push({ path: CONFIG_FILE, contents: configText });
      this.planned = planned;
    });
  }

  /** .yo-rc.json with this generator's answers replaced and anything else in it kept. */
  #configText(): string {
    // Read through Yeoman's file view, which is what this.config read too.
    const text = this.fs.read(this.destinationPath(CONFIG_FILE), { defaults: '' }) ?? '';
    let config: Record<string, unknown> = {};
    if (text.trim() !== '') {
      try {
        config = JSON.parse(text) as Record<string, unknown>;
      } catch {
        throw new ToolError('usage', `${CONFIG_FILE} is not valid JSON: fix or remove it`);
      }
    }
    config[this.rootGeneratorName()] = { ...this.answers };
    return `${JSON.stringify(config, null, 2)}\n`;
  }

  writing() {
    return this.guard(async () => {
      if (this.delegate) return;
      const root = path.resolve(this.destinationRoot());
      await this.whileWriting(() => writeAll(root, this.planned, this.checkpoint));
      process.stdout.write(this.writtenLines.map((line) => `${line}\n`).join(''));
      const config = { path: CONFIG_FILE, contents: this.configContents };
      this.syncMemFs(
        [...this.planned, config].map((file) => ({ ...file, path: path.join(root, file.path) })),
      );
    });
  }

  end() {
    return this.guard(() => {
      if (!this.delegate) return this.#printNextSteps();
      // dockerize has run every step up to writing by now: the run ends with its status.
      if (this.delegate.failure) {
        this.failure = this.delegate.failure;
        this.setExitStatus(this.delegate.exitStatus);
      }
    });
  }

  #printNextSteps() {
    const { name, port } = this.answers;
    const strategy = getStrategy(this.answers.strategy);
    const build =
      strategy.buildShape === 'host'
        ? `./build.sh && DOCKER_BUILDKIT=1 docker build -t ${name} .`
        : `DOCKER_BUILDKIT=1 docker build -t ${name} .`;
    process.stdout.write(
      `Generated ${name} (strategy ${strategy.name}, ${strategy.typicalImageSize} image).\n` +
        `Next:\n  go test ./...\n  ${build}\n  docker run --rm -p ${port}:${port} ${name}\n`,
    );
  }
}
