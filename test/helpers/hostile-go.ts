/**
 * Hostile values in go commands (see hostile.ts): the package of a `go run`
 * the conversion turns into a build, and a -tags value it appends to.
 * Checked without an engine: go rejects such packages and tags.
 */
import fc from 'fast-check';
import { hostileValue, MARKER, quotedWord, word, type HostileCase } from './hostile.js';

/**
 * A single golang stage that starts with `go run <hostile package>`, in exec
 * or shell form: the conversion writes a RUN that builds that package. Not
 * built on the engine (no such package exists); checked without one.
 */
export function goRunCase(caseId: number): fc.Arbitrary<HostileCase> {
  return fc.record({ package: word, shellStart: fc.boolean() }).map((p) => {
    const marker = `${MARKER}${caseId}_package`;
    // A leading ./ keeps it a package path, never a flag of go run.
    const pkg = quotedWord(
      `./cmd/${hostileValue(p.package[0], marker, 'binary')}`,
      p.package[1],
      p.package[2],
    );
    const start = p.shellStart
      ? `CMD go run ${pkg.raw} --port 8080`
      : `CMD ${JSON.stringify(['go', 'run', pkg.value])}`;
    return {
      text: ['FROM golang:1.22-alpine', 'WORKDIR /src', 'COPY . .', start, ''].join('\n'),
      kind: 'go-run' as const,
      markers: [marker],
      dirs: [],
      goRun: { package: pkg.value, args: p.shellStart ? ['--port', '8080'] : [] },
      workdir: '/src',
    };
  });
}

/**
 * A multi-stage file whose go build has a hostile -tags value (as `-tags v`
 * or `-tags=v`) and whose runtime installs tzdata: the conversion appends
 * ,timetzdata to that value in place. Not built (go rejects such tags).
 */
export function tagsCase(caseId: number): fc.Arbitrary<HostileCase> {
  return fc.record({ tags: word, joined: fc.boolean() }).map((p) => {
    const marker = `${MARKER}${caseId}_tags`;
    const tags = quotedWord(hostileValue(p.tags[0], marker, 'shell'), p.tags[1], p.tags[2]);
    const flag = p.joined ? `-tags=${tags.raw}` : `-tags ${tags.raw}`;
    return {
      text: [
        'FROM golang:1.22-alpine AS build',
        'WORKDIR /src',
        'COPY . .',
        `RUN go build ${flag} -o /out/app .`,
        'FROM alpine:3.20',
        'RUN apk add --no-cache tzdata',
        'COPY --from=build /out/app /app',
        'CMD ["/app"]',
        '',
      ].join('\n'),
      kind: 'tags' as const,
      markers: [marker],
      dirs: [],
      buildWords: [
        ...['CGO_ENABLED=0', 'GOOS=linux', 'go', 'build'],
        ...(p.joined ? [`-tags=${tags.value},timetzdata`] : ['-tags', `${tags.value},timetzdata`]),
        ...['-o', '/out/app', '.'],
      ],
      workdir: '/src',
    };
  });
}
