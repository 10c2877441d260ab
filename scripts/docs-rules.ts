/** npm run docs:rules: writes the rules table (rendered from each rule file's meta) into RULES_TABLE_FILE. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RULES_TABLE_FILE, withRulesTable } from '../src/core/convert/rules/docs.js';

const target = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', RULES_TABLE_FILE);
const before = readFileSync(target, 'utf8');
const after = withRulesTable(before);
if (after !== before) writeFileSync(target, after);
process.stdout.write(
  after === before
    ? `${RULES_TABLE_FILE}: rules table already current\n`
    : `${RULES_TABLE_FILE}: rules table updated\n`,
);
