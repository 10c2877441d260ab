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

describe('GMC205 default USER: where the line goes', () => {
  it('goes above the comment lines written over the CMD, which belong to the CMD', () => {
    const result = ruleCatches('GMC205', multiStage('# start the server', '# on 8080', 'CMD ["/app"]'));
    expect(result.output).toContain('USER 65532:65532\n# start the server\n# on 8080\nCMD ["/app"]\n');
  });

  it('stays below a comment that a blank line separates from the CMD', () => {
    const result = ruleCatches('GMC205', multiStage('# the binary', '', 'CMD ["/app"]'));
    expect(result.output).toContain('# the binary\n\nUSER 65532:65532\nCMD ["/app"]\n');
  });
});
