/**
 * The prebuilt-binary fixtures (GoReleaser's dockers: and dockers_v2:
 * shapes), converted in their full build context as convert.test.ts does:
 * what the report says the binary was judged by, and each refusal's code and
 * literal message, in the text and JSON reports. Their images are built and
 * run in convert-e2e.test.ts.
 */
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { jsonReport, textReport } from '../src/core/convert/cli/report.js';
import { convertFile } from '../src/core/convert/io/files.js';
import { fixtureContext, fixtures } from './helpers/fixtures.js';
import { tempDir } from './helpers/run.js';

function conversion(name: string) {
  const fixture = fixtures().find((candidate) => candidate.name === name);
  if (!fixture) throw new Error(`no fixture ${name}`);
  const context = fixtureContext(fixture, path.join(tempDir(name), 'context'));
  return { context, result: convertFile(path.join(context, 'Dockerfile'), fixture.strategy).result };
}

describe('prebuilt binaries, judged from their GoReleaser config', () => {
  it('dockers: the report names the config, the build and the line of CGO_ENABLED=0', () => {
    const { result } = conversion('prebuilt-goreleaser-alpine');
    expect(result.status).toBe('converted');
    expect(result.changes.find((change) => change.code === 'GMC108')).toEqual({
      code: 'GMC108',
      line: 6,
      what: 'judged /usr/bin/server (server of the build context) static from .goreleaser.yaml: builds[server] sets CGO_ENABLED=0 (.goreleaser.yaml line 14), for linux, with no -linkmode external or -buildmode pie',
      why: 'the binary is built by GoReleaser outside this Dockerfile; a Go build with CGO_ENABLED=0 that links internally is static, and scratch runs it',
    });
    expect(textReport('Dockerfile', result)).toContain(
      '  line 6 [GMC108]: judged /usr/bin/server (server of the build context) static from .goreleaser.yaml: builds[server] sets CGO_ENABLED=0 (.goreleaser.yaml line 14)',
    );
    expect(jsonReport('Dockerfile', result).changes.map((change) => change.code)).toContain('GMC108');
  });

  it('dockers_v2 with the top-level env: and .goreleaser.yml, the binary under $TARGETPLATFORM', () => {
    const { result } = conversion('prebuilt-goreleaser-v2-debian');
    expect(result.status).toBe('converted');
    expect(result.changes.find((change) => change.code === 'GMC108')?.what).toBe(
      'judged /usr/local/bin/fixture ($TARGETPLATFORM/fixture of the build context) static from .goreleaser.yml: builds[0] gets CGO_ENABLED=0 from the top-level env: (.goreleaser.yml line 5), for linux, with no -linkmode external or -buildmode pie',
    );
    expect(result.output).toContain(
      'COPY $TARGETPLATFORM/fixture /usr/local/bin/\nUSER 10001:10001\nCMD ["/usr/local/bin/fixture"]\n',
    );
  });

  it.each([
    [
      'refuse-prebuilt-cgo-unset',
      'GMC108',
      3,
      "CGO_ENABLED is not set for builds[0] in .goreleaser.yaml: GoReleaser then leaves cgo to Go's default, which is on for a native linux build where a C compiler is found, and makes a dynamically linked binary: add env: [CGO_ENABLED=0] to builds[0] in .goreleaser.yaml",
    ],
    [
      'refuse-prebuilt-linkmode-external',
      'GMC108',
      2,
      'builds[agent] links with -linkmode external (goreleaser.yaml line 6): the external linker makes a dynamically linked binary; remove it from ldflags: in goreleaser.yaml',
    ],
    [
      'refuse-prebuilt-no-config',
      'GMC003',
      3,
      "/usr/bin/myapp (copied from myapp of the build context at line 3) is a prebuilt binary, and this file has no Go build (no go build, go install or go run) that shows how it is made: a binary built elsewhere can be judged static only from its build config; put the .goreleaser.yaml (or .ko.yaml, .promu.yml) that builds it, with CGO_ENABLED=0, next to the Dockerfile or at the repository's root, or the binary itself, then rerun",
    ],
  ])('%s: %s on line %d, with the setting to change', (name, code, line, message) => {
    const { result } = conversion(name);
    expect(result.status).toBe('refused');
    expect(result.refusals).toEqual([{ code, line, message }]);
    expect(result.reason).toBe(message);
    expect(textReport('Dockerfile', result)).toContain(`[${code}] ${message}`);
    expect(jsonReport('Dockerfile', result).refusals).toEqual([{ code, line, message }]);
  });

  it('reads the config through the safe reader: a link out of the context is refused by name, not followed', () => {
    const { context } = conversion('refuse-prebuilt-no-config');
    const outside = tempDir('outside-config');
    writeFileSync(path.join(outside, 'release.yaml'), 'builds:\n  - env: [CGO_ENABLED=0]\n');
    symlinkSync(path.join(outside, 'release.yaml'), path.join(context, '.goreleaser.yaml'));
    const { result } = { result: convertFile(path.join(context, 'Dockerfile'), 'scratch').result };
    expect(result.status).toBe('refused');
    expect(result.refusals[0]?.code).toBe('GMC108');
    expect(result.refusals[0]?.message).toMatch(
      /^\.goreleaser\.yaml could not be read \(.*outside.*\), so \/usr\/bin\/myapp \(copied from myapp of the build context at line 3\) cannot be judged static$/,
    );
  });

  it('refuses a config over its size limit, and a folder in its place is no config', () => {
    const { context } = conversion('refuse-prebuilt-no-config');
    writeFileSync(path.join(context, '.goreleaser.yml'), `# ${'x'.repeat(300 * 1024)}\nbuilds: []\n`);
    const big = convertFile(path.join(context, 'Dockerfile'), 'scratch').result;
    expect(big.refusals[0]?.code).toBe('GMC108');
    expect(big.refusals[0]?.message).toMatch(/^\.goreleaser\.yml could not be read \(.*(large|limit).*\)/);

    const other = conversion('refuse-prebuilt-no-config').context;
    mkdirSync(path.join(other, '.goreleaser.yaml'));
    expect(convertFile(path.join(other, 'Dockerfile'), 'scratch').result.refusals[0]?.code).toBe('GMC003');
  });

  it('refuses a "billion laughs" config rather than expanding it', () => {
    const { context } = conversion('refuse-prebuilt-no-config');
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) {
      const previous = String.fromCharCode(96 + i);
      levels.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${previous}`).join(',')}]`,
      );
    }
    writeFileSync(
      path.join(context, '.goreleaser.yaml'),
      `${levels.join('\n')}\nbuilds:\n  - env: [CGO_ENABLED=0]\n`,
    );
    const { refusals } = convertFile(path.join(context, 'Dockerfile'), 'scratch').result;
    expect(refusals).toEqual([
      {
        code: 'GMC108',
        line: 3,
        message:
          '.goreleaser.yaml does not parse as YAML: more than 100 aliases (*name) expanded: too many for a GoReleaser config; fix it, then rerun',
      },
    ]);
  });

  describe('a Dockerfile in a subfolder, the config at the repository root', () => {
    /** The refuse-prebuilt-no-config Dockerfile moved to build/ of a repository whose root holds `config`. */
    function repository(config: string, { git = true }: { git?: boolean } = {}) {
      const { context } = conversion('refuse-prebuilt-no-config');
      const root = path.join(tempDir('release-root'), 'repo');
      mkdirSync(path.join(root, 'build'), { recursive: true });
      if (git) mkdirSync(path.join(root, '.git'));
      writeFileSync(path.join(root, '.goreleaser.yaml'), config);
      writeFileSync(path.join(root, 'build', 'Dockerfile'), readFileSync(path.join(context, 'Dockerfile')));
      return convertFile(path.join(root, 'build', 'Dockerfile'), 'scratch').result;
    }
    const BUILD = 'builds:\n  - id: app\n    binary: myapp\n    env: [CGO_ENABLED=0]\n';

    it('reads the root config GoReleaser runs with, and names it by its path from the Dockerfile', () => {
      const result = repository(`${BUILD}dockers:\n  - dockerfile: build/Dockerfile\n    ids: [app]\n`);
      expect(result.status).toBe('converted');
      expect(result.changes.find((change) => change.code === 'GMC108')?.what).toBe(
        'judged /usr/bin/myapp (myapp of the build context) static from ../.goreleaser.yaml: builds[app] sets CGO_ENABLED=0 (../.goreleaser.yaml line 4), for linux, with no -linkmode external or -buildmode pie',
      );
    });

    it("matches the dockers: entry by the Dockerfile's path from the root", () => {
      const result = repository(
        `${BUILD}  - id: cgo\n    binary: myapp\n    env: [CGO_ENABLED=1]\ndockers:\n  - dockerfile: build/Dockerfile\n    ids: [cgo]\n`,
      );
      expect(result.status).toBe('refused');
      expect(result.refusals[0]?.code).toBe('GMC108');
      expect(result.refusals[0]?.message).toContain('builds[cgo]');
      expect(result.refusals[0]?.message).toContain('../.goreleaser.yaml');
    });

    it('does not look above a folder with no .git over it: no config, as before', () => {
      const result = repository(`${BUILD}dockers:\n  - dockerfile: build/Dockerfile\n`, { git: false });
      expect(result.status).toBe('refused');
      expect(result.refusals[0]?.code).toBe('GMC003');
    });
  });
});
