/**
 * What every command does around its own work, with or without Yeoman: each
 * step runs unless an earlier one failed, and a failure becomes one line of
 * ours (or one JSON document) and an exit status instead of a stack trace;
 * Ctrl-C and SIGTERM during the writes are deferred to the points where every
 * file is either as it was or complete.
 *
 * The generators hold one (src/yeoman/guarded-generator.ts); the bin's
 * Yeoman-free runners (convert) hold their own.
 */
import { errnoOf, EXIT, isPromptInterrupt, toToolError, ToolError, type ExitStatus } from './errors.js';

export interface RunGuardSettings {
  /** The command as the person typed it, for the start of every error line. */
  command: string;
  /** Whether errors are reported as JSON on stdout; read at the time of the failure. */
  reportsJson: () => boolean;
  /** The JSON document of a failure, when the command adds what it had learnt by then (dockerize). */
  errorDocument?: (reported: ToolError) => Record<string, unknown>;
  /** Called with every status the run ends with (the generator passes it on to yo). */
  onExitStatus?: (status: ExitStatus) => void;
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
}

export class RunGuard {
  /** What the run ends with. */
  exitStatus: ExitStatus = EXIT.ok;
  /** The error that stopped the run, as it was reported. */
  failure: ToolError | undefined;
  /** The signal that arrived while files were being written, if any. */
  private stopSignal: 'SIGINT' | 'SIGTERM' | undefined;
  private readonly onSigint = () => {
    this.stopSignal = 'SIGINT';
  };
  private readonly onSigterm = () => {
    this.stopSignal = 'SIGTERM';
  };

  constructor(private readonly settings: RunGuardSettings) {}

  /** Runs one step unless an earlier one failed; a failure is reported, never thrown. */
  async guard(step: () => void | Promise<void>): Promise<void> {
    if (this.failure) return;
    try {
      await step();
    } catch (error) {
      this.fail(error);
    }
  }

  fail(error: unknown): void {
    if (isPromptInterrupt(error)) {
      // Yeoman's adapter also rejects the whole run with this same error, and
      // yo exits with its `code`: give it the status a Ctrl-C deserves.
      Object.assign(error as object, { code: EXIT.interrupted });
    }
    const reported = isPromptInterrupt(error)
      ? new ToolError('interrupted', 'interrupted: nothing was written')
      : error instanceof ToolError
        ? error
        : errnoOf(error) === undefined
          ? new ToolError(
              'internal',
              `internal error: ${error instanceof Error ? error.message : String(error)} (please report it)`,
            )
          : toToolError(error, 'complete', this.settings.command);
    this.failure = reported;
    this.setExitStatus(reported.exitStatus);
    if (this.settings.reportsJson()) {
      this.stdout(
        `${JSON.stringify(this.settings.errorDocument?.(reported) ?? { status: 'error', code: reported.code, error: reported.message }, null, 2)}\n`,
      );
    } else {
      this.stderr(`${this.settings.command}: ${reported.message}\n`);
    }
  }

  setExitStatus(status: ExitStatus): void {
    this.exitStatus = status;
    this.settings.onExitStatus?.(status);
  }

  /**
   * Runs the writes with Ctrl-C and SIGTERM (docker stop, CI cancellation)
   * deferred: the writers call `checkpoint()` where stopping leaves every file
   * as it was or complete, and stop there. A signal is only delivered when the
   * event loop runs, which is what the checkpoint lets it do.
   */
  async whileWriting(write: () => void | Promise<void>): Promise<void> {
    process.on('SIGINT', this.onSigint);
    process.on('SIGTERM', this.onSigterm);
    try {
      await write();
      await this.checkpoint();
    } finally {
      process.off('SIGINT', this.onSigint);
      process.off('SIGTERM', this.onSigterm);
    }
    if (this.stopSignal)
      throw new ToolError(
        this.stopSignal === 'SIGTERM' ? 'terminated' : 'interrupted',
        `interrupted (${this.stopSignal}): every file is either as it was or completely written`,
      );
  }

  /** Lets a pending signal in; true when the writes should stop. */
  readonly checkpoint = async (): Promise<boolean> => {
    await new Promise((resolve) => setImmediate(resolve));
    return this.stopSignal !== undefined;
  };

  readonly interrupted = (): boolean => this.stopSignal !== undefined;

  private stdout(text: string): void {
    (this.settings.stdout ?? ((chunk: string) => process.stdout.write(chunk)))(text);
  }

  private stderr(text: string): void {
    (this.settings.stderr ?? ((chunk: string) => process.stderr.write(chunk)))(text);
  }
}
