/**
 * What `promu crossbuild` (the Prometheus projects' build tool, run by their
 * `make crossbuild`) does before their `docker build`, for the fixtures
 * whose Dockerfile copies in `.build/<os>-<arch>/<binary>`: each entry of
 * build.binaries is built as promu's cmd/build.go builds it (CGO_ENABLED=0
 * unless go.cgo is true; `go build -o <prefix>/<name> -ldflags <ldflags>
 * <flags> <repository.path>/<path>`, the ldflags template's lines joined),
 * into .build/linux-<arch>/. Written from promu's source, independently of
 * the converter's own reading of the config.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

export const PROMU_CONFIG = '.promu.yml';

interface PromuConfig {
  go?: { cgo?: boolean };
  repository?: { path?: string };
  build?: { binaries?: Array<{ name: string; path?: string }>; flags?: string; ldflags?: string };
}

/** The values promu's ldflags template gets, as a release build would fill them. */
const TEMPLATE_VALUES: Record<string, string> = {
  '.Version': '0.0.0-e2e',
  '.Revision': 'e2e0000000000000000000000000000000000000',
  '.Branch': 'main',
  user: 'e2e',
  host: 'e2e-host',
};

/** Builds every binary of the context's .promu.yml into .build/linux-amd64/ (the Dockerfiles' ARG defaults). */
export function buildLikePromu(context: string, arch = 'amd64'): string[] {
  const config = parse(readFileSync(path.join(context, PROMU_CONFIG), 'utf8')) as PromuConfig;
  const repository = config.repository?.path ?? '';
  const ldflags = render(config.build?.ldflags ?? '')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .join(' ');
  // promu's flags are split as a shell splits them (quotes removed).
  const flags = (config.build?.flags ?? '').match(/(?:[^\s'"]+|'[^']*'|"[^"]*")+/g) ?? [];
  const folder = path.join(context, '.build', `linux-${arch}`);
  mkdirSync(folder, { recursive: true });
  return (config.build?.binaries ?? []).map((binary) => {
    const output = path.join(folder, binary.name);
    const args = [
      'build',
      '-o',
      output,
      '-ldflags',
      ldflags,
      ...flags.map((flag) => flag.replace(/^'(.*)'$|^"(.*)"$/, '$1$2')),
      path.posix.join(repository, binary.path ?? '.'),
    ];
    execFileSync('go', args, {
      cwd: context,
      env: {
        ...process.env,
        GOOS: 'linux',
        GOARCH: arch,
        GOFLAGS: '',
        CGO_ENABLED: config.go?.cgo ? '1' : '0',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 300_000,
    });
    return output;
  });
}

/** `{{.Version}}`, `{{user}}@{{host}}`, `{{date "20060102-15:04:05"}}` filled in; any other template is an error. */
function render(text: string): string {
  return text.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (whole, name: string) => {
    if (name.startsWith('date ')) return '20260101-00:00:00';
    const value = TEMPLATE_VALUES[name];
    if (value === undefined)
      throw new Error(`template ${whole} is not one the fixtures' promu builds fill in`);
    return value;
  });
}
