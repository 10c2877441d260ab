/**
 * goreleaserConfig, koConfig and promuConfig (src/core/convert/builds/release-config.ts):
 * a release tool's config read as the builds it makes, written from what
 * GoReleaser, ko and promu document, and every place the file is not shaped
 * as the tool reads it.
 */
import { describe, expect, it } from '@jest/globals';
import {
  goreleaserConfig,
  koConfig,
  promuConfig,
  UNREADABLE_ENV,
  type ReleaseConfigRead,
  type ReleaseTool,
} from '../../src/core/convert/builds/release-config.js';
import { parseReleaseConfig } from '../../src/core/convert/io/release-config.js';

function parsed(
  text: string,
  tool: ReleaseTool = 'goreleaser',
): Extract<ReleaseConfigRead, { kind: 'parsed' }> {
  const read = parseReleaseConfig('.cfg.yaml', `${text}\n`, 'Dockerfile', tool);
  if (read.kind !== 'parsed') throw new Error(`not parsed: ${JSON.stringify(read)}`);
  return read;
}
const goreleaser = (...lines: string[]) => goreleaserConfig(parsed(lines.join('\n')));
const promu = (...lines: string[]) => promuConfig(parsed(lines.join('\n'), 'promu'));
const envOf = (env: ReadonlyMap<string, { value: string }> | undefined) =>
  Object.fromEntries([...(env ?? [])].map(([name, entry]) => [name, entry.value]));

describe('goreleaserConfig', () => {
  it('says where the file is not shaped as GoReleaser reads it', () => {
    expect(goreleaser('- builds').problems).toEqual([
      { line: 1, message: '.cfg.yaml is not a map of settings (builds:, dockers:, ...)' },
    ]);
    expect(goreleaser('builds: yes').problems).toEqual([
      { line: 1, message: 'builds: is not a list of builds' },
    ]);
    expect(goreleaser('builds: yes').builds).toEqual([]);
    const config = goreleaser('builds:', '  - id: a', '  - just text', 'dockers: {}', 'dockers_v2: nope');
    expect(config.problems).toEqual([
      { line: 3, message: 'builds[1] is not a map of settings' },
      { line: 4, message: 'dockers: is not a list of images' },
      { line: 5, message: 'dockers_v2: is not a list of images' },
    ]);
    expect(config.builds?.map((build) => build.label)).toEqual(['builds[a]']);
    expect(config.dockers).toEqual([]);
    expect(goreleaser('builds:', '  - id: x', '    goos: linux').problems).toEqual([
      { line: 3, message: 'goos: of builds[x] is not a list' },
    ]);
    expect(goreleaser('builds:', '  - goos: linux').problems).toEqual([
      { line: 2, message: 'goos: of builds[0] is not a list' },
    ]);
    expect(goreleaser('builds:', '  - goos: [linux]').problems).toEqual([]);
  });

  it('reads no builds: as none written (GoReleaser then makes its default one)', () => {
    expect(goreleaser('project_name: app')).toMatchObject({
      builds: undefined,
      buildsLine: undefined,
      projectName: { value: 'app', line: 1, templated: false },
    });
  });

  it("reads a build's settings as written", () => {
    const [build] =
      goreleaser(
        'builds:',
        '  - id: server',
        '    binary: srv',
        '    env: [CGO_ENABLED=0, "GOFLAGS=-mod=vendor"]',
        '    goos: [linux, darwin]',
        '    targets: [linux_amd64]',
        '    flags: -trimpath',
        '    ldflags: ["-s -w", "-X main.v={{.Version}}"]',
        '    buildmode: pie',
        '    builder: go',
        '    skip: true',
        '    overrides: []',
      ).builds ?? [];
    expect(build).toMatchObject({
      label: 'builds[server]',
      id: 'server',
      line: 2,
      binary: { value: 'srv', line: 3, templated: false },
      goos: ['linux', 'darwin'],
      targets: ['linux_amd64'],
      flags: [{ value: '-trimpath', line: 7, templated: false }],
      ldflags: [
        { value: '-s -w', line: 8, templated: false },
        { value: '-X main.v={{.Version}}', line: 8, templated: true },
      ],
      buildmode: { value: 'pie' },
      builder: { value: 'go' },
      skipped: true,
      overridesLine: 12,
    });
    expect(envOf(build?.env)).toEqual({ CGO_ENABLED: '0', GOFLAGS: '-mod=vendor' });
    for (const [skip, skipped] of [
      ['true', true],
      ["'true'", true],
      ['false', false],
      ['"{{ .IsSnapshot }}"', false],
    ] as const)
      expect(goreleaser('builds:', `  - skip: ${skip}`).builds?.[0]?.skipped).toBe(skipped);
    // Not set: each as GoReleaser defaults it.
    expect(goreleaser('builds:', '  - main: .').builds?.[0]).toMatchObject({
      label: 'builds[0]',
      binary: undefined,
      goos: undefined,
      targets: undefined,
      flags: [],
      ldflags: [],
      skipped: false,
      overridesLine: undefined,
    });
  });

  it('reads env: as a shell would: a later entry wins; a templated name may set anything', () => {
    const config = goreleaser(
      'env:',
      '  - CGO_ENABLED=1',
      '  - CGO_ENABLED=0',
      '  - =orphan',
      '  - NOEQUALS',
      '  - "{{ .Env.EXTRA }}"',
      '  - "{{ .Env.NAME }}=1"',
      '  - LD={{ .Env.LD }}',
    );
    expect(envOf(config.env)).toEqual({
      CGO_ENABLED: '0',
      [UNREADABLE_ENV]: '{{ .Env.NAME }}=1',
      LD: '{{ .Env.LD }}',
    });
    expect(config.env.get('LD')?.templated).toBe(true);
    expect(config.env.get('CGO_ENABLED')).toEqual({ value: '0', line: 3, templated: false });
  });

  it('reads dockers: and dockers_v2: entries, with Dockerfile as the default dockerfile', () => {
    const config = goreleaser(
      'dockers:',
      '  - ids: [server]',
      '  - dockerfile: build/Dockerfile',
      '    ids: server',
      '  - not a map',
      'dockers_v2:',
      '  - dockerfile: "{{ .Env.DF }}"',
    );
    expect(config.dockers).toEqual([
      {
        section: 'dockers',
        line: 2,
        dockerfile: { value: 'Dockerfile', line: 2, templated: false },
        ids: [{ value: 'server', line: 2, templated: false }],
      },
      {
        section: 'dockers',
        line: 3,
        dockerfile: { value: 'build/Dockerfile', line: 3, templated: false },
        ids: [{ value: 'server', line: 4, templated: false }],
      },
      {
        section: 'dockers_v2',
        line: 7,
        dockerfile: { value: '{{ .Env.DF }}', line: 7, templated: true },
        ids: undefined,
      },
    ]);
  });
});

