/**
 * GMC205: an image with no USER ran as root; it gets the numeric non-root
 * USER 65532:65532, which needs no passwd file. The line is handed to the
 * runtime layout as data, which puts it before the first CMD/ENTRYPOINT.
 */
import { NONROOT_UID } from '../../versions.js';
import { findingsFor, ruleMeta, type RuleOutput, type WiredRule } from './types.js';

const meta = ruleMeta({
  code: 'GMC205',
  name: 'DefaultUser',
  severity: ['warning', 'change'],
  what: 'adds a numeric non-root `USER` when the image ran as root',
  why: 'a container should not run as root; a number needs no passwd file',
  example: 'no `USER` → `USER 65532:65532` before `CMD`',
});

export interface DefaultUserOutput extends RuleOutput {
  readonly userLine: string | undefined;
}

export const defaultUserRule: WiredRule<DefaultUserOutput> = {
  meta,
  phase: 'wired',
  check: (facts) => {
    const findings = findingsFor(meta);
    const { runtimeInstructions, stage } = facts.layout;
    if (runtimeInstructions.some((instruction) => instruction.kind === 'user'))
      return findings.output({ userLine: undefined });
    const userLine = `USER ${NONROOT_UID}:${NONROOT_UID}`;
    const firstCommand = runtimeInstructions.find((instruction) => instruction.kind === 'start');
    findings.change(
      firstCommand?.line ?? stage.from.line,
      `added ${userLine}`,
      /:nonroot\b/.test(stage.image)
        ? 'the nonroot image ran as 65532 by default; scratch would run as root, and a number needs no passwd file'
        : 'the image ran as root; a numeric non-root user needs no passwd file',
    );
    const lowPorts = runtimeInstructions
      .flatMap((instruction) => (instruction.kind === 'expose' ? instruction.ports : []))
      .filter((port) => port < 1024);
    if (lowPorts.length > 0) {
      findings.warn(
        `port ${lowPorts.join(', ')} is below 1024: as a non-root user the program can bind it only where the runtime allows unprivileged low ports (Docker does by default, except with --network host)`,
      );
    }
    return findings.output({ userLine });
  },
};
