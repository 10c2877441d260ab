/**
 * package-info (src/core/package-info.ts): the tool's name, version and home
 * page, as SARIF's tool.driver names them, read from our package.json.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { packageInfo } from '../src/core/package-info.js';
import { REPO_ROOT } from './helpers/paths.js';

describe('packageInfo', () => {
  it('is package.json version, and its homepage or else the npm page', () => {
    const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      name: string;
      version: string;
      homepage?: string;
    };
    expect(manifest.name).toBe('generator-go-microcontainer');
    expect(packageInfo()).toEqual({
      name: 'generator-go-microcontainer',
      version: manifest.version,
      informationUri: manifest.homepage ?? 'https://www.npmjs.com/package/generator-go-microcontainer',
    });
  });
});
