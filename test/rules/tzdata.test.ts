/** GMC103 tzdata (src/core/convert/rules/tzdata.ts): what it catches and what it does not. */
import { describe, expect, it } from '@jest/globals';
import { contextOf } from './context.js';
import { collectFacts } from '../../src/core/convert/facts/collect-facts.js';
import { tzdataRule } from '../../src/core/convert/rules/tzdata.js';
import { codesOf, convert, dockerfile, multiStage, ruleCatches, ruleCatchesNot } from './helpers.js';

describe('GMC103 tzdata', () => {
  it('catches tzdata installed in the runtime, merging with existing -tags', () => {
    const text = dockerfile(
      'FROM golang:1.22 AS build',
      'RUN go build -tags=netgo -o /app .',
      'FROM alpine',
      'RUN apk add --no-cache tzdata',
      'COPY --from=build /app /app',
    );
    const result = ruleCatches('GMC103', text);
    expect(result.output).toContain('go build -tags=netgo,timetzdata -o /app .');
    expect(result.changes.filter((change) => change.code === 'GMC103')).toEqual([
      expect.objectContaining({ line: 2, what: 'added -tags timetzdata' }),
    ]);
  });

  it('does not catch a runtime without tzdata', () => {
    ruleCatchesNot('GMC103', multiStage('RUN apk add --no-cache ca-certificates', 'CMD ["/app"]'));
  });
});

describe('GMC103 tzdata, for a build in a Makefile or script', () => {
  const building = (run: string) =>
    dockerfile(
      'FROM golang:1.22-alpine AS build',
      'WORKDIR /src',
      'COPY . .',
      `RUN ${run}`,
      'FROM alpine:3.19',
      'RUN apk add --no-cache tzdata',
      'COPY --from=build /out/app /app',
      'CMD ["/app"]',
    );

  it('sets GOFLAGS=-tags=timetzdata before make, as the Makefile is not edited', () => {
    const files = contextOf({ Makefile: 'b:\n\tgo build -o /out/app .\n' });
    const result = ruleCatches('GMC103', building('make b'), { contextFiles: files });
    expect(result.output).toContain('RUN CGO_ENABLED=0 GOOS=linux GOFLAGS=-tags=timetzdata make b\n');
    expect(result.changes.filter((change) => change.code === 'GMC103')).toEqual([
      expect.objectContaining({ line: 4, what: 'set GOFLAGS=-tags=timetzdata on `make b`' }),
    ]);
  });

  it('sets GOFLAGS once before a make run that holds several go builds', () => {
    const files = contextOf({
      Makefile:
        'all: server worker\nserver:\n\tgo build -o /out/app ./cmd/server\nworker:\n\tgo build -o /out/worker ./cmd/worker\n',
    });
    const result = ruleCatches('GMC103', building('make all'), { contextFiles: files });
    expect(result.output?.split('\n')[3]).toBe(
      'RUN CGO_ENABLED=0 GOOS=linux GOFLAGS=-tags=timetzdata make all',
    );
    expect(result.changes.filter((change) => change.code === 'GMC103')).toEqual([
      {
        code: 'GMC103',
        line: 4,
        what: 'set GOFLAGS=-tags=timetzdata on `make all`',
        why: expect.any(String),
      },
    ]);
  });

  it("gives a script build with its own -tags, which would win over GOFLAGS, the builder's zone files instead", () => {
    const files = contextOf({ 'build.sh': 'go build -tags netgo -o /out/app .\n' });
    const result = ruleCatches('GMC103', building('sh build.sh'), { contextFiles: files });
    expect(result.status).toBe('converted');
    expect(result.output).toContain('\nRUN CGO_ENABLED=0 GOOS=linux sh build.sh\n');
    expect(result.output).toContain(
      [
        'RUN apk add --no-cache tzdata \\',
        ' && mkdir -p /rootfs/tmp \\',
        ' && chmod 1777 /rootfs/tmp \\',
        ' && mkdir -p /rootfs/usr/share/zoneinfo \\',
        ' && cp -R /usr/share/zoneinfo/. /rootfs/usr/share/zoneinfo/\n',
      ].join('\n'),
    );
    expect(result.changes).toContainEqual({
      code: 'GMC103',
      line: 4,
      what: "kept the build's own -tags, and added the builder's /usr/share/zoneinfo to the image",
      why: 'tzdata was installed for the runtime; scratch has no /usr/share/zoneinfo, and the go build at build.sh:1, which `sh build.sh` runs, sets -tags or GOFLAGS of its own, which would win over -tags timetzdata: the image gets the files, which TZ and time.LoadLocation read',
    });
  });

  it('stages the zone files once for several such builds, and installs tzdata with apt-get on a Debian builder', () => {
    const files = contextOf({
      Makefile:
        'all: a b\na:\n\tgo build -tags a -o /out/app ./a\nb:\n\tGOFLAGS=-tags=b go build -o /out/b ./b\n',
    });
    const result = ruleCatches(
      'GMC103',
      building('make all').replace('golang:1.22-alpine', 'golang:1.22-bookworm'),
      { contextFiles: files },
    );
    expect(result.changes.filter((change) => change.code === 'GMC103')).toHaveLength(1);
    expect(result.output?.match(/cp -R \/usr\/share\/zoneinfo/g)).toHaveLength(1);
    expect(result.output).toContain(
      ' && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends tzdata \\\n',
    );
  });

  it('leaves the zone files to distroless static, which has them, under --strategy distroless', () => {
    const files = contextOf({ 'build.sh': 'go build -tags netgo -o /out/app .\n' });
    const result = convert(building('sh build.sh'), { contextFiles: files, strategy: 'distroless' });
    expect(result.status).toBe('converted');
    expect(result.output).not.toContain('zoneinfo');
    expect(codesOf(result)).not.toContain('GMC103');
  });

  it('leaves a build whose own -tags already has timetzdata', () => {
    const files = contextOf({ 'build.sh': 'go build -tags netgo,timetzdata -o /out/app .\n' });
    ruleCatchesNot('GMC103', building('sh build.sh'), { contextFiles: files });
  });
});

