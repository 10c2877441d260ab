/**
 * Issue 14's failures, each through the bin as a user meets it: a FIFO where
 * a side file should be (convert, dockerize, the app generator), a link to
 * /dev/zero or out of the module, a FIFO under --all, a HOME that cannot be
 * read, a read-only mount, a repeated option and a newline in a file name.
 * A read that blocked would hang the run: the jest timeout is the "answers
 * rather than hangs" bound, and the bin's own timeout (runBin) ends it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { BIN } from './helpers/paths.js';
import { runBin } from './helpers/run.js';
import { sandbox, smallDisk, treeBytes } from './helpers/sandbox.js';

const DOCKERFILE = [
  'FROM golang:1.22 AS build',
  'WORKDIR /src',
  'COPY . .',
  'RUN go build -o /app .',
  'FROM alpine:3.19',
  'COPY --from=build /app /app',
  'ENTRYPOINT ["/app"]',
  '',
].join('\n');
const GO_MOD = 'module example.com/svc\n\ngo 1.22\n';
const MAIN_GO = 'package main\n\nfunc main() {}\n';

/** A Go module (go.mod, main.go), with a Dockerfile when asked, and `special` made a FIFO. */
function module(options: { dockerfile?: boolean; fifo?: string } = {}): string {
  const dir = sandbox('hostile-read');
  if (options.fifo !== 'go.mod') writeFileSync(path.join(dir, 'go.mod'), GO_MOD);
  if (options.fifo !== 'main.go') writeFileSync(path.join(dir, 'main.go'), MAIN_GO);
  if (options.dockerfile) writeFileSync(path.join(dir, 'Dockerfile'), DOCKERFILE);
  if (options.fifo) execFileSync('mkfifo', [path.join(dir, options.fifo)]);
  return dir;
}

/** The bin under GNU time: its outcome and its peak resident memory in MB. */
function runMeasured(
  cwd: string,
  args: string[],
): { status: number | null; stdout: string; stderr: string; peakMb: number } {
  const run = spawnSync('/usr/bin/time', ['-f', 'peak-kb=%M', process.execPath, BIN, ...args], {
    cwd,
    encoding: 'utf8',
    input: '',
    timeout: 60_000,
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
  });
  const peak = /peak-kb=(\d+)\s*$/.exec(run.stderr);
  if (!peak) throw new Error(`no peak RSS from GNU time (status ${run.status}): ${run.stderr.slice(-500)}`);
  return {
    status: run.status,
    stdout: run.stdout,
    stderr: run.stderr.slice(0, peak.index),
    peakMb: Number(peak[1]) / 1024,
  };
}

/** The bin as uid 65534 with HOME=/root, which it can neither read nor write (CI containers run so). */
function runWithRootHome(cwd: string, args: string[]) {
  chmodSync(cwd, 0o777);
  return spawnSync(
    'setpriv',
    ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, BIN, ...args],
    {
      cwd,
      encoding: 'utf8',
      input: '',
      timeout: 120_000,
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', HOME: '/root' },
    },
  );
}

