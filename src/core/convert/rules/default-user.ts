/**
 * GMC205: an image with no USER ran as root; it gets the numeric non-root
 * USER 65532:65532, which needs no passwd file. The line is handed to the
 * runtime layout as data, which puts it before the first CMD/ENTRYPOINT.
 */
import { NONROOT_UID } from '../../versions.js';
import type { InstructionFacts } from '../facts/facts.js';
import type { StagedDir } from './runtime-run.js';
import { findingsFor, ruleMeta, type RuleOutput, type WiredRule } from './types.js';

const meta = ruleMeta({
  code: 'GMC205',
  name: 'DefaultUser',
  severity: ['warning', 'change'],
  what: 'adds a numeric non-root `USER` when the image ran as root',
  why: 'a container should not run as root; a number needs no passwd file',
  example: 'no `USER` → `USER 65532:65532` before `CMD`; `VOLUME /data` staged owned by 65532',
});

export interface DefaultUserOutput extends RuleOutput {
  readonly userLine: string | undefined;
  /** The VOLUME folders, owned by the new user: root could write there, and a new volume takes its folder's owner. */
  readonly ownedDirs: readonly StagedDir[];
}

export const defaultUserRule: WiredRule<DefaultUserOutput> = {
  meta,
  phase: 'wired',
  check: (facts) => {
    const findings = findingsFor(meta);
    const { runtimeInstructions, stage } = facts.layout;
    if (runtimeInstructions.some((instruction) => instruction.kind === 'user'))
      return findings.output({ userLine: undefined, ownedDirs: [] });
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
    // Scratch only: distroless static has no such folders, and staging on it is another rule's refusal.
    const volumes = facts.strategy === 'scratch' ? volumeFolders(runtimeInstructions) : [];
    const ownedDirs = volumes.map((path) => ({ path, owner: `${NONROOT_UID}:${NONROOT_UID}` }));
    if (volumes.length > 0)
      findings.change(
        runtimeInstructions.find((instruction) => instruction.keyword === 'VOLUME')?.line ?? stage.from.line,
        `made ${volumes.join(', ')} owned by ${NONROOT_UID}`,
        'the image ran as root, which could write to its volumes; Docker gives a new volume the owner of its folder in the image',
      );
    return findings.output({ userLine, ownedDirs });
  },
};

/**
 * The folders VOLUME names (`VOLUME /data /cache`, `VOLUME ["/data"]`) that
 * can be staged: absolute, with no variable, and not / or /tmp.
 */
function volumeFolders(instructions: readonly InstructionFacts[]): string[] {
  const paths = instructions.flatMap((instruction) => {
    if (instruction.keyword !== 'VOLUME') return [];
    const text = instruction.argumentsText.trim();
    if (text.startsWith('[')) {
      try {
        const parsed: unknown = JSON.parse(text);
        if (Array.isArray(parsed)) return parsed.filter((path): path is string => typeof path === 'string');
      } catch {
        // Not JSON: Docker reads the words, as below.
      }
    }
    return text.split(/\s+/);
  });
  const folders = paths
    .map((path) => path.replace(/\/+$/, ''))
    .filter((path) => /^\/[^$\s'"\\`]+$/.test(path) && !path.split('/').includes('..') && path !== '/tmp');
  return [...new Set(folders)];
}
