/**
 * `convert` must never lose, half-write or leak a file: kills at random
 * points, a full disk, symbolic links, read-only files, concurrent runs, and
 * backups that are exactly the original, with its mode.
 */
import { spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { FIXTURES_DIR } from './helpers/fixtures.js';
import { BIN } from './helpers/paths.js';
import { runBin } from './helpers/run.js';
import { fillDisk, runBinKilled, sandbox, smallDisk, treeBytes } from './helpers/sandbox.js';

const FIXTURE = readFileSync(path.join(FIXTURES_DIR, 'multi-alpine-basic/Dockerfile'), 'utf8');

/** A build context with the fixture program and `dockerfile`. */
function context(dir: string, dockerfile: string | Buffer = FIXTURE): string {
  cpSync(path.join(FIXTURES_DIR, '_app'), dir, { recursive: true });
  writeFileSync(path.join(dir, 'Dockerfile'), dockerfile);
  return dir;
}

/** The fixture followed by `lines` comment lines: a large file that still converts. */
function padded(lines: number): string {
  const padding = Array.from(
    { length: lines },
    (_, i) => `# padding ${String(i).padStart(7, '0')}: filler text\n`,
  );
  return FIXTURE + padding.join('');
}

function files(dir: string): string[] {
  return readdirSync(dir).sort();
}

describe('convert under kills', () => {
  it('leaves the Dockerfile either exactly as it was or completely converted, however it is killed', async () => {
    const original = padded(80_000); // about 3 MB
    const reference = context(sandbox('kill-ref'), original);
    const started = Date.now();
    const full = runBin(reference, ['convert', '--yes']);
    const total = Date.now() - started;
    expect(full.status).toBe(0);
    const converted = readFileSync(path.join(reference, 'Dockerfile'), 'utf8');
    expect(converted).toMatch(/^FROM scratch$/m);

    // Half the kills come at any moment of a run; the other half a random
    // few milliseconds after the first temp file appears, inside the writes.
    const kills = 30;
    const seen = { original: 0, converted: 0, withBackup: 0, finished: 0 };
    for (let i = 0; i < kills; i++) {
      const dir = context(sandbox('kill'), original);
      const point =
        i % 2 === 0
          ? { afterMs: Math.round(total * (0.2 + Math.random())) }
          : { whenFileMatches: /\.gmc-[0-9a-f]+\.tmp$/, thenMs: Math.floor(Math.random() * 40) };
      const ended = await runBinKilled(dir, ['convert', '--yes'], point);
      const now = readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
      // Never a mix: one or the other, byte for byte.
      expect(now === original || now === converted).toBe(true);
      if (now === original) seen.original++;
      else seen.converted++;
      if (ended.signal === null) seen.finished++;
      const backup = path.join(dir, 'Dockerfile.orig');
      if (existsSync(backup)) {
        seen.withBackup++;
        expect(readFileSync(backup, 'utf8')).toBe(original);
      }
      // A converted file always has its backup next to it.
      if (now === converted) expect(existsSync(backup)).toBe(true);
    }
    process.stdout.write(
      `kill loop: ${kills} kills, ${total} ms a run: ${seen.original} left original, ` +
        `${seen.converted} converted, ${seen.withBackup} with a backup, ${seen.finished} finished first, 0 damaged\n`,
    );
    // The loop must have met both outcomes, or it did not test the writes.
    expect(seen.original).toBeGreaterThan(0);
    expect(seen.converted).toBeGreaterThan(0);
    expect(seen.original + seen.converted).toBe(kills);
  }, 300_000);
});

describe('convert on a full disk', () => {
  it('leaves the Dockerfile and no backup when the backup does not fit, and says why (text and JSON)', () => {
    const disk = smallDisk(512);
    const dir = context(path.join(disk, 'svc'), padded(800)); // about 36 KB
    const size = statSync(path.join(dir, 'Dockerfile')).size;
    // Room for the converted temp file, not for the backup as well.
    fillDisk(disk, size + 8 * 1024);
    const before = treeBytes(dir);

    const run = runBin(dir, ['convert', '--yes']);
    expect(run.status).toBe(3);
    expect(run.stderr).toBe('Dockerfile: error: cannot write Dockerfile: no space left on the device\n');
    expect(treeBytes(dir)).toEqual(before);

    const json = runBin(dir, ['convert', '--yes', '--json']);
    expect(json.status).toBe(3);
    expect(JSON.parse(json.stdout)).toMatchObject({ file: 'Dockerfile', status: 'error', code: 'no-space' });
    expect(treeBytes(dir)).toEqual(before);
  });

  it('leaves the Dockerfile when not even the new text fits', () => {
    const disk = smallDisk(512);
    const dir = context(path.join(disk, 'svc'), padded(800));
    fillDisk(disk, 0);
    const before = treeBytes(dir);
    const run = runBin(dir, ['convert', '--yes']);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain('no space left on the device');
    expect(treeBytes(dir)).toEqual(before);
  });
});

describe('convert and symbolic links', () => {
  it('refuses a Dockerfile that is a link, naming the link and its target, and touches neither', () => {
    const outside = sandbox('outside');
    writeFileSync(path.join(outside, 'Dockerfile'), FIXTURE);
    const dir = sandbox('linked');
    cpSync(path.join(FIXTURES_DIR, '_app'), dir, { recursive: true });
    const target = path.join(outside, 'Dockerfile');
    symlinkSync(target, path.join(dir, 'Dockerfile'));

    const run = runBin(dir, ['convert', '--yes']);
    expect(run.status).toBe(3);
    expect(run.stderr).toBe(
      `Dockerfile: error: Dockerfile is a symbolic link to ${target}: not written through a link; ` +
        'replace it with a regular file, or run on the file it points to\n',
    );
    expect(readFileSync(target, 'utf8')).toBe(FIXTURE);
    expect(files(dir)).not.toContain('Dockerfile.orig');
    expect(files(outside)).toEqual(['Dockerfile']);

    const json = runBin(dir, ['convert', '--yes', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ status: 'error', code: 'symlink' });
  });
});

describe('convert backups', () => {
  it('keeps the mode and owner of a private Dockerfile on the backup and the new file', () => {
    const dir = context(sandbox('mode'));
    chmodSync(path.join(dir, 'Dockerfile'), 0o600);
    chownSync(path.join(dir, 'Dockerfile'), 65534, 65534);
    expect(runBin(dir, ['convert', '--yes']).status).toBe(0);
    for (const name of ['Dockerfile.orig', 'Dockerfile']) {
      const stats = statSync(path.join(dir, name));
      expect({ name, mode: stats.mode & 0o777, uid: stats.uid, gid: stats.gid }).toEqual({
        name,
        mode: 0o600,
        uid: 65534,
        gid: 65534,
      });
    }
  });

  it('refuses a read-only Dockerfile without making a backup, however often it is run', () => {
    const dir = context(sandbox('readonly'));
    chmodSync(path.join(dir, 'Dockerfile'), 0o444);
    const before = treeBytes(dir);
    for (let i = 0; i < 3; i++) {
      const run = runBin(dir, ['convert', '--yes']);
      expect(run.status).toBe(3);
      expect(run.stderr).toBe(
        'Dockerfile: error: Dockerfile is read-only: make it writable (chmod u+w) to let it be replaced\n',
      );
    }
    expect(treeBytes(dir)).toEqual(before);
  });

  it('a rerun on a converted file is "already minimal" and creates nothing', () => {
    const dir = context(sandbox('rerun'));
    expect(runBin(dir, ['convert', '--yes']).status).toBe(0);
    const before = treeBytes(dir);
    const again = runBin(dir, ['convert', '--yes']);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/^Dockerfile: already minimal/);
    expect(treeBytes(dir)).toEqual(before);
  });

  it('two runs at once never label the converted text as the original, and never crash', async () => {
    const pairs = 12;
    for (let i = 0; i < pairs; i++) {
      const dir = context(sandbox('race'));
      const runs = await Promise.all(
        [0, 1].map(
          () =>
            new Promise<{ status: number | null; stderr: string }>((resolve) => {
              const child = spawn(process.execPath, [BIN, 'convert', '--yes'], {
                cwd: dir,
                env: { ...process.env, NO_COLOR: '1' },
              });
              let stderr = '';
              child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
              child.on('exit', (status) => resolve({ status, stderr }));
            }),
        ),
      );
      for (const run of runs) {
        // Either run may find the file already converted or changed under it; neither crashes.
        expect([0, 3]).toContain(run.status);
        if (run.status === 3) expect(run.stderr).toContain('changed on disk while it was being converted');
      }
      for (const name of files(dir).filter((file) => file.startsWith('Dockerfile.orig')))
        expect(readFileSync(path.join(dir, name), 'utf8')).toBe(FIXTURE);
      expect(readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toMatch(/^FROM scratch$/m);
      expect(files(dir).filter((file) => file.includes('.gmc-'))).toEqual([]);
    }
  }, 120_000);
});

describe('convert --all stopped by a signal while it writes', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    '%s stops it between two files: exit %i, each file as it was or complete',
    async (signal, status) => {
      const root = sandbox(`signal-${signal}`);
      const original = padded(40_000); // about 1.5 MB: each write takes a moment
      const services = Array.from({ length: 12 }, (_, i) => `svc-${String(i).padStart(2, '0')}`);
      for (const name of services) context(path.join(root, name), original);
      const child = spawn(process.execPath, [BIN, 'convert', '--all', '.', '--yes'], {
        cwd: root,
        env: { ...process.env, NO_COLOR: '1' },
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      // Signalled once the first file is written: the writes have begun.
      const first = path.join(root, services[0] ?? '', 'Dockerfile.orig');
      const poll = setInterval(() => {
        if (existsSync(first)) {
          clearInterval(poll);
          child.kill(signal);
        }
      }, 5);
      const ended = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      clearInterval(poll);
      expect(ended).toBe(status);
      expect(stderr).toContain(
        `interrupted (${signal}): every file is either as it was or completely written`,
      );
      let converted = 0;
      for (const name of services) {
        const now = readFileSync(path.join(root, name, 'Dockerfile'), 'utf8');
        if (now === original) {
          expect(existsSync(path.join(root, name, 'Dockerfile.orig'))).toBe(false);
          continue;
        }
        converted++;
        expect(now).toMatch(/^FROM scratch$/m);
        expect(readFileSync(path.join(root, name, 'Dockerfile.orig'), 'utf8')).toBe(original);
      }
      // It stopped: some files were written, not all of them.
      expect(converted).toBeGreaterThan(0);
      expect(converted).toBeLessThan(services.length);
    },
    120_000,
  );
});

describe('a backup left by a killed run', () => {
  it('is used again when it holds exactly the original, instead of a new .orig.1', () => {
    const dir = context(sandbox('stale-backup'));
    // What a run killed between its backup and its rename leaves.
    writeFileSync(path.join(dir, 'Dockerfile.orig'), FIXTURE);
    expect(runBin(dir, ['convert', '--yes']).status).toBe(0);
    expect(files(dir).filter((name) => name.startsWith('Dockerfile.orig'))).toEqual(['Dockerfile.orig']);
    expect(readFileSync(path.join(dir, 'Dockerfile.orig'), 'utf8')).toBe(FIXTURE);
  });

  it('is kept, and a new name taken, when it holds anything else', () => {
    const dir = context(sandbox('other-backup'));
    writeFileSync(path.join(dir, 'Dockerfile.orig'), '# an older original\n');
    expect(runBin(dir, ['convert', '--yes']).status).toBe(0);
    expect(readFileSync(path.join(dir, 'Dockerfile.orig'), 'utf8')).toBe('# an older original\n');
    expect(readFileSync(path.join(dir, 'Dockerfile.orig.1'), 'utf8')).toBe(FIXTURE);
  });
});
