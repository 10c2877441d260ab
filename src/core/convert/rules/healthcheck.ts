/**
 * GMC206: a HEALTHCHECK that runs curl or wget can never pass in an image
 * without them: it is dropped, with a warning that suggests the binary's own
 * probe. Other shell-form checks are put in exec form.
 */
import type { CopiedFile } from '../facts/facts.js';
import { resolvePath } from '../facts/dockerfile-model.js';
import {
  absoluteProgram,
  execArray,
  resolveAll,
  singleCommandWords,
  startProgram,
} from '../shell/exec-form.js';
import { DROP, findingsFor, ruleMeta, type InstructionRule } from './types.js';

const meta = ruleMeta({
  code: 'GMC206',
  name: 'Healthcheck',
  severity: ['refusal', 'warning', 'change'],
  refusals: 'scratch-impossible',
  what: 'drops a curl/wget `HEALTHCHECK` with a warning; puts the others in exec form',
  why: 'the image has no curl, wget or shell; the binary can probe itself',
  example:
    '`HEALTHCHECK CMD curl -f localhost` → removed; `HEALTHCHECK CMD app -health` → `CMD ["/app", "-health"]`',
});

export const healthcheckRule: InstructionRule = {
  meta,
  phase: 'instruction',
  keywords: ['HEALTHCHECK'],
  check: (instruction, facts) => {
    const findings = findingsFor(meta);
    if (instruction.kind !== 'healthcheck' || instruction.none) return findings.plan();
    const { line, tools, command, scope } = instruction;
    const { binaries } = facts.layout;
    if (tools.length > 0) {
      // The binary the container starts, when it is one the image ships (in a folder copied whole, too).
      const started = startProgram(facts.layout.runtimeInstructions);
      const startedPath =
        started && absoluteProgram(started.program, started.start.scope.workdir, binaries, false);
      const shipped = [...binaries, ...facts.layout.copied.flatMap(binaryInFolderCopy)];
      const probe =
        startedPath !== undefined && shipped.includes(startedPath) ? startedPath : (binaries[0] ?? '/app');
      findings.warn(
        `HEALTHCHECK dropped: it runs ${tools.join(', ')}, which scratch does not have. ` +
          `Give the binary its own probe (for example a -health flag that GETs /healthz) and use HEALTHCHECK CMD ["${probe}", "-health"]`,
        line,
      );
      findings.change(
        line,
        'removed HEALTHCHECK',
        `it needs ${tools.join(', ')}, and the image has no shell or tools`,
      );
      return findings.plan(DROP);
    }
    if (command.kind === 'exec') return findings.plan();
    // The start command, the packages, a runtime step are what the user changes first: a probe comes after them.
    const after = {
      refuse: (message: string, at?: number) => findings.refuse(message, at, { secondary: true }),
      warn: findings.warn.bind(findings),
    };
    const parsed = singleCommandWords(command.parse, line, after);
    const words = parsed && resolveAll(parsed, scope, line, after);
    if (!words) return findings.plan();
    const [program = '', ...args] = words;
    const exec = execArray([absoluteProgram(program, scope.workdir, binaries, false), ...args]);
    findings.change(
      line,
      'HEALTHCHECK CMD in exec form',
      'the shell form runs /bin/sh -c, and scratch has no shell',
    );
    const options = instruction.options ? `${instruction.options} ` : '';
    return findings.plan({ kind: 'replace', text: `HEALTHCHECK ${options}CMD ${exec}` });
  },
};

/**
 * Where a go build's binary lands when the COPY takes the folder it is in
 * (`COPY --from=build /target /` with `-o /target/app/server`: /app/server):
 * Docker copies a folder's contents, not the folder.
 */
function binaryInFolderCopy(file: CopiedFile): string[] {
  const output = file.goCommand?.output;
  if (
    output === undefined ||
    output === file.source ||
    !output.startsWith(`${file.source.replace(/\/$/, '')}/`)
  )
    return [];
  const destination = file.copy.arguments.at(-1) ?? '/';
  return [resolvePath(file.copy.scope.workdir, `${destination}/${output.slice(file.source.length)}`)];
}
