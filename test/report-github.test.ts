/**
 * github (src/core/convert/cli/github.ts): `--format github` from hand-made
 * results. The intended lines are written out, and every line is read back
 * the way the Actions runner reads workflow commands (actions/runner,
 * ActionCommand.TryParseV2), so a file name or message can never become
 * another command.
 */
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { type ConversionResult } from '../src/core/convert/convert.js';
import { annotation, escapeData, escapeProperty, githubAnnotations } from '../src/core/convert/cli/github.js';

function result(fields: Partial<ConversionResult>): ConversionResult {
  return {
    status: 'converted',
    converted: true,
    strategy: 'scratch',
    changes: [],
    warnings: [],
    refusals: [],
    ...fields,
  };
}

const converted = result({
  changes: [
    {
      code: 'GMC201',
      line: 4,
      what: 'replaced FROM alpine with FROM scratch',
      why: 'no OS needed',
    },
  ],
  warnings: [
    { code: 'GMC206', line: 7, message: 'HEALTHCHECK dropped' },
    { code: 'GMC105', message: 'about the whole file' },
  ],
  output: 'FROM scratch\n',
});

const refused = result({
  status: 'refused',
  converted: false,
  reason: 'line 3 installs git',
  refusals: [
    { code: 'GMC202', line: 3, message: 'line 3 installs git' },
    { code: 'GMC101', message: 'cgo is needed' },
  ],
});

const minimal = result({ status: 'already-minimal', converted: false, reason: 'already ships scratch' });

/** The runner's reading of one line (ActionCommand.TryParseV2 and its unescaping), for the commands we print. */
function parseCommand(
  line: string,
): { command: string; properties: Record<string, string>; data: string } | undefined {
  const message = line.trimStart();
  if (!message.startsWith('::')) return undefined;
  const end = message.indexOf('::', 2);
  if (end < 0) return undefined;
  const info = message.slice(2, end);
  const space = info.indexOf(' ');
  const command = space < 0 ? info : info.slice(0, space);
  const unescape = (text: string, pairs: Array<[string, string]>) =>
    pairs.reduce((value, [token, replacement]) => value.split(replacement).join(token), text);
  const properties: Record<string, string> = {};
  if (space > 0)
    for (const pair of info
      .slice(space + 1)
      .trim()
      .split(',')
      .filter((part) => part !== '')) {
      const at = pair.indexOf('=');
      if (at > 0 && at < pair.length - 1)
        properties[pair.slice(0, at)] = unescape(pair.slice(at + 1), [
          ['\r', '%0D'],
          ['\n', '%0A'],
          [':', '%3A'],
          [',', '%2C'],
          ['%', '%25'],
        ]);
    }
  const data = unescape(message.slice(end + 2), [
    ['\r', '%0D'],
    ['\n', '%0A'],
    ['%', '%25'],
  ]);
  return { command, properties, data };
}

