/**
 * `--format sarif`: the results as one SARIF 2.1.0 log, the format code
 * scanning reads (GitHub's upload-sarif, GitLab, Azure DevOps, the VS Code
 * SARIF viewer), so each finding shows on its line of the Dockerfile.
 *
 * One run for the whole command, however many files `--all` found: the tool,
 * one rule per GMC code (from the rules' own docs), every file looked at as
 * an artifact, and one result per finding:
 * - a refusal is `error`: the file cannot ship scratch until it is changed;
 * - a rule's warning is `warning`;
 * - a change the conversion would make is `warning` too, not `note`: it is
 *   what makes `--check` fail, and code-scanning views and gates that hide or
 *   pass notes would show a green check next to a red job.
 * A file that could not be read, or a path `--all` skipped, is a tool
 * execution notification rather than a result: nothing was found there.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ConversionResult } from '../convert.js';
import { ruleMetas } from '../rules/docs.js';
import type { RuleCode, RuleMeta } from '../rules/types.js';
import type { SkippedPath } from '../io/discovery.js';
import { changeMessage, isUnreadFolder } from './formats.js';

export const SARIF_SCHEMA =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** The base every artifact URI is relative to: the folder the command ran in. */
export const SOURCE_ROOT = '%SRCROOT%';

export interface SarifTool {
  readonly name: string;
  readonly version: string;
  readonly informationUri: string;
}

export interface SarifInput {
  readonly tool: SarifTool;
  /** The folder the command ran in, absolute. */
  readonly root: string;
  /** Every file looked at, absolute, with what became of it, in the order of the run. */
  readonly outcomes: ReadonlyArray<{ readonly path: string; readonly result: ConversionResult }>;
  /** What `--all` did not look into, with absolute paths. */
  readonly skipped: readonly SkippedPath[];
}

export type SarifLevel = 'error' | 'warning' | 'note';

export interface SarifArtifactLocation {
  uri: string;
  uriBaseId?: string;
  index?: number;
}

export interface SarifLocation {
  physicalLocation: { artifactLocation: SarifArtifactLocation; region?: { startLine: number } };
}

export interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
}

export interface SarifResult {
  ruleId: string;
  /** Where the rule is in the driver's rules; absent for a code the table lacks. */
  ruleIndex?: number;
  level: SarifLevel;
  message: { text: string };
  locations: SarifLocation[];
  properties: { finding: 'refusal' | 'warning' | 'change' };
}

export interface SarifNotification {
  level: SarifLevel;
  message: { text: string };
  locations: SarifLocation[];
  properties: { code: string };
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: [
    {
      tool: { driver: SarifTool & { semanticVersion: string; rules: SarifRule[] } };
      originalUriBaseIds: Record<string, { uri: string }>;
      artifacts: Array<{ location: SarifArtifactLocation; roles: ['analysisTarget'] }>;
      invocations: [{ executionSuccessful: boolean; toolExecutionNotifications: SarifNotification[] }];
      results: SarifResult[];
    },
  ];
}

function sarifRules(docs: readonly RuleMeta[]): SarifRule[] {
  return docs.map((doc) => ({
    id: doc.code,
    name: doc.name,
    shortDescription: { text: doc.what },
    fullDescription: { text: doc.why },
    help: {
      text: `${doc.why}\n\nExample: ${doc.example}`,
      markdown: `**Why:** ${doc.why}\n\n**Example:** ${doc.example}`,
    },
  }));
}

/**
 * Where a file is, for code scanning: relative to the working folder under
 * %SRCROOT% (GitHub matches it to the repository's paths), each segment
 * percent-encoded; a file outside that folder keeps its absolute file: URI.
 */
export function artifactLocation(root: string, file: string): SarifArtifactLocation {
  const relative = path.relative(root, file);
  const outside = relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
  if (relative === '' || outside) return { uri: pathToFileURL(file).href };
  return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SOURCE_ROOT };
}

/** `file:///work/repo/`: a base URI names a folder, so it ends with a slash. */
function folderUri(folder: string): string {
  const href = pathToFileURL(folder).href;
  return href.endsWith('/') ? href : `${href}/`;
}

function skippedLevel(entry: SkippedPath): SarifLevel {
  return isUnreadFolder(entry) ? 'error' : 'warning';
}

export function sarifLog(input: SarifInput, docs: readonly RuleMeta[] = ruleMetas()): SarifLog {
  const rules = sarifRules(docs);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const results: SarifResult[] = [];
  const notifications: SarifNotification[] = [];
  const artifacts = input.outcomes.map((outcome) => ({
    location: artifactLocation(input.root, outcome.path),
    roles: ['analysisTarget'] as ['analysisTarget'],
  }));

  input.outcomes.forEach((outcome, index) => {
    const artifact = { ...artifactLocation(input.root, outcome.path), index };
    const at = (line: number | undefined): SarifLocation[] => [
      {
        physicalLocation: {
          artifactLocation: artifact,
          ...(line === undefined ? {} : { region: { startLine: line } }),
        },
      },
    ];
    const push = (
      code: RuleCode,
      level: SarifLevel,
      text: string,
      line: number | undefined,
      finding: SarifResult['properties']['finding'],
    ) => {
      const index = ruleIndex.get(code);
      results.push({
        ruleId: code,
        ...(index === undefined ? {} : { ruleIndex: index }),
        level,
        message: { text },
        locations: at(line),
        properties: { finding },
      });
    };
    const { result } = outcome;
    if (result.status === 'error') {
      notifications.push({
        level: 'error',
        message: { text: result.reason ?? result.code ?? 'failed' },
        locations: at(undefined),
        properties: { code: result.code ?? 'error' },
      });
      return;
    }
    for (const refusal of result.refusals)
      push(refusal.code, 'error', refusal.message, refusal.line, 'refusal');
    for (const warning of result.warnings)
      push(warning.code, 'warning', warning.message, warning.line, 'warning');
    for (const change of result.changes)
      push(change.code, 'warning', changeMessage(change), change.line, 'change');
  });

  for (const entry of input.skipped)
    notifications.push({
      level: skippedLevel(entry),
      message: { text: `skipped: ${entry.reason}` },
      locations: [{ physicalLocation: { artifactLocation: artifactLocation(input.root, entry.path) } }],
      properties: { code: entry.code },
    });

  const failed =
    input.outcomes.some((outcome) => outcome.result.status === 'error') ||
    input.skipped.some((entry) => skippedLevel(entry) === 'error');
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: { ...input.tool, semanticVersion: input.tool.version, rules },
        },
        originalUriBaseIds: { [SOURCE_ROOT]: { uri: folderUri(input.root) } },
        artifacts,
        invocations: [{ executionSuccessful: !failed, toolExecutionNotifications: notifications }],
        results,
      },
    ],
  };
}
