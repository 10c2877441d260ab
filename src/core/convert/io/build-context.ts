/**
 * Which folder to read as a Dockerfile's build context. Docker takes it from
 * the command line, which the converter does not see, so it reads what the
 * Dockerfile itself says: the files its COPY and ADD take from the context.
 * The Dockerfile's own folder is the context when they are there (or the
 * file names none); else the nearest folder above it, up to the repository's
 * root, that holds them all (a Dockerfile in build/package/ built from the
 * root). GMC008 (rules/build-context.ts) reports the choice.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { collectFacts } from '../facts/collect-facts.js';
import type { ContextSource } from '../rules/build-context.js';
import { foldersUpToRepositoryRoot } from './repository.js';

export interface BuildContextChoice {
  /** The folder read as the build context. */
  readonly dir: string;
  /** The literal sources the Dockerfile copies from the context, which chose it. */
  readonly sources: readonly ContextSource[];
  /** Whether `dir` is a folder above the Dockerfile's own. */
  readonly above: boolean;
  /** The COPY of go.mod (or of a pattern that takes it) when no folder looked in has one. */
  readonly goModMissing: ContextSource | undefined;
  /** Every folder looked in, from the Dockerfile's, as the report names them. */
  readonly looked: readonly string[];
}

export function chooseBuildContext(file: string, text: string): BuildContextChoice {
  const own = path.dirname(path.resolve(file));
  const { sources: named, whole } = contextSources(text);
  // A file that copies the whole context (`COPY . /src`) builds the module in it: the context holds its go.mod.
  const sources =
    whole !== undefined && !existsIn(own, 'go.mod') && !named.some(({ source }) => takesGoMod(source))
      ? [...named, { source: 'go.mod', line: whole.line }]
      : named;
  const has = (list: readonly ContextSource[]) => (dir: string) =>
    list.every(({ source }) => existsIn(dir, source));
  const looked = [own, ...(sources.length > 0 && !has(sources)(own) ? foldersUpToRepositoryRoot(own) : [])];
  // Where no folder has that go.mod (a GOPATH build), the files the Dockerfile names still choose.
  const withModule = looked.find(has(sources));
  const dir = withModule ?? looked.find(has(named)) ?? own;
  const goMod = named.find(({ source }) => takesGoMod(source));
  return {
    dir,
    sources: withModule === undefined ? named : sources,
    above: dir !== own,
    goModMissing:
      goMod !== undefined && !looked.some((folder) => existsIn(folder, 'go.mod')) ? goMod : undefined,
    looked: looked.map((folder) => path.relative(own, folder) || '.'),
  };
}

/**
 * What COPY and ADD take from the build context, as written: not `.`, not a
 * URL, a here-document or a path with a variable in it (no folder tells
 * anything about those), and not what --from takes from a stage or image.
 */
function contextSources(text: string): { sources: ContextSource[]; whole: ContextSource | undefined } {
  let facts;
  try {
    facts = collectFacts(text, { strategy: 'scratch' });
  } catch {
    // A file the facts pass cannot read is refused by the conversion itself, with its reason.
    return { sources: [], whole: undefined };
  }
  const sources: ContextSource[] = [];
  let whole: ContextSource | undefined;
  // Only a file that builds Go (or runs a build it cannot follow) needs the module its whole context holds.
  const builds = facts.goCommands.length > 0 || facts.unfollowedBuilds.length > 0;
  for (const stage of facts.stages)
    for (const instruction of stage.instructions) {
      if (instruction.kind !== 'copy' || instruction.from !== undefined) continue;
      for (const written of instruction.arguments.slice(0, -1)) {
        const source = written.replace(/^(\.?\/)+/, '').replace(/\/+$/, '');
        if (builds && (source === '' || source === '.')) whole ??= { source: '.', line: instruction.line };
        if (source === '' || source === '.' || source.startsWith('<<') || /[$]|^[a-z]+:\/\//i.test(written))
          continue;
        if (source.split('/').includes('..')) continue;
        if (!sources.some((known) => known.source === source))
          sources.push({ source, line: instruction.line });
      }
    }
  return { sources, whole };
}

/** Whether `source` (a path, or a pattern in its last part) names something in `dir`. */
function existsIn(dir: string, source: string): boolean {
  const parts = source.split('/');
  const last = parts.pop() ?? '';
  const folder = path.join(dir, ...parts);
  if (parts.some(isPattern)) return true;
  if (!isPattern(last)) {
    try {
      statSync(path.join(folder, last));
      return true;
    } catch {
      return false;
    }
  }
  const pattern = globPattern(last);
  try {
    return readdirSync(folder).some((name) => pattern.test(name));
  } catch {
    return false;
  }
}

function takesGoMod(source: string): boolean {
  const last = source.split('/').pop() ?? '';
  return (
    !source.includes('/') && (last === 'go.mod' || (isPattern(last) && globPattern(last).test('go.mod')))
  );
}

function isPattern(part: string): boolean {
  return /[*?[]/.test(part);
}

/** A Go filepath.Match pattern (Docker's COPY patterns) of one path part, as a regular expression. */
function globPattern(part: string): RegExp {
  let pattern = '';
  for (let i = 0; i < part.length; i++) {
    const char = part[i] ?? '';
    if (char === '*') pattern += '[^/]*';
    else if (char === '?') pattern += '[^/]';
    else if (char === '[') {
      const end = part.indexOf(']', i + 1);
      if (end < 0) return /$^/;
      const body = part.slice(i + 1, end).replace(/^\^/, '!');
      pattern += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
      i = end;
    } else if (char === '\\' && i + 1 < part.length) pattern += `\\${part[++i]}`;
    else pattern += char.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${pattern}$`);
}
