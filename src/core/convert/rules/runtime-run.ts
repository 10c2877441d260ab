/**
 * GMC202: RUN steps of a multi-stage build's runtime stage, command by
 * command. Package installs the new image provides another way (the CA
 * bundle, tzdata, the curl of a dropped HEALTHCHECK), users (facts), cache
 * clean-up, and mkdir/chown/chmod of folders (staged in the builder by
 * GMC209, which gets them from this rule as data) are translated; anything
 * else is refused, each with its own reason.
 */
import { resolvePath } from '../dockerfile-model.js';
import { HEALTH_TOOLS, PACKAGE_MANAGERS, installedPackages } from '../packages.js';
import { commandWords } from '../shell-words.js';
import { RuleCode } from './codes.js';
import { Findings, type PlanRule, type RuleOutput } from './types.js';

/** A folder the runtime created, to be made in the builder under /rootfs and copied in. */
export interface StagedDir {
  readonly path: string;
  readonly owner?: string;
  readonly mode?: string;
}

export interface RuntimeRunOutput extends RuleOutput {
  readonly stagedDirs: readonly StagedDir[];
}

const HARMLESS_COMMANDS = new Set(['rm', 'update-ca-certificates', 'true', ':', 'set']);
const USER_COMMANDS = new Set(['adduser', 'addgroup', 'useradd', 'groupadd']);

export const runtimeRunRule: PlanRule<RuntimeRunOutput> = {
  code: RuleCode.RuntimeRun,
  check: (facts) => {
    const findings = new Findings(RuleCode.RuntimeRun);
    const { layout } = facts;
    const dirs: Array<{ path: string; owner?: string; mode?: string }> = [];
    if (layout.kind !== 'multi-stage') return { ...findings.output(), stagedDirs: dirs };
    const healthTools = new Set(
      layout.runtimeInstructions.flatMap((instruction) =>
        instruction.kind === 'healthcheck' ? instruction.tools : [],
      ),
    );
    for (const instruction of layout.runtimeInstructions) {
      if (instruction.kind !== 'run') continue;
      const { line, form } = instruction;
      if (form.kind === 'exec' || form.parse.unsupported.length > 0) {
        const what = form.kind === 'exec' ? 'exec form' : form.parse.unsupported.join(', ');
        findings.refuse(
          `line ${line} runs a shell step the new image cannot run (${what}); the runtime needs a shell`,
          line,
        );
        continue;
      }
      const refuse = (message: string) => findings.refuse(`line ${line} ${message}`, line);
      const refusalsBefore = findings.refusalCount;
      const done: string[] = [];
      for (const command of form.parse.commands) {
        const words = commandWords(command).map((word) => word.value);
        const [name = '', ...args] = words;
        if (PACKAGE_MANAGERS.has(name)) {
          for (const pkg of installedPackages(words)) {
            if (pkg === 'ca-certificates' || pkg === 'ca-certificates-bundle') done.push('ca-certificates');
            else if (pkg === 'tzdata') done.push('tzdata');
            else if (HEALTH_TOOLS.has(pkg) && healthTools.has(pkg)) done.push(pkg);
            else
              refuse(
                `installs ${pkg} into the runtime image; runtime packages have no equivalent in scratch ` +
                  '(keep an alpine or debian runtime, or drop the dependency)',
              );
          }
        } else if (HARMLESS_COMMANDS.has(name)) {
          const removesOnlyCaches = args.every(
            (arg) =>
              arg.startsWith('-') ||
              /^\/var\/(cache\/apk|lib\/apt\/lists)/.test(arg) ||
              arg.startsWith('/tmp/'),
          );
          if (name === 'rm' && !removesOnlyCaches)
            refuse(`runs "${words.join(' ')}", which the new image cannot run: the runtime needs a shell`);
        } else if (USER_COMMANDS.has(name)) {
          done.push(name);
        } else if (name === 'mkdir') {
          for (const dir of args.filter((arg) => !arg.startsWith('-'))) {
            const path = resolvePath(instruction.scope.workdir, dir);
            if (!dirs.some((staged) => staged.path === path)) dirs.push({ path });
          }
          done.push('mkdir');
        } else if (name === 'chown' || name === 'chmod') {
          const [value = '', ...targets] = args.filter((arg) => !arg.startsWith('-'));
          for (const target of targets) {
            const dir = dirs.find((staged) => staged.path === resolvePath(instruction.scope.workdir, target));
            if (dir && name === 'chown') dir.owner = value;
            else if (dir) dir.mode = value;
            else if (name === 'chown')
              refuse(`changes the owner of ${target}, which the converter cannot reproduce without a shell`);
            // chmod of a copied file (chmod +x /app): COPY --from keeps the builder's mode.
          }
          done.push(name);
        } else {
          refuse(
            `runs "${words.join(' ')}" in the runtime image; scratch has no shell to run it and the converter cannot reproduce its effect`,
          );
        }
      }
      // A step with a refusal stays: the file is refused anyway, and the report says why.
      if (findings.refusalCount > refusalsBefore) continue;
      findings.edit(instruction.lineSpan.start, instruction.lineSpan.end, '');
      findings.change(
        line,
        `removed RUN (${[...new Set(done)].join(', ') || 'nothing to keep'})`,
        'scratch has no shell or package manager; what it provided is added below',
      );
    }
    return { ...findings.output(), stagedDirs: dirs.map((dir) => ({ ...dir })) };
  },
};
