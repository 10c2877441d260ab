/**
 * Every code the conversion reports, with what it means, why it matters and
 * an example: the one table the README's rules table is rendered from (npm
 * run docs:rules), so the docs cannot drift from the code.
 *
 * Codes are stable: a code is never reused for another meaning. GMC0xx are
 * about the input as a whole, GMC1xx about the build stages, GMC2xx about the
 * stage that ships.
 */
export enum RuleCode {
  NotText = 'GMC001',
  NoFrom = 'GMC002',
  NoGoBuild = 'GMC003',
  AlreadyMinimal = 'GMC004',
  UnreadableContext = 'GMC005',
  UnfollowedBuild = 'GMC006',
  Cgo = 'GMC101',
  StaticBuild = 'GMC102',
  Tzdata = 'GMC103',
  GoRun = 'GMC104',
  SingleStageSplit = 'GMC105',
  DynamicLink = 'GMC106',
  ModuleMode = 'GMC107',
  RuntimeBase = 'GMC201',
  RuntimeRun = 'GMC202',
  Shell = 'GMC203',
  NumericUser = 'GMC204',
  DefaultUser = 'GMC205',
  Healthcheck = 'GMC206',
  ExecForm = 'GMC207',
  NumericChown = 'GMC208',
  ScratchFiles = 'GMC209',
}

export interface RuleDoc {
  readonly code: RuleCode;
  /** What the rule does, in a few words. */
  readonly what: string;
  /** Why scratch (or distroless static) needs it. */
  readonly why: string;
  /** A small before and after, or what is refused. */
  readonly example: string;
}

