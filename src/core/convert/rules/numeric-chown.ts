/** GMC208: COPY --chown=name becomes numeric: the names only existed in the replaced image. */
import { resolveUser } from '../facts/users.js';
import { RuleCode } from './codes.js';
import { Findings, KEEP, type InstructionRule } from './types.js';

export const numericChownRule: InstructionRule = {
  code: RuleCode.NumericChown,
  keywords: ['COPY', 'ADD'],
  check: (instruction, facts) => {
    const findings = new Findings(RuleCode.NumericChown);
    if (
      instruction.kind !== 'copy' ||
      !instruction.chown ||
      /^[0-9]+(:[0-9]+)?$/.test(instruction.chown.value)
    )
      return { ...findings.output(), rewrite: KEEP };
    const { value, span } = instruction.chown;
    const user = resolveUser(value, facts.createdUsers);
    const numeric = `${user.uid}:${user.gid}`;
    const { text, range } = instruction;
    findings.change(
      instruction.line,
      `--chown=${value} became --chown=${numeric}`,
      'without a shell image the names are only known to the converter',
    );
    return {
      ...findings.output(),
      rewrite: {
        kind: 'replace',
        text: text.slice(0, span.start - range.start) + numeric + text.slice(span.end - range.start),
      },
    };
  },
};
