/**
 * `convert --all` as platform teams run it over many services: every name
 * people give Dockerfiles, folders it cannot read or write, links and loops,
 * one line per file and a total, and never a stop at the first error.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { FIXTURES_DIR } from './helpers/fixtures.js';
import { runBin } from './helpers/run.js';
import { runBinAsNobody, sandbox, treeBytes } from './helpers/sandbox.js';

const FIXTURE = readFileSync(path.join(FIXTURES_DIR, 'multi-alpine-basic/Dockerfile'), 'utf8');

function service(root: string, relative: string, dockerfileName = 'Dockerfile'): string {
  const dir = path.join(root, relative);
  mkdirSync(dir, { recursive: true });
  cpSync(path.join(FIXTURES_DIR, '_app'), dir, { recursive: true });
  writeFileSync(path.join(dir, dockerfileName), FIXTURE);
  return dir;
}

describe('convert --all', () => {
  it('finds every name people use, and not ignore files, backups or documents', () => {
    const root = sandbox('names');
    service(root, 'api', 'Containerfile');
    service(root, 'build', 'Containerfile');
    service(root, 'lower', 'dockerfile');
    service(root, 'named', 'api.dockerfile');
    service(root, 'prod', 'Dockerfile.prod');
    const decoys = service(root, 'decoys', 'Dockerfile');
    for (const name of ['Dockerfile.dockerignore', 'Dockerfile.orig', 'Dockerfile.orig.2', 'Dockerfile.md'])
      writeFileSync(path.join(decoys, name), 'not a Dockerfile to convert\n');

    const run = runBin(root, ['convert', '--all', '.', '--dry-run']);
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^change {5}api\/Containerfile \(/),
      expect.stringMatching(/^change {5}build\/Containerfile \(/),
      expect.stringMatching(/^change {5}decoys\/Dockerfile \(/),
      expect.stringMatching(/^change {5}lower\/dockerfile \(/),
      expect.stringMatching(/^change {5}named\/api\.dockerfile \(/),
      expect.stringMatching(/^change {5}prod\/Dockerfile\.prod \(/),
      '6 Dockerfiles: 6 would change, 0 already minimal, 0 refused, 0 failed',
    ]);
  });

  it('goes on past a folder it cannot read and one it cannot write, reports each, and exits 3', () => {
    const root = sandbox('perms');
    service(root, 'a-ok');
    const secret = service(root, 'b-secret');
    const frozen = service(root, 'c-frozen');
    service(root, 'd-ok');
    // The user's own tree (uid 65534), but for one folder of someone else's they cannot read.
    spawnSync('chown', ['-R', '65534:65534', root]);
    chownSync(secret, 0, 0);
    chmodSync(secret, 0o700);
    chmodSync(frozen, 0o555);
    const frozenBefore = treeBytes(frozen);

    const run = runBinAsNobody(root, ['convert', '--all', '.', '--yes']);
    expect(run.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^converted {2}a-ok\/Dockerfile \(/),
      'error      c-frozen/Dockerfile: cannot write c-frozen/Dockerfile: permission denied',
      expect.stringMatching(/^converted {2}d-ok\/Dockerfile \(/),
      'skipped    b-secret: cannot read this folder: permission denied',
      '3 Dockerfiles: 2 converted, 0 already minimal, 0 refused, 1 failed, 1 skipped',
    ]);
    expect(run.status).toBe(3);
    expect(treeBytes(frozen)).toEqual(frozenBefore);
    expect(readFileSync(path.join(root, 'd-ok', 'Dockerfile.orig'), 'utf8')).toBe(FIXTURE);

    const json = JSON.parse(runBinAsNobody(root, ['convert', '--all', '.', '--yes', '--json']).stdout);
    expect(json.skipped).toEqual([
      { path: 'b-secret', code: 'permission-denied', reason: 'cannot read this folder: permission denied' },
    ]);
    expect(json.results.map((r: { file: string; code: string }) => `${r.file} ${r.code}`)).toEqual([
      'a-ok/Dockerfile already-minimal',
      'c-frozen/Dockerfile permission-denied',
      'd-ok/Dockerfile already-minimal',
    ]);
  });

  it('a link loop inside the tree is reported; a looping root is an error with a code', () => {
    const root = sandbox('loops');
    service(root, 'svc');
    symlinkSync('loop-b', path.join(root, 'loop-a'));
    symlinkSync('loop-a', path.join(root, 'loop-b'));
    const run = runBin(root, ['convert', '--all', '.', '--dry-run', '--json']);
    expect(run.status).toBe(0);
    expect(
      JSON.parse(run.stdout).skipped.map((s: { path: string; code: string }) => `${s.path} ${s.code}`),
    ).toEqual(['loop-a symlink-loop', 'loop-b symlink-loop']);

    const looping = runBin(root, ['convert', '--all', 'loop-a', '--dry-run', '--json']);
    expect(looping.status).toBe(3);
    expect(JSON.parse(looping.stdout)).toMatchObject({ status: 'error', code: 'symlink-loop' });
  });

  it('converts 1,000 Dockerfiles in one run, and reports the time', () => {
    const root = sandbox('thousand');
    const app = readFileSync(path.join(FIXTURES_DIR, '_app/go.mod'), 'utf8');
    for (let i = 0; i < 1000; i++) {
      const dir = path.join(root, `svc-${String(i).padStart(4, '0')}`);
      mkdirSync(dir);
      writeFileSync(path.join(dir, 'go.mod'), app);
      writeFileSync(path.join(dir, 'Dockerfile'), FIXTURE);
    }
    const started = process.hrtime.bigint();
    const run = runBin(root, ['convert', '--all', '.', '--yes']);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split('\n').at(-1)).toBe(
      '1000 Dockerfiles: 1000 converted, 0 already minimal, 0 refused, 0 failed',
    );
    process.stdout.write(`convert --all --yes over 1,000 Dockerfiles: ${seconds.toFixed(2)} s\n`);
  }, 120_000);
});

describe('files the user may not replace', () => {
  it("refuses another user's file, even in a folder that would let it be replaced", () => {
    const root = sandbox('owner');
    const dir = service(root, 'svc');
    spawnSync('chown', ['-R', '65534:65534', dir]);
    const file = path.join(dir, 'Dockerfile');
    chownSync(file, 0, 0);
    const before = treeBytes(dir);

    chmodSync(file, 0o644);
    const closed = runBinAsNobody(dir, ['convert', '--yes']);
    expect(closed.status).toBe(3);
    expect(closed.stderr).toBe(
      'Dockerfile: error: Dockerfile is not writable by this user: permission denied\n',
    );

    // Writable by all, but replacing it would make it the user's: the owner is kept or nothing is done.
    chmodSync(file, 0o666);
    const open = runBinAsNobody(dir, ['convert', '--yes']);
    expect(open.status).toBe(3);
    expect(open.stderr).toBe(
      'Dockerfile: error: Dockerfile belongs to uid 0, gid 0: replacing it would change its owner; run as that user\n',
    );
    chmodSync(file, 0o644);
    expect(treeBytes(dir)).toEqual(before);
  });
});

describe('convert --check (for CI pipelines)', () => {
  it('changes nothing, lists the findings with codes, and exits 1 when a file would change', () => {
    const dir = service(sandbox('check'), 'svc');
    const before = treeBytes(dir);
    const run = runBin(dir, ['convert', '--check']);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(
      /^Dockerfile: would be converted to scratch\n\nChanges:\n {2}line 6 \[GMC102\]: /,
    );
    // Findings only: the converted Dockerfile itself is not printed.
    expect(run.stdout).not.toMatch(/^FROM scratch$/m);
    expect(treeBytes(dir)).toEqual(before);

    const json = runBin(dir, ['convert', '--check', '--json']);
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      file: 'Dockerfile',
      status: 'converted',
      wouldChange: true,
    });
    expect(JSON.parse(json.stdout)).not.toHaveProperty('dockerfile');
    expect(treeBytes(dir)).toEqual(before);
  });

  it('exits 0 when every file is already minimal, also without a terminal or --yes', () => {
    const dir = service(sandbox('check-minimal'), 'svc');
    expect(runBin(dir, ['convert', '--yes']).status).toBe(0);
    const run = runBin(dir, ['convert', '--check']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Dockerfile: already minimal/);
  });

  it('works with --all: one line per file, the totals, exit 1 if any would change', () => {
    const root = sandbox('check-all');
    service(root, 'a');
    const done = service(root, 'b');
    expect(runBin(done, ['convert', '--yes']).status).toBe(0);
    const before = treeBytes(root);
    const run = runBin(root, ['convert', '--check', '--all', '.']);
    expect(run.status).toBe(1);
    expect(run.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^change {5}a\/Dockerfile \(\d+ changes\)$/),
      'minimal    b/Dockerfile',
      '2 Dockerfiles: 1 would change, 1 already minimal, 0 refused, 0 failed',
    ]);
    expect(treeBytes(root)).toEqual(before);
    const json = JSON.parse(runBin(root, ['convert', '--check', '--all', '.', '--json']).stdout);
    expect(json).toMatchObject({ check: true, results: [{ wouldChange: true }, { wouldChange: false }] });
  });
});
