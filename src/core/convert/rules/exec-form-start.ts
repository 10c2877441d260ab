/**
 * GMC207: CMD and ENTRYPOINT in exec form with an absolute path, since
 * scratch has no shell to run the shell form or search the PATH. A command
 * that needs a shell (an entrypoint script, several commands, sh -c with
 * more than one string) is refused; `$VAR` is resolved from the file, with a
 * warning either way.
 */
import { resolvePath } from '../dockerfile-model.js';
import { absoluteProgram, execArray, resolveVariables, singleCommandWords } from '../exec-form.js';
import { splitShell } from '../shell-words.js';
import { RuleCode } from './codes.js';
import { Findings, KEEP, type InstructionRule } from './types.js';

const SHELLS = new Set(['/bin/sh', 'sh', '/bin/bash', 'bash']);

export const execFormRule: InstructionRule = {
  code: RuleCode.ExecForm,
  keywords: ['CMD', 'ENTRYPOINT'],
  check: (instruction, facts) => {
    const findings = new Findings(RuleCode.ExecForm);
    const refused = () => ({ ...findings.output(), rewrite: KEEP });
    if (instruction.kind !== 'start') return refused();
    const { line, keyword, form, scope } = instruction;
    const { binaries, stage } = facts.layout;
    let words: string[] | undefined;
    if (form.kind === 'exec') {
      words = [...form.words];
      if (SHELLS.has(words[0] ?? '')) {
        if (words[1] !== '-c' || words.length !== 3) {
          findings.refuse(`line ${line} runs a shell; the new image has none`, line);
          return refused();
        }
        words = singleCommandWords(splitShell(words[2] ?? '', facts.escape), line, findings);
      }
    } else {
      words = singleCommandWords(form.parse, line, findings);
    }
    if (!words) return refused();
    // go run: run the binary the added build step writes.
    if (words[0] === 'go' && words[1] === 'run') {
      const goRun = facts.goCommands.find((command) => command.instruction.index === instruction.index);
      words = [goRun?.output ?? '/go/bin/app', ...(goRun?.programArgs ?? [])];
    }
    const [program = '', ...args] = words;
    const isScript = /\.(sh|bash)$/.test(program) || /entrypoint/i.test(program.split('/').pop() ?? '');
    if (isScript && !binaries.includes(resolvePath(scope.workdir, program))) {
      findings.refuse(
        `line ${line} starts the container with the script ${program}, which needs a shell; scratch has none`,
        line,
      );
      return refused();
    }
    const givesEntrypointArguments =
      keyword === 'CMD' &&
      stage.instructions.some((other) => other.index !== instruction.index && other.keyword === 'ENTRYPOINT');
    const exec = execArray([
      absoluteProgram(program, scope.workdir, binaries, givesEntrypointArguments),
      ...args.map((arg) => resolveVariables(arg, scope, line, findings)),
    ]);
    const text = `${keyword} ${exec}`;
    if (text !== instruction.text) {
      findings.change(
        line,
        `${keyword} became ${exec}`,
        'exec form with an absolute path: scratch has no shell to run the shell form or search the PATH',
      );
    }
    return { ...findings.output(), rewrite: { kind: 'replace', text } };
  },
};
