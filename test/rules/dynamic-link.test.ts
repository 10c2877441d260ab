/** GMC106 dynamic link flags (src/core/convert/rules/dynamic-link.ts): what it catches and what it does not. */
import { describe, expect, it } from '@jest/globals';
import { dockerfile, ruleCatches, ruleCatchesNot } from './helpers.js';
import { builderRunning, contextOf } from './context.js';

/** A builder whose go build line (line 3) is `build`, with `before` between FROM and WORKDIR. */
function builder(build: string, ...before: string[]): string {
  return dockerfile(
    'FROM golang:1.26-alpine AS build',
    ...before,
    'WORKDIR /src',
    `RUN ${build}`,
    'FROM alpine:3.20',
    'COPY --from=build /out/app /app',
    'CMD ["/app"]',
  );
}

/** The go build line of the converted file. */
function buildLine(output: string | undefined): string {
  return (output ?? '').split('\n').find((line) => line.includes(' go build')) ?? '';
}

describe('GMC106 dynamic link flags', () => {
  it('removes -buildmode=pie and -buildmode pie from go build, saying why', () => {
    const result = ruleCatches('GMC106', builder('go build -trimpath -o /out/app -buildmode=pie .'));
    expect(buildLine(result.output)).toBe('RUN CGO_ENABLED=0 GOOS=linux go build -trimpath -o /out/app .');
    expect(result.changes.filter((change) => change.code === 'GMC106')).toEqual([
      {
        code: 'GMC106',
        line: 3,
        what: 'removed -buildmode=pie from go build',
        why: expect.stringContaining(
          'dynamically linked even with CGO_ENABLED=0 (on linux/amd64 it asks for the loader /lib64/ld-linux-x86-64.so.2)',
        ),
      },
    ]);
    const spaced = ruleCatches('GMC106', builder('go install -buildmode pie ./cmd/app'));
    expect(spaced.output).toContain('RUN CGO_ENABLED=0 GOOS=linux go install ./cmd/app\n');
  });

  it('removes -linkmode external from -ldflags and keeps the rest, -extldflags "-static" included', () => {
    const result = ruleCatches(
      'GMC106',
      builder(
        `go build -ldflags "-s -w -linkmode external -extldflags '-static' -X main.v=\${VERSION}" -o /out/app .`,
      ),
    );
    expect(buildLine(result.output)).toBe(
      `RUN CGO_ENABLED=0 GOOS=linux go build -ldflags "-s -w -extldflags '-static' -X main.v=\${VERSION}" -o /out/app .`,
    );
    expect(result.changes.find((change) => change.code === 'GMC106')).toMatchObject({
      line: 3,
      what: 'removed -linkmode external from -ldflags',
      why: expect.stringContaining('"-linkmode requires external (cgo) linking, but cgo is not enabled"'),
    });
    const opening = ruleCatches('GMC106', builder(`go build -ldflags='-linkmode=external -s' -o /out/app .`));
    expect(buildLine(opening.output)).toBe(
      `RUN CGO_ENABLED=0 GOOS=linux go build -ldflags='-s' -o /out/app .`,
    );
  });

  it('removes -ldflags when nothing is left in it, across a line continuation', () => {
    const text = dockerfile(
      'FROM golang:1.26 AS build',
      'RUN go build \\',
      '    -ldflags "-linkmode external -buildmode=pie" \\',
      '    -o /out/app .',
      'FROM debian:bookworm-slim',
      'COPY --from=build /out/app /app',
      'CMD ["/app"]',
    );
    const result = ruleCatches('GMC106', text);
    expect(result.output).toContain('RUN CGO_ENABLED=0 GOOS=linux go build \\\n    -o /out/app .\n');
    expect(result.changes.filter((change) => change.code === 'GMC106').map((change) => change.what)).toEqual([
      'removed -buildmode=pie from -ldflags (and -ldflags, left empty)',
      'removed -linkmode external from -ldflags (and -ldflags, left empty)',
    ]);
  });

  it('removes -buildmode=pie from GOFLAGS in ENV, ARG and on the command', () => {
    const result = ruleCatches(
      'GMC106',
      builder(
        'GOFLAGS=-buildmode=pie go build -o /out/app .',
        'ARG GOFLAGS="-trimpath -buildmode=pie"',
        'ENV GOFLAGS=-buildmode=pie CGO_CFLAGS=-O2',
      ),
    );
    const output = result.output ?? '';
    expect(output).toContain('ARG GOFLAGS="-trimpath"\n');
    expect(output).toContain('ENV GOFLAGS= CGO_CFLAGS=-O2\n');
    expect(output).toContain('RUN GOFLAGS= CGO_ENABLED=0 GOOS=linux go build -o /out/app .\n');
    expect(
      result.changes.filter((change) => change.code === 'GMC106').map((change) => [change.line, change.what]),
    ).toEqual([
      [2, 'removed -buildmode=pie from GOFLAGS (ARG)'],
      [3, 'removed -buildmode=pie from GOFLAGS (ENV)'],
      [5, 'removed -buildmode=pie from GOFLAGS'],
    ]);
  });

  it('does not catch a static build, -buildmode=exe, or -extldflags "-static" alone', () => {
    ruleCatchesNot(
      'GMC106',
      builder('go build -buildmode=exe -ldflags "-s -w -extldflags \'-static\'" -o /out/app .'),
    );
    ruleCatchesNot('GMC106', builder('go build -o /out/app .', 'ENV GOFLAGS=-trimpath'));
  });

  it('leaves the flags to the GMC101 refusal when something needs cgo', () => {
    const text = builder(
      'go build -buildmode=pie -ldflags "-linkmode external" -o /out/app .',
      'ENV CGO_ENABLED=1',
    );
    const result = ruleCatchesNot('GMC106', text);
    expect(result.status).toBe('refused');
    expect(result.refusals.map((refusal) => refusal.message.split(';')[0])).toEqual([
      'cgo is needed: line 2 sets CGO_ENABLED=1',
      'cgo, with the above: line 4 links with -linkmode external, which needs cgo',
    ]);
  });
});

