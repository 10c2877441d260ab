/** GMC006 unfollowed build (src/core/convert/rules/unfollowed-build.ts): what it catches and what it does not. */
import { describe, expect, it } from '@jest/globals';
import { builderRunning, contextOf } from './context.js';
import { codesOf, convert, dockerfile, ruleCatches, ruleCatchesNot } from './helpers.js';

const MAKEFILE = 'build:\n\tgo build -o /out/app .\n';

describe('GMC006 unfollowed build', () => {
  it('catches a make target the Makefile does not have, instead of GMC003', () => {
    const result = ruleCatches('GMC006', builderRunning('make release'), {
      contextFiles: contextOf({ Makefile: MAKEFILE }),
    });
    expect(result.refusals).toEqual([
      { code: 'GMC006', line: 4, message: 'line 4 runs `make release`: Makefile has no target release' },
    ]);
    expect(codesOf(result)).not.toContain('GMC003');
  });

  it('catches make with no Makefile in the context', () => {
    const result = ruleCatches('GMC006', builderRunning('make'), { contextFiles: contextOf({}) });
    expect(result.reason).toBe(
      'line 4 runs `make`: /src/Makefile (the Makefile) is not in the build context',
    );
  });

  it('catches a script that is not in the context', () => {
    const result = ruleCatches('GMC006', builderRunning('./scripts/build.sh --release'), {
      contextFiles: contextOf({}),
    });
    expect(result.reason).toBe(
      'line 4 runs `./scripts/build.sh --release`: ./scripts/build.sh is not in the build context (looked for /src/scripts/build.sh)',
    );
  });

  it('catches an output path computed at build time', () => {
    const files = { 'build.sh': 'go build -o "/out/$(uname -m)/app" .\n' };
    const result = ruleCatches('GMC006', builderRunning('sh build.sh'), { contextFiles: contextOf(files) });
    expect(result.reason).toBe(
      'line 4 runs `sh build.sh`: the go build at build.sh:1 uses $(uname -m) in -o: output path unknown',
    );
  });

  describe("an -o whose only unknown is `go env GOARCH`, the builder's own architecture", () => {
    const makefile = [
      'GOOS ?= $(shell go env GOOS)',
      'GOARCH ?= $(shell go env GOARCH)',
      'dev:',
      '\t$(MAKE) pkg/$(GOOS)_$(GOARCH)/app',
      'pkg/%/app:',
      '\tCGO_ENABLED=0 go build -o $@ .',
      '',
    ].join('\n');
    const shipping = (...sources: string[]) =>
      [
        'FROM golang:1.22-alpine AS build',
        'WORKDIR /src',
        'COPY . .',
        'RUN make dev',
        'FROM alpine:3.19',
        ...sources.map((source) => `COPY --from=build ${source} /usr/local/bin/`),
        'ENTRYPOINT ["app"]',
        '',
      ].join('\n');
    const files = { contextFiles: contextOf({ Makefile: makefile }) };

    it('follows it when the COPY that ships it names the path for one architecture', () => {
      ruleCatchesNot('GMC006', shipping('/src/pkg/linux_amd64/app'), files);
      expect(convert(shipping('/src/pkg/linux_amd64/app'), files).status).toBe('converted');
    });

    it('catches it when the COPYs name two architectures, or none that it writes', () => {
      const message =
        'line 4 runs `make dev`: the go build at Makefile:6 uses $(shell go env GOARCH) in -o: output path unknown';
      expect(
        ruleCatches('GMC006', shipping('/src/pkg/linux_amd64/app', '/src/pkg/linux_arm64/app'), files).reason,
      ).toBe(message);
      expect(ruleCatches('GMC006', shipping('/src/pkg/linux_amd64/other'), files).reason).toBe(message);
      expect(ruleCatches('GMC006', shipping('/src/pkg/darwin_amd64/app'), files).reason).toBe(message);
    });

    it('catches another unknown beside it', () => {
      const script = { 'build.sh': 'go build -o "/src/pkg/$(uname -s)_$(go env GOARCH)/app" .\n' };
      ruleCatches('GMC006', shipping('/src/pkg/Linux_amd64/app').replace('make dev', 'sh build.sh'), {
        contextFiles: contextOf(script),
      });
    });
  });

  describe('a program a go install of the stage installed (mage, task), which may run the build itself', () => {
    const withTool = (install: string, run: string, copy = 'COPY --from=build /src/planner /app/planner') =>
      dockerfile(
        'FROM golang:1.22-alpine AS build',
        `RUN go install ${install}`,
        'WORKDIR /src',
        'COPY . .',
        'ENV CGO_ENABLED=0',
        `RUN ${run}`,
        'FROM alpine:3.20',
        copy,
        'ENTRYPOINT ["/app/planner"]',
      );

    it('refuses the file when the binary the image starts is written by none of the go builds found', () => {
      expect(
        ruleCatches('GMC006', withTool('github.com/magefile/mage@v1.15.0', 'mage build:clean build:build'))
          .refusals,
      ).toEqual([
        {
          code: 'GMC006',
          line: 6,
          message:
            'line 6 runs `mage build:clean build:build`: mage, which the go install at line 2 installs, may run the build itself (mage, task), and the go builds it makes cannot be followed; the binary the image starts, /app/planner (copied at line 8), is written by none of the go builds found, and may be built there',
        },
      ]);
      expect(
        ruleCatches('GMC006', withTool('github.com/go-task/task/v3/cmd/task@v3.38.0', '/go/bin/task build'))
          .reason,
      ).toMatch(/^line 6 runs `\/go\/bin\/task build`: task, which the go install at line 2 installs, /);
    });

    it('leaves a generator next to the go build that writes the binary, with no warning', () => {
      const text = withTool(
        'github.com/swaggo/swag/cmd/swag@v1.16.3',
        'swag init -g main.go && go build -o /src/planner .',
      );
      ruleCatchesNot('GMC006', text);
      expect(convert(text).status).toBe('converted');
    });

    it('leaves a program of the same name that no go install of the stage installed', () => {
      const text = dockerfile(
        'FROM golang:1.22-alpine AS tools',
        'RUN go install github.com/magefile/mage@v1.15.0',
        'FROM golang:1.22-alpine AS build',
        'RUN mage build && go build -o /src/planner .',
        'FROM alpine:3.20',
        'COPY --from=build /src/planner /app/planner',
        'ENTRYPOINT ["/app/planner"]',
      );
      ruleCatchesNot('GMC006', text);
    });
  });

  it('catches an -o from a variable an unreadable include may define, and follows one it can read', () => {
    const makefile = 'include config.mk\nbuild:\n\tgo build -o $(OUT)/app .\n';
    expect(
      ruleCatches('GMC006', builderRunning('make build'), { contextFiles: contextOf({ Makefile: makefile }) })
        .reason,
    ).toBe('line 4 runs `make build`: the go build at Makefile:3 uses $(OUT) in -o: output path unknown');
    const readable = contextOf({ Makefile: makefile, 'config.mk': 'OUT = /out\n' });
    ruleCatchesNot('GMC006', builderRunning('make build'), { contextFiles: readable });
  });

  it('catches go run build.go and go run ./build, mage-like build programs', () => {
    expect(ruleCatches('GMC006', builderRunning('go run build.go -v')).reason).toBe(
      'line 4 runs `go run build.go -v`: a Go program that runs the build itself (mage-like); the go builds it makes cannot be followed',
    );
    ruleCatches('GMC006', builderRunning('go run ./build'));
  });

  it('catches go run build/ci.go install (go-ethereum style) and a go run build.go inside an if, not GMC003', () => {
    expect(ruleCatches('GMC006', builderRunning('go run build/ci.go install ./cmd/geth')).reason).toBe(
      'line 4 runs `go run build/ci.go install ./cmd/geth`: a Go program that runs the build itself (mage-like); the go builds it makes cannot be followed',
    );
    const inIf = ruleCatches('GMC006', builderRunning('if [ -f build.go ]; then go run build.go; fi'));
    expect(inIf.reason).toBe(
      'line 4 runs `go run build.go`: a Go program that runs the build itself (mage-like); the go builds it makes cannot be followed',
    );
    expect(inIf.refusals.map((refusal) => refusal.code)).not.toContain('GMC003');
  });

  it('warns, and converts, when the file has a go build next to a make it could not follow', () => {
    const result = ruleCatches('GMC006', builderRunning('make generate && go build -o /out/app .'), {
      contextFiles: contextOf({}),
    });
    expect(result.status).toBe('converted');
    expect(result.warnings).toContainEqual({
      code: 'GMC006',
      line: 4,
      message:
        'line 4 runs `make generate`: /src/Makefile (the Makefile) is not in the build context; if it builds a binary that ships, that binary may not be static',
    });
  });

  it('warns of a script it could not follow next to a go build, as of a make', () => {
    const result = ruleCatches('GMC006', builderRunning('./scripts/gen.sh && go build -o /out/app .'), {
      contextFiles: contextOf({}),
    });
    expect(result.status).toBe('converted');
    expect(
      result.warnings.filter((warning) => warning.code === 'GMC006').map((warning) => warning.message),
    ).toEqual([
      expect.stringMatching(
        /^line 4 runs `\.\/scripts\/gen\.sh`: .*; if it builds a binary that ships, that binary may not be static$/,
      ),
    ]);
  });

  it('refuses a step it could not follow in any stage the started binary comes from, and only that one', () => {
    const text = dockerfile(
      'FROM golang:1.22-alpine AS assets',
      'WORKDIR /web',
      'RUN make assets',
      'FROM golang:1.22-alpine AS base',
      'WORKDIR /src',
      'RUN go install github.com/magefile/mage@v1.15.0 && mage build',
      'FROM base AS build',
      'RUN CGO_ENABLED=0 go build -o /out/other .',
      'FROM alpine:3.20',
      'COPY --from=assets /web/dist /srv/web',
      'COPY --from=build /src/planner /app/planner',
      'ENTRYPOINT ["/app/planner"]',
    );
    const refused = convert(text, { contextFiles: contextOf({}) }).refusals.filter(
      (finding) => finding.code === 'GMC006',
    );
    // mage in base, which build starts FROM, may build the binary; make in the assets stage cannot have.
    expect(refused.map((finding) => finding.line)).toEqual([6]);
  });

  it('finds the started binary by its name on the PATH, as the converted ENTRYPOINT does', () => {
    const text = dockerfile(
      'FROM golang:1.22-alpine AS build',
      'RUN go install github.com/magefile/mage@v1.15.0',
      'WORKDIR /src',
      'RUN mage build',
      'FROM alpine:3.20',
      'COPY --from=build /src/planner /usr/local/bin/planner',
      'ENTRYPOINT ["planner"]',
    );
    expect(ruleCatches('GMC006', text).reason).toMatch(
      /the binary the image starts, \/usr\/local\/bin\/planner \(copied at line 6\), is written by none of the go builds found/,
    );
  });

  it('catches a make target that was read and builds no Go, when the file has no other build', () => {
    const files = contextOf({ Makefile: 'generate:\n\tprotoc --go_out=. api.proto\n' });
    expect(ruleCatches('GMC006', builderRunning('make generate'), { contextFiles: files }).reason).toBe(
      'line 4 runs `make generate`, which was read and runs no go build or go install',
    );
  });

  it('does not catch go run of a generator or a make target with no go build next to a build, nor a file with no build at all', () => {
    ruleCatchesNot('GMC006', builderRunning('go run ./gen && go build -o /out/app .'));
    const files = contextOf({ Makefile: 'generate:\n\tprotoc --go_out=. api.proto\n' });
    ruleCatchesNot('GMC006', builderRunning('make generate && go build -o /out/app .'), {
      contextFiles: files,
    });
    const none = ruleCatchesNot('GMC006', dockerfile('FROM node:20', 'RUN npm ci', 'CMD ["node", "i.js"]'));
    expect(codesOf(none)).toEqual(['GMC003']);
  });

  it('does not catch a RUN of a binary built earlier, which is no script', () => {
    const result = convert(builderRunning('go build -o /out/app . && ./app -version'), {
      contextFiles: contextOf({}),
    });
    expect(codesOf(result)).not.toContain('GMC006');
  });
});

