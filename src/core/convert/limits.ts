/**
 * The conversion's budgets: how much input it takes on. Each is far above
 * what real Dockerfiles hold (a few KB, tens of instructions, a handful of
 * stages; the largest seen hold a few hundred instructions), and low enough
 * that the conversion of the largest file they admit answers in about a
 * second in well under 300 MB. A file beyond one is refused with GMC001
 * (the input as a whole is not one this tool takes on),
 * saying which limit and by how much, before the file is parsed: parsing and
 * the rules cost more than linear time in the number of instructions.
 */
import type { Finding } from './rules/types.js';

export const LIMITS = {
  lines: 100_000,
  lineLength: 64 * 1024,
  /** An instruction with its continuation lines. */
  instructionLength: 64 * 1024,
  /** All instructions together (comments and blank lines aside: they cost next to nothing). */
  instructionBytes: 256 * 1024,
  instructions: 1_000,
  stages: 100,
  goCommands: 1_000,
  edits: 2_000,
} as const;

const KEYWORD =
  /^\s*(?:FROM|RUN|CMD|LABEL|MAINTAINER|EXPOSE|ENV|ADD|COPY|ENTRYPOINT|VOLUME|USER|WORKDIR|ARG|ONBUILD|STOPSIGNAL|HEALTHCHECK|SHELL)(?:\s|$)/i;
const FROM = /^\s*FROM(?:\s|$)/i;
/** A `go` word that starts a command: after the line's start, a separator, `env`-style assignments aside. */
const GO_COMMAND = /(?:^|[\s;&|(`])go\s+[a-z]/g;

function tooLarge(message: string): Finding {
  return { code: 'GMC001', message };
}

/**
 * The first budget `text` (LF lines) is over, as a refusal; undefined when it
 * is within all. One pass over the lines, nothing parsed: a line that
 * continues (ends with the escape character) is part of the instruction
 * before it.
 */
export function overBudget(text: string): Finding | undefined {
  let lines = 0;
  let instructions = 0;
  let stages = 0;
  let goCommands = 0;
  let continued = false;
  let instructionStart = 0;
  let instructionLine = 0;
  let instructionBytes = 0;
  const escape = /^#\s*escape\s*=\s*`/im.test(text.slice(0, 4096)) ? '`' : '\\';
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    lines++;
    if (lines > LIMITS.lines)
      return tooLarge(
        `the file has more than ${LIMITS.lines.toLocaleString('en')} lines: too large for a Dockerfile`,
      );
    if (end - start > LIMITS.lineLength)
      return tooLarge(
        `line ${lines} is ${Math.round((end - start) / 1024)} KB long: too long for a Dockerfile (the limit is ${LIMITS.lineLength / 1024} KB a line)`,
      );
    const line = text.slice(start, end);
    const comment = /^\s*#/.test(line);
    if (!continued && !comment && KEYWORD.test(line)) {
      instructions++;
      instructionStart = start;
      instructionLine = lines;
      if (instructions > LIMITS.instructions)
        return tooLarge(
          `the file has more than ${LIMITS.instructions.toLocaleString('en')} instructions: more than a Dockerfile is taken to have`,
        );
      if (FROM.test(line) && ++stages > LIMITS.stages)
        return tooLarge(`the file has more than ${LIMITS.stages} stages (FROM)`);
    }
    if (continued && end - instructionStart > LIMITS.instructionLength)
      return tooLarge(
        `the instruction on line ${instructionLine} is over ${LIMITS.instructionLength / 1024} KB long with its continuation lines: too long for a Dockerfile`,
      );
    if (!comment) goCommands += line.match(GO_COMMAND)?.length ?? 0;
    if (!comment && line.trim() !== '') instructionBytes += line.length + 1;
    if (instructionBytes > LIMITS.instructionBytes)
      return tooLarge(
        `the instructions come to over ${LIMITS.instructionBytes / 1024} KB (comments aside): too large for a Dockerfile`,
      );
    // A comment line inside a continued instruction does not end it (Docker drops it).
    if (!comment) continued = line.trimEnd().endsWith(escape);
    start = end + 1;
  }
  if (goCommands > LIMITS.goCommands)
    return tooLarge(
      `the file runs ${goCommands.toLocaleString('en')} go commands: more than the ${LIMITS.goCommands.toLocaleString('en')} followed`,
    );
  return undefined;
}

/** A plan with more edits than LIMITS.edits, as a refusal. */
export function tooManyEdits(count: number): Finding | undefined {
  return count > LIMITS.edits
    ? tooLarge(
        `the conversion would make ${count.toLocaleString('en')} edits: more than ${LIMITS.edits.toLocaleString('en')}`,
      )
    : undefined;
}
