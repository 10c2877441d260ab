/**
 * `--format`: which report a run prints. Each format is one pure function
 * from the results (text and one-line: report.ts; JSON: report.ts's
 * jsonReport; SARIF: sarif.ts; GitHub annotations: github.ts); this module
 * only says which one the command line asked for, and what it needs.
 */
import { ToolError } from '../../errors.js';
import type { SkippedPath } from '../io/discovery.js';
import type { Change } from '../rules/types.js';

export const REPORT_FORMATS = ['text', 'json', 'sarif', 'github'] as const;

export type ReportFormat = (typeof REPORT_FORMATS)[number];

/**
 * The format the options ask for: `--format`, or `--json` (the older
 * spelling of `--format json`), or text. A value not in the list, or a
 * `--json` that says otherwise than `--format`, is a usage error: a CI job
 * that asked for SARIF must never get text it cannot upload.
 */
export function reportFormat(options: { readonly format?: unknown; readonly json?: unknown }): ReportFormat {
  const { format, json } = options;
  const asJson =
    json === true || json === 'true' ? true : json === false || json === 'false' ? false : undefined;
  if (format === undefined) return asJson ? 'json' : 'text';
  const known = REPORT_FORMATS.find((candidate) => candidate === format);
  if (!known)
    throw new ToolError(
      'usage',
      `--format: must be one of: ${REPORT_FORMATS.join(', ')} (got ${JSON.stringify(format)})`,
    );
  if (asJson === true && known !== 'json')
    throw new ToolError(
      'usage',
      `--json means --format json, which disagrees with --format ${known}: give one of them`,
    );
  if (asJson === false && known === 'json')
    throw new ToolError('usage', '--json=false disagrees with --format json: give one of them');
  return known;
}

/** What the run does with the files, as far as a format cares. */
export interface RunMode {
  /** --check or --dry-run: nothing is written. */
  readonly writesNothing: boolean;
  /** --yes or --force: nothing is asked. */
  readonly asksNothing: boolean;
}

/**
 * A format other than text owns stdout, so no question may be asked; SARIF
 * and GitHub annotations point at lines of the file as it is on disk, so the
 * run must not rewrite it. Throws the usage error that names what to add;
 * `spelled` is the option as the user typed it (`--json` or `--format json`).
 */
export function checkFormatFits(format: ReportFormat, mode: RunMode, spelled = `--format ${format}`): void {
  if (format === 'json' && !mode.writesNothing && !mode.asksNothing)
    throw new ToolError(
      'usage',
      `${spelled} asks nothing, so it needs --yes, --force, --dry-run or --check: a question would mix with the JSON on stdout`,
    );
  if ((format === 'sarif' || format === 'github') && !mode.writesNothing)
    throw new ToolError(
      'usage',
      `--format ${format} reports findings at lines of the file as it is, so it needs --check or --dry-run (which write nothing)`,
    );
}

/** A change as a finding, in the machine formats: what the conversion would do on that line, and why. */
export function changeMessage(change: Change): string {
  return `convert would change this line: ${change.what}. Why: ${change.why}`;
}

/** A folder `--all` could not read may hold Dockerfiles nobody looked at: the run fails (exit 3), not a detail. */
export function isUnreadFolder(entry: SkippedPath): boolean {
  return entry.code === 'permission-denied' || entry.code === 'io';
}

/**
 * The bin's early check of `--format` (before Yeoman loads, so a typo answers
 * at once): reportFormat's usage error, from the parsed options. Whether the
 * format fits the run is checked with the other options, in their order, by
 * the generator.
 */
export function formatUsageErrors(options: Readonly<Record<string, string | boolean>>): string[] {
  try {
    reportFormat(options);
    return [];
  } catch (error) {
    if (error instanceof ToolError) return [error.message];
    throw error;
  }
}
