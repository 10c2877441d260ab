/** Which files a run of the bin loads: what keeps its start-up light, stated as facts, not timed. */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BIN, REPO_ROOT } from './paths.js';
import { tempDir } from './run.js';

/**
 * Every file the bin loads for `args`, relative to the repository: CommonJS
 * modules from require's cache at exit, ES modules from a resolve hook.
 */
export function modulesLoaded(
  cwd: string,
  args: readonly string[],
): { status: number | null; loaded: string[]; loadedAnywhere: string[] } {
  const hooks = tempDir('load-hooks');
  writeFileSync(
    path.join(hooks, 'resolve.mjs'),
    'export async function resolve(specifier, context, next) {\n' +
      '  const resolved = await next(specifier, context);\n' +
      "  if (resolved.url.startsWith('file:')) process.stderr.write(`LOADED ${resolved.url}\\n`);\n" +
      '  return resolved;\n}\n',
  );
  writeFileSync(
    path.join(hooks, 'register.mjs'),
    "import { createRequire, register } from 'node:module';\n" +
      "import { pathToFileURL } from 'node:url';\n" +
      "register('./resolve.mjs', import.meta.url);\n" +
      'const { cache } = createRequire(import.meta.url);\n' +
      "process.on('exit', () => {\n" +
      '  for (const file of Object.keys(cache)) process.stderr.write(`LOADED ${pathToFileURL(file).href}\\n`);\n' +
      '});\n',
  );
  const run = spawnSync(
    process.execPath,
    ['--import', pathToFileURL(path.join(hooks, 'register.mjs')).href, BIN, ...args],
    {
      cwd,
      encoding: 'utf8',
      input: '',
    },
  );
  const absolute = run.stderr
    .split('\n')
    .filter((line) => line.startsWith('LOADED '))
    .map((line) => fileURLToPath(line.slice('LOADED '.length)));
  const loaded = absolute
    .map((file) => path.relative(REPO_ROOT, file))
    .filter((file) => !file.startsWith('..'));
  // Absolute too: a node_modules reached through a symbolic link lies outside the repository.
  return { status: run.status, loaded: [...new Set(loaded)], loadedAnywhere: [...new Set(absolute)] };
}
