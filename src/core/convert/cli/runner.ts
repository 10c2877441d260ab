/**
 * `go-microcontainer convert` from its parsed options to its report and exit
 * status, with no Yeoman: the bin runs it directly (`runConvert`), and
 * `yo go-microcontainer:convert` (src/yeoman/convert-generator.ts) calls the
 * same steps from its lifecycle, so both behave alike.
 *
 * The steps, in order:
 *   1. `checkRequest`: options checked, the files to convert found (nothing read yet);
 *   2. `chooseStrategy`: the one question about the strategy, when there is a terminal;
 *   3. `plan`: every file converted in memory and every overwrite question answered;
 *   4. `write`: only then the files replaced, each kept as Dockerfile.orig first;
 *   5. `report`: the report in the format asked for (text, JSON, SARIF,
 *      GitHub annotations), and the exit status.
 * The conversion is core/convert/convert.ts, finding files io/discovery.ts,
 * the write with its backup io/write-back.ts, the wording report.ts (and
 * json.ts, sarif.ts, github.ts for --format).
 */
import path from 'node:path';
import { OverwriteQuestion, type OverwritePrompter } from '../../ask-overwrite.js';
import { EXIT, toToolError, ToolError, type ExitStatus } from '../../errors.js';
import { lstatOrUndefined, symlinkError } from '../../fs/atomic.js';
import { RunGuard } from '../../run-guard.js';
import { packageInfo } from '../../package-info.js';
import { CONVERT_STRATEGIES, unconverted, type ConversionResult, type ConvertStrategy } from '../convert.js';
import { discoverDockerfiles, type SkippedPath } from '../io/discovery.js';
import { convertFile } from '../io/files.js';
import { encodeDockerfile, type DockerfileSource } from '../io/source.js';
import { replaceKeepingOriginal } from '../io/write-back.js';
import { droppedPackages } from './command-line.js';
import { checkFormatFits, reportFormat, type ReportFormat } from './formats.js';
import { githubAnnotations } from './github.js';
import { jsonDocument } from './json.js';
import { batchTotals, escapeControls, skippedLine, summaryLine, textReport } from './report.js';
import { sarifLog } from './sarif.js';

/** The command as typed, for the start of every error line. */
export const CONVERT_COMMAND = 'go-microcontainer convert';

/** convert's options, as the bin parses them and as Yeoman hands them to the generator. */
export interface ConvertRequest {
  /** Dockerfiles named on the command line, relative to `cwd`. */
  paths: readonly string[];
  all?: string | undefined;
  strategy?: string | undefined;
  /** --drop: runtime packages, comma-separated. */
  drop?: string | undefined;
  yes?: boolean | undefined;
  force?: boolean | undefined;
  'dry-run'?: boolean | undefined;
  check?: boolean | undefined;
  json?: boolean | undefined;
  format?: string | undefined;
}

/** Where the questions go: a terminal, Yeoman's adapter, or a test's answers. */
export interface ConvertTerminal extends OverwritePrompter {
  /** False without a TTY on stdin: a question would hang, so none is asked. */
  readonly canPrompt: boolean;
}

/** The writes' guard: deferred signals, and where stopping is safe (core/run-guard.ts). */
export type WriteGuard = Pick<RunGuard, 'whileWriting' | 'checkpoint' | 'interrupted'>;

export interface ConvertOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

const PROCESS_OUTPUT: ConvertOutput = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
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

export class ConvertRun {
  private targets: string[] = [];
  private skipped: SkippedPath[] = [];
  private strategy: ConvertStrategy = 'scratch';
  private drop: readonly string[] = [];
  private format: ReportFormat = 'text';
  private readonly outcomes: Outcome[] = [];

  constructor(
    private readonly request: ConvertRequest,
    /** The folder paths are relative to, and shown relative to. */
    private readonly cwd: string,
    private readonly output: ConvertOutput = PROCESS_OUTPUT,
  ) {}

  /** --check: like --dry-run, but it prints findings only, and a file that would change fails the run. */
  private get checking(): boolean {
    return this.request.check === true;
  }

  /** Nothing is written, so nothing is asked. */
  private get dryRun(): boolean {
    return this.request['dry-run'] === true || this.checking;
  }

  private get asksNothing(): boolean {
    return this.request.yes === true || this.request.force === true;
  }

  /** Whether every outcome, errors included, goes to stdout as JSON. */
  get reportsJson(): boolean {
    return this.request.json === true || this.request.format === 'json';
  }

