/**
 * Renders a project from its answers: pure input to output, no Yeoman and no
 * disk writes, so tests can render every variant in memory.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ejs from 'ejs';
import { sourceUrlFor } from './image-labels.js';
import type { ProjectAnswers } from './options.js';
import { allStrategies, getStrategy, goImageFor, type Strategy } from './strategies.js';
import { NONROOT_UID } from './versions.js';

export interface RenderedFile {
  /** Path relative to the project root, with forward slashes. */
  readonly path: string;
  readonly contents: string;
  /** Set for files that must be executable. */
  readonly mode?: number;
}

/** Everything a template may use, spelled out so templates stay logic-light. */
export interface TemplateData {
  app: string;
  module: string;
  port: number;
  goVersion: string;
  strategy: Strategy;
  allStrategies: Strategy[];
  buildShape: Strategy['buildShape'];
  shipsScratch: boolean;
  /** Default for the GO_IMAGE build arg. */
  goImage: string;
  /** Default for the RUNTIME_IMAGE build arg; undefined when the runtime is scratch or single-stage. */
  runtimeImage: string | undefined;
  /** Where the binary lives in the image. */
  binaryPath: string;
  /** `uid:gid` for USER, or undefined to keep the base image's user. */
  user: string | undefined;
  uid: number;
  caCerts: boolean;
  nonRoot: boolean;
  tzdata: boolean;
  healthcheck: boolean;
  classicFlags: boolean;
  /** Default of the SOURCE build arg (org.opencontainers.image.source): '' off known forges. */
  sourceUrl: string;
  /** The go build command line build.sh runs, for the README. */
  buildCommand: string;
  /** The main package build.sh compiles, as a shell word for go build: `.` or `./cmd/api` (dockerize). */
  mainPackage: string;
  /** Folders copied into the image's /app, its working directory, for the program to read (dockerize). */
  copyDirs: readonly string[];
  /** The COPY instruction of each of copyDirs, its names quoted for Docker (dockerize). */
  copyLines: readonly string[];
  /** The COPY of each workspace module's go.mod and go.sum, quoted for Docker (dockerize). */
  workspaceCopyLines: readonly string[];
  /** The `use` folders of a go.work at the root, whose go.mod files the builder copies first (dockerize). */
  workspaceModules: readonly string[] | undefined;
  /** Set PORT in the image: the program reads $PORT, and its default may differ from the chosen port (dockerize). */
  portEnv: boolean;
  /** The program is the user's, not our generated server: no claims about its probe or shutdown (dockerize). */
  existingProgram: boolean;
  /** The program listens on `port`: false for a CLI or a worker, which gets no EXPOSE and no ports (dockerize). */
  listens: boolean;
  /** Files (or folders) copied from one path of the context to another under /app (dockerize). */
  copyPaths: ReadonlyArray<{ from: string; to: string; directory: boolean }>;
  /** Arguments the image runs the program with, as CMD (dockerize). */
  args: readonly string[];
  /** The module has vendor/modules.txt: the build uses vendor/ and downloads nothing (dockerize). */
  vendored: boolean;
  /** A port below 1024 with a non-root user: compose lets it bind (net.ipv4.ip_unprivileged_port_start). */
  lowPort: boolean;
}

/**
 * templates/app in this package: the nearest one up from this module, which
 * is dist/core/ (tsc), src/core/ (the tests) or dist/chunks/ (the bin's bundle).
 */
function findTemplates(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'templates', 'app');
    if (existsSync(path.join(candidate, 'main.go.ejs'))) return candidate;
    if (path.dirname(dir) === dir)
      throw new Error(`templates/app not found above ${fileURLToPath(import.meta.url)}`);
  }
}

export const TEMPLATES_DIR = findTemplates();

/** Output path to template file, for every file except the Dockerfile (chosen per strategy). */
const COMMON_FILES: ReadonlyArray<{ path: string; template: string; mode?: number }> = [
  { path: 'build.sh', template: 'build.sh.ejs', mode: 0o755 },
  { path: 'main.go', template: 'main.go.ejs' },
  { path: 'main_test.go', template: 'main_test.go.ejs' },
  { path: 'go.mod', template: 'go.mod.ejs' },
  { path: 'compose.yaml', template: 'compose.yaml.ejs' },
  { path: '.dockerignore', template: 'dockerignore.ejs' },
  { path: '.gitignore', template: 'gitignore.ejs' },
  { path: 'README.md', template: 'README.md.ejs' },
];

export function buildFlags(answers: Pick<ProjectAnswers, 'classicFlags' | 'tzdata'>): string[] {
  return [
    ...(answers.classicFlags ? ['-a', '-installsuffix', 'cgo'] : []),
    '-trimpath',
    '-ldflags "-s -w"',
    ...(answers.tzdata ? ['-tags', 'timetzdata'] : []),
  ];
}

export function templateData(answers: ProjectAnswers): TemplateData {
  const strategy = getStrategy(answers.strategy);
  // Scratch and distroless keep the binary at the root, as their images do;
  // images with a shell keep it on the PATH.
  const binaryPath = strategy.hasShell ? `/usr/local/bin/${answers.name}` : `/${answers.name}`;
  return {
    app: answers.name,
    module: answers.module,
    port: answers.port,
    goVersion: answers.goVersion,
    strategy,
    allStrategies: allStrategies(),
    buildShape: strategy.buildShape,
    shipsScratch: strategy.shipsScratch,
    goImage: goImageFor(answers.goVersion, strategy.goImageFlavour),
    runtimeImage: strategy.runtimeImage,
    binaryPath,
    user: answers.nonRoot ? `${NONROOT_UID}:${NONROOT_UID}` : undefined,
    uid: NONROOT_UID,
    caCerts: answers.caCerts,
    nonRoot: answers.nonRoot,
    tzdata: answers.tzdata,
    healthcheck: answers.healthcheck,
    classicFlags: answers.classicFlags,
    sourceUrl: sourceUrlFor(answers.module),
    buildCommand: `CGO_ENABLED=0 GOOS=linux go build ${buildFlags(answers).join(' ')}`,
    mainPackage: '.',
    copyDirs: [],
    copyLines: [],
    workspaceCopyLines: [],
    workspaceModules: undefined,
    portEnv: false,
    existingProgram: false,
    listens: true,
    copyPaths: [],
    args: [],
    lowPort: false,
    vendored: false,
  };
}

export function renderTemplate(template: string, data: TemplateData): string {
  const filename = path.join(TEMPLATES_DIR, template);
  return ejs.render(readFileSync(filename, 'utf8'), data, {
    filename,
    // None of our outputs is HTML: print values as they are. Validators keep
    // them safe for Dockerfiles, shell and Go.
    escape: (value: unknown) => String(value),
  });
}

export function renderProject(answers: ProjectAnswers): RenderedFile[] {
  const data = templateData(answers);
  const dockerfile: RenderedFile = {
    path: 'Dockerfile',
    contents: renderTemplate(`Dockerfile.${data.buildShape}.ejs`, data),
  };
  return [
    dockerfile,
    ...COMMON_FILES.map((file) => ({
      path: file.path,
      contents: renderTemplate(file.template, data),
      ...(file.mode === undefined ? {} : { mode: file.mode }),
    })),
  ];
}
