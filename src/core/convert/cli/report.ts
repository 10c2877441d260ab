/** How a conversion is reported: to people, as one line per file in a batch, and as JSON. */
import type { ConversionResult, Finding } from '../convert.js';

export interface JsonReport {
  file: string;
  status: ConversionResult['status'];
  /** Machine-readable: the status, or for an error what went wrong (see core/errors.ts). */
  code: string;
  converted: boolean;
  strategy: ConversionResult['strategy'];
  changes: ConversionResult['changes'];
  warnings: ConversionResult['warnings'];
  /** Every refusal reason with its code; empty unless refused. */
  refusals: ConversionResult['refusals'];
  reason?: string;
  backup?: string;
}

export function jsonReport(file: string, result: ConversionResult, backup?: string): JsonReport {
  return {
    file,
    status: result.status,
    code: result.code ?? result.status,
    converted: result.converted,
    strategy: result.strategy,
    changes: result.changes,
    warnings: result.warnings,
    refusals: result.refusals,
    ...(result.reason === undefined ? {} : { reason: result.reason }),
    ...(backup === undefined ? {} : { backup }),
  };
}

/** C0 and C1 controls, DEL, and the Unicode line and paragraph separators. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * A file name or message as one line of plain text: a newline in a file name
 * (legal on Linux) would split the report's line and could forge another
 * one, and an escape sequence would reach the terminal. Each control
 * character is written as an escape (`\n`, `\x1b`, `\u2028`); a backslash
 * itself is left alone, as paths show it. JSON needs none of this.
 */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, (character) => {
    const named = NAMED[character];
    if (named) return named;
    const code = character.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`;
  });
}

/** The full report for one file. */
export function textReport(
  rawFile: string,
  result: ConversionResult,
  rawBackup?: string,
  check = false,
): string {
  return textReportLines(
    escapeControls(rawFile),
    escaped(result),
    rawBackup && escapeControls(rawBackup),
    check,
  );
}

/** The result with every message escaped for a text report. */
function escaped(result: ConversionResult): ConversionResult {
  const finding = <T extends Finding>(item: T): T => ({ ...item, message: escapeControls(item.message) });
  return {
    ...result,
    ...(result.reason === undefined ? {} : { reason: escapeControls(result.reason) }),
    warnings: result.warnings.map(finding),
    refusals: result.refusals.map(finding),
    changes: result.changes.map((change) => ({
      ...change,
      what: escapeControls(change.what),
      why: escapeControls(change.why),
    })),
  };
}

function textReportLines(file: string, result: ConversionResult, backup?: string, check = false): string {
  if (result.status === 'refused') {
    const lines = [`${file}: not converted: ${result.reason ?? 'refused'}`];
    if (result.refusals.length > 0) lines.push('', 'Reasons:');
    for (const refusal of result.refusals) lines.push(`  - [${refusal.code}] ${refusal.message}`);
    // What holds whatever becomes of the file (GMC007's other stage), after the reasons.
    lines.push(...warningLines(result));
    return `${lines.join('\n')}\n`;
  }
  if (result.status === 'error') return `${file}: error: ${result.reason ?? result.code ?? 'failed'}\n`;
  if (result.status === 'already-minimal')
    return `${[`${file}: already minimal: ${result.reason ?? ''}`, ...warningLines(result)].join('\n')}\n`;
  if (result.status === 'declined') return `${file}: not changed: ${result.reason ?? ''}\n`;
  const lines = check
    ? [`${file}: would be converted to ${result.strategy}`]
    : [`${file}: converted to ${result.strategy}${backup ? ` (original kept as ${backup})` : ''}`];
  lines.push('', 'Changes:');
  for (const change of result.changes)
    lines.push(`  line ${change.line} [${change.code}]: ${change.what}`, `      why: ${change.why}`);
  lines.push(...warningLines(result));
  return `${lines.join('\n')}\n`;
}

/** The report's Warnings section, or nothing when there is none. */
function warningLines(result: ConversionResult): string[] {
  if (result.warnings.length === 0) return [];
  return ['', 'Warnings:', ...result.warnings.map((warning) => `  - ${findingText(warning)}`)];
}

/** `line 19 [GMC206]: message`, or `[GMC105] message` for the file as a whole. */
export function findingText(finding: Finding): string {
  return finding.line === undefined
    ? `[${finding.code}] ${finding.message}`
    : `line ${finding.line} [${finding.code}]: ${finding.message}`;
}

/** One line per file, for batch runs; `preview` (--dry-run, --check): nothing was written, so "change", not "converted". */
export function summaryLine(rawFile: string, rawResult: ConversionResult, preview = false): string {
  const file = escapeControls(rawFile);
  const result = escaped(rawResult);
  if (result.status === 'refused') {
    const more = result.refusals.length - 1;
    const notes = [
      ...(more > 0 ? [`and ${more} more reason${more === 1 ? '' : 's'}`] : []),
      ...(result.warnings.length > 0 ? [plural(result.warnings.length, 'warning')] : []),
    ];
    return `refused    ${file}: ${result.reason ?? ''}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
  }
  if (result.status === 'error') return `error      ${file}: ${result.reason ?? result.code ?? ''}`;
  if (result.status === 'already-minimal')
    return `minimal    ${file}${result.warnings.length > 0 ? ` (${plural(result.warnings.length, 'warning')})` : ''}`;
  if (result.status === 'declined') return `declined   ${file}`;
  const warnings = result.warnings.length;
  return `${preview ? 'change    ' : 'converted '} ${file} (${result.changes.length} changes${warnings > 0 ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : ''})`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** A path `--all` did not look into, for the batch summary. */
export function skippedLine(file: string, reason: string): string {
  return `skipped    ${escapeControls(file)}: ${escapeControls(reason)}`;
}

/** The batch's last line: how many of each; `preview` as for summaryLine. */
export function batchTotals(results: readonly ConversionResult[], skipped: number, preview = false): string {
  const count = (status: ConversionResult['status']) => results.filter((r) => r.status === status).length;
  const parts = [
    `${count('converted')} ${preview ? 'would change' : 'converted'}`,
    `${count('already-minimal')} already minimal`,
    `${count('refused')} refused`,
    `${count('error')} failed`,
  ];
  if (count('declined') > 0) parts.push(`${count('declined')} declined`);
  if (skipped > 0) parts.push(`${skipped} skipped`);
  return `${results.length} Dockerfile${results.length === 1 ? '' : 's'}: ${parts.join(', ')}`;
}
