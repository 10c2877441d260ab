/**
 * The bin's bundle (run by `npm run build`, after tsc): dist/cli.js and what
 * it imports, dockerfile-ast included, as one entry file and a few chunks
 * (one per lazy import), so that starting a command reads a handful of files
 * instead of resolving and loading some hundred modules. Node 20 has no
 * module compile cache (module.enableCompileCache is Node 22.1+); loading
 * fewer, larger files is what makes `convert --check` start about as fast as
 * node itself.
 *
 * Yeoman stays outside the bundle: yeoman-environment and @yeoman/adapter are
 * loaded from node_modules only when a generator runs or a question is asked,
 * and the generators yo loads (generators/*) are tsc's dist/ as before.
 */
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

// Chunk names carry a content hash: remove those of an earlier build.
rmSync(`${root}dist/chunks`, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: ['dist/cli.js'],
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir: 'dist',
  // dist/cli.bundle.js sits where dist/cli.js does: its `new URL('..', import.meta.url)` is the package root.
  entryNames: '[name].bundle',
  chunkNames: 'chunks/[name]-[hash]',
  external: ['yeoman-environment'],
  // dockerfile-ast is CommonJS: its require() of Node's own modules needs a require in an ES module.
  banner: {
    js: "import { createRequire as __gmcCreateRequire } from 'node:module'; const require = __gmcCreateRequire(import.meta.url);",
  },
  // No source maps: the prompt chunk's alone would add 2.5 MB to the package; tsc's dist/ keeps its own.
  sourcemap: false,
  logLevel: 'warning',
});
