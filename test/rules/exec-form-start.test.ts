/** GMC207 exec form (src/core/convert/rules/exec-form-start.ts): what it catches and what it does not. */
import { describe, expect, it } from '@jest/globals';
import { multiStage, ruleCatches, ruleCatchesNot } from './helpers.js';

describe('GMC207 exec form', () => {
  it('catches a shell-form command: exec form, absolute path, variables resolved with a warning', () => {
    const result = ruleCatches('GMC207', multiStage('ENV PORT=8080', 'ENTRYPOINT app --port $PORT'));
    expect(result.output).toContain('ENTRYPOINT ["/app", "--port", "8080"]');
    expect(result.warnings).toContainEqual(
      expect.objectContaining({
        code: 'GMC207',
        line: 7,
        message: expect.stringMatching(/^\$PORT was resolved to "8080"/),
      }),
    );
  });

  it('refuses an entrypoint script and a command that needs a shell', () => {
    expect(ruleCatches('GMC207', multiStage('ENTRYPOINT ["/docker-entrypoint.sh"]')).reason).toBe(
      'line 6 starts the container with the script /docker-entrypoint.sh, which needs a shell; scratch has none',
    );
    expect(ruleCatches('GMC207', multiStage('CMD /app && echo done')).reason).toBe(
      'line 6 needs a shell to run (several commands); scratch has none',
    );
  });

  it('does not catch an exec-form command with an absolute path', () => {
    ruleCatchesNot('GMC207', multiStage('CMD ["/app", "--verbose"]'));
  });
});