describe('githubAnnotations', () => {
  it('one annotation per finding at its line, refusals as errors, then the totals', () => {
    expect(
      githubAnnotations({
        outcomes: [
          { file: 'svc/Dockerfile', result: converted },
          { file: 'api/Dockerfile', result: refused },
          { file: 'min/Dockerfile', result: minimal },
        ],
        skipped: [],
        check: true,
      }),
    ).toBe(
      [
        '::warning file=svc/Dockerfile,line=7,title=GMC206::HEALTHCHECK dropped',
        '::warning file=svc/Dockerfile,title=GMC105::about the whole file',
        '::warning file=svc/Dockerfile,line=4,title=GMC201::convert would change this line: replaced FROM alpine with FROM scratch. Why: no OS needed',
        '::error file=api/Dockerfile,line=3,title=GMC202::line 3 installs git',
        '::error file=api/Dockerfile,title=GMC101::cgo is needed',
        '3 Dockerfiles: 1 would change, 1 already minimal, 1 refused, 0 failed',
        '',
      ].join('\n'),
    );
  });

  it('a file that could not be read is an error; a skipped link a warning, an unread folder an error', () => {
    const unreadable = result({
      status: 'error',
      converted: false,
      code: 'not-a-file',
      reason: 'broken/Dockerfile is a directory, not a Dockerfile',
    });
    expect(
      githubAnnotations({
        outcomes: [{ file: 'broken/Dockerfile', result: unreadable }],
        skipped: [
          { path: 'link/Dockerfile', code: 'symlink', reason: 'a symbolic link: not followed' },
          { path: 'locked', code: 'permission-denied', reason: 'cannot read the folder: permission denied' },
        ],
        check: false,
      }),
    ).toBe(
      [
        '::error file=broken/Dockerfile,title=not-a-file::broken/Dockerfile is a directory, not a Dockerfile',
        '::warning file=link/Dockerfile,title=skipped (symlink)::a symbolic link: not followed',
        '::error file=locked,title=skipped (permission-denied)::cannot read the folder: permission denied',
        '1 Dockerfile: 0 converted, 0 already minimal, 0 refused, 1 failed, 2 skipped',
        '',
      ].join('\n'),
    );
  });

  it('nothing to say is the totals line alone', () => {
    expect(
      githubAnnotations({ outcomes: [{ file: 'Dockerfile', result: minimal }], skipped: [], check: true }),
    ).toBe('1 Dockerfile: 0 would change, 1 already minimal, 0 refused, 0 failed\n');
  });

  it('paths use forward slashes, as GitHub names files; on POSIX a backslash is part of a name', () => {
    expect(
      annotation(
        'error',
        { file: ['svc', 'api', 'Dockerfile'].join(path.sep), line: 2, title: 'GMC101' },
        'm',
      ),
    ).toBe('::error file=svc/api/Dockerfile,line=2,title=GMC101::m');
    if (path.sep === '/')
      expect(annotation('error', { file: 'a\\b/Dockerfile', title: 'GMC101' }, 'm')).toBe(
        '::error file=a\\b/Dockerfile,title=GMC101::m',
      );
  });
});

describe('escaping (the runner unescapes %0D, %0A, %3A, %2C, then %25)', () => {
  it('data escapes %, CR and LF; properties also : and ,', () => {
    expect(escapeData('50% done\r\nnext: a, b %0A')).toBe('50%25 done%0D%0Anext: a, b %250A');
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
    expect(
      annotation(
        'error',
        { file: 'odd,name:x/Dockerfile', line: 1, title: 'GMC101' },
        'line 1: a\n::add-mask::secret',
      ),
    ).toBe('::error file=odd%2Cname%3Ax/Dockerfile,line=1,title=GMC101::line 1: a%0A::add-mask::secret');
  });

  it('a hostile file name or message stays one annotation that reads back as it was written', () => {
    const hostile = fc.string({
      unit: fc.constantFrom(
        'a',
        '\\',
        '/',
        '%',
        '\r',
        '\n',
        ':',
        ',',
        '=',
        ' ',
        '0',
        'A',
        'D',
        '2',
        '5',
        'C',
        '3',
      ),
    });
    fc.assert(
      fc.property(hostile, hostile, fc.integer({ min: 1, max: 9999 }), (file, message, line) => {
        const text = githubAnnotations({
          outcomes: [
            {
              file,
              result: result({
                status: 'refused',
                converted: false,
                refusals: [{ code: 'GMC202', line, message }],
              }),
            },
          ],
          skipped: [],
          check: true,
        });
        const lines = text.split('\n');
        expect(lines).toHaveLength(3);
        expect(lines[2]).toBe('');
        expect(lines[1]).toBe('1 Dockerfile: 0 would change, 0 already minimal, 1 refused, 0 failed');
        expect(parseCommand(lines[1] ?? '')).toBeUndefined();
        const parsed = parseCommand(lines[0] ?? '');
        // An empty file= is dropped by the runner; any other name comes back whole (POSIX paths).
        expect(parsed).toEqual({
          command: 'error',
          properties: {
            ...(file === '' ? {} : { file }),
            line: String(line),
            title: 'GMC202',
          },
          data: message,
        });
      }),
      { numRuns: 500 },
    );
  });
});
