/**
 * The commands a reader of the docs types, made to run here: a folder of
 * small programs put first on the PATH of every docs block.
 *
 * - `npm install -g generator-go-microcontainer` installs this package, packed
 *   with `npm pack`, into a private prefix whose bin folder is on the PATH:
 *   from then on `go-microcontainer` is the installed one;
 * - `npx generator-go-microcontainer ...` runs npx on that tarball (`file:` spec: npx finds its one bin);
 * - `go-microcontainer`, before any install, is the built bin of this checkout;
 * - `docker build` and `docker run` get the host network (the test engine has
 *   no bridge: a published port `-p H:C` is the host's port) and this run's
 *   label (what the test removes at the end); `docker build` is pointed at the
 *   stand-in base images through the Dockerfile's own build args, as a user
 *   would point it at a mirror.
 *
 * Any other npm or npx command fails: the docs cannot name one the test does
 * not know how to run.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface ShimConfig {
  /** The folder the shims go in. */
  dir: string;
  /** The package's bin in this checkout. */
  bin: string;
  /** The packed package (npm pack). */
  tarball: string;
  /** The private global prefix `npm install -g` installs into. */
  prefix: string;
  /** An npm cache that already holds the dependencies (the user's own). */
  npmCache: string;
  realNpm: string;
  realNpx: string;
  docker: string;
  label: string;
  /** Build arg values by name: GO_IMAGE, CHECK_IMAGE, and RUNTIME_IMAGE by the base its default names. */
  standIns?: { goBuilder: string; distrolessStatic: string; alpine: string };
}

const PACKAGE = 'generator-go-microcontainer';

export function writeShims(config: ShimConfig): void {
  mkdirSync(config.dir, { recursive: true });
  const node = process.execPath;
  const script = (name: string, body: string) => {
    const file = path.join(config.dir, name);
    writeFileSync(file, `#!${node}\n${body}`);
    chmodSync(file, 0o755);
  };
  const prelude = `const { spawnSync } = require('node:child_process');
const args = process.argv.slice(2);
const config = ${JSON.stringify(config)};
const run = (command, argv, env = {}) => {
  const result = spawnSync(command, argv, { stdio: 'inherit', env: { ...process.env, ...env } });
  process.exit(result.status ?? 1);
};
const refuse = (what) => {
  process.stderr.write('docs test: ' + what + ' is not a command the docs test can run\\n');
  process.exit(127);
};
const npmEnv = { npm_config_cache: config.npmCache };
`;
  script('go-microcontainer', `${prelude}run(process.execPath, [config.bin, ...args]);\n`);
  script(
    'npm',
    `${prelude}if (args.join(' ') !== 'install -g ${PACKAGE}') refuse('npm ' + args.join(' '));
run(config.realNpm, ['install', '-g', '--prefix', config.prefix, '--prefer-offline', '--no-audit', '--no-fund',
  config.tarball], npmEnv);
`,
  );
  script(
    'npx',
    `${prelude}if (args[0] !== '${PACKAGE}') refuse('npx ' + args.join(' '));
run(config.realNpx, ['--yes', '--prefer-offline', 'file:' + config.tarball, ...args.slice(1)], npmEnv);
`,
  );
  script(
    'docker',
    `${prelude}const fs = require('node:fs');
const path = require('node:path');
const [command, ...rest] = args;
const extra = ['--network', 'host', '--label', config.label];
if (command === 'build') {
  const context = rest[rest.length - 1] ?? '.';
  const fileAt = rest.findIndex((arg) => arg === '-f' || arg === '--file');
  const dockerfile = fileAt === -1 ? path.join(context, 'Dockerfile') : rest[fileAt + 1];
  const text = fs.readFileSync(dockerfile, 'utf8');
  const defaults = Object.fromEntries(
    [...text.matchAll(/^ARG ([A-Z_]+)=(\\S*)/gm)].map((match) => [match[1], match[2]]),
  );
  const standIns = config.standIns;
  if (!standIns) refuse('docker build (no stand-in images: is the engine up?)');
  const buildArgs = [];
  if ('GO_IMAGE' in defaults) buildArgs.push('GO_IMAGE=' + standIns.goBuilder);
  if ('CHECK_IMAGE' in defaults) buildArgs.push('CHECK_IMAGE=' + standIns.alpine);
  if (/distroless/.test(defaults.RUNTIME_IMAGE ?? '')) buildArgs.push('RUNTIME_IMAGE=' + standIns.distrolessStatic);
  if (/alpine/.test(defaults.RUNTIME_IMAGE ?? '')) buildArgs.push('RUNTIME_IMAGE=' + standIns.alpine);
  run(config.docker, ['build', ...extra, ...buildArgs.flatMap((arg) => ['--build-arg', arg]), ...rest]);
} else if (command === 'run') {
  const kept = [];
  for (let at = 0; at < rest.length; at++) {
    if (rest[at] === '-p' || rest[at] === '--publish') at++;
    else kept.push(rest[at]);
  }
  run(config.docker, ['run', ...extra, ...kept]);
} else run(config.docker, args);
`,
  );
}
