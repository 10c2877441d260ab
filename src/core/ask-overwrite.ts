/**
 * The question before a file of the user's is replaced: yes, no, all, abort,
 * or show the diff first. Every command asks it; nothing is written until
 * every answer is in.
 */
import { ToolError } from './errors.js';

/** What asks the question: a Yeoman generator, or the bin's own terminal prompter. */
export interface OverwritePrompter {
  prompt<A extends Record<string, unknown>>(questions: unknown): Promise<A>;
}

export type OverwriteAnswer = 'yes' | 'no' | 'all';

export class OverwriteQuestion {
  private all = false;

  constructor(
    private readonly prompter: OverwritePrompter,
    private readonly print: (text: string) => void,
  ) {}

  /** Asks whether `shown` may go from `current` to `next`; "abort" throws an interrupted error. */
  async ask(shown: string, current: string, next: string): Promise<boolean> {
    if (this.all) return true;
    for (;;) {
      const { overwrite } = await this.prompter.prompt<{ overwrite: OverwriteAnswer | 'diff' | 'abort' }>({
        type: 'expand',
        name: 'overwrite',
        message: `Overwrite ${shown}?`,
        // Enter means yes, as in Yeoman's own question (Ynaxd).
        default: 'y',
        choices: [
          { key: 'y', name: 'overwrite', value: 'yes' },
          { key: 'n', name: 'do not overwrite', value: 'no' },
          { key: 'a', name: 'overwrite this and all the others', value: 'all' },
          { key: 'x', name: 'abort: write nothing at all', value: 'abort' },
          { key: 'd', name: 'show the changes', value: 'diff' },
        ],
      });
      if (overwrite === 'diff') {
        // Loaded only when asked for: a run that shows no diff never pays for it.
        const { createTwoFilesPatch } = await import('diff');
        this.print(createTwoFilesPatch(shown, shown, current, next, 'on disk', 'new'));
        continue;
      }
      if (overwrite === 'abort') throw new ToolError('aborted', 'aborted: nothing was written');
      if (overwrite === 'all') this.all = true;
      return overwrite !== 'no';
    }
  }
}
