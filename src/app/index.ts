/**
 * `yo go-microcontainer` (namespace go-microcontainer:app): scaffolds a Go
 * service whose image holds just its static binary.
 *
 * This is Yeoman glue only: options come from core/options, questions from
 * ./prompts, files from core/render.
 */
import { constants, existsSync, readFileSync, Stats } from 'node:fs';
import Generator, { type BaseOptions } from 'yeoman-generator';
import { defaultAnswers, readSurroundings, type Surroundings } from '../core/defaults.js';
import {
  CONTROL_OPTIONS,
  FEATURE_OPTIONS,
  parseAnswerOptions,
  TEXT_OPTIONS,
  type ProjectAnswers,
} from '../core/options.js';
import { renderProject, type RenderedFile } from '../core/render.js';
import { getStrategy } from '../core/strategies.js';
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
import { adapterCanPrompt } from '../terminal.js';

/**
 * mem-fs-editor takes a file's mode only from a Stats object; the prototype
 * supplies isFile() and friends, which read the type bits of `mode`.
 */
function regularFileStat(permissions: number): Stats {
  return Object.assign(Object.create(Stats.prototype) as Stats, { mode: constants.S_IFREG | permissions });
}

type AppOptions = BaseOptions & { yes?: boolean; force?: boolean };

export default class AppGenerator extends Generator<Partial<ProjectAnswers>, AppOptions> {
  private known: Partial<ProjectAnswers> = {};
  private surroundings!: Surroundings;
  private answers!: ProjectAnswers;
  private files: RenderedFile[] = [];

  constructor(args: string[], options: AppOptions) {
    // These generators never install packages: no package manager step, and no message about one.
    super(args, options, { customInstallTask: true });
    this.argument('name', {
      type: String,
      required: false,
      description: 'app name (same as --name)',
    });
    for (const option of TEXT_OPTIONS) {
      this.option(option.flag, {
        type: String,
        description: `${option.description} (default: ${option.defaultHelp})`,
      });
    }
    for (const option of FEATURE_OPTIONS) {
      this.option(option.flag, {
        type: Boolean,
        description: `${option.description} (default: ${option.default ? 'on' : `off`})`,
      });
    }
    const yes = CONTROL_OPTIONS.find((option) => option.flag === 'yes');
    this.option('yes', { type: Boolean, alias: yes?.alias, description: yes?.description });
  }

  initializing() {
    // Validate everything before the first question or file: a bad value fails
    // fast, names its option, and leaves the folder untouched.
    const stored = parseAnswerOptions(this.config.getAll(), '.yo-rc.json');
    const fromOptions = parseAnswerOptions(this.options as Record<string, unknown>);
    const errors = [...stored.errors, ...fromOptions.errors];
    if (errors.length > 0) throw new Error(errors.join('\n'));

    if (Object.keys(stored.given).length > 0) {
      this.log.info('Reusing the answers stored in .yo-rc.json; options given now take precedence.');
    }
    this.known = { ...stored.given, ...fromOptions.given };
    this.surroundings = readSurroundings(this.destinationRoot());
  }

  async prompting() {
    const defaults = defaultAnswers(this.surroundings, this.known.name);
    if (this.options.yes === true) {
      this.answers = { ...defaults, ...this.known };
      return;
    }
    const missing = unansweredOptions(this.known);
    if (missing.length > 0 && !adapterCanPrompt(this.env.adapter)) {
      throw new Error(
        `No terminal to ask questions on. Give ${missing.join(', ')}, or --yes to take the defaults for the rest.`,
      );
    }
    const prompter: Prompter = this as unknown as Prompter;
    const known = this.known;
    await askForName(prompter, known, defaults.name);
    await askForModule(prompter, known, this.surroundings);
    await askForStrategy(prompter, known, defaults.strategy);
    await askForPort(prompter, known, defaults.port);
    await askForGoVersion(prompter, known, defaults.goVersion);
    await askForFeatures(prompter, known);
    this.answers = { ...defaultAnswers(this.surroundings, known.name), ...known };
  }

  configuring() {
    this.files = renderProject(this.answers);
    this.refuseSilentOverwrites();
    this.config.set({ ...this.answers });
  }

  /**
   * Yeoman's conflict handling asks before it overwrites a changed file. With
   * no terminal it cannot ask, so stop here, before anything is written,
   * instead of failing half-way through the commit.
   */
  private refuseSilentOverwrites() {
    if (this.options.force === true || adapterCanPrompt(this.env.adapter)) return;
    const changed = this.files
      .filter((file) => {
        const target = this.destinationPath(file.path);
        return existsSync(target) && readFileSync(target, 'utf8') !== file.contents;
      })
      .map((file) => file.path);
    if (changed.length > 0) {
      throw new Error(
        `${changed.join(', ')} already exist${changed.length === 1 ? 's' : ''} and differ from what would be generated. ` +
          'There is no terminal to show the diff on: rerun in a terminal to review each change, or pass --force to overwrite.',
      );
    }
  }

  writing() {
    for (const file of this.files) {
      const target = this.destinationPath(file.path);
      if (file.mode === undefined) this.fs.write(target, file.contents);
      else this.fs.write(target, file.contents, { stat: regularFileStat(file.mode) });
    }
  }

  end() {
    const { name, port } = this.answers;
    const strategy = getStrategy(this.answers.strategy);
    const build =
      strategy.buildShape === 'host'
        ? `./build.sh && docker build -t ${name} .`
        : `DOCKER_BUILDKIT=1 docker build -t ${name} .`;
    this.log.ok(`Generated ${name} (strategy ${strategy.name}, ${strategy.typicalImageSize} image).`);
    this.log(`Next:\n  go test ./...\n  ${build}\n  docker run --rm -p ${port}:${port} ${name}`);
  }
}
