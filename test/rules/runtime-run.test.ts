/** GMC202 runtime RUN (src/core/convert/rules/runtime-run.ts): what it catches and what it does not. */
import { describe, expect, it } from '@jest/globals';
import { multiStage, ruleCatches, ruleCatchesNot } from './helpers.js';

describe('GMC202 runtime RUN', () => {
  it('catches a RUN whose effect the new image provides, and removes it', () => {
    const result = ruleCatches(
      'GMC202',
      multiStage('RUN apk add --no-cache ca-certificates && rm -rf /var/cache/apk/*', 'CMD ["/app"]'),
    );
    expect(result.changes).toContainEqual(
      expect.objectContaining({ code: 'GMC202', line: 6, what: 'removed RUN (ca-certificates)' }),
    );
    expect(result.output).not.toContain('apk');
  });

  it('refuses each runtime package and each step it cannot reproduce', () => {
    const result = ruleCatches(
      'GMC202',
      multiStage('RUN apk add --no-cache ffmpeg git', 'RUN sed -i s/a/b/ /etc/x', 'CMD ["/app"]'),
    );
    expect(result.refusals.map((refusal) => refusal.message)).toEqual([
      'line 6 installs ffmpeg into the runtime image; runtime packages have no equivalent in scratch (keep an alpine or debian runtime, or drop the dependency)',
      'line 6 installs git into the runtime image; runtime packages have no equivalent in scratch (keep an alpine or debian runtime, or drop the dependency)',
      'line 7 runs "sed -i s/a/b/ /etc/x" in the runtime image; scratch has no shell to run it and the converter cannot reproduce its effect',
    ]);
  });

  it('does not catch a runtime without RUN', () => {
    ruleCatchesNot('GMC202', multiStage('CMD ["/app"]'));
  });
});
