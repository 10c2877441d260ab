/** GMC206 HEALTHCHECK (src/core/convert/rules/healthcheck.ts): what it catches and what it does not. */
import { describe, expect, it } from '@jest/globals';
import { multiStage, ruleCatches, ruleCatchesNot } from './helpers.js';

describe('GMC206 HEALTHCHECK', () => {
  it('catches a curl check: dropped, with a warning that suggests the binary', () => {
    const result = ruleCatches(
      'GMC206',
      multiStage('HEALTHCHECK CMD curl -f http://localhost/ || exit 1', 'CMD ["/app"]'),
    );
    expect(result.output).not.toContain('HEALTHCHECK');
    expect(result.warnings).toContainEqual({
      code: 'GMC206',
      line: 6,
      message: expect.stringMatching(
        /^HEALTHCHECK dropped: it runs curl.*HEALTHCHECK CMD \["\/app", "-health"\]$/,
      ),
    });
  });

  it('catches a shell-form check of the binary: exec form', () => {
    const result = ruleCatches(
      'GMC206',
      multiStage('HEALTHCHECK --interval=5s CMD app -health', 'CMD ["/app"]'),
    );
    expect(result.output).toContain('HEALTHCHECK --interval=5s CMD ["/app", "-health"]');
  });

  it('does not catch HEALTHCHECK NONE or an exec-form check', () => {
    ruleCatchesNot('GMC206', multiStage('HEALTHCHECK NONE', 'CMD ["/app"]'));
    ruleCatchesNot('GMC206', multiStage('HEALTHCHECK CMD ["/app", "-health"]', 'CMD ["/app"]'));
  });
});
