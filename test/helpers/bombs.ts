/**
 * Inputs built to make a converter do unbounded work: huge files, one huge
 * line, a million continuations, thousands of builds and stages, and
 * Makefiles whose includes, variables, prerequisites or recursive makes
 * multiply. Each writes a build context (a Dockerfile and what it runs) into a
 * folder; the figures are those of the attack run in issue 14.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const HEAD = 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\n';
const TAIL = 'FROM alpine:3.19\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n';
const GO_MOD = 'module example.com/bomb\n\ngo 1.22\n';
const MAIN_GO = 'package main\n\nfunc main() {}\n';

export interface Bomb {
  name: string;
  /** Writes the build context into `dir` (created). */
  write(dir: string): void;
}

function context(dir: string, dockerfile: string, files: Record<string, string> = {}): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'go.mod'), GO_MOD);
  writeFileSync(path.join(dir, 'main.go'), MAIN_GO);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  writeFileSync(path.join(dir, 'Dockerfile'), dockerfile);
}

/** A Dockerfile that runs `make build` on `makefile`, with the other files it includes. */
function makeBomb(dir: string, makefile: string, files: Record<string, string> = {}): void {
  context(dir, `${HEAD}RUN make build\n${TAIL}`, { Makefile: makefile, ...files });
}

/** The largest inputs each budget admits, built to be as slow as it allows: they must convert. */
export const EDGE_BOMBS: readonly Bomb[] = [
  {
    name: '1,000 instructions (the budget)',
    write: (dir) => context(dir, `${HEAD}RUN go build -o /app .\n${'RUN echo x\n'.repeat(993)}${TAIL}`),
  },
  {
    name: '100 stages (the budget)',
    write: (dir) =>
      context(
        dir,
        Array.from({ length: 99 }, (_, i) => `FROM golang:1.22 AS s${i}\nRUN go build -o /app .\n`).join('') +
          TAIL,
      ),
  },
  {
    name: '1,000 go commands in one RUN (the budget)',
    write: (dir) => context(dir, `${HEAD}RUN ${'go build -o /app . && '.repeat(999)}true\n${TAIL}`),
  },
  {
    name: '4 instructions of 63 KB (the instruction bytes budget)',
    write: (dir) => {
      const long = `RUN echo \\\n${`  ${'a'.repeat(8000)} \\\n`.repeat(7)}  end\n`;
      context(dir, `${HEAD}RUN go build -o /app .\n${long.repeat(4)}${TAIL}`);
    },
  },
  {
    // As the kill tests' padded files: comment blocks make a file large, not slow.
    name: '99,000 comment lines (3 MB)',
    write: (dir) =>
      context(
        dir,
        `${HEAD}RUN go build -o /app .\n${'# padding 0000000: filler text\n'.repeat(99_000)}${TAIL}`,
      ),
  },
  {
    name: '19,990 continuation lines in two RUNs',
    write: (dir) => {
      const long = `RUN echo \\\n${'  a \\\n'.repeat(9_990)}  end\n`;
      context(dir, `${HEAD}RUN go build -o /app .\n${long}${long}${TAIL}`);
    },
  },
];

export const BOMBS: readonly Bomb[] = [
  {
    // 11 bytes a line, as the attack's 10.9 MB.
    name: '1M-line Dockerfile (10.9 MB)',
    write: (dir) => context(dir, `${HEAD}RUN go build -o /app .\n${'RUN echo x\n'.repeat(1_000_000)}${TAIL}`),
  },
  {
    name: 'one 9 MB line',
    write: (dir) =>
      context(dir, `${HEAD}RUN go build -o /app . && echo ${'a'.repeat(9 * 1024 * 1024)}\n${TAIL}`),
  },
  {
    name: '1M continuation lines',
    write: (dir) =>
      context(dir, `${HEAD}RUN go build -o /app . && echo \\\n${'  a \\\n'.repeat(1_000_000)}  end\n${TAIL}`),
  },
  {
    name: '10k go build + 10k COPY',
    write: (dir) => context(dir, `${HEAD}${'RUN go build -o /app .\nCOPY . .\n'.repeat(10_000)}${TAIL}`),
  },
  {
    name: '10k FROMs',
    write: (dir) =>
      context(
        dir,
        Array.from({ length: 10_000 }, (_, i) => `FROM golang:1.22 AS s${i}\nRUN go build -o /app .\n`).join(
          '',
        ) + TAIL,
      ),
  },
  {
    name: '100 MB file',
    write: (dir) =>
      context(dir, `${HEAD}RUN go build -o /app .\n${`# ${'x'.repeat(98)}\n`.repeat(1_000_000)}${TAIL}`),
  },
  {
    name: 'Makefile include diamond (5 levels x 20 files)',
    write: (dir) => {
      const files: Record<string, string> = {};
      const level = (n: number) => Array.from({ length: 20 }, (_, i) => `l${n}_${i}.mk`);
      for (let n = 1; n <= 5; n++)
        for (const name of level(n))
          files[name] = n < 5 ? `include ${level(n + 1).join(' ')}\nV${n} := x\n` : 'LEAF := 1\n';
      makeBomb(dir, `include ${level(1).join(' ')}\nbuild:\n\tgo build -o /app .\n`, files);
    },
  },
  {
    name: 'recursive make variables',
    write: (dir) => {
      const lines = Array.from({ length: 40 }, (_, i) => `V${i} = $(V${i + 1})$(V${i + 1})`);
      makeBomb(dir, `${lines.join('\n')}\nV40 = x\nbuild:\n\tgo build -o /app $(V0) .\n`);
    },
  },
  {
    name: '8x12 prerequisite diamond',
    write: (dir) => {
      const rules: string[] = [];
      const level = (n: number) => Array.from({ length: 8 }, (_, i) => `t${n}_${i}`);
      rules.push(`build: ${level(0).join(' ')}\n\tgo build -o /app .`);
      for (let n = 0; n < 12; n++)
        for (const target of level(n))
          rules.push(`${target}:${n < 11 ? ` ${level(n + 1).join(' ')}` : ''}\n\t@echo ${target}`);
      makeBomb(dir, `${rules.join('\n')}\n`);
    },
  },
  {
    name: '$(MAKE) fan-out',
    write: (dir) => {
      const rules: string[] = ['build: r0\n\tgo build -o /app .'];
      for (let n = 0; n < 30; n++) rules.push(`r${n}:\n\t$(MAKE) r${n + 1}\n\t$(MAKE) r${n + 1}`);
      rules.push('r30:\n\tgo build -o /app .');
      makeBomb(dir, `${rules.join('\n')}\n`);
    },
  },
];
