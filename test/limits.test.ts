/**
 * The conversion's budgets (src/core/convert/limits.ts, the include budget of
 * makefile.ts, the context reader of files.ts): each limit admits the largest
 * real input by far and refuses one past it, saying which limit.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parseMakefile } from '../src/core/convert/builds/makefile.js';
import { convertDockerfile } from '../src/core/convert/convert.js';
import { contextFileReader, MAX_CONTEXT_FILES } from '../src/core/convert/io/files.js';
import { LIMITS, overBudget } from '../src/core/convert/limits.js';
import { tempDir } from './helpers/run.js';

const HEAD = 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n';
const TAIL = 'FROM alpine:3.19\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n';

describe('Dockerfile budgets', () => {
  it('are the documented figures', () => {
    expect(LIMITS).toEqual({
      lines: 100_000,
      lineLength: 65_536,
      instructionLength: 65_536,
      instructionBytes: 262_144,
      instructions: 1_000,
      stages: 100,
      goCommands: 1_000,
      edits: 2_000,
    });
  });

  it('admit a file at each limit', () => {
    // 7 instructions around 993 more: 1,000.
    expect(overBudget(`${HEAD}${'RUN echo x\n'.repeat(993)}${TAIL}`)).toBeUndefined();
    expect(overBudget(`${'FROM golang:1.22\n'.repeat(99)}${TAIL}`)).toBeUndefined();
    expect(overBudget(`${HEAD}RUN ${'go build . && '.repeat(999)}true\n${TAIL}`)).toBeUndefined();
    expect(overBudget(`${HEAD}RUN echo ${'a'.repeat(65_536 - 9)}\n${TAIL}`)).toBeUndefined();
  });

  it('refuse a file past each limit, with GMC001 and the limit named', () => {
    expect(overBudget(`${HEAD}${'RUN echo x\n'.repeat(994)}${TAIL}`)).toEqual({
      code: 'GMC001',
      message: 'the file has more than 1,000 instructions: more than a Dockerfile is taken to have',
    });
    expect(overBudget(`${'FROM golang:1.22\n'.repeat(100)}${TAIL}`)).toEqual({
      code: 'GMC001',
      message: 'the file has more than 100 stages (FROM)',
    });
    // Five instructions of 60 KB each: 300 KB of instructions.
    const long = `RUN echo \\\n${`  ${'a'.repeat(8000)} \\\n`.repeat(7)}  end\n`;
    expect(overBudget(`${HEAD}${long.repeat(4)}${TAIL}`)).toBeUndefined();
    expect(overBudget(`${HEAD}${long.repeat(5)}${TAIL}`)).toEqual({
      code: 'GMC001',
      message: 'the instructions come to over 256 KB (comments aside): too large for a Dockerfile',
    });
    expect(overBudget(`${HEAD}RUN ${'go build . && '.repeat(1_000)}true\n${TAIL}`)).toEqual({
      code: 'GMC001',
      message: 'the file runs 1,001 go commands: more than the 1,000 followed',
    });
    expect(overBudget(`${HEAD}RUN echo ${'a'.repeat(65_536)}\n${TAIL}`)).toEqual({
      code: 'GMC001',
      message: 'line 5 is 64 KB long: too long for a Dockerfile (the limit is 64 KB a line)',
    });
    expect(overBudget(`${HEAD}RUN echo \\\n${'  a \\\n'.repeat(11_000)}  end\n${TAIL}`)).toEqual({
      code: 'GMC001',
      message:
        'the instruction on line 5 is over 64 KB long with its continuation lines: too long for a Dockerfile',
    });
    expect(overBudget(`${HEAD}${'# note\n'.repeat(100_000)}${TAIL}`)).toEqual({
      code: 'GMC001',
      message: 'the file has more than 100,000 lines: too large for a Dockerfile',
    });
  });

  it('count neither comments nor continuation lines as instructions, and honour a backtick escape', () => {
    const continued = `${HEAD}RUN echo \\\n${'  RUN x \\\n'.repeat(6_000)}  end\n${TAIL}`;
    expect(overBudget(continued)).toBeUndefined();
    const backtick = `# escape=\`\n${HEAD}RUN echo \`\n${'  RUN x `\n'.repeat(6_000)}  end\n${TAIL}`;
    expect(overBudget(backtick)).toBeUndefined();
    expect(overBudget(`${HEAD}${'# RUN echo\n'.repeat(2_000)}${TAIL}`)).toBeUndefined();
  });

  it('refuse through convertDockerfile, before anything is parsed', () => {
    const result = convertDockerfile(
      `${'FROM golang:1.22 AS b\nRUN go build -o /app .\n'.repeat(150)}${TAIL}`,
      {
        strategy: 'scratch',
      },
    );
    expect(result.status).toBe('refused');
    expect(result.refusals).toEqual([
      { code: 'GMC001', message: 'the file has more than 100 stages (FROM)' },
    ]);
  });
});

describe('Makefile includes', () => {
  it('a diamond of 5 levels x 20 files reads each file once (it was 20^5 parses)', () => {
    const level = (n: number) => Array.from({ length: 20 }, (_, i) => `l${n}_${i}.mk`);
    const files = new Map<string, string>();
    for (let n = 1; n <= 5; n++)
      for (const name of level(n))
        files.set(name, n < 5 ? `include ${level(n + 1).join(' ')}\nV${n} := x\n` : 'LEAF := 1\n');
    const reads = new Map<string, number>();
    const makefile = parseMakefile(
      `include ${level(1).join(' ')}\nbuild:\n\tgo build .\n`,
      'Makefile',
      (name) => {
        reads.set(name, (reads.get(name) ?? 0) + 1);
        const text = files.get(name);
        return text === undefined ? undefined : { file: name, text };
      },
    );
    // Each file is offered by every includer (the reader caches), but parsed once: the includes budget of 100 holds them all.
    expect(makefile.unreadIncludes).toEqual([]);
    expect(makefile.variables.get('LEAF')?.value).toBe('1');
    expect(makefile.variables.get('V4')?.value).toBe('x');
    expect([...reads.keys()].sort()).toEqual([...files.keys()].sort());
  });

  it('past 100 included files, the rest are unread includes', () => {
    const names = Array.from({ length: 105 }, (_, i) => `f${i}.mk`);
    const makefile = parseMakefile(`include ${names.join(' ')}\n`, 'Makefile', (name) => ({
      file: name,
      text: 'A := 1\n',
    }));
    expect(makefile.unreadIncludes).toEqual(
      names.slice(100).map((name) => `${name} (more than 100 included files)`),
    );
  });

  it('the context reader reads each file once, and at most MAX_CONTEXT_FILES', () => {
    const dir = tempDir('limits');
    for (let i = 0; i < MAX_CONTEXT_FILES + 5; i++) writeFileSync(path.join(dir, `f${i}.mk`), `A${i} := 1\n`);
    const read = contextFileReader(dir);
    expect(read('f0.mk')).toBe('A0 := 1\n');
    writeFileSync(path.join(dir, 'f0.mk'), 'changed\n');
    expect(read('./f0.mk')).toBe('A0 := 1\n');
    for (let i = 1; i < MAX_CONTEXT_FILES; i++) expect(read(`f${i}.mk`)).toBe(`A${i} := 1\n`);
    expect(read(`f${MAX_CONTEXT_FILES}.mk`)).toBeUndefined();
    expect(read.refused).toEqual([
      { path: `f${MAX_CONTEXT_FILES}.mk`, reason: 'more than 200 Makefiles and scripts read: not read' },
    ]);
  });
});
