/**
 * `yo go-microcontainer:convert [Dockerfile...]`: rewrites existing Go
 * Dockerfiles so the image they ship is FROM scratch (or distroless static).
 *
 * Yeoman glue only: the conversion is core/convert/convert.ts, finding files
 * core/convert/io/discovery.ts, the write with its backup
 * core/convert/io/write-back.ts, the wording core/convert/cli/ (report.ts,
 * and sarif.ts and github.ts for --format).
 */
import path from 'node:path';
import { type BaseOptions } from 'yeoman-generator';
import { CONVERT_OPTIONS } from '../core/convert/cli/command-line.js';
import {
  CONVERT_STRATEGIES,
  unconverted,
  type ConversionResult,
  type ConvertStrategy,
} from '../core/convert/convert.js';
import { discoverDockerfiles, type SkippedPath } from '../core/convert/io/discovery.js';
import { convertFile } from '../core/convert/io/files.js';
import { checkFormatFits, reportFormat, type ReportFormat } from '../core/convert/cli/formats.js';
import { githubAnnotations } from '../core/convert/cli/github.js';
import { jsonDocument } from '../core/convert/cli/json.js';
import {
  batchTotals,
  escapeControls,
  skippedLine,
  summaryLine,
  textReport,
} from '../core/convert/cli/report.js';
import { sarifLog } from '../core/convert/cli/sarif.js';
import { encodeDockerfile, type DockerfileSource } from '../core/convert/io/source.js';
import { replaceKeepingOriginal } from '../core/convert/io/write-back.js';
import { EXIT, toToolError, ToolError } from '../core/errors.js';
import { lstatOrUndefined, symlinkError } from '../core/fs/atomic.js';
import { packageInfo } from '../core/package-info.js';
import { OverwriteQuestion } from './ask-overwrite.js';
import { GuardedGenerator } from './guarded-generator.js';
import { adapterCanPrompt } from '../terminal.js';

type ConvertGeneratorOptions = BaseOptions & {
  paths?: string[];
  all?: string;
  strategy?: string;
  yes?: boolean;
  force?: boolean;
  'dry-run'?: boolean;
  check?: boolean;
  json?: boolean;
  format?: string;
};

interface Outcome {
  file: string;
  result: ConversionResult;
  backup?: string;
  /** What to write, once every question is answered. */
  pending?: { source: DockerfileSource; text: string };
}

function errorResult(strategy: ConvertStrategy, error: ToolError): ConversionResult {
  return unconverted(strategy, 'error', { reason: error.message, code: error.code });
}

export default class ConvertGenerator extends GuardedGenerator<
  Record<string, never>,
  ConvertGeneratorOptions
