/**
 * Node's child_process and crypto, loaded on first use. Most runs (a
 * `convert --check` of one file) never start a process or name a temporary
 * file, and loading those modules (with the streams, sockets and ciphers
 * behind them) is a tenth of such a run's start-up.
 */
import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);

export function childProcess(): typeof import('node:child_process') {
  return load('node:child_process') as typeof import('node:child_process');
}

export function crypto(): typeof import('node:crypto') {
  return load('node:crypto') as typeof import('node:crypto');
}
