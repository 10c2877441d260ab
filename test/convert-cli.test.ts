/**
 * `go-microcontainer convert` as users run it: in place with a backup, dry
 * runs, JSON, refusals that touch nothing, batches, and the yo generator.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { fixtureContext, fixtures, FIXTURES_DIR, type Fixture } from './helpers/fixtures.js';
import { BIN, REPO_ROOT } from './helpers/paths.js';
import { runBin, tempDir } from './helpers/run.js';
import { runGenerator } from './helpers/yeoman.js';

const byName = new Map(fixtures().map((fixture) => [fixture.name, fixture]));

function project(name: string): string {
  const fixture = byName.get(name);
  if (!fixture) throw new Error(`no fixture ${name}`);
  return fixtureContext(fixture, path.join(tempDir(name), 'svc'));
}

/** Every file under `dir` with its bytes, to prove a run touched nothing. */
function snapshotTree(dir: string): Record<string, string> {
  const tree: Record<string, string> = {};
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else tree[path.relative(dir, full)] = readFileSync(full).toString('base64');
    }
  };
  walk(dir);
  return tree;
}

describe('go-microcontainer convert', () => {
  it('--help lists every convert option with its default', () => {
    const help = runBin(tempDir('help'), ['convert', '--help']);
    expect(help.status).toBe(0);
    for (const flag of ['--all <dir>', '--strategy <value>', '-y, --yes', '--force', '--dry-run', '--json']) {
      expect(help.stdout).toContain(flag);
    }
    expect(help.stdout).toContain('(default: scratch)');
  });

  it('converts ./Dockerfile in place with --yes and keeps the original byte for byte', () => {
    const dir = project('crlf-bom');
    const original = readFileSync(path.join(dir, 'Dockerfile'));
    const run = runBin(dir, ['convert', '--yes']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Dockerfile: converted to scratch (original kept as Dockerfile.orig)');
    expect(run.stdout).toMatch(/Changes:\n {2}line \d+ \[GMC\d{3}\]: /);
    expect(readFileSync(path.join(dir, 'Dockerfile.orig'))).toEqual(original);
    const converted = readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
    expect(converted.startsWith('\uFEFF')).toBe(true);
    expect(converted).toContain('FROM scratch\r\n');
  });

  it('never overwrites an existing backup, and a second run finds the file already minimal', () => {
    const dir = project('multi-alpine-basic');
    writeFileSync(path.join(dir, 'Dockerfile.orig'), 'an older backup\n');
    expect(runBin(dir, ['convert', '--yes']).status).toBe(0);
    expect(readFileSync(path.join(dir, 'Dockerfile.orig'), 'utf8')).toBe('an older backup\n');
    expect(readFileSync(path.join(dir, 'Dockerfile.orig.1'), 'utf8')).toContain('FROM alpine:3.19');

    const again = runBin(dir, ['convert', '--yes']);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('Dockerfile: already minimal');
    expect(existsSync(path.join(dir, 'Dockerfile.orig.2'))).toBe(false);
  });

  it('--dry-run prints the converted Dockerfile and the report, and writes nothing', () => {
    const dir = project('multi-alpine-certs-tzdata');
    const before = snapshotTree(dir);
    const run = runBin(dir, ['convert', '--dry-run']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('FROM scratch\n');
    expect(run.stdout).toContain('Changes:');
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('--json prints one JSON document with converted, strategy, changes and warnings', () => {
    const dir = project('multi-healthcheck-curl');
    const run = runBin(dir, ['convert', '--json', '--dry-run', '--strategy', 'scratch']);
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      file: 'Dockerfile',
      converted: true,
      strategy: 'scratch',
      status: 'converted',
    });
    expect(Array.isArray(report['changes'])).toBe(true);
    expect(report['warnings']).toEqual([
      {
        code: 'GMC206',
        line: 9,
        message: expect.stringMatching(/^HEALTHCHECK dropped: it runs curl, which scratch does not have/),
      },
    ]);
    expect(report['refusals']).toEqual([]);
    expect(report['dockerfile']).toContain('FROM scratch');
  });

  it('converts to distroless on request', () => {
    const dir = project('distroless-target');
    const run = runBin(dir, ['convert', '--yes', '--strategy', 'distroless']);
    expect(run.status).toBe(0);
    expect(readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toContain(
      'FROM gcr.io/distroless/static-debian12:nonroot',
    );
  });

  it.each([
    ['refuse-cgo-import-c', /cgo is needed/],
    ['refuse-no-go', /no Go build found/],
    ['refuse-entrypoint-script', /needs a shell/],
    ['refuse-not-utf8', /not valid UTF-8/],
  ])('refuses %s: non-zero exit, the reason on stderr, no file created or changed', (name, reason) => {
    const dir = project(name);
    const before = snapshotTree(dir);
    const run = runBin(dir, ['convert', '--yes']);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(reason);
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('a missing file and a directory are errors (exit 3) that say which', () => {
    const dir = tempDir('missing');
    const missing = runBin(dir, ['convert', '--yes']);
    expect(missing.status).toBe(3);
    expect(missing.stderr).toBe('Dockerfile: error: cannot read Dockerfile: does not exist\n');
    mkdirSync(path.join(dir, 'Dockerfile'));
    const directory = runBin(dir, ['convert', '--yes', '--json', 'Dockerfile']);
    expect(directory.status).toBe(3);
    expect(JSON.parse(directory.stdout)).toMatchObject({
      status: 'error',
      code: 'not-a-file',
      reason: 'Dockerfile is a directory, not a Dockerfile (use --all to convert every Dockerfile under it)',
    });
  });

  it('an unreadable file is an error that says permission denied', () => {
    const dir = project('multi-alpine-basic');
    const file = path.join(dir, 'Dockerfile');
    chmodSync(file, 0o000);
    // root reads any file: run as nobody, who cannot.
    const asNobody =
      process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
    chmodSync(path.dirname(dir), 0o777);
    chmodSync(dir, 0o777);
    const [command = process.execPath, ...prefixArgs] = [...asNobody, process.execPath];
    const run = spawnSync(command, [...prefixArgs, BIN, 'convert', '--yes', '--dry-run'], {
      cwd: dir,
      encoding: 'utf8',
      input: '',
      env: { ...process.env, HOME: dir },
    });
    expect(run.status).toBe(3);
    expect(run.stderr).toBe('Dockerfile: error: cannot read Dockerfile: permission denied\n');
  });

  it('fails fast without a TTY unless --yes or --dry-run, and writes nothing', () => {
    const dir = project('multi-alpine-basic');
    const before = snapshotTree(dir);
    const run = runBin(dir, ['convert']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      'go-microcontainer convert: no terminal to confirm the overwrite on: pass --yes to convert in place ' +
        '(the original is kept as Dockerfile.orig), or --dry-run to print the result only\n',
    );
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('rejects an unknown strategy', () => {
    const run = runBin(project('multi-alpine-basic'), ['convert', '--yes', '--strategy', 'alpine']);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('--strategy: must be one of: scratch, distroless (got "alpine")');
  });

  it('--drop removes the runtime packages named, reported as the decision; a bad name is a usage error', () => {
    const dir = tempDir('drop');
    writeFileSync(
      path.join(dir, 'Dockerfile'),
      'FROM golang:1.22-alpine AS build\nRUN CGO_ENABLED=0 go build -o /app .\nFROM alpine:3.20\n' +
        'RUN apk add --no-cache bash\nCOPY --from=build /app /app\nCMD ["/app"]\n',
    );
    const refused = runBin(dir, ['convert', '--check']);
    expect(`${refused.stdout}${refused.stderr}`).toMatch(/installs bash into the runtime image/);
    const run = runBin(dir, ['convert', '--dry-run', '--drop', 'bash']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('line 4 [GMC202]: dropped bash from the runtime image (--drop bash)');
    expect(run.stdout).toContain('your decision: the converter cannot tell whether the program needs it');
    const bad = runBin(dir, ['convert', '--dry-run', '--drop', 'bash;rm -rf /']);
    expect({ status: bad.status, stderr: bad.stderr }).toEqual({
      status: 2,
      stderr:
        'go-microcontainer convert: --drop: give package names, comma-separated (bash,su-exec); "bash;rm -rf /" is not one\n',
    });
  });

  it('--all converts every Dockerfile under a folder, one line each; a bad one does not stop the rest', () => {
    const root = path.join(tempDir('monorepo'), 'repo');
    const services = ['multi-alpine-basic', 'refuse-cgo-import-c', 'minimal-scratch', 'single-golang-alpine'];
    for (const name of services)
      cpSync(project(name), path.join(root, 'services', name), { recursive: true });
    mkdirSync(path.join(root, 'node_modules/dep'), { recursive: true });
    writeFileSync(path.join(root, 'node_modules/dep/Dockerfile'), 'FROM node:20\n');

    const run = runBin(root, ['convert', '--all', '.', '--yes']);
    expect(run.status).not.toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^minimal {4}services\/minimal-scratch\/Dockerfile$/),
      expect.stringMatching(/^converted {2}services\/multi-alpine-basic\/Dockerfile \(\d+ changes\)$/),
      expect.stringMatching(/^refused {4}services\/refuse-cgo-import-c\/Dockerfile: cgo is needed/),
      expect.stringMatching(
        /^converted {2}services\/single-golang-alpine\/Dockerfile \(\d+ changes, 1 warning\)$/,
      ),
      '4 Dockerfiles: 2 converted, 1 already minimal, 1 refused, 0 failed',
    ]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^services\/refuse-cgo-import-c\/Dockerfile: not converted: cgo is needed/);
    expect(existsSync(path.join(root, 'services/multi-alpine-basic/Dockerfile.orig'))).toBe(true);
    expect(existsSync(path.join(root, 'services/refuse-cgo-import-c/Dockerfile.orig'))).toBe(false);
  });

  it('takes several paths and reports them as a batch in JSON', () => {
    const a = project('multi-busybox');
    const b = project('multi-unnamed-builder');
    const run = runBin(path.dirname(a), [
      'convert',
      '--json',
      '--dry-run',
      path.join(a, 'Dockerfile'),
      path.join(b, 'Dockerfile'),
    ]);
    expect(run.status).toBe(0);
    const document = JSON.parse(run.stdout) as { strategy: string; results: Array<{ converted: boolean }> };
    expect(document.strategy).toBe('scratch');
    expect(document.results.map((result) => result.converted)).toEqual([true, true]);
  });
});

describe('go-microcontainer convert --all', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'gmc-convert-all-'));
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('names in its summary the links it did not follow, and converts the rest', () => {
    fixtureContext(byName.get('multi-alpine-basic') as Fixture, path.join(root, 'real'));
    symlinkSync('real', path.join(root, 'linked'));

    const json = runBin(root, ['convert', '--all', '.', '--dry-run', '--json']);
    expect(json.status).toBe(0);
    expect(json.stderr).toBe('');
    expect(JSON.parse(json.stdout)).toMatchObject({
      results: [{ file: 'real/Dockerfile', status: 'converted' }],
      skipped: [{ path: 'linked', code: 'symlink', reason: 'symbolic link to real (not followed)' }],
    });

    const text = runBin(root, ['convert', '--all', '.', '--dry-run']);
    expect(text.status).toBe(0);
    expect(text.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^change {5}real\/Dockerfile \(\d+ changes\)$/),
      'skipped    linked: symbolic link to real (not followed)',
      '1 Dockerfile: 1 would change, 0 already minimal, 0 refused, 0 failed, 1 skipped',
    ]);
  });

  it('names a folder that does not exist as it was given (exit 3)', () => {
    const run = runBin(root, ['convert', '--all', './missing', '--yes']);
    expect(run.status).toBe(3);
    expect(run.stderr).toBe('go-microcontainer convert: --all: ./missing does not exist\n');
  });
});

