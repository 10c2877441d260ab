/**
 * What dockerize knows about a folder before it writes anything: the module
 * (or workspace), its Go version and so the builder image, its main packages,
 * and for the main package to ship: the port, cgo, runtime folders and
 * embeds. Pure reading; nothing here writes, and nothing needs Yeoman.
 */
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { ToolError } from '../errors.js';
import { readTextIfThere, type ReadKind } from '../fs/safe-read.js';
import { goImageFor } from '../strategies.js';
import { cgoVerdict, localClosure, type CgoVerdict } from './cgo.js';
import { builderGoVersion, parseGoMod, parseGoWork, type Requirement } from '../go/go-mod.js';
import {
  listPackages,
  relativeDir,
  type GoPackage,
  type ModuleRoot,
  type PackageListing,
} from '../go/packages.js';
import { guessPort, type PortGuess } from './port.js';
import {
  diskReads,
  embedUses,
  runtimeCopies,
  runtimeFolders,
  type EmbedUse,
  type RuntimeCopies,
  type RuntimeFolder,
} from './runtime-files.js';

export interface MainPackage {
  /** As `go build` takes it: `.` or `./cmd/api`. */
  dir: string;
  importPath: string;
}

export interface ModuleInspection {
  /** The inspected folder, resolved: the build context of the image. */
  root: string;
  /** `module`: the folder has go.mod. `workspace`: it has go.work (and its `use` folders hold the modules). */
  kind: 'module' | 'workspace';
  /** The module path (of the folder's go.mod; for a workspace, undefined). */
  module: string | undefined;
  modules: ModuleRoot[];
  /** The `go` and `toolchain` lines (of go.work for a workspace). */
  go: string | undefined;
  toolchain: string | undefined;
  /** The version the builder image is tagged with, and the image: `golang:1.26.3-alpine`. */
  builderGoVersion: string | undefined;
  builderImage: string | undefined;
  /** A go.work in a folder above a module: the image build will not see it. */
  enclosingWorkspace: string | undefined;
  requires: Requirement[];
  via: PackageListing['via'];
  goListProblem: string | undefined;
  packages: GoPackage[];
  mains: MainPackage[];
  /** Files of the user's that dockerize would otherwise write. */
  hasDockerfile: boolean;
}

export interface MainInspection {
  main: MainPackage;
  port: PortGuess;
  cgo: CgoVerdict;
  runtimeFolders: RuntimeFolder[];
  embeds: EmbedUse[];
  /** What the disk reads of the code need copied, and the reads that cannot be followed. */
  runtime: RuntimeCopies;
}

/** A file of the module, read safely (see fs/safe-read.ts): undefined when absent, a ToolError when refused. */
function readIfThere(root: string, relative: string, kind: ReadKind): string | undefined {
  return readTextIfThere(path.join(root, relative), { kind, within: root, shown: relative });
}

/** The nearest go.work strictly above `dir`, as the go command would find it. */
function workspaceAbove(dir: string): string | undefined {
  for (let current = path.dirname(dir); ; current = path.dirname(current)) {
    const candidate = path.join(current, 'go.work');
    if (existsSync(candidate)) return candidate;
    if (path.dirname(current) === current) return undefined;
  }
}

export interface InspectOptions {
  /** Use the toolchain's `go list` when it runs (default); false parses the folders. */
  useGo?: boolean;
  /** Told what go.mod (or go.work) says before the packages are listed, which can take seconds. */
  onModuleRead?: (module: ModuleHeader) => void;
}

/** What go.mod or go.work says, before any package is listed. */
export type ModuleHeader = Pick<
  ModuleInspection,
  'kind' | 'module' | 'modules' | 'go' | 'toolchain' | 'builderImage' | 'enclosingWorkspace'
>;

export function inspectModule(dir: string, options: InspectOptions = {}): ModuleInspection {
  const root = realpathSync(dir);
  const goModText = readIfThere(root, 'go.mod', 'go.mod');
  const goWorkText = goModText === undefined ? readIfThere(root, 'go.work', 'go.work') : undefined;
  if (goModText === undefined && goWorkText === undefined)
    throw new ToolError(
      'not-found',
      `no go.mod in ${dir}: run this in a Go module's folder (or a workspace's, with go.work)`,
    );

  let modules: ModuleRoot[];
  let versions: { go: string | undefined; toolchain: string | undefined };
  let requires: Requirement[] = [];
  let module: string | undefined;
  if (goModText !== undefined) {
    const goMod = parseGoMod(goModText);
    if (goMod.module === undefined)
      throw new ToolError('usage', 'go.mod has no module line: fix go.mod first');
    module = goMod.module;
    modules = [{ dir: '.', path: goMod.module }];
    versions = goMod;
    requires = goMod.requires;
  } else {
    const goWork = parseGoWork(goWorkText as string);
    versions = goWork;
    modules = goWork.uses.flatMap((use): ModuleRoot[] => {
      const text = readIfThere(root, path.posix.join(use, 'go.mod'), 'go.mod');
      const modulePath = text === undefined ? undefined : parseGoMod(text).module;
      if (modulePath === undefined) return [];
      requires.push(...parseGoMod(text as string).requires);
      return [{ dir: relativeDir(root, path.join(root, use)), path: modulePath }];
    });
    requires = requires.filter((r, i) => requires.findIndex((other) => other.path === r.path) === i);
  }

  const workspace = goModText === undefined;
  const version = builderGoVersion(versions);
  const header: ModuleHeader = {
    kind: workspace ? 'workspace' : 'module',
    module,
    modules,
    go: versions.go,
    toolchain: versions.toolchain,
    builderImage: version === undefined ? undefined : goImageFor(version, 'alpine'),
    enclosingWorkspace: workspace ? undefined : workspaceAbove(root),
  };
  options.onModuleRead?.(header);
  const listing = listPackages(root, modules, { workspace, useGo: options.useGo ?? true });
  return {
    root,
    ...header,
    builderGoVersion: version,
    requires,
    via: listing.via,
    goListProblem: listing.goListProblem,
    packages: listing.packages,
    mains: listing.packages
      .filter((pkg) => pkg.name === 'main')
      .map((pkg) => ({ dir: pkg.dir, importPath: pkg.importPath })),
    hasDockerfile: existsSync(path.join(root, 'Dockerfile')),
  };
}

/** Normalises `cmd/api`, `./cmd/api/`, or an import path, to a main package's `./cmd/api`. */
export function findMain(inspection: ModuleInspection, wanted: string): MainPackage | undefined {
  const cleaned = wanted.replace(/\/+$/, '');
  const asDir = cleaned === '.' || cleaned.startsWith('./') ? cleaned : `./${cleaned}`;
  return inspection.mains.find((main) => main.dir === asDir || main.importPath === cleaned);
}

/** The port, cgo, runtime folders and embeds of one main package. */
export function inspectMain(inspection: ModuleInspection, main: MainPackage): MainInspection {
  const pkg = inspection.packages.find((candidate) => candidate.dir === main.dir);
  if (!pkg) throw new ToolError('usage', `${main.dir} is not a package of this module`);
  const closure = localClosure(pkg, inspection.packages);
  const others = closure.filter((candidate) => candidate !== pkg).flatMap((candidate) => candidate.files);
  const files = closure.flatMap((candidate) => candidate.files);
  return {
    main,
    port: guessPort(pkg.files, others),
    cgo: cgoVerdict(closure, inspection.requires, pkg.linked),
    runtimeFolders: runtimeFolders(inspection.root, main.dir, files),
    embeds: embedUses(files),
    runtime: runtimeCopies(inspection.root, main.dir, diskReads(files)),
  };
}
