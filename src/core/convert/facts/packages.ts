/** Packages as the conversion reads them: what an install command installs, and what it means. */

export const PACKAGE_MANAGERS = new Set(['apk', 'apt-get', 'apt', 'yum', 'dnf', 'microdnf']);

/** Packages installed to compile C: evidence of cgo next to other evidence, but not alone (builders install build-base out of habit, for make). */
export const CGO_BUILD_PACKAGES = new Set([
  'gcc',
  'g++',
  'clang',
  'musl-dev',
  'build-base',
  'libc-dev',
  'libc6-dev',
  'sqlite',
  'sqlite-dev',
  'libsqlite3-dev',
  'sqlite3',
  'pkgconfig',
  'pkg-config',
  'pkgconf',
]);

/** C libraries installed for a cgo binary to load at run time. */
export const CGO_RUNTIME_PACKAGES = new Set([
  'sqlite-libs',
  'libsqlite3-0',
  'libc6-compat',
  'gcompat',
  'libgcc',
  'libstdc++',
]);

/** Tools a HEALTHCHECK typically runs, which scratch does not have. */
export const HEALTH_TOOLS = new Set(['curl', 'wget']);

/** Options of apk, apt-get, apt, yum and dnf that take a value as the next word. */
const OPTIONS_WITH_VALUE = new Set([
  '-X',
  '--repository',
  '-t',
  '--virtual',
  '-p',
  '--root',
  '--arch',
  '-o',
  '-c',
  '--option',
  '--target-release',
  '--enablerepo',
  '--disablerepo',
  '--setopt',
  '--installroot',
  '--releasever',
]);

/** Subcommands that install packages. */
export const INSTALL_VERBS: ReadonlySet<string> = new Set(['add', 'install']);

/**
 * What a package manager command does: its subcommand and the packages it
 * names, whatever the order of the options (`apk --no-cache add x`,
 * `apk -U add x`, `apt-get -y install x` all install x). Versions
 * (`x=1.2`) are left out of the names. Undefined for another command.
 */
export function packageCommand(
  words: readonly string[],
): { readonly verb: string; readonly packages: readonly string[] } | undefined {
  const [tool, ...args] = words;
  if (tool === undefined || !PACKAGE_MANAGERS.has(tool)) return undefined;
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (OPTIONS_WITH_VALUE.has(arg)) i++;
    else if (!arg.startsWith('-')) operands.push(arg);
  }
  const [verb = '', ...names] = operands;
  const packages = INSTALL_VERBS.has(verb) ? names.map((name) => name.split('=')[0] ?? name) : [];
  return { verb, packages };
}

/** Packages named by an install command of apk, apt-get, apt, yum, dnf or microdnf, in any option order. */
export function installedPackages(words: readonly string[]): string[] {
  return [...(packageCommand(words)?.packages ?? [])];
}
