/**
 * This package's name, version and home page, from its package.json, for
 * the reports that name the tool (SARIF's tool.driver).
 */
import { readFileSync } from 'node:fs';

export interface PackageInfo {
  readonly name: string;
  readonly version: string;
  /** package.json's homepage; until it has one, the package's page on the npm registry. */
  readonly informationUri: string;
}

/** package.json is two folders up from this module, in src/core/ and in dist/core/ alike. */
const MANIFEST = new URL('../../package.json', import.meta.url);

export function packageInfo(): PackageInfo {
  const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as {
    name: string;
    version: string;
    homepage?: string;
  };
  return {
    name: manifest.name,
    version: manifest.version,
    informationUri: manifest.homepage ?? `https://www.npmjs.com/package/${manifest.name}`,
  };
}
