/** GMC001: files.ts refuses what is not a text Dockerfile, before any rule runs. */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { convertFile } from '../../src/core/convert/io/files.js';
import { tempDir } from '../helpers/run.js';

const dir = tempDir('rules-input');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function convertBytes(name: string, bytes: Buffer) {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return convertFile(file, 'scratch').result;
}

describe('GMC001 not a text Dockerfile', () => {
  it('catches an empty, a binary and a non-UTF-8 file', () => {
    expect(convertBytes('empty', Buffer.alloc(0)).refusals).toEqual([
      { code: 'GMC001', message: 'the file is empty' },
    ]);
    expect(convertBytes('binary', Buffer.from([0x46, 0x00, 0x52])).refusals[0]?.code).toBe('GMC001');
    expect(convertBytes('latin1', Buffer.from([0x46, 0x52, 0x4f, 0x4d, 0x20, 0xe9])).refusals).toEqual([
      { code: 'GMC001', message: 'the file is not valid UTF-8 text' },
    ]);
  });

  it('says a UTF-16 file is UTF-16 (with or without its byte-order mark), and how to fix it', () => {
    const text = 'FROM golang:1.22\nRUN go build -o /app .\n';
    const utf16be = Buffer.from(text, 'utf16le').swap16();
    const cases: Array<[string, Buffer, string]> = [
      [
        'le-bom',
        Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
        'little-endian, with a byte-order mark',
      ],
      ['be-bom', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be]), 'big-endian, with a byte-order mark'],
      ['le', Buffer.from(text, 'utf16le'), 'little-endian'],
      ['be', utf16be, 'big-endian'],
    ];
    for (const [name, bytes, order] of cases)
      expect(convertBytes(name, bytes).refusals).toEqual([
        {
          code: 'GMC001',
          message: `the file is UTF-16 text (${order}), which docker build does not read: save it as UTF-8, then rerun`,
        },
      ]);
    // NUL bytes that are not every other one: binary, as before.
    expect(convertBytes('mixed', Buffer.from('FROM\0\0x\ny\0', 'latin1')).refusals).toEqual([
      { code: 'GMC001', message: 'the file is binary (it contains NUL bytes), not a Dockerfile' },
    ]);
  });

  it('does not catch a text Dockerfile', () => {
    const result = convertBytes(
      'Dockerfile',
      Buffer.from('FROM golang:1.22\nRUN go build -o /app .\nCMD ["/app"]\n'),
    );
    expect(result.refusals.map((refusal) => refusal.code)).not.toContain('GMC001');
  });
});
