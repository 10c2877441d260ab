/**
 * What the generators share around their own work: options declared from one
 * table and checked strictly, every lifecycle step guarded so that a failure
 * becomes one line of ours (or one JSON document) and an exit status instead
 * of Yeoman's "An error occured" trace, and Ctrl-C that leaves no trace. The
 * guarding itself is core/run-guard.ts, which the bin's runners use too.
 */
import os from 'node:os';
import path from 'node:path';
import { resetFile } from 'mem-fs-editor/state';
import Generator, { type BaseOptions } from 'yeoman-generator';
import { ReadError, readSafely, type ReadKind } from '../core/fs/safe-read.js';
import { checkGeneratorOptions, type OptionSpec } from '../core/cli-options.js';
import { EXIT, toToolError, ToolError, type ExitStatus } from '../core/errors.js';
import { RunGuard } from '../core/run-guard.js';
import { yoConfigProblem } from '../core/fs/yo-config.js';

/** True when the process is yo's command line (its cli.js, however it was linked). */
export function runByYo(mainScript = process.argv[1] ?? ''): boolean {
  return /(^|[\\/])yo([\\/]lib[\\/]cli\.js)?$/.test(mainScript);
}

/**
 * A project file Yeoman itself would have read that the safe reader refused
 * (a FIFO .yo-rc.json, one linked outside the project), by generator. Set
 * while Yeoman's constructor runs, before this class's own fields exist.
 */
const refusedProjectFiles = new WeakMap<object, ToolError>();

/** Yeoman's built-in options that mean nothing here: accepted, but not offered in --help. */
const HIDDEN_BUILT_INS = ['skip-cache', 'skip-install', 'force-install'];

export abstract class GuardedGenerator<
  Config extends Record<string, unknown>,
  Options extends BaseOptions,
