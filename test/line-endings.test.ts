/**
 * Line endings, line by line: a rewritten Dockerfile keeps the ending of every
 * line it did not change, even in a file that mixes CRLF and LF, and its BOM.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { decodeDockerfile, encodeDockerfile, type DockerfileSource } from '../src/core/convert/io/source.js';

function sourceOf(bytes: string): DockerfileSource {
  const decoded = decodeDockerfile(Buffer.from(bytes, 'utf8'));
  if (!decoded.ok) throw new Error(decoded.reason);
  // The bytes are kept for the backup: the same bytes as given, checked once here.
  expect(Buffer.from(decoded.source.bytes).toString('utf8')).toBe(bytes);
  return decoded.source;
}

/** What decodeDockerfile learnt about the lines, without the bytes it was given. */
function layoutOf(bytes: string): Omit<DockerfileSource, 'bytes'> {
  const { text, bom, endings, finalNewline, newline } = sourceOf(bytes);
  return { text, bom, endings, finalNewline, newline };
}

/** Encodes `edited` (LF text) like the file `original` was written. */
function rewrite(original: string, edited: string): string {
  return encodeDockerfile(edited, sourceOf(original));
}

describe('decodeDockerfile', () => {
  it('remembers each line ending, the final newline and the BOM', () => {
    expect(layoutOf('\uFEFFFROM golang\r\nRUN go build\nCMD ["/app"]\r\n')).toEqual({
      text: 'FROM golang\nRUN go build\nCMD ["/app"]\n',
      bom: true,
      endings: ['\r\n', '\n', '\r\n'],
      finalNewline: true,
      newline: '\r\n',
    });
    expect(layoutOf('FROM golang\nCMD ["/app"]')).toEqual({
      text: 'FROM golang\nCMD ["/app"]',
      bom: false,
      endings: ['\n'],
      finalNewline: false,
      newline: '\n',
    });
  });

  it('takes a lone CR for part of the line, not for an ending', () => {
    expect(layoutOf('RUN echo a\rb\r\nCMD x\r')).toEqual({
      text: 'RUN echo a\rb\nCMD x\r',
      bom: false,
      endings: ['\r\n'],
      finalNewline: false,
      newline: '\r\n',
    });
  });

  it('calls a tie LF', () => {
    expect(sourceOf('FROM a\r\nCMD x\n').newline).toBe('\n');
  });
});

