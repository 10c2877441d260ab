/** GMC004: a final stage on scratch or a static image already ships no shell and no C library. */
import { isMinimalImage } from '../images.js';
import { RuleCode } from './codes.js';
import type { GateRule } from './types.js';

export const alreadyMinimalRule: GateRule = {
  code: RuleCode.AlreadyMinimal,
  check: (facts) => {
    const final = facts.stages[facts.stages.length - 1];
    if (!final || !isMinimalImage(final.image)) return undefined;
    return { kind: 'already-minimal', reason: `the image already ships ${final.image}: nothing to convert` };
  },
};
