/**
 * The rules table of the docs, rendered from the meta each rule file
 * declares. `npm run docs:rules` writes it between the markers of
 * RULES_TABLE_FILE; test/rules/docs.test.ts fails when that file's copy
 * differs from what this renders.
 */
import { RULES } from '../plan.js';
import type { RuleMeta } from './types.js';

/** The file that holds the rules table, relative to the repository root. */
export const RULES_TABLE_FILE = 'docs/convert.md';

export const RULES_START = '<!-- rules:start -->';
export const RULES_END = '<!-- rules:end -->';

/** Every rule's meta once (a rule of two phases shares one), in the order of the codes. */
export function ruleMetas(): RuleMeta[] {
  return [...new Set(RULES.map((rule) => rule.meta))].sort((a, b) => a.code.localeCompare(b.code));
}

/** The table of `metas` (every rule's, unless given), a `|` in their text escaped so it stays in its cell. */
export function renderRulesTable(metas: readonly RuleMeta[] = ruleMetas()): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  return [
    '| code | what | why | example |',
    '| ---- | ---- | --- | ------- |',
    ...metas.map(
      (meta) => `| ${meta.code} | ${cell(meta.what)} | ${cell(meta.why)} | ${cell(meta.example)} |`,
    ),
  ].join('\n');
}

/** The text between the markers, without the newlines next to them; undefined when a marker is missing. */
export function rulesBlock(text: string): string | undefined {
  const start = text.indexOf(RULES_START);
  const end = text.indexOf(RULES_END);
  if (start === -1 || end < start) return undefined;
  return text
    .slice(start + RULES_START.length, end)
    .replace(/^\n/, '')
    .replace(/\n$/, '');
}

/** `text` (any document with the markers) with the block between the markers replaced by the rendered table. */
export function withRulesTable(text: string): string {
  const start = text.indexOf(RULES_START);
  const end = text.indexOf(RULES_END);
  if (start === -1 || end < start)
    throw new Error(`${RULES_TABLE_FILE} has no ${RULES_START} ... ${RULES_END} block`);
  return `${text.slice(0, start + RULES_START.length)}\n${renderRulesTable()}\n${text.slice(end)}`;
}
