/**
 * This package's name, version and home page, from its package.json, for
 * the reports that name the tool (SARIF's tool.driver).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_NAME = 'generator-go-microcontainer';

export interface PackageInfo {
  readonly name: string;
  readonly version: string;
  /** package.json's homepage; until it has one, the package's page on the npm registry. */
  readonly informationUri: string;
}

interface Manifest {
  name?: string;
  version?: string;
  homepage?: string;
}

/**
 * Our package.json, found up from this module: it is two folders up in
 * src/core/ and dist/core/, one up when a bundler puts this module in dist/.
 */
function ownManifest(): Manifest {
  let folder = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(folder, 'package.json');
    if (existsSync(candidate)) {
      const manifest = JSON.parse(readFileSync(candidate, 'utf8')) as Manifest;
      if (manifest.name === PACKAGE_NAME) return manifest;
    }
    const parent = path.dirname(folder);
    if (parent === folder)
      throw new Error(`${PACKAGE_NAME}: package.json not found above ${import.meta.url}`);
    folder = parent;
  }
}

export function packageInfo(): PackageInfo {
  const manifest = ownManifest();
  return {
    name: PACKAGE_NAME,
    version: manifest.version ?? '0.0.0',
    informationUri: manifest.homepage ?? `https://www.npmjs.com/package/${PACKAGE_NAME}`,
  };
}
