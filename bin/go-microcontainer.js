#!/usr/bin/env node
'use strict';
// CommonJS (bin/package.json), as is the bundle it loads: an ES module entry
// would cost Node's ES module loader at every start (scripts/bundle.mjs).
const { main } = require('../dist/cli.cjs');

// A reader that stops early (`| head`) is not a failure of ours. Writes are
// synchronous, so this runs between files, never inside one.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
}

main(process.argv.slice(2)).then((status) => {
  process.exitCode = status;
});
