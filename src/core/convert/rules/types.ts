/**
 * What rules are and what they return: each rule file declares its RuleMeta
 * (code, severity, what, why, example) at the top, and returns findings and
 * planned edits as data. A rule never mutates anything shared; the
 * orchestrator concatenates what the rules return, in the order of the one
 * list of rules (RULES in plan.ts).
 */
import type { ConvertibleFacts, Facts, InstructionFacts } from '../facts/facts.js';

type Digit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9';

/**
 * A rule's code. Codes are stable: a code is never reused for another
 * meaning. GMC0xx are about the input as a whole, GMC1xx about the build
 * stages, GMC2xx about the stage that ships.
 */
export type RuleCode = `GMC${Digit}${Digit}${Digit}`;

/** The kinds of finding a rule can report: a refusal (the file is not converted), a warning, a change made. */
export type Severity = 'refusal' | 'warning' | 'change';

/**
 * What a rule is, declared at the top of its file: the README's rules table
 * is rendered from these (npm run docs:rules), so the docs cannot drift from
 * the code.
 */
export interface RuleMeta<S extends Severity = Severity> {
  readonly code: RuleCode;
  /** The code's name, PascalCase (`NoGoBuild` for GMC003): SARIF's rule name, and how the code reads in prose. */
  readonly name: string;
  /** The kinds of finding reported under this code; Findings refuses any other (an empty list: none). */
  readonly severity: readonly S[];
  /** What the rule does, in a few words. */
  readonly what: string;
  /** Why scratch (or distroless static) needs it. */
  readonly why: string;
  /** A small before and after, or what is refused. */
  readonly example: string;
  /**
   * What its refusals tell the user, which orders every reason of a refused
   * file: `scratch-impossible` (the image cannot be scratch as the program or
   * its runtime stands: not Go, cgo, runtime packages, a script) comes before
   * `not-seen` (what the converter could not see or follow: a build, a base
   * image, a file). Every rule that refuses declares it.
   */
  readonly refusals?: 'scratch-impossible' | 'not-seen';
}

/** A rule file's meta, its severities kept as literal types so its Findings offer only those kinds. */
export function ruleMeta<const S extends Severity = never>(meta: RuleMeta<S>): RuleMeta<S> {
  return meta;
}

/** A change the conversion made, at a 1-based line of the original file. */
export interface Change {
  code: RuleCode;
  line: number;
  what: string;
  why: string;
}

/** A warning or a refusal reason. `line` is 1-based, in the original file. */
export interface Finding {
  code: RuleCode;
  line?: number;
  message: string;
  /**
   * A reason that follows from another of its kind (bash, installed only for
   * the entrypoint script that needs it): listed after the others of its
   * kind. Only for ordering; orderRefusals leaves it out of the result.
   */
  secondary?: true;
}

/** Replace `start..end` of the original text with `text` (an insertion when start === end). */
export interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export interface RuleOutput {
  readonly refusals: readonly Finding[];
  readonly warnings: readonly Finding[];
  readonly changes: readonly Change[];
  readonly edits: readonly Edit[];
}

export const NO_OUTPUT: RuleOutput = { refusals: [], warnings: [], changes: [], edits: [] };

/**
 * What becomes of one instruction of the stage that ships: kept, replaced
 * whole, dropped, or patched (edits inside it, in file offsets). Several
 * rules may patch one instruction; a whole rewrite is one rule's alone.
 */
export type Rewrite =
  | { readonly kind: 'keep' }
  | { readonly kind: 'replace'; readonly text: string }
  | { readonly kind: 'drop' }
  | { readonly kind: 'patch'; readonly edits: readonly Edit[] };

export const KEEP: Rewrite = { kind: 'keep' };
export const DROP: Rewrite = { kind: 'drop' };

/** Gate rules decide whether the file is one to convert at all; the first verdict ends the run. */
export type GateVerdict =
  | { readonly kind: 'refused'; readonly refusals: readonly Finding[] }
  | { readonly kind: 'already-minimal'; readonly reason: string };

/** What an instruction rule plans for one instruction of the image that ships. */
export interface InstructionPlan extends RuleOutput {
  readonly rewrite: Rewrite;
}

/**
 * The rules, by the phase they run in (see RULES in plan.ts, the one list
 * of rules, in the order of the report).
 */
interface RuleBase {
  readonly meta: RuleMeta;
}

/** Phase 0, in list order: whether the file is one to convert at all; the first verdict ends the run. */
export interface GateRule extends RuleBase {
  readonly phase: 'gate';
  readonly check: (facts: Facts) => GateVerdict | undefined;
}

/** Phase 1: once over a convertible file; nothing in, findings and edits out. */
export interface FileRule extends RuleBase {
  readonly phase: 'file';
  readonly check: (facts: ConvertibleFacts) => RuleOutput;
}

/**
 * Also once over a convertible file, but it hands data to another phase or
 * takes data from one (`Input` is what it consumes, void for none; `Output`
 * carries data next to the findings): planConversion calls it by name with
 * that data. Its place in RULES is where its findings go in the report.
 */
