/**
 * GMC003: the converter only rewrites Dockerfiles that build a Go program,
 * or that ship a prebuilt one known static (GMC108). A prebuilt binary with
 * no build config to judge it by is refused here, saying so.
 */
import { named, prebuiltEvidence } from './prebuilt-binary.js';
import type { Facts } from '../facts/facts.js';
import { parentStage } from '../facts/origins.js';
import { findingsFor, ruleMeta, type GateRule, type GateVerdict } from './types.js';

const meta = ruleMeta({
  code: 'GMC003',
  name: 'NoGoBuild',
  severity: ['refusal'],
  refusals: 'scratch-impossible',
  what: 'refuses a file with no `go build`, `go install` or `go run`',
  why: 'the converter rewrites Dockerfiles that build a Go program, and only those',
  example: '`FROM node:20` + `RUN npm ci`: refused',
});

export const noGoBuildRule: GateRule = {
  meta,
  phase: 'gate',
  check: (facts) => {
    if (facts.goCommands.length > 0) return shipsNoBuild(facts);
    const evidence = prebuiltEvidence(facts);
    // A prebuilt binary known static (or in the context, which GMC207 reads) is converted; GMC108 refuses the rest.
    if (evidence !== undefined && evidence.kind !== 'no-config') return undefined;
    const findings = findingsFor(meta);
    const { prebuilt } = facts;
    // The binary leads: "no Go build found" alone reads as "this is not a Go program".
    findings.refuse(
      prebuilt
        ? `${named(prebuilt)} is a prebuilt binary, and this file has no Go build (no go build, go install or go run) that shows how it is made: a binary built elsewhere can be judged static only from its build config; put the .goreleaser.yaml (or .ko.yaml, .promu.yml) that builds it, with CGO_ENABLED=0, next to the Dockerfile or at the repository's root, or the binary itself, then rerun`
        : 'no Go build found (no go build, go install or go run): the converter only rewrites Dockerfiles that build a Go program',
      prebuilt?.copy.line,
    );
    return findings.refusedVerdict();
  },
};

/**
 * A Go build in the file, and a stage that ships none of it: it copies
 * nothing, starts nothing and is built on no stage of the file (`FROM alpine
 * AS release` left empty, with the work in a debug stage FROM it). Converting
 * it would ship a scratch image with no program in it.
 */
function shipsNoBuild(facts: Facts): GateVerdict | undefined {
  const { layout } = facts;
  if (layout?.kind !== 'multi-stage' || layout.prebuilt !== undefined) return undefined;
  const { stage } = layout;
  const holdsNothing =
    parentStage(facts.stages, stage) === undefined &&
    !stage.instructions.some((instruction) => instruction.kind === 'copy' || instruction.kind === 'start');
  if (!holdsNothing) return undefined;
  const findings = findingsFor(meta);
  findings.refuse(
    `the stage that ships${stage.name ? ` (${stage.name})` : ''}, line ${stage.from.line}, holds none of the file's Go builds: ` +
      'it copies nothing and starts nothing, so its image has no program; make the stage that copies the binary the one that ships (the last, or the one --target names), then rerun',
    stage.from.line,
  );
  return findings.refusedVerdict();
}
