import { describe, expect, it } from '@jest/globals';
import type { Entrypoint, Healthcheck, Label, Run } from 'dockerfile-ast';
import { sourceUrlFor } from '../src/core/image-labels.js';
import { defaultAnswers } from '../src/core/defaults.js';
import { parseAnswerOptions, type ProjectAnswers } from '../src/core/options.js';
import { renderProject } from '../src/core/render.js';
import { getStrategy, STRATEGY_NAMES, type StrategyName } from '../src/core/strategies.js';
import { validateStrategy } from '../src/core/validators.js';
import { parseDockerfile } from './helpers/dockerfile.js';
import { GO_BUILD, labelArgsFor, projectFacts } from './helpers/intent.js';
import { answersFor, GENERATED_FILES } from './helpers/project.js';

function render(strategy: StrategyName, overrides: Partial<ProjectAnswers> = {}): Record<string, string> {
  return Object.fromEntries(renderProject(answersFor(strategy, overrides)).map((f) => [f.path, f.contents]));
}

/** What each strategy promises, written out (the strategy table in src/ is what these check). */
const PROMISES: Record<
  StrategyName,
  {
    /** Where the binary lives: at the root without a shell, on the PATH with one. */
    binary: string;
    froms: string[];
    baseImageArgs: string[];
    /** Compiles in a builder stage on $BUILDPLATFORM for the target platform. */
    crossCompiles: boolean;
    /** Ships FROM scratch, with /tmp, the CA bundle and passwd staged by build.sh. */
    shipsScratch: boolean;
  }
> = {
  scratch: {
    binary: '/hello-world',
    froms: ['${GO_IMAGE}', 'scratch'],
    baseImageArgs: ['GO_IMAGE=golang:1.26-alpine'],
    crossCompiles: true,
    shipsScratch: true,
  },
  'scratch-host': {
    binary: '/hello-world',
    // The classic recipe pulls nothing: FROM scratch alone.
    froms: ['scratch'],
    baseImageArgs: [],
    crossCompiles: false,
    shipsScratch: true,
  },
  distroless: {
    binary: '/hello-world',
    froms: ['${GO_IMAGE}', '${RUNTIME_IMAGE}'],
    baseImageArgs: ['GO_IMAGE=golang:1.26-alpine', 'RUNTIME_IMAGE=gcr.io/distroless/static-debian12:nonroot'],
    crossCompiles: true,
    shipsScratch: false,
  },
  alpine: {
    binary: '/usr/local/bin/hello-world',
    froms: ['${GO_IMAGE}', '${RUNTIME_IMAGE}'],
    baseImageArgs: ['GO_IMAGE=golang:1.26-alpine', 'RUNTIME_IMAGE=alpine:3.22'],
    crossCompiles: true,
    shipsScratch: false,
  },
  'golang-alpine': {
    binary: '/usr/local/bin/hello-world',
    froms: ['${GO_IMAGE}'],
    baseImageArgs: ['GO_IMAGE=golang:1.26-alpine'],
    crossCompiles: false,
    shipsScratch: false,
  },
  golang: {
    binary: '/usr/local/bin/hello-world',
    froms: ['${GO_IMAGE}'],
    baseImageArgs: ['GO_IMAGE=golang:1.26'],
    crossCompiles: false,
    shipsScratch: false,
  },
};

it('knows the six strategies, in the order the question offers them', () => {
  expect(STRATEGY_NAMES).toEqual([
    'scratch',
    'scratch-host',
    'distroless',
    'alpine',
    'golang-alpine',
    'golang',
  ]);
  expect(Object.keys(PROMISES)).toEqual([...STRATEGY_NAMES]);
});

