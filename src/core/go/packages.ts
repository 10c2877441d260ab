/**
 * The packages of a module (or of every module of a workspace), found the way
 * Go finds them: the toolchain's `go list` when it runs here, a parse of the
 * folders otherwise. Each package comes with the files a Linux build
 * compiles, parsed.
 */
import { childProcess } from '../lazy-builtins.js';
import { existsSync, readdirSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { tryReadText } from '../fs/safe-read.js';
import { goListWouldBlock } from './special-files.js';
import { CONTAINER_TARGET, isBuiltFile } from './build-constraints.js';
import { parseGoSource, type GoSource } from './go-source.js';
import type { LinkedModules } from './cgo-modules.js';

export interface GoFile extends GoSource {
  /** Relative to the inspected folder, with `/` separators. */
  path: string;
}

export interface GoPackage {
  importPath: string;
  name: string;
  /** Relative to the inspected folder, as `go build` takes it: `.`, `./cmd/api`. */
  dir: string;
  /** The non-test files a Linux build compiles. */
  files: GoFile[];
  /** A main package listed by go list: the modules its build links (-deps). */
  linked?: LinkedModules;
}

/** A module of the inspection: the folder itself, or one `use` folder of its go.work. */
export interface ModuleRoot {
  /** Relative to the inspected folder: `.` or `./api`. */
  dir: string;
  path: string;
}

export interface PackageListing {
  packages: GoPackage[];
  /** How the packages were found. */
  via: 'go list' | 'parse';
  /** Why `go list` was not used, when it was not. */
  goListProblem?: string;
}

/** `./cmd/api` for a folder under root, `.` for root itself. */
export function relativeDir(root: string, dir: string): string {
  const relative = path.relative(root, dir).split(path.sep).join('/');
  return relative === '' ? '.' : `./${relative}`;
}

function byName(a: Dirent, b: Dirent): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Reads and parses the files of one folder that a Linux build compiles. */
export function builtFiles(root: string, dir: string): GoFile[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(path.join(root, dir), { withFileTypes: true }).sort(byName);
  } catch {
    return [];
  }
  const files: GoFile[] = [];
  for (const entry of entries) {
    // A FIFO or device named x.go is refused by the safe reader (and go list is not run on such a tree).
    if (entry.isDirectory() || !entry.name.endsWith('.go')) continue;
    const relative = path.posix.join(dir, entry.name).replace(/^\.\//, '');
    const read = tryReadText(path.join(root, relative), { kind: 'Go source', within: root, shown: relative });
    // Gone since the listing: nothing to read. Anything else (a FIFO, a link out of the module, a
    // 20 MB file) is said: skipping it could hide the main package or the cgo being asked about.
    if (!read.ok && read.error.refusal === 'not-found') continue;
    if (!read.ok) throw read.error;
    const source: GoSource = parseGoSource(read.text);
    if (isBuiltFile(entry.name, source.constraint, CONTAINER_TARGET))
      files.push({ ...source, path: relative });
  }
  return files;
}

/**
 * Folders `./...` matches in one module: not vendor or testdata, not starting
 * with `_` or `.`, not another module (a folder with its own go.mod), no
 * symbolic links followed.
 */
function walkModule(root: string, moduleDir: string): string[] {
  const found: string[] = [];
  const pending = [moduleDir];
  for (let dir = pending.shift(); dir !== undefined; dir = pending.shift()) {
    found.push(dir);
    let entries: Dirent[];
    try {
      entries = readdirSync(path.join(root, dir), { withFileTypes: true }).sort(byName);
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (!entry.isDirectory()) continue;
      if (entry.name === 'vendor' || entry.name === 'testdata') continue;
      if (entry.name.startsWith('_') || entry.name.startsWith('.')) continue;
      const child = path.posix.join(dir, entry.name);
      if (existsSync(path.join(root, child, 'go.mod'))) continue;
      pending.push(`./${child}`);
    }
  }
  return found;
}

/** Packages by parsing: a folder is a package when its built files agree on one package clause. */
export function parsePackages(root: string, modules: readonly ModuleRoot[]): GoPackage[] {
  const packages: GoPackage[] = [];
  for (const module of modules) {
    for (const dir of walkModule(root, module.dir)) {
      const files = builtFiles(root, dir);
      const names = new Set(files.map((file) => file.packageName).filter((name) => name !== undefined));
      if (files.length === 0 || names.size !== 1) continue;
      const below = path.posix.relative(module.dir, dir);
      packages.push({
        importPath: below === '' ? module.path : `${module.path}/${below}`,
        name: [...names][0] as string,
        dir,
        files,
      });
    }
  }
  return packages;
}

/**
 * The environment `go list` runs in: offline (GOPROXY=off), the local
 * toolchain only, never writing go.mod (-mod=readonly, or the vendor folder
 * when there is one), and for a Linux build. A single module is listed
 * without any go.work above it: the image build will not see that file.
 */
export function goListEnv(root: string, workspace: boolean): NodeJS.ProcessEnv {
  const vendored = !workspace && existsSync(path.join(root, 'vendor', 'modules.txt'));
  return {
    ...process.env,
    GOPROXY: 'off',
    GOTOOLCHAIN: 'local',
    GOFLAGS: vendored ? '-mod=vendor' : workspace ? '' : '-mod=readonly',
    GOWORK: workspace ? path.join(root, 'go.work') : 'off',
    GOOS: CONTAINER_TARGET.goos,
    GOARCH: CONTAINER_TARGET.goarch,
    CGO_ENABLED: '1',
  };
}

type GoListRun = { ok: true; lines: string[] } | { ok: false; problem: string };

/**
 * One line a package, every package the module's builds compile (-deps):
 * import path, name, folder, module path, whether that module is one of
 * ours, whether it is the standard library's, `error` when go list could not
 * find it or one of its dependencies, and for a main package its dependencies.
 */
const LIST_FORMAT =
  '{{.ImportPath}}|{{.Name}}|{{.Dir}}|{{with .Module}}{{.Path}}|{{.Main}}{{else}}|false{{end}}|{{.Standard}}|' +
  '{{if or .Error .DepsErrors}}error{{end}}|{{if eq .Name "main"}}{{join .Deps " "}}{{end}}';

function runGoList(root: string, modules: readonly ModuleRoot[], workspace: boolean): GoListRun {
  const patterns = modules.map((module) => (module.dir === '.' ? './...' : `${module.dir}/...`));
  const result = childProcess().spawnSync('go', ['list', '-e', '-deps', '-f', LIST_FORMAT, ...patterns], {
    cwd: root,
    env: goListEnv(root, workspace),
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) {
    const code = (result.error as { code?: string }).code;
    return { ok: false, problem: code === 'ENOENT' ? 'go is not on the PATH' : result.error.message };
  }
  if (result.status !== 0) {
    const first = result.stderr.trim().split('\n')[0] ?? '';
    return { ok: false, problem: `go list failed: ${first}` };
  }
  return { ok: true, lines: result.stdout.split('\n').filter(Boolean) };
}

/** Lists the packages with `go list`, falling back to a parse when it cannot run or fails. */
export function listPackages(
  root: string,
  modules: readonly ModuleRoot[],
  options: { workspace: boolean; useGo?: boolean },
): PackageListing {
  const blocking = options.useGo === false ? undefined : goListWouldBlock(root);
  const run: GoListRun =
    options.useGo === false
      ? { ok: false, problem: 'go list not used' }
      : blocking !== undefined
        ? { ok: false, problem: `go list not run: ${blocking}` }
        : runGoList(root, modules, options.workspace);
  if (!run.ok) return { packages: parsePackages(root, modules), via: 'parse', goListProblem: run.problem };
  const listed = run.lines.map((line) => {
    const [
      importPath = '',
      name = '',
      dir = '',
      module = '',
      ours = '',
      standard = '',
      error = '',
      deps = '',
    ] = line.split('|');
    return {
      importPath,
      name,
      dir,
      module,
      ours: ours === 'true',
      standard: standard === 'true',
      error,
      deps,
    };
  });
  // The module of every dependency that is neither ours nor the standard library's.
  const moduleOf = new Map(
    listed
      .filter((pkg) => !pkg.ours && !pkg.standard && pkg.module !== '')
      .map((pkg) => [pkg.importPath, pkg.module]),
  );
  const packages: GoPackage[] = [];
  for (const pkg of listed) {
    // A pattern that matched nothing, or a folder whose files disagree, has no single package name;
    // a dependency (vendored ones sit inside the folder) is not one of the module's packages.
    if (pkg.name === '' || pkg.dir === '' || !pkg.ours) continue;
    const relative = relativeDir(root, pkg.dir);
    if (relative.startsWith('./..')) continue;
    const linked =
      pkg.name === 'main'
        ? {
            complete: pkg.error === '',
            modules: new Set(
              pkg.deps
                .split(' ')
                .map((dep) => moduleOf.get(dep))
                .filter((module) => module !== undefined),
            ),
          }
        : undefined;
    packages.push({
      importPath: pkg.importPath,
      name: pkg.name,
      dir: relative,
      files: builtFiles(root, relative),
      ...(linked && { linked }),
    });
  }
  return { packages, via: 'go list' };
}
