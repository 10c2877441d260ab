/**
 * Reading the build context's GoReleaser config, for a Dockerfile that only
 * copies in a prebuilt binary: through the safe reader (a regular file,
 * capped at READ_LIMITS['release config'], no link leading out of the
 * context), then parsed into plain YAML nodes with their lines.
 *
 * The YAML parser is loaded here, on first use only: a conversion that never
 * looks for a config (every Dockerfile with a Go build in it) never loads it,
 * and the bin's bundle leaves it out (scripts/bundle.mjs).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Document, LineCounter as LineCounterType, Node as YamlLibraryNode } from 'yaml';
import { ReadError, tryReadText } from '../../fs/safe-read.js';
import {
  GORELEASER_CONFIG_NAMES,
  KO_CONFIG_NAMES,
  PROMU_CONFIG_NAMES,
  type ReleaseConfigRead,
  type ReleaseTool,
  type YamlNode,
} from '../builds/release-config.js';
import { foldersUpToRepositoryRoot } from './repository.js';

const load = createRequire(import.meta.url);

function yamlLibrary(): typeof import('yaml') {
  return load('yaml') as typeof import('yaml');
}

/**
 * Nesting deeper than this is no GoReleaser setting: what lies below it is
 * read as empty, so that a hostile file cannot make the conversion recurse
 * without bound.
 */
const MAX_DEPTH = 32;
/**
 * Aliases expanded and nodes made at most, so that a "billion laughs" file
 * (aliases of aliases, each doubling the tree) is refused, not expanded.
 */
const MAX_ALIASES = 100;
const MAX_NODES = 100_000;

class OverBudget extends Error {}

/**
 * The GoReleaser (or ko) config that builds the Dockerfile `dockerfile` of
 * folder `dir`: the one in `dir` itself, else the one at the root of the
 * repository that holds `dir` (the nearest folder above it with a `.git`),
 * where GoReleaser runs and reads it, with `dockerfile:` keys relative to it
 * (`dockerfile: build/Dockerfile`). Without a `.git` above, only `dir` is
 * read: a folder above an unversioned project is not the project's.
 */
export function readReleaseConfig(dir: string, dockerfile: string): ReleaseConfigRead {
  const own = readReleaseConfigIn(dir, dockerfile);
  if (own.kind !== 'absent') return own;
  const root = foldersUpToRepositoryRoot(dir).at(-1);
  if (root === undefined) return own;
  const fromRoot = readReleaseConfigIn(root, path.relative(root, path.resolve(dir, dockerfile)), dir);
  return fromRoot.kind === 'absent' ? own : fromRoot;
}

/**
 * The first GoReleaser config of `dir` (GORELEASER_CONFIG_NAMES, in
 * GoReleaser's order), or else its `.ko.yaml`, read and parsed;
 * `dockerfile` is the Dockerfile's path relative to `dir`. The report names
 * the config by its path from the Dockerfile's folder, `shownFrom`
 * (`../.goreleaser.yaml` for one read at the repository's root).
 */
function readReleaseConfigIn(dir: string, dockerfile: string, shownFrom = dir): ReleaseConfigRead {
  const names = [
    ...GORELEASER_CONFIG_NAMES.map((name) => ({ name, tool: 'goreleaser' as const })),
    ...KO_CONFIG_NAMES.map((name) => ({ name, tool: 'ko' as const })),
    ...PROMU_CONFIG_NAMES.map((name) => ({ name, tool: 'promu' as const })),
  ];
  for (const { name, tool } of names) {
    const shown = path.relative(shownFrom, path.join(dir, name));
    const read = tryReadText(path.join(dir, name), { kind: 'release config', within: dir, shown });
    if (read.ok) return parseReleaseConfig(shown, read.text, dockerfile, tool);
    if (isAbsence(read.error)) continue;
    return { kind: 'refused', file: shown, reason: read.error.reason };
  }
  return { kind: 'absent' };
}

function isAbsence(error: ReadError): boolean {
  return (
    error.refusal === 'not-found' || error.fileType === 'a directory' || error.code === 'not-a-directory'
  );
}

/** A config's text as YAML nodes, or where the parser stopped and why. */
export function parseReleaseConfig(
  file: string,
  text: string,
  dockerfile: string,
  tool: ReleaseTool = 'goreleaser',
): ReleaseConfigRead {
  const { parseDocument, LineCounter } = yamlLibrary();
  const lines: LineCounterType = new LineCounter();
  let document: Document.Parsed;
  try {
    document = parseDocument(text, {
      lineCounter: lines,
      prettyErrors: true,
      // GoReleaser's YAML reader takes `<<: *anchor` merge keys.
      merge: true,
    });
  } catch (error) {
    return { kind: 'unparsable', file, line: undefined, message: String((error as Error).message ?? error) };
  }
  const [first] = document.errors;
  if (first !== undefined)
    return {
      kind: 'unparsable',
      file,
      line: first.linePos?.[0].line,
      message: (first.message.split('\n')[0] ?? first.message).replace(/:\s*$/, ''),
    };
  try {
    const budget = { aliases: 0, nodes: 0 };
    const root = plainNode(document.contents, document, lines, 0, budget) ?? {
      kind: 'scalar',
      line: 1,
      value: null,
    };
    return { kind: 'parsed', tool, file, dockerfile, root };
  } catch (error) {
    if (!(error instanceof OverBudget)) throw error;
    return { kind: 'unparsable', file, line: undefined, message: error.message };
  }
}

function plainNode(
  node: YamlLibraryNode | null,
  document: Document.Parsed,
  lines: LineCounterType,
  depth: number,
  budget: { aliases: number; nodes: number },
): YamlNode | undefined {
  const { isAlias, isMap, isScalar, isSeq } = yamlLibrary();
  if (node === null || depth > MAX_DEPTH) return undefined;
  if (++budget.nodes > MAX_NODES)
    throw new OverBudget(
      `more than ${MAX_NODES.toLocaleString('en')} values: too large for a GoReleaser config`,
    );
  const line = node.range ? lines.linePos(node.range[0]).line : 1;
  if (isAlias(node)) {
    if (++budget.aliases > MAX_ALIASES)
      throw new OverBudget(
        `more than ${MAX_ALIASES} aliases (*name) expanded: too many for a GoReleaser config`,
      );
    const target = node.resolve(document);
    return target ? plainNode(target, document, lines, depth + 1, budget) : undefined;
  }
  if (isScalar(node)) {
    const { value } = node;
    return {
      kind: 'scalar',
      line,
      value:
        typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null,
    };
  }
  if (isSeq(node))
    return {
      kind: 'list',
      line,
      items: node.items.flatMap((item) => {
        const plain = plainNode(item as YamlLibraryNode, document, lines, depth + 1, budget);
        return plain ? [plain] : [];
      }),
    };
  if (isMap(node)) {
    const entries: Array<{ key: string; value: YamlNode }> = [];
    const merged: YamlNode[] = [];
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      const value = plainNode(pair.value as YamlLibraryNode | null, document, lines, depth + 1, budget);
      if (key === '<<' && value !== undefined)
        merged.push(...(value.kind === 'list' ? value.items : [value]));
      else if (key !== undefined)
        entries.push({ key, value: value ?? { kind: 'scalar', line, value: null } });
    }
    // `<<: *defaults` merges the keys the map does not set itself, the first merged map first.
    for (const source of merged)
      if (source.kind === 'map')
        for (const entry of source.entries)
          if (!entries.some((own) => own.key === entry.key)) entries.push(entry);
    return { kind: 'map', line, entries };
  }
  return undefined;
}
