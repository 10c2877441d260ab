/**
 * GMC209: what scratch lacks (the CA bundle, /tmp with mode 1777, a minimal
 * passwd for a named user, the folders GMC202 found the runtime creating) is
 * staged in the builder under /rootfs and copied in one layer. Distroless
 * has all but the folders; with those it is refused.
 */
import { CA_BUNDLE_PATH } from '../facts/images.js';
import { shellQuote, singleQuote } from '../shell/shell-words.js';
import { resolveUser } from '../facts/users.js';
import type { StagedDir, StagedLink } from './runtime-run.js';
import { findingsFor, ruleMeta, type RuleOutput, type WiredRule } from './types.js';

const meta = ruleMeta({
  code: 'GMC209',
  name: 'ScratchFiles',
  severity: ['refusal', 'change'],
  refusals: 'not-seen',
  what: 'stages what scratch lacks in the builder and copies it in one layer: CA bundle, /tmp, passwd, data folders',
  why: 'TLS fails without the CA bundle, temp files without /tmp, os/user without passwd',
  example: '`COPY --from=build /rootfs/ /` + the CA bundle; distroless with `RUN mkdir`: refused',
});

export interface ScratchFilesOutput extends RuleOutput {
  /** COPY lines for the top of the image that ships. */
  readonly runtimeCopies: readonly string[];
}

export const scratchFilesRule: WiredRule<
  ScratchFilesOutput,
  { readonly stagedDirs: readonly StagedDir[]; readonly stagedLinks: readonly StagedLink[] }
> = {
  meta,
  phase: 'wired',
  check: (facts, { stagedDirs, stagedLinks }) => {
    const findings = findingsFor(meta);
    const { builder, builderReference, stage } = facts.layout;
    if (facts.strategy !== 'scratch') {
      const made = [...stagedDirs, ...stagedLinks].map((entry) => entry.path);
      if (made.length > 0)
        findings.refuse(
          `the runtime creates ${made.join(', ')} with RUN; use --strategy scratch, which stages them from the builder`,
        );
      return findings.output({ runtimeCopies: [] });
    }
    const commands = ['mkdir -p /rootfs/tmp', 'chmod 1777 /rootfs/tmp'];
    const user = facts.passwdUser;
    if (user) {
      const name = user.name ?? 'app';
      const passwd = singleQuote(`${name}:x:${user.uid}:${user.gid}:${name}:/nonexistent:/sbin/nologin`);
      const group = singleQuote(`${name}:x:${user.gid}:`);
      commands.push(
        'mkdir -p /rootfs/etc',
        `printf '%s\\n' 'root:x:0:0:root:/root:/sbin/nologin' ${passwd} >/rootfs/etc/passwd`,
        `printf '%s\\n' 'root:x:0:' ${group} >/rootfs/etc/group`,
      );
    }
    // Paths and modes come from the Dockerfile: each is quoted as one word.
    for (const dir of stagedDirs) {
      const target = shellQuote(`/rootfs${dir.path}`);
      commands.push(`mkdir -p ${target}`);
      if (dir.owner) {
        const owner = resolveUser(dir.owner, facts.createdUsers);
        commands.push(`chown ${shellQuote(`${owner.uid}:${owner.gid}`)} ${target}`);
      }
      if (dir.mode) commands.push(`chmod ${shellQuote(dir.mode)} ${target}`);
    }
    for (const link of stagedLinks) {
      const folder = link.path.slice(0, link.path.lastIndexOf('/'));
      if (folder !== '') commands.push(`mkdir -p ${shellQuote(`/rootfs${folder}`)}`);
      commands.push(`ln -s ${shellQuote(link.target)} ${shellQuote(`/rootfs${link.path}`)}`);
    }
    // A stage that already copies the CA bundle (often to the folder, `/etc/ssl/certs/`) keeps its own COPY.
    const shipsCaBundle = facts.layout.binaries.includes(CA_BUNDLE_PATH);
    const last = builder.instructions[builder.instructions.length - 1] ?? builder.from;
    const at = last.lineSpan.end;
    const needsNewline = at > 0 && facts.text[at - 1] !== '\n';
    findings.edit(
      at,
      at,
      `${needsNewline ? '\n' : ''}# Added by go-microcontainer convert: what the scratch image lacks, staged for one COPY.\n` +
        `RUN ${commands.join(` ${facts.escape}\n && `)}\n`,
    );
    findings.change(
      stage.from.line,
      `added ${listed([
        ...(shipsCaBundle ? [] : ['the CA bundle']),
        '/tmp (1777)',
        ...(user ? ['/etc/passwd and /etc/group'] : []),
        ...stagedDirs.map((dir) => dir.path),
        ...stagedLinks.map((link) => `the link ${link.path} (to ${link.target})`),
      ])} from the builder`,
      shipsCaBundle
        ? 'scratch has none of them: temp files fail without /tmp (the stage already copies the CA bundle)'
        : 'scratch has none of them: TLS fails with "certificate signed by unknown authority" without the CA bundle, and temp files fail without /tmp',
    );
    return findings.output({
      runtimeCopies: [
        `COPY --from=${builderReference} /rootfs/ /`,
        ...(shipsCaBundle ? [] : [`COPY --from=${builderReference} ${CA_BUNDLE_PATH} ${CA_BUNDLE_PATH}`]),
      ],
    });
  },
};

/** "a, b and c". */
function listed(items: readonly string[]): string {
  return items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
