/**
 * The rules, in their phases. Each phase gets only facts and, where it
 * consumes an earlier phase, that phase's output as data (typed in the
 * rule's signature); no rule sees another's state. The order of the lists
 * below is the order of the report: refusals are listed in it (the first is
 * the summary reason), warnings in it, changes by line and then in it.
 */
import type { ConvertibleFacts, Facts, InstructionFacts } from './facts/facts.js';
import { alreadyMinimalRule } from './rules/already-minimal.js';
import type { RuleCode } from './rules/codes.js';
import { cgoRule } from './rules/cgo.js';
import { defaultUserRule } from './rules/default-user.js';
import { dynamicLinkRule } from './rules/dynamic-link.js';
import { execFormRule } from './rules/exec-form-start.js';
import { goRunRule } from './rules/go-run.js';
import { healthcheckRule } from './rules/healthcheck.js';
import { moduleModeRule } from './rules/module-mode.js';
import { noFromRule } from './rules/no-from.js';
import { noGoBuildRule } from './rules/no-go-build.js';
import { numericChownRule } from './rules/numeric-chown.js';
import { numericUserRule } from './rules/numeric-user.js';
import { runtimeBaseRule } from './rules/runtime-base.js';
import { runtimeRunRule } from './rules/runtime-run.js';
import { scratchFilesRule } from './rules/scratch-files.js';
import { shellRule } from './rules/shell.js';
import { singleStageSplitRule } from './rules/single-stage-split.js';
import { staticBuildRule } from './rules/static-build.js';
import { tzdataRule } from './rules/tzdata.js';
import { unfollowedBuildRule } from './rules/unfollowed-build.js';
import {
  concatOutputs,
  type GateRule,
  type GateVerdict,
  type InstructionPlan,
  type InstructionRule,
  type Rewrite,
  type RuleOutput,
} from './rules/types.js';
import { layoutRuntime } from './edits/runtime-layout.js';

/**
 * Phase 0, in order: the first verdict ends the run. Already minimal comes
 * before "no Go build": a scratch image of a prebuilt binary is minimal. A
 * build that could not be followed (GMC006) comes before "no Go build", so
 * the refusal says what could not be seen.
 */
export const GATE_RULES: readonly GateRule[] = [
  noFromRule,
  alreadyMinimalRule,
  unfollowedBuildRule,
  noGoBuildRule,
];

/** Phase 2: one rule per keyword of the image that ships. */
export const INSTRUCTION_RULES: readonly InstructionRule[] = [
  shellRule,
  numericChownRule,
  numericUserRule,
  healthcheckRule,
  execFormRule,
];

/** Every rule, for the docs and the specs; each code belongs to exactly one rule. */
export const ALL_RULES: ReadonlyArray<{ readonly code: RuleCode }> = [
  ...GATE_RULES,
  cgoRule,
  moduleModeRule,
  staticBuildRule,
  dynamicLinkRule,
  tzdataRule,
  goRunRule,
  singleStageSplitRule,
  runtimeBaseRule,
  runtimeRunRule,
  ...INSTRUCTION_RULES,
  defaultUserRule,
  scratchFilesRule,
];

export function runGate(facts: Facts): GateVerdict | undefined {
  for (const rule of GATE_RULES) {
    const verdict = rule.check(facts);
    if (verdict) return verdict;
  }
  return undefined;
}

/** Every planning rule over a convertible file, and the edits of the runtime layout. */
export function planConversion(facts: ConvertibleFacts): RuleOutput {
  // Phase 1: the file as a whole. runtimeRun also finds the folders the runtime creates, for scratchFiles.
  const split = singleStageSplitRule.check(facts);
  const runtimeRun = runtimeRunRule.check(facts);
  // Phase 2: the instructions of the image that ships, in file order.
  const instructionPlans = facts.layout.runtimeInstructions.flatMap((instruction) =>
    planInstruction(instruction, facts),
  );
  // Phase 3: what the image as a whole needs, from the earlier phases' data.
  const defaultUser = defaultUserRule.check(facts);
  const scratchFiles = scratchFilesRule.check(facts, { stagedDirs: runtimeRun.stagedDirs });
  // Phase 4: the runtime layout turns the runtime rules' plans into edits.
  const rewrites = new Map<number, Rewrite>(instructionPlans.map(({ index, plan }) => [index, plan.rewrite]));
  const layoutEdits = layoutRuntime(facts, {
    rewrites,
    newStageHead: split.newStageHead,
    userLine: defaultUser.userLine,
    runtimeCopies: scratchFiles.runtimeCopies,
  });
  return concatOutputs([
    cgoRule.check(facts),
    unfollowedBuildRule.warnings.check(facts),
    runtimeBaseRule.check(facts),
    split,
    // Before the static build: at one offset its go mod init comes before the CGO_ENABLED=0 of the build.
    moduleModeRule.check(facts),
    staticBuildRule.check(facts),
    dynamicLinkRule.check(facts),
    goRunRule.check(facts),
    runtimeRun,
    ...instructionPlans.map(({ plan }) => plan),
    defaultUser,
    tzdataRule.check(facts),
    scratchFiles,
    { refusals: [], warnings: [], changes: [], edits: layoutEdits },
  ]);
}

function planInstruction(
  instruction: InstructionFacts,
  facts: ConvertibleFacts,
): Array<{ index: number; plan: InstructionPlan }> {
  const rule = INSTRUCTION_RULES.find((candidate) => candidate.keywords.includes(instruction.keyword));
  return rule ? [{ index: instruction.index, plan: rule.check(instruction, facts) }] : [];
}
