/**
 * The fuzzer's seed corpus: Go Dockerfiles, Makefiles, go.mod files and main
 * packages in the shapes public Go projects use (studied across public
 * repositories; written here, not copied): lower-case `as builder`, `&&\`
 * with no space, `ADD . /build/` after `RUN mkdir`, quoted `-extldflags`,
 * `go build main.go` in /go, `WORKDIR $GOPATH/src/...`, GOPATH-era `go get`,
 * `make build` through a Makefile, a build script, cross-compiling with
 * TARGETOS/TARGETARCH, cache mounts, distroless and alpine runtimes with
 * adduser, `ENTRYPOINT [ "./app", ... ]` with spaces in the brackets, no
 * final newline. The convert fixtures (test/fixtures/convert) are added to
 * these by the runner.
 */

export const DOCKERFILE_SEEDS: readonly string[] = [
  `FROM golang:1.21-alpine as builder
WORKDIR /app
COPY . .
RUN GOOS=linux CGO_ENABLED=0 go build -ldflags="-w -s" -o service .

FROM scratch
COPY --from=builder /app/service .
CMD ["./service"]`,

  `FROM golang:1.20-alpine AS builder
RUN mkdir /build
ADD . /build/
WORKDIR /build
RUN CGO_ENABLED=0 GOOS=linux go build -a -installsuffix cgo -ldflags '-extldflags "-static"' ./cmd/main.go
FROM alpine:3.18
RUN apk --no-cache add ca-certificates tzdata
COPY --from=builder /build/main /app/
WORKDIR /app
CMD ["./main"]
`,

  `FROM golang:1.19 AS builder
COPY main.go .
RUN go build main.go

FROM debian:bookworm-slim
COPY --from=builder /go/main .
CMD ["./main"]
`,

  `# syntax=docker/dockerfile:1
ARG GO_VERSION=1.22
FROM --platform=$BUILDPLATFORM golang:\${GO_VERSION}-alpine AS build
ARG TARGETOS
ARG TARGETARCH
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \\
    --mount=type=cache,target=/root/.cache/go-build \\
    GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath -o /out/api ./cmd/api

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/api /api
USER nonroot:nonroot
EXPOSE 8080
ENTRYPOINT ["/api"]
`,

  `FROM golang:1.16-alpine
RUN apk add --update --no-cache git make
WORKDIR /code
ADD . .
RUN make build
EXPOSE 3000
CMD ./bin/server -port 3000
`,

  `FROM golang:1.22-alpine AS build
RUN apk --no-cache add\\
    git make
WORKDIR $GOPATH/src/github.com/acme/shop
COPY . .
RUN go get -d -v ./... &&\\
    go install -v ./...

FROM alpine:3.19
RUN addgroup -S shop && adduser -S -G shop shop
COPY --from=build /go/bin/shop /usr/local/bin/shop
USER shop
ENTRYPOINT [ "shop", "-listen", ":8080" ]
`,

  `FROM golang:1.23 as build-env
WORKDIR /go/src/app
ADD . /go/src/app
RUN go get -d -v ./...
RUN go build -o /go/bin/app

FROM gcr.io/distroless/base-debian12
COPY --from=build-env /go/bin/app /
CMD ["/app"]
`,

  `FROM golang:1.22 AS builder
ENV CGO_ENABLED=0 \\
    GOOS=linux \\
    GOARCH=amd64
WORKDIR /workspace
COPY go.mod go.sum ./
RUN go mod download
COPY cmd/ cmd/
COPY internal/ internal/
RUN go build -a -o manager cmd/main.go

FROM gcr.io/distroless/static:nonroot
WORKDIR /
COPY --from=builder /workspace/manager .
USER 65532:65532
ENTRYPOINT ["/manager"]
`,

  `FROM golang:1.21-bookworm AS build
WORKDIR /src
COPY . .
RUN ./scripts/build.sh

FROM ubuntu:22.04
RUN apt-get update \\
 && apt-get install -y --no-install-recommends ca-certificates \\
 && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 app
COPY --from=build /src/bin/app /usr/local/bin/app
USER app
HEALTHCHECK --interval=30s CMD wget -qO- http://localhost:8080/healthz || exit 1
ENTRYPOINT ["app"]
`,

  `FROM golang:alpine AS builder
RUN apk update && apk add --no-cache git ca-certificates tzdata && update-ca-certificates
ENV USER=appuser
ENV UID=10001
RUN adduser \\
    --disabled-password \\
    --gecos "" \\
    --home "/nonexistent" \\
    --shell "/sbin/nologin" \\
    --no-create-home \\
    --uid "\${UID}" \\
    "\${USER}"
WORKDIR $GOPATH/src/mypackage/myapp/
COPY . .
RUN go mod download
RUN CGO_ENABLED=0 GOOS=linux GOARCH=amd64 go build -ldflags='-w -s -extldflags "-static"' -a -o /go/bin/hello .

FROM scratch
COPY --from=builder /usr/share/zoneinfo /usr/share/zoneinfo
COPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
COPY --from=builder /etc/passwd /etc/passwd
COPY --from=builder /etc/group /etc/group
COPY --from=builder /go/bin/hello /go/bin/hello
USER appuser:appuser
ENTRYPOINT ["/go/bin/hello"]
`,

  `FROM golang:1.22
WORKDIR /go/src/app
COPY . .
RUN go mod download && go build -o /usr/local/bin/app ./...
EXPOSE 8080
CMD ["app"]`,

  `FROM golang:1.20-alpine AS build
WORKDIR /app
COPY go.* ./
RUN go mod download
COPY *.go ./
RUN CGO_ENABLED=0 go build -o /docker-gs-ping

FROM alpine:3.18 AS release
WORKDIR /
COPY --from=build /docker-gs-ping /docker-gs-ping
EXPOSE 8080
RUN mkdir -p /data && chown -R 1000:1000 /data
VOLUME /data
USER 1000
ENTRYPOINT ["/docker-gs-ping"]
`,

  `FROM tonistiigi/xx AS xx
FROM --platform=$BUILDPLATFORM golang:1.22-alpine AS build
COPY --from=xx / /
ARG TARGETPLATFORM
WORKDIR /src
COPY . .
RUN xx-go build -o /out/tool ./cmd/tool && xx-verify /out/tool

FROM alpine:3.20
RUN apk add --no-cache ca-certificates
COPY --from=build /out/tool /usr/bin/tool
ENTRYPOINT ["/usr/bin/tool"]
`,

  `FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN env CGO_ENABLED=0 go build -tags netgo -o app . && \\
    strip app

FROM busybox:1.36
COPY --from=build /src/app /bin/app
ENV PORT=9000
EXPOSE 9000
ENTRYPOINT /bin/app
`,

  `FROM golang:1.12 AS builder
WORKDIR /go/src/github.com/acme/legacy
COPY . .
RUN go get ./... && CGO_ENABLED=0 go install github.com/acme/legacy

FROM alpine:3.9
COPY --from=builder /go/bin/legacy /legacy
CMD ["/legacy"]
`,

  `FROM golang:1.22-alpine AS builder
WORKDIR /src
COPY . .
RUN cd cmd/server && go build -o /bin/server .

FROM alpine:3.20
RUN apk add --no-cache ca-certificates && \\
    mkdir -p /var/lib/server && \\
    chown -R 1000:1000 /var/lib/server
COPY --from=builder /bin/server /bin/server
COPY config.yaml /etc/server/config.yaml
USER 1000:1000
STOPSIGNAL SIGTERM
ENTRYPOINT ["/bin/server", "--config", "/etc/server/config.yaml"]
`,

  `# escape=\`
FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN go build \`
    -o /out/app .

FROM alpine:3.20
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
`,

  `FROM golang:1.22-alpine AS build
WORKDIR /src
COPY . .
RUN go build -o /out/app . && \\
    # strip is in binutils, not worth it
    echo built

FROM alpine:3.20
COPY --from=build /out/app /app
CMD ["/app"]
`,

  `FROM golang:1.22-alpine AS build
WORKDIR /src
COPY . .
RUN GOFLAGS=-mod=vendor go build -o /app ./cmd/app
FROM alpine:3.20
COPY --from=build /app /app
ENTRYPOINT ["/app"]
`,

  `FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 GOOS=linux go build -o /app .

FROM alpine:3.20
COPY --from=build /app /app
`,
];

