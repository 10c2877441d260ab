/**
 * How yo finds the generators: from the built package, by yeoman-environment's
 * lookup, and for real through `npm link` and `yo go-microcontainer`.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, realpathSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { createEnv } from 'yeoman-environment';
import { REPO_ROOT } from './helpers/paths.js';
import { GENERATED_FILES } from './helpers/project.js';
import { tempDir } from './helpers/run.js';

describe('yeoman-environment lookup', () => {
  it('finds go-microcontainer:app and :convert from the built package, and nothing else', async () => {
    // Installed packages sit in node_modules under their package name, which
    // is where yo takes the namespace from: link the checkout there.
    const modules = path.join(tempDir('lookup'), 'node_modules');
    const installed = path.join(modules, 'generator-go-microcontainer');
    mkdirSync(modules);
    symlinkSync(REPO_ROOT, installed);
    const env = createEnv();
    const found = await env.lookup({ packagePaths: [installed] });
    expect(found.map((meta) => meta.namespace).sort()).toEqual([
      'go-microcontainer:app',
      'go-microcontainer:convert',
    ]);
    // The compiled shim, never a TypeScript source as a second copy.
    expect(found.map((meta) => path.relative(realpathSync(REPO_ROOT), meta.resolved ?? '')).sort()).toEqual([
      'generators/app/index.js',
      'generators/convert/index.js',
    ]);
  });
});

describe('npm link, then yo go-microcontainer', () => {
  it('generates a project with the linked package', () => {
    // A private npm prefix stands in for the global one, so the test links
    // without touching the machine's global packages.
    const root = tempDir('link');
    const prefix = path.join(root, 'prefix');
    const home = path.join(root, 'home');
    const project = path.join(root, 'linked-svc');
    for (const dir of [home, project]) mkdirSync(dir, { recursive: true });
    // yo drops root privileges to "nobody" when run as root; let it write here.
    for (const dir of [root, home, project]) chmodSync(dir, 0o777);
    const env = { ...process.env, npm_config_prefix: prefix, HOME: home, NO_COLOR: '1', FORCE_COLOR: '0' };

    const link = spawnSync('npm', ['link', '--ignore-scripts', '--no-audit', '--no-fund'], {
      cwd: REPO_ROOT,
      env,
      encoding: 'utf8',
    });
    expect(link.stderr).not.toMatch(/ERR!/);
    expect(link.status).toBe(0);
    expect(existsSync(path.join(prefix, 'bin', 'go-microcontainer'))).toBe(true);

    const yo = spawnSync(
      path.join(REPO_ROOT, 'node_modules/.bin/yo'),
      ['go-microcontainer', '--yes', '--no-insight'],
      {
        cwd: project,
        env,
        encoding: 'utf8',
        input: '',
        timeout: 90_000,
      },
    );
    expect(yo.stdout + yo.stderr).toContain('Generated linked-svc');
    expect(yo.status).toBe(0);
    expect(readdirSync(project).sort()).toEqual([...GENERATED_FILES, '.yo-rc.json'].sort());

    // The linked bin runs the same generator without yo.
    const bin = spawnSync(path.join(prefix, 'bin', 'go-microcontainer'), ['--help'], {
      env,
      encoding: 'utf8',
    });
    expect(bin.status).toBe(0);
    expect(bin.stdout).toContain('Usage: go-microcontainer');
  });
});

describe('README quick start', () => {
  it('runs the generator from the clone with npx --prefix', () => {
    const project = path.join(tempDir('readme'), 'hello');
    mkdirSync(project);
    const run = spawnSync('npx', ['--no-install', '--prefix', REPO_ROOT, 'go-microcontainer', '--yes'], {
      cwd: project,
      encoding: 'utf8',
      input: '',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(run.status).toBe(0);
    expect(existsSync(path.join(project, 'Dockerfile'))).toBe(true);
    expect(existsSync(path.join(project, 'build.sh'))).toBe(true);
  });
});
