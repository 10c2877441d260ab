/**
 * What a file the container starts is, from its first bytes: a script (a
 * `#!` line), an ELF binary that is static or that asks for a loader
 * (PT_INTERP), or something else. Scratch runs only the static binary.
 */

export type ProgramKind =
  | { readonly kind: 'script'; readonly interpreter: string }
  | { readonly kind: 'static' }
  | { readonly kind: 'dynamic'; readonly loader: string }
  | { readonly kind: 'other' };

/** How many bytes of a file `programKind` needs: the ELF header and program headers of real binaries. */
export const PROGRAM_HEAD_BYTES = 64 * 1024;

const PT_INTERP = 3;

export function programKind(head: Uint8Array): ProgramKind {
  const bytes = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (bytes.length >= 2 && bytes[0] === 0x23 && bytes[1] === 0x21) {
    const line = bytes.subarray(2, Math.min(bytes.length, 200)).toString('latin1').split('\n')[0] ?? '';
    return { kind: 'script', interpreter: line.trim() };
  }
  if (bytes.length < 52 || bytes.readUInt32BE(0) !== 0x7f454c46) return { kind: 'other' };
  const bits64 = bytes[4] === 2;
  const little = bytes[5] === 1;
  const u16 = (at: number) => (little ? bytes.readUInt16LE(at) : bytes.readUInt16BE(at));
  const u32 = (at: number) => (little ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at));
  const word = (at: number) =>
    bits64 ? Number(little ? bytes.readBigUInt64LE(at) : bytes.readBigUInt64BE(at)) : u32(at);
  if (bits64 && bytes.length < 64) return { kind: 'other' };
  const phoff = word(bits64 ? 32 : 28);
  const phentsize = u16(bits64 ? 54 : 42);
  const phnum = u16(bits64 ? 56 : 44);
  // Headers past what was read, or not of their size: nothing can be said.
  if (phentsize < (bits64 ? 56 : 32) || phoff + phnum * phentsize > bytes.length) return { kind: 'other' };
  for (let i = 0; i < phnum; i++) {
    const header = phoff + i * phentsize;
    if (u32(header) !== PT_INTERP) continue;
    const offset = word(header + (bits64 ? 8 : 4));
    const size = word(header + (bits64 ? 32 : 16));
    const loader =
      offset + size <= bytes.length
        ? bytes
            .subarray(offset, offset + size)
            .toString('latin1')
            .replace(/\0+$/, '')
        : 'a dynamic loader';
    return { kind: 'dynamic', loader };
  }
  return { kind: 'static' };
}