export interface WiredRule<Output extends RuleOutput = RuleOutput, Input = void> extends RuleBase {
  readonly phase: 'wired';
  readonly check: (facts: ConvertibleFacts, input: Input) => Output;
}

/**
 * Phase 2: on each instruction of the image that ships whose keyword it
 * names, in file order. Every rule of a keyword runs; their rewrites of one
 * instruction combine when they are patches, and two rules that both want a
 * whole rewrite of it are an internal error (plan.ts).
 */
export interface InstructionRule extends RuleBase {
  readonly phase: 'instruction';
  readonly keywords: readonly string[];
  readonly check: (instruction: InstructionFacts, facts: ConvertibleFacts) => InstructionPlan;
}

/**
 * Which file a notice speaks of: the converted one (whose go builds the
 * conversion made static), or the file as it is (refused, already minimal).
 */
export type NoticeOutcome = 'converted' | 'unchanged';

/**
 * Once over every file the converter could read, whatever becomes of it
 * (converted, refused at the gate or by a rule, already minimal): warnings
 * that hold for the file that comes out, so a refusal carries them too,
 * after its reasons.
 */
export interface NoticeRule extends RuleBase {
  readonly phase: 'notice';
  readonly check: (facts: Facts, outcome: NoticeOutcome) => RuleOutput;
}

/** A check of the input file itself, made by the code that reads it (io/files.ts), with this rule's findings. */
export interface InputRule extends RuleBase {
  readonly phase: 'input';
}

export type Rule =
  GateRule | FileRule | WiredRule<RuleOutput, never> | InstructionRule | NoticeRule | InputRule;

/** The methods that report each kind of finding. */
type Reporters<S extends Severity> =
  | ('refusal' extends S ? never : 'refuse' | 'refusalCount' | 'refusedVerdict')
  | ('warning' extends S ? never : 'warn')
  | ('change' extends S ? never : 'change');

/** A rule's Findings, offering only the kinds its meta declares: reporting another kind does not compile. */
export type FindingsFor<S extends Severity> = Omit<Findings, Reporters<S>>;

/** The Findings type of a rule file's meta, for its helper functions: `findings: FindingsOf<typeof meta>`. */
export type FindingsOf<M> = M extends RuleMeta<infer S> ? FindingsFor<S> : never;

export function findingsFor<S extends Severity>(meta: RuleMeta<S>): FindingsFor<S> {
  return new Findings(meta);
}

/**
 * Collects one rule's findings while it runs: local to one call of one rule,
 * so every entry carries that rule's code and nothing leaks between rules. A
 * kind of finding the rule's meta does not declare is an internal error
 * (findingsFor makes it a compile error too).
 */
export class Findings {
  private readonly refusals: Finding[] = [];
  private readonly warnings: Finding[] = [];
  private readonly changes: Change[] = [];
  private readonly edits: Edit[] = [];

  constructor(readonly meta: RuleMeta) {}

  get code(): RuleCode {
    return this.meta.code;
  }

  refuse(message: string, line?: number, { secondary = false }: { secondary?: boolean } = {}): void {
    this.declared('refusal');
    this.refusals.push({
      code: this.code,
      ...(line === undefined ? {} : { line }),
      message,
      ...(secondary ? { secondary: true as const } : {}),
    });
  }

  warn(message: string, line?: number): void {
    this.declared('warning');
    this.warnings.push({ code: this.code, ...(line === undefined ? {} : { line }), message });
  }

  change(line: number, what: string, why: string): void {
    this.declared('change');
    this.changes.push({ code: this.code, line, what, why });
  }

  edit(start: number, end: number, text: string): void {
    this.edits.push({ start, end, text });
  }

  get refusalCount(): number {
    return this.refusals.length;
  }

  /** What the rule found, and the data it hands on (`extra`) after it. */
  output(): RuleOutput;
  output<Extra extends object>(extra: Extra): RuleOutput & Extra;
  output(extra: object = {}): RuleOutput {
    return {
      refusals: [...this.refusals],
      warnings: [...this.warnings],
      changes: [...this.changes],
      edits: [...this.edits],
      ...extra,
    };
  }

  /** An instruction rule's plan: what it found, and what becomes of the instruction (by default, it is kept). */
  plan(rewrite: Rewrite = KEEP): InstructionPlan {
    return this.output({ rewrite });
  }

  /** A gate's verdict: refused with the refusals found, or no verdict when there is none. */
  refusedVerdict(): GateVerdict | undefined {
    return this.refusals.length > 0 ? { kind: 'refused', refusals: [...this.refusals] } : undefined;
  }

  private declared(kind: Severity): void {
    if (!this.meta.severity.includes(kind))
      throw new Error(
        `internal error: ${this.code} reported a ${kind}, but its rule declares ${this.meta.severity.join(', ') || 'no finding'}`,
      );
  }
}

/** Outputs one after the other, in the order given. */
export function concatOutputs(outputs: readonly RuleOutput[]): RuleOutput {
  return {
    refusals: outputs.flatMap((output) => output.refusals),
    warnings: outputs.flatMap((output) => output.warnings),
    changes: outputs.flatMap((output) => output.changes),
    edits: outputs.flatMap((output) => output.edits),
  };
}
