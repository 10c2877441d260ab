/**
 * dockerize quotes what it writes (issue 14, item 4): a folder to copy with a
 * space or a quote in its name is written in COPY's JSON form with Docker's
 * word escapes (plain names keep the plain form), the main package is one
 * shell word in build.sh, and a needed path is a literal in .dockerignore.
 * The build on the engine is in dockerize-e2e.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';
import { mergeDockerignore } from '../src/core/dockerize/dockerignore.js';
import { copyArguments, shellWord } from '../src/core/dockerize/render.js';
import { ToolError } from '../src/core/errors.js';

describe('copyArguments', () => {
  it.each([
    [['templates/', './templates/'], 'templates/ ./templates/'],
    [['my templates/', './my templates/'], '["my templates/", "./my templates/"]'],
    [["it's/", "./it's/"], `["it\\\\'s/", "./it\\\\'s/"]`],
    [['a$b/', './a$b/'], '["a\\\\$b/", "./a\\\\$b/"]'],
    [['x"y/', './x"y/'], '["x\\\\\\"y/", "./x\\\\\\"y/"]'],
    [['-dash/', './-dash/'], '["-dash/", "./-dash/"]'],
    [['ünïcode/', './ünïcode/'], '["ünïcode/", "./ünïcode/"]'],
  ])('%j: %s', (paths, expected) => {
    expect(copyArguments(paths)).toBe(expected);
  });

  it('keeps a glob after a literal name', () => {
    expect(copyArguments(['svc a/go.mod', ['svc a/go.sum', '*'], './svc a/'])).toBe(
      '["svc a/go.mod", "svc a/go.sum*", "./svc a/"]',
    );
    expect(copyArguments(['api/go.mod', ['api/go.sum', '*'], './api/'])).toBe(
      'api/go.mod api/go.sum* ./api/',
    );
  });

  it.each(['*star/', 'set[1]/', 'back\\slash/', 'tab\there/', 'new\nline/'])('refuses %j by name', (name) => {
    expect(() => copyArguments([name, `./${name}`])).toThrow(ToolError);
    expect(() => copyArguments([name, `./${name}`])).toThrow(
      `cannot copy ${JSON.stringify(name)} into the image`,
    );
  });
});

describe('shellWord', () => {
  it.each(['.', './cmd/api', './cmd/my server', "./cmd/it's", './cmd/a$b', './cmd/`x`', './cmd/ü'])(
    '%j reaches a command as one word, unchanged',
    (dir) => {
      const run = spawnSync('sh', ['-c', `printf '%s\\n' ${shellWord(dir)}`], { encoding: 'utf8' });
      expect(run.stdout).toBe(`${dir}\n`);
    },
  );

  it('leaves plain paths as they are', () => {
    expect(shellWord('./cmd/api')).toBe('./cmd/api');
  });
});

describe('needed paths in .dockerignore', () => {
  it('are literals: pattern characters escaped, and a # after ! is no comment', () => {
    const merged = mergeDockerignore({
      ours: '.git\n',
      needed: ['go.mod', 'cmd/[x]', '#notes', 'my templates'],
    });
    expect(merged?.split('\n').slice(-5)).toEqual([
      '!go.mod',
      '!cmd/\\[x\\]',
      '!#notes',
      '!my templates',
      '',
    ]);
  });
});