describe('encodeDockerfile', () => {
  it('gives back an unchanged mixed file byte for byte', () => {
    for (const file of [
      'FROM golang\r\nRUN go build\nCMD ["/app"]\r\n',
      '\uFEFF# escape=`\r\n\nFROM golang\nRUN a\rb\r\nCMD x',
      'FROM golang\n\r\n\r\n\nCMD x\n',
    ])
      expect(rewrite(file, sourceOf(file).text)).toBe(file);
  });

  it('keeps the ending of each unchanged line next to a changed one', () => {
    expect(rewrite('# build\r\nFROM alpine\nCMD app\n', '# build\nFROM scratch\nCMD app\n')).toBe(
      '# build\r\nFROM scratch\r\nCMD app\n',
    );
  });

  it('gives added lines the ending of the line before them', () => {
    expect(rewrite('FROM golang\nRUN go build\r\nCMD x\n', 'FROM golang\nRUN go build\nA\nB\nCMD x\n')).toBe(
      'FROM golang\nRUN go build\r\nA\r\nB\r\nCMD x\n',
    );
  });

  it("gives a new first line the file's most common ending", () => {
    expect(rewrite('FROM a\nRUN b\r\nCMD c\r\n', '# new\nFROM a\nRUN b\nCMD c\n')).toBe(
      '# new\r\nFROM a\nRUN b\r\nCMD c\r\n',
    );
  });

  it('keeps a missing final newline, and ends a former last line like the one before it', () => {
    expect(rewrite('FROM a\r\nCMD x', 'FROM a\nCMD ["/x"]')).toBe('FROM a\r\nCMD ["/x"]');
    expect(rewrite('FROM a\r\nCMD x', 'FROM a\nCMD x\nUSER 1')).toBe('FROM a\r\nCMD x\r\nUSER 1');
  });

  it('matches lines by a line diff, not by position, even among equal blank lines', () => {
    expect(rewrite('FROM a\r\n\nRUN b\r\n\r\nCMD c\n', 'FROM a\n\nRUN b\nRUN added\n\nCMD c\nUSER 1\n')).toBe(
      'FROM a\r\n\nRUN b\r\nRUN added\r\n\r\nCMD c\nUSER 1\n',
    );
  });

  it('gives a rewrite too different to diff quickly the endings of its neighbours', () => {
    // 3,000 lines, CRLF on even lines and LF on odd ones; all but the first and last rewritten.
    const numbers = Array.from({ length: 3000 }, (_, i) => i);
    const original = numbers.map((i) => `line ${i}${i % 2 === 0 ? '\r\n' : '\n'}`).join('');
    const edited = numbers.map((i) => (i === 0 || i === 2999 ? `line ${i}\n` : `LINE ${i}\n`)).join('');

    const middle = numbers.slice(1, 2999).map((i) => `LINE ${i}\r\n`);
    expect(rewrite(original, edited)).toBe(['line 0\r\n', ...middle, 'line 2999\n'].join(''));
  });

  it('stays fast on an 11 MB file with a few changes', () => {
    // 250,000 lines of ~46 bytes; every third one ends with LF, the rest CRLF.
    const lines = Array.from(
      { length: 250_000 },
      (_, i) => `RUN echo "line ${String(i).padStart(6, '0')}" >> /var/log/build.log`,
    );
    const ending = (i: number) => (i % 3 === 0 ? '\n' : '\r\n');
    const original = lines.map((line, i) => line + ending(i)).join('');
    expect(original.length).toBeGreaterThan(11_000_000);
    const source = sourceOf(original);
    const edited = source.text.split('\n');
    edited[1] = 'FROM scratch';
    edited.splice(125_000, 1, 'COPY --from=build /out/app /app', 'USER 65532:65532');
    edited[249_999] = 'CMD ["/app"]';

    // How fast: bench/test-bounds.ts, against a plain split and join. Here only "answers rather than hangs".
    const written = encodeDockerfile(edited.join('\n'), source);

    const writtenLines = written.split(/(?<=\n)/);
    expect(writtenLines.slice(0, 4)).toEqual([
      'RUN echo "line 000000" >> /var/log/build.log\n',
      'FROM scratch\n',
      'RUN echo "line 000002" >> /var/log/build.log\r\n',
      'RUN echo "line 000003" >> /var/log/build.log\n',
    ]);
    expect(writtenLines.slice(124_999, 125_003)).toEqual([
      'RUN echo "line 124999" >> /var/log/build.log\r\n',
      'COPY --from=build /out/app /app\r\n',
      'USER 65532:65532\r\n',
      'RUN echo "line 125001" >> /var/log/build.log\n',
    ]);
    expect(writtenLines.slice(-3)).toEqual([
      'RUN echo "line 249997" >> /var/log/build.log\r\n',
      'CMD ["/app"]\r\n',
      'RUN echo "line 249999" >> /var/log/build.log\n',
    ]);
  });
});

/**
 * Random files and one random edit. Line texts are unique within a file and
 * its edit: with two equal lines, which one an edit touched cannot be told
 * from the texts alone, so no answer would be the right one.
 */
