/** GMC208 numeric --chown (src/core/convert/rules/numeric-chown.ts): what it catches and what it does not. */
import { describe, expect, it } from '@jest/globals';
import { multiStage, ruleCatches, ruleCatchesNot } from './helpers.js';

describe('GMC208 numeric --chown', () => {
  it('catches COPY --chown with a name', () => {
    const text = multiStage('COPY --chown=nobody:nobody config.yaml /etc/app.yaml', 'CMD ["/app"]');
    const result = ruleCatches('GMC208', text);
    expect(result.output).toContain('COPY --chown=65534:65534 config.yaml /etc/app.yaml\n');
  });

  it('does not catch numeric ownership', () => {
    ruleCatchesNot('GMC208', multiStage('COPY --chown=1000:1000 config.yaml /etc/app.yaml', 'CMD ["/app"]'));
  });
});
