/**
 * Running a read Makefile (makefile.ts) as `make <goals>` would, far enough
 * to tell which go builds it runs: the goals' prerequisites followed depth
 * first, recursive `$(MAKE) other` calls in the same folder, a target with no
 * rule of its own given a matching pattern rule (`bin/%: ...`, with `$*`) or
 * `.DEFAULT`, and each recipe line expanded as make expands it, then read as
 * shell (build-script.ts).
 */
import { scanShell, type Followed, type FoundGo } from './build-script.js';
import { patternStem } from './make-functions.js';
import {
  expandMake,
  layeredVariables,
  MAX_EXPANSION,
  type Automatic,
  type MakeGiven,
  type Makefile,
  type Rule,
} from './makefile.js';

/** A run of make: its environment, command line and build args with no default (MakeGiven), and what it builds where. */
export interface MakeRun extends MakeGiven {
  /** The Makefile's path in the build context, for messages. */
  readonly file: string;
  /** Targets on the command line; none for the default goal. */
  readonly goals: readonly string[];
  /** The folder make runs in, in the image (WORKDIR, or `-C dir`). */
  readonly cwd: string;
}

const MAX_TARGET_DEPTH = 100;

/** The go builds `make` runs for `run.goals`, in order, or why they cannot be told. */
export function followMake(makefile: Makefile, run: MakeRun): Followed {
  const variables = layeredVariables(run, makefile.variables, makefile.exportAll);
  const unknownUndefined = makefile.unreadIncludes.length > 0;
  const expand = (text: string, automatic?: Automatic) =>
    expandMake(text, variables, automatic, 0, unknownUndefined);
  const unread = unknownUndefined
    ? ` (it includes ${makefile.unreadIncludes.join(', ')}, which could not be read)`
    : '';
  const goals = run.goals.length > 0 ? run.goals : makefile.defaultGoal ? [makefile.defaultGoal] : [];
  if (goals.length === 0) return { ok: false, reason: `${run.file} has no target${unread}` };
  const builds: FoundGo[] = [];
  const done = new Set<string>();
  const visit = (target: string, requested: boolean, depth = 0): string | undefined => {
    if (done.has(target)) return undefined;
    done.add(target);
    // Real Makefiles nest a few targets deep; a chain this long is not followed (nor overflows the stack).
    if (depth > MAX_TARGET_DEPTH)
      return `${run.file}: prerequisites nest more than ${MAX_TARGET_DEPTH} targets deep (at ${target}); not followed`;
    const specific = makefile.targetVariables.get(target);
    if (specific !== undefined)
      return `${specific} sets variables for the target ${target} alone (target-specific variables), which the converter does not follow`;
    const found = ruleFor(makefile, target, requested);
    // A prerequisite with no rule is a file, such as main.go.
    if (!found) return requested ? `${run.file} has no target ${target}${unread}` : undefined;
    const { rule, stem } = found;
    for (const prerequisite of rule.prerequisites) {
      const problem = visit(prerequisite, false, depth + 1);
      if (problem) return problem;
    }
    const automatic = { target, prerequisites: rule.prerequisites, ...(stem === undefined ? {} : { stem }) };
    for (const { text, line, file } of rule.recipe) {
      const budget = { left: MAX_EXPANSION };
      const expanded = expandMake(text, variables, automatic, 0, unknownUndefined, budget).replace(
        /^[\s@+-]+/,
        '',
      );
      if (budget.left < 0)
        return `${file}:${line}: the recipe line expands to more than ${MAX_EXPANSION.toLocaleString('en')} characters; not followed`;
      for (const goal of recursiveGoals(expanded)) {
        const problem = visit(goal, true, depth + 1);
        if (problem) return problem;
      }
      const vars = new Map<string, string>();
      const exported = new Set<string>();
      for (const [name, variable] of variables) {
        if (!variable.exported) continue;
        vars.set(name, expand(variable.value));
        exported.add(name);
      }
      // A Makefile's own CGO_ENABLED wins over the environment it is given.
      const cgo = makefile.variables.get('CGO_ENABLED');
      if (cgo && !cgo.conditional && !run.overrides.has('CGO_ENABLED'))
        vars.set('CGO_ENABLED', expand(cgo.value));
      const referenced = new Map(
        [...text.matchAll(/\$[({]([A-Za-z0-9_.-]+)[)}]/g)].map((match) => {
          const name = match[1] ?? '';
          const variable = variables.get(name);
          const value = variable ? expand(variable.value, automatic) : '';
          // What the Makefile wrote; a value from the environment or the RUN's command line has none.
          const written = variable?.written;
          return [name, { value, ...(written === undefined ? {} : { written }) }] as const;
        }),
      );
      // One set with `override` cannot be overridden on the command line: as if it were written out.
      for (const name of referenced.keys())
        if (makefile.variables.get(name)?.override) referenced.delete(name);
      const recipe = { text, variables: referenced };
      builds.push(
        ...scanShell(expanded, file, line, { vars, exported, cwd: run.cwd }).map((build) => ({
          ...build,
          recipe,
        })),
      );
    }
    return undefined;
  };
  for (const goal of goals) {
    const problem = visit(goal, true);
    if (problem) return { ok: false, reason: problem };
  }
  return { ok: true, builds };
}