  #shown(file: string): string {
    return path.relative(this.cwd, file) || file;
  }

  /** Step 1: the options make sense together, and the files to convert are known. Reads no Dockerfile. */
  checkRequest(canPrompt: boolean): void {
    const strategy = this.request.strategy;
    if (strategy !== undefined) {
      const known = CONVERT_STRATEGIES.find((candidate) => candidate === strategy);
      if (!known)
        throw new ToolError(
          'usage',
          `--strategy: must be one of: ${CONVERT_STRATEGIES.join(', ')} (got ${JSON.stringify(strategy)})`,
        );
      this.strategy = known;
    }
    this.drop = droppedPackages(this.request.drop);
    this.format = reportFormat(this.request);
    checkFormatFits(
      this.format,
      { writesNothing: this.dryRun, asksNothing: this.asksNothing },
      this.request.format === undefined ? '--json' : undefined,
    );
    if (!this.dryRun && !this.asksNothing && !canPrompt) {
      throw new ToolError(
        'no-terminal',
        'no terminal to confirm the overwrite on: pass --yes to convert in place (the original is kept as Dockerfile.orig), ' +
          'or --dry-run to print the result only',
      );
    }

    const { cwd } = this;
    const paths = this.request.paths.map((file) => path.resolve(cwd, file));
    const { all } = this.request;
    if (all === '')
      throw new ToolError('usage', '--all needs a folder: --all <dir> (--all . for the current one)');
    if (all !== undefined) {
      const discovery = discoverDockerfiles(path.resolve(cwd, all), all);
      this.skipped = discovery.skipped;
      if (discovery.files.length === 0 && this.skipped.length === 0)
        throw new ToolError('not-found', `--all: no Dockerfile or Containerfile under ${all}`);
      paths.push(...discovery.files);
    }
    this.targets =
      paths.length > 0 || all !== undefined ? [...new Set(paths)] : [path.resolve(cwd, 'Dockerfile')];
  }

  /** Whether step 2 asks its question: only at a terminal, and only when nothing settled it. */
  wantsStrategyQuestion(canPrompt: boolean): boolean {
    return (
      this.request.strategy === undefined &&
      !this.asksNothing &&
      !this.dryRun &&
      this.format === 'text' &&
      !this.reportsJson &&
      canPrompt
    );
  }

  /** Step 2: the strategy, asked when no option settled it and there is a terminal to ask on. */
  async chooseStrategy(terminal: ConvertTerminal): Promise<void> {
    if (!this.wantsStrategyQuestion(terminal.canPrompt)) return;
    const { strategy } = await terminal.prompt<{ strategy: ConvertStrategy }>({
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
  }

  /**
   * Step 3: every file converted and every question answered before the
   * first write, so "abort" or Ctrl-C at a question leaves every file as it was.
   */
  async plan(terminal: OverwritePrompter): Promise<void> {
    const question = new OverwriteQuestion(terminal, (text) => this.output.stdout(text));
    for (const file of this.targets) this.outcomes.push(await this.#plan(file, question));
  }

  /** Step 4: the writes, between two files at most interrupted, never inside one. */
  async write(guard: WriteGuard): Promise<void> {
    if (this.dryRun) return;
    await guard.whileWriting(async () => {
      for (const outcome of this.outcomes) {
        if (!outcome.pending) continue;
        // Between two files, never inside one: each file is as it was or complete.
        if (await guard.checkpoint()) break;
        this.#write(outcome, outcome.pending, guard.interrupted);
      }
    });
  }

  async #plan(file: string, question: OverwriteQuestion): Promise<Outcome> {
    const shown = this.#shown(file);
    try {
      // Checked before reading: a link is never converted, so it is never written through.
      if (lstatOrUndefined(file)?.isSymbolicLink()) throw symlinkError(shown, file);
      const { result, source } = convertFile(file, this.strategy, shown, { drop: this.drop });
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

  #write(outcome: Outcome, pending: NonNullable<Outcome['pending']>, interrupted: () => boolean): void {
    delete outcome.pending;
    const shown = this.#shown(outcome.file);
    try {
      outcome.backup = replaceKeepingOriginal(
        outcome.file,
        shown,
        pending.source.bytes,
        pending.text,
        interrupted,
      );
    } catch (error) {
      const failure = toToolError(error, 'write', shown);
      if (failure.code === 'interrupted') throw failure;
      outcome.result = errorResult(this.strategy, failure);
    }
  }

  /** Step 5: the report, and the status the run ends with. */
  report(): ExitStatus {
    const batch = this.outcomes.length + this.skipped.length > 1 || this.request.all !== undefined;
    if (this.format === 'json') this.#printJson(batch);
    else if (this.format === 'sarif') this.#printSarif();
    else if (this.format === 'github') this.#printGithub();
    else this.#printText(batch);
    const statuses = new Set(this.outcomes.map((outcome) => outcome.result.status));
    // A folder --all could not read may hold Dockerfiles nobody looked at: a failure, not a detail.
    const unread = this.skipped.some((entry) => entry.code === 'permission-denied' || entry.code === 'io');
    if (statuses.has('error') || unread) return EXIT.failed;
    if (statuses.has('refused') || (this.checking && statuses.has('converted'))) return EXIT.refused;
    return EXIT.ok;
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
    this.output.stdout(`${JSON.stringify(document, null, 2)}\n`);
  }

  /** The SARIF log on stdout; the one-line summaries on stderr, for the CI log. */
  #printSarif(): void {
    const { version, informationUri } = packageInfo();
    const log = sarifLog({
      tool: { name: 'go-microcontainer', version, informationUri },
      root: this.cwd,
      outcomes: this.outcomes.map((outcome) => ({ path: outcome.file, result: outcome.result })),
      skipped: this.skipped,
    });
    const { stdout, stderr } = this.output;
    stdout(`${JSON.stringify(log, null, 2)}\n`);
    for (const outcome of this.outcomes)
      stderr(`${summaryLine(this.#shown(outcome.file), outcome.result, this.dryRun)}\n`);
    for (const entry of this.skipped) stderr(`${skippedLine(this.#shown(entry.path), entry.reason)}\n`);
    const results = this.outcomes.map((outcome) => outcome.result);
    stderr(`${batchTotals(results, this.skipped.length, this.dryRun)}\n`);
  }

  #printGithub(): void {
    this.output.stdout(
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
    const { stdout, stderr } = this.output;
    for (const outcome of this.outcomes) {
      const shown = this.#shown(outcome.file);
      const { result } = outcome;
      if (batch) {
        stdout(`${summaryLine(shown, result, this.dryRun)}\n`);
        continue;
      }
      if (this.dryRun && !this.checking && result.output !== undefined) stdout(`${result.output}\n`);
      if (result.status === 'refused' || result.status === 'error') stderr(textReport(shown, result));
      else stdout(textReport(shown, result, outcome.backup && this.#shown(outcome.backup), this.checking));
    }
    if (!batch) return;
    for (const entry of this.skipped) stdout(`${skippedLine(this.#shown(entry.path), entry.reason)}\n`);
    stdout(
      `${batchTotals(
        this.outcomes.map((outcome) => outcome.result),
        this.skipped.length,
        this.dryRun,
      )}\n`,
    );
    for (const outcome of this.outcomes) {
      const { status, reason } = outcome.result;
      if (status === 'refused' || status === 'error')
        stderr(
          `${escapeControls(this.#shown(outcome.file))}: ${status === 'refused' ? 'not converted' : 'error'}: ${escapeControls(reason ?? '')}\n`,
        );
    }
  }
}

/**
 * The whole command, as the bin runs it. `openTerminal` is called only when a
 * question may be asked, so a run that asks nothing (--check, --dry-run,
 * --yes, --json, no TTY) never loads a prompt library.
 */
export async function runConvert(
  request: ConvertRequest,
  cwd: string,
  terminal: { canPrompt: boolean; open: () => Promise<OverwritePrompter> },
  output: ConvertOutput = PROCESS_OUTPUT,
): Promise<ExitStatus> {
  const run = new ConvertRun(request, cwd, output);
  const guard = new RunGuard({
    command: CONVERT_COMMAND,
    reportsJson: () => run.reportsJson,
    stdout: output.stdout,
    stderr: output.stderr,
  });
  let prompter: OverwritePrompter | undefined;
  const asker: ConvertTerminal = {
    canPrompt: terminal.canPrompt,
    prompt: async <A extends Record<string, unknown>>(questions: unknown) => {
      prompter ??= await terminal.open();
      return prompter.prompt<A>(questions);
    },
  };
  await guard.guard(() => run.checkRequest(terminal.canPrompt));
  await guard.guard(() => run.chooseStrategy(asker));
  await guard.guard(async () => {
    await run.plan(asker);
    await run.write(guard);
  });
  await guard.guard(() => guard.setExitStatus(run.report()));
  return guard.exitStatus;
}
