/**
 * formats (src/core/convert/cli/formats.ts): which report `--format` and
 * `--json` ask for, and what each format needs of the run. Every message is
 * written out.
 */
import { describe, expect, it } from '@jest/globals';
import {
  changeMessage,
  checkFormatFits,
  formatUsageErrors,
  isUnreadFolder,
  reportFormat,
  REPORT_FORMATS,
} from '../src/core/convert/cli/formats.js';
import { ToolError } from '../src/core/errors.js';

function usageError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ToolError);
    expect((error as ToolError).code).toBe('usage');
    expect((error as ToolError).exitStatus).toBe(2);
    return (error as ToolError).message;
  }
  throw new Error('no usage error');
}

describe('reportFormat', () => {
  it('is text by default, and each named format when asked', () => {
    expect(REPORT_FORMATS).toEqual(['text', 'json', 'sarif', 'github']);
    expect(reportFormat({})).toBe('text');
    expect(reportFormat({ format: 'text' })).toBe('text');
    expect(reportFormat({ format: 'json' })).toBe('json');
    expect(reportFormat({ format: 'sarif' })).toBe('sarif');
    expect(reportFormat({ format: 'github' })).toBe('github');
  });

  it('--json is --format json, alone or with a --format that agrees', () => {
    expect(reportFormat({ json: true })).toBe('json');
    expect(reportFormat({ json: 'true' })).toBe('json');
    expect(reportFormat({ json: true, format: 'json' })).toBe('json');
    expect(reportFormat({ json: false })).toBe('text');
    expect(reportFormat({ json: false, format: 'sarif' })).toBe('sarif');
  });

  it('a value not in the list names the valid ones', () => {
    expect(usageError(() => reportFormat({ format: 'xml' }))).toBe(
      '--format: must be one of: text, json, sarif, github (got "xml")',
    );
    expect(usageError(() => reportFormat({ format: 'SARIF' }))).toBe(
      '--format: must be one of: text, json, sarif, github (got "SARIF")',
    );
    expect(usageError(() => reportFormat({ format: '' }))).toBe(
      '--format: must be one of: text, json, sarif, github (got "")',
    );
  });

  it('--json with a --format that says otherwise is a usage error', () => {
    expect(usageError(() => reportFormat({ json: true, format: 'sarif' }))).toBe(
      '--json means --format json, which disagrees with --format sarif: give one of them',
    );
    expect(usageError(() => reportFormat({ json: true, format: 'text' }))).toBe(
      '--json means --format json, which disagrees with --format text: give one of them',
    );
    expect(usageError(() => reportFormat({ json: false, format: 'json' }))).toBe(
      '--json=false disagrees with --format json: give one of them',
    );
  });
});

describe('checkFormatFits', () => {
  const writes = { writesNothing: false, asksNothing: false };
  const yes = { writesNothing: false, asksNothing: true };
  const check = { writesNothing: true, asksNothing: false };

  it('text fits any run; json any run that asks nothing', () => {
    expect(() => checkFormatFits('text', writes)).not.toThrow();
    expect(() => checkFormatFits('json', yes)).not.toThrow();
    expect(() => checkFormatFits('json', check)).not.toThrow();
    expect(usageError(() => checkFormatFits('json', writes, '--json'))).toBe(
      '--json asks nothing, so it needs --yes, --force, --dry-run or --check: a question would mix with the JSON on stdout',
    );
    expect(usageError(() => checkFormatFits('json', writes))).toBe(
      '--format json asks nothing, so it needs --yes, --force, --dry-run or --check: a question would mix with the JSON on stdout',
    );
  });

  it('sarif and github point at lines of the file on disk: only a run that writes nothing', () => {
    expect(() => checkFormatFits('sarif', check)).not.toThrow();
    expect(() => checkFormatFits('github', check)).not.toThrow();
    expect(usageError(() => checkFormatFits('sarif', yes))).toBe(
      '--format sarif reports findings at lines of the file as it is, so it needs --check or --dry-run (which write nothing)',
    );
    expect(usageError(() => checkFormatFits('github', writes))).toBe(
      '--format github reports findings at lines of the file as it is, so it needs --check or --dry-run (which write nothing)',
    );
  });
});

describe('what the machine formats share', () => {
  it('a change reads as what convert would do on that line, and why', () => {
    expect(changeMessage({ code: 'GMC102', line: 4, what: 'set CGO_ENABLED=0', why: 'static' })).toBe(
      'convert would change this line: set CGO_ENABLED=0. Why: static',
    );
  });

  it('a folder that could not be read fails the run; a link not followed does not', () => {
    expect(isUnreadFolder({ path: 'x', code: 'permission-denied', reason: '' })).toBe(true);
    expect(isUnreadFolder({ path: 'x', code: 'io', reason: '' })).toBe(true);
    expect(isUnreadFolder({ path: 'x', code: 'symlink', reason: '' })).toBe(false);
    expect(isUnreadFolder({ path: 'x', code: 'symlink-loop', reason: '' })).toBe(false);
  });
});

describe('formatUsageErrors (the bin, before Yeoman loads)', () => {
  it('names a bad --format or a --json that disagrees, and nothing else', () => {
    expect(formatUsageErrors({})).toEqual([]);
    expect(formatUsageErrors({ format: 'sarif', check: true })).toEqual([]);
    // Whether a format fits the run is the generator's check, after --strategy's.
    expect(formatUsageErrors({ format: 'sarif' })).toEqual([]);
    expect(formatUsageErrors({ format: 'xml' })).toEqual([
      '--format: must be one of: text, json, sarif, github (got "xml")',
    ]);
    expect(formatUsageErrors({ format: 'github', json: true })).toEqual([
      '--json means --format json, which disagrees with --format github: give one of them',
    ]);
  });
});
