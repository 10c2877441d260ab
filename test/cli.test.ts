/** The go-microcontainer bin, run as a separate process the way users run it. */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { FEATURE_OPTIONS, TEXT_OPTIONS } from '../src/core/options.js';
import { defaultAnswers, readSurroundings } from '../src/core/defaults.js';
import { renderProject } from '../src/core/render.js';
import { readTree, runBin, tempDir } from './helpers/run.js';

describe('go-microcontainer --help', () => {
  const help = runBin(tempDir('help'), ['--help']);

  it('exits 0 and lists every option with its default', () => {
    expect(help.status).toBe(0);
    for (const option of TEXT_OPTIONS) {
      expect(help.stdout).toContain(`--${option.flag} <value>`);
      expect(help.stdout).toContain(`(default: ${option.defaultHelp})`);
    }
    for (const option of FEATURE_OPTIONS) {
      const line = help.stdout.indexOf(`--[no-]${option.flag}`);
      expect(line).toBeGreaterThan(-1);
      expect(help.stdout.slice(line)).toMatch(
        new RegExp(`^[^\\n]*\\n\\s+\\(default: ${option.default ? 'on' : 'off'}\\)`),
      );
    }
    expect(help.stdout).toContain('-y, --yes');
    expect(help.stdout).toContain('--force');
  });
});

describe('go-microcontainer', () => {
  it('generates into the current directory with --yes, like the generator', () => {
    const cwd = tempDir('svc');
    const run = runBin(cwd, ['--yes', '--strategy', 'scratch-host', '--port', '8080']);
    expect(run.status).toBe(0);
    expect(run.stderr).not.toMatch(/error/i);

    const answers = {
      ...defaultAnswers(readSurroundings(cwd)),
      strategy: 'scratch-host' as const,
      port: 8080,
    };
    const expected = Object.fromEntries(renderProject(answers).map((file) => [file.path, file.contents]));
    const { ['.yo-rc.json']: stored, ...written } = readTree(cwd);
    expect(written).toEqual(expected);
    expect(JSON.parse(stored ?? '{}')['generator-go-microcontainer']).toEqual(answers);
    expect(statSync(path.join(cwd, 'build.sh')).mode & 0o777).toBe(0o755);
  });

  it('fails fast without a TTY or --yes, naming the missing options, and writes nothing', () => {
    const cwd = tempDir('notty');
    const run = runBin(cwd, ['--name', 'svc', '--port', '8080']);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('No terminal to ask questions on. Give --module, --strategy, --go-version');
    expect(run.stderr).toContain('or --yes');
    expect(run.stderr).not.toContain('--name,');
    expect(readTree(cwd)).toEqual({});
  });

  it('exits non-zero on an invalid option, naming it and the rule, and writes nothing', () => {
    const cwd = tempDir('bad');
    const run = runBin(cwd, ['--yes', '--port', '65536']);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('--port: the port must be a whole number from 1 to 65535 (got "65536")');
    expect(readTree(cwd)).toEqual({});
  });

  it('never overwrites a changed file silently; --force does', () => {
    const cwd = tempDir('rerun');
    expect(runBin(cwd, ['--yes']).status).toBe(0);
    const dockerfile = path.join(cwd, 'Dockerfile');
    writeFileSync(dockerfile, '# my edits\n');

    // Same answers again: the edited Dockerfile differs, and without a TTY
    // there is no way to show the diff, so the run stops before writing.
    const again = runBin(cwd, ['--yes', '--strategy', 'alpine']);
    expect(again.status).not.toBe(0);
    expect(again.stderr).toMatch(/Dockerfile, compose\.yaml, README\.md already exist and differ.*--force/);
    expect(readFileSync(dockerfile, 'utf8')).toBe('# my edits\n');
    expect(readFileSync(path.join(cwd, '.yo-rc.json'), 'utf8')).toContain('"strategy": "scratch"');

    const forced = runBin(cwd, ['--yes', '--strategy', 'alpine', '--force']);
    expect(forced.status).toBe(0);
    expect(readFileSync(dockerfile, 'utf8')).toContain('ARG RUNTIME_IMAGE=alpine:3.22');
    expect(readFileSync(path.join(cwd, '.yo-rc.json'), 'utf8')).toContain('"strategy": "alpine"');
  });

  it('re-runs cleanly when nothing changed', () => {
    const cwd = tempDir('same');
    expect(runBin(cwd, ['--yes', '--strategy', 'distroless']).status).toBe(0);
    const before = readTree(cwd);
    const again = runBin(cwd, []);
    expect(again.status).toBe(0);
    expect(readTree(cwd)).toEqual(before);
  });
});
