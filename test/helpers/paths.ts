import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The generator as yo loads it: the compiled package, not the TypeScript source. */
export const APP_GENERATOR = path.join(REPO_ROOT, 'generators/app/index.js');
export const BIN = path.join(REPO_ROOT, 'bin/go-microcontainer.js');