describe.each(STRATEGY_NAMES)('strategy %s', (strategy) => {
  const files = render(strategy);
  const dockerfile = parseDockerfile(files['Dockerfile'] ?? '');
  const froms = dockerfile.getFROMs();
  const promise = PROMISES[strategy];
  const binaryPath = promise.binary;

  it('renders the whole tree: the stated facts, then the rest as a change detector (snapshot)', () => {
    expect(projectFacts(files)).toEqual({
      files: GENERATED_FILES,
      goMod: 'module example.com/hello-world\n\ngo 1.26\n',
      froms: promise.froms,
      baseImageArgs: promise.baseImageArgs,
      labelArgs: labelArgsFor('hello-world', ''),
      expose: ['3000'],
      user: ['65532:65532'],
      entrypoint: [`["${binaryPath}"]`],
      healthcheck: [`--interval=1s --timeout=3s --retries=5 CMD ["${binaryPath}", "-health"]`],
      goBuild: GO_BUILD.classic,
      copiesCaBundle: true,
      writesPasswd: true,
      defaultPort: 'const defaultPort = "3000"',
      composeUser: 'user: "65532:65532"',
      composePort: 'PORT: ${PORT:-3000}',
    });
    expect(files).toMatchSnapshot();
  });

  it('makes build.sh executable and nothing else', () => {
    const modes = renderProject(answersFor(strategy)).filter((f) => f.mode !== undefined);
    expect(modes).toEqual([expect.objectContaining({ path: 'build.sh', mode: 0o755 })]);
    // The others carry no mode at all, so a writer keeps the default.
    const others = renderProject(answersFor(strategy)).filter((f) => f.path !== 'build.sh');
    expect(others.map((f) => Object.keys(f))).toEqual(others.map(() => ['path', 'contents']));
  });

  it('uses an exec-form ENTRYPOINT with the absolute binary path', () => {
    const entrypoints = dockerfile.getENTRYPOINTs() as Entrypoint[];
    expect(entrypoints).toHaveLength(1);
    expect(entrypoints[0]?.getJSONStrings().map((s) => s.getJSONValue())).toEqual([binaryPath]);
    expect(dockerfile.getCMDs()).toHaveLength(0);
  });

  it('runs as the numeric non-root user and exposes the port', () => {
    const keywords = dockerfile.getInstructions().map((i) => i.getKeyword());
    const users = dockerfile.getInstructions().filter((i) => i.getKeyword() === 'USER');
    expect(users.map((u) => u.getArgumentsContent())).toEqual(['65532:65532']);
    expect(keywords.lastIndexOf('USER')).toBeGreaterThan(keywords.lastIndexOf('FROM'));
    const exposes = dockerfile.getInstructions().filter((i) => i.getKeyword() === 'EXPOSE');
    expect(exposes.map((e) => e.getArgumentsContent())).toEqual(['3000']);
  });

  it("health-checks with the binary's own probe, in exec form", () => {
    const checks = dockerfile.getHEALTHCHECKs() as Healthcheck[];
    expect(checks).toHaveLength(1);
    expect(checks[0]?.getArgumentsContent()).toContain(`CMD ["${binaryPath}", "-health"]`);
    expect(checks[0]?.getArgumentsContent()).not.toMatch(/curl|wget|\/bin\/sh/);
  });

  it('pins every base image and never uses latest', () => {
    const images = [
      ...dockerfile.getInitialARGs().map((arg) => arg.getProperty()?.getValue() ?? ''),
      ...froms.map((from) => from.getImage() ?? ''),
    ].filter((image) => !image.startsWith('$'));
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) {
      expect(image).not.toMatch(/:latest$/);
      if (image !== 'scratch') expect(image).toMatch(/:[\w.-]+$/);
    }
  });

  it('ships the strategy it promises', () => {
    expect(froms.map((from) => from.getImage())).toEqual(promise.froms);
    expect(dockerfile.getInitialARGs().map((arg) => arg.getArgumentsContent())).toEqual(
      promise.baseImageArgs,
    );
    // Only a scratch image gets the staged root file system (/tmp, CA bundle, passwd).
    expect(/ROOTFS=\/rootfs|dist\/rootfs/.test(files['Dockerfile'] ?? '')).toBe(promise.shipsScratch);
  });

  if (strategy !== 'scratch-host') {
    it('builds in a golang stage chosen by GO_IMAGE, with go.mod first and cache mounts', () => {
      const goImage = dockerfile.getInitialARGs().find((a) => a.getProperty()?.getName() === 'GO_IMAGE');
      expect(goImage?.getProperty()?.getValue()).toBe(
        strategy === 'golang' ? 'golang:1.26' : 'golang:1.26-alpine',
      );
      expect(froms[0]?.getImage()).toBe('${GO_IMAGE}');

      const instructions = dockerfile
        .getInstructions()
        .map((i) => `${i.getKeyword()} ${i.getArgumentsContent()}`);
      const copyModIndex = instructions.findIndex((i) => i.startsWith('COPY go.mod'));
      const downloadIndex = instructions.findIndex((i) => i.includes('go mod download'));
      const copyAllIndex = instructions.indexOf('COPY . .');
      expect(copyModIndex).toBeGreaterThan(-1);
      expect(copyModIndex).toBeLessThan(downloadIndex);
      expect(downloadIndex).toBeLessThan(copyAllIndex);

      // The cache mounts only help when Go's caches point at them.
      const env = dockerfile
        .getENVs()[0]
        ?.getProperties()
        .map((p) => `${p.getName()}=${p.getValue()}`);
      expect(env).toEqual(['GOMODCACHE=/go/pkg/mod', 'GOCACHE=/root/.cache/go-build']);
      const build = dockerfile
        .getInstructions()
        .find(
          (i): i is Run => i.getKeyword() === 'RUN' && (i.getArgumentsContent() ?? '').includes('build.sh'),
        );
      expect(build?.getFlags().map((flag) => `${flag.getName()}=${flag.getValue()}`)).toEqual([
        'mount=type=cache,target=/go/pkg/mod',
        'mount=type=cache,target=/root/.cache/go-build',
      ]);
      // One source of truth for the flags: the image runs build.sh itself.
      expect(files['Dockerfile']).not.toContain('go build');
    });
  } else {
    it('packages the host-built binary for the target platform FROM scratch alone, pulling no image', () => {
      expect(dockerfile.getInitialARGs()).toEqual([]);
      expect(froms.map((f) => [f.getPlatformFlag()?.getValue(), f.getImage(), f.getBuildStage()])).toEqual([
        [undefined, 'scratch', null],
      ]);
      expect(dockerfile.getInstructions().map((i) => i.getKeyword())).not.toContain('RUN');
      // The rootfs build.sh staged, then the binary of the platform being built, straight from dist/.
      expect(
        dockerfile.getCOPYs().map((c) => [c.getFromFlag()?.getValue(), c.getArgumentsContent()]),
      ).toEqual([
        [undefined, 'dist/rootfs/ /'],
        [
          undefined,
          'dist/${TARGETOS}_${TARGETARCH}${TARGETVARIANT:+_$TARGETVARIANT}/hello-world /hello-world',
        ],
      ]);
      // A platform build.sh has not built fails at that COPY: the header says what the error means.
      expect(files['Dockerfile']).toContain(
        '#   "/dist/linux_arm64/hello-world" not found   run GOARCH=arm64 ./build.sh\n',
      );
      expect(files['Dockerfile']).toContain(
        '#   "/dist/linux_arm_v7/hello-world" not found  run GOARCH=arm GOARM=7 ./build.sh\n',
      );
      expect(files['.dockerignore']).toBe(
        '# build.sh compiles on the host: the image needs only what it wrote to dist/.\n*\n!dist/\n',
      );
    });

    it('build.sh prints the exact docker build line for the platform it built', () => {
      expect(files['build.sh']).toContain('docker_platform=${docker_platform}/v${goarm%%,*}');
      expect(files['build.sh']).toContain(
        'echo "next: DOCKER_BUILDKIT=1 docker build --platform $docker_platform -t $app ."',
      );
    });

    it('writes one build.sh output per platform, as Docker names platforms', () => {
      expect(files['build.sh']).toContain('platform=linux_$goarch\n');
      expect(files['build.sh']).toContain('platform=${platform}_v${goarm%%,*}');
      expect(files['build.sh']).toContain('out=${OUT:-./dist/$platform/$app}');
      expect(files['build.sh']).toContain('rootfs=${ROOTFS-./dist/rootfs}');
    });
  }

  if (promise.crossCompiles) {
    it('cross-compiles on the build platform for the target platform', () => {
      expect(froms[0]?.getPlatformFlag()?.getValue()).toBe('$BUILDPLATFORM');
      expect(files['Dockerfile']).toContain('GOOS=$TARGETOS GOARCH=$TARGETARCH');
      const args = dockerfile.getARGs().map((a) => a.getProperty()?.getName());
      expect(args).toEqual(expect.arrayContaining(['TARGETOS', 'TARGETARCH']));
    });
  } else {
    it('does not compile for a target platform it is not running on', () => {
      expect(files['Dockerfile']).not.toContain('GOOS=$TARGETOS GOARCH=$TARGETARCH');
    });
  }

  if (promise.shipsScratch) {
    it('gives the scratch image a /tmp, the CA bundle and passwd through build.sh', () => {
      expect(files['build.sh']).toContain('chmod 1777 "$rootfs/tmp"');
      expect(files['build.sh']).toContain('cp "$bundle" "$rootfs/etc/ssl/certs/ca-certificates.crt"');
      expect(files['build.sh']).toContain('>"$rootfs/etc/passwd"');
    });
  }

  it('keeps .git and the binary out of the build context', () => {
    const ignore = files['.dockerignore'] ?? '';
    if (strategy === 'scratch-host') {
      expect(ignore.split('\n')[1]).toBe('*');
    } else {
      expect(ignore).toMatch(/^\.git$/m);
      expect(ignore).toMatch(/^\/hello-world$/m);
    }
  });
});

