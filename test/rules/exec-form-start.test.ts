/** GMC207 exec form (src/core/convert/rules/exec-form-start.ts): what it catches and what it does not. */
import { describe, expect, it } from '@jest/globals';
import { dockerfile, multiStage, ruleCatches, ruleCatchesNot } from './helpers.js';

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

  it('keeps an exec-form array byte for byte, replacing only a relative program', () => {
    const result = ruleCatches(
      'GMC207',
      multiStage('ENTRYPOINT ["app",  "hello world", "\\u0041", "say \\"hi\\"", "C:\\\\data"]'),
    );
    expect(result.output).toContain(
      'ENTRYPOINT ["/app",  "hello world", "\\u0041", "say \\"hi\\"", "C:\\\\data"]\n',
    );
    expect(result.changes).toContainEqual({
      code: 'GMC207',
      line: 6,
      what: 'ENTRYPOINT became ["/app", "hello world", "A", "say \\"hi\\"", "C:\\\\data"]',
      why: 'exec form with an absolute path: scratch has no shell to run the shell form or search the PATH',
    });
  });

  it('never expands $VAR inside exec form: kept as written, with a warning', () => {
    const result = ruleCatches('GMC207', multiStage('ENV DB=x', 'CMD ["/app", "--db", "$DB"]'));
    expect(result.output).toContain('CMD ["/app", "--db", "$DB"]\n');
    expect(result.warnings).toEqual([
      {
        code: 'GMC207',
        line: 7,
        message:
          '$DB stays as written: exec form does not expand variables, so the program receives it literally, as it did before',
      },
    ]);
  });

  it('resolves ${VAR:-default} of the shell form, and refuses a variable it cannot resolve', () => {
    expect(ruleCatches('GMC207', multiStage('CMD /app --port ${PORT:-8080}')).output).toContain(
      'CMD ["/app", "--port", "8080"]\n',
    );
    expect(ruleCatches('GMC207', multiStage('CMD /app --db $DATABASE_URL')).refusals).toEqual([
      {
        code: 'GMC207',
        line: 6,
        message:
          'line 6 uses $DATABASE_URL, which has no default in this Dockerfile; exec form does not expand variables, ' +
          'so it would reach the program literally: give it an ENV default, write the value, or have the program read the variable itself',
      },
    ]);
  });

  it("resolves WORKDIR $GOPATH with the golang image's own GOPATH=/go", () => {
    const result = ruleCatches(
      'GMC207',
      dockerfile(
        'FROM golang:1.22',
        'WORKDIR $GOPATH/src/github.com/acme/hello',
        'RUN go build -o hello .',
        'CMD ["./hello"]',
      ),
    );
    expect(result.output).toContain('CMD ["/go/src/github.com/acme/hello/hello"]\n');
    expect(result.output).toContain(
      'COPY --from=build /go/src/github.com/acme/hello/hello /go/src/github.com/acme/hello/hello\n',
    );
  });

  it('refuses a program whose variable cannot be resolved', () => {
    expect(ruleCatches('GMC207', multiStage('WORKDIR $APP_HOME', 'CMD ["./app"]')).reason).toBe(
      'line 7 starts /$APP_HOME/app, whose variable cannot be resolved from this Dockerfile; exec form does not expand it',
    );
  });

  it('does not catch an exec-form command with an absolute path', () => {
    ruleCatchesNot('GMC207', multiStage('CMD ["/app", "--verbose"]'));
  });
});
