/** GMC002 no FROM (src/core/convert/rules/no-from.ts): what it catches and what it does not. */
import { describe, expect, it } from '@jest/globals';
import { dockerfile, multiStage, ruleCatches, ruleCatchesNot } from './helpers.js';

describe('GMC002 no FROM', () => {
  it('catches a file with no FROM, and reports nothing else', () => {
    const result = ruleCatches('GMC002', dockerfile('# just a build', 'RUN go build -o /app .'));
    expect(result.refusals).toEqual([
      {
        code: 'GMC002',
        message: 'there is no FROM instruction: this is not a Dockerfile the converter can read',
      },
    ]);
  });

  it('does not catch a file with a FROM', () => {
    ruleCatchesNot('GMC002', multiStage('CMD ["/app"]'));
  });
});
