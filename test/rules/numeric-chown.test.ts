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

describe('GMC208 numeric --chown: which values are names', () => {
  const chown = (value: string) =>
    multiStage('RUN adduser -D -u 10001 app', `COPY --chown=${value} config.yml /etc/app/`, 'CMD ["/app"]');

  it('numbers the user and the group named, and says why', () => {
    expect(ruleCatches('GMC208', chown('app:app')).changes).toContainEqual({
      code: 'GMC208',
      line: 7,
      what: '--chown=app:app became --chown=10001:10001',
      why: 'without a shell image the names are only known to the converter',
    });
    expect(ruleCatches('GMC208', chown('app:1000')).output).toContain('COPY --chown=10001:1000 config.yml');
    expect(ruleCatches('GMC208', chown('1000:app')).output).toContain('COPY --chown=1000:10001 config.yml');
  });

  it('leaves numbers alone', () => {
    ruleCatchesNot('GMC208', chown('1000'));
    ruleCatchesNot('GMC208', chown('1000:2000'));
  });
});

describe('GMC208 numeric --chown: ADD too', () => {
  it('numbers the --chown of an ADD', () => {
    expect(
      ruleCatches(
        'GMC208',
        multiStage('RUN adduser -D -u 10001 app', 'ADD --chown=app config.tar /etc/app/', 'CMD ["/app"]'),
      ).output,
    ).toContain('\nADD --chown=10001:10001 config.tar /etc/app/\n');
  });
});
