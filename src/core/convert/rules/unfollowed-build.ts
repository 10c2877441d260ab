/**
 * GMC006: a RUN builds through something the converter could not follow (a
 * Makefile or script that is not in the build context, a target the Makefile
 * does not have, a `-o` computed at build time, `go run build.go`). With no
 * other Go build in the file the conversion is refused with exactly what
 * could not be seen, rather than GMC003's "no Go build"; next to builds that
 * were found, a make or script that could not be followed is a warning, as it
 * may build a binary that ships without CGO_ENABLED=0.
 */
import { findingsFor, ruleMeta, type FileRule, type GateRule } from './types.js';

const meta = ruleMeta({
  code: 'GMC006',
  name: 'UnfollowedBuild',
  severity: ['refusal', 'warning'],
  refusals: 'not-seen',
  what: 'refuses a file whose only builds run through make, a script or `go run build.go` that cannot be followed (or that were read and build no Go), saying exactly what could not be seen; next to builds that were found, a warning',
  why: 'the converter must know every go build to make it static; it reads Makefiles and scripts from the build context but never guesses',
  example:
    '`RUN make release` with no target release in the Makefile: refused; `RUN ./build.sh` not in the context: refused',
});

export const unfollowedBuildRule: GateRule = {
  meta,
  phase: 'gate',
  check: (facts) => {
    if (facts.goCommands.length > 0) return undefined;
    const findings = findingsFor(meta);
    for (const { line, message } of facts.unfollowedBuilds) findings.refuse(message, line);
    return findings.refusedVerdict();
  },
};

/** Next to builds that were found: a make or script that could not be followed is a warning. */
export const unfollowedBuildWarningsRule: FileRule = {
  meta,
  phase: 'file',
  check: (facts) => {
    const findings = findingsFor(meta);
    for (const { line, via, message } of facts.unfollowedBuilds) {
      // `RUN go run ./gen` next to a go build is code generation, as a rule, and
      // a make target with no go build (`make generate`) builds nothing that ships: no warning.
      if (via === 'make' || via === 'script')
        findings.warn(`${message}; if it builds a binary that ships, that binary may not be static`, line);
    }
    return findings.output();
  },
};
