/** GMC208: COPY --chown=name becomes numeric: the names only existed in the replaced image. */
import { resolveUser } from '../facts/users.js';
import { findingsFor, ruleMeta, type InstructionRule } from './types.js';

const meta = ruleMeta({
  code: 'GMC208',
  name: 'NumericChown',
  severity: ['change'],
  what: 'turns `COPY --chown=name` into numeric ownership',
  why: 'the names only existed in the replaced image',
  example: '`COPY --chown=svc:svc` → `COPY --chown=2000:2000`',
});

export const numericChownRule: InstructionRule = {
  meta,
  phase: 'instruction',
  keywords: ['COPY', 'ADD'],
  check: (instruction, facts) => {
    const findings = findingsFor(meta);
    if (
      instruction.kind !== 'copy' ||
      !instruction.chown ||
      /^[0-9]+(:[0-9]+)?$/.test(instruction.chown.value)
    )
      return findings.plan();
    const { value, span } = instruction.chown;
    const user = resolveUser(value, facts.createdUsers, facts.createdGroups);
    const numeric = `${user.uid}:${user.gid}`;
    findings.change(
      instruction.line,
      `--chown=${value} became --chown=${numeric}`,
      'without a shell image the names are only known to the converter',
    );
    return findings.plan({ kind: 'patch', edits: [{ ...span, text: numeric }] });
  },
};
