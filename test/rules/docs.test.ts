/**
 * The rules as they describe themselves: one meta per code, each declared in
 * its rule file, the one list of rules (RULES in plan.ts) sound, and the
 * docs' rules table current.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { combineRewrites, instructionRulesByKeyword, RULES } from '../../src/core/convert/plan.js';
import {
  renderRulesTable,
  ruleMetas,
  RULES_TABLE_FILE,
  rulesBlock,
  withRulesTable,
} from '../../src/core/convert/rules/docs.js';
import {
  DROP,
  findingsFor,
  KEEP,
  ruleMeta,
  type InstructionRule,
  type Rewrite,
} from '../../src/core/convert/rules/types.js';
import { REPO_ROOT } from '../helpers/paths.js';

/**
 * Every code published so far: users name them in CI configs and scripts,
 * so none may disappear or change its meaning (a new rule takes a new code;
 * this list need not grow with it).
 */
const PUBLISHED_CODES = [
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
  it('are each declared by one rule file, with what, why and example', () => {
    const metas = ruleMetas();
    const codes = metas.map((meta) => meta.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toEqual(expect.arrayContaining(PUBLISHED_CODES));
    for (const meta of metas) {
      expect(meta.code).toMatch(/^GMC[0-2][0-9]{2}$/);
      for (const text of [meta.what, meta.why, meta.example]) expect(text.trim()).not.toBe('');
      expect(new Set(meta.severity).size).toBe(meta.severity.length);
    }
  });

  it('declare the kinds of finding users see under them', () => {
    const severity = new Map(ruleMetas().map((meta) => [meta.code, [...meta.severity]]));
    expect(severity.get('GMC001')).toEqual(['refusal']);
    // A refused go.mod refuses the file under GMC005; other unread paths are warnings.
    expect(severity.get('GMC005')).toEqual(['refusal', 'warning']);
    // The verdict already-minimal is a status; what cannot work is refused under the fixing rule's code.
    expect(severity.get('GMC004')).toEqual([]);
    expect(severity.get('GMC204')).toEqual(['refusal', 'warning', 'change']);
    expect(severity.get('GMC203')).toEqual(['warning', 'change']);
    expect(severity.get('GMC208')).toEqual(['change']);
  });

  it('are each named, in PascalCase, as SARIF and the prose name them', () => {
    expect(Object.fromEntries(ruleMetas().map((meta) => [meta.code, meta.name]))).toEqual({
      GMC001: 'NotText',
      GMC002: 'NoFrom',
      GMC003: 'NoGoBuild',
      GMC004: 'AlreadyMinimal',
      GMC005: 'UnreadableContext',
      GMC006: 'UnfollowedBuild',
      GMC007: 'MinimalStageTarget',
      GMC008: 'BuildContext',
      GMC101: 'Cgo',
      GMC102: 'StaticBuild',
      GMC103: 'Tzdata',
      GMC104: 'GoRun',
      GMC105: 'SingleStageSplit',
      GMC106: 'DynamicLink',
      GMC107: 'ModuleMode',
      GMC108: 'PrebuiltBinary',
      GMC201: 'RuntimeBase',
      GMC202: 'RuntimeRun',
      GMC203: 'Shell',
      GMC204: 'NumericUser',
      GMC205: 'DefaultUser',
      GMC206: 'Healthcheck',
      GMC207: 'ExecForm',
      GMC208: 'NumericChown',
      GMC209: 'ScratchFiles',
      GMC210: 'CopyIntoFolder',
    });
  });

  it('GMC001, GMC005 and GMC008, found by the code that reads the files, come from rule files too', () => {
    const inputRules = RULES.filter((rule) => rule.phase === 'input').map((rule) => rule.meta.code);
    expect(inputRules).toEqual(['GMC001', 'GMC005', 'GMC008']);
  });
});

describe('the list of rules', () => {
  const instructionRules = RULES.filter((rule): rule is InstructionRule => rule.phase === 'instruction');

  it('says, for every rule that refuses, what its refusals mean (the order of the reasons)', () => {
    const undeclared = RULES.filter(
      (rule) => rule.meta.severity.includes('refusal') && rule.meta.refusals === undefined,
    ).map((rule) => rule.meta.code);
    expect(undeclared).toEqual([]);
    const meaning = new Map(RULES.map((rule) => [rule.meta.code, rule.meta.refusals]));
    // What the user must change before anything else: not Go, cgo, runtime packages and steps, a script.
    for (const code of ['GMC003', 'GMC101', 'GMC202', 'GMC207'] as const)
      expect([code, meaning.get(code)]).toEqual([code, 'scratch-impossible']);
    // What the converter could not see: a build it could not follow, a base it does not know.
    for (const code of ['GMC006', 'GMC201'] as const)
      expect([code, meaning.get(code)]).toEqual([code, 'not-seen']);
  });

  it('names its instruction rules by keywords in capitals', () => {
    const keywords = instructionRules.flatMap((rule) => rule.keywords);
    expect(keywords.length).toBeGreaterThan(0);
    for (const keyword of keywords) expect(keyword).toBe(keyword.toUpperCase());
  });

  it('holds its instruction rules together: their findings come, in file order, at the first one', () => {
    const positions = RULES.flatMap((rule, index) => (rule.phase === 'instruction' ? [index] : []));
    const first = positions[0] ?? 0;
    expect(positions).toEqual(positions.map((_, offset) => first + offset));
  });

  it('runs every instruction rule of a keyword, in the order of the list', () => {
    const rule = (code: 'GMC203' | 'GMC299', keywords: string[]): InstructionRule => {
      const meta = ruleMeta({ code, name: 'N', severity: [], what: 'w', why: 'y', example: 'e' });
      return { meta, phase: 'instruction', keywords, check: () => findingsFor(meta).plan() };
    };
    const byKeyword = instructionRulesByKeyword([
      rule('GMC203', ['SHELL', 'USER']),
      rule('GMC299', ['USER']),
    ]);
    expect([...byKeyword].map(([keyword, rules]) => [keyword, rules.map((r) => r.meta.code)])).toEqual([
      ['SHELL', ['GMC203']],
      ['USER', ['GMC203', 'GMC299']],
    ]);
  });
});