describe('GMC106 dynamic link, in what a RUN runs', () => {
  it('catches -buildmode=pie or -linkmode external in a Makefile recipe: refused, as the Makefile is not edited', () => {
    for (const [recipe, flag] of [
      ['go build -buildmode=pie -o /out/app .', '-buildmode=pie'],
      ['go build -buildmode pie -o /out/app .', '-buildmode=pie'],
      ['go build -ldflags "-s -linkmode external" -o /out/app .', '-linkmode external'],
      ['GOFLAGS=-buildmode=pie go build -o /out/app .', '-buildmode=pie'],
    ] as const) {
      const result = ruleCatches('GMC106', builderRunning('make b'), {
        contextFiles: contextOf({ Makefile: `b:\n\t${recipe}\n` }),
      });
      expect(result.status).toBe('refused');
      expect(result.refusals[0]?.message).toMatch(
        new RegExp(
          `^line 4 runs \`make b\`, whose go build at Makefile:2 uses ${flag}: remove it in Makefile, which the converter does not edit \\(`,
        ),
      );
    }
  });

  it("sets the Makefile variable that brings them on make's command line, without them", () => {
    const makefile = [
      'VERSION ?= dev',
      'LDFLAGS = -s -w -linkmode external -extldflags "-static" -X main.version=$(VERSION)',
      'BUILD_FLAGS = -trimpath -buildmode=pie',
      'b:',
      "\tgo build $(BUILD_FLAGS) -ldflags '$(LDFLAGS)' -o /out/app .",
      '\tgo build $(BUILD_FLAGS) -o /out/tool ./tool',
      '',
    ].join('\n');
    const result = ruleCatches('GMC106', builderRunning('make b'), {
      contextFiles: contextOf({ Makefile: makefile }),
    });
    // As the Makefile wrote it: make still expands $(VERSION), from the build's environment; in double
    // quotes with $ escaped, as shellcheck reads a make reference in single quotes as a mistake (SC2016).
    expect(result.output).toContain(
      'RUN CGO_ENABLED=0 GOOS=linux make BUILD_FLAGS=-trimpath LDFLAGS="-s -w -extldflags \\"-static\\" -X main.version=\\$(VERSION)" b\n',
    );
    // Once per variable, however many builds use it.
    expect(result.changes.filter((change) => change.code === 'GMC106').map((change) => change.what)).toEqual([
      "set BUILD_FLAGS on `make b` without -buildmode=pie: the go build at Makefile:5 gets it from $(BUILD_FLAGS) (make's command line wins over the Makefile; the file is not edited)",
      "set LDFLAGS on `make b` without -linkmode external: the go build at Makefile:5 gets it from $(LDFLAGS) (make's command line wins over the Makefile; the file is not edited)",
    ]);
  });

  it('refuses what the command line cannot override: an `override` variable, a flag from a variable inside, one the RUN sets', () => {
    const refused = (makefile: string, run = 'make b') =>
      expect(
        ruleCatches('GMC106', builderRunning(run), { contextFiles: contextOf({ Makefile: makefile }) })
          .refusals[0]?.message,
      ).toMatch(
        /^line 4 runs `make .*`, whose go build at Makefile:\d uses -linkmode external: remove it in Makefile/,
      );
    refused('override LDFLAGS := -linkmode external\nb:\n\tgo build -ldflags "$(LDFLAGS)" -o /out/app .\n');
    refused(
      'INNER := -linkmode external\nLDFLAGS = -s $(INNER)\nb:\n\tgo build -ldflags "$(LDFLAGS)" -o /out/app .\n',
    );
    refused('b:\n\tgo build -ldflags "$(LDFLAGS)" -o /out/app .\n', 'make b LDFLAGS=-linkmode=external');
    // := expanded $(VERSION) when it was read, and VERSION changes after: the text cannot be written out again.
    refused(
      'VERSION := 1.0\nLDFLAGS := -X v=$(VERSION) -linkmode external\nVERSION := dev\nb:\n\tgo build -ldflags "$(LDFLAGS)" -o /out/app .\n',
    );
    // Set in a branch that depends on a build arg with no default: which one runs is not known here.
    const debug = ruleCatches(
      'GMC106',
      builderRunning('make b').replace('RUN make b', 'ARG DEBUG\nRUN make b'),
      {
        contextFiles: contextOf({
          Makefile:
            'LDFLAGS = -linkmode external\nifeq ($(DEBUG),1)\nLDFLAGS += -X main.debug=true\nendif\nb:\n\tgo build -ldflags "$(LDFLAGS)" -o /out/app .\n',
        }),
      },
    );
    expect(debug.refusals[0]?.message).toMatch(
      /^line 5 runs `make b`, whose go build at Makefile:6 uses -linkmode external/,
    );
  });

  it('leaves what make computes at build time to make: $(shell ...), a build arg', () => {
    const override = (makefile: string, text = builderRunning('make b')) =>
      ruleCatches('GMC106', text, { contextFiles: contextOf({ Makefile: makefile }) }).output;
    expect(
      override(
        'LDFLAGS = -linkmode external -X v=$(shell git describe)\nb:\n\tgo build -ldflags "$(LDFLAGS)" -o /out/app .\n',
      ),
    ).toContain('make LDFLAGS="-X v=\\$(shell git describe)" b\n');
    // The build arg reaches make at build time, as before; the override still names it.
    expect(
      override(
        'VERSION ?= dev\nLDFLAGS = -linkmode external -X main.version=$(VERSION)\nb:\n\tgo build -ldflags "$(LDFLAGS)" -o /out/app .\n',
        builderRunning('make b').replace('RUN make b', 'ARG VERSION\nRUN make b'),
      ),
    ).toContain('make LDFLAGS="-X main.version=\\$(VERSION)" b\n');
  });

  it('does not catch a Makefile recipe without them', () => {
    const result = ruleCatchesNot('GMC106', builderRunning('make b'), {
      contextFiles: contextOf({ Makefile: 'b:\n\tgo build -ldflags "-s -w" -trimpath -o /out/app .\n' }),
    });
    expect(result.status).toBe('converted');
  });
});