describe('yo go-microcontainer:convert', () => {
  it('runs the same conversion through Yeoman', async () => {
    const dockerfile = readFileSync(path.join(FIXTURES_DIR, 'multi-alpine-basic/Dockerfile'), 'utf8');
    // The converter reads the file from disk, as it finds it in a project.
    const result = await runGenerator(path.join(REPO_ROOT, 'generators/convert/index.js'))
      .inTmpDir((dir) => writeFileSync(path.join(dir, 'Dockerfile'), dockerfile))
      .withOptions({ yes: true } as never);
    result.assertFileContent('Dockerfile', /^FROM scratch$/m);
    result.assertFileContent('Dockerfile.orig', dockerfile);
  });

  it('takes --drop as the bin does', async () => {
    const dockerfile =
      'FROM golang:1.22 AS b\nRUN go build -o /app .\nFROM debian:12\nRUN apt-get install -y bash\nCOPY --from=b /app /app\nCMD ["/app"]\n';
    const result = await runGenerator(path.join(REPO_ROOT, 'generators/convert/index.js'))
      .inTmpDir((dir) => writeFileSync(path.join(dir, 'Dockerfile'), dockerfile))
      .withOptions({ yes: true, drop: 'bash' } as never);
    result.assertFileContent('Dockerfile', /^FROM scratch$/m);
    result.assertNoFileContent('Dockerfile', /apt-get/);
  });

  it('asks before overwriting, and keeps no backup when the overwrite is declined', async () => {
    const dockerfile = readFileSync(path.join(FIXTURES_DIR, 'multi-alpine-basic/Dockerfile'), 'utf8');
    const questions: string[] = [];
    // yeoman-test forces overwrites unless told not to: this run answers the real question, and says no.
    const result = await runGenerator(
      path.join(REPO_ROOT, 'generators/convert/index.js'),
      {},
      { force: false },
    )
      .inTmpDir((dir) => writeFileSync(path.join(dir, 'Dockerfile'), dockerfile))
      .withOptions({ strategy: 'scratch', force: false } as never)
      .withAnswers(
        { overwrite: 'no' },
        {
          callback: (answer, { question }) => {
            questions.push(question.message);
            return answer;
          },
        },
      );
    expect(questions).toEqual([expect.stringMatching(/Overwrite Dockerfile\?/)]);
    // On disk (the test's in-memory file system holds what was offered).
    expect(readFileSync(path.join(result.cwd, 'Dockerfile'), 'utf8')).toBe(dockerfile);
    expect(existsSync(path.join(result.cwd, 'Dockerfile.orig'))).toBe(false);
  });
});
