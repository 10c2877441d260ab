/**
 * GMC210: a COPY into a folder of the replaced base keeps landing in that
 * folder. On alpine `COPY --from=build /out/app /usr/local/bin` writes
 * /usr/local/bin/app; on scratch, which has no /usr/local/bin, the same line
 * writes the binary as a file named /usr/local/bin, and `ENTRYPOINT ["app"]`
 * finds nothing. A trailing slash makes Docker create the folder and put the
 * file inside it, as before.
 */
import { destinationKind } from '../facts/folders.js';
import { findingsFor, ruleMeta, type InstructionRule } from './types.js';

const meta = ruleMeta({
  code: 'GMC210',
  name: 'CopyIntoFolder',
  severity: ['refusal', 'change'],
  refusals: 'not-seen',
  what: 'adds the trailing slash to a COPY whose destination is a folder of the replaced base image',
  why: "scratch has no /usr/local/bin (nor any other folder): without the slash the file itself takes the folder's name",
  example: '`COPY --from=build /out/app /usr/local/bin` → `COPY --from=build /out/app /usr/local/bin/`',
});

export const copyIntoFolderRule: InstructionRule = {
  meta,
  phase: 'instruction',
  keywords: ['COPY', 'ADD'],
  check: (instruction, facts) => {
    const findings = findingsFor(meta);
    if (instruction.kind !== 'copy' || destinationKind(instruction, facts.layout.stage) !== 'base-folder')
      return findings.plan();
    const { line, keyword, destination } = instruction;
    const base = facts.layout.stage.image;
    const target =
      facts.strategy === 'distroless' ? 'distroless static is not known to have' : 'scratch does not have';
    const folder = instruction.arguments.at(-1) ?? '';
    if (destination === undefined) {
      findings.refuse(
        `line ${line} copies into ${folder}, a folder of ${base} that ${target}: ` +
          `end the destination with a slash ("${folder}/") so the file lands inside it, then rerun`,
        line,
      );
      return findings.plan();
    }
    findings.change(
      line,
      `${keyword} into ${destination.value} became ${destination.value}/`,
      `${destination.value} is a folder of ${base}, so the file landed inside it; ${target} it, and the file itself would take its name`,
    );
    return findings.plan({
      kind: 'patch',
      edits: [{ start: destination.span.end, end: destination.span.end, text: '/' }],
    });
  },
};
