/**
 * GMC206: a HEALTHCHECK that runs curl or wget can never pass in an image
 * without them: it is dropped, with a warning that suggests the binary's own
 * probe. Other shell-form checks are put in exec form.
 */
import { absoluteProgram, execArray, resolveAll, singleCommandWords } from '../shell/exec-form.js';
import { RuleCode } from './codes.js';
import { Findings, KEEP, type InstructionRule } from './types.js';

export const healthcheckRule: InstructionRule = {
  code: RuleCode.Healthcheck,
  keywords: ['HEALTHCHECK'],
  check: (instruction, facts) => {
    const findings = new Findings(RuleCode.Healthcheck);
    if (instruction.kind !== 'healthcheck' || instruction.none)
      return { ...findings.output(), rewrite: KEEP };
    const { line, tools, command, scope } = instruction;
    const { binaries } = facts.layout;
    if (tools.length > 0) {
      findings.warn(
        `HEALTHCHECK dropped: it runs ${tools.join(', ')}, which scratch does not have. ` +
          `Give the binary its own probe (for example a -health flag that GETs /healthz) and use HEALTHCHECK CMD ["${binaries[0] ?? '/app'}", "-health"]`,
        line,
      );
      findings.change(
        line,
        'removed HEALTHCHECK',
        `it needs ${tools.join(', ')}, and the image has no shell or tools`,
      );
      return { ...findings.output(), rewrite: { kind: 'drop' } };
    }
    if (command.kind === 'exec') return { ...findings.output(), rewrite: KEEP };
    const parsed = singleCommandWords(command.parse, line, findings);
    const words = parsed && resolveAll(parsed, scope, line, findings);
    if (!words) return { ...findings.output(), rewrite: KEEP };
    const [program = '', ...args] = words;
    const exec = execArray([absoluteProgram(program, scope.workdir, binaries, false), ...args]);
    findings.change(
      line,
      'HEALTHCHECK CMD in exec form',
      'the shell form runs /bin/sh -c, and scratch has no shell',
    );
    const options = instruction.options ? `${instruction.options} ` : '';
    return { ...findings.output(), rewrite: { kind: 'replace', text: `HEALTHCHECK ${options}CMD ${exec}` } };
  },
};
