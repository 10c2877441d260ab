/**
 * The container files for an existing module, rendered from the same
 * templates as a new project's: the Dockerfile of the strategy, build.sh when
 * the strategy runs it, compose.yaml when the templates have one, and the
 * merged .dockerignore. No Go file, go.mod or README is ever among them.
 */
import { existsSync } from 'node:fs';
import { readTextIfThere } from '../fs/safe-read.js';
import path from 'node:path';
import { ToolError } from '../errors.js';
import type { ProjectAnswers } from '../options.js';
import {
  renderTemplate,
  templateData,
  TEMPLATES_DIR,
  type RenderedFile,
  type TemplateData,
} from '../render.js';
import { type StrategyName } from '../strategies.js';
import { fromGitignore, leftOut, mergeDockerignore, patterns } from './dockerignore.js';
import { localClosure } from './cgo.js';
import type { MainPackage, ModuleInspection } from './inspect.js';

export interface DockerizePlan {
  name: string;
  main: MainPackage;
  /** The port the program listens on; undefined for a program with no listener (no EXPOSE, no ports). */
  port: number | undefined;
  strategy: StrategyName;
  /** The builder image's Go version (from go.mod), e.g. `1.26.3`. */
  goVersion: string;
  /** Folders copied into the image next to the binary. */
  copy: string[];
  /** The program reads $PORT: the image sets it to `port`. */
  portEnv: boolean;
  /** Files and folders copied from one path of the context to another under /app. */
  copyPaths?: ReadonlyArray<{ from: string; to: string; directory: boolean }>;
  /** Arguments the image runs the program with (CMD). */
  args?: readonly string[];
  /** `//go:embed` patterns, relative to the context: never left out of it by .dockerignore. */
  embedded?: readonly string[];
}

/** What dockerize would write, by file: these files are never the user's Go code, go.mod or README. */
export const DOCKERIZE_FILES = ['Dockerfile', 'build.sh', 'compose.yaml', '.dockerignore'] as const;

/** The answers the shared templates take, for a program that is not ours. */
export function answersFor(plan: DockerizePlan, inspection: ModuleInspection): ProjectAnswers {
  return {
    name: plan.name,
    module: inspection.module ?? plan.main.importPath,
    strategy: plan.strategy,
    // A program with no listener still needs a number for the shared templates; `listens` keeps it out of every file.
    port: plan.port ?? 0,
    goVersion: plan.goVersion,
    caCerts: true,
    nonRoot: true,
    tzdata: false,
    // The program has no -health probe of ours: a HEALTHCHECK running it would start a second server.
    healthcheck: false,
    // Fast warm rebuilds: CGO_ENABLED=0 alone gives the static binary (see --no-classic-flags).
    classicFlags: false,
  };
}

/**
 * Characters a folder to copy may not hold: glob characters (COPY would take
 * the name for a pattern), the escape character, control characters.
 */
// eslint-disable-next-line no-control-regex -- control characters are what it refuses
const UNCOPYABLE = /[*?[\]\\\u0000-\u001f\u007f]/;

/** A name COPY takes as written, in its plain form. */
const PLAIN_PATH = /^[A-Za-z0-9_.][A-Za-z0-9_./-]*$/;

/**
 * A COPY's paths: literal names, or a literal name and a glob pattern after
 * it (`go.sum*`), the pattern written as it is.
 */
export type CopyPath = string | readonly [literal: string, pattern: string];

/**
 * The arguments of a COPY of these paths (the last is the destination): the
 * plain form for plain names; otherwise the JSON form, each name with
 * Docker's own word escapes (COPY still reads quotes, `$` and the escape
 * character in it), so `my templates` or `it's` arrive as written.
 */
