/**
 * The rules table of the convert page (RULES_TABLE_FILE), rendered from RULE_DOCS.
 * `npm run docs:rules` writes it between the markers; test/rules/docs.test.ts
 * fails when the page's copy differs from what this renders.
 */
import { RULE_DOCS } from './codes.js';

/** The page, relative to the repository, that holds the rules table. */
export const RULES_TABLE_FILE = 'docs/convert.md';

export const RULES_START = '<!-- rules:start -->';
export const RULES_END = '<!-- rules:end -->';

export function renderRulesTable(): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  return [
    '| code | what | why | example |',
    '| ---- | ---- | --- | ------- |',
    ...RULE_DOCS.map(
      (doc) => `| ${doc.code} | ${cell(doc.what)} | ${cell(doc.why)} | ${cell(doc.example)} |`,
    ),
  ].join('\n');
}

/** The text between the markers, without the newlines next to them; undefined when a marker is missing. */
export function rulesBlock(page: string): string | undefined {
  const start = page.indexOf(RULES_START);
  const end = page.indexOf(RULES_END);
  if (start === -1 || end < start) return undefined;
  return page
    .slice(start + RULES_START.length, end)
    .replace(/^\n/, '')
    .replace(/\n$/, '');
}

/** `page` with the block between the markers replaced by the rendered table. */
export function withRulesTable(page: string): string {
  const start = page.indexOf(RULES_START);
  const end = page.indexOf(RULES_END);
  if (start === -1 || end < start)
    throw new Error(`${RULES_TABLE_FILE} has no ${RULES_START} ... ${RULES_END} block`);
  return `${page.slice(0, start + RULES_START.length)}\n${renderRulesTable()}\n${page.slice(end)}`;
}
