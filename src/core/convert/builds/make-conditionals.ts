/**
 * Make's conditional directives (`ifeq`, `ifneq`, `ifdef`, `ifndef`,
 * `else`, `else ifeq ...`, `endif`) as GNU make reads them: a stack of open
 * branches, each taken, not taken, or read whatever its test says when the
 * test holds a part not known here. makefile.ts reads a line only while
 * every open branch is active.
 */
import { unknownParts } from './build-script.js';

const CONDITIONAL = /^(ifeq|ifneq|ifdef|ifndef)\b\s*(.*)$/s;

/** One open conditional: whether the lines read now count, and whether a branch of it was taken. */
export interface Branch {
  /** The lines of this branch are read (as make reads them, or because the test is unknown). */
  active: boolean;
  /** A branch before this one was taken: the later ones are not. */
  taken: boolean;
  /** The test could not be evaluated: every branch is read. */
  readonly unknown: boolean;
  /** The enclosing branch is read. */
  readonly outer: boolean;
}

/**
 * Handles a conditional directive line (`ifeq`, `else ifdef`, `endif`, ...)
 * on the stack of open branches; false for any other line. `test` gives how
 * make would expand a value now; it is asked only when the enclosing
 * branches are read (a test inside a branch not taken is not evaluated).
 */
export function conditionalLine(
  trimmed: string,
  branches: Branch[],
  test: () => (text: string) => string,
): boolean {
  if (/^endif\b/.test(trimmed)) {
    branches.pop();
    return true;
  }
  const opened = CONDITIONAL.exec(trimmed);
  if (opened) {
    const outer = branches.every((branch) => branch.active);
    const held = outer ? conditionHolds(opened[1] ?? '', opened[2] ?? '', test()) : false;
    branches.push({
      active: outer && held !== false,
      taken: held === true,
      unknown: outer && held === undefined,
      outer,
    });
    return true;
  }
  const otherwise = /^else\b\s*(.*)$/s.exec(trimmed);
  if (!otherwise) return false;
  const branch = branches[branches.length - 1];
  if (!branch) return true;
  if (branch.unknown) {
    branch.active = branch.outer;
    return true;
  }
  const chained = CONDITIONAL.exec(otherwise[1] ?? '');
  if (branch.taken || !branch.outer) {
    branch.active = false;
    return true;
  }
  const held = chained ? conditionHolds(chained[1] ?? '', chained[2] ?? '', test()) : true;
  // An unknown `else if` after branches not taken: this one and the rest are all read.
  branch.active = held !== false;
  branch.taken = held === true;
  if (held === undefined) Object.assign(branch, { unknown: true });
  return true;
}

/**
 * Whether a conditional's test holds: true, false, or undefined when a
 * value it compares holds an unknown part (a `$(shell ...)`, a function).
 */
function conditionHolds(
  directive: string,
  argument: string,
  expand: (text: string) => string,
): boolean | undefined {
  if (directive === 'ifdef' || directive === 'ifndef') {
    // ifdef tests whether the variable has a value, without expanding it further.
    const name = expand(argument.trim());
    if (unknownParts(name).length > 0) return undefined;
    const defined = expand(`$(value ${name})`);
    if (unknownParts(defined).length > 0) return undefined;
    return (defined !== '') === (directive === 'ifdef');
  }
  const sides = comparedValues(argument);
  if (!sides) return undefined;
  const [left, right] = sides.map((side) => expand(side));
  if ([left, right].some((side) => unknownParts(side ?? '').length > 0)) return undefined;
  return (left === right) === (directive === 'ifeq');
}

/** The two sides of `(a,b)`, `"a" "b"` or `'a' 'b'`, as written; undefined for another shape. */
function comparedValues(argument: string): [string, string] | undefined {
  const text = argument.trim();
  if (text.startsWith('(') && text.endsWith(')')) {
    const inner = text.slice(1, -1);
    // The comma that separates them is the first one outside a reference.
    let level = 0;
    for (let i = 0; i < inner.length; i++) {
      const char = inner[i];
      if (char === '(' || char === '{') level++;
      else if (char === ')' || char === '}') level--;
      // make strips the blanks around the comma, not those after `(` or before `)`.
      else if (char === ',' && level === 0)
        return [inner.slice(0, i).trimEnd(), inner.slice(i + 1).trimStart()];
    }
    return undefined;
  }
  const quoted = /^(["'])(.*?)\1\s+(["'])(.*?)\3$/s.exec(text);
  return quoted ? [quoted[2] ?? '', quoted[4] ?? ''] : undefined;
}
