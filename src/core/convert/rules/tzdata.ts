/**
 * GMC103: tzdata installed for the program (or the zoneinfo of a distroless
 * runtime, when TZ is set) becomes -tags timetzdata on the
 * builder's go builds (merged with existing -tags): scratch has no
 * /usr/share/zoneinfo, so the binary embeds the zone database. A build in a
 * Makefile or script that sets -tags of its own, which would win over the
 * tag, gets the builder's /usr/share/zoneinfo instead (staged by GMC209).
 */
import { shellCommandWords } from '../facts/collect-facts.js';
import type { GoCommandFacts, GoCommandSite } from '../facts/facts.js';
import { installedPackages, ZONEINFO } from '../facts/packages.js';
import type { StagedPackage } from './runtime-run.js';
import { findingsFor, ruleMeta, type FindingsOf, type RuleOutput, type WiredRule } from './types.js';

const meta = ruleMeta({
  code: 'GMC103',
  name: 'Tzdata',
  severity: ['change'],
  what: "adds `-tags timetzdata` when the runtime installed tzdata; copies the builder's /usr/share/zoneinfo when a Makefile or script sets -tags of its own",
  why: 'scratch has no /usr/share/zoneinfo; the binary embeds the zone database instead, or the image gets the files',
  example: '`RUN apk add tzdata` in the runtime → `go build -tags timetzdata ...`',
});

export interface TzdataOutput extends RuleOutput {
  /** The zone database as files, for GMC209 to stage: when a build keeps -tags of its own. */
  readonly stagedPackages: readonly StagedPackage[];
}

export const tzdataRule: WiredRule<TzdataOutput> = {
  meta,
  phase: 'wired',
  check: (facts) => {
    const findings = findingsFor(meta);
    const stagedPackages: StagedPackage[] = [];
    if (!facts.tzdataFrom) return findings.output({ stagedPackages });
    const indirectDone = new Set<number>();
    for (const command of facts.goCommands) {
      const { site } = command;
      if (command.stageIndex !== facts.layout.builder.index || command.verb === 'run' || site.kind === 'exec')
        continue;
      if (site.kind === 'indirect') {
        if (
          indirectTags(command, site, facts.tzdataFrom, findings, indirectDone) ||
          stagedPackages.length > 0
        )
          continue;
        // Distroless static has /usr/share/zoneinfo: only scratch lacks it.
        if (facts.strategy !== 'scratch') continue;
        stagedPackages.push({ name: 'tzdata', line: tzdataLine(facts), ...ZONEINFO });
        findings.change(
          command.instruction.line,
          "kept the build's own -tags, and added the builder's /usr/share/zoneinfo to the image",
          why(
            facts.tzdataFrom,
            `and the go ${command.verb} at ${site.file}:${site.line}, which \`${site.invocation}\` runs, sets -tags or GOFLAGS of its own, which would win over -tags timetzdata: the image gets the files, which TZ and time.LoadLocation read`,
          ),
        );
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
    return findings.output({ stagedPackages });
  },
};

/** The runtime RUN that installs tzdata, or the runtime's FROM (a distroless runtime had the files). */
function tzdataLine(facts: Parameters<typeof tzdataRule.check>[0]): number {
  const { stage } = facts.layout;
  const install = stage.instructions.find(
    (instruction) =>
      instruction.kind === 'run' &&
      shellCommandWords({ ...stage, instructions: [instruction] }).some((words) =>
        installedPackages(words).includes('tzdata'),
      ),
  );
  return install?.line ?? stage.from.line;
}

function why(from: 'package' | 'distroless', how = 'so the binary embeds it'): string {
  return from === 'package'
    ? `tzdata was installed for the runtime; scratch has no /usr/share/zoneinfo, ${how}`
    : `the distroless runtime had /usr/share/zoneinfo and TZ is set; scratch has none, ${how}`;
}

/**
 * A build in a Makefile or script gets the tag through GOFLAGS, set before
 * the RUN's make or script word (the file is not edited). A -tags of its own
 * would win over GOFLAGS: false, and the image needs the files.
 */
function indirectTags(
  command: GoCommandFacts,
  site: Extract<GoCommandSite, { kind: 'indirect' }>,
  from: 'package' | 'distroless',
  findings: FindingsOf<typeof meta>,
  done: Set<number>,
): boolean {
  const { line } = command.instruction;
  const ownTags = command.args.some((arg) => /^--?tags(=|$)/.test(arg)) || command.assignments.has('GOFLAGS');
  if (ownTags) return command.args.some((arg) => arg.includes('timetzdata'));
  const at = site.textOffset + site.envWord.start;
  if (done.has(at)) return true;
  done.add(at);
  findings.edit(at, at, 'GOFLAGS=-tags=timetzdata ');
  findings.change(line, `set GOFLAGS=-tags=timetzdata on \`${site.invocation}\``, why(from));
  return true;
}
