'use strict';
/**
 * Loads the bin's CommonJS bundle through V8's code cache, so that a start
 * deserializes the compiled bundle instead of parsing it again: some 40 ms
 * of a 200 ms `convert --check` (npm run bench). Node 20 has no module
 * compile cache of its own (module.enableCompileCache is Node 22.1+).
 *
 * The cache is a private file of the user's: $XDG_CACHE_HOME/go-microcontainer
 * (else ~/.cache/go-microcontainer), a folder of mode 0700 that the user owns,
 * never a symbolic link. V8 checks a cache against its own version and flags,
 * and against the source's length only, not its contents, and release builds
 * of Node do not verify the bytes: so the file is named by a hash of the
 * bundle it was made from, and carries a hash of its own contents, checked
 * before V8 sees them. Anything amiss (no home, a read-only disk, a folder
 * another user could write, a corrupt file) only means no cache: the bundle is
 * then compiled as require() would, and the command runs the same.
 * NODE_DISABLE_COMPILE_CACHE=1 (Node's own switch for its cache) turns it off.
 */
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const vm = require('node:vm');

const HASH_BYTES = 32;
/** A cache is some 1.5 times its source; a file far larger is not one of ours. */
const MAX_CACHE_BYTES = 64 * 1024 * 1024;
/** Writing a cache takes milliseconds: a temporary file this old was left by a process that was killed. */
const STALE_TEMPORARY_MS = 10 * 60 * 1000;

/**
 * A cache's file name: the bundle, a hash of its contents, the Node version
 * and CPU it was compiled by, and the command (a cache holds the functions
 * of the run that made it; another command would compile its own again).
 */
function cacheName(key) {
  return `${key.bundle}-${key.source}-${key.runtime}-${key.command}.v8`;
}

function sha256(bytes) {
  return createHash('sha256').update(bytes).digest();
}

/** Where the user's caches go, or undefined when there is no such place. */
function cacheFolder(env = process.env) {
  if (env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  const base =
    env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)
      ? env.XDG_CACHE_HOME
      : env.HOME && path.isAbsolute(env.HOME)
        ? path.join(env.HOME, '.cache')
        : undefined;
  return base === undefined ? undefined : path.join(base, 'go-microcontainer');
}

/** Ours alone: a real folder (not a link), owned by this user, that nobody else can write. */
function isPrivateFolder(folder) {
  try {
    const stat = fs.lstatSync(folder);
    if (!stat.isDirectory()) return false;
    if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) return false;
    return (stat.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

function privateFolder(folder) {
  if (isPrivateFolder(folder)) return folder;
  try {
    fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
  } catch {
    return undefined;
  }
  return isPrivateFolder(folder) ? folder : undefined;
}

/** The cached code in `file`, if it is an intact regular file of ours; a link is not followed. */
function readCache(file) {
  let descriptor;
  try {
    descriptor = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
    const stat = fs.fstatSync(descriptor);
    if (!stat.isFile() || stat.size <= HASH_BYTES || stat.size > MAX_CACHE_BYTES) return undefined;
    if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) return undefined;
    const contents = Buffer.alloc(stat.size);
    if (fs.readSync(descriptor, contents, 0, stat.size, 0) !== stat.size) return undefined;
    const data = contents.subarray(HASH_BYTES);
    return sha256(data).equals(contents.subarray(0, HASH_BYTES)) ? data : undefined;
  } catch {
    return undefined;
  } finally {
    if (descriptor !== undefined) fs.closeSync(descriptor);
  }
}

/**
 * Writes the cache whole (a new file, synced, renamed into place), and removes
 * the caches of earlier builds of the bundle (those of other Node versions
 * for this build stay: a user may switch between them).
 */
function writeCache(folder, key, data) {
  const name = cacheName(key);
  const file = path.join(folder, name);
  const temporary = path.join(folder, `.${name}.${process.pid}.${Date.now()}.tmp`);
  let descriptor;
  try {
    descriptor = fs.openSync(temporary, 'wx', 0o600);
    fs.writeSync(descriptor, Buffer.concat([sha256(data), data]));
    fs.fsyncSync(descriptor);
    fs.closeSync(descriptor);
    descriptor = undefined;
    fs.renameSync(temporary, file);
    for (const old of fs.readdirSync(folder)) {
      const earlierBuild =
        old.startsWith(`${key.bundle}-`) && !old.startsWith(`${key.bundle}-${key.source}-`);
      // A temporary file of a writer that was killed (one still writing is younger than this).
      const abandoned =
        old.startsWith(`.${key.bundle}-`) &&
        old.endsWith('.tmp') &&
        Date.now() - fs.lstatSync(path.join(folder, old)).mtimeMs > STALE_TEMPORARY_MS;
      if (earlierBuild || abandoned) fs.rmSync(path.join(folder, old), { force: true });
    }
  } catch {
    try {
      if (descriptor !== undefined) fs.closeSync(descriptor);
      fs.rmSync(temporary, { force: true });
    } catch {
      // Nothing was written, or a temporary file is left in the user's own cache.
    }
  }
}

/**
 * require(file), through the code cache in `folder` (default: the user's),
 * the one kept for `command` (a word of [a-z]).
 * Returns the module's exports, what became of the cache ('off': none could
 * be used; 'miss': none yet, or it was not this bundle's; 'rejected': V8
 * refused it; 'hit'), and save(): call it once the command has run (at exit), so the
 * cache holds the functions the run compiled too; it writes only after a
 * miss or a rejection.
 */
function requireCached(file, command, folder = cacheFolder()) {
  if (!/^[a-z]{1,16}$/.test(command)) throw new Error(`not a command name: ${command}`);
  const source = fs.readFileSync(file);
  const key = {
    bundle: path.basename(file),
    source: sha256(source).toString('hex').slice(0, 32),
    runtime: `${process.version}-${process.arch}`,
    command,
  };
  const usable = folder === undefined ? undefined : privateFolder(folder);
  const cachedData = usable === undefined ? undefined : readCache(path.join(usable, cacheName(key)));
  // require()'s wrapper, and __gmcImport: an import() compiled by vm.Script
  // needs --experimental-vm-modules (or warns that it is experimental), so the
  // bundle imports through this module's import(), relative to the bundle.
  const script = new vm.Script(
    `(function (exports, require, module, __filename, __dirname, __gmcImport) {${source}\n});`,
    {
      filename: file,
      cachedData,
    },
  );
  const importNextToBundle = (specifier) =>
    import(
      /^\.\.?\//.test(specifier) ? pathToFileURL(path.resolve(path.dirname(file), specifier)).href : specifier
    );
  const cache =
    usable === undefined
      ? 'off'
      : cachedData === undefined
        ? 'miss'
        : script.cachedDataRejected
          ? 'rejected'
          : 'hit';

  // What require() does for a file: a module in require's cache, with its own require and paths.
  const loaded = new Module(file, module);
  loaded.filename = file;
  loaded.paths = Module._nodeModulePaths(path.dirname(file));
  Module._cache[file] = loaded;
  script
    .runInThisContext()
    .call(
      loaded.exports,
      loaded.exports,
      Module.createRequire(file),
      loaded,
      file,
      path.dirname(file),
      importNextToBundle,
    );
  loaded.loaded = true;

  return {
    exports: loaded.exports,
    cache,
    save() {
      if (cache === 'miss' || cache === 'rejected') writeCache(usable, key, script.createCachedData());
    },
  };
}

module.exports = { requireCached, cacheFolder };
