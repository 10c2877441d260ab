/**
 * Converts the Dockerfile of a Go program so that the image it ships is
 * `FROM scratch` (or distroless static), as a pure function: text in, new
 * text plus a report out, or a refusal with every reason found.
 *
 * It runs in three steps: a read-only facts pass over the parsed file
 * (collect-facts.ts), rules that each read facts and return findings and
 * planned edits as data (rules/, in the phases of plan.ts), and one apply
 * step over the original text (apply-edits.ts), so comments, blank lines,
 * the escape directive and everything no rule changes stay as they were.
 */
import { applyEdits } from './edits/apply-edits.js';
import { collectFacts, misreadLine } from './facts/collect-facts.js';
import { DockerfileModel } from './facts/dockerfile-model.js';
import { overBudget, tooManyEdits } from './limits.js';
import type { ConvertOptions, ConvertStrategy } from './options.js';
import { notices, orderRefusals, planConversion, runGate, runtimeReasons } from './plan.js';
import { noFromRule } from './rules/no-from.js';
import { noGoBuildRule } from './rules/no-go-build.js';
import type { Change, Finding } from './rules/types.js';

export type { Change, Finding } from './rules/types.js';
export type { RuleCode } from './rules/types.js';

export { CONVERT_STRATEGIES, type ConvertOptions, type ConvertStrategy } from './options.js';

/**
 * `declined` and `error` are never returned by the conversion itself: the
 * generator sets them when the user answers no to the overwrite question, or
 * when the file cannot be read or written.
 */
export type ConversionStatus = 'converted' | 'already-minimal' | 'refused' | 'declined' | 'error';

export interface ConversionResult {
  status: ConversionStatus;
  converted: boolean;
  strategy: ConvertStrategy;
  changes: Change[];
  warnings: Finding[];
  /** Every reason a refused file was refused, each with its rule's code. */
  refusals: Finding[];
  /** Why the file was refused (the first refusal) or left alone, in one line. */
  reason?: string;
  /** Machine-readable cause of an `error` (an ErrorCode); the status itself otherwise. */
  code?: string;
  /** The new Dockerfile text (LF line endings, no BOM), when converted. */
  output?: string;
}

export function convertDockerfile(text: string, options: ConvertOptions): ConversionResult {
  const { strategy } = options;
  const over = overBudget(text);
  if (over) return refused(strategy, [over]);
  const facts = collectFacts(text, options);
  const verdict = runGate(facts);
  // What holds whatever becomes of the file (GMC007) survives a refusal, after its reasons.
  const refusedWith = (refusals: Finding[]) => refused(strategy, refusals, notices(facts));
  if (verdict?.kind === 'refused') {
    const runtime = runtimeReasons(facts);
    // "No Go build found" with a runtime that scratch cannot be anyway: that runtime is what to change first.
    const gate = verdict.refusals.map((finding) =>
      finding.code === noGoBuildRule.meta.code && runtime.length > 0
        ? { ...finding, secondary: true as const }
        : finding,
    );
    return refusedWith(orderRefusals([...gate, ...runtime]));
  }
  if (verdict?.kind === 'already-minimal')
    return unconverted(strategy, 'already-minimal', { ...verdict, warnings: notices(facts) });
  const { layout } = facts;
  if (!layout) throw new Error('internal error: the gate let through a file with no stage or no Go build');

  const plan = planConversion({ ...facts, layout });
  if (plan.refusals.length > 0) return refusedWith(orderRefusals(plan.refusals));
  const tooMany = tooManyEdits(plan.edits.length);
  if (tooMany) return refusedWith([tooMany]);
  const output = applyEdits(text, plan.edits);
  // Never a file Docker reads differently from what was planned (a name that
  // reads as a here-document once written, say): refused, not written.
  const misread = misreadLine(new DockerfileModel(output));
  if (misread !== undefined) return refusedWith([...noFromRule.outputMisread(misread.line)]);
  return {
    status: 'converted',
    converted: true,
    strategy,
    // Stable: changes on one line stay in the order of the rules.
    changes: [...plan.changes].sort((a, b) => a.line - b.line),
    warnings: [...plan.warnings],
    refusals: [],
    output,
  };
}

/**
 * What the notices (GMC007) say of the file as it is: for a result refused
 * after the conversion (a file of the context it could not read), whose
 * converted warnings spoke of the converted file.
 */
export function unchangedNotices(text: string, options: ConvertOptions): Finding[] {
  if (overBudget(text)) return [];
  return notices(collectFacts(text, options));
}

/** A refused result; `reason` is the first refusal's message; `warnings`: what holds for the file anyway (GMC007). */
export function refused(
  strategy: ConvertStrategy,
  refusals: Finding[],
  warnings: Finding[] = [],
): ConversionResult {
  return unconverted(strategy, 'refused', { reason: refusals[0]?.message ?? 'refused', refusals, warnings });
}

/** A result that changes nothing: refused, already minimal, or an error (`code`: its ErrorCode). */
export function unconverted(
  strategy: ConvertStrategy,
  status: 'refused' | 'already-minimal' | 'error',
  details: {
    readonly reason: string;
    readonly refusals?: Finding[];
    readonly warnings?: Finding[];
    readonly code?: string;
  },
): ConversionResult {
  return {
    status,
    ...(details.code === undefined ? {} : { code: details.code }),
    converted: false,
    strategy,
    changes: [],
    warnings: details.warnings ?? [],
    refusals: details.refusals ?? [],
    reason: details.reason,
  };
}