describe('GMC103 tzdata: which builds, and how -tags is merged', () => {
  const withTzdata = (...build: string[]) =>
    dockerfile(...build, 'FROM alpine:3.19', 'RUN apk add --no-cache tzdata', 'COPY --from=build /app /app');

  it('adds to a -tags value given as the next word', () => {
    const result = ruleCatches(
      'GMC103',
      withTzdata('FROM golang:1.22 AS build', 'RUN go build -tags netgo -o /app .'),
    );
    expect(result.output).toContain(
      'RUN CGO_ENABLED=0 GOOS=linux go build -tags netgo,timetzdata -o /app .\n',
    );
  });

  it('leaves builds that already embed the zone database, or whose -tags has no value', () => {
    for (const build of [
      'RUN go build -tags=netgo,timetzdata -o /app .',
      'RUN go build -tags timetzdata -o /app .',
      'RUN go build -o /app . -tags',
    ]) {
      ruleCatchesNot('GMC103', withTzdata('FROM golang:1.22 AS build', build));
    }
  });

  it('changes only the go builds of the builder', () => {
    const result = ruleCatches(
      'GMC103',
      dockerfile(
        'FROM golang:1.22 AS tools',
        'RUN go build -o /tool ./tool',
        'FROM golang:1.22 AS build',
        'RUN go build -o /app .',
        'FROM alpine:3.19',
        'RUN apk add --no-cache tzdata',
        'COPY --from=build /app /app',
      ),
    );
    expect(result.output).toContain('\nRUN CGO_ENABLED=0 GOOS=linux go build -o /tool ./tool\n');
    expect(result.output).toContain('\nRUN CGO_ENABLED=0 GOOS=linux go build -tags timetzdata -o /app .\n');
    expect(result.changes.filter((change) => change.code === 'GMC103')).toEqual([
      {
        code: 'GMC103',
        line: 4,
        what: 'added -tags timetzdata',
        why: 'tzdata was installed for the runtime; scratch has no /usr/share/zoneinfo, so the binary embeds it',
      },
    ]);
  });

  it('says so when the zone database came from a distroless runtime with TZ set', () => {
    const result = ruleCatches(
      'GMC103',
      dockerfile(
        'FROM golang:1.22 AS build',
        'RUN go build -o /app .',
        'FROM gcr.io/distroless/static-debian12',
        'ENV TZ=Europe/Paris',
        'COPY --from=build /app /app',
      ),
    );
    expect(result.changes.filter((change) => change.code === 'GMC103')).toEqual([
      {
        code: 'GMC103',
        line: 2,
        what: 'added -tags timetzdata',
        why: 'the distroless runtime had /usr/share/zoneinfo and TZ is set; scratch has none, so the binary embeds it',
      },
    ]);
  });
});

describe('GMC103 tzdata, as the rule plans it', () => {
  it('leaves an exec-form go build, which GMC102 refuses, and a go run of the builder stage', () => {
    const facts = collectFacts(
      dockerfile(
        'FROM golang:1.22 AS build',
        'RUN ["go", "build", "-o", "/app", "."]',
        'CMD go run .',
        'FROM alpine:3.19',
        'RUN apk add --no-cache tzdata',
        'COPY --from=build /app /app',
      ),
      { strategy: 'scratch' },
    );
    if (!facts.layout) throw new Error('a Go build has a layout');
    expect(tzdataRule.check({ ...facts, layout: facts.layout })).toEqual({
      refusals: [],
      warnings: [],
      changes: [],
      edits: [],
      stagedPackages: [],
    });
  });
});