describe('convert: side files that are not regular files, or lead out of the build context', () => {
  it('a FIFO go.mod: --dry-run answers, refusing with the reason (it hung forever)', () => {
    const dir = module({ dockerfile: true, fifo: 'go.mod' });
    const run = runBin(dir, ['convert', '--dry-run']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      '[GMC005] did not read go.mod from the build context: it is a FIFO (named pipe), not a regular file',
    );
  });

  it('go.mod a link to /dev/zero: answers in bounded memory, saying the link is not followed (7.46 GB and growing)', () => {
    const dir = module({ dockerfile: true });
    execFileSync('rm', [path.join(dir, 'go.mod')]);
    symlinkSync('/dev/zero', path.join(dir, 'go.mod'));
    const run = runMeasured(dir, ['convert', '--dry-run']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('did not read go.mod from the build context: it is a symbolic link');
    expect(run.stderr).toContain('to /dev/zero: not followed');
    expect(run.peakMb).toBeLessThan(300);
  });

  it('go.mod a link to a go.mod outside the context: its module path never reaches the Dockerfile', () => {
    const dir = module({ dockerfile: true });
    const outside = sandbox('outside');
    writeFileSync(path.join(outside, 'go.mod'), 'module example.com/outside/secret\n\ngo 1.22\n');
    execFileSync('rm', [path.join(dir, 'go.mod')]);
    symlinkSync(path.join(outside, 'go.mod'), path.join(dir, 'go.mod'));
    const run = runBin(dir, ['convert', '--dry-run', '--json']);
    expect(run.stdout).not.toContain('example.com/outside/secret');
    const report = JSON.parse(run.stdout) as {
      status: string;
      refusals: Array<{ code: string; message: string }>;
    };
    expect(report.status).toBe('refused');
    expect(report.refusals[0]?.code).toBe('GMC005');
    expect(report.refusals[0]?.message).toContain(
      `leads outside ${path.basename(dir)}, to ${outside}/go.mod: not followed`,
    );
  });

  it('a FIFO Makefile that the RUN runs: refused, and the reason names the FIFO', () => {
    const dir = module();
    writeFileSync(
      path.join(dir, 'Dockerfile'),
      DOCKERFILE.replace('RUN go build -o /app .', 'RUN make build'),
    );
    execFileSync('mkfifo', [path.join(dir, 'Makefile')]);
    const run = runBin(dir, ['convert', '--dry-run']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      '[GMC005] did not read Makefile from the build context: it is a FIFO (named pipe), not a regular file',
    );
  });

  it('a FIFO main.go: the cgo scan says it could not read it, and go list is not run on the tree', () => {
    const dir = module({ dockerfile: true });
    execFileSync('mkfifo', [path.join(dir, 'other.go')]);
    const run = runBin(dir, ['convert', '--dry-run']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      '[GMC005] could not read other.go (it is a FIFO (named pipe), not a regular file): an import "C" in it would not be seen',
    );
  });

  it('--all: a FIFO named Dockerfile is listed as skipped, with its reason (it was passed over without a word)', () => {
    const dir = sandbox('hostile-all');
    mkdirSync(path.join(dir, 'svc'));
    writeFileSync(path.join(dir, 'svc/Dockerfile'), DOCKERFILE);
    writeFileSync(path.join(dir, 'svc/go.mod'), GO_MOD);
    mkdirSync(path.join(dir, 'pipe'));
    execFileSync('mkfifo', [path.join(dir, 'pipe/Dockerfile')]);
    const text = runBin(dir, ['convert', '--all', '.', '--check']);
    expect(text.stdout).toContain(
      'skipped    pipe/Dockerfile: a FIFO (named pipe), not a regular file (not read)\n',
    );
    expect(text.stdout).toContain(
      '1 Dockerfile: 1 would change, 0 already minimal, 0 refused, 0 failed, 1 skipped',
    );
    const json = JSON.parse(runBin(dir, ['convert', '--all', '.', '--check', '--json']).stdout) as {
      skipped: Array<{ path: string; code: string; reason: string }>;
    };
    expect(json.skipped).toEqual([
      {
        path: 'pipe/Dockerfile',
        code: 'not-a-file',
        reason: 'a FIFO (named pipe), not a regular file (not read)',
      },
    ]);
  });
});

describe('dockerize --yes: side files that are FIFOs or links out of the module', () => {
  it.each(['.gitignore', '.dockerignore', 'go.mod', 'main.go'])(
    'a FIFO %s: the run answers, names the FIFO and writes nothing (it hung forever)',
    (fifo) => {
      const dir = module({ fifo });
      const before = treeBytes(dir);
      const run = runBin(dir, ['dockerize', '--yes']);
      expect(run.status).not.toBe(0);
      expect(run.stderr).toContain(`cannot read ${fifo}: it is a FIFO (named pipe), not a regular file`);
      expect(treeBytes(dir)).toEqual(before);
    },
  );

  it('.gitignore a link to a private key outside: refused, and not one line of it reaches .dockerignore', () => {
    const dir = module();
    const outside = sandbox('home');
    const key =
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\nFAKEFAKEFAKE\n-----END OPENSSH PRIVATE KEY-----\n';
    writeFileSync(path.join(outside, 'id_rsa'), key);
    symlinkSync(path.join(outside, 'id_rsa'), path.join(dir, '.gitignore'));
    const run = runBin(dir, ['dockerize', '--yes']);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain(
      `cannot read .gitignore: it is a symbolic link (or lies under one) that leads outside ${path.basename(dir)}, to ${outside}/id_rsa: not followed`,
    );
    expect(existsSync(path.join(dir, '.dockerignore'))).toBe(false);
    expect(existsSync(path.join(dir, 'Dockerfile'))).toBe(false);
  });

  it('.gitignore a link inside the module is followed: its lines are merged as before', () => {
    const dir = module();
    mkdirSync(path.join(dir, 'config'));
    writeFileSync(path.join(dir, 'config/gitignore'), 'secrets.env\n');
    symlinkSync('config/gitignore', path.join(dir, '.gitignore'));
    const run = runBin(dir, ['dockerize', '--yes']);
    expect(run.status).toBe(0);
    expect(readFileSync(path.join(dir, '.dockerignore'), 'utf8')).toContain('secrets.env\n');
  });
});

describe('the app generator: a FIFO .yo-rc.json or go.mod', () => {
  it.each(['.yo-rc.json', 'go.mod'])(
    'a FIFO %s: the run answers, names it and writes nothing (it hung forever)',
    (fifo) => {
      const dir = sandbox('hostile-app');
      execFileSync('mkfifo', [path.join(dir, fifo)]);
      const run = runBin(dir, ['--yes', '--name', 'svc']);
      expect(run.status).toBe(3);
      expect(run.stderr).toContain(`cannot read ${fifo}: it is a FIFO (named pipe), not a regular file`);
      expect(Object.keys(treeBytes(dir))).toEqual([fifo]);
    },
  );

  it('a FIFO package.json (Yeoman reads it for the app name): ignored, and the project is written', () => {
    const dir = sandbox('hostile-app');
    execFileSync('mkfifo', [path.join(dir, 'package.json')]);
    const run = runBin(dir, ['--yes', '--name', 'svc']);
    expect(run.status).toBe(0);
    expect(existsSync(path.join(dir, 'Dockerfile'))).toBe(true);
  });
});

describe('the app generator: a .yo-rc.json Yeoman cannot read', () => {
  const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
  it.each([
    ['empty', '', 'is not valid JSON (Unexpected end of JSON input)'],
    ['cut off', '{', 'is not valid JSON ('],
    ['an array', '[1,2,3]', "holds an array, where Yeoman keeps an object of generators' answers"],
    [
      'a number as our section',
      '{"generator-go-microcontainer": 3}',
      'holds a number under "generator-go-microcontainer"',
    ],
    ['5,000 levels deep', deep, 'nests deeper than 64 levels'],
  ])(
    '%s: a mistake in that file, exit 2, and nothing written (it was "internal error … please report it")',
    (_, text, said) => {
      const dir = sandbox('hostile-yo-rc');
      writeFileSync(path.join(dir, '.yo-rc.json'), text);
      const run = runBin(dir, ['--yes', '--name', 'svc']);
      expect(run.stderr).toContain(`go-microcontainer: .yo-rc.json ${said}`);
      expect(run.stderr).toContain(': fix it or delete it, then rerun');
      expect(run.stderr).not.toContain('internal error');
      expect(run.status).toBe(2);
      expect(treeBytes(dir)).toEqual({ '.yo-rc.json': Buffer.from(text).toString('base64') });
    },
  );

  it("a valid file keeps working, other generators' sections included", () => {
    const dir = sandbox('hostile-yo-rc');
    writeFileSync(path.join(dir, '.yo-rc.json'), '{"generator-other": {"deep": {"x": [1, {"y": 2}]}}}\n');
    const run = runBin(dir, ['--yes', '--name', 'svc']);
    expect(run.status).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, '.yo-rc.json'), 'utf8'))).toMatchObject({
      'generator-other': { deep: { x: [1, { y: 2 }] } },
      'generator-go-microcontainer': { name: 'svc' },
    });
  });
});

