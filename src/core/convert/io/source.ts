/**
 * Reading a Dockerfile for conversion: what counts as a convertible text file,
 * and how its byte-order mark and line endings are kept so the rewrite looks
 * like the user's own file, down to a file that mixes CRLF and LF lines.
 */
import path from 'node:path';
import { ToolError } from '../../errors.js';
import { ReadError, readSafely } from '../../fs/safe-read.js';
import { diffArrays } from 'diff';

export type LineEnding = '\n' | '\r\n';

export interface DockerfileSource {
  /** The text with LF line endings and no BOM: what the analysis works on. */
  text: string;
  bom: boolean;
  /** Each line's original ending, in order: every line but a last one without a newline. */
  endings: LineEnding[];
  /** Whether the file ended with a line ending. */
  finalNewline: boolean;
  /** The file's most common ending (LF on a tie, or with no line ending at all). */
  newline: LineEnding;
  /** The file's exact bytes, kept as the backup. */
  bytes: Uint8Array;
}

export type Decoded = { ok: true; source: DockerfileSource } | { ok: false; reason: string };

/**
 * What decoding takes at most: below JavaScript's string limit. Reading a
 * file is capped far lower, at READ_LIMITS.dockerfile (1 MB), by the safe reader.
 */
export const MAX_DOCKERFILE_BYTES = 64 * 1024 * 1024;

/**
 * The byte order of a UTF-16 file (what Windows editors and PowerShell's `>`
 * write): its byte-order mark, or ASCII text with every other byte NUL.
 */
function utf16Order(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'little-endian, with a byte-order mark';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'big-endian, with a byte-order mark';
  const pairs = Math.min(bytes.length >> 1, 256);
  if (pairs < 2) return undefined;
  const ascii = (byte: number | undefined) => byte !== undefined && byte >= 0x09 && byte < 0x7f;
  let little = true;
  let big = true;
  for (let i = 0; i < pairs; i++) {
    const [even, odd] = [bytes[2 * i], bytes[2 * i + 1]];
    little &&= ascii(even) && odd === 0;
    big &&= even === 0 && ascii(odd);
  }
  return little ? 'little-endian' : big ? 'big-endian' : undefined;
}

/** Decodes file bytes, refusing what is not a UTF-8 text file. */
export function decodeDockerfile(bytes: Uint8Array): Decoded {
  if (bytes.length === 0) return { ok: false, reason: 'the file is empty' };
  if (bytes.length > MAX_DOCKERFILE_BYTES)
    return {
      ok: false,
      reason: `the file is ${Math.round(bytes.length / 1024 / 1024)} MB: too large to be a Dockerfile (the limit is 64 MB)`,
    };
  const utf16 = utf16Order(bytes);
  if (utf16 !== undefined)
    return {
      ok: false,
      reason: `the file is UTF-16 text (${utf16}), which docker build does not read: save it as UTF-8, then rerun`,
    };
  if (bytes.includes(0))
    return { ok: false, reason: 'the file is binary (it contains NUL bytes), not a Dockerfile' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return { ok: false, reason: 'the file is not valid UTF-8 text' };
  }
  const bom = text.startsWith('\uFEFF');
  if (bom) text = text.slice(1);
  const lines = splitLines(text);
  if (lines.text.trim() === '') return { ok: false, reason: 'the file is empty' };
  return { ok: true, source: { bom, ...lines, bytes } };
}

/**
 * Takes the endings off the lines. Only CR LF is a CRLF ending: a lone CR
 * inside a line (or at the very end of the file) is part of the line's text.
 */
function splitLines(raw: string): Omit<DockerfileSource, 'bom' | 'bytes'> {
  const pieces = raw.split('\n');
  const endings: LineEnding[] = new Array<LineEnding>(pieces.length - 1);
  let crlfCount = 0;
  for (let i = 0; i < pieces.length - 1; i++) {
    const piece = pieces[i] as string;
    if (piece.endsWith('\r')) {
      pieces[i] = piece.slice(0, -1);
      endings[i] = '\r\n';
      crlfCount++;
    } else endings[i] = '\n';
  }
  return {
    text: pieces.join('\n'),
    endings,
    finalNewline: pieces[pieces.length - 1] === '',
    // A tie goes to LF, Docker's own.
    newline: crlfCount * 2 > endings.length ? '\r\n' : '\n',
  };
}