export const MAKEFILE_SEEDS: readonly string[] = [
  `GO ?= go
BIN := bin/server
PKG = .

.PHONY: all build test

all: build

build:
\t@echo "building $(BIN)"
\t$(GO) build -trimpath -o $(BIN) $(PKG)

test:
\t$(GO) test ./...
`,
  `VERSION ?= $(shell git describe --tags --always 2>/dev/null || echo dev)
LDFLAGS := -s -w -X main.version=$(VERSION)
GOOS ?= $(shell go env GOOS)

build: bin/app

bin/%:
\tCGO_ENABLED=0 go build -ldflags "$(LDFLAGS)" -o $@ ./cmd/$*

install:
\tgo install -ldflags "$(LDFLAGS)" ./cmd/...

.DEFAULT:
\t@$(MAKE) build
`,
  `include common.mk

ifeq ($(DEBUG),1)
GOFLAGS += -race
endif

build:
\tgo build $(GOFLAGS) \\
\t\t-o bin/server .
`,
];

export const GO_MOD_SEEDS: readonly string[] = [
  'module example.com/fixture\n\ngo 1.22\n',
  'module github.com/acme/shop\n\ngo 1.21\n\nrequire (\n\tgithub.com/go-chi/chi/v5 v5.0.12\n)\n',
  'module "example.com/quoted" // a comment\n\ngo 1.20\ntoolchain go1.22.3\n',
  'module app\n\ngo 1.23.0\n\nreplace example.com/dep => ../dep\n',
];