> extends Generator<Config, Options> {
  /** The steps' guard, shared with the bin's Yeoman-free runners (core/run-guard.ts). */
  private readonly runGuard: RunGuard;

  protected constructor(
    args: string[],
    options: Options,
    private readonly specs: readonly OptionSpec[],
    private readonly command: string,
    hidden: readonly string[] = [],
  ) {
    // These generators never install packages: no package manager step, and no message about one.
    super(args, options, { customInstallTask: true });
    this.runGuard = new RunGuard({
      command,
      reportsJson: () => this.reportsJson,
      errorDocument: (reported) => this.errorDocument(reported),
      // The bin exits with `exitStatus`; yo knows nothing of it, so under yo the
      // process's own exit code carries it. Never elsewhere: a test runner or a
      // program that runs the generator in its own process keeps its exit code.
      onExitStatus: (status) => {
        if (status !== EXIT.ok && runByYo()) process.exitCode = status;
      },
    });
    for (const name of [...HIDDEN_BUILT_INS, ...hidden]) {
      const builtIn = (this._options as Record<string, { hide?: boolean } | undefined>)[name];
      if (builtIn) builtIn.hide = true;
    }
    for (const spec of specs) {
      this.option(spec.flag, {
        type: spec.type === 'boolean' ? Boolean : String,
        ...(spec.alias ? { alias: spec.alias } : {}),
        description: `${spec.description} (default: ${spec.defaultHelp})`,
      });
    }
  }

  /** What the run ends with; the bin exits with it, and so does yo through process.exitCode. */
  get exitStatus(): ExitStatus {
    return this.runGuard.exitStatus;
  }

  /** The error that stopped the run, as it was reported. */
  get failure(): ToolError | undefined {
    return this.runGuard.failure;
  }

  set failure(error: ToolError | undefined) {
    this.runGuard.failure = error;
  }

  /**
   * Yeoman reads package.json (for appname) and .yo-rc.json (this.config) on
   * its own, with a plain blocking read, while the generator is constructed:
   * a FIFO there would hang every command. Each is read here first through
   * the safe reader into Yeoman's in-memory file view, so Yeoman finds it
   * there and never opens the file itself. A refused file reads as absent;
   * the refusal is kept for a generator that needs the file (configReadFailure).
   */
  private preloadProjectFile(name: string, kind: ReadKind): ToolError | undefined {
    const store = this.env.sharedFs;
    const root = this.destinationRoot();
    const file = path.resolve(root, name);
    if (store.existsInMemory(file)) return undefined;
    let contents: Buffer | null = null;
    let refused: ToolError | undefined;
    try {
      contents = readSafely(file, { kind, within: root, shown: name });
    } catch (error) {
      if (!(error instanceof ReadError && error.refusal === 'not-found'))
        refused = error instanceof ToolError ? error : toToolError(error, 'read', name);
    }
    // A .yo-rc.json Yeoman would fail to read (not JSON, an array, too deep) is the user's mistake, said as one.
    const problem =
      contents !== null && kind === 'Yeoman config'
        ? yoConfigProblem(contents.toString('utf8'), this.rootGeneratorName())
        : undefined;
    if (problem !== undefined) {
      refused = new ToolError('usage', `${name} ${problem}: fix it or delete it, then rerun`);
      contents = null;
    }
    store.add({ path: file, contents, stat: null } as unknown as Parameters<typeof store.add>[0]);
    return refused;
  }

  override _getStorage(...args: Parameters<Generator['_getStorage']>): ReturnType<Generator['_getStorage']> {
    const refused = this.preloadProjectFile('.yo-rc.json', 'Yeoman config');
    if (refused && !refusedProjectFiles.has(this)) refusedProjectFiles.set(this, refused);
    return super._getStorage(...args);
  }

  override determineAppname(): string {
    this.preloadProjectFile('package.json', 'project file');
    return super.determineAppname();
  }

  /**
   * Yeoman's global config (~/.yo-rc-global.json) only serves questions
   * asked with `store: true`, and none of ours is: it is never read, so an
   * unreadable or unwritable HOME (uid 65534 with HOME=/root, as CI containers
   * run) changes nothing. Its place in Yeoman's file view is filled with "no
   * such file", which Yeoman reads as an empty config; nothing ever sets it,
   * so nothing writes it.
   */
  override _getGlobalStorage(): ReturnType<Generator['_getGlobalStorage']> {
    const store = this.env.sharedFs;
    const file = path.join(
      this.options.localConfigOnly ? this.destinationRoot() : os.homedir(),
      '.yo-rc-global.json',
    );
    if (!store.existsInMemory(file))
      store.add({ path: file, contents: null, stat: null } as unknown as Parameters<typeof store.add>[0]);
    return super._getGlobalStorage();
  }

  /** Why .yo-rc.json could not be read, when it is there but the safe reader refused it. */
  protected get configReadFailure(): ToolError | undefined {
    return refusedProjectFiles.get(this);
  }

  /** Whether errors are reported as JSON on stdout. */
  protected get reportsJson(): boolean {
    return false;
  }

  /** The command line is checked before anything is read: a typo must not do the wrong thing. */
  protected checkCommandLine(extraKnown: readonly string[] = []): void {
    const initOptions = Object.fromEntries(
      Object.entries(this._initOptions as Record<string, unknown>).filter(
        ([key]) => !extraKnown.includes(key),
      ),
    );
    checkGeneratorOptions(this._args as string[], initOptions, this.specs, this.command);
  }

  /** Runs one lifecycle step unless an earlier one failed; a failure is reported, never thrown at Yeoman. */
  protected guard(step: () => void | Promise<void>): Promise<void> {
    return this.runGuard.guard(step);
  }

  protected fail(error: unknown): void {
    this.runGuard.fail(error);
  }

  /** The JSON document of a failure; a generator adds what it had learnt by then. */
  protected errorDocument(reported: ToolError): Record<string, unknown> {
    return { status: 'error', code: reported.code, error: reported.message };
  }

  protected setExitStatus(status: ExitStatus): void {
    this.runGuard.setExitStatus(status);
  }

  /** The writes, with Ctrl-C and SIGTERM deferred to the checkpoints (see RunGuard). */
  protected whileWriting(write: () => void | Promise<void>): Promise<void> {
    return this.runGuard.whileWriting(write);
  }

  /** Lets a pending signal in; true when the writes should stop. (Fields, not methods: Yeoman would run a method as a task.) */
  protected readonly checkpoint = (): Promise<boolean> => this.runGuard.checkpoint();

  protected readonly interrupted = (): boolean => this.runGuard.interrupted();

  /**
   * The files were written without mem-fs, so that each write is atomic; the
   * in-memory copies are brought in step so that Yeoman's own commit at the
   * end of the run finds nothing left to write.
   */
  protected syncMemFs(written: ReadonlyArray<{ path: string; contents: string }>): void {
    for (const file of written) {
      const memFile = this.env.sharedFs.get(file.path);
      memFile.contents = Buffer.from(file.contents);
      resetFile(memFile);
    }
  }
}
