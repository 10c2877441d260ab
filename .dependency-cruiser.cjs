/**
 * The import rules `npm run lint` checks (dependency-cruiser). Type-only
 * imports count: a cycle of types is still a cycle a reader must untangle.
 */
// The convert engine's pure part: text and facts in, findings and edits out.
// Disk and process access live in src/core/convert/io/ and src/core/go/packages.ts.
const PURE_ENGINE =
  '^src/core/convert/(facts|shell|builds|cgo|rules|edits)/|^src/core/convert/(convert|plan|options|limits)\\.ts$';

// eslint-disable-next-line no-undef -- a CommonJS config file, as dependency-cruiser reads it
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycle anywhere in src/, types included.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'pure-engine-no-io',
      severity: 'error',
      comment: 'The pure convert engine reads no disk and runs no process: io/ does that and hands it text.',
      from: { path: PURE_ENGINE },
      to: {
        path: [
          '^(node:)?(fs|fs/promises|child_process|os|net|http|https|worker_threads)$',
          '^src/core/convert/io/',
          '^src/core/fs/',
          '^src/core/go/packages\\.ts$',
          '^src/yeoman/',
          '^src/cli\\.ts$',
        ],
      },
    },
    {
      name: 'engine-not-glue',
      severity: 'error',
      comment: 'The engines (src/core) never import the Yeoman glue or the bin.',
      from: { path: '^src/core/' },
      to: {
        path: ['^src/yeoman/', '^src/cli\\.ts$', '^(yeoman-generator|yeoman-environment|@yeoman/adapter)$'],
      },
    },
    {
      name: 'no-orphans',
      severity: 'error',
      comment: 'Every module in src/ is used by something.',
      from: {
        orphan: true,
        path: '^src/',
        pathNot: ['^src/cli\\.ts$', '^src/yeoman/[a-z-]+-generator\\.ts$', '\\.d\\.ts$'],
      },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
