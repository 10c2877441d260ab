/**
 * `--format json` (and `--json`): the whole run as one JSON document, the
 * one report for one file (report.ts's jsonReport) or, for a batch, every
 * report with the paths `--all` skipped.
 */
import type { ConversionResult, ConvertStrategy } from '../convert.js';
import type { SkippedPath } from '../io/discovery.js';
import { jsonReport, type JsonReport } from './report.js';

export interface JsonInput {
  readonly strategy: ConvertStrategy;
  /** Each file as the report shows it, with what became of it and the backup written, if any. */
  readonly outcomes: ReadonlyArray<{
    readonly file: string;
    readonly result: ConversionResult;
    readonly backup?: string;
  }>;
  /** What `--all` did not look into, paths as shown. */
  readonly skipped: readonly SkippedPath[];
  /** More than one file, or --all: the batch document even for one. */
  readonly batch: boolean;
  readonly check: boolean;
  /** --dry-run (not --check): each report carries the Dockerfile it would write. */
  readonly dryRun: boolean;
}

export type JsonFileReport = JsonReport & { wouldChange?: boolean; dockerfile?: string };

export interface JsonBatch {
  strategy: ConvertStrategy;
  check?: true;
  results: JsonFileReport[];
  skipped: SkippedPath[];
}

export function jsonDocument(input: JsonInput): JsonFileReport | JsonBatch | undefined {
  const reports = input.outcomes.map(({ file, result, backup }): JsonFileReport => ({
    ...jsonReport(file, result, backup),
    ...(input.check ? { wouldChange: result.status === 'converted' } : {}),
    ...(input.dryRun && !input.check && result.output !== undefined ? { dockerfile: result.output } : {}),
  }));
  if (!input.batch) return reports[0];
  return {
    strategy: input.strategy,
    ...(input.check ? { check: true as const } : {}),
    results: reports,
    skipped: [...input.skipped],
  };
}
