/**
 * What rules return: findings and planned edits, as data. A rule never
 * mutates anything shared; the orchestrator concatenates what the rules
 * return, in the declared order of the phases (see plan.ts).
 */
import type { ConvertibleFacts, Facts, InstructionFacts } from '../facts/facts.js';
import type { RuleCode } from './codes.js';

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

/** What becomes of one instruction of the stage that ships. */
export type Rewrite =
  { readonly kind: 'keep' } | { readonly kind: 'replace'; readonly text: string } | { readonly kind: 'drop' };

export const KEEP: Rewrite = { kind: 'keep' };

/** Gate rules decide whether the file is one to convert at all; the first verdict ends the run. */
export type GateVerdict =
  | { readonly kind: 'refused'; readonly refusals: readonly Finding[] }
  | { readonly kind: 'already-minimal'; readonly reason: string };

export interface GateRule {
  readonly code: RuleCode;
  readonly check: (facts: Facts) => GateVerdict | undefined;
}

/**
 * Planning rules run once over a convertible file. `Input` is what a rule
 * consumes from an earlier phase, given to it as data (void for none);
 * `Output` may carry data for a later phase next to the findings.
 */
export interface PlanRule<Output extends RuleOutput = RuleOutput, Input = void> {
  readonly code: RuleCode;
  readonly check: (facts: ConvertibleFacts, input: Input) => Output;
}

/** What an instruction rule plans for one instruction of the image that ships. */
export interface InstructionPlan extends RuleOutput {
  readonly rewrite: Rewrite;
}

/** Instruction rules run on each instruction of the image that ships whose keyword they name, in file order. */
export interface InstructionRule {
  readonly code: RuleCode;
  readonly keywords: readonly string[];
  readonly check: (instruction: InstructionFacts, facts: ConvertibleFacts) => InstructionPlan;
}

/**
 * Collects one rule's findings while it runs: local to one call of one rule,
 * so every entry carries that rule's code and nothing leaks between rules.
 */
export class Findings {
  private readonly refusals: Finding[] = [];
  private readonly warnings: Finding[] = [];
  private readonly changes: Change[] = [];
  private readonly edits: Edit[] = [];

  constructor(readonly code: RuleCode) {}

  refuse(message: string, line?: number): void {
    this.refusals.push({ code: this.code, ...(line === undefined ? {} : { line }), message });
  }

  warn(message: string, line?: number): void {
    this.warnings.push({ code: this.code, ...(line === undefined ? {} : { line }), message });
  }

  change(line: number, what: string, why: string): void {
    this.changes.push({ code: this.code, line, what, why });
  }

  edit(start: number, end: number, text: string): void {
    this.edits.push({ start, end, text });
  }

  get refusalCount(): number {
    return this.refusals.length;
  }

  output(): RuleOutput {
    return {
      refusals: [...this.refusals],
      warnings: [...this.warnings],
      changes: [...this.changes],
      edits: [...this.edits],
    };
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
