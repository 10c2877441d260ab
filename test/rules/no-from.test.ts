/** GMC002 no FROM (src/core/convert/rules/no-from.ts): what it catches and what it does not. */
import { describe, expect, it } from '@jest/globals';
import { dockerfile, multiStage, ruleCatches, ruleCatchesNot } from './helpers.js';

describe('GMC002 no FROM', () => {
  it('catches a file with no FROM, and reports nothing else', () => {
    const result = ruleCatches('GMC002', dockerfile('# just a build', 'RUN go build -o /app .'));
    expect(result.refusals).toEqual([
      {
        code: 'GMC002',
        message: 'there is no FROM instruction: this is not a Dockerfile the converter can read',
      },
    ]);
  });

  it('does not catch a file with a FROM', () => {
    ruleCatchesNot('GMC002', multiStage('CMD ["/app"]'));
  });
});

describe('GMC002: a file not read the way Docker reads it (Stryker survivors)', () => {
  const stage = [
    'FROM golang:1.22 AS build',
    'WORKDIR /src',
    'COPY . .',
    'RUN go build -o /app .',
    '',
    'FROM alpine:3.20',
  ];

  it('an escape directive Docker refuses: says which values Docker takes', () => {
    const result = ruleCatches(
      'GMC002',
      dockerfile('# escape=` # Windows habits', ...stage, 'COPY --from=build /app /app', 'CMD ["/app"]'),
    );
    expect(result.refusals).toEqual([
      {
        code: 'GMC002',
        line: 1,
        message:
          'line 1 is an escape directive whose value is neither ` nor \\, which Docker refuses: write # escape=` (or # escape=\\) alone on the line',
      },
    ]);
  });

  it('a here-document that never ends: says to end it', () => {
    const result = ruleCatches(
      'GMC002',
      dockerfile(...stage, 'COPY --from=build /app /app', 'RUN cat <<EOF >/etc/app.conf', 'port = 8080'),
    );
    expect(result.refusals).toEqual([
      {
        code: 'GMC002',
        line: 8,
        message:
          'line 8 starts a here-document that never ends: Docker reads the rest of the file into it; end it with its terminator line',
      },
    ]);
  });

  it('a keyword glued to its continuation before a comment line: says to write it plainly', () => {
    const result = ruleCatches(
      'GMC002',
      dockerfile(
        ...stage,
        'RUN\\',
        '    # the codecs',
        '\tapk add --no-cache ffmpeg',
        'COPY --from=build /app /app',
        'CMD ["/app"]',
      ),
    );
    expect(result.refusals).toEqual([
      {
        code: 'GMC002',
        line: 7,
        message:
          'line 7 is not read the way Docker reads it (a keyword glued to a line continuation such as RUN\\ before a comment line, a stray CR): write that instruction plainly, with a space after the keyword, so it can be converted without guessing',
      },
    ]);
  });

  it('a converted file that would read otherwise (a user named <<EOF, written into a RUN): refused, not written', () => {
    const result = ruleCatches('GMC002', multiStage('USER <<EOF', 'CMD ["/app"]'));
    expect(result.status).toBe('refused');
    expect(result.refusals).toEqual([
      {
        code: 'GMC002',
        message:
          'the converted file would not read in Docker as planned at its line 5: an unusual word in the file (such as <<EOF outside a here-document) changes how it splits; rename it',
      },
    ]);
  });
});
