/**
 * GMC102: every go build and go install gets CGO_ENABLED=0 GOOS=linux, so
 * the binary is static whatever the builder image defaults to. Exec form
 * cannot set an environment, so it is refused. The assignments go where the
 * go command sees them: before `go`, before a wrapper such as `time` whose
 * program would run them as a command, and, for a build in a Makefile or a
 * script, before the RUN's make or script word (the converter never edits
 * those files). A cross-compiling wrapper (xx-go) sets GOOS itself: it only
 * gets CGO_ENABLED=0.
 */
import type { GoCommandFacts } from '../facts/facts.js';
import { findingsFor, ruleMeta, type FileRule } from './types.js';

const meta = ruleMeta({
  code: 'GMC102',
  name: 'StaticBuild',
  severity: ['refusal', 'change'],
  refusals: 'not-seen',
  what: 'sets `CGO_ENABLED=0 GOOS=linux` on every `go build` and `go install`, also behind `env`, `time`, a path to go, `sh -c`, and in the Makefile targets and build scripts a RUN runs (set before `make` or the script; xx-go gets only `CGO_ENABLED=0`)',
  why: 'the binary must be static whatever the builder image defaults to',
  example:
    '`RUN go build -o /app .` → `RUN CGO_ENABLED=0 GOOS=linux go build -o /app .`; `RUN make build` → `RUN CGO_ENABLED=0 GOOS=linux make build`',
});

/** The commands whose environment one insertion sets, and what they miss between them. */
interface Insertion {
  readonly commands: GoCommandFacts[];
  readonly missing: Set<string>;
}

export const staticBuildRule: FileRule = {
  meta,
  phase: 'file',
  check: (facts) => {
    const findings = findingsFor(meta);
    const insertions = new Map<number, Insertion>();
    for (const command of facts.goCommands) {
      if (command.verb === 'run') continue;
      const { line } = command.instruction;
      if (command.site.kind === 'exec') {
        findings.refuse(
          `line ${line} runs go in exec form, which cannot set its environment: use the shell form`,
          line,
        );
        continue;
      }
      const wanted = command.crossCompile ? ['CGO_ENABLED=0'] : ['CGO_ENABLED=0', 'GOOS=linux'];
      // A Makefile read with CGO_ENABLED=0 GOOS=linux that builds otherwise without them must get them,
      // even where a recipe sets one itself (`CGO_ENABLED=$(CGO)`, decided by `ifneq ($(CGO_ENABLED),0)`).
      const mustGive = command.site.kind === 'indirect' ? command.site.mustGive : undefined;
      const missing = mustGive
        ? wanted.filter((assignment) => mustGive.includes(assignment))
        : wanted.filter((assignment) => !command.assignments.has(assignment.split('=')[0] ?? ''));
      if (missing.length === 0) continue;
      // One make or script run can hold several builds: one insertion before it serves them all.
      const at = command.site.textOffset + command.site.envWord.start;
      const insertion = insertions.get(at) ?? { commands: [], missing: new Set<string>() };
      insertion.commands.push(command);
      for (const assignment of missing) insertion.missing.add(assignment);
      insertions.set(at, insertion);
    }
    for (const [at, { commands, missing }] of insertions) {
      const [first] = commands;
      if (!first) continue;
      const assignments = [...missing].join(' ');
      findings.edit(at, at, `${assignments} `);
      findings.change(first.instruction.line, `set ${assignments} on ${where(commands)}`, why(first));
    }
    return findings.output();
  },
};

function where(commands: readonly GoCommandFacts[]): string {
  const [first] = commands;
  if (first?.site.kind === 'exec') return `go ${first.verb}`;
  if (first?.site.kind !== 'indirect') return `${first?.site.goWord.value ?? 'go'} ${first?.verb ?? 'build'}`;
  // One recipe line that builds several binaries (a pattern rule) is one place.
  const places = [
    ...new Set(
      commands.map((command) =>
        command.site.kind === 'indirect' ? `${command.site.file}:${command.site.line}` : '',
      ),
    ),
  ];
  return `\`${first.site.invocation}\`, whose go ${first.verb} is at ${places.join(', ')} (the environment reaches it; the file is not edited)`;
}

function why(command: GoCommandFacts): string {
  const base =
    'a scratch image has no C library: the binary must be static, whatever the builder image defaults to';
  return command.crossCompile ? `${base}; xx-go sets GOOS and GOARCH from TARGETPLATFORM itself` : base;
}
