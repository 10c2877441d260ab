/**
 * Reading a Makefile far enough to tell which go builds `make <target>`
 * runs (make-run.ts runs the targets): its rules and simple variables (`=`,
 * `:=`, `?=`, `+=`, `export`), and expansion as make expands. It is not make:
 * functions that read files or run commands (`$(shell ...)`, `$(wildcard
 * ...)`) are unknown parts (the text functions are computed),
 * conditionals (`ifeq`, `ifneq`, `ifdef`, `ifndef`, `else`: make-conditionals.ts) are evaluated as
 * make reads them, with the variables defined so far, make's environment and
 * its command line (one whose test holds an unknown part keeps every branch,
 * the later assignment winning).
 */
import { unknownPart } from './build-script.js';
import { conditionalLine, type Branch } from './make-conditionals.js';
import { callFunction, isKnownFunction } from './make-functions.js';

export interface Variable {
  /** Expanded already for `:=`; as written for `=` (expanded at use). */
  readonly value: string;
  readonly recursive: boolean;
  readonly exported: boolean;
  /** Set with `?=`: the environment wins over it. */
  readonly conditional: boolean;
  /** Set with the `override` directive: make's command line does not win over it. */
  readonly override?: boolean;
  /** As the Makefile wrote it, references unexpanded (the `+=` parts joined): what a command-line override keeps. */
  readonly written?: string;
}

export interface Rule {
  readonly prerequisites: string[];
  /** Recipe lines, with the file each is in (a Makefile or a file it includes). */
  readonly recipe: Array<{ text: string; line: number; file: string }>;
}

export interface Makefile {
  readonly variables: ReadonlyMap<string, Variable>;
  readonly rules: ReadonlyMap<string, Rule>;
  /** The first target that does not start with a dot: what plain `make` builds. */
  readonly defaultGoal: string | undefined;
  readonly exportAll: boolean;
  /**
   * Files an `include` names that could not be read (not in the build
   * context, or a name computed by make): a variable defined nowhere else may
   * be defined there, so it is an unknown part rather than empty.
   */
  readonly unreadIncludes: readonly string[];
  /** Targets with target-specific variables (`build: FLAGS += -x`), and where: their builds are not followed. */
  readonly targetVariables: ReadonlyMap<string, string>;
}

/** Reads a file a Makefile includes, by the name it gives; undefined when it is not in the build context. */
export type IncludeReader = (name: string) => { file: string; text: string } | undefined;

const DIRECTIVE = /^(vpath|unexport)\b/;
const INCLUDE = /^(-include|sinclude|include)\s+(.*)$/;
const ASSIGNMENT = /^(export\s+|override\s+)*([A-Za-z0-9_.-]+)\s*(\?=|::=|:=|\+=|!=|=)\s*(.*)$/s;
const EXPORT_ONLY = /^export\s+([A-Za-z0-9_.\s-]+)$/;

/** What make knows before it reads the Makefile, which its conditionals test. */
export interface MakeGiven {
  /** make's environment: the Dockerfile's ENV and ARG, and the command's assignments. */
  readonly env: ReadonlyMap<string, string>;
  /** `VAR=value` words on make's command line. */
  readonly overrides: ReadonlyMap<string, string>;
  /** Dockerfile ARGs with no default: a test of one the Makefile does not set cannot be evaluated. */
  readonly unset?: ReadonlySet<string>;
}

interface ParseState {
  readonly given: MakeGiven;
  readonly variables: Map<string, Variable>;
  readonly rules: Map<string, Rule>;
  readonly exported: Set<string>;
  readonly unreadIncludes: string[];
  /** Every file included so far: each is read once, however many files include it. */
  readonly included: Set<string>;
  /** Targets with target-specific variables, and where they are set. */
  readonly targetVariables: Map<string, string>;
  defaultGoal: string | undefined;
}

/** Far more included files than any real Makefile has; past it the rest are unread includes. */
const MAX_INCLUDED_FILES = 100;

