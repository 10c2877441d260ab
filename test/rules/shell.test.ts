/** GMC203 SHELL (src/core/convert/rules/shell.ts): what it catches and what it does not. */
import { describe, expect, it } from '@jest/globals';
import { dockerfile, multiStage, ruleCatches, ruleCatchesNot } from './helpers.js';

describe('GMC203 SHELL', () => {
  it('catches SHELL in the runtime stage', () => {
    const result = ruleCatches('GMC203', multiStage('SHELL ["/bin/ash", "-c"]', 'CMD ["/app"]'));
    expect(result.warnings).toContainEqual({
      code: 'GMC203',
      line: 6,
      message: 'SHELL dropped: the new image has no shell',
    });
    expect(result.output).not.toContain('SHELL');
  });

  it('does not catch SHELL in a build stage', () => {
    const text = dockerfile(
      'FROM golang:1.22 AS build',
      'SHELL ["/bin/bash", "-c"]',
      'RUN go build -o /app .',
      'FROM alpine',
      'COPY --from=build /app /app',
    );
    ruleCatchesNot('GMC203', text);
  });
});

describe('GMC203 SHELL: the report', () => {
  it('says why SHELL goes', () => {
    expect(
      ruleCatches('GMC203', multiStage('SHELL ["/bin/bash", "-c"]', 'CMD ["/app"]')).changes,
    ).toContainEqual({
      code: 'GMC203',
      line: 6,
      what: 'removed SHELL',
      why: 'the new image has no shell',
    });
  });
});
