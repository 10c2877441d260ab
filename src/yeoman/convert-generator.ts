/**
 * `yo go-microcontainer:convert [Dockerfile...]`: rewrites existing Go
 * Dockerfiles so the image they ship is FROM scratch (or distroless static).
 *
 * Yeoman glue only: each lifecycle step calls the matching step of
 * core/convert/cli/runner.ts, the Yeoman-free runner that the
 * `go-microcontainer convert` bin runs directly.
 */
import { type BaseOptions } from 'yeoman-generator';
import { CONVERT_OPTIONS } from '../core/convert/cli/command-line.js';
import { CONVERT_COMMAND, ConvertRun, type ConvertRequest } from '../core/convert/cli/runner.js';
import { GuardedGenerator } from './guarded-generator.js';
import { adapterCanPrompt } from '../terminal.js';

type ConvertGeneratorOptions = BaseOptions & Omit<ConvertRequest, 'paths'> & { paths?: string[] };

export default class ConvertGenerator extends GuardedGenerator<
  Record<string, never>,
  ConvertGeneratorOptions
> {
  #conversion: ConvertRun | undefined;

  constructor(args: string[], options: ConvertGeneratorOptions) {
    // There is no stored answer to ask again: --ask-answered means nothing here.
    super(args, options, CONVERT_OPTIONS, CONVERT_COMMAND, ['ask-answered']);
    this.argument('paths', {
      type: Array,
      required: false,
      description: 'Dockerfiles to convert (default: ./Dockerfile)',
    });
  }

  protected override get reportsJson(): boolean {
    return this.options.json === true || this.options.format === 'json';
  }

  // `#` members: Yeoman runs every other method and reads every getter of the prototype as a task.
  #canPrompt(): boolean {
    return adapterCanPrompt(this.env.adapter);
  }

  /** The runner, made once the command line is known to be right. */
  #runner(): ConvertRun {
    if (!this.#conversion) throw new Error('convert: the runner is made in initializing');
    return this.#conversion;
  }

  initializing() {
    return this.guard(() => {
      this.checkCommandLine(['paths']);
      const { paths = [], all, strategy, drop, yes, force, check, json, format } = this.options;
      const request: ConvertRequest = {
        paths,
        all,
        strategy,
        drop,
        yes,
        force,
        'dry-run': this.options['dry-run'],
        check,
        json,
        format,
      };
      this.#conversion = new ConvertRun(request, (this.env as { cwd?: string }).cwd ?? process.cwd());
      this.#conversion.checkRequest(this.#canPrompt());
    });
  }

  prompting() {
    return this.guard(() =>
      this.#runner().chooseStrategy({ canPrompt: this.#canPrompt(), prompt: this.prompt.bind(this) }),
    );
  }

  writing() {
    return this.guard(async () => {
      await this.#runner().plan(this);
      await this.#runner().write({
        whileWriting: (write) => this.whileWriting(write),
        checkpoint: this.checkpoint,
        interrupted: this.interrupted,
      });
    });
  }

  end() {
    return this.guard(() => this.setExitStatus(this.#runner().report()));
  }
}
