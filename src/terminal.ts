/**
 * Whether a generator can ask questions. Yeoman's terminal adapter reads from
 * stdin; when that is not a TTY (CI, pipes), a prompt would hang or fail, so
 * the generators fail fast instead. Test adapters have no stream and answer
 * prompts themselves.
 */
export function adapterCanPrompt(adapter: unknown): boolean {
  const actual = (adapter as { actualAdapter?: unknown }).actualAdapter ?? adapter;
  const stdin = (actual as { stdin?: { isTTY?: boolean } } | undefined)?.stdin;
  return stdin === undefined || stdin.isTTY === true;
}
