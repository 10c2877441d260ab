/**
 * The container files for an existing module, rendered from the same
 * templates as a new project's: the Dockerfile of the strategy, build.sh when
 * the strategy runs it, compose.yaml when the templates have one, and the
 * merged .dockerignore. No Go file, go.mod or README is ever among them.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ProjectAnswers } from '../options.js';
import {
  renderTemplate,
  templateData,
  TEMPLATES_DIR,
  type RenderedFile,
  type TemplateData,
} from '../render.js';
import { type StrategyName } from '../strategies.js';
import { mergeDockerignore } from './dockerignore.js';
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

export function dockerizeTemplateData(plan: DockerizePlan, inspection: ModuleInspection): TemplateData {
  return {
    ...templateData(answersFor(plan, inspection)),
    mainPackage: plan.main.dir,
    copyDirs: plan.copy,
    workspaceModules:
      inspection.kind === 'workspace'
        ? inspection.modules.map((module) => module.dir.replace(/^\.\//, ''))
        : undefined,
    portEnv: plan.portEnv && plan.port !== undefined,
    existingProgram: true,
    listens: plan.port !== undefined,
    copyPaths: plan.copyPaths ?? [],
    args: plan.args ?? [],
    lowPort: plan.port !== undefined && plan.port < 1024,
    vendored: inspection.kind === 'module' && existsSync(path.join(inspection.root, 'vendor', 'modules.txt')),
  };
}

function readIfThere(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
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

  // The module folders of a workspace and the main package's folder: a line
  // such as /<name> must not leave out ./api when the binary is named api.
  const folders = [
    ...(inspection.kind === 'workspace' ? inspection.modules.map((module) => module.dir) : []),
    plan.main.dir,
  ]
    .map((dir) => dir.replace(/^\.\/?/, ''))
    .filter((dir) => dir !== '');
  const needed = [
    ...(inspection.kind === 'workspace' ? ['go.work'] : ['go.mod']),
    ...new Set(folders),
    ...(files.some((file) => file.path === 'build.sh') ? ['build.sh'] : []),
    ...plan.copy,
    ...(plan.copyPaths ?? []).map((copy) => copy.from),
    ...(plan.embedded ?? []),
  ];
  const dockerignore = mergeDockerignore({
    ours: renderTemplate('dockerignore.ejs', data),
    gitignore: readIfThere(path.join(inspection.root, '.gitignore')),
    existing: readIfThere(path.join(inspection.root, '.dockerignore')),
    needed,
  });
  if (dockerignore !== undefined) files.push({ path: '.dockerignore', contents: dockerignore });
  return files;
}
