/**
 * What the Go sources of a build context say about cgo, decided from the
 * files a Linux build compiles (not every .go file): an `import "C"`, an
 * import of a known cgo module, or a known cgo module a dependency needs
 * (`// indirect` in go.mod). Pure: the files come read and parsed from
 * context-scan.ts. The verdicts follow dockerize's (dockerize/cgo.ts), so
 * both commands judge one program alike.
 */
import { constraintHolds, CONTAINER_TARGET, fileNameMatches } from '../../go/build-constraints.js';
import {
  cgoModuleForImport,
  cgoModuleForRequirement,
  type CgoModule,
  type LinkedModules,
} from '../../go/cgo-modules.js';
import type { Requirement } from '../../go/go-mod.js';
import type { GoSource } from '../../go/go-source.js';

/** One piece of evidence in the build context, at `file:line` (relative to the context, `/` separators). */
export interface CgoEvidence {
  readonly file: string;
  readonly line: number;
  readonly what: string;
  /** What to use instead, for a known cgo module. */
  readonly instead?: readonly string[];
}

/** A file built only when cgo is on that uses cgo: with CGO_ENABLED=0 Go leaves it out. */
export interface GatedCgoFile {
  readonly file: string;
  readonly line: number;
  /** `import "C"`, or the import of a known cgo module. */
  readonly what: string;
  /** A file of the same folder built only when cgo is off: the pure-Go version. */
  readonly twin: string | undefined;
}

/** A file that uses cgo, left out unless a custom build tag is given (`//go:build sqlite`). */
export interface TaggedCgoFile {
  readonly file: string;
  readonly line: number;
  readonly what: string;
  readonly constraint: string;
}

export interface ContextCgo {
  /** What makes the program need cgo: each one alone is a refusal. */
  readonly uses: readonly CgoEvidence[];
  readonly gated: readonly GatedCgoFile[];
  /** Decided with the Dockerfile's `-tags` (cgo-evidence.ts). */
  readonly tagged: readonly TaggedCgoFile[];
  /** A known cgo module go.mod requires directly but no compiled file imports, or `// indirect` and go list -deps shows it unlinked. */
  readonly unimported: readonly CgoEvidence[];
  /** How many Go files a Linux build compiles were looked at. */
  readonly goFiles: number;
  /** How the compiled files were told apart: the toolchain's go list, or build constraints read here. */
  readonly via: 'go list' | 'file scan';
}

export const NO_CONTEXT_CGO: ContextCgo = {
  uses: [],
  gated: [],
  tagged: [],
  unimported: [],
  goFiles: 0,
  via: 'file scan',
};

export interface ScannedFile extends GoSource {
  /** Relative to the context, `/` separators. */
  readonly path: string;
  /** The file's name, for its `_GOOS`/`_GOARCH` suffix. */
  readonly name: string;
}

/** One folder's non-test Go files, and which of them a Linux build compiles. */
export interface ScannedFolder {
  readonly all: readonly ScannedFile[];
  readonly built: readonly ScannedFile[];
}

export interface ScannedGoMod {
  /** Relative to the context: `go.mod`, `api/go.mod`. */
  readonly file: string;
  readonly requires: readonly Requirement[];
}

const NO_CGO = { ...CONTAINER_TARGET, cgo: false };

/** A dependency with an `import "C"` that is not behind a cgo constraint, at `file:line` as shown. */
export interface DependencyCgo {
  readonly importPath: string;
  readonly file: string;
  readonly line: number;
}

/** Whether a file is compiled with cgo on but left out with it off: a `cgo` constraint. */
export function gatedOnCgo(file: GoSource): boolean {
  return file.constraint !== undefined && !constraintHolds(file.constraint, NO_CGO);
}

/** The file of the folder that only a build with cgo off compiles (`//go:build !cgo`). */
function twinOf(folder: ScannedFolder): string | undefined {
  return folder.all.find(
    (file) =>
      file.constraint !== undefined &&
      !/^[_.]/.test(file.name) &&
      fileNameMatches(file.name, CONTAINER_TARGET) &&
      constraintHolds(file.constraint, NO_CGO) &&
      !constraintHolds(file.constraint, CONTAINER_TARGET),
  )?.path;
}

