/**
 * .pre-commit-hooks.yaml: the hook pre-commit users add in three lines. It
 * is read as pre-commit reads it, its `files`/`exclude` regexes are run by
 * Python's `re` (what pre-commit uses) against the same tree `convert --all`
 * walks, and its entry is run on files with the exit statuses the README
 * documents. Runs the compiled bin (npm run build first).
 *
 * With GMC_PRE_COMMIT_E2E=1 (and `pre-commit` from PyPI on PATH), `pre-commit
 * try-repo` installs this repository as a hook and runs it: that installs
 * the package's dependencies, dev ones included (the build needs them), from
 * the npm registry, so it is not part of CI. Measured here at load average
 * 27, the whole test (two try-repo runs): 11 min wall, 177 s of CPU, 1.9 GB
 * written.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parse } from 'yaml';
import { discoverDockerfiles } from '../src/core/convert/io/discovery.js';
import { FIXTURES_DIR } from './helpers/fixtures.js';
import { BIN, REPO_ROOT } from './helpers/paths.js';
import { sandbox } from './helpers/sandbox.js';

interface Hook {
  id: string;
  name: string;
  description: string;
  entry: string;
  language: string;
  files: string;
  exclude: string;
}

const HOOKS = parse(readFileSync(path.join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
const HOOK = HOOKS[0] as Hook;

/** The paths pre-commit would hand the hook, by Python's re.search, as pre-commit filters them. */
function selectedByPreCommit(paths: readonly string[]): string[] {
  const script = [
    'import json, re, sys',
    'job = json.load(sys.stdin)',
    "include, exclude = re.compile(job['files']), re.compile(job['exclude'])",
    "print(json.dumps([p for p in job['paths'] if include.search(p) and not exclude.search(p)]))",
  ].join('\n');
  const run = spawnSync('python3', ['-c', script], {
    input: JSON.stringify({ files: HOOK.files, exclude: HOOK.exclude, paths }),
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`python3 failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as string[];
}

/** The hook's entry, with `go-microcontainer` the package's bin as pre-commit installs it, on `files`. */
function runEntry(cwd: string, files: readonly string[]) {
  const [command, ...args] = HOOK.entry.split(' ');
  expect(command).toBe('go-microcontainer');
  return spawnSync(process.execPath, [BIN, ...args, ...files], {
    cwd,
    encoding: 'utf8',
    input: '',
    timeout: 60_000,
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
  });
}

function service(root: string, relative: string, fixture: string): void {
  const dir = path.join(root, relative);
  mkdirSync(dir, { recursive: true });
  cpSync(path.join(FIXTURES_DIR, '_app'), dir, { recursive: true });
  cpSync(path.join(FIXTURES_DIR, fixture), dir, { recursive: true });
}

describe('.pre-commit-hooks.yaml', () => {
  it('declares one node hook that runs convert --check on the files pre-commit passes', () => {
    expect(HOOKS).toHaveLength(1);
    expect(HOOK).toEqual({
      id: 'go-microcontainer-check',
      name: 'go-microcontainer convert --check',
      description:
        'Fails when a Go Dockerfile would change to ship FROM scratch, or cannot (each finding with its GMC code and line).',
      entry: 'go-microcontainer convert --check --',
      language: 'node',
      files: expect.any(String),
      exclude: expect.any(String),
    });
    // pre-commit installs a node hook with `npm install -g` of the packed repository: the bin must be in it.
    const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
      files: string[];
    };
    expect(manifest.bin['go-microcontainer']).toBe('bin/go-microcontainer.js');
    expect(manifest.files).toEqual(expect.arrayContaining(['bin', 'dist']));
  });

  it('selects the names convert --all finds, and only those', () => {
    const names = [
      'Dockerfile',
      'dockerfile',
      'DOCKERFILE',
      'Dockerfile.prod',
      'Dockerfile.alpine.arm64',
      'api.Dockerfile',
      'api.dockerfile',
      'Containerfile',
      'containerfile.dev',
      'web.Containerfile',
      'Dockerfile.dockerignore',
      'Containerfile.containerignore',
      'Dockerfile.orig',
      'Dockerfile.orig.1',
      'Dockerfile.orig.12',
      'Dockerfile.orig.x',
      'Dockerfile~',
      'Dockerfile.prod~',
      'Dockerfile.prod.bak',
      'Containerfile.dev.txt',
      'api.Dockerfile.html',
      'Dockerfile.prod.orig.3',
      'Dockerfile.swp',
      'Dockerfile.swo',
      'Dockerfile.bak',
      'Dockerfile.md',
      'Dockerfile.MD',
      'Dockerfile.markdown',
      'Dockerfile.txt',
      'Dockerfile.rst',
      'Dockerfile.adoc',
      'Dockerfile.asciidoc',
      'Dockerfile.htm',
      'Dockerfile.html',
      '.Dockerfile.gmc-1a2b.tmp',
      '.Dockerfile.orig.gmc-1a2b.tmp',
      'Dockerfiles',
      'MyDockerfile',
      'Dockerfile.',
      '.dockerfile',
      'x.dockerfile.md',
      'docker-compose.yml',
      'Makefile',
      // Line breaks: --all never takes such a name (a report line must not be split by one).
      'Dockerfile\n',
      'Dockerfile.a\nb',
      'x\n::add-mask::y.Dockerfile',
      'Dockerfile.\r',
      'Dockerfile.\u2028x',
      'x\u2029.dockerfile',
      'Dockerfile.\u0007bell',
    ];
    // Random names made of the pieces that matter, a fixed sample so a failure can be rerun.
    const piece = fc.constantFrom(
      'Dockerfile',
      'CONTAINERFILE',
      '.dockerfile',
      'Docker',
      'docker',
      'file',
      'File',
      'Container',
      '.',
      'orig',
      '1',
      '~',
      'md',
      'x',
      'ignore',
      'tmp',
      'gmc-',
      'swp',
      'html',
      '.orig.',
    );
    const random = fc
      .sample(fc.array(piece, { minLength: 1, maxLength: 6 }), { numRuns: 400, seed: 17 })
      .map((parts) => parts.join(''))
      .filter((name) => name !== '.' && name !== '..');
    const folders = [
      '',
      'svc/',
      'deep/er/',
      'vendor/',
      'Vendor/',
      'testdata/x/',
      'a/node_modules/',
      '.idea/',
      '.vscode/',
      '.git/',
      'vendored/',
    ];
    const root = sandbox('hook-names');
    const paths = [
      ...new Set(folders.flatMap((folder) => [...names, ...random].map((name) => `${folder}${name}`))),
    ];
    for (const file of paths) {
      mkdirSync(path.join(root, path.dirname(file)), { recursive: true });
      writeFileSync(path.join(root, file), 'FROM scratch\n');
    }
    const found = discoverDockerfiles(root).files.map((file) =>
      path.relative(root, file).split(path.sep).join('/'),
    );
    expect(found.length).toBeGreaterThan(100);
    expect(found).toContain('svc/Dockerfile.prod');
    expect(found).toContain('Vendor/Dockerfile');
    expect(found).not.toContain('vendor/Dockerfile');
    expect(found).not.toContain('Dockerfile.orig.1');
    expect(selectedByPreCommit(paths).sort()).toEqual([...found].sort());
  });

  it('the entry exits 0 when every file is already minimal, 1 when one would change or is refused, 3 when one cannot be read', () => {
    const root = sandbox('hook-run');
    service(root, 'minimal', 'minimal-scratch');
    service(root, 'change', 'multi-alpine-basic');
    service(root, 'refused', 'refuse-cgo-env');
    mkdirSync(path.join(root, 'folder', 'Dockerfile'), { recursive: true });

    const minimal = runEntry(root, ['minimal/Dockerfile']);
    expect(minimal.status).toBe(0);
    expect(minimal.stdout).toBe(
      'minimal/Dockerfile: already minimal: the image already ships scratch: nothing to convert\n',
    );

    const change = runEntry(root, ['change/Dockerfile']);
    expect(change.status).toBe(1);
    expect(change.stdout).toMatch(
      /^change\/Dockerfile: would be converted to scratch\n\nChanges:\n {2}line 6 \[GMC102\]/,
    );

    const refused = runEntry(root, ['refused/Dockerfile']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(
      /^refused\/Dockerfile: not converted: cgo is needed: line 2 sets CGO_ENABLED=1/,
    );

    // pre-commit passes every matching file at once: one line each and the totals.
    const batch = runEntry(root, ['minimal/Dockerfile', 'change/Dockerfile']);
    expect(batch.status).toBe(1);
    expect(batch.stdout.trim().split('\n')).toEqual([
      'minimal    minimal/Dockerfile',
      expect.stringMatching(/^change {5}change\/Dockerfile \(\d+ changes\)$/),
      '2 Dockerfiles: 1 would change, 1 already minimal, 0 refused, 0 failed',
    ]);

    expect(runEntry(root, ['minimal/Dockerfile', 'folder/Dockerfile']).status).toBe(3);

    // A file at the root whose name starts with a dash is a file, not an option.
    cpSync(path.join(root, 'change', 'Dockerfile'), path.join(root, 'change', '-web.Dockerfile'));
    const dashed = runEntry(path.join(root, 'change'), ['-web.Dockerfile']);
    expect({ status: dashed.status, first: dashed.stdout.split('\n')[0] }).toEqual({
      status: 1,
      first: '-web.Dockerfile: would be converted to scratch',
    });
  });

  const e2e = process.env.GMC_PRE_COMMIT_E2E === '1' ? it : it.skip;
  e2e('pre-commit try-repo installs the hook from this repository and runs it on a project', () => {
    const project = sandbox('hook-e2e');
    service(project, 'svc', 'multi-alpine-basic');
    service(project, 'ok', 'minimal-scratch');
    const git = (...args: string[]) =>
      expect(spawnSync('git', args, { cwd: project, encoding: 'utf8' }).status).toBe(0);
    git('init', '-q');
    git('add', '.');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'services');
    const env = { ...process.env, PRE_COMMIT_HOME: path.join(project, '.cache'), FORCE_COLOR: '0' };
    const tryRepo = (...files: string[]) =>
      spawnSync('pre-commit', ['try-repo', REPO_ROOT, HOOK.id, '--files', ...files], {
        cwd: project,
        encoding: 'utf8',
        env,
        timeout: 1_200_000,
      });
    const fails = tryRepo('svc/Dockerfile', 'ok/Dockerfile');
    expect({ status: fails.status, out: fails.stdout }).toEqual({
      status: 1,
      out: expect.stringMatching(
        /go-microcontainer convert --check\.+Failed[\s\S]*change {5}svc\/Dockerfile/,
      ),
    });
    const passes = tryRepo('ok/Dockerfile');
    expect({ status: passes.status, out: passes.stdout }).toEqual({
      status: 0,
      out: expect.stringMatching(/go-microcontainer convert --check\.+Passed/),
    });
  });
});
