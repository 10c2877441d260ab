/** GMC102 static build (src/core/convert/rules/static-build.ts): what it catches and what it does not. */
import { describe, expect, it } from '@jest/globals';
import { contextOf } from './context.js';
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

describe('GMC102 static build, where real projects put the build', () => {
  const runtime = ['FROM alpine:3.19', 'COPY --from=build /out/app /app', 'CMD ["/app"]'];
  const building = (run: string) =>
    dockerfile('FROM golang:1.22-alpine AS build', 'WORKDIR /src', 'COPY . .', `RUN ${run}`, ...runtime);

  it('counts env assignments, and puts the missing ones just before go (env -i clears what comes before env)', () => {
    expect(ruleCatches('GMC102', building('env -i GOOS=linux go build -o /out/app .')).output).toContain(
      'RUN env -i GOOS=linux CGO_ENABLED=0 go build -o /out/app .\n',
    );
    ruleCatchesNot('GMC102', building('env CGO_ENABLED=0 GOOS=linux go build -o /out/app .'));
  });

  it('puts them before time, whose program would run NAME=value as a command, and finds a path to go', () => {
    const result = ruleCatches('GMC102', building('time /usr/local/go/bin/go build -o /out/app .'));
    expect(result.output).toContain(
      'RUN CGO_ENABLED=0 GOOS=linux time /usr/local/go/bin/go build -o /out/app .\n',
    );
    expect(result.changes).toContainEqual(
      expect.objectContaining({
        code: 'GMC102',
        line: 4,
        what: 'set CGO_ENABLED=0 GOOS=linux on /usr/local/go/bin/go build',
      }),
    );
  });

  it('gives xx-go only CGO_ENABLED=0: it sets GOOS and GOARCH from TARGETPLATFORM itself', () => {
    const result = ruleCatches('GMC102', building('xx-go build -o /out/app . && xx-verify /out/app'));
    expect(result.output).toContain('RUN CGO_ENABLED=0 xx-go build -o /out/app . && xx-verify /out/app\n');
    expect(result.changes).toContainEqual({
      code: 'GMC102',
      line: 4,
      what: 'set CGO_ENABLED=0 on xx-go build',
      why: 'a scratch image has no C library: the binary must be static, whatever the builder image defaults to; xx-go sets GOOS and GOARCH from TARGETPLATFORM itself',
    });
    const wrapped = dockerfile(
      'FROM golang:1.22-alpine AS build',
      'RUN xx-go --wrap',
      'WORKDIR /src',
      'COPY . .',
      'RUN go build -o /out/app .',
      ...runtime,
    );
    expect(ruleCatches('GMC102', wrapped).output).toContain('RUN CGO_ENABLED=0 go build -o /out/app .\n');
  });

  it("edits inside sh -c's quoted script", () => {
    expect(ruleCatches('GMC102', building("sh -c 'go build -o /out/app .'")).output).toContain(
      "RUN sh -c 'CGO_ENABLED=0 GOOS=linux go build -o /out/app .'\n",
    );
    expect(ruleCatches('GMC102', building('/bin/sh -ec "go build -o /out/app ."')).output).toContain(
      'RUN /bin/sh -ec "CGO_ENABLED=0 GOOS=linux go build -o /out/app ."\n',
    );
    // With $ in double quotes the shell rewrites the script first: the go command cannot be placed.
    expect(ruleCatches('GMC006', building('sh -c "go build -o $OUT ."')).reason).toBe(
      'line 4 runs go in a `sh -c` script the shell expands before it runs (double quotes with $, ` or \\): its go command cannot be placed to set its environment; write the script in single quotes',
    );
  });

  it('sets them once before make, for every go build of the target, and says where they are', () => {
    const makefile =
      'all: api worker\napi:\n\tgo build -o /out/app ./cmd/api\nworker:\n\tGOOS=linux go build -o /out/worker ./cmd/worker\n';
    const result = ruleCatches('GMC102', building('make'), {
      contextFiles: contextOf({ Makefile: makefile }),
    });
    expect(result.output).toContain('RUN CGO_ENABLED=0 GOOS=linux make\n');
    expect(result.changes.filter((change) => change.code === 'GMC102')).toEqual([
      {
        code: 'GMC102',
        line: 4,
        what: 'set CGO_ENABLED=0 GOOS=linux on `make`, whose go build is at Makefile:3, Makefile:5 (the environment reaches it; the file is not edited)',
        why: 'a scratch image has no C library: the binary must be static, whatever the builder image defaults to',
      },
    ]);
  });

  it('names a recipe line once when a pattern rule runs it for several binaries', () => {
    const makefile = 'APPS = api worker\nall: $(addprefix bin/,$(APPS))\nbin/%:\n\tgo build -o $@ ./cmd/$*\n';
    const result = ruleCatches('GMC102', building('make'), {
      contextFiles: contextOf({ Makefile: makefile }),
    });
    expect(result.changes.find((change) => change.code === 'GMC102')?.what).toBe(
      'set CGO_ENABLED=0 GOOS=linux on `make`, whose go build is at Makefile:4 (the environment reaches it; the file is not edited)',
    );
  });

  it('takes the branch of a Makefile conditional make takes: a FIPS cgo link under ifeq, FIPS unset', () => {
    const makefile = [
      'LDFLAGS := -s -w',
      'ifeq ($(FIPS),true)',
      '  export CGO_ENABLED := 1',
      '  LDFLAGS += -linkmode external',
      'endif',
      'build:',
      "\tgo build -ldflags '$(LDFLAGS)' -o /out/app .",
      '',
    ].join('\n');
    const contextFiles = contextOf({ Makefile: makefile });
    expect(ruleCatches('GMC102', building('make build'), { contextFiles }).output).toContain(
      'RUN CGO_ENABLED=0 GOOS=linux make build\n',
    );
    // Asked for on make's command line, or by a build arg with no default the build may give: cgo, refused.
    expect(ruleCatches('GMC101', building('make build FIPS=true'), { contextFiles }).status).toBe('refused');
    const buildArg = building('make build FIPS=$FIPS').replace('RUN make', 'ARG FIPS\nRUN make');
    expect(ruleCatches('GMC101', buildArg, { contextFiles }).status).toBe('refused');
    // With a default, the default is the value.
    ruleCatches('GMC102', buildArg.replace('ARG FIPS\n', 'ARG FIPS=false\n'), { contextFiles });
    ruleCatchesNot('GMC101', buildArg.replace('ARG FIPS\n', 'ARG FIPS=false\n'), { contextFiles });
  });

  it('reads GNUmakefile, makefile or Makefile, the first make finds, as GNU make does', () => {
    const build = (to: string) => `build:\n\tgo build -o ${to} .\n`;
    const whose = (files: Record<string, string>) =>
      ruleCatches('GMC102', building('make build'), { contextFiles: contextOf(files) }).changes.find(
        (change) => change.code === 'GMC102',
      )?.what;
    expect(whose({ makefile: build('/out/app') })).toMatch(/whose go build is at makefile:2 /);
    expect(whose({ GNUmakefile: build('/out/app') })).toMatch(/whose go build is at GNUmakefile:2 /);
    expect(whose({ GNUmakefile: build('/out/app'), makefile: 'x', Makefile: 'y' })).toMatch(
      /at GNUmakefile:2 /,
    );
    expect(whose({ makefile: build('/out/app'), Makefile: 'build:\n\techo no go\n' })).toMatch(
      /at makefile:2 /,
    );
    // -f names the file: no other is read.
    expect(
      ruleCatches('GMC006', building('make -f Makefile build'), {
        contextFiles: contextOf({ makefile: build('/out/app') }),
      }).reason,
    ).toBe('line 4 runs `make -f Makefile build`: /src/Makefile (the Makefile) is not in the build context');
  });

  it('reads -j and -l with their number, attached or as the next word, and the goals after them', () => {
    const contextFiles = contextOf({ Makefile: 'build:\n\tgo build -o /out/app .\n2:\n\techo two\n' });
    const follows = (run: string) =>
      ruleCatches('GMC102', building(run), { contextFiles }).changes.find(
        (change) => change.code === 'GMC102',
      )?.what;
    for (const run of ['make -j 4 build', 'make -j4 build', 'make --jobs 4 build', 'make -l 2.5 -j build'])
      expect(follows(run)).toMatch(/whose go build is at Makefile:2 /);
    // With -j4 attached, the 2 after it is a goal: its recipe runs no go build.
    expect(ruleCatches('GMC006', building('make -j4 2'), { contextFiles }).reason).toBe(
      'line 4 runs `make -j4 2`, which was read and runs no go build or go install',
    );
  });

  it('reads the Makefile where COPY put it, and make -C runs it in that folder', () => {
    const text = dockerfile(
      'FROM golang:1.22-alpine AS build',
      'COPY backend/ /src/',
      'RUN make -C /src build',
      'FROM alpine:3.19',
      'COPY --from=build /src/bin/app /app',
      'CMD ["/app"]',
    );
    const files = { 'backend/Makefile': 'build:\n\tgo build -o bin/app .\n' };
    const result = ruleCatches('GMC102', text, { contextFiles: contextOf(files) });
    expect(result.output).toContain('RUN CGO_ENABLED=0 GOOS=linux make -C /src build\n');
  });

  it("follows the RUN's own cd to the Makefile, and resolves -o from there", () => {
    const text = dockerfile(
      'FROM golang:1.22 AS build',
      'WORKDIR /src',
      'COPY . .',
      'RUN cd backend && make b',
      'FROM alpine:3.19',
      'COPY --from=build /src/backend/bin/app /app',
      'CMD ["/app"]',
    );
    const files = { 'backend/Makefile': 'b:\n\tgo build -o bin/app .\n', 'go.mod': 'module x\n' };
    const result = ruleCatches('GMC102', text, { contextFiles: contextOf(files) });
    expect(result.output).toContain('RUN cd backend && CGO_ENABLED=0 GOOS=linux make b\n');
    expect(result.changes).toContainEqual(
      expect.objectContaining({ what: expect.stringContaining('whose go build is at backend/Makefile:2') }),
    );
  });

  it('sets them before a script, and not when the script exports them', () => {
    const files = {
      'scripts/build.sh': '#!/bin/sh\nset -e\ngo build -o /out/app .\n',
      'scripts/static.sh': '#!/bin/sh\nexport CGO_ENABLED=0 GOOS=linux\ngo build -o /out/app .\n',
    };
    const options = { contextFiles: contextOf(files) };
    expect(ruleCatches('GMC102', building('./scripts/build.sh'), options).output).toContain(
      'RUN CGO_ENABLED=0 GOOS=linux ./scripts/build.sh\n',
    );
    ruleCatchesNot('GMC102', building('sh scripts/static.sh'), options);
  });

  describe('a recipe whose CGO_ENABLED the Makefile computes from its environment (promtail)', () => {
    const computed = [
      'CGO := 0',
      'ifneq ($(CGO_ENABLED), 0)',
      'CGO = 1',
      'endif',
      'b:',
      '\tCGO_ENABLED=$(CGO) GOOS=linux go build -o /out/app .',
      '',
    ].join('\n');
    const files = { contextFiles: contextOf({ Makefile: computed }) };

    it('gives make CGO_ENABLED=0 and GOOS=linux, though the recipe sets both: without them it builds with cgo', () => {
      const result = ruleCatches('GMC102', building('make b'), files);
      expect(result.output).toContain('\nRUN CGO_ENABLED=0 GOOS=linux make b\n');
      expect(result.changes).toContainEqual(
        expect.objectContaining({ what: expect.stringMatching(/^set CGO_ENABLED=0 GOOS=linux on `make b`/) }),
      );
    });

    it('adds only what the RUN or an ENV does not give already', () => {
      expect(ruleCatches('GMC102', building('GOOS=linux make b'), files).output).toContain(
        '\nRUN GOOS=linux CGO_ENABLED=0 make b\n',
      );
      ruleCatchesNot('GMC102', building('CGO_ENABLED=0 GOOS=linux make b'), files);
      ruleCatchesNot(
        'GMC102',
        dockerfile(
          'FROM golang:1.22-alpine AS build',
          'ENV CGO_ENABLED=0 GOOS=linux',
          'COPY . .',
          'RUN make b',
          'FROM alpine:3.19',
          'COPY --from=build /out/app /app',
          'CMD ["/app"]',
        ),
        files,
      );
    });

    it('leaves make alone when the recipe sets both and the Makefile does not read them', () => {
      const fixed = 'b:\n\tCGO_ENABLED=0 GOOS=linux go build -o /out/app .\n';
      ruleCatchesNot('GMC102', building('make b'), { contextFiles: contextOf({ Makefile: fixed }) });
    });
  });

  it('does not catch make when the Makefile exports both, nor a command-line CGO_ENABLED=0 GOOS=linux', () => {
    const makefile = 'export CGO_ENABLED := 0\nexport GOOS := linux\nb:\n\tgo build -o /out/app .\n';
    ruleCatchesNot('GMC102', building('make b'), { contextFiles: contextOf({ Makefile: makefile }) });
    const plain = 'b:\n\tgo build -o /out/app .\n';
    ruleCatchesNot('GMC102', building('CGO_ENABLED=0 GOOS=linux make b'), {
      contextFiles: contextOf({ Makefile: plain }),
    });
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

describe('GMC102 static build: what the report names', () => {
  const runtime = ['FROM alpine:3.19', 'COPY --from=build /out/app /app', 'CMD ["/app"]'];
  const whatOf = (run: string, options = {}) =>
    ruleCatches(
      'GMC102',
      dockerfile('FROM golang:1.22-alpine AS build', 'COPY . .', `RUN ${run}`, ...runtime),
      options,
    )
      .changes.filter((change) => change.code === 'GMC102')
      .map((change) => change.what);

  it('names the go word and verb of a direct command, as written', () => {
    expect(whatOf('go build -o /out/app .')).toEqual(['set CGO_ENABLED=0 GOOS=linux on go build']);
    expect(whatOf('GOOS=linux go install ./cmd/app')).toEqual(['set CGO_ENABLED=0 on go install']);
    expect(whatOf('/usr/local/go/bin/go build -o /out/app .')).toEqual([
      'set CGO_ENABLED=0 GOOS=linux on /usr/local/go/bin/go build',
    ]);
  });

  it('names the make run and every place of the builds it serves', () => {
    const makefile = 'all: a b\na:\n\tgo build -o /out/app .\nb:\n\tgo build -o /out/tool ./tool\n';
    expect(whatOf('make', { contextFiles: contextOf({ Makefile: makefile }) })).toEqual([
      'set CGO_ENABLED=0 GOOS=linux on `make`, whose go build is at Makefile:3, Makefile:5 (the environment reaches it; the file is not edited)',
    ]);
  });

  it('refuses go in exec form, which cannot set its environment', () => {
    expect(
      ruleCatches(
        'GMC102',
        dockerfile(
          'FROM golang:1.22-alpine AS build',
          'RUN ["go", "build", "-o", "/out/app", "."]',
          ...runtime,
        ),
      ).refusals,
    ).toContainEqual({
      code: 'GMC102',
      line: 2,
      message: 'line 2 runs go in exec form, which cannot set its environment: use the shell form',
    });
  });
});
