/**
 * GMC008: which folder the converter read as the build context. Docker
 * reads the context from wherever `docker build` names it, and a Dockerfile
 * in a subfolder (build/package/Dockerfile, cmd/app/Dockerfile) is usually
 * built from the repository's root: its COPY sources (go.mod, the Makefile)
 * are there, not next to it. Reading the wrong folder would mean a false
 * "no go.mod" (and a `go mod init` that fails at build time), a cgo scan of
 * the wrong files, and Makefiles "not in the build context". io/build-context.ts
 * finds the folder; this rule says what was read, and warns when the go.mod
 * the Dockerfile copies is nowhere to be read (module-mode then plans no
 * `go mod init`: the COPY shows the build has a go.mod).
 */
import { shellQuote } from '../shell/shell-words.js';
import { findingsFor, ruleMeta, type Finding, type InputRule } from './types.js';

const meta = ruleMeta({
  code: 'GMC008',
  name: 'BuildContext',
  severity: ['refusal', 'warning'],
  refusals: 'not-seen',
  what: "reads the build context from the folder above a Dockerfile (up to the repository's root) that holds the files its COPY and ADD name, when the Dockerfile's own folder does not, and says so; warns when the go.mod the file copies is in neither",
  why: 'a Dockerfile in a subfolder is built from the repository root; judged from its own folder, the go.mod, Go files and Makefiles it copies would be read as absent',
  example: '`build/package/Dockerfile` with `COPY go.* ./`: the context is read from `../..`, with a warning',
});

/** A source the Dockerfile copies from the build context, with its line. */
export interface ContextSource {
  readonly source: string;
  readonly line: number;
}

export const buildContextRule: InputRule & {
  /** The context read from `relative` (the folder above, as the report names it from the working folder), where `sources` are. */
  readonly readAbove: (relative: string, dockerfile: string, sources: readonly ContextSource[]) => Finding;
  /** go.mod, which `copy` names, is in no folder the converter looked in: judged from the Dockerfile alone. */
  readonly goModMissing: (copy: ContextSource, looked: readonly string[]) => Finding;
} = {
  meta,
  phase: 'input',
  readAbove: (relative, dockerfile, sources) => {
    const findings = findingsFor(meta);
    const named = sources.map(({ source, line }) => `${source} (line ${line})`).join(', ');
    findings.warn(
      `read the build context from ${relative}, the folder above the Dockerfile that holds what it copies (${named}), ` +
        `not the Dockerfile's own folder: build it from there (${relative === '.' ? '' : `cd ${shellQuote(relative)} && `}docker build -f ${shellQuote(dockerfile)} .)`,
      sources[0]?.line,
    );
    return only(findings.output().warnings);
  },
  goModMissing: (copy, looked) => {
    const findings = findingsFor(meta);
    findings.warn(
      `line ${copy.line} copies ${copy.source} from the build context, and no go.mod is in ${looked.join(' or ')}: ` +
        'the converter did not read the build context this Dockerfile is built from (its Go files for cgo, its Makefiles), ' +
        'and judged it from the Dockerfile alone; convert it where that context is, inside its repository, to have it read',
      copy.line,
    );
    return only(findings.output().warnings);
  },
};

function only(findings: readonly Finding[]): Finding {
  const [finding] = findings;
  if (finding === undefined) throw new Error('internal error: a GMC008 finding was not made');
  return finding;
}