describe('no usable HOME: uid 65534 with HOME=/root', () => {
  it('convert --dry-run works (it was "internal error: EACCES … /root/.yo-rc-global.json", exit 3)', () => {
    const dir = module({ dockerfile: true });
    const run = runWithRootHome(dir, ['convert', '--dry-run']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('FROM scratch');
  });

  it('dockerize --yes works', () => {
    const dir = module();
    const run = runWithRootHome(dir, ['dockerize', '--yes']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(existsSync(path.join(dir, 'Dockerfile'))).toBe(true);
  });

  it('the app generator works', () => {
    const dir = sandbox('hostile-home');
    const run = runWithRootHome(dir, ['--yes', '--name', 'svc']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(existsSync(path.join(dir, 'go.mod'))).toBe(true);
  });
});

describe('the small ones', () => {
  it('a Dockerfile on a read-only mount: read-only, not permission-denied', () => {
    const disk = smallDisk(256);
    writeFileSync(path.join(disk, 'Dockerfile'), DOCKERFILE);
    writeFileSync(path.join(disk, 'go.mod'), GO_MOD);
    execFileSync('mount', ['-o', 'remount,ro', disk]);
    const run = runBin(disk, ['convert', '--yes', '--json']);
    expect(run.status).toBe(3);
    const report = JSON.parse(run.stdout) as { code: string; reason: string };
    expect(report.code).toBe('read-only');
    expect(report.reason).toBe('Dockerfile is on a read-only file system: nothing can be written there');
  });

  it.each([
    [['convert', '--yes', '--yes'], '--yes (or -y) is given twice: give it once'],
    [['convert', '-y', '--yes'], '--yes (or -y) is given twice: give it once'],
    [['convert', '--dry-run', '--dry-run'], '--dry-run is given twice: give it once'],
    [['dockerize', '--yes', '--yes'], '--yes (or -y) is given twice: give it once'],
    [['--yes', '--yes', '--name', 'svc'], '--yes (or -y) is given twice: give it once'],
  ])('%j is exit 2', (args, message) => {
    const dir = sandbox('hostile-twice');
    const run = runBin(dir, args);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
    expect(treeBytes(dir)).toEqual({});
  });

  it('a newline or escape character in a file name is escaped in the text report, and kept as is in JSON', () => {
    const dir = sandbox('hostile-names');
    const odd = 'evil\nconverted  fake (0 changes)\u001b[2J';
    mkdirSync(path.join(dir, odd));
    writeFileSync(path.join(dir, odd, 'Dockerfile'), DOCKERFILE);
    writeFileSync(path.join(dir, odd, 'go.mod'), GO_MOD);
    const text = runBin(dir, ['convert', '--all', '.', '--check']);
    // One line for the file, the totals, nothing forged in between.
    const lines = text.stdout.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^change {5}evil\\nconverted {2}fake \(0 changes\)\\x1b\[2J\/Dockerfile \(\d+ changes/,
    );
    expect(lines[1]).toBe('1 Dockerfile: 1 would change, 0 already minimal, 0 refused, 0 failed');
    expect(text.stdout).not.toContain('\u001b');
    const single = runBin(dir, ['convert', '--check', path.join(odd, 'Dockerfile')]);
    expect(single.stdout.split('\n')[0]).toBe(
      'evil\\nconverted  fake (0 changes)\\x1b[2J/Dockerfile: would be converted to scratch',
    );
    const json = JSON.parse(runBin(dir, ['convert', '--all', '.', '--check', '--json']).stdout) as {
      results: Array<{ file: string }>;
    };
    expect(json.results[0]?.file).toBe(`${odd}/Dockerfile`);
  });
});
