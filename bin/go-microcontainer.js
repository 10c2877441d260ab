#!/usr/bin/env node
import { main } from '../dist/cli.bundle.js';

// A reader that stops early (`| head`) is not a failure of ours. Writes are
// synchronous, so this runs between files, never inside one.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
}

process.exitCode = await main(process.argv.slice(2));