export function copyArguments(paths: readonly CopyPath[]): string {
  const parts = paths.map((item) => (typeof item === 'string' ? ([item, ''] as const) : item));
  for (const [name] of parts)
    if (UNCOPYABLE.test(name))
      throw new ToolError(
        'usage',
        `cannot copy ${JSON.stringify(name)} into the image: COPY reads * ? [ ] and \\ in a name as a pattern or an escape, and a control character cannot be written in a Dockerfile; rename the folder`,
      );
  if (parts.every(([name]) => PLAIN_PATH.test(name)))
    return parts.map(([name, glob]) => name + glob).join(' ');
  const word = ([name, glob]: readonly [string, string]) =>
    JSON.stringify(name.replace(/['"$]/g, '\\$&') + glob);
  return `[${parts.map(word).join(', ')}]`;
}

/** A shell word for `text`: as it is when it holds no character the shell reads, else single-quoted. */
export function shellWord(text: string): string {
  return /^[A-Za-z0-9_./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

export function dockerizeTemplateData(plan: DockerizePlan, inspection: ModuleInspection): TemplateData {
  const workspaceModules =
    inspection.kind === 'workspace'
      ? inspection.modules.map((module) => module.dir.replace(/^\.\//, ''))
      : undefined;
  return {
    ...templateData(answersFor(plan, inspection)),
    mainPackage: shellWord(plan.main.dir),
    copyDirs: plan.copy,
    copyLines: plan.copy.map((dir) => `COPY ${copyArguments([`${dir}/`, `./${dir}/`])}`),
    workspaceCopyLines: (workspaceModules ?? []).map(
      (dir) => `COPY ${copyArguments([`${dir}/go.mod`, [`${dir}/go.sum`, '*'], `./${dir}/`])}`,
    ),
    workspaceModules,
    portEnv: plan.portEnv && plan.port !== undefined,
    existingProgram: true,
    listens: plan.port !== undefined,
    copyPaths: plan.copyPaths ?? [],
    args: plan.args ?? [],
    lowPort: plan.port !== undefined && plan.port < 1024,
    vendored: inspection.kind === 'module' && existsSync(path.join(inspection.root, 'vendor', 'modules.txt')),
  };
}

/**
 * The user's .gitignore or .dockerignore, read safely: a FIFO, a device, a
 * link out of the module (say to ~/.ssh/id_rsa) or an oversized file is a
 * ToolError that stops the run before anything is written, so nothing from
 * outside the module ever lands in the generated .dockerignore.
 */
function readIgnoreFile(root: string, name: string): string | undefined {
  return readTextIfThere(path.join(root, name), { kind: 'ignore file', within: root, shown: name });
}

/** A package folder as a context path: `./pkg/util` is `pkg/util`, `.` is ''. */
function relativeFolder(dir: string): string {
  return dir.replace(/^\.\/?/, '');
}

/**
 * Renders every file for `plan`. The .dockerignore is merged with the
 * user's own and with .gitignore, and is left out when nothing would change.
 */
export function renderDockerize(plan: DockerizePlan, inspection: ModuleInspection): RenderedFile[] {
  const data = dockerizeTemplateData(plan, inspection);
  const files: RenderedFile[] = [
    { path: 'Dockerfile', contents: renderTemplate(`Dockerfile.${data.buildShape}.ejs`, data) },
  ];
  const dockerfile = files[0]?.contents ?? '';
  if (/\bbuild\.sh\b/.test(dockerfile.replace(/^#.*$/gm, '')) || data.buildShape === 'host')
    files.push({ path: 'build.sh', contents: renderTemplate('build.sh.ejs', data), mode: 0o755 });
  if (existsSync(path.join(TEMPLATES_DIR, 'compose.yaml.ejs')))
    files.push({ path: 'compose.yaml', contents: renderTemplate('compose.yaml.ejs', data) });

  const ours = renderTemplate('dockerignore.ejs', data);
  const gitignore = readIgnoreFile(inspection.root, '.gitignore');
  const existing = readIgnoreFile(inspection.root, '.dockerignore');
  // The module folders of a workspace and the main package's folder: a line
  // such as /<name> must not leave out ./api when the binary is named api.
  // The local packages the main imports, where a line would leave them out
  // (.gitignore's pkg/): the build compiles them.
  const ignoreLines = [ours, existing].flatMap(patterns).concat(patterns(gitignore).map(fromGitignore));
  const mainPackage = inspection.packages.find((pkg) => pkg.dir === plan.main.dir);
  const imported = (mainPackage ? localClosure(mainPackage, inspection.packages) : [])
    .map((pkg) => relativeFolder(pkg.dir))
    .filter((dir) => dir !== '' && leftOut(ignoreLines, dir));
  const folders = [
    ...(inspection.kind === 'workspace' ? inspection.modules.map((module) => module.dir) : []),
    plan.main.dir,
  ]
    .map(relativeFolder)
    .filter((dir) => dir !== '')
    .concat(imported);
  const needed = [
    ...(inspection.kind === 'workspace' ? ['go.work'] : ['go.mod']),
    ...new Set(folders),
    ...(files.some((file) => file.path === 'build.sh') ? ['build.sh'] : []),
    ...plan.copy,
    ...(plan.copyPaths ?? []).map((copy) => copy.from),
    ...(plan.embedded ?? []),
  ];
  const dockerignore = mergeDockerignore({ ours, gitignore, existing, needed });
  if (dockerignore !== undefined) files.push({ path: '.dockerignore', contents: dockerignore });
  return files;
}
