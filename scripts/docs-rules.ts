/** npm run docs:rules: writes the rules table (src/core/convert/rules/codes.ts) into README.md. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { withRulesTable } from '../src/core/convert/rules/docs.js';

const readmePath = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'README.md');
const before = readFileSync(readmePath, 'utf8');
const after = withRulesTable(before);
if (after !== before) writeFileSync(readmePath, after);
process.stdout.write(
  after === before ? 'README.md: rules table already current\n' : 'README.md: rules table updated\n',
);
