/**
 * GMC004: a final stage on scratch or a static image already ships no shell
 * and no C library. It is left alone when it works as it is, however its
 * binary is made (go build, make, a prebuilt binary copied in). One that
 * cannot work (a RUN, a shell-form CMD/ENTRYPOINT/HEALTHCHECK, a user name no
 * passwd holds) is fixed by the other rules when the Go build is in the file,
 * and refused with those reasons when it is not. With target scratch, a
 * distroless static stage whose build is in the file is converted to scratch.
 */
import { isMinimalImage, isScratchImage } from '../facts/images.js';
import { shippedStage } from '../facts/origins.js';
import type { Facts, StageFacts } from '../facts/facts.js';
import { execFormRule } from './exec-form-start.js';
import { healthcheckRule } from './healthcheck.js';
import { numericUserRule } from './numeric-user.js';
import { runtimeRunRule } from './runtime-run.js';
import { Findings, ruleMeta, type Finding, type GateRule, type RuleMeta } from './types.js';

const meta = ruleMeta({
  code: 'GMC004',
  name: 'AlreadyMinimal',
  // Its verdict is a status, not a finding: what cannot work is refused under the code of the rule that fixes it.
  severity: [],
  what: 'leaves alone a file whose final stage is scratch or a static image and can work, however its binary is made; one that cannot is fixed, or refused with why',
  why: 'it already ships no shell and no C library; but a RUN, a shell-form command or a user name with no passwd fails there',
  example:
    '`FROM scratch` + `COPY app /app` + `ENTRYPOINT ["/app"]`: already minimal; `FROM scratch` + `CMD /app`: fixed, or refused when the build is not in the file',
});

/** Users a distroless static image has in its /etc/passwd. */
const DISTROLESS_USERS = new Set(['root', 'nonroot', 'nobody']);

export const alreadyMinimalRule: GateRule = {
  meta,
  phase: 'gate',
  check: (facts) => {
    const final = shippedStage(facts.stages);
    if (!final || !isMinimalImage(final.image)) return undefined;
    const problems = whatCannotWork(final);
    const buildInFile = facts.goCommands.length > 0;
    if (problems.length > 0) return buildInFile ? undefined : { kind: 'refused', refusals: problems };
    if (!isScratchImage(final.image) && facts.strategy === 'scratch' && buildInFile) return undefined;
    return { kind: 'already-minimal', reason: reasonFor(final, facts) };
  },
};

function reasonFor(final: StageFacts, facts: Facts): string {
  const base = `the image already ships ${final.image}`;
  if (isScratchImage(final.image) || facts.strategy !== 'scratch') return `${base}: nothing to convert`;
  return `${base} (static, no shell); its binary is not built in this Dockerfile, so it is left on that image rather than moved to scratch`;
}

/** Why a final stage on a minimal image cannot build or start, each with the code of the rule that fixes it. */
export function whatCannotWork(final: StageFacts): Finding[] {
  const problems: Finding[] = [];
  const refuse = (rule: { readonly meta: RuleMeta }, line: number, message: string) => {
    const findings = new Findings(rule.meta);
    findings.refuse(message, line);
    problems.push(...findings.output().refusals);
  };
  const scratch = isScratchImage(final.image);
  const where = scratch ? 'scratch' : final.image;
  const providesPasswd = final.instructions.some(
    (instruction) =>
      instruction.kind === 'copy' && /^\/(etc\/?(passwd)?)?$/.test(instruction.arguments.at(-1) ?? ''),
  );
  for (const instruction of final.instructions) {
    const { line, keyword } = instruction;
    if (instruction.kind === 'run') {
      refuse(
        runtimeRunRule,
        line,
        `line ${line} has a RUN in the ${where} stage, which has no shell: the build fails there`,
      );
    } else if (instruction.kind === 'start' && instruction.form.kind === 'shell') {
      refuse(
        execFormRule,
        line,
        `line ${line} writes ${keyword} in shell form, which needs /bin/sh; ${where} has none: write it in exec form (${keyword} ["/app", ...])`,
      );
    } else if (
      instruction.kind === 'healthcheck' &&
      !instruction.none &&
      instruction.command.kind === 'shell'
    ) {
      refuse(
        healthcheckRule,
        line,
        `line ${line} writes HEALTHCHECK CMD in shell form, which needs /bin/sh; ${where} has none: use exec form`,
      );
    } else if (instruction.kind === 'user') {
      const name = instruction.value.split(':')[0] ?? '';
      const known = /^[0-9]+$/.test(name) || providesPasswd || (!scratch && DISTROLESS_USERS.has(name));
      if (!known)
        refuse(
          numericUserRule,
          line,
          `line ${line} runs as the user ${name}, which no /etc/passwd in the ${where} image holds: the container cannot start ("no matching entries in passwd file"); use a numeric USER`,
        );
    }
  }
  return problems;
}
