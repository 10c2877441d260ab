/** GMC206 HEALTHCHECK (src/core/convert/rules/healthcheck.ts): what it catches and what it does not. */
import { describe, expect, it } from '@jest/globals';
import { dockerfile, multiStage, ruleCatches, ruleCatchesNot } from './helpers.js';

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

describe('GMC206 HEALTHCHECK: the whole report', () => {
  it('drops a wget check, suggesting the binary it ships', () => {
    const result = ruleCatches(
      'GMC206',
      multiStage('HEALTHCHECK CMD wget -q -O- http://localhost/', 'CMD ["/app"]'),
    );
    expect(result.warnings).toEqual([
      {
        code: 'GMC206',
        line: 6,
        message:
          'HEALTHCHECK dropped: it runs wget, which scratch does not have. Give the binary its own probe (for example a -health flag that GETs /healthz) and use HEALTHCHECK CMD ["/app", "-health"]',
      },
    ]);
    expect(result.changes).toContainEqual({
      code: 'GMC206',
      line: 6,
      what: 'removed HEALTHCHECK',
      why: 'it needs wget, and the image has no shell or tools',
    });
  });

  it('writes a shell-form check of its own binary in exec form, options kept', () => {
    const result = ruleCatches(
      'GMC206',
      multiStage('HEALTHCHECK --interval=5s CMD app -health', 'CMD ["/app"]'),
    );
    expect(result.output).toContain('\nHEALTHCHECK --interval=5s CMD ["/app", "-health"]\n');
    expect(result.changes).toContainEqual({
      code: 'GMC206',
      line: 6,
      what: 'HEALTHCHECK CMD in exec form',
      why: 'the shell form runs /bin/sh -c, and scratch has no shell',
    });
  });

  it('refuses a check it cannot write in exec form', () => {
    expect(
      ruleCatches('GMC206', multiStage('HEALTHCHECK CMD /app -probe $PROBE_URL', 'CMD ["/app"]')).refusals,
    ).toEqual([
      {
        code: 'GMC206',
        line: 6,
        message:
          'line 6 uses $PROBE_URL, which has no default in this Dockerfile; exec form does not expand variables, ' +
          'so it would reach the program literally: give it an ENV default, write the value, or have the program read the variable itself',
      },
    ]);
  });
});

describe('GMC206 HEALTHCHECK: NONE, several tools, another binary', () => {
  it('keeps HEALTHCHECK NONE as it is', () => {
    expect(ruleCatchesNot('GMC206', multiStage('HEALTHCHECK NONE', 'CMD ["/app"]')).output).toContain(
      '\nHEALTHCHECK NONE\n',
    );
  });

  it('names every tool the check runs, and suggests the binary the image ships', () => {
    const result = ruleCatches(
      'GMC206',
      multiStage(
        'HEALTHCHECK CMD curl -f http://localhost/ || wget -q http://localhost/',
        'CMD ["/usr/local/bin/server"]',
      ).replace('COPY --from=build /out/app /app', 'COPY --from=build /out/app /usr/local/bin/server'),
    );
    expect(result.warnings).toContainEqual({
      code: 'GMC206',
      line: 6,
      message:
        'HEALTHCHECK dropped: it runs curl, wget, which scratch does not have. Give the binary its own probe (for example a -health flag that GETs /healthz) and use HEALTHCHECK CMD ["/usr/local/bin/server", "-health"]',
    });
    expect(result.changes).toContainEqual({
      code: 'GMC206',
      line: 6,
      what: 'removed HEALTHCHECK',
      why: 'it needs curl, wget, and the image has no shell or tools',
    });
  });

  it('suggests the program the container starts, not a folder the runtime copies whole', () => {
    const result = ruleCatches(
      'GMC206',
      dockerfile(
        'FROM golang:1.22 AS build',
        'RUN mkdir -p /target/app && CGO_ENABLED=0 go build -o /target/app/pushd .',
        'FROM debian:12-slim',
        'WORKDIR /app',
        'HEALTHCHECK CMD curl --fail http://localhost:8080/health || exit 1',
        'COPY --from=build /target /',
        'ENTRYPOINT ["./pushd"]',
      ),
    );
    expect(result.warnings.find((warning) => warning.code === 'GMC206')?.message).toMatch(
      /use HEALTHCHECK CMD \["\/app\/pushd", "-health"\]$/,
    );
  });
});

describe('GMC206 HEALTHCHECK: the binary the hint names', () => {
  const hint = (text: string) =>
    ruleCatches('GMC206', text).warnings.find((warning) => warning.code === 'GMC206')?.message ?? '';

  it('reads past a file the runtime copies that no go build made (the CA bundle)', () => {
    expect(
      hint(
        multiStage(
          'COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/',
          'HEALTHCHECK CMD curl -f http://localhost/',
          'CMD ["/app"]',
        ),
      ),
    ).toMatch(/use HEALTHCHECK CMD \["\/app", "-health"\]$/);
  });

  it('names the first binary the image ships when nothing starts one', () => {
    expect(hint(multiStage('HEALTHCHECK CMD wget -q http://localhost/'))).toMatch(
      /use HEALTHCHECK CMD \["\/app", "-health"\]$/,
    );
    expect(
      hint(
        multiStage('HEALTHCHECK CMD wget -q http://localhost/').replace(
          '/out/app /app',
          '/out/app /usr/local/bin/api',
        ),
      ),
    ).toMatch(/use HEALTHCHECK CMD \["\/usr\/local\/bin\/api", "-health"\]$/);
  });
});

describe('GMC206 HEALTHCHECK: Stryker survivors', () => {
  it('writes a shell-form check with no options in exec form', () => {
    const result = ruleCatches('GMC206', multiStage('HEALTHCHECK CMD app -health', 'CMD ["/app"]'));
    expect(result.output).toContain('\nHEALTHCHECK CMD ["/app", "-health"]\n');
  });

  it('a check that needs a shell is a reason scratch is impossible: before what the converter could not see', () => {
    const result = ruleCatches(
      'GMC206',
      dockerfile(
        'FROM golang:1.22 AS build',
        'RUN go get -u github.com/lib/pq',
        'WORKDIR /src',
        'COPY . .',
        'RUN go build -o /app .',
        'FROM alpine:3.19',
        'COPY --from=build /app /app',
        'HEALTHCHECK CMD /app -health | grep ok',
        'CMD ["/app"]',
      ),
      { modulePath: 'example.com/app' },
    );
    expect(result.refusals).toEqual([
      {
        code: 'GMC206',
        line: 8,
        message: 'line 8 needs a shell to run (several commands); scratch has none',
      },
      {
        code: 'GMC107',
        line: 2,
        message:
          'line 2 runs go get github.com/lib/pq outside any module, which current Go refuses ("go get is no longer supported outside a module"): to install a command, use go install github.com/lib/pq@<version>; for a dependency, list it in go.mod',
      },
    ]);
  });
});
