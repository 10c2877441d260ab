/**
 * What a generated project promises, read from its files without the code
 * that wrote them: tests compare these facts with literal values, so an
 * expectation never comes from the renderer it checks.
 */
import { parseDockerfile } from './dockerfile.js';

export interface ProjectFacts {
  /** Every file name, sorted. */
  files: string[];
  /** go.mod, whole. */
  goMod: string;
  /** The image names of every FROM, in order. */
  froms: string[];
  /** The ARGs before the first FROM (base images), as NAME=value. */
  baseImageArgs: string[];
  /** The ARGs of the shipped stage that feed its OCI labels, as NAME=value. */
  labelArgs: string[];
  expose: string[];
  user: string[];
  entrypoint: string[];
  /** One entry per HEALTHCHECK, its arguments on one line. */
  healthcheck: string[];
  /** build.sh's go build command, continuation lines joined. */
  goBuild: string;
  /** build.sh copies the CA bundle into the scratch root file system. */
  copiesCaBundle: boolean;
  /** build.sh writes passwd and group entries for the non-root user. */
  writesPasswd: boolean;
  /** main.go's default port line. */
  defaultPort: string | undefined;
  /** compose.yaml's user line. */
  composeUser: string | undefined;
  /** compose.yaml's PORT environment line. */
  composePort: string | undefined;
}

function lineMatching(text: string, pattern: RegExp): string | undefined {
  return text
    .split('\n')
    .map((line) => line.trim())
    .find((line) => pattern.test(line));
}

/** The `go build` command of a build.sh, with its `\` continuations joined on one line. */
export function goBuildCommand(buildScript: string): string {
  const lines = buildScript.split('\n');
  const start = lines.findIndex((line) => /^CGO_ENABLED=0 .*go build/.test(line));
  if (start === -1) return '';
  const command: string[] = [];
  for (const line of lines.slice(start)) {
    command.push(line.trim().replace(/\s*\\$/, ''));
    if (!line.endsWith('\\')) break;
  }
  return command.join(' ');
}

export function projectFacts(tree: Readonly<Record<string, string>>): ProjectFacts {
  const dockerfileText = tree['Dockerfile'] ?? '';
  const dockerfile = parseDockerfile(dockerfileText);
  const froms = dockerfile.getFROMs();
  const lastFrom = froms.at(-1)?.getRange().start.line ?? 0;
  const argumentsOf = (keyword: string) =>
    dockerfile
      .getInstructions()
      .filter((instruction) => instruction.getKeyword() === keyword)
      // Flags included: the text after the keyword, continuation lines joined.
      .map((instruction) =>
        instruction
          .getTextContent()
          .slice(instruction.getKeyword().length)
          .replace(/\s*\\\n\s*/g, ' ')
          .trim(),
      );
  const buildScript = tree['build.sh'] ?? '';
  return {
    files: Object.keys(tree).sort(),
    goMod: tree['go.mod'] ?? '',
    froms: froms.map((from) => from.getImage() ?? ''),
    baseImageArgs: dockerfile.getInitialARGs().map((arg) => arg.getArgumentsContent() ?? ''),
    labelArgs: dockerfile
      .getARGs()
      .filter((arg) => arg.getRange().start.line > lastFrom)
      .map((arg) => arg.getArgumentsContent() ?? '')
      // Docker's own platform ARGs (scratch-host's COPY picks dist/<platform>/ with them) feed no label.
      .filter((content) => !['TARGETOS', 'TARGETARCH', 'TARGETVARIANT'].includes(content)),
    expose: argumentsOf('EXPOSE'),
    user: argumentsOf('USER'),
    entrypoint: argumentsOf('ENTRYPOINT'),
    healthcheck: argumentsOf('HEALTHCHECK'),
    goBuild: goBuildCommand(buildScript),
    copiesCaBundle: buildScript.includes('cp "$bundle" "$rootfs/etc/ssl/certs/ca-certificates.crt"'),
    writesPasswd: buildScript.includes('>"$rootfs/etc/passwd"'),
    defaultPort: lineMatching(tree['main.go'] ?? '', /^const defaultPort = /),
    composeUser: lineMatching(tree['compose.yaml'] ?? '', /^user: /),
    composePort: lineMatching(tree['compose.yaml'] ?? '', /^PORT: /),
  };
}

/** Stated once: the build.sh command for each flag choice (CGO off, Linux, trimmed and stripped). */
export const GO_BUILD = {
  classic:
    'CGO_ENABLED=0 GOOS=linux GOARCH="$goarch" go build -a -installsuffix cgo -trimpath -ldflags "-s -w" -o "$out" "$@" .',
  modernWithTzdata:
    'CGO_ENABLED=0 GOOS=linux GOARCH="$goarch" go build -trimpath -ldflags "-s -w" -tags timetzdata -o "$out" "$@" .',
} as const;

/** The six OCI label build args of a project, with their stated defaults. */
export function labelArgsFor(title: string, source: string): string[] {
  return [`TITLE=${title}`, `SOURCE=${source}`, 'VERSION=dev', 'REVISION=', 'CREATED=', 'LICENSES='];
}
