/** GMC102 static build (src/core/convert/rules/static-build.ts): what it catches and what it does not. */
import { describe, expect, it } from '@jest/globals';
import { dockerfile, multiStage, ruleCatches, ruleCatchesNot } from './helpers.js';

describe('GMC102 static build', () => {
  it('catches a go build without CGO_ENABLED=0 GOOS=linux', () => {
    const result = ruleCatches('GMC102', multiStage('CMD ["/app"]'));
    expect(result.changes).toContainEqual({
      code: 'GMC102',
      line: 3,
      what: 'set CGO_ENABLED=0 GOOS=linux on go build',
      why: 'a scratch image has no C library: the binary must be static, whatever the builder image defaults to',
    });
    expect(result.output).toContain('RUN CGO_ENABLED=0 GOOS=linux go build -o /out/app .\n');
  });

  it('refuses go in exec form, which cannot set an environment', () => {
    const text = dockerfile(
      'FROM golang:1.22 AS build',
      'RUN ["go", "build", "-o", "/app", "."]',
      'FROM alpine',
      'COPY --from=build /app /app',
    );
    expect(ruleCatches('GMC102', text).refusals).toEqual([
      {
        code: 'GMC102',
        line: 2,
        message: 'line 2 runs go in exec form, which cannot set its environment: use the shell form',
      },
    ]);
  });

  it('does not catch a build that already sets both', () => {
    const text = dockerfile(
      'FROM golang:1.22 AS build',
      'RUN GOOS=linux CGO_ENABLED=0 go build -o /app .',
      'FROM alpine',
      'COPY --from=build /app /app',
      'CMD ["/app"]',
    );
    ruleCatchesNot('GMC102', text);
  });
});

describe('GMC102 static build: where the assignments go', () => {
  it('puts them just before go, wherever go is on the line', () => {
    expect(
      ruleCatches('GMC102', multiStage('CMD ["/app"]').replace('RUN go build', 'RUN cd /src && go build'))
        .output,
    ).toContain('\nRUN cd /src && CGO_ENABLED=0 GOOS=linux go build -o /out/app .\n');
  });
});