/** The modules whose packages the build compiles, as go list -deps found them; `complete` when it found all. */
export function contextCgo(
  folders: readonly ScannedFolder[],
  goMods: readonly ScannedGoMod[],
  via: ContextCgo['via'],
  dependencies: readonly DependencyCgo[] = [],
  /** From go list -deps: which modules the build links, when it could tell. */
  linked?: LinkedModules,
): ContextCgo {
  const uses: CgoEvidence[] = [];
  const gated: GatedCgoFile[] = [];
  const tagged: TaggedCgoFile[] = [];
  const imported = new Set<CgoModule>();
  for (const folder of folders) {
    for (const file of folder.all) {
      // Left out now; a -tags in the Dockerfile may bring it in. Other systems' files never come in.
      if (folder.built.includes(file) || file.constraint === undefined || /^[_.]/.test(file.name)) continue;
      if (!fileNameMatches(file.name, CONTAINER_TARGET)) continue;
      for (const { path: importPath, line } of file.imports)
        if (importPath === 'C' || cgoModuleForImport(importPath))
          tagged.push({
            file: file.path,
            line,
            what: importPath === 'C' ? 'import "C"' : `imports ${importPath}`,
            constraint: file.constraint,
          });
    }
    for (const file of folder.built) {
      // The conversion builds with CGO_ENABLED=0, which leaves a `//go:build cgo` file out, imports and all.
      const gatedFile = gatedOnCgo(file);
      for (const { path: importPath, line } of file.imports) {
        const known = importPath === 'C' ? undefined : cgoModuleForImport(importPath);
        if (importPath !== 'C' && !known) continue;
        const what = known ? `imports ${importPath}` : 'import "C"';
        if (gatedFile) {
          gated.push({ file: file.path, line, what, twin: twinOf(folder) });
          continue;
        }
        if (!known) {
          uses.push({ file: file.path, line, what });
          continue;
        }
        imported.add(known);
        uses.push({
          file: file.path,
          line,
          what: `imports ${importPath}, which links ${known.library}`,
          instead: known.alternatives,
        });
      }
    }
  }
  const unimported: CgoEvidence[] = [];
  for (const { file, requires } of goMods) {
    for (const requirement of requires) {
      const known = cgoModuleForRequirement(requirement.path);
      if (!known) continue;
      const at = { file, line: requirement.line };
      if (imported.has(known)) {
        // Said as well, so the refusal shows the line to change in go.mod too.
        uses.push({ ...at, what: `requires ${requirement.path}`, instead: known.alternatives });
      } else if (requirement.indirect && linked?.complete && !linked.modules.has(requirement.path)) {
        // go list -deps saw every package the build compiles, and none is of this module: it is not linked.
        unimported.push({
          ...at,
          what: `requires ${requirement.path} (cgo, ${known.library}) // indirect, but go list -deps finds no package of it in the build`,
        });
      } else if (requirement.indirect && linked?.complete) {
        uses.push({
          ...at,
          what: `requires ${requirement.path} (// indirect: a dependency the build compiles uses it, which links ${known.library}; go mod why -m ${requirement.path} says which)`,
          instead: known.alternatives,
        });
      } else if (requirement.indirect) {
        // A dependency may link it: without every dependency at hand, nothing says whether the binary reaches it.
        uses.push({
          ...at,
          what: `requires ${requirement.path} (// indirect: a dependency may use it, which links ${known.library}; the dependencies are not all in the module cache or vendor/, so go list -deps cannot tell: run go mod download (or go mod vendor) in the build context, then convert again to decide)`,
          instead: known.alternatives,
        });
      } else {
        unimported.push({
          ...at,
          what: `requires ${requirement.path} (cgo, ${known.library}), but no compiled file imports it`,
        });
      }
    }
  }
  for (const dependency of dependencies) {
    const known = cgoModuleForImport(dependency.importPath);
    // A known cgo module is already named, where it is imported or required.
    if (known && (imported.has(known) || uses.some((use) => use.what.includes(dependency.importPath))))
      continue;
    uses.push({
      file: dependency.file,
      line: dependency.line,
      what: `has import "C", in ${dependency.importPath}, a dependency the build compiles`,
      ...(known ? { instead: known.alternatives } : {}),
    });
  }
  const goFiles = folders.reduce((count, folder) => count + folder.built.length, 0);
  return { uses, gated, tagged, unimported, goFiles, via };
}