describe('GMC006 a go build the shell runs another way, next to builds that were found', () => {
  const withRun = (run: string) =>
    dockerfile(
      'FROM golang:1.26 AS builder',
      'WORKDIR /src',
      'COPY . .',
      'RUN go vet ./... && go build -o /out/tool ./internal/greet',
      run,
      'FROM debian:bookworm-slim',
      'COPY --from=builder /out/server /usr/local/bin/server',
      'CMD ["server"]',
    );

  it('refuses the file when the binary it starts is built behind xargs, eval or a variable', () => {
    for (const run of [
      'RUN echo ./cmd/server | xargs go build -o /out/server',
      'RUN $GO build -o /out/server ./cmd/server',
      'RUN go build -o /out/a ./a && eval "go build -o /out/server ./cmd/server"',
    ])
      expect({ run, refusals: ruleCatches('GMC006', withRun(run)).refusals }).toEqual({
        run,
        refusals: [
          {
            code: 'GMC006',
            line: 5,
            message:
              'line 5 runs a go build the converter cannot place (behind xargs, eval or a variable), and the binary the image starts, /usr/local/bin/server (copied at line 7), is written by none of the go builds found: write it as a plain go build -o /out/server',
          },
        ],
      });
  });

  it('does not refuse when every go build written is one it found', () => {
    ruleCatchesNot('GMC006', withRun('RUN go build -o /out/server ./cmd/server'));
  });
});
