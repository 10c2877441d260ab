/**
 * The binary a file with no Go build starts, when the stage that ships
 * copies it from the build context (GoReleaser style: `COPY app /usr/bin/app`,
 * `ENTRYPOINT ["/usr/bin/app"]`): where it lands, which COPY put it there,
 * what the file is when it is in the context, and the context's GoReleaser
 * config, which says how it is built. The config is read only for such a
 * file (options.releaseConfig is lazy).
 */
import { copyCandidates } from '../builds/indirect-builds.js';
import type { ReleaseConfigRead } from '../builds/release-config.js';
import { absoluteProgram, looksLikeScript, startProgram } from '../shell/exec-form.js';
import { substituteVariables } from './dockerfile-model.js';
import type { CopyFacts, PrebuiltStart, StageFacts } from './facts.js';
import { copiedBinaries } from './folders.js';
import type { ProgramKind } from './programs.js';

const SHELLS = new Set(['/bin/sh', 'sh', '/bin/bash', 'bash']);

export function prebuiltStart(
  final: StageFacts,
  context: {
    readonly contextProgram: ((relativePath: string) => ProgramKind | undefined) | undefined;
    readonly releaseConfig: (() => ReleaseConfigRead) | undefined;
  },
): PrebuiltStart | undefined {
  const started = startProgram(final.instructions);
  if (!started || SHELLS.has(started.program)) return undefined;
  const { program, start } = started;
  const path = absoluteProgram(
    substituteVariables(program, start.scope.env),
    start.scope.workdir,
    copiedBinaries(final, true),
    false,
  );
  // Every COPY of the stage, before the ENTRYPOINT or after it: the image
  // holds them all when it starts (VictoriaMetrics writes ENTRYPOINT first).
  const copies = final.instructions.filter(
    (other): other is CopyFacts => other.kind === 'copy' && other.from === undefined,
  );
  for (const copy of copies.reverse()) {
    // A source that is the file itself comes before one read as a folder holding it (`COPY dist/app /usr/bin`).
    const sources = new Set(copy.arguments.slice(0, -1).map((source) => source.replace(/^(\.?\/)+/, '')));
    // A source the context holds as a file holds no folder: `COPY config.toml .` does not bring /app/app.
    const isContextFile = (source: string) => context.contextProgram?.(source) !== undefined;
    const candidates = copyCandidates(copy, path)
      .filter(
        (candidate) =>
          sources.has(candidate) ||
          ![...sources].some((source) => candidate.startsWith(`${source}/`) && isContextFile(source)),
      )
      .sort((a, b) => Number(sources.has(b)) - Number(sources.has(a)))
      .map((written) => ({ written, source: substituteVariables(written, copy.scope.env) }));
    const [first] = candidates;
    if (first === undefined) continue;
    const found = candidates
      .map((candidate) => ({ ...candidate, file: context.contextProgram?.(candidate.source) }))
      .find(({ file }) => file !== undefined);
    // A script (or a file that is no ELF binary) is no prebuilt binary: GMC207 refuses it as it is.
    const kind = found?.file?.kind;
    if (kind === 'script' || kind === 'other' || (kind === undefined && looksLikeScript(path)))
      return undefined;
    return {
      start,
      path,
      copy,
      source: found?.source ?? first.source,
      writtenSource: found?.written ?? first.written,
      file: found?.file,
      config: context.releaseConfig?.() ?? { kind: 'absent' },
    };
  }
  return undefined;
}
