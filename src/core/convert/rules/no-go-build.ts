/** GMC003: the converter only rewrites Dockerfiles that build a Go program. */
import { RuleCode } from './codes.js';
import type { GateRule } from './types.js';

export const noGoBuildRule: GateRule = {
  code: RuleCode.NoGoBuild,
  check: (facts) =>
    facts.goCommands.length > 0
      ? undefined
      : {
          kind: 'refused',
          refusal: {
            code: RuleCode.NoGoBuild,
            message:
              'no Go build found (no go build, go install or go run): the converter only rewrites Dockerfiles that build a Go program',
          },
        },
};
