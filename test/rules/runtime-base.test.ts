/** GMC201 runtime base (src/core/convert/rules/runtime-base.ts): what it catches and what it does not. */
import { describe, expect, it } from '@jest/globals';
import { dockerfile, ruleCatches, ruleCatchesNot } from './helpers.js';

describe('GMC201 runtime base', () => {
  it('catches an alpine runtime and replaces it, keeping the stage name', () => {
    const text = dockerfile(
      'FROM golang:1.22 AS build',
      'RUN go build -o /app .',
      'FROM alpine:3.19 AS run',
      'COPY --from=build /app /app',
      'CMD ["/app"]',
    );
    const result = ruleCatches('GMC201', text);
    expect(result.output).toContain('FROM scratch AS run\n');
    expect(result.changes).toContainEqual(
      expect.objectContaining({
        code: 'GMC201',
        line: 3,
        what: 'replaced FROM alpine:3.19 with FROM scratch',
      }),
    );
  });

  it('refuses a runtime it does not know how to replace', () => {
    const text = dockerfile(
      'FROM golang:1.22 AS build',
      'RUN go build -o /app .',
      'FROM node:20-slim',
      'COPY --from=build /app /app',
    );
    expect(ruleCatches('GMC201', text).reason).toMatch(/^the runtime stage is based on node:20-slim/);
  });

  it('does not catch a single-stage build', () => {
    ruleCatchesNot('GMC201', dockerfile('FROM golang:1.22', 'RUN go build -o /app .', 'CMD ["/app"]'));
  });
});
