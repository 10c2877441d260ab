/**
 * The rules, in their phases. Each phase gets only facts and, where it
 * consumes an earlier phase, that phase's output as data (typed in the
 * rule's signature); no rule sees another's state.
 *
 * RULES is the one list of rules: a new rule is its file, its spec and an
 * entry here. Its order is the order of the report: gates run in it (the
 * first verdict ends the run), refusals are listed in it (the first is the
 * summary reason), warnings in it, changes by line and then in it, and edits
 * at one offset are applied in it.
 */
import type { ConvertibleFacts, Facts, InstructionFacts } from './facts/facts.js';
import { isGoToolchainImage, isOtherProgramImage } from './facts/images.js';
import { alreadyMinimalRule } from './rules/already-minimal.js';
import { cgoRule } from './rules/cgo.js';
import { copyIntoFolderRule } from './rules/copy-into-folder.js';
import { defaultUserRule } from './rules/default-user.js';
import { dynamicLinkRule } from './rules/dynamic-link.js';
import { execFormRule } from './rules/exec-form-start.js';
import { goRunRule } from './rules/go-run.js';
import { healthcheckRule } from './rules/healthcheck.js';
import { minimalStageTargetRule } from './rules/minimal-stage-target.js';
import { moduleModeGateRule, moduleModeRule } from './rules/module-mode.js';
import { noFromRule } from './rules/no-from.js';
import { noGoBuildRule } from './rules/no-go-build.js';
import { notTextRule } from './rules/not-text.js';
import { prebuiltBinaryGateRule, prebuiltBinaryRule } from './rules/prebuilt-binary.js';
import { numericChownRule } from './rules/numeric-chown.js';
import { numericUserRule } from './rules/numeric-user.js';
import { runtimeBaseRule } from './rules/runtime-base.js';
import { runtimeRunRule, type StagedDir } from './rules/runtime-run.js';
import { scratchFilesRule } from './rules/scratch-files.js';
import { shellRule } from './rules/shell.js';
import { singleStageSplitRule } from './rules/single-stage-split.js';
import { staticBuildRule } from './rules/static-build.js';
import { tzdataRule } from './rules/tzdata.js';
import { unfollowedBuildRule, unfollowedBuildWarningsRule } from './rules/unfollowed-build.js';
import { unreadableContextRule } from './rules/unreadable-context.js';
import { buildContextRule } from './rules/build-context.js';
import {
  concatOutputs,
  type GateRule,
  type GateVerdict,
  type InstructionPlan,
  type Finding,
  type InstructionRule,
  KEEP,
  type NoticeRule,
  type Rewrite,
  type RuleCode,
  type Rule,
  type RuleOutput,
} from './rules/types.js';
import { layoutRuntime } from './edits/runtime-layout.js';

/**
 * Every rule, in the order of the report. Gates: already minimal comes
 * before "no Go build" (a scratch image of a prebuilt binary is minimal), and
 * so does a build that could not be followed (GMC006), so the refusal says
 * what could not be seen, and a prebuilt binary whose config says it is not
 * known static (GMC108). The module-mode rule comes before the static
 * build: at one offset its go mod init comes before the CGO_ENABLED=0 of the
 * build. The instruction rules' findings come, in file order, where the
 * first of them is listed. The notices (GMC007) come last: they hold
 * whatever becomes of the file, and follow a refusal's reasons.
 */
export const RULES: readonly Rule[] = [
  notTextRule,
  noFromRule,
  alreadyMinimalRule,
  moduleModeGateRule,
  unfollowedBuildRule,
  prebuiltBinaryGateRule,
  noGoBuildRule,
  cgoRule,
  unfollowedBuildWarningsRule,
  prebuiltBinaryRule,
  runtimeBaseRule,
  singleStageSplitRule,
  moduleModeRule,
  staticBuildRule,
  dynamicLinkRule,
  goRunRule,
  runtimeRunRule,
  shellRule,
  numericChownRule,
  copyIntoFolderRule,
  numericUserRule,
  healthcheckRule,
  execFormRule,
  defaultUserRule,
  tzdataRule,
  scratchFilesRule,
  unreadableContextRule,
  buildContextRule,
  minimalStageTargetRule,
];

const GATE_RULES = RULES.filter((rule): rule is GateRule => rule.phase === 'gate');
const INSTRUCTION_RULES = RULES.filter((rule): rule is InstructionRule => rule.phase === 'instruction');
const NOTICE_RULES = RULES.filter((rule): rule is NoticeRule => rule.phase === 'notice');

