/**
 * exec-form (src/core/convert/exec-form.ts): turning a shell-form command
 * into exec form for an image without a shell. Every expected value is written out.
 */
import { describe, expect, it } from '@jest/globals';
import {
  absoluteProgram,
  execArray,
  resolveAll,
  resolveVariables,
  singleCommandWords,
} from '../../src/core/convert/shell/exec-form.js';
import { execFormRule } from '../../src/core/convert/rules/exec-form-start.js';
import { Findings } from '../../src/core/convert/rules/types.js';
import { splitShell } from '../../src/core/convert/shell/shell-words.js';

const scope = { env: new Map([['PORT', '8080']]), workdir: '/srv', unset: new Set<string>() };

describe('singleCommandWords', () => {
  it('gives the words of one simple command, an exec in front dropped', () => {
    const findings = new Findings(execFormRule.meta);
    expect(singleCommandWords(splitShell('/app -port 80'), 3, findings)).toEqual(['/app', '-port', '80']);
    expect(singleCommandWords(splitShell('exec /app serve'), 3, findings)).toEqual(['/app', 'serve']);
    expect(singleCommandWords(splitShell('/app exec'), 3, findings)).toEqual(['/app', 'exec']);
    expect(singleCommandWords(splitShell('exec exec'), 3, findings)).toEqual([]);
    expect(findings.output().refusals).toEqual([]);
  });

  it('refuses several commands, what needs a shell, and variables set on the command', () => {
    const findings = new Findings(execFormRule.meta);
    expect(singleCommandWords(splitShell('a && b'), 4, findings)).toBeUndefined();
    expect(singleCommandWords(splitShell(''), 5, findings)).toBeUndefined();
    expect(singleCommandWords(splitShell('app $(id) `x`'), 6, findings)).toBeUndefined();
    expect(singleCommandWords(splitShell('PORT=80 /app'), 7, findings)).toBeUndefined();
    expect(findings.output().refusals).toEqual([
      {
        code: 'GMC207',
        line: 4,
        message: 'line 4 needs a shell to run (several commands); scratch has none',
      },
      {
        code: 'GMC207',
        line: 5,
        message: 'line 5 needs a shell to run (several commands); scratch has none',
      },
      {
        code: 'GMC207',
        line: 6,
        message:
          'line 6 needs a shell to run (command substitution, command substitution, command substitution); scratch has none',
      },
      {
        code: 'GMC207',
        line: 7,
        message: 'line 7 sets variables for its command, which needs a shell; use ENV instead',
      },
    ]);
  });
});

describe('absoluteProgram', () => {
  const binaries = ['/usr/local/bin/server', '/srv/tool'];

  it('keeps an absolute path, an empty program and an ENTRYPOINT argument as they are', () => {
    expect(absoluteProgram('/bin/app', '/srv', binaries, false)).toBe('/bin/app');
    expect(absoluteProgram('', '/srv', binaries, false)).toBe('');
    expect(absoluteProgram('server', '/srv', binaries, true)).toBe('server');
    expect(absoluteProgram('./x', '/srv', binaries, true)).toBe('./x');
  });

  it('resolves a relative path against WORKDIR', () => {
    expect(absoluteProgram('./bin/app', '/srv', binaries, false)).toBe('/srv/bin/app');
    expect(absoluteProgram('bin/app', '/srv', binaries, false)).toBe('/srv/bin/app');
  });

  it('finds a bare name among the binaries, else on the PATH', () => {
    expect(absoluteProgram('server', '/srv', binaries, false)).toBe('/usr/local/bin/server');
    expect(absoluteProgram('tool', '/srv', binaries, false)).toBe('/srv/tool');
    expect(absoluteProgram('other', '/srv', binaries, false)).toBe('/usr/local/bin/other');
    expect(absoluteProgram('serv', '/srv', binaries, false)).toBe('/usr/local/bin/serv');
  });
});

describe('resolveVariables and resolveAll', () => {
  it('keeps a word without $, and resolves one from the Dockerfile with a warning', () => {
    const findings = new Findings(execFormRule.meta);
    expect(resolveVariables('-v', scope, 9, findings)).toBe('-v');
    expect(resolveVariables(':$PORT', scope, 9, findings)).toBe(':8080');
    expect(findings.output()).toEqual({
      refusals: [],
      warnings: [
        {
          code: 'GMC207',
          line: 9,
          message:
            ':$PORT was resolved to ":8080" from the Dockerfile; exec form does not expand variables, so docker run -e no longer changes it',
        },
      ],
      changes: [],
      edits: [],
    });
  });

  it('refuses a variable without a default', () => {
    const findings = new Findings(execFormRule.meta);
    expect(resolveVariables('$HOST:$PORT', scope, 2, findings)).toBeUndefined();
    expect(findings.output().refusals).toEqual([
      {
        code: 'GMC207',
        line: 2,
        message:
          'line 2 uses $HOST:$PORT, which has no default in this Dockerfile; exec form does not expand variables, ' +
          'so it would reach the program literally: give it an ENV default, write the value, or have the program read the variable itself',
      },
    ]);
    expect(findings.output().warnings).toEqual([]);
  });

  it('resolveAll resolves every word, or gives undefined and refuses each one it cannot', () => {
    const findings = new Findings(execFormRule.meta);
    expect(resolveAll(['/app', '$PORT'], scope, 1, findings)).toEqual(['/app', '8080']);
    expect(resolveAll(['$A', '/app', '$B'], scope, 1, findings)).toBeUndefined();
    expect(findings.output().refusals.map((refusal) => refusal.message.slice(0, 12))).toEqual([
      'line 1 uses ',
      'line 1 uses ',
    ]);
    expect(resolveAll([], scope, 1, findings)).toEqual([]);
  });
});

describe('execArray', () => {
  it('writes a JSON array spaced as people write it', () => {
    expect(execArray(['/app', '-msg', 'say "hi"'])).toBe('["/app", "-msg", "say \\"hi\\""]');
    expect(execArray([])).toBe('[]');
  });
});

describe('absoluteProgram: a bare name among the binaries', () => {
  it('is the binary of that name wherever it lies, before the PATH default', () => {
    expect(absoluteProgram('server', '/srv', ['/opt/bin/server'], false)).toBe('/opt/bin/server');
  });
});
