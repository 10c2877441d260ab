/** GMC203: SHELL in the image that ships is removed: the new image has no shell. */
import { DROP, findingsFor, ruleMeta, type InstructionRule } from './types.js';

const meta = ruleMeta({
  code: 'GMC203',
  name: 'Shell',
  severity: ['warning', 'change'],
  what: 'removes `SHELL` from the runtime stage',
  why: 'the new image has no shell',
  example: '`SHELL ["/bin/ash", "-c"]` → removed, with a warning',
});

export const shellRule: InstructionRule = {
  meta,
  phase: 'instruction',
  keywords: ['SHELL'],
  check: (instruction) => {
    const findings = findingsFor(meta);
    findings.change(instruction.line, 'removed SHELL', 'the new image has no shell');
    findings.warn('SHELL dropped: the new image has no shell', instruction.line);
    return findings.plan(DROP);
  },
};
