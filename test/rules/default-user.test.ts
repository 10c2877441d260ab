/** GMC205 default USER (src/core/convert/rules/default-user.ts): what it catches and what it does not. */
import { describe, expect, it } from '@jest/globals';
import { multiStage, ruleCatches, ruleCatchesNot } from './helpers.js';

describe('GMC205 default USER', () => {
  it('catches an image with no USER, and warns about a low port', () => {
    const result = ruleCatches('GMC205', multiStage('EXPOSE 80', 'CMD ["/app"]'));
    expect(result.output).toContain('USER 65532:65532\nCMD ["/app"]');
    expect(result.warnings).toContainEqual(
      expect.objectContaining({ code: 'GMC205', message: expect.stringMatching(/^port 80 is below 1024/) }),
    );
  });

  it('does not catch an image with a USER', () => {
    ruleCatchesNot('GMC205', multiStage('USER 1000', 'CMD ["/app"]'));
  });
});
