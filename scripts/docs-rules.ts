/** npm run docs:rules: writes the rules table (src/core/convert/rules/codes.ts) into its page, RULES_PAGE. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RULES_PAGE, withRulesTable } from '../src/core/convert/rules/docs.js';

const pagePath = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', RULES_PAGE);
const before = readFileSync(pagePath, 'utf8');
const after = withRulesTable(before);
if (after !== before) writeFileSync(pagePath, after);
process.stdout.write(`${RULES_PAGE}: rules table ${after === before ? 'already current' : 'updated'}\n`);
