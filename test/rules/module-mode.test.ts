/** GMC107 module mode (src/core/convert/rules/module-mode.ts): what it catches and what it does not. */
import { describe, expect, it } from '@jest/globals';
import { contextOf } from './context.js';
import { dockerfile, ruleCatches, ruleCatchesNot } from './helpers.js';

/** A context with Go source and no go.mod: a GOPATH-era project. */
const NO_GO_MOD = { contextFiles: contextOf({ 'main.go': 'package main\n' }) };

const ARTICLE = (image: string) =>
  dockerfile(
    `FROM ${image}`,
    'ADD . /go/src/github.com/acme/hello',
    'RUN go install github.com/acme/hello',
    'CMD ["/go/bin/hello"]',
  );

describe('GMC107 module mode', () => {
  it('catches go install <import path> from outside the tree, and creates the module the context lacks', () => {
    const result = ruleCatches('GMC107', ARTICLE('golang:1.22'), NO_GO_MOD);
    expect(result.output).toContain(
      'RUN go -C /go/src/github.com/acme/hello mod init github.com/acme/hello && go -C /go/src/github.com/acme/hello mod tidy && CGO_ENABLED=0 GOOS=linux go -C /go/src/github.com/acme/hello install .\n',
    );
    // The binary keeps its path: go install in module github.com/acme/hello writes /go/bin/hello.
    expect(result.output).toContain('COPY --from=build /go/bin/hello /go/bin/hello\n');
    expect(result.changes.filter((change) => change.code === 'GMC107').map((change) => change.what)).toEqual([
      'created a module for the source at /go/src/github.com/acme/hello before go install: go mod init github.com/acme/hello && go mod tidy',
      'runs go install in the source tree at /go/src/github.com/acme/hello (go -C /go/src/github.com/acme/hello), its packages named relative to it',
    ]);
    expect(result.warnings).toContainEqual({
      code: 'GMC107',
      line: 3,
      message:
        "the build context has no go.mod: line 3 creates one at build time with go mod tidy, which takes each dependency's latest version; commit a go.mod and go.sum (go mod init github.com/acme/hello && go mod tidy) for reproducible builds",
    });
  });

  it('only points the build at the tree when the context has a go.mod', () => {
    const result = ruleCatches('GMC107', ARTICLE('golang:1.22'), { modulePath: 'github.com/acme/hello' });
    expect(result.output).toContain(
      'RUN CGO_ENABLED=0 GOOS=linux go -C /go/src/github.com/acme/hello install .\n',
    );
    expect(result.warnings.map((warning) => warning.code)).not.toContain('GMC107');
  });

  it('uses cd before Go 1.20, which has no go -C, and keeps go build output where it was', () => {
    const text = dockerfile(
      'FROM golang:1.18 AS build',
      'ADD . /go/src/github.com/acme/hello',
      'RUN go build github.com/acme/hello/cmd/hello',
      'FROM alpine',
      'COPY --from=build /go/hello /hello',
    );
    expect(ruleCatches('GMC107', text, NO_GO_MOD).output).toContain(
      'RUN cd /go/src/github.com/acme/hello && go mod init github.com/acme/hello && go mod tidy && CGO_ENABLED=0 GOOS=linux go build -o /go/hello ./cmd/hello\n',
    );
  });

  it('creates the module once, at the first go command of the README pattern (go get then go install)', () => {
    const text = dockerfile(
      'FROM golang:1.22',
      'WORKDIR /go/src/app',
      'COPY . .',
      'RUN go get -d -v ./...',
      'RUN go install -v ./...',
      'CMD ["app"]',
    );
    const result = ruleCatches('GMC107', text, NO_GO_MOD);
    expect(result.output).toContain('RUN go -C /go/src/app mod init app && go -C /go/src/app mod tidy\n');
    expect(result.changes).toContainEqual(
      expect.objectContaining({
        code: 'GMC107',
        line: 4,
        what: 'replaced go get with go mod init app && go mod tidy: the module go get needs did not exist, and go mod tidy fetches the dependencies go get fetched into GOPATH',
      }),
    );
    expect(result.output).toContain('RUN CGO_ENABLED=0 GOOS=linux go install -v ./...\n');
    expect(result.output).toContain('CMD ["/go/bin/app"]');
  });

  it('does not catch a build inside a module, a versioned go install, Go before 1.16, or GO111MODULE=off', () => {
    const inside = dockerfile(
      'FROM golang:1.22',
      'WORKDIR /go/src/github.com/acme/hello',
      'COPY . .',
      'RUN go install github.com/acme/hello',
    );
    ruleCatchesNot('GMC107', inside, { modulePath: 'github.com/acme/hello' });
    ruleCatchesNot(
      'GMC107',
      dockerfile('FROM golang:1.22', 'COPY . /src', 'RUN go install example.com/x@latest'),
      NO_GO_MOD,
    );
    ruleCatchesNot('GMC107', ARTICLE('golang:1.8'), NO_GO_MOD);
    const off = dockerfile(
      'FROM golang:1.20',
      'ENV GO111MODULE=off',
      'ADD . /go/src/github.com/acme/hello',
      'RUN go install github.com/acme/hello',
    );
    ruleCatchesNot('GMC107', off, NO_GO_MOD);
  });

  it('does not create a module when the build runs in a folder of the context that has its go.mod', () => {
    const text = dockerfile(
      'FROM golang:1.22',
      'COPY . /src',
      'WORKDIR /src/services/api',
      'RUN go install .',
    );
    const files = contextOf({
      'services/api/go.mod': 'module example.com/api\n',
      'services/api/main.go': '',
    });
    ruleCatchesNot('GMC107', text, { contextFiles: files });
    // The same tree without that go.mod is GOPATH-era source: it gets one, named after the tree's folder.
    const bare = ruleCatches('GMC107', text, NO_GO_MOD);
    expect(bare.output).toContain(
      'RUN go -C /src mod init src && go -C /src mod tidy && CGO_ENABLED=0 GOOS=linux go install .\n',
    );
  });

  it('finds that go.mod when the whole context was copied to / (COPY . /)', () => {
    const text = dockerfile('FROM golang:1.22', 'COPY . /', 'WORKDIR /backend', 'RUN go install .');
    const files = contextOf({ 'backend/go.mod': 'module example.com/backend\n', 'backend/main.go': '' });
    ruleCatchesNot('GMC107', text, { contextFiles: files });
    expect(ruleCatches('GMC107', text, NO_GO_MOD).output).toContain('mod init');
  });

  it('refuses go get of a package outside any module, and not after COPY go.mod', () => {
    const text = dockerfile(
      'FROM golang:1.22 AS build',
      'RUN go get -u github.com/lib/pq',
      'COPY . /go/src/app',
      'WORKDIR /go/src/app',
      'RUN go build -o /app .',
      'FROM alpine',
      'COPY --from=build /app /app',
    );
    expect(ruleCatches('GMC107', text, { modulePath: 'example.com/app' }).refusals).toEqual([
      {
        code: 'GMC107',
        line: 2,
        message:
          'line 2 runs go get github.com/lib/pq outside any module, which current Go refuses ("go get is no longer supported outside a module"): to install a command, use go install github.com/lib/pq@<version>; for a dependency, list it in go.mod',
      },
    ]);
    const modFirst = text.replace('RUN go get', 'WORKDIR /go/src/app\nCOPY go.mod go.sum ./\nRUN go get');
    ruleCatchesNot('GMC107', modFirst, { modulePath: 'example.com/app' });
  });

  it('refuses a GOPATH-era go get that is the only go command of the file, rather than "no Go build found"', () => {
    const text = dockerfile(
      'FROM golang:1.22-alpine',
      'RUN go get github.com/acme/tool',
      'ENTRYPOINT ["tool"]',
    );
    const result = ruleCatches('GMC107', text);
    expect(result.refusals).toEqual([
      {
        code: 'GMC107',
        line: 2,
        message:
          'line 2 runs go get github.com/acme/tool outside any module, which current Go refuses ("go get is no longer supported outside a module"): to install a command, use go install github.com/acme/tool@<version>; for a dependency, list it in go.mod',
      },
    ]);
    // GOPATH mode on purpose, or a Go older than modules: not this refusal.
    ruleCatchesNot('GMC107', text.replace('RUN go get', 'ENV GO111MODULE=off\nRUN go get'));
    ruleCatchesNot('GMC107', text.replace('golang:1.22-alpine', 'golang:1.12-alpine'));
  });

  it('does not create a module when the context was not read: its go.mod is then unknown', () => {
    const text = dockerfile('FROM golang:1.22', 'WORKDIR /app', 'COPY . .', 'RUN go install .');
    ruleCatchesNot('GMC107', text);
  });

  it('repeats the module settings of the go command for go mod tidy, as written, and not the build-only ones', () => {
    const text = dockerfile(
      'FROM golang:1.22',
      'ADD . /go/src/github.com/acme/hello',
      'RUN GOARCH=amd64 GOFLAGS=-mod=mod GOPROXY="https://proxy.example.com,direct" GOPRIVATE=example.com GONOPROXY=a GONOSUMDB=b GONOSUMCHECK=1 GOSUMDB=off GOINSECURE=c GOMODCACHE=/cache GOPATH=/go GOTOOLCHAIN=local GOWORK=off GOENV=off GOVCS=public:git GIT_TERMINAL_PROMPT=0 go install github.com/acme/hello',
      'CMD ["/go/bin/hello"]',
    );
    const settings =
      'GOFLAGS=-mod=mod GOPROXY="https://proxy.example.com,direct" GOPRIVATE=example.com GONOPROXY=a GONOSUMDB=b GONOSUMCHECK=1 GOSUMDB=off GOINSECURE=c GOMODCACHE=/cache GOPATH=/go GOTOOLCHAIN=local GOWORK=off GOENV=off GOVCS=public:git GIT_TERMINAL_PROMPT=0';
    const result = ruleCatches('GMC107', text, NO_GO_MOD);
    expect(result.output).toContain(
      `RUN go -C /go/src/github.com/acme/hello mod init github.com/acme/hello && ${settings} go -C /go/src/github.com/acme/hello mod tidy && GOARCH=amd64 ${settings} CGO_ENABLED=0 GOOS=linux go -C /go/src/github.com/acme/hello install .\n`,
    );
    const why =
      'current Go builds in module mode only: outside a module, go install <import path> fails ("requires a version") and go get and go build fail ("go.mod file not found")';
    expect(result.changes.filter((change) => change.code === 'GMC107').map((change) => change.why)).toEqual([
      why,
      why,
    ]);
    // Before Go 1.20 (cd, no go -C): the same settings for go mod tidy; with a go.mod only the cd.
    const old = dockerfile(
      'FROM golang:1.18',
      'ADD . /go/src/github.com/acme/hello',
      'RUN GOPROXY=https://proxy.example.com GOARCH=arm64 go install github.com/acme/hello',
    );
    expect(ruleCatches('GMC107', old, NO_GO_MOD).output).toContain(
      'RUN cd /go/src/github.com/acme/hello && go mod init github.com/acme/hello && GOPROXY=https://proxy.example.com go mod tidy && GOPROXY=https://proxy.example.com GOARCH=arm64 CGO_ENABLED=0 GOOS=linux go install .\n',
    );
    expect(ruleCatches('GMC107', old, { modulePath: 'github.com/acme/hello' }).output).toContain(
      'RUN cd /go/src/github.com/acme/hello && GOPROXY=https://proxy.example.com GOARCH=arm64 CGO_ENABLED=0 GOOS=linux go install .\n',
    );
  });

  it('uses go -C from Go 1.20 on, and on a golang tag that names no version', () => {
    const text = (image: string) =>
      dockerfile(
        `FROM ${image}`,
        'ADD . /go/src/github.com/acme/hello',
        'RUN go install github.com/acme/hello/...',
      );
    for (const image of ['golang:1.20', 'golang:alpine'])
      expect(ruleCatches('GMC107', text(image), { modulePath: 'github.com/acme/hello' }).output).toContain(
        'RUN CGO_ENABLED=0 GOOS=linux go -C /go/src/github.com/acme/hello install ./...\n',
      );
  });

  it('names the module after the path under the stage GOPATH, and each package and -o as seen from the tree', () => {
    const text = dockerfile(
      'FROM golang:1.22',
      'ENV GOPATH=/gopath',
      'ADD . /gopath/src/github.com/acme/hello/',
      'WORKDIR /gopath/src/github.com/acme',
      'RUN go build -o bin/hello ./hello/cmd/hello && go install /gopath/src/github.com/acme/hello/cmd/tool',
    );
    expect(ruleCatches('GMC107', text, NO_GO_MOD).output).toContain(
      'RUN go -C /gopath/src/github.com/acme/hello mod init github.com/acme/hello && go -C /gopath/src/github.com/acme/hello mod tidy && CGO_ENABLED=0 GOOS=linux go -C /gopath/src/github.com/acme/hello build -o /gopath/src/github.com/acme/bin/hello ./cmd/hello && CGO_ENABLED=0 GOOS=linux go -C /gopath/src/github.com/acme/hello install ./cmd/tool\n',
    );
  });

  it('creates the module at the first go build, install or get, not at go version or another go mod', () => {
    const text = dockerfile(
      'FROM golang:1.22',
      'ADD . /go/src/github.com/acme/hello',
      'WORKDIR /go/src/github.com/acme/hello',
      'RUN go version && go env',
      'RUN git submodule init && echo mod init && go work init && go mod download',
      'RUN go build -o /app .',
      'CMD ["/app"]',
    );
    const result = ruleCatches('GMC107', text, NO_GO_MOD);
    expect(result.output).toContain('RUN go version && go env\n');
    expect(result.output).toContain(
      'RUN go -C /go/src/github.com/acme/hello mod init github.com/acme/hello && go -C /go/src/github.com/acme/hello mod tidy && CGO_ENABLED=0 GOOS=linux go build -o /app .\n',
    );
    expect(result.changes.filter((change) => change.code === 'GMC107').map((change) => change.line)).toEqual([
      6,
    ]);
  });

  it('does not create a module after the file runs go mod init itself, with its settings written before it', () => {
    const text = dockerfile(
      'FROM golang:1.22',
      'ADD . /go/src/github.com/acme/hello',
      'WORKDIR /go/src/github.com/acme/hello',
      'RUN GOFLAGS=-mod=mod go mod init github.com/acme/hello && go mod tidy',
      'RUN go build -o /app .',
      'CMD ["/app"]',
    );
    ruleCatchesNot('GMC107', text, NO_GO_MOD);
  });

  it('finds the go.mod of a folder between the tree and the working directory', () => {
    const text = dockerfile(
      'FROM golang:1.22',
      'COPY . /src',
      'WORKDIR /src/services/api/cmd/server',
      'RUN go install .',
    );
    ruleCatchesNot('GMC107', text, {
      contextFiles: contextOf({ 'services/api/go.mod': 'module example.com/api\n' }),
    });
  });

  it('leaves a versioned go install of a package of the tree, and a package of another module', () => {
    for (const run of [
      'RUN go install github.com/acme/hello/cmd/tool@v1.2.0',
      'RUN go build -o /bin/stringer golang.org/x/tools/cmd/stringer',
    ])
      ruleCatchesNot('GMC107', dockerfile('FROM golang:1.22', 'ADD . /go/src/github.com/acme/hello', run), {
        modulePath: 'github.com/acme/hello',
      });
  });

  it('keeps each go build output where it was, from -o path, -o=path, --o, the last -o, or the package name', () => {
    const text = dockerfile(
      'FROM golang:1.22',
      'ADD . /go/src/github.com/acme/hello',
      'WORKDIR /go/src/github.com/acme',
      'RUN go build -o=bin/server ./hello/cmd/server && go build -v --o bin/api ./hello/cmd/api/ && go build -o bin/old -v -o bin/cli ./hello/cmd/cli && go build ./hello/cmd/worker/...',
    );
    expect(ruleCatches('GMC107', text, { modulePath: 'github.com/acme/hello' }).output).toContain(
      'RUN CGO_ENABLED=0 GOOS=linux go -C /go/src/github.com/acme/hello build -o=/go/src/github.com/acme/bin/server ./cmd/server && CGO_ENABLED=0 GOOS=linux go -C /go/src/github.com/acme/hello build -v --o /go/src/github.com/acme/bin/api ./cmd/api && CGO_ENABLED=0 GOOS=linux go -C /go/src/github.com/acme/hello build -o bin/old -v -o /go/src/github.com/acme/bin/cli ./cmd/cli && CGO_ENABLED=0 GOOS=linux go -C /go/src/github.com/acme/hello build -o /go/src/github.com/acme/worker ./cmd/worker/...\n',
    );
  });

  it('gives go mod tidy the settings written on the go get it replaces, before Go 1.20 and after', () => {
    const text = (image: string) =>
      dockerfile(
        `FROM ${image}`,
        'WORKDIR /go/src/app',
        'COPY . .',
        'RUN GOPROXY=https://proxy.example.com go get -d -v ./...',
        'RUN go install -v ./...',
        'CMD ["app"]',
      );
    const old = ruleCatches('GMC107', text('golang:1.18'), NO_GO_MOD);
    expect(old.output).toContain(
      'RUN GOPROXY=https://proxy.example.com go mod init app && GOPROXY=https://proxy.example.com go mod tidy\n',
    );
    expect(old.warnings).toContainEqual({
      code: 'GMC107',
      line: 4,
      message:
        "the build context has no go.mod: line 4 creates one at build time with go mod tidy, which takes each dependency's latest version; commit a go.mod and go.sum (go mod init app && go mod tidy) for reproducible builds",
    });
    expect(ruleCatches('GMC107', text('golang:1.22'), NO_GO_MOD).output).toContain(
      'RUN GOPROXY=https://proxy.example.com go -C /go/src/app mod init app && GOPROXY=https://proxy.example.com go -C /go/src/app mod tidy\n',
    );
  });

  it('refuses each go get outside a module before any COPY of a go.mod, its assignments aside, its packages listed', () => {
    const text = dockerfile(
      'FROM golang:1.22 AS build',
      'RUN GOFLAGS=-insecure go get github.com/a/x github.com/b/y && go get -u',
      'COPY . /go/src/app',
      'COPY main.go go.mod ./',
      'RUN go get github.com/c/z',
      'WORKDIR /go/src/app',
      'RUN go build -o /app .',
      'FROM alpine',
      'COPY --from=build /app /app',
    );
    expect(ruleCatches('GMC107', text, { modulePath: 'example.com/app' }).refusals).toEqual([
      {
        code: 'GMC107',
        line: 2,
        message:
          'line 2 runs go get github.com/a/x github.com/b/y outside any module, which current Go refuses ("go get is no longer supported outside a module"): to install a command, use go install github.com/a/x@<version>; for a dependency, list it in go.mod',
      },
      {
        code: 'GMC107',
        line: 2,
        message:
          'line 2 runs go get outside any module, which current Go refuses ("go get is no longer supported outside a module"): to install a command, use go install <path>@<version>; for a dependency, list it in go.mod',
      },
    ]);
  });

  it('leaves a build inside the tree when the context has its go.mod, also before Go 1.20 (no cd)', () => {
    const text = dockerfile(
      'FROM golang:1.18',
      'WORKDIR /go/src/app',
      'COPY . .',
      'RUN go build -o /app .',
      'CMD ["/app"]',
    );
    expect(ruleCatchesNot('GMC107', text, { modulePath: 'app' }).output).toContain(
      'RUN CGO_ENABLED=0 GOOS=linux go build -o /app .\n',
    );
  });

  it('leaves a go build outside the tree that names no package: which one it meant is not known', () => {
    const text = dockerfile(
      'FROM golang:1.22',
      'ADD . /go/src/github.com/acme/hello',
      'RUN go build -o /app',
      'CMD ["/app"]',
    );
    ruleCatchesNot('GMC107', text, { modulePath: 'github.com/acme/hello' });
  });

  it('puts go -C after the go of a later command of the RUN, its assignments before it kept', () => {
    const text = dockerfile(
      'FROM golang:1.22',
      'ADD . /go/src/github.com/acme/hello',
      'RUN echo hi && GOARCH=amd64 go install github.com/acme/hello',
    );
    const result = ruleCatches('GMC107', text, { modulePath: 'github.com/acme/hello' });
    expect(result.output).toContain(
      'RUN echo hi && GOARCH=amd64 CGO_ENABLED=0 GOOS=linux go -C /go/src/github.com/acme/hello install .\n',
    );
    expect(result.changes.filter((change) => change.code === 'GMC107').map((change) => change.what)).toEqual([
      'runs go install in the source tree at /go/src/github.com/acme/hello (go -C /go/src/github.com/acme/hello), its packages named relative to it',
    ]);
    // Before Go 1.20 the cd goes before the command's assignments, and the change says cd.
    const old = ruleCatches('GMC107', text.replace('golang:1.22', 'golang:1.16'), NO_GO_MOD);
    expect(old.output).toContain(
      'RUN echo hi && cd /go/src/github.com/acme/hello && go mod init github.com/acme/hello && go mod tidy && GOARCH=amd64 CGO_ENABLED=0 GOOS=linux go install .\n',
    );
    expect(old.changes.filter((change) => change.code === 'GMC107').map((change) => change.what)).toEqual([
      'created a module for the source at /go/src/github.com/acme/hello before go install: go mod init github.com/acme/hello && go mod tidy',
      'runs go install in the source tree at /go/src/github.com/acme/hello (cd /go/src/github.com/acme/hello), its packages named relative to it',
    ]);
  });

  it('warns once, naming the module, at the go build that creates it inside the tree', () => {
    const text = dockerfile(
      'FROM golang:1.22',
      'WORKDIR /go/src/app',
      'COPY . .',
      'RUN go build -o /app .',
      'CMD ["/app"]',
    );
    expect(
      ruleCatches('GMC107', text, NO_GO_MOD).warnings.filter((warning) => warning.code === 'GMC107'),
    ).toEqual([
      {
        code: 'GMC107',
        line: 4,
        message:
          "the build context has no go.mod: line 4 creates one at build time with go mod tidy, which takes each dependency's latest version; commit a go.mod and go.sum (go mod init app && go mod tidy) for reproducible builds",
      },
    ]);
  });

  it('reads a command of assignments only, a package written with a final slash, and leaves a folder beside the tree', () => {
    const text = dockerfile(
      'FROM golang:1.22',
      'ADD . /go/src/github.com/acme/hello',
      'WORKDIR /go/src/github.com/acme',
      'RUN GOFLAGS=-mod=mod && go build ./hello/cmd/server/ && go build -o /bin/x ./tools/x',
    );
    expect(ruleCatches('GMC107', text, { modulePath: 'github.com/acme/hello' }).output).toContain(
      'RUN GOFLAGS=-mod=mod && CGO_ENABLED=0 GOOS=linux go -C /go/src/github.com/acme/hello build -o /go/src/github.com/acme/server ./cmd/server && CGO_ENABLED=0 GOOS=linux go build -o /bin/x ./tools/x\n',
    );
  });

  it('reads the Go version of a golang image named with its registry and namespace', () => {
    ruleCatchesNot('GMC107', ARTICLE('docker.io/library/golang:1.15'), NO_GO_MOD);
  });
});
