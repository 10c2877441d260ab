/**
 * Reading a Dockerfile for conversion: what counts as a convertible text file,
 * and how its byte-order mark and line endings are kept so the rewrite looks
 * like the user's own file.
 */
import { readFileSync, statSync } from 'node:fs';

export interface DockerfileSource {
  /** The text with LF line endings and no BOM: what the analysis works on. */
  text: string;
  bom: boolean;
  crlf: boolean;
  /** The file's exact bytes, kept as the backup. */
  bytes: Uint8Array;
}

export type Decoded = { ok: true; source: DockerfileSource } | { ok: false; reason: string };

/** Decodes file bytes, refusing what is not a UTF-8 text file. */
export function decodeDockerfile(bytes: Uint8Array): Decoded {
  if (bytes.length === 0) return { ok: false, reason: 'the file is empty' };
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
  const crlf = text.includes('\r\n');
  if (crlf) text = text.replace(/\r\n/g, '\n');
  if (text.trim() === '') return { ok: false, reason: 'the file is empty' };
  return { ok: true, source: { text, bom, crlf, bytes } };
}

/** Restores the original BOM and line endings. */
export function encodeDockerfile(text: string, like: DockerfileSource): string {
  const lines = like.crlf ? text.replace(/\n/g, '\r\n') : text;
  return like.bom ? `\uFEFF${lines}` : lines;
}

export function readDockerfile(path: string): Decoded {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return { ok: false, reason: `${path} does not exist` };
  }
  if (stats.isDirectory())
    return {
      ok: false,
      reason: `${path} is a directory, not a Dockerfile (use --all to convert every Dockerfile under it)`,
    };
  if (!stats.isFile()) return { ok: false, reason: `${path} is not a regular file` };
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    return {
      ok: false,
      reason: `${path} cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    };
  }
  return decodeDockerfile(bytes);
}
