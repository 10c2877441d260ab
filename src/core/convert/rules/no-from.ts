/** GMC002: a file with no FROM is not a Dockerfile the converter can read. */
import { RuleCode } from './codes.js';
import type { GateRule } from './types.js';

export const noFromRule: GateRule = {
  code: RuleCode.NoFrom,
  check: (facts) =>
    facts.stages.length > 0
      ? undefined
      : {
          kind: 'refused',
          refusal: {
            code: RuleCode.NoFrom,
            message: 'there is no FROM instruction: this is not a Dockerfile the converter can read',
          },
        },
};
