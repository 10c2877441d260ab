/**
 * What dockerize writes and prints besides the templates: the merged
 * .dockerignore, the option checks, and the report of what it found.
 */
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { fromGitignore, leftOut, mergeDockerignore } from '../src/core/dockerize/dockerignore.js';
import { inspectMain, inspectModule } from '../src/core/dockerize/inspect.js';
import { defaultAppName, parseDockerizeOptions } from '../src/core/dockerize/options.js';
import { mainReport, moduleReport } from '../src/core/dockerize/report.js';
import { REPO_ROOT } from './helpers/paths.js';

const MODULES = path.join(REPO_ROOT, 'test/fixtures/modules');

describe('fromGitignore', () => {
  it.each([
    ['*.log', '**/*.log'],
    ['/hello', 'hello'],
    ['bin/', 'bin'],
    ['api', 'api'],
    ['/dist/', 'dist'],
    ['docs/*.pdf', 'docs/*.pdf'],
    ['**/tmp', '**/tmp'],
    ['!keep.log', '!keep.log'],
    ['!*.keep', '!**/*.keep'],
  ])('%p becomes %p', (pattern, expected) => {
    expect(fromGitignore(pattern)).toBe(expected);
  });
});

describe('leftOut: whether a .dockerignore line drops a folder the build compiles', () => {
  it.each([
    [['pkg'], 'pkg/notes'],
    [['pkg/'], 'pkg/notes'],
    [['/pkg'], 'pkg/notes'],
    [['**/store'], 'internal/store'],
    [['internal/*'], 'internal/store'],
    [['int?rnal'], 'internal/store'],
    [['[a-j]nternal'], 'internal/store'],
    [['**'], 'api'],
    [['internal/**/db'], 'internal/db'],
    [['internal/**/db'], 'internal/x/y/db'],
  ])('%p leaves out %p', (lines, dir) => {
    expect(leftOut(lines, dir)).toBe(true);
  });

  it.each([
    [['notes'], 'pkg/notes'],
    [['/notes'], 'pkg/notes'],
    [['pkg/*.go'], 'pkg/notes'],
    [['**/*.log'], 'pkg/notes'],
    [['pk'], 'pkg/notes'],
    [['pkg.'], 'pkg/notes'],
    [['[!i]nternal'], 'internal/store'],
    [['!pkg'], 'pkg/notes'],
    [['# pkg'], 'x'],
    [['p\\*g'], 'pkg/notes'],
    [['[broken'], 'pkg/notes'],
  ])('%p keeps %p', (lines, dir) => {
    expect(leftOut(lines, dir)).toBe(false);
  });
});

describe('mergeDockerignore', () => {
  const ours = '# Ours: keep the context small.\n.git\n*.md\n\n# Editors\n.idea/\n';

  it('writes ours, then .gitignore translated (without repeats), then what the build needs, when there is no .dockerignore', () => {
    expect(
      mergeDockerignore({
        ours,
        gitignore: '/hello\n*.log\n.git\n# comment\n',
        needed: ['go.mod', 'templates'],
      }),
    ).toBe(
      [
        '# Written by go-microcontainer dockerize. Edit freely: a rerun keeps your lines and adds only what is missing.',
        '# Ours: keep the context small.',
        '.git',
        '*.md',
        '',
        '# Editors',
        '.idea/',
        '',
        '# From .gitignore',
        'hello',
        '**/*.log',
        '',
        '# Needed by the image build: never left out of the context',
        '!go.mod',
        '!templates',
        '',
      ].join('\n'),
    );
  });

  it("keeps the user's .dockerignore as it is and adds only the missing lines below it", () => {
    const existing = '# mine\nsecrets/\n.git\n';
    expect(mergeDockerignore({ ours, existing, needed: ['go.mod'] })).toBe(
      [
        '# mine',
        'secrets/',
        '.git',
        '',
        '# Added by go-microcontainer dockerize',
        '*.md',
        '.idea/',
        '',
        '# Needed by the image build: never left out of the context',
        '!go.mod',
        '',
      ].join('\n'),
    );
  });

  it('changes nothing on a rerun: every line is there already', () => {
    const first = mergeDockerignore({ ours, gitignore: '*.log\n', needed: ['go.mod'] });
    expect(
      mergeDockerignore({ ours, gitignore: '*.log\n', existing: first, needed: ['go.mod'] }),
    ).toBeUndefined();
  });
});

describe('parseDockerizeOptions', () => {
  it('reads every option', () => {
    expect(
      parseDockerizeOptions({
        main: './cmd/api',
        port: '9000',
        strategy: 'distroless',
        name: 'shop-api',
        copy: 'templates, ./migrations/',
      }),
    ).toEqual({
      given: {
        main: './cmd/api',
        port: 9000,
        strategy: 'distroless',
        name: 'shop-api',
        copy: ['templates', 'migrations'],
      },
      errors: [],
    });
    expect(parseDockerizeOptions({ copy: 'none' }).given).toEqual({ copy: [] });
  });

  it('names each bad value and its option', () => {
    expect(
      parseDockerizeOptions({ port: '70000', strategy: 'tiny', name: 'Shop API', copy: '../etc', main: ' ' })
        .errors,
    ).toEqual([
      '--main: must name a package (got " ")',
      '--port: the port must be a whole number from 1 to 65535 (got "70000")',
      '--strategy: the strategy must be one of: scratch, scratch-host, distroless, alpine, golang-alpine, golang (got "tiny")',
      '--name: the app name becomes the binary and image name: use lowercase letters and digits, separated by single ".", "_", "__" or dashes (for example "hello-world") (got "Shop API")',
      '--copy: folders relative to the module, separated by commas (got "../etc")',
    ]);
  });
});

describe('defaultAppName', () => {
  it.each([
    ['github.com/acme/shop/cmd/api', 'api'],
    ['example.com/hello', 'hello'],
    ['github.com/acme/Shop_Service/v2', 'shop_service'],
    ['hello', 'hello'],
  ])('%p gives %p', (importPath, expected) => {
    expect(defaultAppName(importPath)).toBe(expected);
  });
});

describe('the report of what was found', () => {
  it('for cmd/ with several mains: versions, image, mains, the port fixed in the code', () => {
    const inspection = inspectModule(path.join(MODULES, 'cmd-multi'), { useGo: false });
    expect(moduleReport(inspection)).toBe(
      [
        'Module github.com/acme/shop (go 1.23.0, toolchain go1.26.3: builder image golang:1.26.3-alpine)',
        'Main packages (found by a parse of the folders; go list: go list not used): ./cmd/api, ./cmd/worker',
        '',
      ].join('\n'),
    );
    expect(mainReport(inspectMain(inspection, { dir: './cmd/api', importPath: '' }))).toBe(
      [
        '  addr-field 18381: Addr: ":18381", (cmd/api/main.go:21)',
        "  $PORT is not read: the port is the program's own default",
        '',
      ].join('\n'),
    );
  });

  it('for templates on disk: the $PORT default, and the folder the code reads (migrations/ is not named)', () => {
    const inspection = inspectModule(path.join(MODULES, 'templates'), { useGo: false });
    expect(
      mainReport(inspectMain(inspection, inspection.mains[0] as (typeof inspection.mains)[number])),
    ).toBe(
      [
        '  env-default 8080: port = "8080" (main.go:21)',
        '  $PORT is read (main.go:19), default 8080',
        '  reads templates/ (main.go:13)',
        '  templates/: on disk, named at main.go:13',
        '',
      ].join('\n'),
    );
  });
});