> {
  private targets: string[] = [];
  private skipped: SkippedPath[] = [];
  private strategy: ConvertStrategy = 'scratch';
  private format: ReportFormat = 'text';
  private readonly outcomes: Outcome[] = [];

  constructor(args: string[], options: ConvertGeneratorOptions) {
    // There is no stored answer to ask again: --ask-answered means nothing here.
    super(args, options, CONVERT_OPTIONS, 'go-microcontainer convert', ['ask-answered']);
    this.argument('paths', {
      type: Array,
      required: false,
      description: 'Dockerfiles to convert (default: ./Dockerfile)',
    });
  }

  /** --check: like --dry-run, but it prints findings only, and a file that would change fails the run. */
  private get checking(): boolean {
    return this.options.check === true;
  }

  /** Nothing is written, so nothing is asked. */
  private get dryRun(): boolean {
    return this.options['dry-run'] === true || this.checking;
  }

  private get asksNothing(): boolean {
    return this.options.yes === true || this.options.force === true;
  }

  protected override get reportsJson(): boolean {
    return this.options.json === true || this.options.format === 'json';
  }

  private get invocationDir(): string {
    return (this.env as { cwd?: string }).cwd ?? process.cwd();
  }

  #shown(file: string): string {
    return path.relative(this.invocationDir, file) || file;
  }

  initializing() {
    return this.guard(() => {
      this.checkCommandLine(['paths']);
      const strategy = this.options.strategy;
      if (strategy !== undefined) {
        const known = CONVERT_STRATEGIES.find((candidate) => candidate === strategy);
        if (!known)
          throw new ToolError(
            'usage',
            `--strategy: must be one of: ${CONVERT_STRATEGIES.join(', ')} (got ${JSON.stringify(strategy)})`,
          );
        this.strategy = known;
      }
      this.format = reportFormat(this.options);
      checkFormatFits(
        this.format,
        { writesNothing: this.dryRun, asksNothing: this.asksNothing },
        this.options.format === undefined ? '--json' : undefined,
      );
      if (!this.dryRun && !this.asksNothing && !adapterCanPrompt(this.env.adapter)) {
        throw new ToolError(
          'no-terminal',
          'no terminal to confirm the overwrite on: pass --yes to convert in place (the original is kept as Dockerfile.orig), ' +
            'or --dry-run to print the result only',
        );
      }

      const cwd = this.invocationDir;
      const paths = (this.options.paths ?? []).map((file) => path.resolve(cwd, file));
      if (this.options.all === '')
        throw new ToolError('usage', '--all needs a folder: --all <dir> (--all . for the current one)');
      if (this.options.all !== undefined) {
        const discovery = discoverDockerfiles(path.resolve(cwd, this.options.all), this.options.all);
        this.skipped = discovery.skipped;
        if (discovery.files.length === 0 && this.skipped.length === 0)
          throw new ToolError('not-found', `--all: no Dockerfile or Containerfile under ${this.options.all}`);
        paths.push(...discovery.files);
      }
      this.targets =
        paths.length > 0 || this.options.all !== undefined
          ? [...new Set(paths)]
          : [path.resolve(cwd, 'Dockerfile')];
    });
  }

  prompting() {
    return this.guard(async () => {
      if (
        this.options.strategy !== undefined ||
        this.asksNothing ||
        this.dryRun ||
        this.format !== 'text' ||
        !adapterCanPrompt(this.env.adapter)
      )
        return;
      const { strategy } = await this.prompt<{ strategy: ConvertStrategy }>({
        type: 'select',
        name: 'strategy',
        message: 'Ship the binary on:',
        default: 'scratch',
        choices: [
          {
            name: 'scratch: nothing but the binary, the CA bundle, /tmp and passwd (~binary size)',
            value: 'scratch',
          },
          { name: 'distroless static (nonroot): adds ~2 MB of base files, no shell', value: 'distroless' },
        ],
      });
      this.strategy = strategy;
    });
  }

  /**
   * Every file is converted and every question answered before the first
   * write, so "abort" or Ctrl-C at a question leaves every file as it was.
   */
  writing() {
    return this.guard(async () => {
      const question = new OverwriteQuestion(this, (text) => process.stdout.write(text));
      for (const file of this.targets) this.outcomes.push(await this.#plan(file, question));
      if (this.dryRun) return;
      await this.whileWriting(async () => {
        for (const outcome of this.outcomes) {
          if (!outcome.pending) continue;
          // Between two files, never inside one: each file is as it was or complete.
          if (await this.checkpoint()) break;
          this.#write(outcome, outcome.pending);
        }
      });
    });
  }

  async #plan(file: string, question: OverwriteQuestion): Promise<Outcome> {
    const shown = this.#shown(file);
    try {
      // Checked before reading: a link is never converted, so it is never written through.
      if (lstatOrUndefined(file)?.isSymbolicLink()) throw symlinkError(shown, file);
      const { result, source } = convertFile(file, this.strategy, shown);
      if (result.status !== 'converted' || result.output === undefined || !source || this.dryRun)
        return { file, result };
      const text = encodeDockerfile(result.output, source);
      if (!this.asksNothing && !(await question.ask(shown, source.text, result.output))) {
        return {
          file,
          result: {
            ...result,
            status: 'declined',
            converted: false,
            reason: 'the overwrite was declined: the file is unchanged',
          },
        };
      }
      return { file, result, pending: { source, text } };
    } catch (error) {
      if (error instanceof ToolError && (error.code === 'aborted' || error.code === 'interrupted'))
        throw error;
      if (!(error instanceof ToolError) && (error as { name?: string }).name?.endsWith('PromptError'))
        throw error;
      return { file, result: errorResult(this.strategy, toToolError(error, 'convert', shown)) };
    }
  }

  #write(outcome: Outcome, pending: NonNullable<Outcome['pending']>): void {
    delete outcome.pending;
    const shown = this.#shown(outcome.file);
    try {
      outcome.backup = replaceKeepingOriginal(
        outcome.file,
        shown,
        pending.source.bytes,
        pending.text,
        this.interrupted,
      );
    } catch (error) {
      const failure = toToolError(error, 'write', shown);
      if (failure.code === 'interrupted') throw failure;
      outcome.result = errorResult(this.strategy, failure);
    }
  }

  end() {
    return this.guard(() => {
      const batch = this.outcomes.length + this.skipped.length > 1 || this.options.all !== undefined;
      if (this.format === 'json') this.#printJson(batch);
      else if (this.format === 'sarif') this.#printSarif();
      else if (this.format === 'github') this.#printGithub();
      else this.#printText(batch);
      const statuses = new Set(this.outcomes.map((outcome) => outcome.result.status));
      // A folder --all could not read may hold Dockerfiles nobody looked at: a failure, not a detail.
      const unread = this.skipped.some((entry) => entry.code === 'permission-denied' || entry.code === 'io');
      if (statuses.has('error') || unread) this.setExitStatus(EXIT.failed);
      else if (statuses.has('refused') || (this.checking && statuses.has('converted')))
        this.setExitStatus(EXIT.refused);
    });
  }

  #printJson(batch: boolean): void {
    const document = jsonDocument({
      strategy: this.strategy,
      outcomes: this.outcomes.map((outcome) => ({
        file: this.#shown(outcome.file),
        result: outcome.result,
        ...(outcome.backup ? { backup: this.#shown(outcome.backup) } : {}),
      })),
      skipped: this.skipped.map((entry) => ({ ...entry, path: this.#shown(entry.path) })),
      batch,
      check: this.checking,
      dryRun: this.dryRun,
    });
    process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  }

  /** The SARIF log on stdout; the one-line summaries on stderr, for the CI log. */
  #printSarif(): void {
    const { version, informationUri } = packageInfo();
    const log = sarifLog({
      tool: { name: 'go-microcontainer', version, informationUri },
      root: this.invocationDir,
      outcomes: this.outcomes.map((outcome) => ({ path: outcome.file, result: outcome.result })),
      skipped: this.skipped,
    });
    process.stdout.write(`${JSON.stringify(log, null, 2)}\n`);
    for (const outcome of this.outcomes)
      process.stderr.write(`${summaryLine(this.#shown(outcome.file), outcome.result, this.checking)}\n`);
    for (const entry of this.skipped)
      process.stderr.write(`${skippedLine(this.#shown(entry.path), entry.reason)}\n`);
    const results = this.outcomes.map((outcome) => outcome.result);
    process.stderr.write(`${batchTotals(results, this.skipped.length, this.checking)}\n`);
  }

  #printGithub(): void {
    process.stdout.write(
      githubAnnotations({
        outcomes: this.outcomes.map((outcome) => ({
          file: this.#shown(outcome.file),
          result: outcome.result,
        })),
        skipped: this.skipped.map((entry) => ({ ...entry, path: this.#shown(entry.path) })),
        check: this.checking,
      }),
    );
  }

  #printText(batch: boolean): void {
    for (const outcome of this.outcomes) {
      const shown = this.#shown(outcome.file);
      const { result } = outcome;
      if (batch) {
        process.stdout.write(`${summaryLine(shown, result, this.checking)}\n`);
        continue;
      }
      if (this.dryRun && !this.checking && result.output !== undefined)
        process.stdout.write(`${result.output}\n`);
      if (result.status === 'refused' || result.status === 'error')
        process.stderr.write(textReport(shown, result));
      else
        process.stdout.write(
          textReport(shown, result, outcome.backup && this.#shown(outcome.backup), this.checking),
        );
    }
    if (!batch) return;
    for (const entry of this.skipped)
      process.stdout.write(`${skippedLine(this.#shown(entry.path), entry.reason)}\n`);
    process.stdout.write(
      `${batchTotals(
        this.outcomes.map((outcome) => outcome.result),
        this.skipped.length,
        this.checking,
      )}\n`,
    );
    for (const outcome of this.outcomes) {
      const { status, reason } = outcome.result;
      if (status === 'refused' || status === 'error')
        process.stderr.write(
          `${escapeControls(this.#shown(outcome.file))}: ${status === 'refused' ? 'not converted' : 'error'}: ${escapeControls(reason ?? '')}\n`,
        );
    }
  }
}
