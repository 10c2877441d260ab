/**
 * .yo-rc.json is the user's file: Yeoman parses it with no care for what a
 * person may have left there (an empty file, a cut-off edit, an array, a
 * nesting deep enough to overflow its recursive merge), and its failure
 * reached the user as "internal error … please report it". The text is
 * checked here first, and what is wrong with it said as a mistake in that file.
 */

/** Deeper than any generator's answers go; Yeoman's recursive merge overflows the stack long before JSON.parse does. */
export const MAX_CONFIG_DEPTH = 64;

/** What is wrong with the text of a .yo-rc.json, in words; undefined when Yeoman can read it. */
export function yoConfigProblem(text: string, section: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `is not valid JSON (${error instanceof Error ? error.message : String(error)})`;
  }
  if (!isObject(value))
    return `holds ${describe(value)}, where Yeoman keeps an object of generators' answers`;
  const own = value[section];
  if (own !== undefined && !isObject(own))
    return `holds ${describe(own)} under "${section}", where this generator keeps an object of answers`;
  if (depthOver(value, MAX_CONFIG_DEPTH)) return `nests deeper than ${MAX_CONFIG_DEPTH} levels`;
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** Whether arrays and objects nest deeper than `limit`, walked without recursion (the point is not to overflow). */
function depthOver(root: unknown, limit: number): boolean {
  const pending: { value: unknown; depth: number }[] = [{ value: root, depth: 1 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (typeof next.value !== 'object' || next.value === null) continue;
    if (next.depth > limit) return true;
    for (const child of Object.values(next.value)) pending.push({ value: child, depth: next.depth + 1 });
  }
  return false;
}