export const RULE_DOCS: readonly RuleDoc[] = [
  {
    code: RuleCode.NotText,
    what: 'refuses a file that is empty, binary or not UTF-8',
    why: 'there is no Dockerfile to read',
    example: 'a file holding NUL bytes: refused',
  },
  {
    code: RuleCode.NoFrom,
    what: 'refuses a file with no `FROM`',
    why: 'without a stage there is nothing to convert',
    example: '`RUN go build .` alone: refused',
  },
  {
    code: RuleCode.NoGoBuild,
    what: 'refuses a file with no `go build`, `go install` or `go run`',
    why: 'the converter rewrites Dockerfiles that build a Go program, and only those',
    example: '`FROM node:20` + `RUN npm ci`: refused',
  },
  {
    code: RuleCode.AlreadyMinimal,
    what: 'leaves alone a file whose final stage is scratch or a static image and can work, however its binary is made; one that cannot is fixed, or refused with why',
    why: 'it already ships no shell and no C library; but a RUN, a shell-form command or a user name with no passwd fails there',
    example:
      '`FROM scratch` + `COPY app /app` + `ENTRYPOINT ["/app"]`: already minimal; `FROM scratch` + `CMD /app`: fixed, or refused when the build is not in the file',
  },
  {
    code: RuleCode.UnreadableContext,
    what: 'warns about build-context paths the cgo scan could not read',
    why: 'an `import "C"` there would go unseen',
    example: 'an unreadable `internal/secret/`: warning',
  },
  {
    code: RuleCode.UnfollowedBuild,
    what: 'refuses a file whose only builds run through make, a script or `go run build.go` that cannot be followed (or that were read and build no Go), saying exactly what could not be seen; next to builds that were found, a warning',
    why: 'the converter must know every go build to make it static; it reads Makefiles and scripts from the build context but never guesses',
    example:
      '`RUN make release` with no target release in the Makefile: refused; `RUN ./build.sh` not in the context: refused',
  },
  {
    code: RuleCode.Cgo,
    what: 'refuses cgo builds, naming every piece of evidence with its file and line: `import "C"` in a file a Linux build compiles (build constraints with the `-tags` of the go commands, `_GOOS` names, vendor/ and testdata/ skipped; `go list` decides when it runs offline), a known cgo module (go-sqlite3, librdkafka, libvips...), `CGO_ENABLED=1`, C libraries installed for the binary; a C toolchain or `-linkmode external` only with those',
    why: 'scratch has no C library: a cgo binary fails with "no such file or directory"',
    example:
      '`import "C"` in db.go, or go-sqlite3 imported: refused; `RUN apk add build-base` with pure Go: converted, with a warning; `//go:build cgo` with a `!cgo` twin: converted, with a warning',
  },
  {
    code: RuleCode.StaticBuild,
    what: 'sets `CGO_ENABLED=0 GOOS=linux` on every `go build` and `go install`, also behind `env`, `time`, a path to go, `sh -c`, and in the Makefile targets and build scripts a RUN runs (set before `make` or the script; xx-go gets only `CGO_ENABLED=0`)',
    why: 'the binary must be static whatever the builder image defaults to',
    example:
      '`RUN go build -o /app .` → `RUN CGO_ENABLED=0 GOOS=linux go build -o /app .`; `RUN make build` → `RUN CGO_ENABLED=0 GOOS=linux make build`',
  },
  {
    code: RuleCode.Tzdata,
    what: 'adds `-tags timetzdata` when the runtime installed tzdata',
    why: 'scratch has no /usr/share/zoneinfo; the binary embeds the zone database instead',
    example: '`RUN apk add tzdata` in the runtime → `go build -tags timetzdata ...`',
  },
  {
    code: RuleCode.GoRun,
    what: 'turns `go run` as the container command into a build step',
    why: 'go run compiles at every start and needs the toolchain in the image',
    example: '`CMD go run .` → `RUN ... go build -o /go/bin/app .` + `CMD ["/go/bin/app"]`',
  },
  {
    code: RuleCode.SingleStageSplit,
    what: 'splits a single golang stage into a builder and a new stage holding only the binary',
    why: 'the golang image is hundreds of MB of toolchain the program does not need',
    example: '`FROM golang:1.22` → `FROM golang:1.22 AS build` ... `FROM scratch` + `COPY --from=build`',
  },
  {
    code: RuleCode.DynamicLink,
    what: 'removes `-buildmode=pie` (flag, `-ldflags` or `GOFLAGS`) and `-linkmode external` (in `-ldflags`) when nothing needs cgo; refuses them in a Makefile or script, which it does not edit',
    why: 'with CGO_ENABLED=0 a PIE is still dynamically linked on linux/amd64 (it asks for /lib64/ld-linux-x86-64.so.2) and scratch has no loader; `-linkmode external` stops a CGO_ENABLED=0 build',
    example:
      '`go build -buildmode=pie -ldflags "-linkmode external -s" .` → `go build -ldflags "-s" .`; `-extldflags "-static"` is kept',
  },
  {
    code: RuleCode.ModuleMode,
    what: 'makes GOPATH-era builds work in module mode: `go install <import path>` from outside the source tree runs in it (`go -C <tree>`, or `cd` before Go 1.20); with no go.mod in the context, `go mod init <path> && go mod tidy` first (replacing a `go get -d ./...` of the tree), with a warning; refuses `go get <path>` outside any module',
    why: 'since Go 1.16 the go command works in module mode only: outside a module go install, go get and go build fail',
    example:
      '`ADD . /go/src/github.com/acme/hello` + `RUN go install github.com/acme/hello` → `RUN go -C /go/src/github.com/acme/hello mod init github.com/acme/hello && ... go -C /go/src/github.com/acme/hello install .`',
  },
  {
    code: RuleCode.RuntimeBase,
    what: 'replaces the runtime base (alpine, debian, ubuntu, busybox, distroless base/cc; distroless static with `--strategy scratch`)',
    why: 'those images carry a shell and packages the binary does not need',
    example: '`FROM alpine:3.19` → `FROM scratch`; `FROM node:20-slim`: refused',
  },
  {
    code: RuleCode.RuntimeRun,
    what: 'translates runtime `RUN` steps command by command: package installs (options in any order), users (variables resolved), `mkdir`/`chown`/`chmod`, cache clean-up, `setcap cap_net_bind_service` (explained)',
    why: 'scratch cannot run anything; what a step provided is added another way, the rest is refused, and nothing is dropped silently',
    example:
      '`RUN apk --no-cache add ca-certificates` → removed (CA bundle copied); `RUN apk --no-cache add ffmpeg`: refused',
  },
  {
    code: RuleCode.Shell,
    what: 'removes `SHELL` from the runtime stage',
    why: 'the new image has no shell',
    example: '`SHELL ["/bin/ash", "-c"]` → removed, with a warning',
  },
  {
    code: RuleCode.NumericUser,
    what: 'turns a named `USER` into a numeric one, keeping the name in a minimal /etc/passwd',
    why: 'scratch has no /etc/passwd to look a name up in',
    example: '`USER app` → `USER 10001:10001`',
  },
  {
    code: RuleCode.DefaultUser,
    what: 'adds a numeric non-root `USER` when the image ran as root',
    why: 'a container should not run as root; a number needs no passwd file',
    example: 'no `USER` → `USER 65532:65532` before `CMD`',
  },
  {
    code: RuleCode.Healthcheck,
    what: 'drops a curl/wget `HEALTHCHECK` with a warning; puts the others in exec form',
    why: 'the image has no curl, wget or shell; the binary can probe itself',
    example:
      '`HEALTHCHECK CMD curl -f localhost` → removed; `HEALTHCHECK CMD app -health` → `CMD ["/app", "-health"]`',
  },
  {
    code: RuleCode.ExecForm,
    what: 'puts `CMD`/`ENTRYPOINT` in exec form with an absolute path (an exec-form array kept as written but its program); refuses entrypoint scripts and a `$VAR` with no default',
    why: 'scratch has no shell to run the shell form, search the PATH or expand variables',
    example:
      '`ENTRYPOINT app --port $PORT` → `ENTRYPOINT ["/usr/local/bin/app", "--port", "8080"]`; `CMD ["app", "a b"]` → `CMD ["/usr/local/bin/app", "a b"]`',
  },
  {
    code: RuleCode.NumericChown,
    what: 'turns `COPY --chown=name` into numeric ownership',
    why: 'the names only existed in the replaced image',
    example: '`COPY --chown=svc:svc` → `COPY --chown=2000:2000`',
  },
  {
    code: RuleCode.ScratchFiles,
    what: 'stages what scratch lacks in the builder and copies it in one layer: CA bundle, /tmp, passwd, data folders',
    why: 'TLS fails without the CA bundle, temp files without /tmp, os/user without passwd',
    example: '`COPY --from=build /rootfs/ /` + the CA bundle; distroless with `RUN mkdir`: refused',
  },
];
