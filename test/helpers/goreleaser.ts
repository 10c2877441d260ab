/**
 * What GoReleaser does before its Docker build, for the fixtures that ship a
 * prebuilt binary (and what ko's build would make, for a `.ko.yaml`): each
 * build of the context's config is run the way
 * GoReleaser runs it (its env over the top-level env, its flags and ldflags,
 * GOOS=linux and this machine's GOARCH, `go build -o <binary> <main>`), and
 * the binary is put where the Docker context has it: at its root under the
 * build's binary name for `dockers:`, under linux/<arch>/ for `dockers_v2:`.
 * Written here from GoReleaser's docs, independently of the converter's own
 * reading of the config.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const CONFIG_NAMES = ['.goreleaser.yml', '.goreleaser.yaml', 'goreleaser.yml', 'goreleaser.yaml', '.ko.yaml'];

/** The values the fixtures' templates use, as a release would fill them. */
const TEMPLATE_VALUES: Record<string, string> = {
  'Env.VERSION': '0.0.0-e2e',
  Version: '0.0.0-e2e',
  Tag: 'v0.0.0-e2e',
  ShortCommit: 'e2e0000',
  Commit: 'e2e0000000000000000000000000000000000000',
};

interface Build {
  id?: string;
  main?: string;
  binary?: string;
  env?: string[];
  flags?: string[] | string;
  ldflags?: string[] | string;
}

interface Config {
  project_name?: string;
  env?: string[];
  builds?: Build[];
  dockers?: unknown[];
  dockers_v2?: unknown[];
}

/** The config file of `context`, if it has one. */
export function goreleaserConfigIn(context: string): string | undefined {
  return CONFIG_NAMES.map((name) => path.join(context, name)).find((file) => existsSync(file));
}

/** Builds every binary of the context's GoReleaser config into the context; returns the paths written. */
export function buildLikeGoreleaser(context: string): string[] {
  const file = goreleaserConfigIn(context);
  if (file === undefined) throw new Error(`no GoReleaser config in ${context}`);
  const config = parse(readFileSync(file, 'utf8')) as Config;
  // ko builds with cgo off unless a build's env turns it on, and names the binary after its main package.
  const ko = path.basename(file) === '.ko.yaml';
  const modulePath = /^module\s+(\S+)/m.exec(readFileSync(path.join(context, 'go.mod'), 'utf8'))?.[1] ?? '';
  const arch = execFileSync('go', ['env', 'GOARCH'], { encoding: 'utf8' }).trim();
  const builds = config.builds ?? [{}];
  return builds.map((build) => {
    const koName =
      (build.main ?? '.')
        .replace(/^\.\/?$/, modulePath)
        .split('/')
        .pop() ?? '';
    const binary = ko
      ? koName
      : render(build.binary ?? config.project_name ?? path.basename(context), config);
    const folder = config.dockers_v2 ? path.join(context, 'linux', arch) : context;
    const output = path.join(folder, path.basename(binary));
    const env: Record<string, string> = {
      ...process.env,
      GOOS: 'linux',
      GOARCH: arch,
      GOFLAGS: '',
      ...(ko ? { CGO_ENABLED: '0' } : {}),
    };
    for (const entry of [...(config.env ?? []), ...(build.env ?? [])]) {
      const at = entry.indexOf('=');
      env[entry.slice(0, at)] = render(entry.slice(at + 1), config);
    }
    const list = (value: string[] | string | undefined) =>
      typeof value === 'string' ? [value] : (value ?? []);
    const ldflags = list(build.ldflags)
      .map((flags) => render(flags, config))
      .join(' ');
    const args = [
      'build',
      ...list(build.flags).map((flag) => render(flag, config)),
      ...(ldflags === '' ? [] : [`-ldflags=${ldflags}`]),
      '-o',
      output,
      build.main ?? '.',
    ];
    execFileSync('go', args, { cwd: context, env, stdio: ['ignore', 'ignore', 'pipe'], timeout: 300_000 });
    return output;
  });
}

/** `{{ .Version }}` and the like, filled in; a template the fixtures do not use is an error, not an empty string. */
function render(text: string, config: Config): string {
  return text.replace(/\{\{-?\s*\.([\w.]+)\s*-?\}\}/g, (whole, name: string) => {
    const value = name === 'ProjectName' ? config.project_name : TEMPLATE_VALUES[name];
    if (value === undefined) throw new Error(`template ${whole} is not one the fixtures' builds fill in`);
    return value;
  });
}
