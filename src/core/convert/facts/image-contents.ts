/**
 * What the image that ships may hold that the file does not name outright:
 * for GMC207, which refuses a start command whose program nothing in the
 * file puts in the image (the replaced base image's own, such as crond).
 */
import { resolvePath, substituteVariables } from './dockerfile-model.js';
import type { CopiedFile, CopyFacts, Layout } from './facts.js';
import { runCommandWords } from './origins.js';

/**
 * Whether the stage that ships may put `path` in the image: a COPY or ADD
 * that writes it, or a folder above it (a source may be a folder, copied as
 * what it holds) unless every source is a binary one go build wrote, which
 * lands in the folder by its name; a VOLUME above it, mounted when the
 * container runs. What none of them (nor a RUN, runsMayMake) may put there
 * is the replaced base image's own. Variables are read as Docker reads them
 * in COPY; one left unresolved may name anything.
 */
export function copiesMayHold(layout: Layout, path: string): boolean {
  const above = (folder: string) => folder === '/' || folder === path || path.startsWith(`${folder}/`);
  return layout.runtimeInstructions.some((instruction) => {
    if (instruction.keyword === 'VOLUME') return volumes(instruction.argumentsText).some(above);
    if (instruction.kind !== 'copy') return false;
    const words = instruction.arguments.map((word) => substituteVariables(word, instruction.scope.env));
    if (words.some((word) => word.includes('$'))) return true;
    const destination = resolvePath(instruction.scope.workdir, words.at(-1) ?? '');
    if (destination === path) return true;
    if (!above(destination)) return false;
    const sources = words.slice(0, -1);
    // Into a folder an earlier step made (`RUN mkdir -p /app`, then `COPY --from=build /out/server /app`).
    if (sources.some((source) => path === `${destination}/${source.split('/').pop() ?? ''}`)) return true;
    return !sources.every((source) => isGoBuiltFile(layout.copied, instruction, source));
  });
}

/**
 * Whether `source` of `copy` (a COPY --from) is one file a go build wrote:
 * one package built with -o naming that very path, so the COPY puts it in a
 * folder by its name. `go build -o bin ./cmd/a ./cmd/b` (or ./cmd/...) writes
 * a folder there instead, which the COPY copies as what it holds.
 */
export function isGoBuiltFile(copied: readonly CopiedFile[], copy: CopyFacts, source: string): boolean {
  const from = resolvePath('/', source);
  return (
    copy.from !== undefined &&
    !source.endsWith('/') &&
    copied.some(
      (file) =>
        file.copy.index === copy.index &&
        file.source === from &&
        file.madeBy === 'go-build' &&
        file.goCommand?.output === from &&
        file.goCommand.packages.length <= 1 &&
        !file.goCommand.packages.some((pkg) => pkg.includes('...')),
    )
  );
}

/** Commands that may write files of any name: archives, copies, downloads, builds, shells. */
const WRITES_ANYTHING: ReadonlySet<string> = new Set([
  'tar',
  'unzip',
  'cp',
  'mv',
  'install',
  'curl',
  'wget',
  'make',
  'go',
  'sh',
  'bash',
  'ash',
]);

/**
 * Whether a RUN of the stage that ships may make the program `name`: a
 * command with a word that names it (`ln -s /app /usr/local/bin/server`,
 * `wget -O /usr/local/bin/tool`), an ln of a wildcard, or a command that may
 * write files of any name. A wildcard elsewhere (`rm -rf /var/cache/apk/*`, a
 * crontab line) makes nothing.
 */
export function runsMayMake(layout: Layout, name: string): boolean {
  return layout.runtimeInstructions.some(
    (instruction) =>
      instruction.kind === 'run' &&
      runCommandWords(instruction).some(([program = '', ...args]) => {
        const command = program.split('/').pop() ?? program;
        return (
          WRITES_ANYTHING.has(command) ||
          args.some((word) => word.includes('$') || word.replace(/\/+$/, '').split('/').pop() === name) ||
          (command === 'ln' && args.some((word) => /[*?[]/.test(word)))
        );
      }),
  );
}

/** VOLUME's folders, in JSON or as words. */
function volumes(argumentsText: string): string[] {
  const text = argumentsText.trim();
  if (text.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) return parsed.filter((entry): entry is string => typeof entry === 'string');
    } catch {
      // Not JSON: Docker reads it as words.
    }
  }
  return text.split(/\s+/).filter(Boolean);
}