describe('GMC106 dynamic link: the flags as go reads them', () => {
  const gmc106 = (result: { changes: ReadonlyArray<{ code: string; what: string }> }) =>
    result.changes.filter((change) => change.code === 'GMC106').map((change) => change.what);

  it('removes an -ldflags= written as one word when nothing is left in it', () => {
    const linkmode = ruleCatches('GMC106', builder('go build -ldflags=-linkmode=external -o /out/app .'));
    expect(buildLine(linkmode.output)).toBe('RUN CGO_ENABLED=0 GOOS=linux go build -o /out/app .');
    expect(gmc106(linkmode)).toEqual(['removed -linkmode external from -ldflags (and -ldflags, left empty)']);
    // -buildmode=pie inside -ldflags is the linker's flag, not go build's.
    const pie = ruleCatches('GMC106', builder('go build -ldflags=-buildmode=pie -o /out/app .'));
    expect(buildLine(pie.output)).toBe('RUN CGO_ENABLED=0 GOOS=linux go build -o /out/app .');
    expect(gmc106(pie)).toEqual(['removed -buildmode=pie from -ldflags (and -ldflags, left empty)']);
  });

  it('reads the flag after an -ldflags= word, and -linkmode with several blanks before its value', () => {
    const after = ruleCatches('GMC106', builder('go build -ldflags=-s -buildmode=pie -o /out/app .'));
    expect(buildLine(after.output)).toBe('RUN CGO_ENABLED=0 GOOS=linux go build -ldflags=-s -o /out/app .');
    expect(gmc106(after)).toEqual(['removed -buildmode=pie from go build']);
    const blanks = ruleCatches('GMC106', builder('go build -ldflags "-s -linkmode  external" -o /out/app .'));
    expect(buildLine(blanks.output)).toBe(
      'RUN CGO_ENABLED=0 GOOS=linux go build -ldflags "-s" -o /out/app .',
    );
  });

  it('removes -buildmode=pie written last on the command', () => {
    const result = ruleCatches('GMC106', builder('go build -o /out/app -buildmode=pie'));
    expect(buildLine(result.output).trimEnd()).toBe('RUN CGO_ENABLED=0 GOOS=linux go build -o /out/app');
  });

  it('removes -buildmode=pie from GOFLAGS on a go build that follows another command', () => {
    const result = ruleCatches('GMC106', builder('cd /src && GOFLAGS=-buildmode=pie go build -o /out/app .'));
    expect(result.output).toContain(
      'RUN cd /src && GOFLAGS= CGO_ENABLED=0 GOOS=linux go build -o /out/app .\n',
    );
    expect(gmc106(result)).toEqual(['removed -buildmode=pie from GOFLAGS']);
  });

  it("removes them inside sh -c '...' too: the script's GOFLAGS, env GOFLAGS and -ldflags", () => {
    for (const [build, converted] of [
      [
        "sh -c 'GOFLAGS=-buildmode=pie go build -o /out/app .'",
        "RUN sh -c 'GOFLAGS= CGO_ENABLED=0 GOOS=linux go build -o /out/app .'",
      ],
      [
        "sh -c 'cd /src && env GOFLAGS=-buildmode=pie go build -o /out/app .'",
        "RUN sh -c 'cd /src && env GOFLAGS= CGO_ENABLED=0 GOOS=linux go build -o /out/app .'",
      ],
      [
        `sh -c 'go build -ldflags "-s -linkmode external" -o /out/app .'`,
        `RUN sh -c 'CGO_ENABLED=0 GOOS=linux go build -ldflags "-s" -o /out/app .'`,
      ],
      [
        `sh -c 'go build -o /out/app -ldflags "-buildmode=pie" .'`,
        `RUN sh -c 'CGO_ENABLED=0 GOOS=linux go build -o /out/app .'`,
      ],
    ] as const) {
      const result = ruleCatches('GMC106', builder(build));
      expect(result.output).toContain(`\n${converted}\n`);
    }
  });

  it('leaves what is not one of the flags as written: another build mode, a typo go reports, an output named pie', () => {
    for (const build of [
      'go build -buildmode exe -o /out/app .',
      'go build -o pie .',
      'go build -buildmode=pies -o /out/app .',
      'go build -buildmodes pie -o /out/app .',
      'go build -ldflagss "-s -linkmode external" -o /out/app .',
      // An -ldflags left empty by the Dockerfile itself is not the converter's to remove.
      'go build -ldflags "" -o /out/app .',
      'go build -o /out/app -buildmode',
      // Flags whose value (a path may hold any name) ends in or holds a flag's name, and an argument of go.
      'go build -o=/out/run-buildmode pie',
      'go build -o=/out/run-ldflags "-linkmode external" .',
      'go build -o=/out/run-ldflags=-linkmode=external .',
      'go build -o /out/app GOFLAGS=-buildmode=pie .',
    ]) {
      const result = ruleCatchesNot('GMC106', builder(build));
      expect(buildLine(result.output)).toBe(`RUN CGO_ENABLED=0 GOOS=linux ${build}`);
    }
  });

  it('reads GOFLAGS only: another variable on the command or in ENV, and GOFLAGS without the flag, stay', () => {
    for (const [build, ...before] of [
      ['BUILD=-buildmode=pie go build -o /out/app .'],
      ['GOFLAGS=-trimpath go build -o /out/app .'],
      ['go build -o /out/app .', 'ENV NOTE="-buildmode=pie"'],
    ] as const) {
      const result = ruleCatchesNot('GMC106', builder(build, ...before));
      expect(result.status).toBe('converted');
      for (const line of [
        ...before,
        `RUN ${build}`.replace(' go build', ' CGO_ENABLED=0 GOOS=linux go build'),
      ])
        expect(result.output).toContain(`${line}\n`);
    }
  });

  it("leaves the ENV GOFLAGS of a stage whose make build gets the Makefile's own GOFLAGS", () => {
    const text = builderRunning('make b').replace('WORKDIR /src', 'ENV GOFLAGS=-buildmode=pie\nWORKDIR /src');
    const result = ruleCatchesNot('GMC106', text, {
      contextFiles: contextOf({ Makefile: 'export GOFLAGS = -trimpath\nb:\n\tgo build -o /out/app .\n' }),
    });
    expect(result.status).toBe('converted');
    expect(result.output).toContain('\nENV GOFLAGS=-buildmode=pie\n');
  });

  it('leaves GOFLAGS set in a stage that builds nothing', () => {
    const text = dockerfile(
      'FROM golang:1.26-alpine AS build',
      'WORKDIR /src',
      'RUN go build -o /out/app .',
      'FROM alpine:3.20',
      'ENV GOFLAGS=-buildmode=pie',
      'COPY --from=build /out/app /app',
      'CMD ["/app"]',
    );
    expect(ruleCatchesNot('GMC106', text).output).toContain('\nENV GOFLAGS=-buildmode=pie\n');
  });

  it('leaves go run alone: as the container command it becomes a build step of its own (GMC104)', () => {
    const result = ruleCatchesNot(
      'GMC106',
      dockerfile('FROM golang:1.22', 'WORKDIR /src', 'COPY . .', 'CMD go run -buildmode=pie .'),
    );
    expect(result.output).toContain('\nRUN CGO_ENABLED=0 GOOS=linux go build -o /go/bin/src .\n');
  });

  it('says nothing of its own when something needs cgo, not even of a Makefile it cannot edit', () => {
    const text = builderRunning('make b').replace('WORKDIR /src', 'ENV CGO_ENABLED=1\nWORKDIR /src');
    const result = ruleCatchesNot('GMC106', text, {
      contextFiles: contextOf({ Makefile: 'b:\n\tgo build -buildmode=pie -o /out/app .\n' }),
    });
    expect(result.refusals.map((refusal) => [refusal.code, refusal.line])).toEqual([
      ['GMC101', 2],
      ['GMC101', 5],
    ]);
  });
});

