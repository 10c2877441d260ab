/**
 * GMC102: every go build and go install gets CGO_ENABLED=0 GOOS=linux, so
 * the binary is static whatever the builder image defaults to. Exec form
 * cannot set an environment, so it is refused.
 */
import { RuleCode } from './codes.js';
import { Findings, type PlanRule } from './types.js';

export const staticBuildRule: PlanRule = {
  code: RuleCode.StaticBuild,
  check: (facts) => {
    const findings = new Findings(RuleCode.StaticBuild);
    for (const command of facts.goCommands) {
      if (command.verb === 'run') continue;
      const { line } = command.instruction;
      if (command.site.kind === 'exec') {
        findings.refuse(
          `line ${line} runs go in exec form, which cannot set its environment: use the shell form`,
          line,
        );
        continue;
      }
      const missing = ['CGO_ENABLED=0', 'GOOS=linux'].filter(
        (assignment) => !command.assignments.has(assignment.split('=')[0] ?? ''),
      );
      if (missing.length === 0) continue;
      const at = command.site.textOffset + command.site.goWord.start;
      findings.edit(at, at, `${missing.join(' ')} `);
      findings.change(
        line,
        `set ${missing.join(' ')} on go ${command.verb}`,
        'a scratch image has no C library: the binary must be static, whatever the builder image defaults to',
      );
    }
    return findings.output();
  },
};
