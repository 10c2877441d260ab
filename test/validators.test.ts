import { readdirSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';
import {
  sanitizeAppName,
  validateAppName,
  validateGoVersion,
  modulePathNote,
  validateModulePath,
  validatePort,
  validateStrategy,
} from '../src/core/validators.js';

describe('validateAppName', () => {
  it.each(['hello', 'hello-world', 'api2', 'my.svc', 'a_b', 'a__b', 'a--b', 'x'])('accepts %p', (name) => {
    expect(validateAppName(name)).toBe(true);
  });

  const NAME_RULE =
    'the app name becomes the binary and image name: use lowercase letters and digits, ' +
    'separated by single ".", "_", "__" or dashes (for example "hello-world")';
  it.each([
    ['', 'the app name must not be empty'],
    ['Hello', NAME_RULE],
    ['-hello', NAME_RULE],
    ['hello-', NAME_RULE],
    ['he llo', NAME_RULE],
    ['a/b', NAME_RULE],
    ['../etc', NAME_RULE],
    ["it's", NAME_RULE],
    ['a$(id)', NAME_RULE],
    ['a\nb', NAME_RULE],
    ['a..b', NAME_RULE],
    ['a___b', NAME_RULE],
    ['go.mod', 'the app name "go.mod" would clash with a generated file'],
    ['build.sh', 'the app name "build.sh" would clash with a generated file'],
    ['main.go', 'the app name "main.go" would clash with a generated file'],
    ['main_test.go', 'the app name "main_test.go" would clash with a generated file'],
    ['go.sum', 'the app name "go.sum" would clash with a generated file'],
    ['dockerfile', 'the app name "dockerfile" would clash with a generated file'],
    ['readme.md', 'the app name "readme.md" would clash with a generated file'],
    ['rootfs', 'the app name "rootfs" would clash with a generated file'],
    ['node_modules', 'the app name "node_modules" would clash with a generated file'],
    ['a'.repeat(65), 'the app name must be at most 64 characters'],
  ])('rejects %p, stating the rule', (name, message) => {
    expect(validateAppName(name)).toBe(message);
  });

  it('takes 64 characters, the longest Docker accepts here', () => {
    expect(validateAppName('a'.repeat(64))).toBe(true);
  });
});

describe('sanitizeAppName', () => {
  it.each([
    ['My Service', 'my-service'],
    ['hello_world', 'hello_world'],
    ['--weird..name--', 'weird.name'],
    ['Über Cool', 'ber-cool'],
    ['日本', 'app'],
    ['build.sh', 'app'],
    ['a'.repeat(70), 'a'.repeat(64)],
    [`${'a'.repeat(63)}-b`, 'a'.repeat(63)],
    ['__init__', 'init'],
    ['a - b', 'a-b'],
    ['x.-_y', 'x_y'],
  ])('%p becomes %p', (raw, expected) => {
    expect(sanitizeAppName(raw)).toBe(expected);
    expect(validateAppName(sanitizeAppName(raw))).toBe(true);
  });
});

describe('validateModulePath', () => {
  it.each([
    'example.com/hello',
    'github.com/acme/api',
    'github.com/acme/api/v2',
    'gitlab.example.org/group/sub_group/my-svc',
    'example.com/a~b',
    'example.com',
    'gopkg.in/yaml.v3',
    'example.com/Upper/Case',
    // `go mod init` takes these; `go get` could not fetch them (see modulePathNote)
    'example/hello',
    'hello',
    'Example.com/x',
    'exa_mple.com/x',
    'example.com/.hidden',
    'example.com/c++',
    'github.com/acme/hello.git',
  ])('accepts %p', (path) => {
    expect(validateModulePath(path)).toBe(true);
  });

  const FOUND = (character: string) =>
    `module path elements may only use ASCII letters, digits and "-._~+" (found ${JSON.stringify(character)})`;
  const SUFFIX = (suffix: string) =>
    `the major version suffix "${suffix}" is invalid: use /v2 or higher, or no suffix`;
  const STDLIB = (first: string, path: string) =>
    `"${first}" is a standard-library name, and go build would find two packages at the same path ` +
    `("ambiguous import"): start with a domain (example.com/${path}) or with example/`;
  const START =
    'the module path must start with a letter, a digit, "." or "_" (go build refuses other import paths)';
  it.each([
    ['', 'the module path must not be empty'],
    ['/example.com/x', 'the module path must not start with a slash'],
    ['example.com/x/', 'the module path must not end with a slash'],
    ['example.com//x', 'the module path must not contain an empty element ("//")'],
    ['-example.com/x', 'the module path must not start with a dash'],
    ['example.com/my app', FOUND(' ')],
    ['example.com/"x"', FOUND('"')],
    ["example.com/it's", FOUND("'")],
    ['example.com/a\\b', FOUND('\\')],
    ['example.com/a\nb', FOUND('\n')],
    ['example.com/$(id)', FOUND('$')],
    ['example.com/ünï', FOUND('ü')],
    ['example.com/../x', '".." is not allowed as a module path element'],
    ['example.com/./x', '"." is not allowed as a module path element'],
    ['example.com/trailing.', 'module path element "trailing." must not end with a dot'],
    ['example.com/con', 'module path element "con" is a reserved file name on Windows'],
    ['example.com/LPT1.txt', 'module path element "LPT1.txt" is a reserved file name on Windows'],
    ['example.com/com9', 'module path element "com9" is a reserved file name on Windows'],
    [
      'example.com/abc~1',
      'module path element "abc~1" must not end in "~" and digits (a Windows short name)',
    ],
    [
      'example.com/abc~12',
      'module path element "abc~12" must not end in "~" and digits (a Windows short name)',
    ],
    ['example.com/a://b', 'the module path must not contain an empty element ("//")'],
    ['example.com/a@b:c', FOUND('@')],
    ['example.com/x/v1', SUFFIX('/v1')],
    ['example.com/x/v0', SUFFIX('/v0')],
    ['example.com/x/v02', SUFFIX('/v02')],
    ['example.com/x/v2.1', SUFFIX('/v2.1')],
    ['gopkg.in/yaml', 'gopkg.in module paths must end in a .vN major version'],
    ['gopkg.in/yaml.v3-beta', 'gopkg.in module paths must end in a .vN major version'],
    ['go', '"go" is reserved by the go command (it names the Go toolchain)'],
    ['toolchain', '"toolchain" is reserved by the go command (it names the Go toolchain)'],
    ['fmt', STDLIB('fmt', 'fmt')],
    ['net/http', STDLIB('net', 'net/http')],
    ['go/x', STDLIB('go', 'go/x')],
    ['main', '"main" means something else to the go command: add an element, such as example/main'],
    ['all', '"all" means something else to the go command: add an element, such as example/all'],
    ['C', '"C" means something else to the go command: add an element, such as example/c'],
    ['~x', START],
    ['+x', START],
  ])('rejects %p, stating the rule', (path, message) => {
    expect(validateModulePath(path)).toBe(message);
  });

  // The top-level folders of GOROOT/src in Go 1.26: a module path starting
  // with one is ambiguous with the standard library.
  const GO_1_26_ROOTS = [
    'archive',
    'arena',
    'bufio',
    'builtin',
    'bytes',
    'cmd',
    'cmp',
    'compress',
    'container',
    'context',
    'crypto',
    'database',
    'debug',
    'embed',
    'encoding',
    'errors',
    'expvar',
    'flag',
    'fmt',
    'go',
    'hash',
    'html',
    'image',
    'index',
    'internal',
    'io',
    'iter',
    'log',
    'maps',
    'math',
    'mime',
    'net',
    'os',
    'path',
    'plugin',
    'reflect',
    'regexp',
    'runtime',
    'simd',
    'slices',
    'sort',
    'strconv',
    'strings',
    'structs',
    'sync',
    'syscall',
    'testing',
    'text',
    'time',
    'unicode',
    'unique',
    'unsafe',
    'vendor',
    'weak',
  ];

  it.each(GO_1_26_ROOTS)('refuses a path under the standard library root %p', (root) => {
    expect(validateModulePath(`${root}/x`)).toBe(STDLIB(root, `${root}/x`));
  });

  it('knows every standard library root of the installed Go', () => {
    const goroot = spawnSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).stdout?.trim();
    if (!goroot) return; // no toolchain here: the literal list above still holds
    const roots = readdirSync(path.join(goroot, 'src'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name !== 'testdata')
      .map((entry) => entry.name);
    for (const root of roots)
      expect([root, validateModulePath(`${root}/x`)]).toEqual([root, STDLIB(root, `${root}/x`)]);
  });

  it.each(['all', 'std', 'cmd', 'tool', 'work', 'main', 'C'])('refuses the go command name %p', (name) => {
    expect(validateModulePath(name)).toBe(
      `"${name}" means something else to the go command: add an element, such as example/${name.toLowerCase()}`,
    );
  });

  it.each(['com1', 'com9', 'lpt1', 'lpt9', 'prn', 'aux', 'nul', 'NUL.json'])(
    'refuses the Windows device name %p',
    (element) => {
      expect(validateModulePath(`example.com/${element}`)).toBe(
        `module path element "${element}" is a reserved file name on Windows`,
      );
    },
  );

  it.each([
    'example.com/com0',
    'example.com/com10',
    'example.com/lpt0',
    'example.com/console',
    'gopkg.in/yaml.v3-unstable',
    'gopkg.in/yaml.v0',
    'example.com/x/v10',
    'example.com/x/v2',
    'example.com/v1x',
    'example.com/a~b1',
    'example.com/a~1b',
  ])('accepts %p, which only looks like a refused one', (path) => {
    expect(validateModulePath(path)).toBe(true);
  });

  it.each([
    [
      'https://github.com/acme/hello',
      'this is a URL, not a module path: type github.com/acme/hello (no scheme, user or .git)',
    ],
    [
      'http://github.com/acme/hello/',
      'this is a URL, not a module path: type github.com/acme/hello (no scheme, user or .git)',
    ],
    [
      'https://github.com/acme/hello.git',
      'this is a URL, not a module path: type github.com/acme/hello (no scheme, user or .git)',
    ],
    [
      'ssh://git@github.com/acme/hello.git',
      'this is a URL, not a module path: type github.com/acme/hello (no scheme, user or .git)',
    ],
    [
      'git@github.com:acme/hello.git',
      'this is a git address, not a module path: type github.com/acme/hello (no scheme, user or .git)',
    ],
    [
      'HTTPS://GitHub.com/acme/hello',
      'this is a URL, not a module path: type github.com/acme/hello (no scheme, user or .git)',
    ],
    [
      'https://example.com/a b',
      'this is a URL, not a module path: type the host and path without scheme, user or .git (for example github.com/you/hello)',
    ],
    [
      'git@GitHub.com:acme/hello.git',
      'this is a git address, not a module path: type github.com/acme/hello (no scheme, user or .git)',
    ],
    [
      'https://github.com/acme/hello//',
      'this is a URL, not a module path: type github.com/acme/hello (no scheme, user or .git)',
    ],
    [
      'https://github.com/acme/my.gitops',
      'this is a URL, not a module path: type github.com/acme/my.gitops (no scheme, user or .git)',
    ],
    [
      'file:///srv/hello',
      'this is a URL, not a module path: type the host and path without scheme, user or .git (for example github.com/you/hello)',
    ],
  ])('turns the pasted %p into a message saying what to type', (pasted, message) => {
    expect(validateModulePath(pasted)).toBe(message);
  });
});

describe('modulePathNote', () => {
  it.each([
    [
      'example/hello',
      'example/hello is fine for a local module; `go get` needs a domain in the first element, such as github.com/you/hello',
    ],
    [
      'hello',
      'hello is fine for a local module; `go get` needs a domain in the first element, such as github.com/you/hello',
    ],
    [
      'Example.com/x',
      'Example.com/x is fine for a local module; `go get` needs the first element to be a domain in lowercase letters, digits, dots and dashes',
    ],
    [
      'example.com/.hidden',
      'example.com/.hidden is fine for a local module; `go get` refuses an element that starts with a dot',
    ],
    [
      'example.com/c++',
      'example.com/c++ is fine for a local module; `go get` refuses a "+" in a module path',
    ],
    [
      'github.com/acme/hello.git',
      'the .git stays part of the module path; if you meant the repository, the module path is github.com/acme/hello',
    ],
    [
      'gitlab.com/acme/hello.git',
      'the .git stays part of the module path; if you meant the repository, the module path is gitlab.com/acme/hello',
    ],
    [
      'bitbucket.org/acme/hello.git',
      'the .git stays part of the module path; if you meant the repository, the module path is bitbucket.org/acme/hello',
    ],
    ['github.com/acme/hello', undefined],
    [
      'example.com/x+y',
      'example.com/x+y is fine for a local module; `go get` refuses a "+" in a module path',
    ],
    [
      'example.com/a/.b',
      'example.com/a/.b is fine for a local module; `go get` refuses an element that starts with a dot',
    ],
    [
      'ex_ample.com/x',
      'ex_ample.com/x is fine for a local module; `go get` needs the first element to be a domain in lowercase letters, digits, dots and dashes',
    ],
  ])('notes %p: %p', (path, note) => {
    expect(modulePathNote(path)).toBe(note);
  });

  it.each([
    'example.com/hello',
    'github.com/acme/api/v2',
    'gopkg.in/yaml.v3',
    'git.example.org/repo.git',
    'example.org/x',
    'github.com/acme/hello',
    'github.com/acme/hello.gitx',
    'example.com/github.com/acme/hello.git',
    'fmt',
    '',
  ])('has nothing to say about %p (fetchable, or not accepted at all)', (path) => {
    expect(modulePathNote(path)).toBeUndefined();
  });
});

describe('validatePort', () => {
  it.each(['1', '80', '3000', '65535', 8080])('accepts %p', (port) => {
    expect(validatePort(port)).toBe(true);
  });
  it.each(['0', '65536', '-1', 'abc', '80.5', '', '1e3', '0x50', '80 ; rm', 0, 70000])(
    'rejects %p',
    (port) => {
      expect(validatePort(port)).toBe('the port must be a whole number from 1 to 65535');
    },
  );
  it('reads the number around surrounding spaces', () => {
    expect(validatePort(' 8080 ')).toBe(true);
  });
});

describe('validateGoVersion', () => {
  it.each(['1.22', '1.26', '1.26.8', '1.30.0'])('accepts %p', (version) => {
    expect(validateGoVersion(version)).toBe(true);
  });
  const NEWER = 'the Go version must be 1.22 or newer (the generated server uses its ServeMux patterns)';
  const SHAPE = 'the Go version must look like 1.26 or 1.26.3';
  it.each([
    ['1.21', NEWER],
    ['1.21.9', NEWER],
    ['1.9', NEWER],
    ['1.0', NEWER],
    ['go1.26', SHAPE],
    ['2.0', SHAPE],
    ['1.26rc1', SHAPE],
    ['1.026', SHAPE],
    ['1.26.03', SHAPE],
    ['1.26.', SHAPE],
    [' 1.26', SHAPE],
    ['1.26.3.1', SHAPE],
    ['1.26.1x', SHAPE],
    ['latest', SHAPE],
    ['', SHAPE],
  ])('rejects %p', (version, message) => {
    expect(validateGoVersion(version)).toBe(message);
  });
});

describe('validateStrategy', () => {
  it('accepts exactly the six strategy names and the old scratch-multistage', () => {
    for (const name of ['scratch', 'scratch-host', 'distroless', 'alpine', 'golang-alpine', 'golang']) {
      expect(validateStrategy(name)).toBe(true);
    }
    expect(validateStrategy('scratch-multistage')).toBe(true);
    const message =
      'the strategy must be one of: scratch, scratch-host, distroless, alpine, golang-alpine, golang';
    for (const name of ['busybox', 'Scratch', 'toString', 'constructor', '']) {
      expect(validateStrategy(name)).toBe(message);
    }
  });
});
