// The bundle (test/mutation/bundle.ts) runs test/convert.test.ts, the only
// suite with snapshots: its snapshots stay in that suite's own file.
// CommonJS because Jest loads snapshot resolvers with require().
/* global require, __dirname, module */
/* eslint-disable @typescript-eslint/no-require-imports */
const path = require('node:path');

const TEST_DIR = path.resolve(__dirname, '..');
const SNAPSHOT = path.join(TEST_DIR, '__snapshots__', 'convert.test.ts.snap');
const BUNDLE = path.join(TEST_DIR, 'mutation', 'bundle.ts');

module.exports = {
  resolveSnapshotPath: () => SNAPSHOT,
  resolveTestPath: () => BUNDLE,
  testPathForConsistencyCheck: BUNDLE,
};
