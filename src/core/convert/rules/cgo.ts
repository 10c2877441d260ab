/**
 * GMC101: cgo is refused, with every piece of evidence found: scratch has no
 * C library, so a cgo binary fails there with "no such file or directory".
 */
import { splitGoArgs } from '../go-commands.js';
import { CGO_BUILD_PACKAGES, CGO_RUNTIME_PACKAGES, installedPackages } from '../packages.js';
import { commandWords, leadingAssignments } from '../shell-words.js';
import { RuleCode } from './codes.js';
import { Findings, type PlanRule } from './types.js';

const WHY =
  'a scratch image has no C library, so a cgo binary fails there with "no such file or directory". ' +
  'Keep a runtime with libc (distroless/base or alpine), or remove the C dependency (for SQLite, a pure-Go driver such as modernc.org/sqlite) and build with CGO_ENABLED=0.';

export const cgoRule: PlanRule = {
  code: RuleCode.Cgo,
  check: (facts) => {
    const findings = new Findings(RuleCode.Cgo);
    if (facts.cgoImportIn) findings.refuse(`cgo is needed: ${facts.cgoImportIn} has import "C"; ${WHY}`);
    for (const instruction of facts.stages.flatMap((stage) => stage.instructions)) {
      const { line } = instruction;
      if (instruction.kind === 'env') {
        const env = new Map(instruction.properties.map(({ name, value }) => [name, value]));
        if (env.get('CGO_ENABLED') === '1')
          findings.refuse(`cgo is needed: line ${line} sets CGO_ENABLED=1; ${WHY}`, line);
      }
      if (instruction.kind !== 'run' || instruction.form.kind !== 'shell') continue;
      for (const command of instruction.form.parse.commands) {
        const words = commandWords(command).map((word) => word.value);
        if (
          leadingAssignments(command).get('CGO_ENABLED') === '1' ||
          (words[0] === 'export' && words.includes('CGO_ENABLED=1'))
        ) {
          findings.refuse(`cgo is needed: line ${line} builds with CGO_ENABLED=1; ${WHY}`, line);
        }
        const cgoPackages = installedPackages(words).filter(
          (name) => CGO_BUILD_PACKAGES.has(name) || CGO_RUNTIME_PACKAGES.has(name),
        );
        if (cgoPackages.length > 0)
          findings.refuse(`cgo is needed: line ${line} installs ${cgoPackages.join(', ')}; ${WHY}`, line);
      }
    }
    for (const command of facts.goCommands) {
      // A Makefile or script that sets CGO_ENABLED=1 itself keeps it over the environment the converter adds.
      if (command.site.kind === 'indirect' && command.assignments.get('CGO_ENABLED') === '1') {
        const { line } = command.instruction;
        const { invocation, file, line: at } = command.site;
        findings.refuse(
          `cgo is needed: line ${line} runs \`${invocation}\`, whose go ${command.verb} at ${file}:${at} gets CGO_ENABLED=1 from ${file}; ${WHY}`,
          line,
        );
      }
      const ldflags = splitGoArgs([...command.args])
        .flags.filter(([flag]) => flag === '-ldflags' || flag === '--ldflags')
        .map(([, value]) => value ?? '');
      if (
        ldflags.some((value) => /-linkmode[= ]external/.test(value)) ||
        command.args.includes('-linkmode=external')
      ) {
        const { line } = command.instruction;
        findings.refuse(`cgo is needed: line ${line} links with -linkmode external; ${WHY}`, line);
      }
    }
    return findings.output();
  },
};