describe('koConfig', () => {
  const ko = (modulePath: string | undefined, ...lines: string[]) =>
    koConfig(parsed(lines.join('\n') || '{}', 'ko'), modulePath);

  it("names each binary after its main's last element, or the module's for .", () => {
    const config = ko(
      'example.com/acme/server',
      'builds:',
      '  - main: ./cmd/api/',
      '  - main: .',
      '  - id: x',
      '  - main: "{{ .Env.M }}"',
    );
    expect(config.builds?.map((build) => build.binary?.value)).toEqual([
      'api',
      'server',
      'server',
      undefined,
    ]);
    expect(config.builds?.[0]?.binary).toEqual({ value: 'api', line: 2, templated: false, byDefault: true });
    expect(config.builds?.[2]?.binary).toEqual({
      value: 'server',
      line: 4,
      templated: false,
      byDefault: true,
    });
    expect(ko(undefined, 'builds:', '  - main: ./').builds?.[0]?.binary).toBeUndefined();
    expect(ko(undefined, 'builds:', '  - main: /').builds?.[0]?.binary).toBeUndefined();
  });

  it('builds with CGO_ENABLED=0 unless the build sets it, for linux, and with no builds: builds . once', () => {
    const [own, byDefault] =
      ko(
        'example.com/app',
        'builds:',
        '  - env: [CGO_ENABLED=1]',
        '    goos: [darwin]',
        '    skip: true',
        '  - main: .',
      ).builds ?? [];
    expect(own?.env.get('CGO_ENABLED')?.value).toBe('1');
    expect(own).toMatchObject({ goos: undefined, skipped: false });
    expect(byDefault?.env.get('CGO_ENABLED')).toEqual({
      value: '0',
      line: 5,
      templated: false,
      byDefault: true,
    });
    const none = ko('example.com/app', 'defaultBaseImage: cgr.dev/chainguard/static');
    expect(none).toMatchObject({ tool: 'ko', dockers: [], projectName: undefined });
    expect(none.builds?.map((build) => [build.label, build.binary?.value])).toEqual([
      ['the default build (no builds: in the file)', 'app'],
    ]);
  });
});

