/** GMC003 no Go build (src/core/convert/rules/no-go-build.ts): what it catches and what it does not. */
import { describe, expect, it } from '@jest/globals';
import { dockerfile, multiStage, ruleCatches, ruleCatchesNot } from './helpers.js';

describe('GMC003 no Go build', () => {
  it('catches a Dockerfile that builds no Go program', () => {
    const result = ruleCatches(
      'GMC003',
      dockerfile('FROM node:20', 'RUN npm ci', 'CMD ["node", "index.js"]'),
    );
    expect(result.reason).toMatch(/^no Go build found/);
  });

  it('does not catch go build, go install or go run', () => {
    ruleCatchesNot('GMC003', multiStage('CMD ["/app"]'));
    ruleCatchesNot(
      'GMC003',
      dockerfile('FROM golang:1.22', 'RUN go install example.com/x@latest', 'CMD ["x"]'),
    );
    ruleCatchesNot('GMC003', dockerfile('FROM golang:1.22', 'CMD go run .'));
  });
});
