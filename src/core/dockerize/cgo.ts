/**
 * Whether a main package needs cgo: an `import "C"` in a file its build
 * compiles (its own or a local package's it imports), or an import of a known
 * cgo module. Either way, a scratch image cannot run it: scratch has no C
 * library, and the templates build with CGO_ENABLED=0.
 */
import { constraintHolds, CONTAINER_TARGET } from '../go/build-constraints.js';
import {
  cgoModuleForImport,
  cgoModuleForRequirement,
  type CgoModule,
  type LinkedModules,
} from '../go/cgo-modules.js';
import type { Requirement } from '../go/go-mod.js';
import type { GoFile, GoPackage } from '../go/packages.js';

export interface SourceLocation {
  /** Relative to the inspected folder. */
  file: string;
  line: number;
}

export interface CgoUse {
  /** What was found, e.g. `import "C"` or `github.com/mattn/go-sqlite3`. */
  what: string;
  at: SourceLocation;
  library?: string;
  alternatives: readonly string[];
}

export interface CgoVerdict {
  /** True when the binary cannot be built with CGO_ENABLED=0. */
  required: boolean;
  uses: CgoUse[];
  /** Files that import "C" only under a `cgo` build tag: CGO_ENABLED=0 builds their pure-Go twin. */
  optional: SourceLocation[];
  /** Known cgo modules in go.mod that this main does not import itself (another main, or a dependency may). */
  notes: string[];
}

/** The main package and every package of the inspected modules it imports, directly or not. */
export function localClosure(main: GoPackage, packages: readonly GoPackage[]): GoPackage[] {
  const byPath = new Map(packages.map((pkg) => [pkg.importPath, pkg]));
  const seen = new Map<string, GoPackage>([[main.importPath, main]]);
  const pending = [main];
  for (let pkg = pending.pop(); pkg !== undefined; pkg = pending.pop()) {
    for (const file of pkg.files)
      for (const { path: imported } of file.imports) {
        const local = byPath.get(imported);
        if (local && !seen.has(imported)) {
          seen.set(imported, local);
          pending.push(local);
        }
      }
  }
  return [...seen.values()];
}

function importOfC(file: GoFile): SourceLocation | undefined {
  const found = file.imports.find((imported) => imported.path === 'C');
  return found ? { file: file.path, line: found.line } : undefined;
}

/**
 * `linked`: what go list -deps says the main package's build links, when it
 * ran. A `// indirect` cgo module is evidence unless that answer is complete
 * and names no package of it (the way convert decides it too).
 */
export function cgoVerdict(
  closure: readonly GoPackage[],
  requires: readonly Requirement[],
  linked?: LinkedModules,
): CgoVerdict {
  const uses: CgoUse[] = [];
  const optional: SourceLocation[] = [];
  const importedModules = new Set<CgoModule>();
  for (const file of closure.flatMap((pkg) => pkg.files)) {
    const importC = importOfC(file);
    if (importC) {
      // Built with cgo but not without it: the package has a pure-Go twin for CGO_ENABLED=0.
      const gatedOnCgo =
        file.constraint !== undefined &&
        !constraintHolds(file.constraint, { ...CONTAINER_TARGET, cgo: false });
      if (gatedOnCgo) optional.push(importC);
      else
        uses.push({
          what: 'import "C"',
          at: importC,
          alternatives: ['rewrite the C part in Go', 'a runtime image with a C library (see below)'],
        });
    }
    for (const imported of file.imports) {
      const known = cgoModuleForImport(imported.path);
      if (!known) continue;
      importedModules.add(known);
      uses.push({
        what: imported.path,
        at: { file: file.path, line: imported.line },
        library: known.library,
        alternatives: known.alternatives,
      });
    }
  }
  const notes: string[] = [];
  for (const requirement of requires) {
    const known = cgoModuleForRequirement(requirement.path);
    if (!known || importedModules.has(known)) continue;
    const at = { file: 'go.mod', line: requirement.line };
    if (requirement.indirect && linked?.complete && !linked.modules.has(requirement.path)) {
      // go list -deps saw every package this main compiles, and none is of this module: it is not linked.
      notes.push(
        `go.mod requires ${requirement.path} (cgo, ${known.library}) // indirect, but go list -deps finds no package of it in this main's build`,
      );
    } else if (requirement.indirect) {
      importedModules.add(known);
      uses.push({
        what: linked?.complete
          ? `${requirement.path} (// indirect: a dependency this main compiles uses it; go mod why -m ${requirement.path} says which)`
          : // A dependency may link it: without every dependency at hand, nothing says whether this main reaches it.
            `${requirement.path} (// indirect: a dependency may use it; the dependencies are not all in the module cache or vendor/, so go list -deps cannot tell: run go mod download (or go mod vendor), then rerun to decide)`,
        at,
        library: known.library,
        alternatives: known.alternatives,
      });
    } else {
      notes.push(
        `go.mod requires ${requirement.path} (cgo, ${known.library}), but this main package does not import it`,
      );
    }
  }
  return { required: uses.length > 0, uses, optional, notes };
}

/** The refusal, in words: what needs cgo, where, and what to do instead. */
export function cgoRefusal(verdict: CgoVerdict): string {
  const lines = verdict.uses.map((use) => {
    const library = use.library ? ` (links ${use.library})` : '';
    return `  ${use.at.file}:${use.at.line}: ${use.what}${library}\n    instead: ${use.alternatives.join('; or ')}`;
  });
  return [
    'This program needs cgo, and a FROM scratch image has no C library to run it:',
    ...lines,
    'Either do without cgo (the alternatives above; then rerun), or ship on a base with a C library',
    '(gcr.io/distroless/base-debian12, or alpine with the library installed) built with CGO_ENABLED=1:',
    'go-microcontainer builds every strategy with CGO_ENABLED=0, so it writes nothing for this program.',
  ].join('\n');
}
