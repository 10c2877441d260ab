/**
 * GMC103: tzdata installed for the program becomes -tags timetzdata on the
 * builder's go builds (merged with existing -tags): scratch has no
 * /usr/share/zoneinfo, so the binary embeds the zone database.
 */
import { RuleCode } from './codes.js';
import { Findings, type PlanRule } from './types.js';

export const tzdataRule: PlanRule = {
  code: RuleCode.Tzdata,
  check: (facts) => {
    const findings = new Findings(RuleCode.Tzdata);
    if (!facts.installsTzdata) return findings.output();
    for (const command of facts.goCommands) {
      const { site } = command;
      if (command.stageIndex !== facts.layout.builder.index || command.verb === 'run' || site.kind === 'exec')
        continue;
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
      findings.change(
        command.instruction.line,
        'added -tags timetzdata',
        'tzdata was installed for the runtime; scratch has no /usr/share/zoneinfo, so the binary embeds it',
      );
    }
    return findings.output();
  },
};