describe('encodeDockerfile, property', () => {
  type Line = { text: string; ending: '\n' | '\r\n' };
  type Edit =
    | { kind: 'replace'; at: number; text: string }
    | { kind: 'insert'; at: number; texts: string[] }
    | { kind: 'delete'; at: number };

  // No line ends with CR: a CR before the LF would make it a CRLF ending.
  const lineText = fc
    .string({
      unit: fc.constantFrom('F', 'R', 'O', 'M', 'x', ' ', '\t', '\r', '\\', '"', '#', 'é', '€'),
      maxLength: 8,
    })
    .filter((text) => !text.endsWith('\r'));
  const file = fc
    .record({
      lines: fc.uniqueArray(
        fc.record({ text: lineText, ending: fc.constantFrom<Line['ending']>('\n', '\r\n') }),
        {
          selector: (line) => line.text,
          minLength: 1,
          maxLength: 25,
        },
      ),
      bom: fc.boolean(),
      finalNewline: fc.boolean(),
    })
    // An empty last line without a newline is no line at all: "A\n" + "" is "A\n".
    .filter(({ lines, finalNewline }) => finalNewline || lines[lines.length - 1]?.text !== '');
  const edit: fc.Arbitrary<Edit> = fc.oneof(
    fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), text: lineText }),
    fc.record({
      kind: fc.constant('insert' as const),
      at: fc.nat(),
      texts: fc.uniqueArray(lineText, { minLength: 1, maxLength: 3 }),
    }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  );

  /** The file's bytes, written by hand: the expectations do not come from the code under test. */
  function bytesOf(lines: Line[], bom: boolean, finalNewline: boolean): string {
    const body = lines.map(
      (line, i) => line.text + (i < lines.length - 1 || finalNewline ? line.ending : ''),
    );
    return (bom ? '\uFEFF' : '') + body.join('');
  }

  /** The edited line texts, each with the index of the original line it is (-1: new or changed). */
  function applyEdit(lines: Line[], change: Edit): Array<{ text: string; original: number }> {
    const kept = lines.map((line, original) => ({ text: line.text, original }));
    if (change.kind === 'replace')
      kept.splice(change.at % lines.length, 1, { text: change.text, original: -1 });
    if (change.kind === 'delete') kept.splice(change.at % lines.length, 1);
    if (change.kind === 'insert')
      kept.splice(change.at % (lines.length + 1), 0, ...change.texts.map((text) => ({ text, original: -1 })));
    return kept;
  }

  type Written = { text: string; ending: '' | Line['ending'] };

  /** Lines of written text with their endings ('' for a last line without one). */
  function splitWritten(written: string): Written[] {
    const pieces = written.split('\n');
    const last = pieces.pop() as string;
    const lines = pieces.map((piece): Written =>
      piece.endsWith('\r') ? { text: piece.slice(0, -1), ending: '\r\n' } : { text: piece, ending: '\n' },
    );
    return last === '' ? lines : [...lines, { text: last, ending: '' }];
  }

  it('an unchanged file comes back byte for byte', () => {
    fc.assert(
      fc.property(file, ({ lines, bom, finalNewline }) => {
        const bytes = bytesOf(lines, bom, finalNewline);
        const decoded = decodeDockerfile(Buffer.from(bytes, 'utf8'));
        fc.pre(decoded.ok);
        if (!decoded.ok) return;
        expect(encodeDockerfile(decoded.source.text, decoded.source)).toBe(bytes);
      }),
      { numRuns: 500 },
    );
  });

  it('after an edit, untouched lines keep their bytes and new ones follow the line before', () => {
    fc.assert(
      fc.property(file, edit, ({ lines, bom, finalNewline }, change) => {
        const texts = new Set(lines.map((line) => line.text));
        const added =
          change.kind === 'replace' ? [change.text] : change.kind === 'insert' ? change.texts : [];
        fc.pre(added.every((text) => !texts.has(text)));
        const decoded = decodeDockerfile(Buffer.from(bytesOf(lines, bom, finalNewline), 'utf8'));
        fc.pre(decoded.ok);
        if (!decoded.ok) return;

        const result = applyEdit(lines, change);
        const editedText = result.map((line) => line.text).join('\n') + (finalNewline ? '\n' : '');
        fc.pre(editedText.trim() !== '');
        fc.pre(finalNewline || result[result.length - 1]?.text !== '');
        const written = encodeDockerfile(editedText, decoded.source);

        expect(written.startsWith('\uFEFF')).toBe(bom);
        const redecoded = decodeDockerfile(Buffer.from(written, 'utf8'));
        expect(redecoded.ok && redecoded.source.text).toBe(editedText);

        const crlfCount = lines.filter(
          (line, i) => line.ending === '\r\n' && (i < lines.length - 1 || finalNewline),
        ).length;
        const endedLines = lines.length - (finalNewline ? 0 : 1);
        const mostCommon = crlfCount * 2 > endedLines ? '\r\n' : '\n';
        const out = splitWritten(bom ? written.slice(1) : written);
        expect(out.map((line) => line.text)).toEqual(result.map((line) => line.text));
        out.forEach((line, i) => {
          if (line.ending === '') return; // the last line of a file without a final newline
          const original = result[i]?.original ?? -1;
          const hadEnding = original >= 0 && (original < lines.length - 1 || finalNewline);
          // An untouched line keeps its ending; a new one (or a former last line
          // without a newline, now followed by others) takes the previous line's.
          const expected = hadEnding ? lines[original]?.ending : i === 0 ? mostCommon : out[i - 1]?.ending;
          expect({ line: i, ending: line.ending }).toEqual({ line: i, ending: expected });
        });
      }),
      { numRuns: 1000 },
    );
  });
});
