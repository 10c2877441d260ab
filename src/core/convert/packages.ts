/** Packages as the conversion reads them: what an install command installs, and what it means. */

export const PACKAGE_MANAGERS = new Set(['apk', 'apt-get', 'apt', 'yum', 'dnf', 'microdnf']);

/** Packages that are only installed to compile C: their presence means cgo. */
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

/** Packages named by an install command of apk, apt-get, apt, yum, dnf or microdnf. */
export function installedPackages(words: readonly string[]): string[] {
  const [tool, verb, ...rest] = words;
  if (tool === 'apk' && verb === 'add')
    return rest.filter(
      (word, i) => !word.startsWith('-') && rest[i - 1] !== '--virtual' && rest[i - 1] !== '-t',
    );
  if (tool !== undefined && tool !== 'apk' && PACKAGE_MANAGERS.has(tool) && verb === 'install') {
    return rest.filter((word) => !word.startsWith('-')).map((word) => word.split('=')[0] ?? word);
  }
  return [];
}