/**
 * The rule make runs for `target`: its own; for one with no rule, or a rule
 * with no recipe (not .PHONY), the pattern rule with a recipe whose target
 * pattern matches it with the shortest stem (`bin/%: ...`), `%` in its
 * prerequisites replaced by the stem; else, for a target make was asked
 * for and that has no rule, `.DEFAULT`'s recipe.
 */
function ruleFor(
  makefile: Makefile,
  target: string,
  requested: boolean,
): { rule: Rule; stem?: string } | undefined {
  const own = makefile.rules.get(target);
  if (own && own.recipe.length > 0) return { rule: own };
  // A rule with no recipe (`bin/app: main.go`) gets one from a pattern rule, as make searches for it,
  // but for a .PHONY target, which make never looks up an implicit rule for.
  const phony = makefile.rules.get('.PHONY')?.prerequisites.includes(target) ?? false;
  if (own && phony) return { rule: own };
  // Of the pattern rules that match, make runs the one with the shortest stem (the first of equals).
  let best: { rule: Rule; stem: string } | undefined;
  for (const [pattern, rule] of makefile.rules) {
    // A match-anything rule (`%: ...`) would claim every source file named as a prerequisite.
    if (!pattern.includes('%') || pattern === '%' || rule.recipe.length === 0) continue;
    const stem = patternStem(pattern, target);
    if (stem === undefined || stem === '' || (best && best.stem.length <= stem.length)) continue;
    best = { rule, stem };
  }
  if (best) {
    const { rule, stem } = best;
    const prerequisites = [
      ...(own?.prerequisites ?? []),
      ...rule.prerequisites.map((word) => word.replace('%', stem)),
    ];
    return { rule: { ...rule, prerequisites }, stem };
  }
  if (own) return { rule: own };
  const fallback = makefile.rules.get('.DEFAULT');
  return requested && fallback && fallback.recipe.length > 0 ? { rule: fallback } : undefined;
}

/** Targets of `make target` or `$(MAKE) target` run by a recipe line in the same folder and Makefile. */
function recursiveGoals(line: string): string[] {
  const goals: string[] = [];
  for (const match of line.matchAll(/(?:^|[;&|]\s*)make\s+([^;&|]*)/g)) {
    const words = (match[1] ?? '').split(/\s+/).filter(Boolean);
    if (words.some((word) => word.startsWith('-C') || word.startsWith('-f') || word.startsWith('--')))
      continue;
    goals.push(...words.filter((word) => !word.startsWith('-') && !word.includes('=')));
  }
  return goals;
}
