/**
 * hadolint-style helpers for the rule specs: convert a small inline
 * Dockerfile and look at the codes the conversion reported.
 */
import { expect } from '@jest/globals';
import {
  convertDockerfile,
  type ConversionResult,
  type ConvertOptions,
} from '../../src/core/convert/convert.js';

export function dockerfile(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

/** A Go build stage and an alpine runtime that copies its binary, followed by `runtime`. */
export function multiStage(...runtime: string[]): string {
  return dockerfile(
    'FROM golang:1.22-alpine AS build',
    'WORKDIR /src',
    'RUN go build -o /out/app .',
    'FROM alpine:3.19',
    'COPY --from=build /out/app /app',
    ...runtime,
  );
}

/**
 * Converts `text`, and fails when a finding names a line the file does not
 * have (line 0 or below, past the end, not a whole number), as hadolint's
 * spec helper does: a finding on the wrong line points the user nowhere.
 */
export function convert(text: string, options: Partial<ConvertOptions> = {}): ConversionResult {
  const result = convertDockerfile(text, { strategy: 'scratch', ...options });
  expect(misplacedFindings(text, result)).toEqual([]);
  return result;
}

/** The findings whose line is not one of the file's lines, for the check above. */
export function misplacedFindings(text: string, result: ConversionResult): string[] {
  const parts = text.split(/\r\n|\n|\r/);
  // A final newline ends the last line; it starts none.
  const lines = parts.at(-1) === '' ? parts.length - 1 : parts.length;
  return [...result.changes, ...result.warnings, ...result.refusals]
    .filter(({ line }) => line !== undefined && !(Number.isInteger(line) && line >= 1 && line <= lines))
    .map((finding) => `${finding.code} on line ${String(finding.line)} of ${lines}`);
}

/** Every code in the result: changes, warnings and refusals. */
export function codesOf(result: ConversionResult): string[] {
  return [...result.changes, ...result.warnings, ...result.refusals].map((entry) => entry.code);
}

export function ruleCatches(
  code: string,
  text: string,
  options: Partial<ConvertOptions> = {},
): ConversionResult {
  const result = convert(text, options);
  expect(codesOf(result)).toContain(code);
  return result;
}

export function ruleCatchesNot(
  code: string,
  text: string,
  options: Partial<ConvertOptions> = {},
): ConversionResult {
  const result = convert(text, options);
  expect(codesOf(result)).not.toContain(code);
  return result;
}
