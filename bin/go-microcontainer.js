#!/usr/bin/env node
'use strict';
// CommonJS (bin/package.json), as is the bundle it loads: an ES module entry
// would cost Node's ES module loader at every start (scripts/bundle.mjs).
// The bundle is loaded through V8's code cache (code-cache.js).
const path = require('node:path');
const { requireCached } = require('./code-cache.js');

const [first] = process.argv.slice(2);
const bundle = requireCached(
  path.join(__dirname, '../dist/cli.cjs'),
  first === 'convert' || first === 'dockerize' ? first : 'app',
);

// A reader that stops early (`| head`) is not a failure of ours. Writes are
// synchronous, so this runs between files, never inside one.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
}

// However the run ends (an answer, Ctrl-C, process.exit), the cache keeps what it compiled.
process.on('exit', () => bundle.save());

bundle.exports.main(process.argv.slice(2)).then((status) => {
  process.exitCode = status;
});
