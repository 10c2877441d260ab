/** GMC004 already minimal (src/core/convert/rules/already-minimal.ts): what it catches and what it does not. */
import { describe, expect, it } from '@jest/globals';
import { collectFacts } from '../../src/core/convert/collect-facts.js';
import { alreadyMinimalRule } from '../../src/core/convert/rules/already-minimal.js';
import { convert, dockerfile, multiStage } from './helpers.js';

describe('GMC004 already minimal', () => {
  const minimal = dockerfile(
    'FROM golang:1.22 AS build',
    'RUN CGO_ENABLED=0 go build -o /app .',
    'FROM gcr.io/distroless/static-debian12:nonroot',
    'COPY --from=build /app /app',
  );

  it('catches a final stage on distroless static or scratch', () => {
    expect(alreadyMinimalRule.check(collectFacts(minimal, { strategy: 'scratch' }))).toEqual({
      kind: 'already-minimal',
      reason: 'the image already ships gcr.io/distroless/static-debian12:nonroot: nothing to convert',
    });
    expect(convert(minimal)).toMatchObject({ status: 'already-minimal', changes: [], refusals: [] });
  });

  it('does not catch an alpine runtime', () => {
    expect(alreadyMinimalRule.check(collectFacts(multiStage('CMD ["/app"]'), { strategy: 'scratch' }))).toBe(
      undefined,
    );
  });
});
