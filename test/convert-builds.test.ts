/**
 * Builds found where real projects put them, over the fixtures written for
 * them (each converted one is also built and run in convert-e2e.test.ts):
 * make targets, build scripts, wrappers, GOPATH-era builds, and the exact
 * refusals for what cannot be followed. Also the build-context reader
 * files.ts gives the conversion.
 */
import { mkdirSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { contextFileReader, convertFile, MAX_CONTEXT_FILE_BYTES } from '../src/core/convert/io/files.js';
import { fixtureContext, fixtures } from './helpers/fixtures.js';
import { tempDir } from './helpers/run.js';

function conversion(name: string) {
  const fixture = fixtures().find((candidate) => candidate.name === name);
  if (!fixture) throw new Error(`no fixture ${name}`);
  const context = fixtureContext(fixture, path.join(tempDir(name), 'context'));
  return { context, result: convertFile(path.join(context, 'Dockerfile'), fixture.strategy).result };
}

function runLines(name: string): string[] {
  const { result } = conversion(name);
  return (result.output ?? '')
    .split('\n')
    .filter((line) => line.startsWith('RUN ') && !line.includes('rootfs'));
}

describe('builds in what a RUN runs, converted', () => {
  it.each([
    ['make-build-target', 'RUN CGO_ENABLED=0 GOOS=linux make build'],
    [
      'make-install-prefix',
      'RUN CGO_ENABLED=0 GOOS=linux make -C /go/src/fixture install PREFIX=/opt/fixture VERSION=1.4.2',
    ],
    ['script-build-sh', 'RUN CGO_ENABLED=0 GOOS=linux ./scripts/build.sh'],
    ['script-sh-positional', 'RUN CGO_ENABLED=0 GOOS=linux sh hack/build.sh bin/api'],
    ['script-bash-hack', 'RUN CGO_ENABLED=0 GOOS=linux bash ./hack/build.sh'],
    ['wrapper-env', 'RUN env -u GOFLAGS GOARCH=amd64 CGO_ENABLED=0 GOOS=linux go build -o /bin/hello .'],
    [
      'wrapper-time-go-path',
      'RUN CGO_ENABLED=0 GOOS=linux time /usr/local/go/bin/go build -v -o /build/app . && ls -l /build',
    ],
    ['wrapper-xx-go', 'RUN CGO_ENABLED=0 xx-go build -trimpath -o /out/app .'],
    ['wrapper-sh-c', "RUN sh -c 'CGO_ENABLED=0 GOOS=linux go build -o /out/app . && test -x /out/app'"],
  ])('%s: %s', (name, line) => {
    expect(runLines(name)).toContain(line);
  });

  it('says where the Makefile build is, and that the Makefile is not edited', () => {
    expect(conversion('make-build-target').result.changes).toContainEqual({
      code: 'GMC102',
      line: 7,
      what: 'set CGO_ENABLED=0 GOOS=linux on `make build`, whose go build is at Makefile:12 (the environment reaches it; the file is not edited)',
      why: 'a scratch image has no C library: the binary must be static, whatever the builder image defaults to',
    });
  });
});

describe('GOPATH-era builds, converted to module mode', () => {
  it("builds the article's ADD + go install in the tree, creating the module its context lacks", () => {
    const { context, result } = conversion('gopath-article-no-go-mod');
    expect(existsSync(path.join(context, 'go.mod'))).toBe(false);
    expect(runLines('gopath-article-no-go-mod')).toEqual([
      'RUN go -C /go/src/github.com/acme/hello mod init github.com/acme/hello && go -C /go/src/github.com/acme/hello mod tidy && CGO_ENABLED=0 GOOS=linux go -C /go/src/github.com/acme/hello install .',
    ]);
    expect(result.output).toContain('ENTRYPOINT ["/go/bin/hello"]');
    expect(result.warnings.map((warning) => warning.code)).toContain('GMC107');
  });

  it('turns the README pattern go get into the module creation, and keeps the binary name', () => {
    expect(runLines('gopath-readme-get-install')).toEqual([
      'RUN go -C /go/src/app mod init app && go -C /go/src/app mod tidy',
      'RUN CGO_ENABLED=0 GOOS=linux go install -v ./...',
    ]);
    expect(conversion('gopath-readme-get-install').result.output).toContain('CMD ["/go/bin/app"]');
  });
});

describe('builds that cannot be followed, refused with what could not be seen', () => {
  it.each([
    ['refuse-make-no-target', 'GMC006', 'line 4 runs `make release`: Makefile has no target release'],
    [
      'refuse-script-missing',
      'GMC006',
      'line 5 runs `./build.sh`: ./build.sh is not in the build context (looked for /src/build.sh)',
    ],
    [
      'refuse-make-shell-output',
      'GMC006',
      'line 4 runs `make build`: the go build at Makefile:5 uses $(shell git describe --tags --always) in -o: output path unknown',
    ],
    [
      'refuse-go-run-build-program',
      'GMC006',
      'line 4 runs `go run build.go`: a Go program that runs the build itself (mage-like); the go builds it makes cannot be followed',
    ],
  ])('%s: %s', (name, code, message) => {
    const { result } = conversion(name);
    expect(result.status).toBe('refused');
    expect(result.refusals).toEqual([{ code, line: expect.any(Number), message }]);
  });

  it('refuses a Makefile that sets CGO_ENABLED=1 as cgo', () => {
    const { result } = conversion('refuse-make-cgo');
    expect(result.refusals.map((refusal) => refusal.code)).toEqual(['GMC101']);
    expect(result.reason).toMatch(
      /^cgo is needed: line 4 runs `make build`, whose go build at Makefile:5 gets CGO_ENABLED=1/,
    );
  });
});

describe('contextFileReader', () => {
  const root = tempDir('context-reader');
  mkdirSync(path.join(root, 'ctx/scripts'), { recursive: true });
  writeFileSync(path.join(root, 'ctx/scripts/build.sh'), 'go build .\n');
  writeFileSync(path.join(root, 'outside.sh'), 'secret\n');
  symlinkSync(path.join(root, 'outside.sh'), path.join(root, 'ctx/link.sh'));
  symlinkSync(path.join(root, 'ctx/scripts'), path.join(root, 'ctx/linked'));
  writeFileSync(path.join(root, 'ctx/big.sh'), 'x'.repeat(MAX_CONTEXT_FILE_BYTES + 1));
  const read = contextFileReader(path.join(root, 'ctx'));

  it('reads a file of the context by its relative path', () => {
    expect(read('scripts/build.sh')).toBe('go build .\n');
    expect(read('./scripts//build.sh')).toBe('go build .\n');
  });

  it('never leaves the context: no .., no symbolic link along the path', () => {
    expect(read('../outside.sh')).toBeUndefined();
    expect(read('link.sh')).toBeUndefined();
    expect(read('linked/build.sh')).toBeUndefined();
  });

  it('reads no folder, no missing file and nothing over the size limit', () => {
    expect(read('scripts')).toBeUndefined();
    expect(read('missing.sh')).toBeUndefined();
    expect(read('big.sh')).toBeUndefined();
    expect(MAX_CONTEXT_FILE_BYTES).toBe(1024 * 1024);
  });
});