describe('promuConfig', () => {
  it('says where the file is not shaped as promu reads it', () => {
    expect(promu('- go').problems).toEqual([
      { line: 1, message: '.cfg.yaml is not a map of settings (go:, build:, ...)' },
    ]);
    expect(promu('build:', '  binaries: app').problems).toEqual([
      { line: 2, message: 'build.binaries: is not a list of binaries' },
    ]);
    expect(promu('build:', '  binaries: []').problems).toEqual([
      { line: 2, message: 'build.binaries: is an empty list, which builds no binary' },
    ]);
  });

  it('builds each binary with go.cgo (CGO_ENABLED=0 by default), the flags split as a shell would, each ldflags line', () => {
    const config = promu(
      'go:',
      '  cgo: false',
      'build:',
      '  binaries:',
      '    - name: exporter',
      '    - path: ./cmd/tool',
      "  flags: -a -tags 'netgo osusergo'",
      '  ldflags: |',
      '    -s -w',
      '',
      '    -X main.version={{.Version}}',
      'crossbuild:',
      '  platforms: [linux/amd64, darwin]',
    );
    expect(
      config.builds?.map((build) => [build.label, build.binary?.value, build.env.get('CGO_ENABLED')?.value]),
    ).toEqual([
      ['build.binaries[exporter]', 'exporter', '0'],
      ['build.binaries[1]', undefined, '0'],
    ]);
    expect(config.builds?.[0]?.env.get('CGO_ENABLED')).toEqual({ value: '0', line: 2, templated: false });
    expect(config.builds?.[0]?.flags.map((flag) => flag.value)).toEqual(['-a', '-tags', 'netgo osusergo']);
    expect(config.builds?.[0]?.ldflags).toEqual([
      { value: '-s -w', line: 8, templated: false },
      { value: '-X main.version={{.Version}}', line: 8, templated: true },
    ]);
    expect(config.builds?.[0]?.goos).toEqual(['linux', 'darwin']);
    // A node's line is where its value starts: the list's first item.
    expect(config).toMatchObject({ tool: 'promu', buildsLine: 5, dockers: [], problems: [] });
    for (const [cgo, value] of [
      ['true', '1'],
      ['"{{ .Env.CGO }}"', '1'],
      ['no', '0'],
    ] as const)
      expect(
        promu('go:', `  cgo: ${cgo}`, 'build:', '  binaries: [{name: a}]').builds?.[0]?.env.get('CGO_ENABLED')
          ?.value,
      ).toBe(value);
    // Not written: promu's default, at the binary's entry.
    expect(promu('build:', '  binaries:', '    - name: a').builds?.[0]?.env.get('CGO_ENABLED')).toEqual({
      value: '0',
      line: 3,
      templated: false,
      byDefault: true,
    });
  });

  it("with no build.binaries: builds one binary named after repository.path's last segment", () => {
    const [build] =
      promu('repository:', '  path: github.com/prometheus/blackbox_exporter/', 'build:', '  flags: -a')
        .builds ?? [];
    expect(build).toMatchObject({
      label: "promu's default build (no build.binaries:, so one binary named after the repository)",
      line: 4,
      binary: { value: 'blackbox_exporter', line: 2, templated: false, byDefault: true },
    });
    expect(promu('repository:', '  path: "{{ .Env.REPO }}"').builds?.[0]?.binary).toBeUndefined();
    expect(promu('go:', '  cgo: false').builds?.[0]).toMatchObject({ line: 1, binary: undefined });
  });
});