export function parseMakefile(
  text: string,
  file = 'Makefile',
  include?: IncludeReader,
  given: MakeGiven = { env: new Map(), overrides: new Map() },
): Makefile {
  const state: ParseState = {
    given,
    variables: new Map(),
    rules: new Map(),
    exported: new Set(),
    unreadIncludes: [],
    included: new Set(),
    targetVariables: new Map(),
    defaultGoal: undefined,
  };
  parseInto(state, text, file, include, [file]);
  const { variables, rules, exported, defaultGoal, unreadIncludes } = state;
  for (const name of exported) {
    const variable = variables.get(name);
    if (variable) variables.set(name, { ...variable, exported: true });
  }
  return {
    variables,
    rules,
    defaultGoal,
    exportAll: rules.has('.EXPORT_ALL_VARIABLES'),
    unreadIncludes,
    targetVariables: state.targetVariables,
  };
}

function parseInto(
  state: ParseState,
  text: string,
  file: string,
  include: IncludeReader | undefined,
  /** The files being read, the outermost first: an include of one of them would loop. */
  chain: readonly string[],
): void {
  const { variables, rules, exported } = state;
  const unknownUndefined = () => state.unreadIncludes.length > 0;
  let current: Rule[] = [];
  // The conditionals open in this file (make requires each file to close its own).
  const branches: Branch[] = [];
  const reading = () => branches.every((branch) => branch.active);
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1;
    let raw = lines[i] ?? '';
    // Continuation lines: a recipe keeps them for the shell, the rest join them with a space.
    while (raw.endsWith('\\') && i + 1 < lines.length) raw = `${raw}\n${lines[++i] ?? ''}`;
    if (raw.startsWith('\t') && current.length > 0) {
      if (reading()) for (const rule of current) rule.recipe.push({ text: raw.slice(1), line, file });
      continue;
    }
    const joined = raw.replace(/\\\n\s*/g, ' ');
    const trimmed = joined.replace(/(^|[^\\])#.*$/, '$1').trim();
    if (trimmed === '') continue;
    if (conditionalLine(trimmed, branches, () => expandAsRead(state, unknownUndefined()))) continue;
    if (!reading()) {
      // A define in a branch not taken still ends at its endef.
      if (/^define\b/.test(trimmed)) while (i + 1 < lines.length && !/^\s*endef\b/.test(lines[++i] ?? ''));
      continue;
    }
    if (/^define\b/.test(trimmed)) {
      // A multi-line value: not read, so the variable is an unknown part rather than undefined.
      const defined = /^define\s+([A-Za-z0-9_.-]+)/.exec(trimmed)?.[1];
      if (defined !== undefined)
        variables.set(defined, {
          value: unknownPart(`the define of ${defined}`),
          recursive: false,
          exported: false,
          conditional: false,
        });
      while (i + 1 < lines.length && !/^\s*endef\b/.test(lines[++i] ?? ''));
      continue;
    }
    // $(eval ...) and $(call ...) at the top level define what cannot be told here: after one, a
    // variable defined nowhere is unknown, as after an include that could not be read.
    if (/^\$[({](eval|call)\s/.test(trimmed)) {
      state.unreadIncludes.push(`${trimmed.slice(0, 40)} (make evaluates it)`);
      continue;
    }
    if (/^\$[({](info|warning|error)\s/.test(trimmed)) continue;
    const included = INCLUDE.exec(trimmed);
    if (included) {
      const optional = included[1] !== 'include';
      for (const name of (included[2] ?? '').split(/\s+/).filter(Boolean)) {
        const found = /[$*?[]/.test(name) || chain.length > 5 ? undefined : include?.(name);
        if (found && chain.includes(found.file)) state.unreadIncludes.push(`${name} (it includes itself)`);
        // Read before by another path of a diamond: its assignments and rules are in already (make
        // would read it again, to the same effect but for a `+=` repeating its words).
        else if (found && state.included.has(found.file)) continue;
        else if (found && state.included.size >= MAX_INCLUDED_FILES)
          state.unreadIncludes.push(`${name} (more than ${MAX_INCLUDED_FILES} included files)`);
        else if (found) {
          state.included.add(found.file);
          parseInto(state, found.text, found.file, include, [...chain, found.file]);
        }
        // A missing -include is skipped by make too; a computed name may hold anything.
        else if (!optional || name.includes('$')) state.unreadIncludes.push(name);
      }
      current = [];
      continue;
    }
    if (DIRECTIVE.test(trimmed)) continue;
    const exportOnly = EXPORT_ONLY.exec(trimmed);
    if (exportOnly || trimmed === 'export') {
      for (const name of (exportOnly?.[1] ?? '').split(/\s+/).filter(Boolean)) exported.add(name);
      continue;
    }
    // A value keeps the blanks before a comment, as make keeps them (`X := yes # note` is "yes ").
    const assignment = ASSIGNMENT.exec(joined.replace(/(^|[^\\])#.*$/, '$1').replace(/^\s+/, ''));
    if (assignment) {
      const [, prefixes = '', name = '', operator = '', value = ''] = assignment;
      const isExported = prefixes.includes('export');
      if (isExported) exported.add(name);
      // `+=` to a variable the Makefile has not set appends to the environment's value.
      const fromEnvironment = state.given.env.get(name);
      if (operator === '+=' && !variables.has(name) && fromEnvironment !== undefined)
        variables.set(name, { value: fromEnvironment, recursive: false, exported: true, conditional: false });
      // The view is built only for an assignment that expands now (`:=`, `+=` to one).
      assignVariable(variables, name, operator, value, isExported, (part) =>
        expandAsRead(state, unknownUndefined())(part),
      );
      const assigned = variables.get(name);
      if (assigned) {
        // A value made in a branch that may or may not be taken is not the Makefile's text to keep.
        const uncertain = branches.some((branch) => branch.unknown);
        const { written, ...rest } = assigned;
        variables.set(name, {
          ...rest,
          ...(prefixes.includes('override') ? { override: true } : {}),
          ...(written === undefined || uncertain ? {} : { written }),
        });
      }
      current = [];
      continue;
    }
    const rule = /^([^:=]+?)\s*::?\s*(.*)$/s.exec(trimmed);
    if (!rule) {
      current = [];
      continue;
    }
    const [, targetText = '', after = ''] = rule;
    const [prerequisiteText = '', inline] = splitOnce(after, ';');
    const expand = (part: string) => expandMake(part, variables, undefined, 0, unknownUndefined());
    const targets = expand(targetText).split(/\s+/).filter(Boolean);
    // `build: FLAGS += -x` sets a variable for the target and what it runs: not followed, said so.
    if (ASSIGNMENT.test(prerequisiteText.trim())) {
      for (const target of targets) state.targetVariables.set(target, `${file}:${line}`);
      current = [];
      continue;
    }
    const prerequisites = expand(prerequisiteText)
      .split(/\s+/)
      // `|` starts order-only prerequisites; `NAME=value` is a target-specific variable.
      .filter((word) => word !== '' && word !== '|' && !word.includes('='));
    current = targets.map((target) => {
      const existing = rules.get(target);
      const entry: Rule = existing ?? { prerequisites: [], recipe: [] };
      entry.prerequisites.push(...prerequisites);
      if (inline !== undefined) entry.recipe.push({ text: inline, line, file });
      rules.set(target, entry);
      return entry;
    });
    state.defaultGoal ??= targets.find((target) => !target.startsWith('.') && !target.includes('%'));
  }
}

/**
 * How make expands a value while it reads the Makefile (a conditional's test, a `:=`): the
 * variables defined so far, over make's environment, under its command line,
 * as followMake orders them for a recipe. `$(value NAME)` gives a variable's
 * value as set, unexpanded, for ifdef.
 */
function expandAsRead(state: ParseState, unknownUndefined: boolean): (text: string) => string {
  const unset = state.given.unset ?? new Set<string>();
  // A value from the Dockerfile that still names a build arg with no default (`make FIPS=$FIPS`) is
  // whatever the build is given: unknown here.
  const fromDockerfile = (value: string) => {
    const arg = [...value.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].find((match) =>
      unset.has(match[1] ?? ''),
    );
    return arg ? unknownPart(`the build arg ${arg[1]}`) : value;
  };
  const variables = layeredVariables(state.given, state.variables, false, fromDockerfile);
  return (text) => {
    const valueOf = /^\$\(value ([A-Za-z0-9_.-]+)\)$/.exec(text);
    if (valueOf) {
      const variable = variables.get(valueOf[1] ?? '');
      if (variable) return variable.value;
      return unknownUndefined ? unknownPart(text) : '';
    }
    return expandMake(text, variables, undefined, 0, unknownUndefined);
  };
}

/**
 * The variables as make sees them: the environment, under the Makefile's own
 * (but for a `?=` the environment sets), under the command line; a build arg
 * with no default that neither sets (or only a `?=`) is an unknown part.
 * `fromDockerfile` reads an environment or command-line value.
 */
export function layeredVariables(
  given: MakeGiven,
  own: ReadonlyMap<string, Variable>,
  exportAll: boolean,
  fromDockerfile: (value: string) => string = (value) => value,
): Map<string, Variable> {
  const plain = (value: string): Variable => ({
    value: fromDockerfile(value),
    recursive: false,
    exported: true,
    conditional: false,
  });
  const variables = new Map<string, Variable>();
  for (const [name, value] of given.env) variables.set(name, plain(value));
  for (const [name, variable] of own) {
    // The environment wins over `?=` only.
    if (variable.conditional && given.env.has(name)) continue;
    variables.set(name, { ...variable, exported: variable.exported || given.env.has(name) || exportAll });
  }
  for (const [name, value] of given.overrides) variables.set(name, plain(value));
  for (const name of given.unset ?? [])
    if (!given.overrides.has(name) && (!own.has(name) || own.get(name)?.conditional))
      variables.set(name, { ...plain(''), value: unknownPart(`the build arg ${name}`) });
  return variables;
}

/**
 * One assignment. `expand` expands as make does while it reads the file:
 * with make's environment and command line too (`X := $(HOME)/bin`).
 */
function assignVariable(
  variables: Map<string, Variable>,
  name: string,
  operator: string,
  value: string,
  exported: boolean,
  expand: (text: string) => string,
): void {
  const existing = variables.get(name);
  if (operator === '?=' && existing) return;
  if (operator === '+=' && existing) {
    const added = existing.recursive ? value : expand(value);
    const unwritten: Variable = { ...existing };
    delete (unwritten as { written?: string }).written;
    variables.set(name, {
      ...unwritten,
      value: `${existing.value} ${added}`,
      exported: existing.exported || exported,
      // A simple variable's later references were expanded then: its text can be kept only without any.
      ...(existing.written === undefined || (!existing.recursive && value.includes('$'))
        ? {}
        : { written: `${existing.written} ${value}` }),
    });
    return;
  }
  const immediate = operator === ':=' || operator === '::=';
  variables.set(name, {
    value: operator === '!=' ? unknownPart(`$(shell ${value})`) : immediate ? expand(value) : value,
    recursive: !immediate && operator !== '!=',
    exported,
    conditional: operator === '?=',
    // `:=` expanded its references when it was read: written out again, make would expand them later,
    // perhaps to something else (`VERSION := 1.0` ... `VERSION := dev`); only one with none is kept.
    ...(operator === '!=' || (immediate && value.includes('$')) ? {} : { written: value }),
  });
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at === -1 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1).trim()];
}

/** Automatic variables of the rule being run. */
export interface Automatic {
  readonly target: string;
  readonly prerequisites: readonly string[];
  /** What `%` matched, for a pattern rule (`$*`). */
  readonly stem?: string;
}

/**
 * How much one expansion may produce, all nested references counted: a
 * Makefile whose variables each repeat the next ten times would otherwise
 * expand to 10^n characters. Real Makefiles expand to a few kilobytes.
 */
export const MAX_EXPANSION = 1_000_000;

interface ExpansionBudget {
  left: number;
}

/**
 * Make's expansion of `text`: `$(VAR)`, `${VAR}`, `$X`, `$$` and the
 * automatic `$@ $< $^`; `$(strip ...)` and the text functions of
 * make-functions.ts are computed, other functions are unknown
 * parts. An undefined variable is empty, as in make.
 */
export function expandMake(
  text: string,
  variables: ReadonlyMap<string, Variable>,
  automatic?: Automatic,
  depth = 0,
  unknownUndefined = false,
  budget: ExpansionBudget = { left: MAX_EXPANSION },
): string {
  if (depth > 10 || budget.left <= 0) return unknownPart(text);
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char !== '$') {
      out += char;
      continue;
    }
    const next = text[i + 1] ?? '';
    if (next === '$') {
      out += '$';
      i++;
    } else if (next === '(' || next === '{') {
      const end = matching(text, i + 1);
      const inner = text.slice(i + 2, end);
      out += reference(inner, text.slice(i, end + 1), variables, automatic, depth, unknownUndefined, budget);
      i = end;
    } else {
      out += reference(next, `$${next}`, variables, automatic, depth, unknownUndefined, budget);
      i++;
    }
  }
  budget.left -= out.length;
  return budget.left < 0 ? unknownPart(text) : out;
}

function matching(text: string, open: number): number {
  const opener = text[open];
  const closer = opener === '(' ? ')' : '}';
  let level = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === opener) level++;
    else if (text[i] === closer && --level === 0) return i;
  }
  return text.length - 1;
}

function reference(
  inner: string,
  whole: string,
  variables: ReadonlyMap<string, Variable>,
  automatic: Automatic | undefined,
  depth: number,
  unknownUndefined: boolean,
  budget: ExpansionBudget,
): string {
  budget.left--;
  if (inner === '@') return automatic?.target ?? unknownPart(whole);
  if (inner === '<') return automatic?.prerequisites[0] ?? '';
  if (inner === '^') return automatic?.prerequisites.join(' ') ?? '';
  if (inner === '*') return automatic?.stem ?? unknownPart(whole);
  if (inner.startsWith('strip '))
    return expandMake(inner.slice(6), variables, automatic, depth + 1, unknownUndefined, budget).trim();
  // `$(shell go env GOOS)`: the build runs on linux (and GMC102 sets GOOS=linux). GOARCH only when
  // the environment gives it: the builder's own architecture is the build machine's, not known here.
  // The shell sees make's exported variables only, and `GOOS ?= $(shell go env GOOS)` is the default
  // itself, not a value given.
  const goEnv = /^shell\s+go\s+env\s+(GOOS|GOARCH)\s*$/.exec(inner)?.[1];
  if (goEnv !== undefined) {
    const given = variables.get(goEnv);
    const value =
      given?.exported && !/\bgo\s+env\b/.test(given.value)
        ? expandMake(given.value, variables, automatic, depth + 1, unknownUndefined, budget)
        : undefined;
    return value || (goEnv === 'GOOS' ? 'linux' : unknownPart(whole));
  }
  // $(if ...), $(filter ...), $(patsubst ...) and the other text functions: computed as make does.
  if (isKnownFunction(inner))
    return (
      callFunction(inner, (text) =>
        expandMake(text, variables, automatic, depth + 1, unknownUndefined, budget),
      ) ?? unknownPart(whole)
    );
  // Another function call or a substitution reference: not followed.
  if (/\s/.test(inner) || inner.includes(':') || inner.includes('$')) return unknownPart(whole);
  const variable = variables.get(inner);
  if (!variable) return inner === 'MAKE' ? 'make' : unknownUndefined ? unknownPart(whole) : '';
  return variable.recursive
    ? expandMake(variable.value, variables, automatic, depth + 1, unknownUndefined, budget)
    : variable.value;
}
