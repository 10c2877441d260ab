/**
 * Turning a shell-form command into exec form for an image with no shell:
 * one simple command, an absolute program path, variables resolved from the
 * Dockerfile. Shared by the CMD/ENTRYPOINT and HEALTHCHECK rules, which pass
 * their own findings so each entry carries the calling rule's code.
 */
import { resolvePath, substituteVariables } from '../facts/dockerfile-model.js';
import type { CommandFacts, InstructionFacts, Scope } from '../facts/facts.js';
import type { Findings } from '../rules/types.js';
import { commandWords, leadingAssignments, type ShellParse } from './shell-words.js';

const DEFAULT_PATH_DIRECTORY = '/usr/local/bin';

/** The words of the one simple command in `parse`, or undefined (and a refusal) when it needs a shell. */
export function singleCommandWords(
  parse: ShellParse,
  line: number,
  findings: Pick<Findings, 'refuse'>,
): string[] | undefined {
  const [command] = parse.commands;
  if (parse.unsupported.length > 0 || parse.commands.length !== 1 || !command) {
    findings.refuse(
      `line ${line} needs a shell to run (${parse.unsupported.join(', ') || 'several commands'}); scratch has none`,
      line,
    );
    return undefined;
  }
  if (leadingAssignments(command).size > 0) {
    findings.refuse(
      `line ${line} sets variables for its command, which needs a shell; use ENV instead`,
      line,
    );
    return undefined;
  }
  // `exec app`: the shell's exec is implied by exec form.
  return command.words
    .map((word) => word.value)
    .filter((word) => word !== 'exec' || command.words[0]?.value !== 'exec');
}

/**
 * Where the program is: as written when absolute, against WORKDIR when
 * relative, else the binary of that name, else what the PATH would find.
 * A CMD that only gives arguments to an ENTRYPOINT is left as it is.
 */
export function absoluteProgram(
  program: string,
  workdir: string,
  binaries: readonly string[],
  isEntrypointArgument: boolean,
): string {
  if (isEntrypointArgument || program.startsWith('/') || program === '') return program;
  if (program.includes('/')) return resolvePath(workdir, program);
  const onPath = binaries.find((binary) => binary.split('/').pop() === program);
  if (onPath) return onPath;
  const inWorkdir = binaries.find((binary) => binary === resolvePath(workdir, program));
  return inWorkdir ?? `${DEFAULT_PATH_DIRECTORY}/${program}`;
}

/**
 * `$VAR` of a shell-form word from the file's own ENV or ARG defaults (and
 * the base image's, such as the golang image's GOPATH), with a warning: exec
 * form does not expand it. A word that cannot be resolved is refused, as a
 * `$VAR` written into exec form reaches the program literally.
 */
export function resolveVariables(
  arg: string,
  scope: Scope,
  line: number,
  findings: Pick<Findings, 'refuse' | 'warn'>,
): string | undefined {
  if (!arg.includes('$')) return arg;
  const resolved = substituteVariables(arg, scope.env);
  if (resolved.includes('$')) {
    findings.refuse(
      `line ${line} uses ${arg}, which has no default in this Dockerfile; exec form does not expand variables, ` +
        'so it would reach the program literally: give it an ENV default, write the value, or have the program read the variable itself',
      line,
    );
    return undefined;
  }
  findings.warn(
    `${arg} was resolved to "${resolved}" from the Dockerfile; exec form does not expand variables, so docker run -e no longer changes it`,
    line,
  );
  return resolved;
}

/** Every word resolved, or undefined when one cannot be (each refusal reported). */
export function resolveAll(
  words: readonly string[],
  scope: Scope,
  line: number,
  findings: Pick<Findings, 'refuse' | 'warn'>,
): string[] | undefined {
  const resolved = words.map((word) => resolveVariables(word, scope, line, findings));
  return resolved.every((word) => word !== undefined) ? resolved : undefined;
}

/** `["a", "b"]`, spaced as people write it. */
export function execArray(words: readonly string[]): string {
  return `[${words.map((word) => JSON.stringify(word)).join(', ')}]`;
}

/**
 * Whether a start command's program is by its name a script (`*.sh`,
 * `docker-entrypoint`): scratch has no shell to run it.
 */
export function looksLikeScript(program: string): boolean {
  return /\.(sh|bash)$/.test(program) || /entrypoint/i.test(program.split('/').pop() ?? '');
}

/**
 * The instruction whose first word the container starts: the last ENTRYPOINT,
 * else the last CMD. `ENTRYPOINT []` clears the entrypoint, as Docker reads
 * it, so the CMD's first word is then the program.
 */
export function startCommand(instructions: readonly InstructionFacts[]): CommandFacts | undefined {
  const starts = instructions.filter(
    (instruction): instruction is CommandFacts => instruction.kind === 'start',
  );
  const entrypoint = starts.filter((instruction) => instruction.keyword === 'ENTRYPOINT').at(-1);
  if (entrypoint && !clearsEntrypoint(entrypoint)) return entrypoint;
  return starts.filter((instruction) => instruction.keyword === 'CMD').at(-1);
}

/** `ENTRYPOINT []`: no entrypoint, the CMD runs as the program. */
export function clearsEntrypoint(instruction: CommandFacts): boolean {
  return (
    instruction.keyword === 'ENTRYPOINT' &&
    instruction.form.kind === 'exec' &&
    instruction.form.words.length === 0
  );
}

/** The program the container starts, as written (see startCommand). */
export function startProgram(
  instructions: readonly InstructionFacts[],
): { readonly program: string; readonly start: CommandFacts } | undefined {
  const start = startCommand(instructions);
  if (start === undefined) return undefined;
  const { form } = start;
  const first = form.kind === 'shell' ? form.parse.commands[0] : undefined;
  const program = form.kind === 'exec' ? form.words[0] : first && commandWords(first)[0]?.value;
  return program === undefined || program === '' ? undefined : { program, start };
}
