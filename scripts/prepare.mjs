/**
 * `npm run prepare`: npm runs it after `npm install` in this repository,
 * before `npm pack` and `npm publish`, and when the package is installed
 * from git, as pre-commit installs a `language: node` hook
 * (`npm install -g git+file://...`, see .pre-commit-hooks.yaml). It builds
 * dist/, which the bin runs.
 *
 * In that last case npm prepares the clone with an `npm install` that
 * inherits the outer install's `global` setting, so the devDependencies the
 * build needs (TypeScript, @types/node) are never installed in the clone
 * (npm/cli#8440) and `tsc` is not found. Then they are installed there first,
 * with scripts off, before `npm run build`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const here = process.cwd();

if (process.env.npm_config_global === 'true' && !existsSync('node_modules/typescript/package.json')) {
  execFileSync(
    npm,
    [
      'install',
      '--global=false',
      `--prefix=${here}`,
      '--include=dev',
      '--ignore-scripts',
      '--no-save',
      '--no-audit',
      '--no-fund',
    ],
    { stdio: 'inherit' },
  );
}
execFileSync(npm, ['run', 'build'], { stdio: 'inherit' });
