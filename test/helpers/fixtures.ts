import { cpSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ConvertStrategy } from '../../src/core/convert/convert.js';
import { REPO_ROOT } from './paths.js';

export const FIXTURES_DIR = path.join(REPO_ROOT, 'test/fixtures/convert');

/**
 * Expected outcome, by the fixture's name: `refuse-*`, `minimal-*`, otherwise
 * converted; a `distroless-` prefix (the strategy) comes before it.
 */
export type Expectation = 'converted' | 'already-minimal' | 'refused';

export interface Fixture {
  name: string;
  dockerfile: string;
  expect: Expectation;
  strategy: ConvertStrategy;
}

export function fixtures(): Fixture[] {
  return readdirSync(FIXTURES_DIR)
    .filter((name) => !name.startsWith('_') && statSync(path.join(FIXTURES_DIR, name)).isDirectory())
    .sort()
    .map((name) => ({
      name,
      dockerfile: path.join(FIXTURES_DIR, name, 'Dockerfile'),
      expect: expectation(name.replace(/^distroless-/, '')),
      strategy: name.startsWith('distroless-') ? 'distroless' : 'scratch',
    }));
}

function expectation(name: string): Expectation {
  if (name.startsWith('refuse-')) return 'refused';
  return name.startsWith('minimal-') ? 'already-minimal' : 'converted';
}

/**
 * A fixture holding this file stands for a GOPATH-era project with no
 * go.mod: the shared program's go.mod is left out of its context (and the
 * marker too).
 */
export const WITHOUT_GO_MOD = '.without-go-mod';

/** A build context for a fixture: the shared fixture program, then the fixture's own files over it. */
export function fixtureContext(fixture: Fixture, target: string): string {
  cpSync(path.join(FIXTURES_DIR, '_app'), target, { recursive: true });
  cpSync(path.join(FIXTURES_DIR, fixture.name), target, { recursive: true });
  if (existsSync(path.join(target, WITHOUT_GO_MOD))) {
    rmSync(path.join(target, 'go.mod'));
    rmSync(path.join(target, WITHOUT_GO_MOD));
  }
  return target;
}
