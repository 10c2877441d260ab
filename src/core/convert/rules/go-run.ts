/**
 * GMC104: `go run` as the container's command becomes a build step, and the
 * image runs the compiled binary: go run compiles at every start and needs
 * the toolchain, which the new image does not have.
 */
import { shellQuote } from '../shell/shell-words.js';
import { RuleCode } from './codes.js';
import { Findings, type PlanRule } from './types.js';

export const goRunRule: PlanRule = {
  code: RuleCode.GoRun,
  check: (facts) => {
    const findings = new Findings(RuleCode.GoRun);
    const { goRun } = facts.layout;
    if (!goRun) return findings.output();
    const output = goRun.output ?? '/go/bin/app';
    // The output path and packages come from the Dockerfile: each is quoted as one word.
    const packages = goRun.packages.length > 0 ? goRun.packages.map(shellQuote).join(' ') : '.';
    const tags = facts.tzdataFrom ? ' -tags timetzdata' : '';
    const at = goRun.instruction.lineSpan.start;
    findings.edit(
      at,
      at,
      `RUN CGO_ENABLED=0 GOOS=linux go build${tags} -o ${shellQuote(output)} ${packages}\n`,
    );
    findings.change(
      goRun.instruction.line,
      `replaced go run with a build step writing ${output}, and runs that binary`,
      'go run compiles at every start and needs the toolchain in the image; scratch has no toolchain',
    );
    return findings.output();
  },
};
