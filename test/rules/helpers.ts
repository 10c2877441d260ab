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

export function convert(text: string, options: Partial<ConvertOptions> = {}): ConversionResult {
  return convertDockerfile(text, { strategy: 'scratch', ...options });
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
