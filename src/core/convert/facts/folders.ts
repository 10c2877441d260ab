/**
 * Which COPY destinations are folders when the COPY runs. Docker puts a
 * source inside the destination when that is an existing folder (or ends in
 * `/`), and names the file after the destination otherwise: so
 * `COPY --from=build /out/app /usr/local/bin` writes /usr/local/bin/app on
 * alpine, where the folder exists, and a file called /usr/local/bin on
 * scratch, where it does not.
 */
import { resolvePath } from './dockerfile-model.js';
import type { CopyFacts, StageFacts } from './facts.js';
import { isMinimalImage } from './images.js';

/**
 * Folders every runtime base the conversion replaces has (alpine, debian,
 * ubuntu, busybox, the distroless base images, the golang images); scratch
 * has none, and what distroless static has is not relied on.
 */
export const BASE_IMAGE_FOLDERS: ReadonlySet<string> = new Set([
  '/bin',
  '/etc',
  '/home',
  '/lib',
  '/mnt',
  '/opt',
  '/root',
  '/run',
  '/sbin',
  '/srv',
  '/tmp',
  '/usr',
  '/usr/bin',
  '/usr/lib',
  '/usr/local',
  '/usr/local/bin',
  '/usr/local/sbin',
  '/usr/sbin',
  '/usr/share',
  '/var',
  '/var/lib',
]);

/**
 * What the destination of `copy` (an instruction of `stage`) is when it runs:
 * a `folder` in any image (a trailing `/`, `.`, several sources, or a folder a
 * WORKDIR of the stage made), a folder only of the stage's base (`base-folder`,
 * gone once the base is scratch), or a `file` name.
 */
export type DestinationKind = 'folder' | 'base-folder' | 'file';

export function destinationKind(copy: CopyFacts, stage: StageFacts): DestinationKind {
  const destination = copy.arguments.at(-1) ?? '';
  if (destination.endsWith('/') || copy.arguments.length > 2) return 'folder';
  const resolved = resolvePath(copy.scope.workdir, destination);
  if (madeByWorkdir(resolved, copy, stage)) return 'folder';
  return BASE_IMAGE_FOLDERS.has(resolved) && !isMinimalImage(stage.image) ? 'base-folder' : 'file';
}

/** Where a COPY or ADD puts one of its sources (as written) in its stage: into the destination folder, or as the destination. */
export function copiedPath(copy: CopyFacts, stage: StageFacts, source: string): string {
  const destination = copy.arguments.at(-1) ?? '';
  if (destinationKind(copy, stage) === 'file') return resolvePath(copy.scope.workdir, destination);
  const base = source.split('/').filter(Boolean).pop() ?? source;
  return resolvePath(copy.scope.workdir, `${destination}/${base}`);
}

/** Where a COPY puts each of its sources in `stage`. */
export function copiedPaths(copy: CopyFacts, stage: StageFacts): string[] {
  return copy.arguments.slice(0, -1).map((source) => copiedPath(copy, stage, source));
}

/** Whether a WORKDIR in effect at or before `copy` made `folder` (or a folder below it). */
function madeByWorkdir(folder: string, copy: CopyFacts, stage: StageFacts): boolean {
  if (folder === '/') return true;
  return stage.instructions.some(
    (instruction) =>
      instruction.index <= copy.index &&
      (instruction.scope.workdir === folder || instruction.scope.workdir.startsWith(`${folder}/`)),
  );
}

/**
 * Destinations of COPY --from in the final stage (the binaries, and anything
 * else copied), or of the COPY and ADD of the build context (`fromContext`).
 */
export function copiedBinaries(final: StageFacts, fromContext = false): string[] {
  const binaries: string[] = [];
  for (const instruction of final.instructions) {
    if (instruction.kind !== 'copy' || (instruction.from === undefined) !== fromContext) continue;
    const args = instruction.arguments;
    const destination = args[args.length - 1] ?? '';
    // A folder of the replaced base stays one: GMC210 adds the trailing slash, or refuses.
    const intoFolder = destinationKind(instruction, final) !== 'file';
    for (const source of args.slice(0, -1)) {
      const base = source.split('/').filter(Boolean).pop() ?? source;
      binaries.push(
        intoFolder
          ? resolvePath(instruction.scope.workdir, `${destination}/${base}`)
          : resolvePath(instruction.scope.workdir, destination),
      );
    }
  }
  return binaries;
}
