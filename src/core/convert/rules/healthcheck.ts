/**
 * GMC206: a HEALTHCHECK that runs curl or wget can never pass in an image
 * without them: it is dropped, with a warning that suggests the binary's own
 * probe. Other shell-form checks are put in exec form.
 */
import { absoluteProgram, execArray, resolveAll, singleCommandWords } from '../shell/exec-form.js';
import { DROP, findingsFor, ruleMeta, type InstructionRule } from './types.js';

const meta = ruleMeta({
  code: 'GMC206',
  name: 'Healthcheck',
  severity: ['refusal', 'warning', 'change'],
  refusals: 'scratch-impossible',
  what: 'drops a curl/wget `HEALTHCHECK` with a warning; puts the others in exec form',
  why: 'the image has no curl, wget or shell; the binary can probe itself',
  example:
    '`HEALTHCHECK CMD curl -f localhost` → removed; `HEALTHCHECK CMD app -health` → `CMD ["/app", "-health"]`',
});

export const healthcheckRule: InstructionRule = {
  meta,
  phase: 'instruction',
  keywords: ['HEALTHCHECK'],
  check: (instruction, facts) => {
    const findings = findingsFor(meta);
    if (instruction.kind !== 'healthcheck' || instruction.none) return findings.plan();
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
      return findings.plan(DROP);
    }
    if (command.kind === 'exec') return findings.plan();
    const parsed = singleCommandWords(command.parse, line, findings);
    const words = parsed && resolveAll(parsed, scope, line, findings);
    if (!words) return findings.plan();
    const [program = '', ...args] = words;
    const exec = execArray([absoluteProgram(program, scope.workdir, binaries, false), ...args]);
    findings.change(
      line,
      'HEALTHCHECK CMD in exec form',
      'the shell form runs /bin/sh -c, and scratch has no shell',
    );
    const options = instruction.options ? `${instruction.options} ` : '';
    return findings.plan({ kind: 'replace', text: `HEALTHCHECK ${options}CMD ${exec}` });
  },
};
