/**
 * `yo go-microcontainer` (namespace go-microcontainer:app): scaffolds a Go
 * service whose image holds just its static binary.
 *
 * Yeoman glue only: each lifecycle step calls the matching step of
 * core/app/run.ts, which the bin also runs without Yeoman on a first run.
 * What stays here is what needs Yeoman: the stored answers read through its
 * config, and handing a folder that is someone's Go module to dockerize.
 */
import { type BaseOptions } from 'yeoman-generator';
import { AppRun, CONFIG_FILE, type AppTerminal } from '../core/app/run.js';
import type { OptionSpec } from '../core/cli-options.js';
import { APP_OPTIONS } from '../core/options.js';
import { DOCKERIZE_GENERATOR, offerDockerize } from './existing-module.js';
import { GuardedGenerator } from './guarded-generator.js';
import { adapterCanPrompt } from '../terminal.js';
import type { ProjectAnswers } from '../core/options.js';

/** The dockerize generator this one hands a Go module to. */
type Delegate = Pick<GuardedGenerator<Record<string, never>, BaseOptions>, 'failure' | 'exitStatus'>;

type AppOptions = BaseOptions & { yes?: boolean; force?: boolean; 'ask-answered'?: boolean };

export default class AppGenerator extends GuardedGenerator<Partial<ProjectAnswers>, AppOptions> {
  // `#` members: Yeoman runs every other method and reads every getter of the prototype as a task.
  #run: AppRun | undefined;
  /** Set when the folder is someone's Go module: dockerize does the work, this generator writes nothing. */
  #foreignModule = false;
  #delegate: Delegate | undefined;

  constructor(args: string[], options: AppOptions) {
    super(args, options, APP_OPTIONS satisfies readonly OptionSpec[], 'go-microcontainer');
    this.argument('name', {
      type: String,
      required: false,
      description: 'app name (same as --name)',
    });
  }

  #runner(): AppRun {
    if (!this.#run) throw new Error('app: the runner is made in initializing');
    return this.#run;
  }

  #terminal(): AppTerminal {
    return { canPrompt: adapterCanPrompt(this.env.adapter), prompt: this.prompt.bind(this) };
  }

  initializing() {
    return this.guard(() => {
      this.checkCommandLine();
      // A .yo-rc.json that is a FIFO, a link out of the folder or too large: said, never guessed around.
      if (this.configReadFailure) throw this.configReadFailure;
      this.#run = new AppRun(
        {
          root: this.destinationRoot(),
          stored: this.config.getAll(),
          // Read through Yeoman's file view, which is what this.config read too.
          configText: () => this.fs.read(this.destinationPath(CONFIG_FILE), { defaults: '' }) ?? '',
        },
        this.options as AppOptions & Record<string, unknown>,
      );
      this.#foreignModule = this.#run.initialize(this.args);
    });
  }

  prompting() {
    return this.guard(async () => {
      if (this.#foreignModule) {
        const options = await offerDockerize(this, this.destinationRoot(), {
          canAsk: adapterCanPrompt(this.env.adapter),
          yes: this.options.yes === true,
          force: this.options.force === true,
          given: this.#runner().givenOnCommandLine,
        });
        this.#delegate = (await this.composeWith(DOCKERIZE_GENERATOR, options)) as unknown as Delegate;
        return;
      }
      await this.#runner().ask(this.#terminal());
    });
  }

  configuring() {
    return this.guard(async () => {
      if (this.#delegate) return;
      await this.#runner().plan(this.#terminal());
    });
  }

  writing() {
    return this.guard(async () => {
      if (this.#delegate) return;
      const written = await this.#runner().write({
        whileWriting: (write) => this.whileWriting(write),
        checkpoint: this.checkpoint,
      });
      this.syncMemFs(written);
    });
  }

  end() {
    return this.guard(() => {
      if (!this.#delegate) return this.#runner().printNextSteps();
      // dockerize has run every step up to writing by now: the run ends with its status.
      if (this.#delegate.failure) {
        this.failure = this.#delegate.failure;
        this.setExitStatus(this.#delegate.exitStatus);
      }
    });
  }
}
