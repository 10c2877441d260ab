/**
 * GMC104: `go run` as the container's command becomes a build step, and the
 * image runs the compiled binary: go run compiles at every start and needs
 * the toolchain, which the new image does not have. `go build` or `go
 * install` as the container's command is refused: it builds at start.
 */
import { shellQuote } from '../shell/shell-words.js';
import { findingsFor, ruleMeta, type FileRule } from './types.js';

const meta = ruleMeta({
  code: 'GMC104',
  name: 'GoRun',
  severity: ['change', 'refusal'],
  refusals: 'not-seen',
  what: 'turns `go run` as the container command into a build step; refuses `go build` or `go install` as the container command',
  why: 'go run compiles at every start and needs the toolchain in the image, which the new image does not have',
  example:
    '`CMD go run .` → `RUN ... go build -o /go/bin/app .` + `CMD ["/go/bin/app"]`; `CMD go build .`: refused',
});

export const goRunRule: FileRule = {
  meta,
  phase: 'file',
  check: (facts) => {
    const findings = findingsFor(meta);
    // `CMD go build` builds when the container starts: the image that ships has no toolchain to do it.
    for (const command of facts.goCommands) {
      if (command.instruction.kind !== 'start' || command.verb === 'run') continue;
      const { line } = command.instruction;
      findings.refuse(
        `line ${line} starts the container with go ${command.verb}, which needs the Go toolchain the new image does not have: build in a RUN step and start the binary`,
        line,
      );
    }
    const { goRun } = facts.layout;
    if (!goRun) return findings.output();
    const output = goRun.output ?? '/go/bin/app';
    // The output path and packages come from the Dockerfile: each is quoted as one word.
    const packages = goRun.packages.length > 0 ? goRun.packages.map(shellQuote).join(' ') : '.';
    const tags = facts.tzdataFrom ? ' -tags timetzdata' : '';
    const at = goRun.instruction.lineSpan.start;
    findings.edit(
      at,
      at,
      `RUN CGO_ENABLED=0 GOOS=linux go build${tags} -o ${shellQuote(output)} ${packages}\n`,
    );
    findings.change(
      goRun.instruction.line,
      `replaced go run with a build step writing ${output}, and runs that binary`,
      'go run compiles at every start and needs the toolchain in the image; scratch has no toolchain',
    );
    return findings.output();
  },
};