/**
 * Gives LF text (the conversion's output) the BOM and line endings of the file
 * it came from. A line that is an unchanged original line keeps its own
 * ending; a new or changed line takes the ending of the line before it (the
 * first line, the file's most common one), so an added block looks like its
 * neighbourhood.
 */
export function encodeDockerfile(text: string, like: DockerfileSource): string {
  const lines = text.split('\n');
  const origin = originalLineOf(like.text.split('\n'), lines);
  const parts: string[] = like.bom ? ['\uFEFF'] : [];
  let previous = like.newline;
  const last = lines.length - 1;
  for (let i = 0; i < last; i++) {
    const original = origin[i] as number;
    // An original last line without a newline has no ending of its own to keep.
    const ending = (original >= 0 ? like.endings[original] : undefined) ?? previous;
    parts.push(lines[i] as string, ending);
    previous = ending;
  }
  parts.push(lines[last] as string);
  return parts.join('');
}

/**
 * Beyond this many differing lines the diff gives up, and the lines between
 * the common head and tail take their neighbours' endings. Myers' diff costs
 * about (lines x differences) plus differences squared, so the limit is at most
 * 1,000 and shrinks as the text grows: a fraction of a second at worst, even
 * for an 11 MB file. A conversion changes a few dozen lines, far below it.
 */
function maxEditLength(lineCount: number): number {
  return Math.min(1000, Math.max(100, Math.floor(200_000_000 / Math.max(lineCount, 1))));
}

/**
 * For each line of `after`, the index of the unchanged line of `before` it
 * is, or -1 for a new or changed line. The common head and tail are matched
 * directly (a conversion changes a few lines of a file), and a line diff
 * matches what is left in between.
 */
function originalLineOf(before: string[], after: string[]): Int32Array {
  const origin = new Int32Array(after.length).fill(-1);
  let start = 0;
  const shorter = Math.min(before.length, after.length);
  while (start < shorter && before[start] === after[start]) {
    origin[start] = start;
    start++;
  }
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
    endBefore--;
    endAfter--;
    origin[endAfter] = endBefore;
  }
  // Only lines added, or only lines removed: nothing in between to match.
  if (endBefore === start || endAfter === start) return origin;
  const middleBefore = before.slice(start, endBefore);
  const middleAfter = after.slice(start, endAfter);
  const changes = diffArrays(middleBefore, middleAfter, {
    maxEditLength: maxEditLength(middleBefore.length + middleAfter.length),
  });
  if (!changes) return origin;
  let inBefore = start;
  let inAfter = start;
  for (const change of changes) {
    if (change.added) inAfter += change.count;
    else if (change.removed) inBefore += change.count;
    else for (let k = 0; k < change.count; k++) origin[inAfter++] = inBefore++;
  }
  return origin;
}

/**
 * Reads a Dockerfile through the safe reader (a regular file, opened without
 * blocking, at most READ_LIMITS.dockerfile, no link leading out of its folder).
 * What the file holds decides a refusal (empty, binary, not UTF-8, too
 * large); a file that cannot be read at all is an error, thrown as a
 * ToolError whose code says why (not-found, permission-denied, not-a-file,
 * symlink).
 */
export function readDockerfile(file: string, shown = file): Decoded {
  let bytes: Buffer;
  try {
    bytes = readSafely(file, { kind: 'dockerfile', within: path.dirname(file), shown });
  } catch (error) {
    if (error instanceof ReadError && error.refusal === 'too-large')
      return { ok: false, reason: error.reason };
    if (error instanceof ReadError && error.fileType === 'a directory')
      throw new ToolError(
        'not-a-file',
        `${shown} is a directory, not a Dockerfile (use --all to convert every Dockerfile under it)`,
      );
    if (error instanceof ReadError && error.refusal === 'not-a-file')
      throw new ToolError(
        'not-a-file',
        `${shown} is ${error.fileType ?? 'not a regular file'}, not a regular file`,
      );
    throw error;
  }
  return decodeDockerfile(bytes);
}
