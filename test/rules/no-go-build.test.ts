/** GMC003 no Go build (src/core/convert/rules/no-go-build.ts): what it catches and what it does not. */
import { describe, expect, it } from '@jest/globals';
import { dockerfile, multiStage, ruleCatches, ruleCatchesNot } from './helpers.js';

describe('GMC003 no Go build', () => {
  it('catches a Dockerfile that builds no Go program', () => {
    const result = ruleCatches(
      'GMC003',
      dockerfile('FROM node:20', 'RUN npm ci', 'CMD ["node", "index.js"]'),
    );
    expect(result.reason).toMatch(/^no Go build found/);
  });

  it('does not catch go build, go install or go run', () => {
    ruleCatchesNot('GMC003', multiStage('CMD ["/app"]'));
    ruleCatchesNot(
      'GMC003',
      dockerfile('FROM golang:1.22', 'RUN go install example.com/x@latest', 'CMD ["x"]'),
    );
    ruleCatchesNot('GMC003', dockerfile('FROM golang:1.22', 'CMD go run .'));
  });

  describe('a Go build, and a stage that ships none of it', () => {
    const text = dockerfile(
      'ARG TARGET=release',
      'FROM golang:1.22-alpine AS build',
      'RUN CGO_ENABLED=0 go build -o /out/service .',
      'FROM alpine:3.20 AS release',
      'FROM release AS debug',
      'COPY --from=build /out/service /usr/local/bin/service',
      'ENTRYPOINT ["/usr/local/bin/service"]',
      'FROM ${TARGET}',
    );

    it('refuses rather than ship an empty scratch image (the work is in the stage built FROM it)', () => {
      expect(ruleCatches('GMC003', text).refusals).toEqual([
        {
          code: 'GMC003',
          line: 4,
          message:
            "the stage that ships (release), line 4, holds none of the file's Go builds: it copies nothing and starts nothing, so its image has no program; make the stage that copies the binary the one that ships (the last, or the one --target names), then rerun",
        },
      ]);
    });

    it('does not catch the same file shipping the stage that copies the binary', () => {
      ruleCatchesNot('GMC003', text.replace('ARG TARGET=release', 'ARG TARGET=debug'));
    });
  });
});
