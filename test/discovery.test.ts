/**
 * How yo finds the generators: from the built package, by yeoman-environment's
 * lookup, and for real through `npm link` and `yo go-microcontainer`.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readdirSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { createEnv } from 'yeoman-environment';
import { REPO_ROOT } from './helpers/paths.js';
import { GENERATED_FILES } from './helpers/project.js';
import { tempDir } from './helpers/run.js';

describe('yeoman-environment lookup', () => {
  it('finds go-microcontainer:app, :convert and :dockerize from the built package, and nothing else', async () => {
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
      'go-microcontainer:dockerize',
    ]);
    // The compiled shim, never a TypeScript source as a second copy.
    expect(found.map((meta) => path.relative(realpathSync(REPO_ROOT), meta.resolved ?? '')).sort()).toEqual([
      'generators/app/index.js',
      'generators/convert/index.js',
      'generators/dockerize/index.js',
    ]);
  });
});

describe('npm link, then yo go-microcontainer', () => {
  // As the README says: npm link, a yo on the PATH (installed with npm install -g yo on a
  // fresh machine; here the dev dependency's), then yo go-microcontainer in a new folder.
  // Run as root, yo 7 switches to user id 1000 first (downgrade-root's Linux default),
  // so the README's root recipe is what this runs when the tests run as root: a HOME
  // and a project folder owned by user 1000.
  it('generates a project with the linked package, as the README says (as root too)', () => {
    // A private npm prefix stands in for the global one, so the test links
    // without touching the machine's global packages.
    const root = tempDir('link');
    const prefix = path.join(root, 'prefix');
    const home = path.join(root, 'yo-home');
    const project = path.join(root, 'linked-svc');
    try {
      for (const dir of [home, project]) mkdirSync(dir, { recursive: true });
      const asRoot = process.getuid?.() === 0;
      const yoUser = asRoot ? 1000 : undefined;
      if (yoUser !== undefined) {
        chmodSync(root, 0o755); // mkdtemp makes it 0700: user 1000 must reach the project
        for (const dir of [home, project]) chownSync(dir, yoUser, -1);
      }
      const env = { ...process.env, npm_config_prefix: prefix, NO_COLOR: '1', FORCE_COLOR: '0' };

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
          env: { ...env, HOME: home },
          encoding: 'utf8',
          input: '',
          timeout: 90_000,
        },
      );
      expect(yo.stdout + yo.stderr).toContain('Generated linked-svc');
      expect(yo.status).toBe(0);
      expect(readdirSync(project).sort()).toEqual([...GENERATED_FILES, '.yo-rc.json'].sort());
      if (yoUser !== undefined) {
        // yo really ran as user 1000: this is why the README's root recipe is needed.
        expect(statSync(path.join(project, 'go.mod')).uid).toBe(yoUser);
      }

      // Under yo too, a typo is a usage error with our exit status and one line of ours.
      const typo = spawnSync(
        path.join(REPO_ROOT, 'node_modules/.bin/yo'),
        ['go-microcontainer', '--yes', '--prot', '8080', '--no-insight'],
        { cwd: project, env: { ...env, HOME: home }, encoding: 'utf8', input: '', timeout: 90_000 },
      );
      expect(typo.stderr).toContain(
        'go-microcontainer: unknown option --prot; did you mean --port? (go-microcontainer --help lists the options)',
      );
      expect(typo.stdout + typo.stderr).not.toContain('An error occured');
      expect(typo.status).toBe(2);

      // The linked bin runs the same generator without yo.
      const bin = spawnSync(path.join(prefix, 'bin', 'go-microcontainer'), ['--help'], {
        env,
        encoding: 'utf8',
      });
      expect(bin.status).toBe(0);
      expect(bin.stdout).toContain('Usage: go-microcontainer');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
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
