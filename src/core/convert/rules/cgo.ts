/**
 * GMC101: cgo is refused, with every piece of evidence found (cgo-evidence.ts):
 * scratch has no C library, so a cgo binary fails there with "no such file
 * or directory". A C toolchain installed in a builder, or -linkmode external,
 * is listed with the other evidence but is no refusal alone. What the build
 * context says that does not need cgo is said as a warning: files built only
 * with cgo on (their pure-Go twin is built instead), a known cgo module go.mod
 * requires but nothing imports, and a C toolchain nothing needs any more.
 */
import { cgoSigns } from '../cgo/cgo-evidence.js';
import type { ContextCgo } from '../cgo/context-cgo.js';
import { findingsFor, ruleMeta, type FileRule } from './types.js';

const meta = ruleMeta({
  code: 'GMC101',
  name: 'Cgo',
  severity: ['refusal', 'warning'],
  refusals: 'scratch-impossible',
  what: 'refuses cgo builds, naming every piece of evidence with its file and line: `import "C"` in a file a Linux build compiles (build constraints with the `-tags` of the go commands, `_GOOS` names, vendor/ and testdata/ skipped; `go list` decides when it runs offline), a known cgo module (go-sqlite3, librdkafka, libvips...), `CGO_ENABLED=1`, C libraries installed for the binary; a C toolchain or `-linkmode external` only with those',
  why: 'scratch has no C library: a cgo binary fails with "no such file or directory"',
  example:
    '`import "C"` in db.go, or go-sqlite3 imported: refused; `RUN apk add build-base` with pure Go: converted, with a warning; `//go:build cgo` with a `!cgo` twin: converted, with a warning',
});

const WHY =
  'a scratch image has no C library, so a cgo binary fails there with "no such file or directory". ' +
  'Keep a runtime with libc (distroless/base or alpine), or remove the C dependency (for SQLite, a pure-Go driver such as modernc.org/sqlite) and build with CGO_ENABLED=0.';

export const cgoRule: FileRule = {
  meta,
  phase: 'file',
  check: (facts) => {
    const findings = findingsFor(meta);
    const { needs, supporting, toolchainInstalls } = cgoSigns(facts);
    if (needs.length > 0) {
      needs.forEach((sign, index) =>
        findings.refuse(`cgo is needed: ${sign.message}${index === 0 ? `; ${WHY}` : ''}`, sign.line),
      );
      for (const sign of supporting) findings.refuse(`cgo, with the above: ${sign.message}`, sign.line);
      return findings.output();
    }
    const context = facts.contextCgo;
    for (const { line, packages } of toolchainInstalls)
      findings.warn(`installs ${packages.join(', ')}: ${noLongerNeeded(context)}`, line);
    for (const file of context.gated)
      findings.warn(
        `${file.file}:${file.line} (${file.what}) is built only with cgo on (a cgo build constraint): ` +
          (file.twin
            ? `the CGO_ENABLED=0 build leaves it out and compiles ${file.twin} instead`
            : 'the CGO_ENABLED=0 build leaves it out, and no file of its folder takes its place: the build may fail to compile'),
      );
    for (const module of context.unimported)
      findings.warn(
        `${module.file}:${module.line} ${module.what}: if a dependency uses it, it fails without cgo (go mod why -m says which)`,
      );
    return findings.output();
  },
};

function noLongerNeeded(context: ContextCgo): string {
  if (context.goFiles === 0)
    return (
      'the build context holds no Go file to check for cgo; the build is made static (CGO_ENABLED=0), ' +
      'so if the program it compiles needs cgo, the build or the program will fail'
    );
  const files = `${context.goFiles} Go file${context.goFiles === 1 ? '' : 's'}`;
  return (
    `no Go file the build compiles needs cgo (${files} checked), ` +
    'so the build is made static (CGO_ENABLED=0) and the Go build no longer needs them'
  );
}
