// TEMPORARY shim until the discovery branch lands.
import { findDockerfiles } from './files.js';
export interface SkippedPath {
  path: string;
  code: string;
  reason: string;
}
export function discoverDockerfiles(
  root: string,
  _shown = root,
): { files: string[]; skipped: SkippedPath[] } {
  return { files: findDockerfiles(root), skipped: [] };
}
