/** GMC103 tzdata (src/core/convert/rules/tzdata.ts): what it catches and what it does not. */
import { describe, expect, it } from '@jest/globals';
import { dockerfile, multiStage, ruleCatches, ruleCatchesNot } from './helpers.js';

describe('GMC103 tzdata', () => {
  it('catches tzdata installed in the runtime, merging with existing -tags', () => {
    const text = dockerfile(
      'FROM golang:1.22 AS build',
      'RUN go build -tags=netgo -o /app .',
      'FROM alpine',
      'RUN apk add --no-cache tzdata',
      'COPY --from=build /app /app',
    );
    const result = ruleCatches('GMC103', text);
    expect(result.output).toContain('go build -tags=netgo,timetzdata -o /app .');
    expect(result.changes.filter((change) => change.code === 'GMC103')).toEqual([
      expect.objectContaining({ line: 2, what: 'added -tags timetzdata' }),
    ]);
  });

  it('does not catch a runtime without tzdata', () => {
    ruleCatchesNot('GMC103', multiStage('RUN apk add --no-cache ca-certificates', 'CMD ["/app"]'));
  });
});