export const MAIN_GO_SEEDS: readonly string[] = [
  `package main

import (
\t"log"
\t"net/http"
\t"os"
)

func main() {
\tport := os.Getenv("PORT")
\tif port == "" {
\t\tport = "8080"
\t}
\thttp.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("hello\\n")) })
\tlog.Fatal(http.ListenAndServe(":"+port, nil))
}
`,
  `package main

import (
\t"flag"
\t"html/template"
\t"net/http"
)

var addr = flag.String("addr", ":9000", "listen address")

func main() {
\tflag.Parse()
\tpage := template.Must(template.ParseFiles("templates/index.tmpl"))
\thttp.Handle("/static/", http.FileServer(http.Dir("./static")))
\thttp.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { _ = page.Execute(w, nil) })
\t_ = http.ListenAndServe(*addr, nil)
}
`,
];

/** Realistic lines the mutator inserts into a Dockerfile. */
export const DOCKERFILE_LINES: readonly string[] = [
  'RUN CGO_ENABLED=0 GOOS=linux go build -o /app .',
  'RUN go build -o /bin/app ./cmd/app',
  'RUN go mod download',
  'RUN go install ./...',
  'RUN make build',
  'RUN ./build.sh',
  'RUN apk add --no-cache ca-certificates tzdata',
  'RUN apt-get update && apt-get install -y ca-certificates',
  'RUN adduser -D -u 10001 app',
  'RUN mkdir -p /data && chown 1000:1000 /data',
  'COPY . .',
  'COPY go.mod go.sum ./',
  'COPY --from=build /app /app',
  'COPY --from=0 /go/bin/app /usr/local/bin/app',
  'WORKDIR /src',
  'WORKDIR $GOPATH/src/github.com/acme/app',
  'ENV CGO_ENABLED=0',
  'ENV GO111MODULE=off',
  'ENV PORT=8080 TZ=UTC',
  'ARG TARGETARCH',
  'ARG VERSION=dev',
  'USER app',
  'USER 65532:65532',
  'EXPOSE 8080',
  'HEALTHCHECK CMD ["/app", "-health"]',
  'HEALTHCHECK NONE',
  'ENTRYPOINT ["/app"]',
  'CMD ["--port", "8080"]',
  'CMD /app --port 8080',
  'ENTRYPOINT ["./docker-entrypoint.sh"]',
  'FROM alpine:3.20',
  'FROM scratch',
  'FROM golang:1.22-alpine AS build',
  'FROM gcr.io/distroless/static-debian12',
  'SHELL ["/bin/bash", "-c"]',
  'VOLUME /data',
  'LABEL org.opencontainers.image.title=app',
  '# a comment',
  '',
  'RUN cat <<EOF > /etc/app.conf\nlisten = 8080\nEOF',
];

/** Words and fragments the mutator puts into a line. */
export const TOKENS: readonly string[] = [
  'CGO_ENABLED=0',
  'CGO_ENABLED=1',
  'GOOS=linux',
  'GOARCH=arm64',
  'GOFLAGS=-mod=vendor',
  'go',
  'build',
  'go build',
  '&&',
  '||',
  ';',
  '|',
  '&',
  'cd /src &&',
  'env',
  'time',
  '-o /out/app',
  '-o',
  '-tags netgo',
  '-ldflags "-s -w"',
  '-ldflags \'-extldflags "-static"\'',
  '-buildmode=pie',
  '-linkmode external',
  '-race',
  './cmd/...',
  '.',
  '...',
  '$GOPATH',
  '${TARGETARCH}',
  '${VAR:-x}',
  '$(go env GOPATH)',
  '`date`',
  '"',
  "'",
  '\\',
  '#',
  '[',
  ']',
  '["/app"]',
  '--from=build',
  '--chown=app:app',
  '--platform=$BUILDPLATFORM',
  'AS build',
  'as builder',
  '\t',
  '  ',
  'é',
  '\u00a0',
  '<<EOF',
  'make',
  'sh -c',
  'exec',
  'go run .',
  'go get -d ./...',
  'go mod init app',
  'upx',
];

export const MAKEFILE_TOKENS: readonly string[] = [
  '$(GO) build -o bin/app .',
  'go build ./...',
  'CGO_ENABLED=1',
  'include other.mk',
  '-include $(wildcard *.mk)',
  'X = $(X) more',
  'Y := $(shell go env GOOS)',
  'ifeq ($(A),b)',
  'endif',
  'ifdef CI',
  'else',
  '\\',
  '$(MAKE) build',
  'build: deps',
  'deps:',
  '%: ; @true',
  '\tgo build -buildmode=pie -o bin/x .',
  '\t@$(MAKE) -C sub build',
  'export CGO_ENABLED=0',
  '$$HOME',
  '$(',
  ')',
  '.PHONY: build',
];

export const GO_MOD_TOKENS: readonly string[] = [
  'module',
  'module example.com/x',
  'module "example.com/a b"',
  'module /abs',
  'go 1.26',
  'go 1.9',
  'toolchain go1.26.1',
  'toolchain default',
  'require github.com/mattn/go-sqlite3 v1.14.22',
  'require (',
  ')',
  '// comment',
  '"',
  '=>',
  'replace x => ./y',
  'exclude z v1.0.0',
  'retract v1.0.0',
  'godebug default=go1.21',
  'é',
  '\u0000',
];
