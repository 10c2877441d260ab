import { readFileSync } from 'node:fs';

export interface ElfInfo {
  bits: 32 | 64;
  littleEndian: boolean;
  /** e_machine, e.g. 62 for x86-64, 183 for aarch64. */
  machine: number;
  /** True when a PT_INTERP program header names a dynamic loader. */
  hasInterpreter: boolean;
}

const PT_INTERP = 3;

/**
 * Reads just enough of an ELF file to tell whether it is statically linked.
 * Written independently of build.sh's shell check, so each verifies the other.
 */
export function readElf(file: string): ElfInfo {
  const bytes = readFileSync(file);
  if (bytes.readUInt32BE(0) !== 0x7f454c46) throw new Error(`${file} is not an ELF file`);
  const bits = bytes[4] === 2 ? 64 : 32;
  const littleEndian = bytes[5] === 1;
  const u16 = (offset: number) => (littleEndian ? bytes.readUInt16LE(offset) : bytes.readUInt16BE(offset));
  const u32 = (offset: number) => (littleEndian ? bytes.readUInt32LE(offset) : bytes.readUInt32BE(offset));
  const u64 = (offset: number) =>
    Number(littleEndian ? bytes.readBigUInt64LE(offset) : bytes.readBigUInt64BE(offset));
  const phoff = bits === 64 ? u64(32) : u32(28);
  const phentsize = bits === 64 ? u16(54) : u16(42);
  const phnum = bits === 64 ? u16(56) : u16(44);
  let hasInterpreter = false;
  for (let i = 0; i < phnum; i++) {
    if (u32(phoff + i * phentsize) === PT_INTERP) hasInterpreter = true;
  }
  return { bits, littleEndian, machine: u16(18), hasInterpreter };
}
