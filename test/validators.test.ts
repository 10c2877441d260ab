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
  it.each(['hello', 'hello-world', 'api2', 'my.svc', 'a_b', 'a__b', 'x'])('accepts %p', (name) => {
    expect(validateAppName(name)).toBe(true);
  });

  it.each([
    ['', /empty/],
    ['Hello', /lowercase/],
    ['-hello', /lowercase/],
    ['hello-', /lowercase/],
    ['he llo', /lowercase/],
    ['a/b', /lowercase/],
    ['../etc', /lowercase/],
    ["it's", /lowercase/],
    ['a$(id)', /lowercase/],
    ['a\nb', /lowercase/],
    ['go.mod', /clash/],
    ['build.sh', /clash/],
    ['main.go', /clash/],
    ['a'.repeat(65), /at most 64/],
  ])('rejects %p', (name, rule) => {
    expect(validateAppName(name)).toMatch(rule);
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

  it.each([
    ['', /empty/],
    ['/example.com/x', /start with a slash/],
    ['example.com/x/', /end with a slash/],
    ['example.com//x', /empty element/],
    ['-example.com/x', /start with a dash/],
    ['example.com/my app', /ASCII letters/],
    ['example.com/"x"', /ASCII letters/],
    ["example.com/it's", /ASCII letters/],
    ['example.com/a\\b', /ASCII letters/],
    ['example.com/a\nb', /ASCII letters/],
    ['example.com/$(id)', /ASCII letters/],
    ['example.com/ünï', /ASCII letters/],
    ['example.com/../x', /not allowed/],
    ['example.com/./x', /not allowed/],
    ['example.com/trailing.', /end with a dot/],
    ['example.com/con', /reserved file name on Windows/],
    ['example.com/LPT1.txt', /reserved file name on Windows/],
    ['example.com/abc~1', /Windows short name/],
    ['example.com/x/v1', /major version suffix/],
    ['example.com/x/v0', /major version suffix/],
    ['example.com/x/v02', /major version suffix/],
    ['example.com/x/v2.1', /major version suffix/],
    ['gopkg.in/yaml', /gopkg.in/],
    ['go', /reserved by the go command/],
    ['toolchain', /reserved by the go command/],
    ['fmt', /"fmt" is a standard-library name/],
    ['net/http', /"net" is a standard-library name/],
    ['go/x', /"go" is a standard-library name/],
    ['main', /means something else to the go command/],
    ['all', /means something else to the go command/],
    ['~x', /must start with a letter, a digit/],
    ['+x', /must start with a letter, a digit/],
  ])('rejects %p', (path, rule) => {
    expect(validateModulePath(path)).toMatch(rule);
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
  ])('notes %p: %p', (path, note) => {
    expect(modulePathNote(path)).toBe(note);
  });

  it.each([
    'example.com/hello',
    'github.com/acme/api/v2',
    'gopkg.in/yaml.v3',
    'git.example.org/repo.git',
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
  it.each(['0', '65536', '-1', 'abc', '80.5', '', '1e3', '0x50', '80 ; rm'])('rejects %p', (port) => {
    expect(validatePort(port)).toMatch(/whole number from 1 to 65535/);
  });
});

describe('validateGoVersion', () => {
  it.each(['1.22', '1.26', '1.26.8', '1.30.0'])('accepts %p', (version) => {
    expect(validateGoVersion(version)).toBe(true);
  });
  it.each([
    ['1.21', /1\.22 or newer/],
    ['1.9', /1\.22 or newer/],
    ['go1.26', /look like/],
    ['2.0', /look like/],
    ['1.26rc1', /look like/],
    ['1.026', /look like/],
    ['latest', /look like/],
    ['', /look like/],
  ])('rejects %p', (version, rule) => {
    expect(validateGoVersion(version)).toMatch(rule);
  });
});

describe('validateStrategy', () => {
  it('accepts exactly the six strategy names and the old scratch-multistage', () => {
    for (const name of ['scratch', 'scratch-host', 'distroless', 'alpine', 'golang-alpine', 'golang']) {
      expect(validateStrategy(name)).toBe(true);
    }
    expect(validateStrategy('scratch-multistage')).toBe(true);
    expect(validateStrategy('busybox')).toMatch(
      /one of: scratch, scratch-host, distroless, alpine, golang-alpine, golang$/,
    );
    expect(validateStrategy('Scratch')).not.toBe(true);
  });
});