describe('GMC106 dynamic link, in what a RUN runs: both flags, several makes, scripts', () => {
  const LINKMODE = '"-linkmode requires external (cgo) linking, but cgo is not enabled"';
  const PIE = 'a position-independent executable is dynamically linked even with CGO_ENABLED=0';
  const withMakefile = (makefile: string, text = builderRunning('make b')) =>
    ruleCatches('GMC106', text, { contextFiles: contextOf({ Makefile: makefile }) });

  it('names both flags a variable brings, and says why for each kind', () => {
    const both = withMakefile(
      'LDFLAGS = -linkmode external -buildmode=pie -s\nb:\n\tgo build -ldflags "$(LDFLAGS)" -o /out/app .\n',
    );
    expect(both.output).toContain('RUN CGO_ENABLED=0 GOOS=linux make LDFLAGS=-s b\n');
    const [change] = both.changes.filter((entry) => entry.code === 'GMC106');
    expect(change?.what).toBe(
      "set LDFLAGS on `make b` without -buildmode=pie and -linkmode external: the go build at Makefile:3 gets it from $(LDFLAGS) (make's command line wins over the Makefile; the file is not edited)",
    );
    expect(change?.why).toContain(PIE);
    const linkmode = withMakefile(
      'LDFLAGS = -s -linkmode external\nb:\n\tgo build -ldflags "$(LDFLAGS)" -o /out/app .\n',
    );
    expect(linkmode.changes.find((entry) => entry.code === 'GMC106')?.why).toContain(LINKMODE);
  });

  it('sets only the variables that bring a flag, not the others the recipe uses', () => {
    const result = withMakefile(
      'VERSION ?= dev\nLDFLAGS = -linkmode external\nb:\n\tgo build -ldflags "$(LDFLAGS) -X main.version=$(VERSION)" -o /out/app .\n',
    );
    expect(result.output).toContain("RUN CGO_ENABLED=0 GOOS=linux make LDFLAGS='' b\n");
    expect(
      result.changes.filter((entry) => entry.code === 'GMC106').map((entry) => entry.what.split(':')[0]),
    ).toEqual(['set LDFLAGS on `make b` without -linkmode external']);
  });

  it('sets the variable however the Makefile wrote it: += onto an empty value, a quote it left open', () => {
    const plus = withMakefile(
      'LDFLAGS =\nLDFLAGS += -linkmode external\nb:\n\tgo build -ldflags "$(LDFLAGS)" -o /out/app .\n',
    );
    expect(plus.output).toContain("RUN CGO_ENABLED=0 GOOS=linux make LDFLAGS='' b\n");
    const open = withMakefile(
      'LDFLAGS = "-linkmode external\nb:\n\tgo build -ldflags "$(LDFLAGS)" -o /out/app .\n',
    );
    expect(open.output).toContain(`RUN CGO_ENABLED=0 GOOS=linux make LDFLAGS='"' b\n`);
  });

  it('sets the variable on each RUN that runs make', () => {
    const text = builderRunning('make b').replace('RUN make b', 'RUN make b\nRUN echo xy && make b');
    const result = withMakefile(
      'LDFLAGS = -linkmode external\nb:\n\tgo build -ldflags "$(LDFLAGS)" -o /out/app .\n',
      text,
    );
    expect(result.output).toContain("\nRUN CGO_ENABLED=0 GOOS=linux make LDFLAGS='' b\n");
    expect(result.output).toContain("\nRUN echo xy && CGO_ENABLED=0 GOOS=linux make LDFLAGS='' b\n");
    expect(result.changes.filter((entry) => entry.code === 'GMC106').map((entry) => entry.line)).toEqual([
      4, 5,
    ]);
  });

  it('refuses a recipe that writes one flag itself, even when a variable brings the other', () => {
    const result = withMakefile(
      'LDFLAGS = -linkmode external\nb:\n\tgo build -buildmode=pie -ldflags "$(LDFLAGS)" -o /out/app .\n',
    );
    expect(result.status).toBe('refused');
    expect(result.refusals[0]?.message).toMatch(
      /^line 4 runs `make b`, whose go build at Makefile:3 uses -buildmode=pie and -linkmode external: remove it in Makefile, which the converter does not edit \(a position-independent executable/,
    );
  });

  it('refuses either flag in a build script, with why for that flag', () => {
    for (const [build, flag, why] of [
      ['go build -buildmode=pie -o /out/app .', '-buildmode=pie', PIE],
      ['go build -ldflags "-s -linkmode external" -o /out/app .', '-linkmode external', LINKMODE],
    ] as const) {
      const result = ruleCatches('GMC106', builderRunning('./build.sh'), {
        contextFiles: contextOf({ 'build.sh': `#!/bin/sh\nset -e\n${build}\n` }),
      });
      expect(result.status).toBe('refused');
      const message = result.refusals[0]?.message ?? '';
      expect(message).toMatch(
        new RegExp(
          `^line 4 runs \`./build.sh\`, whose go build at build.sh:3 uses ${flag}: remove it in build.sh, which the converter does not edit \\(`,
        ),
      );
      expect(message).toContain(why);
    }
  });

  it('refuses a flag it cannot remove before a base image it does not know: scratch is impossible first', () => {
    const text = builderRunning('make b').replace('FROM alpine:3.19', 'FROM postgres:16-alpine');
    const result = withMakefile('b:\n\tgo build -buildmode=pie -o /out/app .\n', text);
    expect(result.refusals.map((refusal) => refusal.code)).toEqual(['GMC106', 'GMC201']);
  });

  describe('a flag a variable of the Dockerfile brings', () => {
    const build = (...lines: string[]) =>
      dockerfile(
        'FROM golang:1.22-alpine AS build',
        ...lines,
        'FROM alpine:3.19',
        'COPY --from=build /out/app /app',
        'ENTRYPOINT ["/app"]',
      );

    it('refuses go build $BUILD_FLAGS when its ARG default holds -buildmode=pie', () => {
      expect(
        ruleCatches(
          'GMC106',
          build('ARG BUILD_FLAGS=-buildmode=pie', 'RUN go build $BUILD_FLAGS -o /out/app .'),
        ).refusals,
      ).toEqual([
        {
          code: 'GMC106',
          line: 3,
          message: expect.stringMatching(
            /^line 3 passes \$BUILD_FLAGS to go build, and its value in this Dockerfile \(-buildmode=pie\) holds -buildmode=pie: remove it from the ARG or ENV that sets it, which the converter does not edit \(a position-independent executable/,
          ),
        },
      ]);
    });

    it('refuses -ldflags "$LDFLAGS" when its ENV holds -linkmode external', () => {
      const result = ruleCatches(
        'GMC106',
        build('ENV LDFLAGS="-s -w -linkmode external"', 'RUN go build -ldflags "$LDFLAGS" -o /out/app .'),
      );
      expect(result.refusals.map((refusal) => refusal.message.slice(0, 90))).toEqual([
        'line 3 passes $LDFLAGS to go build, and its value in this Dockerfile (-s -w -linkmode exte',
      ]);
    });

    it('does not catch a variable that brings neither flag', () => {
      ruleCatchesNot(
        'GMC106',
        build('ARG VERSION=1.2.3', 'RUN go build -ldflags "-s -w -X main.version=$VERSION" -o /out/app .'),
      );
    });
  });
});

describe('GMC106 across an empty continuation line', () => {
  it('removes -buildmode=pie that an empty line inside the RUN separates from go build, as Docker joins them', () => {
    const result = ruleCatches(
      'GMC106',
      dockerfile(
        'FROM golang:1.26 AS builder',
        'RUN go build \\',
        '      -o /out/server \\',
        '',
        '      -buildmode=pie \\',
        '      ./cmd/server',
        'FROM debian:bookworm-slim',
        'COPY --from=builder /out/server /usr/local/bin/server',
        'CMD ["server"]',
      ),
    );
    expect(result.changes).toContainEqual(expect.objectContaining({ code: 'GMC106', line: 2 }));
    expect(result.output).not.toContain('-buildmode=pie');
  });
});
