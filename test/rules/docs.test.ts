/** The codes table: one entry per code, one rule per code, and the convert page's copy current. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ALL_RULES } from '../../src/core/convert/plan.js';
import { RULE_DOCS, RuleCode } from '../../src/core/convert/rules/codes.js';
import {
  RULES_TABLE_FILE,
  renderRulesTable,
  rulesBlock,
  withRulesTable,
} from '../../src/core/convert/rules/docs.js';
import { REPO_ROOT } from '../helpers/paths.js';

const EVERY_CODE = [
  'GMC001',
  'GMC002',
  'GMC003',
  'GMC004',
  'GMC005',
  'GMC006',
  'GMC101',
  'GMC102',
  'GMC103',
  'GMC104',
  'GMC105',
  'GMC106',
  'GMC107',
  'GMC201',
  'GMC202',
  'GMC203',
  'GMC204',
  'GMC205',
  'GMC206',
  'GMC207',
  'GMC208',
  'GMC209',
];

describe('rule codes', () => {
  it('are documented once each, in order', () => {
    expect(Object.values(RuleCode)).toEqual(EVERY_CODE);
    expect(RULE_DOCS.map((doc) => doc.code)).toEqual(EVERY_CODE);
    for (const doc of RULE_DOCS)
      for (const text of [doc.what, doc.why, doc.example]) expect(text).not.toBe('');
  });

  it('each belong to one rule; GMC001 and GMC005 are the file-level checks of files.ts', () => {
    const ruleCodes = ALL_RULES.map((rule) => rule.code).sort();
    expect(ruleCodes).toEqual(EVERY_CODE.filter((code) => code !== 'GMC001' && code !== 'GMC005'));
  });
});

describe("the convert page's rules table", () => {
  it('is in docs/convert.md', () => {
    expect(RULES_TABLE_FILE).toBe('docs/convert.md');
  });

  it('is what the code renders (regenerate it with: npm run docs:rules)', () => {
    const block = rulesBlock(readFileSync(path.join(REPO_ROOT, RULES_TABLE_FILE), 'utf8'));
    if (block !== renderRulesTable()) {
      throw new Error(
        `${RULES_TABLE_FILE}'s rules table differs from src/core/convert/rules/codes.ts: run \`npm run docs:rules\` and commit ${RULES_TABLE_FILE}`,
      );
    }
    expect(block).toContain(
      '| GMC101 | refuses cgo builds, naming every piece of evidence with its file and line: `import "C"` in a file a Linux build compiles',
    );
    expect(block).toContain(
      '| GMC106 | removes `-buildmode=pie` (flag, `-ldflags` or `GOFLAGS`) and `-linkmode external`',
    );
  });
});

describe('the rules block of a page', () => {
  const START = '<!-- rules:start -->';
  const END = '<!-- rules:end -->';

  it('is the text between the markers, without the newlines next to them', () => {
    expect(rulesBlock(`intro\n${START}\n| a |\n| b |\n${END}\nend`)).toBe('| a |\n| b |');
    expect(rulesBlock(`${START}x${END}`)).toBe('x');
    expect(rulesBlock(`${START}a\nb${END}`)).toBe('a\nb');
    expect(rulesBlock(`${START}\n\nx\n\n${END}`)).toBe('\nx\n');
  });

  it('is undefined when a marker is missing or the end comes first', () => {
    expect(rulesBlock(`${START}\nx\n`)).toBeUndefined();
    expect(rulesBlock(`x\n${END}`)).toBeUndefined();
    expect(rulesBlock(`${END}\nx\n${START}`)).toBeUndefined();
  });

  it('is replaced by the rendered table, the rest kept', () => {
    const page = `# Title\n${START}\nold\n${END}\ntail\n`;
    expect(withRulesTable(page)).toBe(`# Title\n${START}\n${renderRulesTable()}\n${END}\ntail\n`);
    expect(() => withRulesTable(`# Title\n${END}\n${START}\n`)).toThrow(
      'docs/convert.md has no <!-- rules:start --> ... <!-- rules:end --> block',
    );
    expect(() => withRulesTable('# Title\n')).toThrow(
      'docs/convert.md has no <!-- rules:start --> ... <!-- rules:end --> block',
    );
  });
});
