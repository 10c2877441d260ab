/**
 * The rules table of README.md, rendered from RULE_DOCS. `npm run
 * docs:rules` writes it between the markers; test/rules/docs.test.ts fails
 * when README.md's copy differs from what this renders.
 */
import { RULE_DOCS } from './codes.js';

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
export function rulesBlock(readme: string): string | undefined {
  const start = readme.indexOf(RULES_START);
  const end = readme.indexOf(RULES_END);
  if (start === -1 || end < start) return undefined;
  return readme
    .slice(start + RULES_START.length, end)
    .replace(/^\n/, '')
    .replace(/\n$/, '');
}

/** `readme` with the block between the markers replaced by the rendered table. */
export function withRulesTable(readme: string): string {
  const start = readme.indexOf(RULES_START);
  const end = readme.indexOf(RULES_END);
  if (start === -1 || end < start) throw new Error(`README.md has no ${RULES_START} ... ${RULES_END} block`);
  return `${readme.slice(0, start + RULES_START.length)}\n${renderRulesTable()}\n${readme.slice(end)}`;
}