/** The instruction rules of each keyword, in the order of RULES. */
export function instructionRulesByKeyword(
  rules: readonly InstructionRule[],
): ReadonlyMap<string, readonly InstructionRule[]> {
  const byKeyword = new Map<string, InstructionRule[]>();
  for (const rule of rules)
    for (const keyword of rule.keywords) byKeyword.set(keyword, [...(byKeyword.get(keyword) ?? []), rule]);
  return byKeyword;
}

/**
 * One rewrite from those of every rule of an instruction: patches combine
 * (their edits never overlap), a whole rewrite (replace, drop) stands only
 * alone. Anything else is a bug in the rules, never a silently lost edit.
 */
export function combineRewrites(
  line: number,
  rewrites: ReadonlyArray<{ readonly code: RuleCode; readonly rewrite: Rewrite }>,
): Rewrite {
  const acting = rewrites.filter(({ rewrite }) => rewrite.kind !== 'keep');
  const [only] = acting;
  if (only === undefined) return KEEP;
  if (acting.length === 1) return only.rewrite;
  const codes = acting.map(({ code }) => code).join(' and ');
  const edits = acting
    .flatMap(({ rewrite }) => (rewrite.kind === 'patch' ? rewrite.edits : []))
    .sort((a, b) => a.start - b.start);
  if (acting.some(({ rewrite }) => rewrite.kind !== 'patch'))
    throw new Error(`internal error: ${codes} both rewrite line ${line}, and only patches combine`);
  if (edits.some((edit, index) => index > 0 && edit.start < (edits[index - 1]?.end ?? 0)))
    throw new Error(`internal error: ${codes} patch overlapping text of line ${line}`);
  return { kind: 'patch', edits };
}

const RULE_OF_KEYWORD = instructionRulesByKeyword(INSTRUCTION_RULES);

export function runGate(facts: Facts): GateVerdict | undefined {
  for (const rule of GATE_RULES) {
    const verdict = rule.check(facts);
    if (verdict) return verdict;
  }
  return undefined;
}

/**
 * The notices' warnings for a file left as it is, in the order of RULES: a
 * refused or already minimal result carries them (a converted one gets them
 * from planConversion).
 */
export function notices(facts: Facts): Finding[] {
  return NOTICE_RULES.flatMap((rule) => rule.check(facts, 'unchanged').warnings);
}

/** The rules whose refusals hold for the stage that ships whatever its build is: a refusal at the gate names theirs too. */
const RUNTIME_REASON_CODES: ReadonlySet<RuleCode> = new Set(
  [cgoRule, runtimeBaseRule, runtimeRunRule, execFormRule].map((rule) => rule.meta.code),
);
/**
 * Those of a single stage that builds (FROM a Go toolchain image, or through
 * a step not followed): which of its packages and steps the build needs
 * cannot be told, how it starts (a script) and cgo can.
 */
const SINGLE_STAGE_REASON_CODES: ReadonlySet<RuleCode> = new Set(
  [cgoRule, execFormRule].map((rule) => rule.meta.code),
);

/**
 * What else stands in the way of scratch when the gate refused a Go
 * Dockerfile (its build was not followed, or not found next to a Go
 * toolchain stage, or a prebuilt binary not known static): cgo, a runtime
 * base it does not know, runtime packages and steps, a script that starts the
 * container. Only for a multi-stage file or a prebuilt binary's, whose stage
 * that ships is known without its build.
 */
export function runtimeReasons(facts: Facts): Finding[] {
  const layout = facts.runtimeOnlyLayout;
  const goFile =
    facts.unfollowedBuilds.length > 0 ||
    facts.prebuilt !== undefined ||
    facts.stages.some((stage) => isGoToolchainImage(stage.image)) ||
    // One stage that builds nothing and ships a program: judged as the runtime it is, unless it is another language's.
    (facts.stages.length === 1 && !facts.stages.some((stage) => isOtherProgramImage(stage.image)));
  if (layout === undefined || !goFile) return [];
  const [only] = facts.stages;
  const builds =
    facts.stages.length === 1 &&
    (facts.unfollowedBuilds.length > 0 || (only !== undefined && isGoToolchainImage(only.image)));
  const codes = builds ? SINGLE_STAGE_REASON_CODES : RUNTIME_REASON_CODES;
  return planConversion({ ...facts, layout }).refusals.filter((finding) => codes.has(finding.code));
}

const REFUSALS_OF = new Map(RULES.map((rule) => [rule.meta.code, rule.meta.refusals] as const));

