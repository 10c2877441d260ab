/**
 * Which folder convert reads as the build context (io/build-context.ts,
 * GMC008): a Dockerfile in a subfolder of a repository, built from the root.
 * Each case is a real folder tree, converted as the CLI converts it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { chooseBuildContext } from '../src/core/convert/io/build-context.js';
import { convertFile } from '../src/core/convert/io/files.js';
import { tempDir } from './helpers/run.js';

const SUBFOLDER_BUILD = [
  'FROM golang:1.22-alpine AS build',
  'WORKDIR /app',
  'COPY go.* ./',
  'RUN go mod download',
  'COPY . .',
  'RUN CGO_ENABLED=0 go build -o /bin/api ./cmd/api',
  '',
  'FROM alpine:3.20',
  'COPY --from=build /bin/api /bin/api',
  'ENTRYPOINT ["/bin/api"]',
  '',
].join('\n');

/** A repository: `files` by path from its root (a `.git` folder unless `git` is false). */
function repository(files: Record<string, string>, { git = true } = {}): string {
  const root = path.join(tempDir('context-choice'), 'repo');
  mkdirSync(root, { recursive: true });
  if (git) mkdirSync(path.join(root, '.git'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

const MODULE = {
  'go.mod': 'module example.com/orders\n\ngo 1.22\n',
  'cmd/api/main.go': 'package main\n\nfunc main() {}\n',
};

describe('the build context of a Dockerfile in a subfolder', () => {
  it('is the repository root that holds what it copies: no go mod init, and a warning that says so', () => {
    const root = repository({ ...MODULE, 'build/package/Dockerfile': SUBFOLDER_BUILD });
    // Run from the repository's root, as a user converting its Dockerfiles does: the command in the warning runs there.
    const before = process.cwd();
    process.chdir(root);
    let result;
    try {
      result = convertFile('build/package/Dockerfile', 'scratch').result;
    } finally {
      process.chdir(before);
    }
    expect(result.status).toBe('converted');
    expect(result.output).not.toContain('mod init');
    expect(result.output).toContain('RUN CGO_ENABLED=0 GOOS=linux go build -o /bin/api ./cmd/api\n');
    expect(result.warnings).toContainEqual({
      code: 'GMC008',
      line: 3,
      message:
        "read the build context from ., the folder above the Dockerfile that holds what it copies (go.* (line 3)), not the Dockerfile's own folder: build it from there (docker build -f build/package/Dockerfile .)",
    });
  });

  it('reads the root\'s Go files for cgo: an import "C" there refuses the file', () => {
    const root = repository({
      ...MODULE,
      'cmd/api/db.go': 'package main\n\n// #include <sqlite3.h>\nimport "C"\n',
      'build/package/Dockerfile': SUBFOLDER_BUILD,
    });
    const { result } = convertFile(path.join(root, 'build/package/Dockerfile'), 'scratch');
    expect(result.status).toBe('refused');
    expect(result.refusals[0]?.code).toBe('GMC101');
  });

  it("is the Dockerfile's own folder when what it copies is there, or it copies nothing by name", () => {
    const root = repository({
      ...MODULE,
      Dockerfile: SUBFOLDER_BUILD,
      'svc/Dockerfile': 'FROM scratch\nCOPY . /\n',
    });
    expect(chooseBuildContext(path.join(root, 'Dockerfile'), SUBFOLDER_BUILD)).toMatchObject({
      dir: root,
      above: false,
    });
    expect(chooseBuildContext(path.join(root, 'svc/Dockerfile'), 'FROM scratch\nCOPY . /\n')).toMatchObject({
      dir: path.join(root, 'svc'),
      above: false,
      sources: [],
    });
  });

  it('is the nearest folder above that holds every source, patterns included', () => {
    const root = repository({
      ...MODULE,
      'go.sum': '',
      'deploy/config.yaml': 'a: 1\n',
      'services/orders/Dockerfile': '',
    });
    const text = 'FROM golang:1.22 AS build\nCOPY go.[ms]* ./\nCOPY deploy/*.yaml /etc/orders/\n';
    expect(chooseBuildContext(path.join(root, 'services/orders/Dockerfile'), text)).toMatchObject({
      dir: root,
      above: true,
      sources: [
        { source: 'go.[ms]*', line: 2 },
        { source: 'deploy/*.yaml', line: 3 },
      ],
      goModMissing: undefined,
    });
  });

  it('does not look above a folder with no .git over it; a go.mod it copies and that is nowhere plans no go mod init', () => {
    const root = repository({ ...MODULE, 'build/package/Dockerfile': SUBFOLDER_BUILD }, { git: false });
    const { result } = convertFile(path.join(root, 'build/package/Dockerfile'), 'scratch');
    expect(result.status).toBe('converted');
    expect(result.output).not.toContain('mod init');
    expect(result.warnings).toContainEqual({
      code: 'GMC008',
      line: 3,
      message:
        'line 3 copies go.* from the build context, and no go.mod is in .: the converter did not read the build context this Dockerfile is built from (its Go files for cgo, its Makefiles), and judged it from the Dockerfile alone; convert it where that context is, inside its repository, to have it read',
    });
  });

  it('never takes a source that climbs out (..), a URL or a variable as evidence', () => {
    const root = repository({ ...MODULE, 'a/Dockerfile': '' });
    const text =
      'FROM golang:1.22\nADD https://example.com/x.tgz /x\nCOPY ../secret /s\nCOPY $SRC /src\nCOPY --from=build /out /out\n';
    expect(chooseBuildContext(path.join(root, 'a/Dockerfile'), text)).toMatchObject({
      dir: path.join(root, 'a'),
      sources: [],
    });
  });
});

describe('the build context of a Dockerfile that copies the whole context', () => {
  const WHOLE = [
    'FROM golang:1.22-alpine AS build',
    'COPY . /src/app',
    'RUN cd /src/app && CGO_ENABLED=0 go build -o /out/app ./cmd/api',
    'FROM alpine:3.20',
    'COPY --from=build /out/app /app',
    'ENTRYPOINT ["/app"]',
    '',
  ].join('\n');

  it('is the folder above with the go.mod it builds, whose Go files are scanned for cgo', () => {
    const root = repository({
      ...MODULE,
      'cmd/api/db.go': 'package main\n\n// #include <sqlite3.h>\nimport "C"\n',
      'packaging/docker/Dockerfile': WHOLE,
    });
    expect(chooseBuildContext(path.join(root, 'packaging/docker/Dockerfile'), WHOLE)).toMatchObject({
      dir: root,
      above: true,
      sources: [{ source: 'go.mod', line: 2 }],
    });
    const { result } = convertFile(path.join(root, 'packaging/docker/Dockerfile'), 'scratch');
    expect(result.status).toBe('refused');
    expect(result.refusals[0]?.code).toBe('GMC101');
  });

  it("is the Dockerfile's own folder when it has the go.mod, or no folder above has one", () => {
    const here = repository({
      ...MODULE,
      'svc/go.mod': 'module example.com/svc\n\ngo 1.22\n',
      'svc/Dockerfile': WHOLE,
    });
    expect(chooseBuildContext(path.join(here, 'svc/Dockerfile'), WHOLE)).toMatchObject({
      dir: path.join(here, 'svc'),
      above: false,
    });
    const gopath = repository({ 'cmd/api/main.go': 'package main\n', 'docker/Dockerfile': WHOLE });
    expect(chooseBuildContext(path.join(gopath, 'docker/Dockerfile'), WHOLE)).toMatchObject({
      dir: path.join(gopath, 'docker'),
      above: false,
      sources: [],
    });
  });
});
