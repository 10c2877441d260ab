/**
 * What a started file is (src/core/convert/facts/programs.ts), and GMC207 on
 * a program copied from the build context: only a static binary runs on scratch.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { convertFile } from '../../src/core/convert/io/files.js';
import { programKind, type ProgramKind } from '../../src/core/convert/facts/programs.js';
import { readElf } from '../helpers/elf.js';
import { tempDir } from '../helpers/run.js';
import { convert, dockerfile } from './helpers.js';

/** Debian's busybox-static (the test machine's CI installs it) and a dynamically linked bash. */
const STATIC = '/bin/busybox';
const DYNAMIC = '/bin/bash';

describe('programKind', () => {
  it('tells a static ELF binary from one that asks for a loader, as readElf does', () => {
    expect(readElf(STATIC).hasInterpreter).toBe(false);
    expect(programKind(readFileSync(STATIC).subarray(0, 65536))).toEqual({ kind: 'static' });
    const dynamic = programKind(readFileSync(DYNAMIC).subarray(0, 65536));
    expect(dynamic.kind).toBe('dynamic');
    expect((dynamic as { loader: string }).loader).toMatch(/^\/lib.*\/ld-linux[-.\w]*\.so\.\d$/);
  });

  it('reads a #! line as a script, and anything else as other', () => {
    expect(programKind(Buffer.from('#!/bin/sh -e\nexec "$@"\n'))).toEqual({
      kind: 'script',
      interpreter: '/bin/sh -e',
    });
    expect(programKind(Buffer.from('hello'))).toEqual({ kind: 'other' });
    expect(programKind(Buffer.alloc(0))).toEqual({ kind: 'other' });
    // An ELF header whose program headers lie past what was read: nothing is claimed.
    expect(programKind(readFileSync(STATIC).subarray(0, 60))).toEqual({ kind: 'other' });
  });
});

describe('GMC207: a program copied from the build context', () => {
  const text = (copy: string) =>
    dockerfile(
      'FROM golang:1.22-alpine AS build',
      'RUN CGO_ENABLED=0 go build -o /out/helper .',
      'FROM alpine:3.20',
      'COPY --from=build /out/helper /usr/local/bin/helper',
      copy,
      'ENTRYPOINT ["/usr/local/bin/app"]',
    );
  const withContext = (files: Record<string, ProgramKind>, copy = 'COPY dist/app /usr/local/bin/app') =>
    convert(text(copy), { contextProgram: (relative) => files[relative] });

  it('runs a static binary', () => {
    expect(withContext({ 'dist/app': { kind: 'static' } }).status).toBe('converted');
    expect(withContext({ app: { kind: 'static' } }, 'COPY . /usr/local/bin/').status).toBe('converted');
  });

  it.each([
    [
      { kind: 'dynamic', loader: '/lib/ld-musl-x86_64.so.1' },
      'line 6 starts /usr/local/bin/app, copied from dist/app of the build context at line 5, a dynamically linked binary (it asks for the loader /lib/ld-musl-x86_64.so.1): scratch has no loader; build it with CGO_ENABLED=0',
    ],
    [
      { kind: 'script', interpreter: '/bin/bash' },
      'line 6 starts the container with the script /usr/local/bin/app (copied from dist/app of the build context at line 5; it starts with #!/bin/bash), which needs a shell; scratch has none',
    ],
    [
      { kind: 'other' },
      'line 6 starts /usr/local/bin/app, copied from dist/app of the build context at line 5, which is neither a static binary nor a script the converter can read: scratch runs only a static binary',
    ],
  ] as const)('refuses %j, saying what it is', (kind, message) => {
    expect(withContext({ 'dist/app': kind }).refusals).toContainEqual({ code: 'GMC207', line: 6, message });
  });

  it('refuses one that is not in the context to check, saying how to make it checkable', () => {
    expect(withContext({}).reason).toBe(
      'line 6 starts /usr/local/bin/app, copied from dist/app of the build context at line 5, is not in the build context to check: build it (CGO_ENABLED=0) before converting, so the converter can see it is a static binary, then rerun',
    );
  });

  it('reads the real file in convertFile: a dynamic binary in the context is refused, a static one converts', () => {
    for (const [binary, status] of [
      [DYNAMIC, 'refused'],
      [STATIC, 'converted'],
    ] as const) {
      const dir = tempDir('context-program');
      mkdirSync(path.join(dir, 'dist'));
      copyFileSync(binary, path.join(dir, 'dist/app'));
      writeFileSync(path.join(dir, 'go.mod'), 'module example.com/app\n\ngo 1.22\n');
      writeFileSync(path.join(dir, 'main.go'), 'package main\n\nfunc main() {}\n');
      writeFileSync(path.join(dir, 'Dockerfile'), text('COPY dist/app /usr/local/bin/app'));
      expect({ binary, status: convertFile(path.join(dir, 'Dockerfile'), 'scratch').result.status }).toEqual({
        binary,
        status,
      });
    }
  });
});
