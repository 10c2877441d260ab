import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ProjectAnswers } from '../../src/core/options.js';
import { renderProject } from '../../src/core/render.js';
import type { StrategyName } from '../../src/core/strategies.js';
import { tempDir } from './run.js';

/** Every file the app generator writes (besides .yo-rc.json), sorted. */
export const GENERATED_FILES = [
  '.dockerignore',
  '.gitignore',
  'Dockerfile',
  'README.md',
  'build.sh',
  'compose.yaml',
  'go.mod',
  'main.go',
  'main_test.go',
];

/**
 * The answers `--yes` gives in a folder named hello-world with Go 1.26 (as
 * defaults.test.ts checks), spelled out so that no test builds its input with
 * the code it tests; then the strategy and any overrides.
 */
export function answersFor(strategy: StrategyName, overrides: Partial<ProjectAnswers> = {}): ProjectAnswers {
  return {
    name: 'hello-world',
    module: 'example.com/hello-world',
    strategy,
    port: 3000,
    goVersion: '1.26',
    caCerts: true,
    nonRoot: true,
    tzdata: false,
    healthcheck: true,
    classicFlags: true,
    ...overrides,
  };
}

/** Renders a project into a fresh folder, exactly as the generator writes it. */
export function writeProject(answers: ProjectAnswers, dir = tempDir(answers.strategy)): string {
  mkdirSync(dir, { recursive: true });
  for (const file of renderProject(answers)) {
    const target = path.join(dir, file.path);
    writeFileSync(target, file.contents);
    if (file.mode !== undefined) chmodSync(target, file.mode);
  }
  return dir;
}
