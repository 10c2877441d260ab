import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { defaultAnswers } from '../../src/core/defaults.js';
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

export function answersFor(strategy: StrategyName, overrides: Partial<ProjectAnswers> = {}): ProjectAnswers {
  return {
    ...defaultAnswers({ directoryName: 'hello-world', goToolchainVersion: 'go1.26.8' }),
    strategy,
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
