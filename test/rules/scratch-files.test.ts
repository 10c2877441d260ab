/** GMC209 scratch files (src/core/convert/rules/scratch-files.ts): what it catches and what it does not. */
import { describe, expect, it } from '@jest/globals';
import { multiStage, ruleCatches, ruleCatchesNot } from './helpers.js';

describe('GMC209 scratch files', () => {
  it('catches a scratch target: stages /tmp and the folders the runtime made, copies the CA bundle', () => {
    const result = ruleCatches('GMC209', multiStage('RUN mkdir -p /data && chmod 700 /data', 'CMD ["/app"]'));
    expect(result.output).toContain(
      'RUN mkdir -p /rootfs/tmp \\\n && chmod 1777 /rootfs/tmp \\\n && mkdir -p /rootfs/data \\\n && chmod 700 /rootfs/data\n',
    );
    expect(result.output).toContain('FROM scratch\nCOPY --from=build /rootfs/ /\n');
  });

  it('refuses folders made with RUN when the target is distroless', () => {
    const result = ruleCatches('GMC209', multiStage('RUN mkdir /data', 'CMD ["/app"]'), {
      strategy: 'distroless',
    });
    expect(result.reason).toBe(
      'the runtime creates /data with RUN; use --strategy scratch, which stages them from the builder',
    );
  });

  it('does not catch a distroless target, which has those files', () => {
    ruleCatchesNot('GMC209', multiStage('CMD ["/app"]'), { strategy: 'distroless' });
  });
});
