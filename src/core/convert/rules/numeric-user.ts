/**
 * GMC204: USER becomes numeric. Scratch has no /etc/passwd to look a name up
 * in; a number needs none (GMC209 adds a minimal passwd entry for the name).
 */
import type { ConvertibleFacts } from '../facts/facts.js';
import { runCommandWords } from '../facts/origins.js';
import { isWellKnownUid, resolveUser, userWithUid } from '../facts/users.js';
import { folderCommandArgs } from '../shell/file-commands.js';
import { findingsFor, ruleMeta, type InstructionRule } from './types.js';

const GROUP_ZERO = new Set(['0', 'root']);

/**
 * The line of the runtime step before `before` that gives group 0 rights
 * (`chgrp -R 0 /app`, `chown 1001:0 /data`: the OpenShift pattern, where the
 * program runs as a UID with no passwd entry, so in group 0).
 */
function groupZeroGrant(facts: ConvertibleFacts, before: number): number | undefined {
  const grants = (words: readonly string[]) => {
    const [command = '', ...args] = words;
    const name = command.split('/').pop() ?? '';
    if (name !== 'chgrp' && name !== 'chown') return false;
    const parsed = folderCommandArgs(name, args);
    const [owner] = parsed.ok ? parsed.operands : [];
    if (owner === undefined) return false;
    return GROUP_ZERO.has(name === 'chgrp' ? owner : (owner.split(':')[1] ?? ''));
  };
  return facts.layout.runtimeInstructions.find(
    (instruction) =>
      instruction.kind === 'run' && instruction.index < before && runCommandWords(instruction).some(grants),
  )?.line;
}

const meta = ruleMeta({
  code: 'GMC204',
  name: 'NumericUser',
  severity: ['refusal', 'warning', 'change'],
  refusals: 'scratch-impossible',
  what: 'turns a named `USER` into a numeric one, keeping the name in a minimal /etc/passwd',
  why: 'scratch has no /etc/passwd to look a name up in',
  example: '`USER app` → `USER 10001:10001`',
});

export const numericUserRule: InstructionRule = {
  meta,
  phase: 'instruction',
  keywords: ['USER'],
  check: (instruction, facts) => {
    const findings = findingsFor(meta);
    if (instruction.kind !== 'user') return findings.plan();
    const { line, value } = instruction;
    const quote = instruction.unclosedQuote;
    if (quote !== undefined) {
      const written = instruction.argumentsText.trim();
      findings.refuse(
        `USER ${written} opens a ${quote} it never closes, and docker build stops there ` +
          `("unexpected end of statement while looking for matching ${quote === "'" ? 'single' : 'double'}-quote"): ` +
          `close the quote${quote === "'" ? ` (USER "${written}")` : ''}, then rerun`,
        line,
      );
      return findings.plan();
    }
    // An ARG with no default is given at build time, if at all: so is the user.
    const [unknown] = instruction.buildArgs;
    if (unknown !== undefined) {
      findings.refuse(
        `USER ${value} names ARG ${unknown}, which has no default in this Dockerfile: the converter cannot tell ` +
          `the number scratch needs (it has no /etc/passwd to look a name up in); give the ARG a numeric ` +
          `default (ARG ${unknown}=10001), then rerun`,
        line,
      );
      return findings.plan();
    }
    const resolved = resolveUser(value, facts.createdUsers, facts.createdGroups);
    // A bare UID no passwd entry names runs in group 0: where the file gives group 0 rights, it keeps it.
    const bareUid =
      resolved.name === undefined &&
      !value.includes(':') &&
      !isWellKnownUid(resolved.uid) &&
      userWithUid(resolved.uid, facts.createdUsers) === undefined;
    const grantLine = bareUid ? groupZeroGrant(facts, instruction.index) : undefined;
    const user = grantLine === undefined ? resolved : { ...resolved, gid: 0 };
    const text = `USER ${user.uid}:${user.gid}`;
    // Already `uid:gid`: kept as written (down to trailing blanks), so nothing changes unreported.
    if (user.name === undefined && value === `${user.uid}:${user.gid}` && facts.layout.kind === 'multi-stage')
      return findings.plan();
    if (instruction.expandsVariables)
      findings.warn(
        `USER ${instruction.argumentsText.trim()} was resolved to ${text.slice('USER '.length)} from the ` +
          "Dockerfile's values, and the passwd entry is written with them: a --build-arg no longer changes the user",
        line,
      );
    if (user.guessedGroup !== undefined)
      findings.warn(
        `the Dockerfile gives the group ${user.guessedGroup} no GID, so it becomes ${user.gid}, the user's; ` +
          `give the group a fixed GID (addgroup -g ${user.gid} ${user.guessedGroup}) if files or volumes must belong to it`,
        line,
      );
    if (user.name !== undefined) {
      if (user.uid === 0) findings.warn('the image runs as root; consider a non-root user', line);
      if (user.guessed)
        findings.warn(
          `the Dockerfile gives ${user.name} no UID, so it becomes ${user.uid} (the distroless nonroot UID); ` +
            'give the user a fixed UID (adduser -u 10001) if files or volumes must belong to it',
          line,
        );
      findings.change(
        line,
        `USER ${value} became ${text}`,
        'scratch has no /etc/passwd to look a name up in; a number needs none (a minimal passwd entry keeps the name for os/user)',
      );
    } else if (grantLine !== undefined) {
      findings.change(
        line,
        `USER ${value} became ${text}${facts.layout.kind === 'single-stage' ? ', in the new stage' : ''}`,
        `a UID with no passwd entry runs in group 0, and line ${grantLine} gives group 0 rights: the group is made explicit and kept`,
      );
    } else if (value !== `${user.uid}:${user.gid}`) {
      // `USER 1000` runs with group 0 where no passwd entry names the UID: the group it gets is a change to report.
      findings.change(
        line,
        `USER ${value} became ${text}${facts.layout.kind === 'single-stage' ? ', in the new stage' : ''}`,
        'without a passwd entry for the UID the process would run with group 0 (root); the group is made explicit',
      );
    } else if (facts.layout.kind === 'single-stage') {
      findings.change(line, `moved ${text} to the new stage`, 'it applies to the image that ships');
    }
    return findings.plan({ kind: 'replace', text });
  },
};
