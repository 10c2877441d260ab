/**
 * Questions at the terminal for the bin's Yeoman-free runners: the same
 * adapter Yeoman puts in front of a generator (@yeoman/adapter's
 * TerminalAdapter, over inquirer), so a question looks and answers exactly as
 * it does under yo. Loaded only when a question is about to be asked.
 */
import type { OverwritePrompter } from './core/ask-overwrite.js';

export interface TerminalPrompter extends OverwritePrompter {
  /** Lets go of stdin, so the process can exit. */
  close(): void;
}

export async function openTerminalPrompter(): Promise<TerminalPrompter> {
  const { TerminalAdapter } = await import('@yeoman/adapter');
  const adapter = new TerminalAdapter();
  return {
    prompt: <A extends Record<string, unknown>>(questions: unknown) =>
      adapter.prompt(questions as Parameters<typeof adapter.prompt>[0]) as Promise<A>,
    close: () => adapter.close(),
  };
}
