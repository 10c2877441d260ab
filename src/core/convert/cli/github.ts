/**
 * `--format github`: the results as GitHub Actions workflow commands, one
 * annotation per finding (`::error file=Dockerfile,line=3,title=GMC101::...`),
 * so a pull request shows each one on its line. The levels are SARIF's
 * (sarif.ts): a refusal is an error, a rule's warning and a change `--check`
 * would make are warnings.
 *
 * Every line printed starts with `::` and a command of ours, or is the
 * totals line, which holds no file name: text from a Dockerfile or a file
 * name can never start a line, so it can never be read as a command
 * (`::add-mask::`, `::stop-commands::`). The runner reads at most 10
 * annotations of each level per step into the pull request's view; the log
 * keeps every line.
 */
import path from 'node:path';
import type { ConversionResult } from '../convert.js';
import type { SkippedPath } from '../io/discovery.js';
import { changeMessage, isUnreadFolder } from './formats.js';
import { batchTotals } from './report.js';

export interface GithubInput {
  /** Each file as the report shows it (relative to the working folder), with what became of it. */
  readonly outcomes: ReadonlyArray<{ readonly file: string; readonly result: ConversionResult }>;
  /** What `--all` did not look into, paths as shown. */
  readonly skipped: readonly SkippedPath[];
  /** --check: a change is one the run would make. */
  readonly check: boolean;
}

type Level = 'error' | 'warning';

/**
 * The runner's own escaping of a command's data (actions/runner
 * ActionCommand.cs): `%` first, so `%0A` in the text stays text.
 */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value also ends at `,` (the next property) and `:` (`::` ends the properties). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** GitHub names files by their path from the repository root, with forward slashes (on Windows too). */
function githubPath(file: string): string {
  return file.split(path.sep).join('/');
}

export function annotation(
  level: Level,
  properties: { file?: string; line?: number; title: string },
  message: string,
): string {
  const parts = [
    ...(properties.file === undefined ? [] : [`file=${escapeProperty(githubPath(properties.file))}`]),
    ...(properties.line === undefined ? [] : [`line=${properties.line}`]),
    `title=${escapeProperty(properties.title)}`,
  ];
  return `::${level} ${parts.join(',')}::${escapeData(message)}`;
}

export function githubAnnotations(input: GithubInput): string {
  const lines: string[] = [];
  for (const { file, result } of input.outcomes) {
    if (result.status === 'error') {
      lines.push(annotation('error', { file, title: result.code ?? 'error' }, result.reason ?? 'failed'));
      continue;
    }
    for (const refusal of result.refusals)
      lines.push(annotation('error', { file, line: refusal.line, title: refusal.code }, refusal.message));
    for (const warning of result.warnings)
      lines.push(annotation('warning', { file, line: warning.line, title: warning.code }, warning.message));
    for (const change of result.changes)
      lines.push(
        annotation('warning', { file, line: change.line, title: change.code }, changeMessage(change)),
      );
  }
  for (const entry of input.skipped) {
    const level = isUnreadFolder(entry) ? 'error' : 'warning';
    lines.push(annotation(level, { file: entry.path, title: `skipped (${entry.code})` }, entry.reason));
  }
  lines.push(
    batchTotals(
      input.outcomes.map((outcome) => outcome.result),
      input.skipped.length,
      input.check,
    ),
  );
  return `${lines.join('\n')}\n`;
}
