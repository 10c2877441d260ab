import { DockerfileParser, type Instruction } from 'dockerfile-ast';

export function parseDockerfile(contents: string) {
  return DockerfileParser.parse(contents);
}

/**
 * The shape of a Dockerfile without its values: one line per instruction with
 * its keyword, flags, argument count and variable references. Two renders
 * with the same shape differ only inside argument values.
 */
export function dockerfileShape(contents: string): string[] {
  return parseDockerfile(contents)
    .getInstructions()
    .map((instruction: Instruction) => {
      const flags =
        'getFlags' in instruction && typeof instruction.getFlags === 'function'
          ? (instruction.getFlags() as Array<{ getName(): string }>).map((flag) => flag.getName()).join(',')
          : '';
      const variables = instruction
        .getVariables()
        .map((variable) => variable.getName())
        .join(',');
      return `${instruction.getKeyword()} flags=[${flags}] args=${instruction.getArguments().length} vars=[${variables}]`;
    });
}
