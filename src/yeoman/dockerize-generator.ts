/**
 * `yo go-microcontainer:dockerize`: adds container files to an existing Go
 * module without touching its Go files, go.mod or README.
 *
 * Yeoman glue only: the steps are core/dockerize/run.ts, which the bin
 * (`go-microcontainer dockerize`) runs without Yeoman; here each one runs in
 * its lifecycle step, with Yeoman's prompts.
 */
import { type BaseOptions } from 'yeoman-generator';
import { DOCKERIZE_OPTIONS } from '../core/dockerize/options.js';
import { DOCKERIZE_COMMAND, DockerizeRun, type DockerizeTerminal } from '../core/dockerize/run.js';
import { ToolError } from '../core/errors.js';
import { GuardedGenerator } from './guarded-generator.js';
import { adapterCanPrompt } from '../terminal.js';

type DockerizeOptions = BaseOptions & {
  yes?: boolean;
  force?: boolean;
  json?: boolean;
  main?: string;
  copy?: string;
};

export default class DockerizeGenerator extends GuardedGenerator<Record<string, never>, DockerizeOptions> {
  #run: DockerizeRun | undefined;

  constructor(args: string[], options: DockerizeOptions) {
    super(args, options, DOCKERIZE_OPTIONS, DOCKERIZE_COMMAND, ['ask-answered']);
    // Composed by the app generator, whose own customInstallTask already keeps Yeoman from installing.
    const root = (this.env as { rootGenerator?: () => unknown }).rootGenerator?.();
    if (root !== undefined && root !== this) {
      const features = Object.entries(this.features as Record<string, unknown>).filter(
        ([key]) => key !== 'customInstallTask',
      );
      Object.defineProperty(this, 'features', { value: Object.fromEntries(features) });
    }
  }

  /** The run's steps, made on first use: Yeoman's options are all set by then. */
  get #steps(): DockerizeRun {
    this.#run ??= new DockerizeRun(this.destinationRoot(), this.options as Record<string, unknown>);
    return this.#run;
  }

  protected override get reportsJson(): boolean {
    return this.options.json === true;
  }

  protected override errorDocument(reported: ToolError): Record<string, unknown> {
    return this.#steps.errorDocument(reported);
  }

  /** Questions go through Yeoman's adapter, as every generator's do. */
  get #terminal(): DockerizeTerminal {
    return {
      canPrompt: adapterCanPrompt(this.env.adapter),
      prompt: <A extends Record<string, unknown>>(questions: unknown) =>
        this.prompt(questions as Parameters<typeof this.prompt>[0]) as Promise<A>,
    };
  }

  initializing() {
    return this.guard(() => {
      this.checkCommandLine();
      this.#steps.initialize();
    });
  }

  prompting() {
    return this.guard(() => this.#steps.decide(this.#terminal));
  }

  configuring() {
    return this.guard(() => this.#steps.decideFiles(this.#terminal));
  }

  writing() {
    return this.guard(async () => {
      const written = await this.#steps.write({
        whileWriting: (write) => this.whileWriting(write),
        checkpoint: this.checkpoint,
      });
      this.syncMemFs(written);
    });
  }

  end() {
    return this.guard(() => this.#steps.finish());
  }
}
