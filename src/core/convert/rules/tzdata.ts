/**
 * GMC103: tzdata installed for the program (or the zoneinfo of a distroless
 * runtime, when TZ is set) becomes -tags timetzdata on the
 * builder's go builds (merged with existing -tags): scratch has no
 * /usr/share/zoneinfo, so the binary embeds the zone database.
 */
import type { GoCommandFacts, GoCommandSite } from '../facts/facts.js';
import { findingsFor, ruleMeta, type FileRule, type FindingsOf } from './types.js';

const meta = ruleMeta({
  code: 'GMC103',
  name: 'Tzdata',
  severity: ['refusal', 'change'],
  refusals: 'not-seen',
  what: 'adds `-tags timetzdata` when the runtime installed tzdata',
  why: 'scratch has no /usr/share/zoneinfo; the binary embeds the zone database instead',
  example: '`RUN apk add tzdata` in the runtime → `go build -tags timetzdata ...`',
});

export const tzdataRule: FileRule = {
  meta,
  phase: 'file',
  check: (facts) => {
    const findings = findingsFor(meta);
    if (!facts.tzdataFrom) return findings.output();
    const indirectDone = new Set<number>();
    for (const command of facts.goCommands) {
      const { site } = command;
      if (command.stageIndex !== facts.layout.builder.index || command.verb === 'run' || site.kind === 'exec')
        continue;
      if (site.kind === 'indirect') {
        indirectTags(command, site, facts.tzdataFrom, findings, indirectDone);
        continue;
      }
      const args = site.argWords;
      const tagsIndex = args.findIndex((word) => word.value === '-tags' || word.value.startsWith('-tags='));
      const tagsWord = args[tagsIndex];
      if (tagsWord && tagsWord.value.startsWith('-tags=')) {
        if (tagsWord.value.includes('timetzdata')) continue;
        findings.edit(site.textOffset + tagsWord.end, site.textOffset + tagsWord.end, ',timetzdata');
      } else if (tagsWord) {
        const value = args[tagsIndex + 1];
        if (!value || value.value.includes('timetzdata')) continue;
        findings.edit(site.textOffset + value.end, site.textOffset + value.end, ',timetzdata');
      } else {
        const at = site.textOffset + site.verbWord.end;
        findings.edit(at, at, ' -tags timetzdata');
      }
      findings.change(command.instruction.line, 'added -tags timetzdata', why(facts.tzdataFrom));
    }
    return findings.output();
  },
};

function why(from: 'package' | 'distroless'): string {
  return from === 'package'
    ? 'tzdata was installed for the runtime; scratch has no /usr/share/zoneinfo, so the binary embeds it'
    : 'the distroless runtime had /usr/share/zoneinfo and TZ is set; scratch has none, so the binary embeds it';
}

/**
 * A build in a Makefile or script gets the tag through GOFLAGS, set before
 * the RUN's make or script word (the file is not edited); a -tags of its own
 * would win over GOFLAGS, so that one is refused with where to add it.
 */
function indirectTags(
  command: GoCommandFacts,
  site: Extract<GoCommandSite, { kind: 'indirect' }>,
  from: 'package' | 'distroless',
  findings: FindingsOf<typeof meta>,
  done: Set<number>,
): void {
  const { line } = command.instruction;
  const ownTags = command.args.some((arg) => /^--?tags(=|$)/.test(arg)) || command.assignments.has('GOFLAGS');
  if (ownTags) {
    if (command.args.some((arg) => arg.includes('timetzdata'))) return;
    findings.refuse(
      `line ${line} runs \`${site.invocation}\`, whose go ${command.verb} at ${site.file}:${site.line} gets its own -tags or GOFLAGS (from that file or the environment), which would win over what the converter sets: add timetzdata there (the converter only edits the Dockerfile); ${why(from)}`,
      line,
    );
    return;
  }
  const at = site.textOffset + site.envWord.start;
  if (done.has(at)) return;
  done.add(at);
  findings.edit(at, at, 'GOFLAGS=-tags=timetzdata ');
  findings.change(line, `set GOFLAGS=-tags=timetzdata on \`${site.invocation}\``, why(from));
}
