/**
 * GMC006: a RUN builds through something the converter could not follow (a
 * Makefile or script that is not in the build context, a target the Makefile
 * does not have, a `-o` computed at build time, `go run build.go`). With no
 * other Go build in the file the conversion is refused with exactly what
 * could not be seen, rather than GMC003's "no Go build"; next to builds that
 * were found, a make or script that could not be followed is a warning, as it
 * may build a binary that ships without CGO_ENABLED=0.
 */
import { RuleCode } from './codes.js';
import { Findings, type GateRule, type PlanRule } from './types.js';

export const unfollowedBuildRule: GateRule & { readonly warnings: PlanRule } = {
  code: RuleCode.UnfollowedBuild,
  check: (facts) => {
    if (facts.goCommands.length > 0 || facts.unfollowedBuilds.length === 0) return undefined;
    return {
      kind: 'refused',
      refusals: facts.unfollowedBuilds.map(({ line, message }) => ({
        code: RuleCode.UnfollowedBuild,
        line,
        message,
      })),
    };
  },
  warnings: {
    code: RuleCode.UnfollowedBuild,
    check: (facts) => {
      const findings = new Findings(RuleCode.UnfollowedBuild);
      for (const { line, via, message } of facts.unfollowedBuilds) {
        // `RUN go run ./gen` next to a go build is code generation, as a rule, and
        // a make target with no go build (`make generate`) builds nothing that ships: no warning.
        if (via === 'make' || via === 'script')
          findings.warn(`${message}; if it builds a binary that ships, that binary may not be static`, line);
      }
      return findings.output();
    },
  },
};