describe('combineRewrites: the rewrites of one instruction by several rules', () => {
  const patch = (start: number, end: number, text: string): Rewrite => ({
    kind: 'patch',
    edits: [{ start, end, text }],
  });

  it('keeps the instruction when no rule acts, and takes the one rewrite when one does', () => {
    expect(combineRewrites(3, [{ code: 'GMC208', rewrite: KEEP }])).toEqual(KEEP);
    expect(combineRewrites(3, [])).toEqual(KEEP);
    const replace: Rewrite = { kind: 'replace', text: 'COPY a b' };
    expect(
      combineRewrites(3, [
        { code: 'GMC208', rewrite: KEEP },
        { code: 'GMC210', rewrite: replace },
      ]),
    ).toEqual(replace);
  });

  it('joins patches of two rules, by offset', () => {
    expect(
      combineRewrites(3, [
        { code: 'GMC208', rewrite: patch(40, 44, '1000') },
        { code: 'GMC210', rewrite: patch(20, 30, 'x') },
      ]),
    ).toEqual({
      kind: 'patch',
      edits: [
        { start: 20, end: 30, text: 'x' },
        { start: 40, end: 44, text: '1000' },
      ],
    });
  });

  it('refuses, as a bug, two whole rewrites or a whole rewrite with a patch, and overlapping patches', () => {
    expect(() =>
      combineRewrites(3, [
        { code: 'GMC208', rewrite: patch(40, 44, '1000') },
        { code: 'GMC210', rewrite: DROP },
      ]),
    ).toThrow('internal error: GMC208 and GMC210 both rewrite line 3, and only patches combine');
    expect(() =>
      combineRewrites(7, [
        { code: 'GMC208', rewrite: patch(40, 44, '1000') },
        { code: 'GMC210', rewrite: patch(43, 43, '/') },
      ]),
    ).toThrow('internal error: GMC208 and GMC210 patch overlapping text of line 7');
  });
});

describe("the docs' rules table", () => {
  it(`is what the code renders (regenerate it with: npm run docs:rules)`, () => {
    const block = rulesBlock(readFileSync(path.join(REPO_ROOT, RULES_TABLE_FILE), 'utf8'));
    if (block !== renderRulesTable()) {
      throw new Error(
        `${RULES_TABLE_FILE}'s rules table differs from the rules' meta (src/core/convert/rules/*.ts): run \`npm run docs:rules\` and commit ${RULES_TABLE_FILE}`,
      );
    }
    expect(block).toContain(
      '| GMC101 | refuses cgo builds, naming every piece of evidence with its file and line: `import "C"` in a file a Linux build compiles',
    );
    expect(block).toContain(
      '| GMC106 | removes `-buildmode=pie` (flag, `-ldflags` or `GOFLAGS`) and `-linkmode external`',
    );
    expect(block?.split('\n').slice(0, 3)).toEqual([
      '| code | what | why | example |',
      '| ---- | ---- | --- | ------- |',
      '| GMC001 | refuses a file that is empty, binary or not UTF-8, or beyond the budgets (4 MB, 100,000 lines, 64 KB a line or an instruction, 256 KB of instructions, 1,000 instructions, 100 stages, 1,000 go commands, 2,000 edits) | there is no Dockerfile to read | a file holding NUL bytes: refused |',
    ]);
  });
});

describe('the rules table, rendered', () => {
  it('escapes a | in a cell, so the cell does not split', () => {
    const meta = ruleMeta({
      code: 'GMC299',
      name: 'Pipes',
      severity: [],
      what: 'reads `a | b`',
      why: 'y',
      example: '`x || y`',
    });
    expect(renderRulesTable([meta])).toBe(
      [
        '| code | what | why | example |',
        '| ---- | ---- | --- | ------- |',
        '| GMC299 | reads `a \\| b` | y | `x \\|\\| y` |',
      ].join('\n'),
    );
  });
});

describe('the rules block of a document', () => {
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

  it('is replaced by the rendered table, the rest kept, in any document with the markers', () => {
    const readme = `# Title\n${START}\nold\n${END}\ntail\n`;
    expect(withRulesTable(readme)).toBe(`# Title\n${START}\n${renderRulesTable()}\n${END}\ntail\n`);
    const page = `---\ntitle: Rules\n---\n\nSee below.\n\n${START}\n${END}\n`;
    expect(withRulesTable(page)).toBe(
      `---\ntitle: Rules\n---\n\nSee below.\n\n${START}\n${renderRulesTable()}\n${END}\n`,
    );
    expect(() => withRulesTable(`# Title\n${END}\n${START}\n`)).toThrow(
      'docs/convert.md has no <!-- rules:start --> ... <!-- rules:end --> block',
    );
    expect(() => withRulesTable('# Title\n')).toThrow(
      'docs/convert.md has no <!-- rules:start --> ... <!-- rules:end --> block',
    );
  });
});
