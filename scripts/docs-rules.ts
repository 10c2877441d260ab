/** npm run docs:rules: writes the rules table (src/core/convert/rules/codes.ts) into its page, RULES_TABLE_FILE. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RULES_TABLE_FILE, withRulesTable } from '../src/core/convert/rules/docs.js';

const pagePath = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', RULES_TABLE_FILE);
const before = readFileSync(pagePath, 'utf8');
const after = withRulesTable(before);
if (after !== before) writeFileSync(pagePath, after);
process.stdout.write(
  `${RULES_TABLE_FILE}: rules table ${after === before ? 'already current' : 'updated'}\n`,
);
