/**
 * The runtime layout: turns what the runtime rules planned for the image
 * that ships (a rewrite per instruction, the default USER line, the COPY
 * lines of what scratch lacks) into edits. A multi-stage build is edited in
 * place; a single-stage build gets a new stage appended at the end of the
 * file, holding those instructions in their order.
 */
import type { ConvertibleFacts } from '../facts/facts.js';
import type { Edit, Rewrite } from '../rules/types.js';

export interface RuntimePlan {
  /** By instruction index; an instruction with none is kept as it is. */
  readonly rewrites: ReadonlyMap<number, Rewrite>;
  /** The new stage's first lines (single-stage builds only). */
  readonly newStageHead: readonly string[];
  readonly userLine: string | undefined;
  readonly runtimeCopies: readonly string[];
}

export function layoutRuntime(facts: ConvertibleFacts, plan: RuntimePlan): Edit[] {
  const { layout, text } = facts;
  const rewriteOf = (index: number): Rewrite => plan.rewrites.get(index) ?? { kind: 'keep' };
  const firstCommand = layout.runtimeInstructions.find((instruction) => instruction.kind === 'start');
  const edits: Edit[] = [];

  if (layout.kind === 'multi-stage') {
    for (const instruction of layout.runtimeInstructions) {
      const rewrite = rewriteOf(instruction.index);
      if (rewrite.kind === 'replace') edits.push({ ...instruction.range, text: rewrite.text });
      else if (rewrite.kind === 'drop') edits.push({ ...instruction.lineSpan, text: '' });
      else if (rewrite.kind === 'patch') edits.push(...rewrite.edits);
    }
    if (plan.userLine !== undefined) {
      // At the end of a file without a final newline, the line needs one before it too.
      const at = firstCommand ? startOfCommentsAbove(text, firstCommand.lineSpan.start) : text.length;
      const before = at > 0 && text[at - 1] !== '\n' ? '\n' : '';
      edits.push({ start: at, end: at, text: `${before}${plan.userLine}\n` });
    }
    if (plan.runtimeCopies.length > 0) {
      const at = layout.stage.from.range.end;
      edits.push({ start: at, end: at, text: `\n${plan.runtimeCopies.join('\n')}` });
    }
    return edits;
  }

  const lines = [...plan.newStageHead];
  for (const instruction of layout.runtimeInstructions) {
    const rewrite = rewriteOf(instruction.index);
    if (rewrite.kind === 'keep') lines.push(instruction.text);
    else if (rewrite.kind === 'replace') lines.push(rewrite.text);
    else if (rewrite.kind === 'patch')
      lines.push(patched(instruction.text, instruction.range.start, rewrite.edits));
  }
  if (plan.userLine !== undefined) {
    const commandIndex = lines.findIndex((line) => /^(CMD|ENTRYPOINT)\b/.test(line));
    lines.splice(commandIndex === -1 ? lines.length : commandIndex, 0, plan.userLine);
  }
  const fromIndex = lines.findIndex((line) => line.startsWith('FROM '));
  lines.splice(fromIndex + 1, 0, ...plan.runtimeCopies);
  const separator = text.endsWith('\n') ? '' : '\n';
  edits.push({ start: text.length, end: text.length, text: `${separator}${lines.join('\n')}\n` });
  return edits;
}

/**
 * Where the comment lines written just above a line begin: a comment such
 * as `# start the server` belongs to the CMD below it, so a line inserted
 * before that CMD goes above its comment.
 */
export function startOfCommentsAbove(text: string, lineStart: number): number {
  let start = lineStart;
  while (start > 0) {
    const previousStart = text.lastIndexOf('\n', start - 2) + 1;
    if (!text.slice(previousStart, start).trimStart().startsWith('#')) break;
    start = previousStart;
  }
  return start;
}

/** An instruction's text (which starts at `start` in the file) with its patches applied, last first. */
function patched(text: string, start: number, edits: readonly Edit[]): string {
  return [...edits]
    .sort((a, b) => b.start - a.start)
    .reduce((out, edit) => out.slice(0, edit.start - start) + edit.text + out.slice(edit.end - start), text);
}