describe('build.sh', () => {
  it('uses the classic flags by default and drops them on request', () => {
    const classic = render('scratch')['build.sh'] ?? '';
    expect(classic).toContain('goarch=${GOARCH:-$(go env GOARCH)}\n');
    expect(classic).toContain('CGO_ENABLED=0 GOOS=linux GOARCH="$goarch" go build');
    expect(classic).toContain('-a -installsuffix cgo');
    expect(classic).toContain('-trimpath -ldflags "-s -w"');
    expect(classic).toMatch(/^set -eu$/m);
    expect(classic.startsWith('#!/bin/sh\n')).toBe(true);

    const modern = render('scratch', { classicFlags: false })['build.sh'] ?? '';
    expect(modern).not.toContain('-installsuffix');
    expect(modern).not.toMatch(/^\s*-a\b/m);
  });

  it('names the command it runs in the README, for either set of flags', () => {
    expect(render('scratch')['README.md']).toContain(
      '`build.sh` runs `CGO_ENABLED=0 GOOS=linux go build -a -installsuffix cgo -trimpath -ldflags "-s -w"`',
    );
    expect(render('scratch', { classicFlags: false, tzdata: true })['README.md']).toContain(
      '`build.sh` runs `CGO_ENABLED=0 GOOS=linux go build -trimpath -ldflags "-s -w" -tags timetzdata`',
    );
  });

  it('embeds time zone data only with --tzdata', () => {
    expect(render('scratch')['build.sh']).not.toContain('-tags timetzdata');
    expect(render('scratch', { tzdata: true })['build.sh']).toContain('-tags timetzdata');
  });

  it('passes extra arguments through to go build, before the package', () => {
    expect(render('scratch')['build.sh']).toContain('-o "$out" "$@" .');
  });
});

