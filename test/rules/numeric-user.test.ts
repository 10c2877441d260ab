/** GMC204 numeric USER (src/core/convert/rules/numeric-user.ts): what it catches and what it does not. */
import { describe, expect, it } from '@jest/globals';
import { multiStage, ruleCatches, ruleCatchesNot } from './helpers.js';

describe('GMC204 numeric USER', () => {
  it('catches a named USER, with its passwd entry', () => {
    const result = ruleCatches(
      'GMC204',
      multiStage('RUN adduser -D -u 10001 app', 'USER app', 'CMD ["/app"]'),
    );
    expect(result.changes).toContainEqual(
      expect.objectContaining({ code: 'GMC204', line: 7, what: 'USER app became USER 10001:10001' }),
    );
    expect(result.output).toContain("'app:x:10001:10001:app:/nonexistent:/sbin/nologin' >/rootfs/etc/passwd");
  });

  it('warns when the user is root', () => {
    const result = ruleCatches('GMC204', multiStage('USER root', 'CMD ["/app"]'));
    expect(result.warnings).toContainEqual({
      code: 'GMC204',
      line: 6,
      message: 'the image runs as root; consider a non-root user',
    });
  });

  it('does not catch a numeric USER in place', () => {
    ruleCatchesNot('GMC204', multiStage('USER 1000:1000', 'CMD ["/app"]'));
  });
});
