/**
 * Every reason of a refusal, whatever gate the file meets first, in the order
 * the user acts on them (plan.ts: orderRefusals, runtimeReasons): what makes
 * scratch impossible for the image, then what the converter could not see.
 */
import { describe, expect, it } from '@jest/globals';
import { contextOf } from './context.js';
import { convert, dockerfile, multiStage } from './helpers.js';

const codesAndLines = (text: string) =>
  convert(text).refusals.map((refusal) => [refusal.code, refusal.line ?? null]);

describe('a refusal at the gate names what else stands in the way of scratch', () => {
  it('a make build it cannot follow, and a runtime that installs git and starts a script: the runtime first', () => {
    const text = dockerfile(
      'FROM golang:1.22-alpine AS build',
      'WORKDIR /src',
      'COPY . .',
      'RUN make release',
      'FROM alpine:3.20',
      'RUN apk add --no-cache git iptables',
      'COPY --from=build /src/bin/app /usr/local/bin/app',
      'COPY docker-entrypoint.sh /',
      'ENTRYPOINT ["/docker-entrypoint.sh"]',
    );
    const result = convert(text);
    expect(result.status).toBe('refused');
    expect(codesAndLines(text)).toEqual([
      ['GMC202', 6],
      ['GMC202', 6],
      ['GMC207', 9],
      ['GMC006', 4],
    ]);
    expect(result.reason).toMatch(/^line 6 installs git into the runtime image/);
    expect(result.refusals.at(-1)?.message).toMatch(/make release/);
  });

  it('a start script run by bash before a HEALTHCHECK that needs a shell, the script named', () => {
    const text = dockerfile(
      'FROM golang:1.22-alpine AS build',
      'RUN go build -o /out/app .',
      'FROM alpine:3.20',
      'COPY --from=build /out/app /usr/local/bin/app',
      'HEALTHCHECK CMD app health 2>/dev/null | grep "^ok" >/dev/null',
      'COPY docker/entrypoint.sh /entrypoint.sh',
      'ENTRYPOINT ["/bin/bash", "/entrypoint.sh"]',
    );
    expect(codesAndLines(text)).toEqual([
      ['GMC207', 7],
      ['GMC206', 5],
    ]);
    expect(convert(text).reason).toBe(
      'line 7 starts the container with the script /entrypoint.sh, run by /bin/bash, which needs a shell; scratch has none',
    );
  });

  it('a start script before the runtime steps the converter cannot reproduce, and nothing for what only prints', () => {
    const text = dockerfile(
      'FROM golang:1.22-alpine AS build',
      'WORKDIR /src',
      'COPY . .',
      'RUN CGO_ENABLED=0 go build -o /out/app .',
      'FROM alpine:3.20',
      'COPY --from=build /out/app /srv/app',
      'RUN ls -la /srv && /srv/app --convert=only && rm -rf /srv/preset && echo converted',
      'COPY entrypoint.sh /srv/entrypoint.sh',
      'ENTRYPOINT ["/srv/entrypoint.sh"]',
    );
    expect(codesAndLines(text)).toEqual([
      ['GMC207', 9],
      ['GMC202', 7],
      ['GMC202', 7],
    ]);
    expect(convert(text).refusals.map((refusal) => refusal.message)).toEqual([
      expect.stringContaining('/srv/entrypoint.sh'),
      expect.stringContaining('runs "/srv/app --convert=only"'),
      expect.stringContaining('runs "rm -rf /srv/preset"'),
    ]);
  });

  it('no Go build found next to a golang stage: a runtime script is named, before "no Go build"', () => {
    const text = dockerfile(
      'FROM golang:1.22 AS build',
      'RUN ./ci/release.py --out /out/app',
      'FROM debian:12-slim',
      'COPY --from=build /out/app /app',
      'COPY entrypoint.sh /entrypoint.sh',
      'ENTRYPOINT ["/entrypoint.sh"]',
    );
    expect(codesAndLines(text)).toEqual([
      ['GMC207', 6],
      ['GMC003', null],
    ]);
  });

  it('one stage that ships a program it does not build: its packages and script first, then "no Go build"', () => {
    const text = dockerfile(
      'FROM alpine:3.20',
      'RUN apk add --no-cache iptables su-exec',
      'COPY dist/$TARGETOS/$TARGETARCH/$BIN_NAME /bin/',
      'COPY docker-entrypoint.sh /usr/local/bin/',
      'ENTRYPOINT ["docker-entrypoint.sh"]',
    );
    expect(codesAndLines(text)).toEqual([
      ['GMC202', 2],
      ['GMC207', 5],
      ['GMC003', null],
      ['GMC202', 2],
    ]);
    expect(convert(text).reason).toMatch(/^line 2 installs iptables into the runtime image/);
  });

  it('"no Go build" stays first when the rest are only steps the converter does not reproduce', () => {
    const text = dockerfile(
      'FROM alpine:3.20',
      'COPY dist/app /bin/app',
      'RUN ln /usr/share/app/a /etc/app/a',
      'ENTRYPOINT ["/bin/app"]',
    );
    expect(codesAndLines(text)).toEqual([
      ['GMC003', 2],
      ['GMC202', 3],
    ]);
  });

  it("another language's image is not a Go program first and last: its RUNs are not judged", () => {
    expect(
      codesAndLines(
        dockerfile(
          'FROM python:3.12-slim',
          'RUN apt-get update && apt-get install -y git',
          'CMD ["python", "app.py"]',
        ),
      ),
    ).toEqual([['GMC003', null]]);
  });

  it('adds nothing to a file that is not Go; to a single golang stage only its start script (its RUNs are the build)', () => {
    expect(
      codesAndLines(
        dockerfile(
          'FROM node:20 AS build',
          'RUN npm ci',
          'FROM node:20-slim',
          'RUN apk add git',
          'CMD ["node", "app.js"]',
        ),
      ),
    ).toEqual([['GMC003', null]]);
    expect(
      codesAndLines(dockerfile('FROM golang:1.22', 'RUN apk add git && make', 'CMD ["./entrypoint.sh"]')),
    ).toEqual([
      ['GMC207', 3],
      ['GMC006', 2],
    ]);
    expect(
      codesAndLines(dockerfile('FROM golang:1.22', 'RUN apk add git && make', 'CMD ["/go/bin/app"]')),
    ).toEqual([['GMC006', 2]]);
    // go get outside a module (GMC107, seaweedfs's old layout) does not hide the script either.
    expect(
      codesAndLines(
        dockerfile(
          'FROM golang:1.21',
          'RUN go get github.com/acme/store/weed',
          'ENTRYPOINT ["/entrypoint.sh"]',
        ),
      ),
    ).toEqual([
      ['GMC207', 3],
      ['GMC107', 2],
    ]);
  });

  it('one non-Go stage whose build script it cannot follow: how it starts is named, its packages are not (the build may need them)', () => {
    const text = dockerfile(
      'FROM alpine:3.5',
      'RUN apk --no-cache add ca-certificates bash git s6 openssh',
      'COPY . /app/gitbox/',
      'WORKDIR /app/gitbox/',
      'RUN ./docker/build.sh',
      'ENTRYPOINT ["docker/start.sh"]',
      'CMD ["/bin/s6-svscan", "/app/gitbox/docker/s6/"]',
    );
    const contextFiles = contextOf({
      'docker/build.sh': '#!/bin/sh\napk add go make\nmake build\n',
      'docker/start.sh': '#!/bin/sh\nexec "$@"\n',
    });
    expect(
      convert(text, { contextFiles }).refusals.map((refusal) => [refusal.code, refusal.line ?? null]),
    ).toEqual([
      ['GMC207', 6],
      ['GMC006', 5],
    ]);
  });

  it('a base it does not know comes after the packages the runtime needs', () => {
    const text = dockerfile(
      'FROM golang:1.22-alpine AS build',
      'RUN CGO_ENABLED=0 go build -o /app .',
      'FROM postgres:16-alpine',
      'RUN apk add --no-cache pg_dump',
      'COPY --from=build /app /app',
      'CMD ["/app"]',
    );
    expect(codesAndLines(text).map(([code]) => code)).toEqual(['GMC202', 'GMC201']);
  });

  describe('a package only the start command needs comes after the start itself', () => {
    it('bash for an entrypoint script: the script first (the one thing to change), bash after it', () => {
      const text = multiStage(
        'RUN apk add --no-cache bash',
        'COPY entrypoint.sh /',
        'ENTRYPOINT ["/entrypoint.sh"]',
      );
      expect(codesAndLines(text)).toEqual([
        ['GMC207', 8],
        ['GMC202', 6],
      ]);
    });

    it('git beside the script stays first: it is needed whatever starts the container', () => {
      const text = multiStage(
        'RUN apk add --no-cache git su-exec',
        'COPY entrypoint.sh /',
        'ENTRYPOINT ["/entrypoint.sh"]',
      );
      expect(convert(text).refusals.map((refusal) => refusal.message.slice(0, 30))).toEqual([
        'line 6 installs git into the r',
        'line 8 starts the container wi',
        'line 6 installs su-exec into t',
      ]);
    });

    it('tini started by ENTRYPOINT: the start first, its package after, and no field of the ordering leaks', () => {
      const text = multiStage(
        'RUN apk add --no-cache tini',
        'ENTRYPOINT ["/sbin/tini", "--"]',
        'CMD ["/app"]',
      );
      const { refusals } = convert(text);
      expect(refusals.map((refusal) => [refusal.code, refusal.line])).toEqual([
        ['GMC207', 7],
        ['GMC202', 6],
      ]);
      expect(refusals.map((refusal) => Object.keys(refusal).sort())).toEqual([
        ['code', 'line', 'message'],
        ['code', 'line', 'message'],
      ]);
    });

    it('bash without a script to serve is a reason of its own, in file order', () => {
      const text = multiStage('RUN apk add --no-cache bash curl', 'ENTRYPOINT ["/app"]');
      expect(convert(text).refusals.map((refusal) => refusal.message.slice(0, 26))).toEqual([
        'line 6 installs bash into ',
        'line 6 installs curl into ',
      ]);
    });
  });

  it('a runtime FROM a stage of its own: what that stage installs and starts is named before GMC201', () => {
    const text = dockerfile(
      'FROM ubuntu:24.04 AS base',
      'RUN apt-get update && apt-get dist-upgrade -y && apt-get install -y --no-install-recommends git tini && rm -rf /var/lib/apt/lists/* /var/tmp/* /usr/share/doc/*',
      'FROM golang:1.22 AS build',
      'RUN CGO_ENABLED=0 go build -o /out/app .',
      'FROM base',
      'ENTRYPOINT ["/usr/bin/tini", "--"]',
      'COPY --from=build /out/app /usr/local/bin/app',
      'CMD ["/usr/local/bin/app"]',
    );
    expect(codesAndLines(text)).toEqual([
      ['GMC202', 2],
      ['GMC207', 6],
      ['GMC202', 2],
      ['GMC201', 5],
    ]);
    expect(convert(text).reason).toMatch(/^line 2 installs git into the runtime image/);
  });

  it("a runtime FROM the build stage itself: the build's RUNs are no runtime steps", () => {
    const text = dockerfile(
      'FROM golang:1.22 AS build',
      'RUN apt-get update && apt-get install -y gcc',
      'RUN CGO_ENABLED=0 go build -o /out/app .',
      'FROM build',
      'CMD ["/out/app"]',
    );
    expect(codesAndLines(text).map(([code]) => code)).toEqual(['GMC201']);
  });
});