describe('features', () => {
  it('--no-non-root drops USER and the passwd entries', () => {
    const files = render('scratch', { nonRoot: false });
    expect(files['Dockerfile']).not.toMatch(/^USER/m);
    expect(files['build.sh']).not.toContain('passwd');
  });

  it('--no-healthcheck drops HEALTHCHECK', () => {
    expect(render('distroless', { healthcheck: false })['Dockerfile']).not.toContain('HEALTHCHECK');
  });

  it('--no-ca-certs stops copying the CA bundle', () => {
    const script = render('scratch', { caCerts: false })['build.sh'] ?? '';
    expect(script).not.toContain('ca-certificates.crt');
    expect(script).toContain('chmod 1777 "$rootfs/tmp"');
  });

  it('writes the module path and Go version to go.mod and the port to main.go', () => {
    const files = render('alpine', { module: 'github.com/acme/svc/v2', goVersion: '1.24.3', port: 8080 });
    expect(files['go.mod']).toBe('module github.com/acme/svc/v2\n\ngo 1.24.3\n');
    expect(files['main.go']).toContain('const defaultPort = "8080"');
    expect(files['Dockerfile']).toContain('ARG GO_IMAGE=golang:1.24.3-alpine');
    expect(files['Dockerfile']).toMatch(/^EXPOSE 8080$/m);
  });
});