/**
 * Every reason of a refused file, in the order the user acts on them: what
 * makes scratch impossible for this image first, then what the converter
 * could not see; in the order of the rules within each, a reason that only
 * follows from another (Finding.secondary) after the rest of its kind.
 */
export function orderRefusals(refusals: readonly Finding[]): Finding[] {
  const rank = (finding: Finding) =>
    (REFUSALS_OF.get(finding.code) === 'scratch-impossible' ? 0 : 2) + (finding.secondary ? 1 : 0);
  return [...refusals]
    .sort((a, b) => rank(a) - rank(b))
    .map((finding) => {
      if (!finding.secondary) return finding;
      const { code, line, message } = finding;
      return { code, ...(line === undefined ? {} : { line }), message };
    });
}

/** The runtime's folders and the VOLUMEs the new user owns: a folder the runtime made and gave no owner gets it. */
function withOwnedDirs(staged: readonly StagedDir[], owned: readonly StagedDir[]): StagedDir[] {
  const made = staged.map((dir) => {
    const volume = owned.find((candidate) => candidate.path === dir.path);
    return volume && dir.owner === undefined && volume.owner !== undefined
      ? { ...dir, owner: volume.owner }
      : dir;
  });
  return [...made, ...owned.filter((dir) => !staged.some((candidate) => candidate.path === dir.path))];
}

/** Every planning rule over a convertible file, and the edits of the runtime layout. */
export function planConversion(facts: ConvertibleFacts): RuleOutput {
  // The wired rules, with the data they hand on. runtimeRun also finds the folders the runtime creates, for scratchFiles.
  const split = singleStageSplitRule.check(facts);
  const runtimeRun = runtimeRunRule.check(facts);
  // The instructions of the image that ships, in file order.
  const instructionPlans = facts.layout.runtimeInstructions.flatMap((instruction) =>
    planInstruction(instruction, facts),
  );
  // What the image as a whole needs, from the earlier phases' data.
  const defaultUser = defaultUserRule.check(facts);
  const tzdata = tzdataRule.check(facts);
  const scratchFiles = scratchFilesRule.check(facts, {
    stagedDirs: withOwnedDirs(runtimeRun.stagedDirs, defaultUser.ownedDirs),
    stagedLinks: runtimeRun.stagedLinks,
    stagedPackages: [...runtimeRun.stagedPackages, ...tzdata.stagedPackages],
    stagedWrites: runtimeRun.stagedWrites,
  });
  // The runtime layout turns the runtime rules' plans into edits.
  const rewrites = new Map<number, Rewrite>(instructionPlans.map(({ index, plan }) => [index, plan.rewrite]));
  const layoutEdits = layoutRuntime(facts, {
    rewrites,
    newStageHead: split.newStageHead,
    userLine: defaultUser.userLine,
    runtimeCopies: scratchFiles.runtimeCopies,
  });
  const wired = new Map<Rule, RuleOutput>([
    [singleStageSplitRule, split],
    [runtimeRunRule, runtimeRun],
    [defaultUserRule, defaultUser],
    [tzdataRule, tzdata],
    [scratchFilesRule, scratchFiles],
  ]);
  const outputs = RULES.flatMap((rule): RuleOutput[] => {
    if (rule.phase === 'file') return [rule.check(facts)];
    if (rule.phase === 'notice') return [rule.check(facts, 'converted')];
    if (rule.phase === 'instruction')
      return rule === INSTRUCTION_RULES[0] ? instructionPlans.map(({ plan }) => plan) : [];
    if (rule.phase !== 'wired') return [];
    const output = wired.get(rule);
    if (!output)
      throw new Error(`internal error: ${rule.meta.code} is a wired rule that planConversion does not run`);
    return [output];
  });
  return concatOutputs([...outputs, { refusals: [], warnings: [], changes: [], edits: layoutEdits }]);
}

/** Every rule of the instruction's keyword, their findings in the order of RULES and one rewrite. */
function planInstruction(
  instruction: InstructionFacts,
  facts: ConvertibleFacts,
): Array<{ index: number; plan: InstructionPlan }> {
  const rules = RULE_OF_KEYWORD.get(instruction.keyword) ?? [];
  if (rules.length === 0) return [];
  const plans = rules.map((rule) => ({ code: rule.meta.code, plan: rule.check(instruction, facts) }));
  const rewrite = combineRewrites(
    instruction.line,
    plans.map(({ code, plan }) => ({ code, rewrite: plan.rewrite })),
  );
  return [{ index: instruction.index, plan: { ...concatOutputs(plans.map(({ plan }) => plan)), rewrite } }];
}
