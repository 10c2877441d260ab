/**
 * The bin's bundles (run by `npm run build`, after tsc), so that starting a
 * command reads two files instead of resolving and loading some hundred
 * modules. Node 20 has no module compile cache (module.enableCompileCache is
 * Node 22.1+); loading little, and loading it the cheap way, is what makes
 * `convert --check` start about as fast as node itself.
 *
 * - dist/cli.cjs: dist/cli.js and what it imports (dockerfile-ast included),
 *   as one CommonJS file. The bin is CommonJS too (bin/package.json): an ES
 *   module entry costs Node's ES module loader, some 30 ms of every start.
 * - dist/prompter.bundle.js: the terminal prompter (@yeoman/adapter and
 *   inquirer), an ES module loaded only when a question is about to be asked.
 *
 * Yeoman stays outside both: yeoman-environment is loaded from node_modules
 * only when a generator runs, and the generators yo loads (generators/*) are
 * tsc's dist/ as before. So does the YAML parser, required only when convert
 * reads a GoReleaser config.
 */
import { rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * Node's own modules through require(), not import, in the ES module bundle:
 * an ES module import of a builtin makes Node read every export of it
 * (fs.promises, the stream classes, readline behind them); require() loads
 * only the module itself, and esbuild's interop reads a name when it is used.
 */
const BUILTIN = new RegExp(
  `^(node:.+|${builtinModules.map((name) => name.replace(/[/]/g, '\\/')).join('|')})$`,
);
const builtinsThroughRequire = {
  name: 'builtins-through-require',
  setup(bundle) {
    // The require() in the stand-in module itself is Node's, at run time.
    bundle.onResolve({ filter: BUILTIN }, (args) =>
      args.namespace === 'node-builtin'
        ? { path: args.path, external: true }
        : { path: args.path, namespace: 'node-builtin' },
    );
    bundle.onLoad({ filter: /.*/, namespace: 'node-builtin' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
};

/**
 * The CommonJS bundle imports the prompter's own bundle and yeoman-environment
 * through the function the bin's loader passes in (bin/code-cache.js: an
 * import() compiled by vm.Script needs an experimental flag), and through
 * import() itself when the bundle is loaded by a plain require().
 */
const lateModules = {
  name: 'late-modules',
  setup(bundle) {
    bundle.onLoad({ filter: /[/\\]dist[/\\]late-modules\.js$/ }, () => ({
      contents: [
        "const load = typeof __gmcImport === 'function' ? __gmcImport : (specifier) => import(specifier);",
        "export const importPrompter = () => load('./prompter.bundle.js');",
        "export const importYeomanEnvironment = () => load('yeoman-environment');",
      ].join('\n'),
      loader: 'js',
    }));
  },
};

const root = fileURLToPath(new URL('..', import.meta.url));
const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  // No source maps: the prompter's alone would add 2.5 MB to the package; tsc's dist/ keeps its own.
  sourcemap: false,
  minify: true,
  logLevel: 'warning',
};

// What earlier builds wrote (the ES module bundle and its chunks).
rmSync(`${root}dist/chunks`, { recursive: true, force: true });
rmSync(`${root}dist/cli.bundle.js`, { force: true });

await build({
  ...common,
  entryPoints: ['dist/cli.js'],
  format: 'cjs',
  // dist/cli.cjs sits where dist/cli.js does: `new URL('..', import.meta.url)` is still the package root.
  outfile: 'dist/cli.cjs',
  define: { 'import.meta.url': '__gmcModuleUrl' },
  banner: { js: "const __gmcModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  // The YAML parser is not in the bundle: convert/io/release-config.ts requires it from node_modules on
  // first use, when a GoReleaser config is read; most runs never need it.
  plugins: [lateModules],
});

await build({
  ...common,
  entryPoints: ['dist/terminal-prompter.js'],
  format: 'esm',
  outfile: 'dist/prompter.bundle.js',
  plugins: [builtinsThroughRequire],
  // Some of the prompter's dependencies are CommonJS: their require() needs a require in an ES module.
  banner: {
    js: "import { createRequire as __gmcCreateRequire } from 'node:module'; const require = __gmcCreateRequire(import.meta.url);",
  },
});