describe('strategy names', () => {
  it('makes scratch, built in a builder stage, the default', () => {
    expect(defaultAnswers({ directoryName: 'x' }).strategy).toBe('scratch');
    expect(getStrategy('scratch')).toMatchObject({ buildShape: 'builder-stage', shipsScratch: true });
    expect(getStrategy('scratch-host')).toMatchObject({ buildShape: 'host', shipsScratch: true });
    expect(STRATEGY_NAMES).toEqual([
      'scratch',
      'scratch-host',
      'distroless',
      'alpine',
      'golang-alpine',
      'golang',
    ]);
  });

  it('still takes scratch-multistage, from an option or .yo-rc.json, as scratch', () => {
    expect(validateStrategy('scratch-multistage')).toBe(true);
    expect(parseAnswerOptions({ strategy: 'scratch-multistage' }).given).toEqual({ strategy: 'scratch' });
    expect(parseAnswerOptions({ strategy: 'scratch-multistage' }, '.yo-rc.json')).toEqual({
      given: { strategy: 'scratch' },
      errors: [],
    });
    expect(parseAnswerOptions({ strategy: 'toString' }).errors).toEqual([
      '--strategy: the strategy must be one of: scratch, scratch-host, distroless, alpine, golang-alpine, golang (got "toString")',
    ]);
  });
});

describe('OCI labels', () => {
  it('sets the six labels in the shipped stage from build args with stated defaults', () => {
    for (const strategy of STRATEGY_NAMES) {
      const contents = render(strategy, { module: 'github.com/acme/svc/v2' })['Dockerfile'] ?? '';
      const dockerfile = parseDockerfile(contents);
      const lastFrom = dockerfile.getFROMs().at(-1)?.getRange().start.line ?? 0;
      const args = dockerfile
        .getARGs()
        .filter((arg) => arg.getRange().start.line > lastFrom)
        .map((arg) => arg.getArgumentsContent());
      expect(args).toEqual(
        expect.arrayContaining(['TITLE=hello-world', 'SOURCE=https://github.com/acme/svc']),
      );
      expect(args).toEqual(expect.arrayContaining(['VERSION=dev', 'REVISION=', 'CREATED=', 'LICENSES=']));
      const labels = dockerfile.getInstructions().filter((i) => i.getKeyword() === 'LABEL');
      expect(labels).toHaveLength(1);
      expect(labels[0]?.getRange().start.line).toBeGreaterThan(lastFrom);
      expect((labels[0] as Label).getProperties().map((p) => `${p.getName()}=${p.getValue()}`)).toEqual([
        'org.opencontainers.image.title=${TITLE}',
        'org.opencontainers.image.source=${SOURCE}',
        'org.opencontainers.image.version=${VERSION}',
        'org.opencontainers.image.revision=${REVISION}',
        'org.opencontainers.image.created=${CREATED}',
        'org.opencontainers.image.licenses=${LICENSES}',
      ]);
    }
  });

  it.each([
    ['github.com/acme/svc', 'https://github.com/acme/svc'],
    ['github.com/acme/svc/v2', 'https://github.com/acme/svc'],
    ['github.com/acme/mono/services/api', 'https://github.com/acme/mono'],
    ['gitlab.com/group/sub/project', 'https://gitlab.com/group/sub/project'],
    ['gitlab.com/group/project/v3', 'https://gitlab.com/group/project'],
    ['bitbucket.org/acme/svc', 'https://bitbucket.org/acme/svc'],
    ['codeberg.org/acme/svc', 'https://codeberg.org/acme/svc'],
    ['git.sr.ht/~acme/svc', 'https://git.sr.ht/~acme/svc'],
    ['github.com/acme', ''],
    ['example.com/hello', ''],
    ['go.acme.dev/svc', ''],
    ['hello', ''],
  ])('derives the source of %s as %p', (module, source) => {
    expect(sourceUrlFor(module)).toBe(source);
  });
});
