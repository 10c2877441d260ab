/**
 * `yo go-microcontainer:convert [Dockerfile...]`: rewrites existing Go
 * Dockerfiles so the image they ship is FROM scratch (or distroless static).
 *
 * Yeoman glue only: the conversion is core/convert/convert.ts, the disk work
 * core/convert/files.ts and discovery.ts, the wording core/convert/report.ts.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Generator, { type BaseOptions } from 'yeoman-generator';
import { CONVERT_STRATEGIES, type ConvertStrategy } from '../core/convert/convert.js';
import { discoverDockerfiles } from '../core/convert/discovery.js';
import { backupPath, convertFile, type FileConversion } from '../core/convert/files.js';
import { jsonReport, summaryLine, textReport } from '../core/convert/report.js';
import { encodeDockerfile } from '../core/convert/source.js';
import { ToolError } from '../core/errors.js';
import { adapterCanPrompt } from '../terminal.js';

type ConvertGeneratorOptions = BaseOptions & {
  paths?: string[];
  all?: string;
  strategy?: string;
  yes?: boolean;
  force?: boolean;
  'dry-run'?: boolean;
  json?: boolean;
};

interface Outcome extends FileConversion {
  backup?: string;
  /** The text written in place, to tell afterwards whether the overwrite was declined. */
  written?: string;
}

export default class ConvertGenerator extends Generator<Record<string, never>, ConvertGeneratorOptions> {
  private targets: string[] = [];
  private strategy: ConvertStrategy | undefined;
  private readonly outcomes: Outcome[] = [];

  constructor(args: string[], options: ConvertGeneratorOptions) {
    // These generators never install packages: no package manager step, and no message about one.
    super(args, options, { customInstallTask: true });
    this.argument('paths', {
      type: Array,
      required: false,
      description: 'Dockerfiles to convert (default: ./Dockerfile)',
    });
    this.option('all', { type: String, description: 'convert every Dockerfile under this folder' });
    this.option('strategy', {
      type: String,
      description: 'what the image ships: scratch (default) or distroless',
    });
    this.option('yes', {
      type: Boolean,
      alias: 'y',
      description: 'ask nothing; overwrite each converted file after keeping its original',
    });
    this.option('dry-run', {
      type: Boolean,
      description: 'print the converted Dockerfile and the report; write nothing',
    });
    this.option('json', { type: Boolean, description: 'print the report as one JSON document on stdout' });
    // --yes answers Yeoman's overwrite question too: the original is kept as a backup.
    if (this.options.yes === true) this.options.force = true;
  }

  private get dryRun(): boolean {
    return this.options['dry-run'] === true;
  }

  private get invocationDir(): string {
    return (this.env as unknown as { cwd?: string }).cwd ?? process.cwd();
  }

  initializing() {
    const strategy = this.options.strategy;
    if (strategy !== undefined && !(CONVERT_STRATEGIES as readonly string[]).includes(strategy)) {
      throw new Error(
        `--strategy: must be one of: ${CONVERT_STRATEGIES.join(', ')} (got ${JSON.stringify(strategy)})`,
      );
    }
    this.strategy = strategy as ConvertStrategy | undefined;

    const cwd = this.invocationDir;
    const paths = (this.options.paths ?? []).map((file) => path.resolve(cwd, file));
    if (this.options.all !== undefined) {
      const root = path.resolve(cwd, this.options.all);
      const { files, skipped } = discoverDockerfiles(root, this.options.all);
      // On stderr, so a --json document on stdout stays one document.
      for (const { path: where, reason } of skipped)
        process.stderr.write(`--all: skipped ${path.relative(cwd, where) || where}: ${reason}\n`);
      if (files.length === 0)
        throw new ToolError('not-found', `--all: no Dockerfile found under ${this.options.all}`);
      paths.push(...files);
    }
    this.targets = paths.length > 0 ? [...new Set(paths)] : [path.resolve(cwd, 'Dockerfile')];

    if (!this.dryRun && this.options.force !== true && !adapterCanPrompt(this.env.adapter)) {
      throw new Error(
        'No terminal to confirm the overwrite on. Pass --yes to convert in place (the original is kept as Dockerfile.orig), ' +
          'or --dry-run to print the result only.',
      );
    }
  }

  async prompting() {
    if (this.strategy !== undefined) return;
    if (
      this.options.yes === true ||
      this.dryRun ||
      this.options.json === true ||
      !adapterCanPrompt(this.env.adapter)
    ) {
      this.strategy = 'scratch';
      return;
    }
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
  }

  writing() {
    const strategy = this.strategy ?? 'scratch';
    for (const file of this.targets) {
      const outcome: Outcome = convertFile(file, strategy);
      const { result, source } = outcome;
      if (result.status === 'converted' && result.output !== undefined && source && !this.dryRun) {
        // The original, byte for byte, next to the new file; an older backup is never overwritten.
        const backup = backupPath(file);
        writeFileSync(backup, readFileSync(file), { flag: 'wx' });
        outcome.backup = backup;
        outcome.written = encodeDockerfile(result.output, source);
        this.fs.write(file, outcome.written);
      }
      this.outcomes.push(outcome);
    }
  }

  end() {
    // Declining Yeoman's overwrite question leaves the file as it was: then the
    // backup made for it is removed again, and the report says so.
    for (const outcome of this.outcomes) {
      if (
        outcome.backup &&
        outcome.written !== undefined &&
        readFileSync(outcome.file, 'utf8') !== outcome.written
      ) {
        rmSync(outcome.backup);
        delete outcome.backup;
        outcome.result = {
          ...outcome.result,
          status: 'declined',
          converted: false,
          reason: 'the overwrite was declined: the file is unchanged',
        };
      }
    }
    const cwd = this.invocationDir;
    const shown = (file: string) => path.relative(cwd, file) || file;
    const batch = this.outcomes.length > 1;

    if (this.options.json === true) {
      const reports = this.outcomes.map((outcome) => ({
        ...jsonReport(shown(outcome.file), outcome.result, outcome.backup && shown(outcome.backup)),
        ...(this.dryRun && outcome.result.output !== undefined ? { dockerfile: outcome.result.output } : {}),
      }));
      const document = batch ? { strategy: this.strategy ?? 'scratch', results: reports } : reports[0];
      process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    } else {
      for (const outcome of this.outcomes) {
        if (batch) {
          process.stdout.write(`${summaryLine(shown(outcome.file), outcome.result)}\n`);
          continue;
        }
        if (this.dryRun && outcome.result.output !== undefined)
          process.stdout.write(`${outcome.result.output}\n`);
        if (outcome.result.status !== 'refused') {
          process.stdout.write(
            textReport(shown(outcome.file), outcome.result, outcome.backup && shown(outcome.backup)),
          );
        }
      }
    }

    const failed = this.outcomes.filter((outcome) => outcome.result.status === 'refused');
    for (const outcome of failed)
      process.stderr.write(`${shown(outcome.file)}: not converted: ${outcome.result.reason}\n`);
    if (failed.length > 0) {
      throw new Error(
        batch
          ? `${failed.length} of ${this.outcomes.length} Dockerfiles were not converted`
          : `${shown(failed[0]?.file ?? '')} was not converted`,
      );
    }
  }
}
