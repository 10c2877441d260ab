/**
 * GMC004: a final stage on scratch or a static image already ships no shell
 * and no C library. It is left alone when it works as it is, however its
 * binary is made (go build, make, a prebuilt binary copied in). One that
 * cannot work (a RUN, a shell-form CMD/ENTRYPOINT/HEALTHCHECK, a user name no
 * passwd holds) is fixed by the other rules when the Go build is in the file,
 * and refused with those reasons when it is not. With target scratch, a
 * distroless static stage whose build is in the file is converted to scratch.
 */
import { isMinimalImage } from '../facts/images.js';
import type { Facts, StageFacts } from '../facts/facts.js';
import { RuleCode } from './codes.js';
import type { Finding, GateRule } from './types.js';

/** Users a distroless static image has in its /etc/passwd. */
const DISTROLESS_USERS = new Set(['root', 'nonroot', 'nobody']);

export const alreadyMinimalRule: GateRule = {
  code: RuleCode.AlreadyMinimal,
  check: (facts) => {
    const final = facts.stages[facts.stages.length - 1];
    if (!final || !isMinimalImage(final.image)) return undefined;
    const problems = whatCannotWork(final);
    const buildInFile = facts.goCommands.length > 0;
    if (problems.length > 0) return buildInFile ? undefined : { kind: 'refused', refusals: problems };
    if (!isScratch(final.image) && facts.strategy === 'scratch' && buildInFile) return undefined;
    return { kind: 'already-minimal', reason: reasonFor(final, facts) };
  },
};

function reasonFor(final: StageFacts, facts: Facts): string {
  const base = `the image already ships ${final.image}`;
  if (isScratch(final.image) || facts.strategy !== 'scratch') return `${base}: nothing to convert`;
  return `${base} (static, no shell); its binary is not built in this Dockerfile, so it is left on that image rather than moved to scratch`;
}

function isScratch(image: string): boolean {
  return image.trim().toLowerCase() === 'scratch';
}

/** Why a final stage on a minimal image cannot build or start, each with the code of the rule that fixes it. */
export function whatCannotWork(final: StageFacts): Finding[] {
  const problems: Finding[] = [];
  const scratch = isScratch(final.image);
  const where = scratch ? 'scratch' : final.image;
  const providesPasswd = final.instructions.some(
    (instruction) =>
      instruction.kind === 'copy' && /^\/(etc\/?(passwd)?)?$/.test(instruction.arguments.at(-1) ?? ''),
  );
  for (const instruction of final.instructions) {
    const { line, keyword } = instruction;
    if (instruction.kind === 'run') {
      problems.push({
        code: RuleCode.RuntimeRun,
        line,
        message: `line ${line} has a RUN in the ${where} stage, which has no shell: the build fails there`,
      });
    } else if (instruction.kind === 'start' && instruction.form.kind === 'shell') {
      problems.push({
        code: RuleCode.ExecForm,
        line,
        message: `line ${line} writes ${keyword} in shell form, which needs /bin/sh; ${where} has none: write it in exec form (${keyword} ["/app", ...])`,
      });
    } else if (
      instruction.kind === 'healthcheck' &&
      !instruction.none &&
      instruction.command.kind === 'shell'
    ) {
      problems.push({
        code: RuleCode.Healthcheck,
        line,
        message: `line ${line} writes HEALTHCHECK CMD in shell form, which needs /bin/sh; ${where} has none: use exec form`,
      });
    } else if (instruction.kind === 'user') {
      const name = instruction.value.split(':')[0] ?? '';
      const known = /^[0-9]+$/.test(name) || providesPasswd || (!scratch && DISTROLESS_USERS.has(name));
      if (!known)
        problems.push({
          code: RuleCode.NumericUser,
          line,
          message: `line ${line} runs as the user ${name}, which no /etc/passwd in the ${where} image holds: the container cannot start ("no matching entries in passwd file"); use a numeric USER`,
        });
    }
  }
  return problems;
}
