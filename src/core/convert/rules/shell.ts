/** GMC203: SHELL in the image that ships is removed: the new image has no shell. */
import { RuleCode } from './codes.js';
import { Findings, type InstructionRule } from './types.js';

export const shellRule: InstructionRule = {
  code: RuleCode.Shell,
  keywords: ['SHELL'],
  check: (instruction) => {
    const findings = new Findings(RuleCode.Shell);
    findings.change(instruction.line, 'removed SHELL', 'the new image has no shell');
    findings.warn('SHELL dropped: the new image has no shell', instruction.line);
    return { ...findings.output(), rewrite: { kind: 'drop' } };
  },
};
