/**
 * The conversion as a pure function, over every fixture: what it converts,
 * what it refuses and why, and what the converted Dockerfiles look like.
 */
import { readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from '@jest/globals';
import type { Entrypoint, From } from 'dockerfile-ast';
import { convertDockerfile } from '../src/core/convert/convert.js';
import { DockerfileModel } from '../src/core/convert/facts/dockerfile-model.js';
import { binaryName, splitGoArgs } from '../src/core/convert/builds/go-commands.js';
import { convertFile, type FileConversion } from '../src/core/convert/io/files.js';
import { parseGoSource } from '../src/core/go/go-source.js';
import { githubAnnotations } from '../src/core/convert/cli/github.js';
import { jsonReport, summaryLine, textReport } from '../src/core/convert/cli/report.js';
import { sarifLog } from '../src/core/convert/cli/sarif.js';
import { decodeDockerfile, encodeDockerfile } from '../src/core/convert/io/source.js';
import { splitShell } from '../src/core/convert/shell/shell-words.js';
import { parseDockerfile } from './helpers/dockerfile.js';
import { fixtureContext, fixtures, type Fixture, FIXTURES_DIR } from './helpers/fixtures.js';
import { tempDir } from './helpers/run.js';

const ALL = fixtures();
const converted = ALL.filter((fixture) => fixture.expect === 'converted');

/**
 * Each fixture is converted in its full build context (the shared fixture
 * program plus its own files), as it is built end to end: go.mod names the
 * binaries of `go build .`.
 */
/**
 * The conversion runs inside each test, never while the suite is collected,
 * and the cache lives for one test only: mutation testing (Stryker, per-test
 * coverage) must see which tests run which engine code, or it has to run the
 * whole suite for every mutant. The copied build contexts are test data and
 * are kept for the whole suite.
 */
const contexts = new Map<string, string>();
const conversions = new Map<string, FileConversion>();
beforeEach(() => conversions.clear());

function convert(fixture: Fixture): FileConversion {
  let conversion = conversions.get(fixture.name);
  if (!conversion) {
    let context = contexts.get(fixture.name);
    if (!context) {
      context = fixtureContext(fixture, path.join(tempDir(fixture.name), 'context'));
      contexts.set(fixture.name, context);
    }
    conversion = convertFile(path.join(context, 'Dockerfile'), fixture.strategy);
    conversions.set(fixture.name, conversion);
  }
  return conversion;
}

function outputOf(name: string): string {
  const fixture = ALL.find((candidate) => candidate.name === name);
  if (!fixture) throw new Error(`no fixture ${name}`);
  const { result } = convert(fixture);
  if (result.output === undefined) throw new Error(`${name} was not converted: ${result.reason}`);
  return result.output;
}

function resultOf(name: string) {
  const fixture = ALL.find((candidate) => candidate.name === name);
  if (!fixture) throw new Error(`no fixture ${name}`);
  return convert(fixture).result;
}

describe('fixtures', () => {
  it('cover every point of the contract (at least 25 of them)', () => {
    expect(ALL.length).toBeGreaterThanOrEqual(25);
    expect(converted.length).toBeGreaterThanOrEqual(15);
    expect(ALL.filter((fixture) => fixture.expect === 'refused').length).toBeGreaterThanOrEqual(10);
  });

  it.each(ALL.map((fixture) => [fixture.name, fixture.expect, fixture] as const))(
    '%s: %s',
    (_name, expectation, fixture) => {
      const { result } = convert(fixture);
      expect({ status: result.status, reason: result.reason }).toEqual({
        status: expectation,
        reason: expectation === 'converted' ? undefined : expect.any(String),
      });
    },
  );
});

describe.each(converted.map((fixture) => [fixture.name, fixture] as const))(
  'converted %s',
  (_name, fixture) => {
    /** The conversion and its final stage, computed in the test that reads them. */
    function view() {
      const { result, source } = convert(fixture);
      const output = result.output ?? '';
      const original = source?.text ?? '';
      const dockerfile = parseDockerfile(output);
      const froms = dockerfile.getFROMs();
      const lineOf = (instruction: { getRange(): { start: { line: number } } }) =>
        instruction.getRange().start.line;
      const instructions = dockerfile.getInstructions();
      // The stage docker build ships: the last, or the stage a last one with nothing of its own names
      // (`FROM ${TARGET}`, a global ARG's default): docker builds that one.
      const globalArgs = new Map(
        instructions
          .filter((instruction) => froms[0] && lineOf(instruction) < lineOf(froms[0]))
          .flatMap((instruction) => {
            const arg = /^ARG\s+([A-Za-z_]\w*)=(\S+)$/.exec(instruction.getTextContent().trim());
            return arg ? [[arg[1] ?? '', arg[2] ?? ''] as const] : [];
          }),
      );
      const instructionsOf = (at: number) =>
        instructions.filter(
          (instruction) =>
            lineOf(instruction) > lineOf(froms[at] as From) &&
            (at + 1 >= froms.length || lineOf(instruction) < lineOf(froms[at + 1] as From)),
        );
      let shipped = froms.length - 1;
      while (shipped > 0 && instructionsOf(shipped).length === 0) {
        const image = (froms[shipped]?.getImage() ?? '').replace(
          /\$\{?([A-Za-z_]\w*)\}?/g,
          (whole, name: string) => globalArgs.get(name) ?? whole,
        );
        const named = froms.findIndex(
          (from, at) => at < shipped && from.getBuildStage()?.toLowerCase() === image.toLowerCase(),
        );
        if (named === -1) break;
        shipped = named;
      }
      const finalStage = froms[shipped];
      const finalInstructions = froms.length > 0 ? instructionsOf(shipped) : [];
      return { result, output, original, source, finalStage, finalInstructions };
    }

    it('matches its snapshot (Dockerfile and report)', () => {
      const { output, result } = view();
      expect({ dockerfile: output, report: textReport('Dockerfile', result) }).toMatchSnapshot();
    });

    it(`ships FROM ${fixture.strategy === 'scratch' ? 'scratch' : 'distroless static'}`, () => {
      const { finalStage } = view();
      expect(finalStage?.getImage()).toBe(
        fixture.strategy === 'scratch' ? 'scratch' : 'gcr.io/distroless/static-debian12:nonroot',
      );
    });

    it('runs nothing in the final stage and starts in exec form with an absolute path', () => {
      const { finalInstructions } = view();
      expect(finalInstructions.filter((instruction) => instruction.getKeyword() === 'RUN')).toEqual([]);
      const starts = finalInstructions.filter((i) =>
        ['CMD', 'ENTRYPOINT'].includes(i.getKeyword()),
      ) as Entrypoint[];
      expect(starts.length).toBeGreaterThan(0);
      const hasEntrypoint = starts.some((i) => i.getKeyword() === 'ENTRYPOINT');
      for (const start of starts) {
        expect(start.getArgumentsContent()?.trim().startsWith('[')).toBe(true);
        const program = start.getJSONStrings()[0]?.getJSONValue() ?? '';
        if (start.getKeyword() === 'ENTRYPOINT' || !hasEntrypoint) expect(program.startsWith('/')).toBe(true);
      }
    });

    it('runs as a numeric non-root user', () => {
      const { finalInstructions } = view();
      const users = finalInstructions.filter((instruction) => instruction.getKeyword() === 'USER');
      expect(users.length).toBeGreaterThan(0);
      for (const user of users) {
        expect(user.getArgumentsContent()).toMatch(/^[1-9][0-9]*:[0-9]+$/);
      }
    });

    it('sets CGO_ENABLED=0 and GOOS=linux on every go build and go install', () => {
      const { output } = view();
      const model = new DockerfileModel(output);
      for (const instruction of model.dockerfile.getInstructions()) {
        if (instruction.getKeyword() !== 'RUN') continue;
        for (const command of splitShell(model.argumentsText(instruction).text, model.escape).commands) {
          const words = command.words.map((word) => word.value);
          const go = words.indexOf('go');
          if (go === -1 || !['build', 'install'].includes(words[go + 1] ?? '')) continue;
          expect(words.slice(0, go)).toEqual(expect.arrayContaining(['CGO_ENABLED=0', 'GOOS=linux']));
        }
      }
    });

    it('keeps every comment and the escape directive', () => {
      const { original, output } = view();
      const comments = original.split('\n').filter((line) => line.trimStart().startsWith('#'));
      for (const comment of comments) expect(output.split('\n')).toContain(comment);
    });

    it('reports what it changed and why', () => {
      const { result } = view();
      expect(result.changes.length).toBeGreaterThan(0);
      for (const change of result.changes) {
        expect(change.line).toBeGreaterThan(0);
        expect(change.what).not.toBe('');
        expect(change.why).not.toBe('');
      }
    });

    it('is stable: converting the result again finds it already minimal and changes nothing', () => {
      const { output, source } = view();
      // The result as the converter writes it (the original's BOM and line
      // endings), converted again in the same build context.
      const again = path.join(path.dirname(convert(fixture).file), 'Dockerfile.converted');
      writeFileSync(again, encodeDockerfile(output, source as NonNullable<typeof source>));
      const second = convertFile(again, fixture.strategy);
      expect(second.source?.text).toBe(output);
      const { status, converted, changes, warnings, refusals } = second.result;
      expect({ status, converted, changes, warnings, refusals, output: second.result.output }).toEqual({
        status: 'already-minimal',
        converted: false,
        changes: [],
        warnings: [],
        refusals: [],
        output: undefined,
      });
    });
  },
);

describe('what the conversion translates', () => {
  it('splits a single golang stage into a builder and a scratch stage that copies only the binary', () => {
    const output = outputOf('single-golang-alpine');
    expect(output).toContain('FROM golang:1.22-alpine AS build\n');
    expect(output).toContain('FROM scratch\n');
    expect(output).toContain('COPY --from=build /app/server /app/server\n');
    expect(output).toMatch(/WORKDIR \/app\nEXPOSE 8080\nUSER 65532:65532\nCMD \["\/app\/server"\]\n$/);
  });

  it('handles the classic ADD + go install + shell-form CMD', () => {
    const output = outputOf('classic-gopath-install');
    expect(output).toContain('RUN CGO_ENABLED=0 GOOS=linux go install github.com/acme/hello\n');
    expect(output).toContain('COPY --from=build /go/bin/hello /go/bin/hello\n');
    expect(output).toContain('CMD ["/go/bin/hello"]');
  });

  it('turns go run into a build step and runs the binary with its arguments', () => {
    expect(outputOf('single-go-run-exec')).toContain(
      'RUN CGO_ENABLED=0 GOOS=linux go build -o /go/bin/fixture .\n',
    );
    const shell = outputOf('single-go-run-shell-args');
    expect(shell).toContain('RUN CGO_ENABLED=0 GOOS=linux go build -o /go/bin/main main.go\n');
    expect(shell).toContain('CMD ["/go/bin/main", "-listen", ":8080"]');
  });

  it('replaces an alpine runtime and keeps what it copied', () => {
    const output = outputOf('multi-two-binaries-config');
    expect(output).toContain('COPY --from=build /out/api /out/worker /srv/bin/\n');
    expect(output).toContain('COPY config.yaml /srv/config.yaml\n');
    for (const kept of [
      'ARG VERSION=dev',
      'LABEL org.opencontainers.image.title',
      'WORKDIR /srv',
      'VOLUME /srv/data',
      'STOPSIGNAL SIGINT',
      'EXPOSE 8080',
    ]) {
      expect(output).toContain(kept);
    }
    expect(output).toContain('ENTRYPOINT ["/srv/bin/api"]\nCMD ["--config", "/srv/config.yaml"]');
  });

  it('turns ca-certificates into a copy of the CA bundle, and tzdata into -tags timetzdata', () => {
    const output = outputOf('multi-alpine-certs-tzdata');
    expect(output).toContain(
      'COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt',
    );
    expect(output).toContain('go build -tags timetzdata -ldflags "-s -w" -o /out/app .');
    expect(output).not.toContain('apk');
    expect(outputOf('multi-flags-tags-merge')).toContain('-tags netgo,timetzdata');
  });

  it('turns named users into numeric ones, with a minimal passwd', () => {
    const alpine = outputOf('multi-alpine-adduser');
    expect(alpine).toContain('USER 10001:10001');
    expect(alpine).toContain("'app:x:10001:10001:app:/home/app:/sbin/nologin' >/rootfs/etc/passwd");
    // busybox adduser made the home, owned by the user: staged so.
    expect(alpine).toContain(' && mkdir -p /rootfs/home/app \\\n && chown 10001:10001 /rootfs/home/app');
    expect(outputOf('multi-debian-useradd')).toContain('USER 1001:1001');
    const chowned = outputOf('multi-mkdir-chown-volume');
    expect(chowned).toContain('COPY --from=build --chown=2000:2000 /out/app /app');
    expect(chowned).toContain('mkdir -p /rootfs/var/lib/svc');
    expect(chowned).toContain('chown 2000:2000 /rootfs/var/lib/svc');
  });

  it('adds a /tmp with mode 1777 to every scratch image', () => {
    for (const fixture of converted.filter((f) => f.strategy === 'scratch')) {
      const output = convert(fixture).result.output ?? '';
      expect(output).toContain('chmod 1777 /rootfs/tmp');
      expect(output).toContain('COPY --from=');
    }
  });

  it('resolves $VAR from ENV defaults, and refuses one it cannot resolve', () => {
    expect(outputOf('multi-ubuntu-env-cmd')).toContain(
      'CMD ["/opt/app/app", "--mode", "production", "--port", "8080"]',
    );
    expect(resultOf('multi-ubuntu-env-cmd').warnings).toContainEqual({
      code: 'GMC207',
      line: expect.any(Number),
      message: expect.stringMatching(/^\$PORT was resolved to "8080"/),
    });
    expect(resultOf('refuse-unresolved-variable').refusals).toEqual([
      {
        code: 'GMC207',
        line: 8,
        message:
          'line 8 uses $DATABASE_URL, which has no default in this Dockerfile; exec form does not expand variables, ' +
          'so it would reach the program literally: give it an ENV default, write the value, or have the program read the variable itself',
      },
    ]);
  });

  it('keeps exec-form arrays as written, replacing only a relative program', () => {
    expect(outputOf('multi-exec-form-verbatim')).toContain(
      'ENTRYPOINT ["/usr/local/bin/app", "--greeting", "hello world", \\\n' +
        '            "--letter", "\\u0041", "--quote", "say \\"hi\\"", "--path", "C:\\\\data"]\n',
    );
    expect(outputOf('multi-exec-form-literal-variable')).toContain('CMD ["/app", "--db", "$DATABASE_URL"]\n');
    expect(resultOf('multi-exec-form-literal-variable').warnings).toEqual([
      {
        code: 'GMC207',
        line: 9,
        message:
          '$DATABASE_URL stays as written: exec form does not expand variables, so the program receives it literally, as it did before',
      },
    ]);
  });

  it("resolves WORKDIR $GOPATH with the golang image's GOPATH, and ${VAR:-default} of the shell form", () => {
    const gopath = outputOf('single-gopath-workdir');
    expect(gopath).toContain('ENTRYPOINT ["/go/src/github.com/acme/hello/hello"]\n');
    expect(gopath).not.toContain('$GOPATH/src/github.com/acme/hello/hello');
    expect(outputOf('multi-shell-default-variable')).toContain(
      'CMD ["/srv/server", "--port", "8080", "--env", "production"]\n',
    );
  });

  it('copies a binary whose path has a space with the JSON form of COPY', () => {
    const output = outputOf('single-output-path-space');
    expect(output).toContain('COPY --from=build ["/out/my app", "/out/my app"]\n');
    expect(output).toContain('CMD ["/out/my app"]\n');
  });

  it('drops a curl HEALTHCHECK with a warning, and keeps a binary one in exec form', () => {
    const curl = resultOf('multi-healthcheck-curl');
    expect(curl.output).not.toContain('HEALTHCHECK');
    expect(curl.output).not.toContain('curl');
    expect(curl.warnings).toContainEqual({
      code: 'GMC206',
      line: expect.any(Number),
      message: expect.stringMatching(/^HEALTHCHECK dropped: it runs curl.*-health/),
    });
    expect(outputOf('multi-healthcheck-exec-binary')).toContain(
      'HEALTHCHECK --interval=10s CMD ["/app", "-health"]',
    );
  });

  it('refers to an unnamed builder by its index', () => {
    expect(outputOf('multi-unnamed-builder')).toContain('COPY --from=0 /rootfs/ /');
  });

  it('ships distroless without staging what distroless already has', () => {
    const output = outputOf('distroless-target');
    expect(output).toContain('FROM gcr.io/distroless/static-debian12:nonroot\n');
    expect(output).not.toContain('/rootfs');
    expect(output).toContain('USER 65534:65534');
  });

  it('keeps the escape directive and backtick continuations', () => {
    const output = outputOf('escape-backtick');
    expect(output.startsWith('# escape=`\n')).toBe(true);
    expect(output).toContain('RUN go mod download && `\n    CGO_ENABLED=0 GOOS=linux go build -o /out/app .');
    // The lines it adds continue with the file's own escape character.
    expect(output).toContain('RUN mkdir -p /rootfs/tmp `\n && chmod 1777 /rootfs/tmp\n');
  });

  it('keeps a BOM and CRLF line endings', () => {
    const fixture = ALL.find((f) => f.name === 'crlf-bom') as Fixture;
    const { result, source } = convert(fixture);
    expect(source).toMatchObject({ bom: true, newline: '\r\n', finalNewline: true });
    const written = encodeDockerfile(result.output ?? '', source as NonNullable<typeof source>);
    expect(written.startsWith('\uFEFF# Saved on Windows')).toBe(true);
    expect(written.split('\r\n').length).toBeGreaterThan(10);
    expect(written.replace(/\r\n/g, '')).not.toContain('\n');
    expect(written).toContain('CMD ["/app"]\r\n');
  });
});

describe('what the conversion refuses', () => {
  it.each([
    ['refuse-no-go', 'GMC003', /no Go build found/],
    ['refuse-no-from', 'GMC002', /no FROM instruction/],
    ['refuse-empty', 'GMC001', /empty/],
    ['refuse-whitespace-only', 'GMC001', /empty/],
    ['refuse-binary', 'GMC001', /binary/],
    ['refuse-not-utf8', 'GMC001', /not valid UTF-8/],
    [
      'refuse-cgo-env',
      'GMC101',
      /cgo is needed: line 2 sets CGO_ENABLED=1; a scratch image has no C library/,
    ],
    [
      'refuse-cgo-sqlite-module',
      'GMC101',
      /^cgo is needed: store\.go:6 imports github\.com\/mattn\/go-sqlite3, which links SQLite .*\(instead: modernc\.org\/sqlite/,
    ],
    [
      'refuse-cgo-sqlite-runtime',
      'GMC101',
      /cgo is needed: line 7 installs sqlite-libs.*modernc\.org\/sqlite/,
    ],
    ['refuse-cgo-import-c', 'GMC101', /^cgo is needed: cgo\.go:4 has import "C"; a scratch image/],
    [
      'refuse-entrypoint-script',
      'GMC207',
      /^line 9 starts the container with the script \/usr\/local\/bin\/docker-entrypoint\.sh \(copied from docker-entrypoint\.sh of the build context at line 8; it starts with #!\/bin\/sh\), which needs a shell/,
    ],
    [
      'refuse-entrypoint-script-from-stage',
      'GMC207',
      /^line 10 starts the container with the script \/entrypoint\.sh \(copied from stage build at line 8\), which needs a shell/,
    ],
    [
      'refuse-start-downloaded-init',
      'GMC207',
      /^line 18 starts \/usr\/local\/bin\/dumb-init, copied from stage build at line 15: a file downloaded at line 9, .*docker run --init/,
    ],
    ['refuse-runtime-shell-step', 'GMC202', /line 9 runs "sed .*scratch has no shell/],
    ['refuse-runtime-package', 'GMC202', /installs ffmpeg into the runtime image/],
    ['refuse-unknown-runtime', 'GMC201', /based on node:20-slim/],
    [
      'refuse-script-go-installed-tool',
      'GMC006',
      /^line 10 runs `\/bin\/bash \.\/scripts\/build\.sh`: scripts\/build\.sh:22 runs gox, which the go install at scripts\/build\.sh:16 installs/,
    ],
  ])('%s: %s %p', (name, code, reason) => {
    const result = resultOf(name);
    expect(result.status).toBe('refused');
    expect(result.reason).toMatch(reason);
    expect(result.refusals[0]?.code).toBe(code);
    // The one-line summary is the first reason.
    expect(result.refusals[0]?.message).toBe(result.reason);
    expect(result.output).toBeUndefined();
  });

  it('reports every reason at once, each with its code, what makes scratch impossible first, the first as the summary', () => {
    const result = convertDockerfile(
      [
        'FROM golang:1.22 AS build',
        'RUN apk add gcc && CGO_ENABLED=1 go build -o /app .',
        'FROM node:20-slim',
        'RUN apk add --no-cache ffmpeg git',
        'COPY --from=build /app /app',
        'CMD ["./docker-entrypoint.sh"]',
        '',
      ].join('\n'),
      { strategy: 'scratch' },
    );
    expect(result.status).toBe('refused');
    // cgo, the runtime packages and the script make scratch impossible; the unknown base is what was not seen.
    expect(result.refusals.map((refusal) => [refusal.code, refusal.line])).toEqual([
      ['GMC101', 2],
      ['GMC101', 2],
      ['GMC202', 4],
      ['GMC202', 4],
      ['GMC207', 6],
      ['GMC201', 3],
    ]);
    expect(result.reason).toMatch(/^cgo is needed: line 2 builds with CGO_ENABLED=1;/);
    expect(result.refusals[1]?.message).toBe('cgo, with the above: line 2 installs gcc to compile C');
    expect(result.refusals[3]?.message).toMatch(/^line 4 installs git into the runtime image/);
    expect(textReport('Dockerfile', result)).toMatch(
      /^Dockerfile: not converted: cgo is needed: line 2 builds with CGO_ENABLED=1;.*\n\nReasons:\n {2}- \[GMC101\] cgo is needed: line 2 builds with CGO_ENABLED=1;.*\n {2}- \[GMC101\] cgo, with the above: line 2 installs gcc to compile C\n {2}- \[GMC202\] line 4 installs ffmpeg.*\n(.*\n){2} {2}- \[GMC201\] the runtime stage is based on node:20-slim/,
    );
    expect(summaryLine('svc/Dockerfile', result)).toMatch(
      /^refused {4}svc\/Dockerfile: cgo is needed: .* \(and 5 more reasons\)$/,
    );
    expect(jsonReport('Dockerfile', result).refusals).toHaveLength(6);
  });

  it('refuses a debug last stage, and names the scratch stage the file already has, after the reasons, in every format', () => {
    const result = resultOf('refuse-scratch-stage-debug-tools');
    const hint =
      'the stage prod (line 10) already ships the Go binary /server on scratch, but docker build without --target ships debug (line 17): to build the image this file already has, run docker build --target prod .';
    const runtimePackage = (name: string) =>
      `line 18 installs ${name} into the runtime image; runtime packages have no equivalent in scratch (keep an alpine or debian runtime; or, if the program never uses ${name}, convert with --drop ${name})`;
    expect(textReport('Dockerfile', result)).toBe(
      [
        `Dockerfile: not converted: ${runtimePackage('bash')}`,
        '',
        'Reasons:',
        `  - [GMC202] ${runtimePackage('bash')}`,
        `  - [GMC202] ${runtimePackage('curl')}`,
        `  - [GMC202] ${runtimePackage('bind-tools')}`,
        '',
        'Warnings:',
        `  - line 10 [GMC007]: ${hint}`,
        '',
      ].join('\n'),
    );
    expect(summaryLine('Dockerfile', result)).toBe(
      `refused    Dockerfile: ${runtimePackage('bash')} (and 2 more reasons; 1 warning)`,
    );
    const json = JSON.parse(JSON.stringify(jsonReport('Dockerfile', result))) as ReturnType<
      typeof jsonReport
    >;
    expect(json).toMatchObject({
      status: 'refused',
      warnings: [{ code: 'GMC007', line: 10, message: hint }],
    });
    expect(json.refusals.map((refusal) => refusal.code)).toEqual(['GMC202', 'GMC202', 'GMC202']);
    // SARIF and GitHub annotations list it after the refusal's reasons, as a warning on the stage's FROM line.
    const sarif = sarifLog({
      tool: { name: 'go-microcontainer', version: '0.0.0', informationUri: 'https://example.invalid/' },
      root: '/work',
      outcomes: [{ path: '/work/Dockerfile', result }],
      skipped: [],
    });
    expect(
      sarif.runs[0].results.map((entry) => [
        entry.ruleId,
        entry.level,
        entry.locations[0]?.physicalLocation.region,
      ]),
    ).toEqual([
      ['GMC202', 'error', { startLine: 18 }],
      ['GMC202', 'error', { startLine: 18 }],
      ['GMC202', 'error', { startLine: 18 }],
      ['GMC007', 'warning', { startLine: 10 }],
    ]);
    expect(sarif.runs[0].results.at(-1)?.message.text).toBe(hint);
    expect(
      githubAnnotations({ outcomes: [{ file: 'Dockerfile', result }], skipped: [], check: true }),
    ).toContain(
      `\n::warning file=Dockerfile,line=10,title=GMC007::${hint.replaceAll('%', '%25')}\n1 Dockerfile: `,
    );
  });

  it('keeps the scratch stage hint when a go.mod it cannot read refuses a file that would convert', () => {
    const fixture = ALL.find((candidate) => candidate.name === 'multi-scratch-stage-not-last') as Fixture;
    const context = fixtureContext(fixture, path.join(tempDir('scratch-stage-go-mod-link'), 'context'));
    rmSync(path.join(context, 'go.mod'));
    symlinkSync('/dev/null', path.join(context, 'go.mod'));
    const { result } = convertFile(path.join(context, 'Dockerfile'), 'scratch');
    expect(result.status).toBe('refused');
    expect(result.refusals.map((refusal) => refusal.code)).toEqual(['GMC005']);
    expect(result.warnings.map((warning) => [warning.code, warning.line])).toEqual([['GMC007', 11]]);
  });

  it('says nothing of a scratch stage that only exports the binary, or that the runtime copies from', () => {
    for (const name of ['multi-scratch-export-stage', 'multi-scratch-artefact-copied']) {
      const result = resultOf(name);
      expect([name, result.status, result.warnings.map((warning) => warning.code)]).toEqual([
        name,
        'converted',
        [],
      ]);
    }
    // The runtime's staging goes to the go build stage, which has a shell, never to the scratch artefact stage.
    expect(outputOf('multi-scratch-artefact-copied')).toContain(
      'FROM scratch\nCOPY --from=build /rootfs/ /\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt\nCOPY --from=binary /app /usr/local/bin/app\n',
    );
  });

  it('throws a coded error for a file it cannot read, and for a directory', () => {
    expect(() => convertFile('/nonexistent/Dockerfile', 'scratch')).toThrow(
      expect.objectContaining({
        code: 'not-found',
        message: 'cannot read /nonexistent/Dockerfile: does not exist',
      }),
    );
    expect(() => convertFile(FIXTURES_DIR, 'scratch', 'svc')).toThrow(
      expect.objectContaining({ code: 'not-a-file', message: expect.stringMatching(/^svc is a directory/) }),
    );
  });

  it('leaves already minimal files alone', () => {
    expect(resultOf('minimal-scratch')).toMatchObject({
      status: 'already-minimal',
      converted: false,
      changes: [],
    });
    expect(resultOf('distroless-minimal-static').reason).toMatch(
      /already ships gcr\.io\/distroless\/static-debian12:nonroot/,
    );
  });
});

describe('building blocks', () => {
  it('splitShell splits commands and keeps word offsets', () => {
    const text = `cd src && CGO_ENABLED=0 go build -ldflags "-s -w" -o '/out/my app' . ; echo done`;
    const { commands, unsupported } = splitShell(text);
    expect(unsupported).toEqual([]);
    expect(commands.map((command) => command.words.map((word) => word.value))).toEqual([
      ['cd', 'src'],
      ['CGO_ENABLED=0', 'go', 'build', '-ldflags', '-s -w', '-o', '/out/my app', '.'],
      ['echo', 'done'],
    ]);
    const go = commands[1]?.words[1];
    expect(text.slice(go?.start, go?.end)).toBe('go');
    expect(splitShell('echo $(id)').unsupported).toEqual(['command substitution']);
    expect(splitShell('a \\\n  b', '\\').commands[0]?.words.map((w) => w.value)).toEqual(['a', 'b']);
  });

  it("splitShell keeps a continued line's indentation as the builder does: in quotes, part of the word", () => {
    // docker build joins `'/a\` and `  b'` into '/a  b' (the indentation stays), and `c\` and `  d` into two words.
    expect(
      splitShell('mkdir \'/a\\\n  b\' "x\\\n\ty" c\\\n  d').commands[0]?.words.map((w) => w.value),
    ).toEqual(['mkdir', '/a  b', 'x\ty', 'c', 'd']);
  });

  it('binaryName follows go build and go install naming', () => {
    expect(binaryName('github.com/acme/tool/cmd/server', 'x')).toBe('server');
    expect(binaryName('github.com/acme/tool/v2', 'x')).toBe('tool');
    expect(binaryName('golang.org/x/tools/cmd/stringer@latest', 'x')).toBe('stringer');
    expect(binaryName('.', 'fallback')).toBe('fallback');
    expect(binaryName('main.go', 'x')).toBe('main');
    expect(binaryName(undefined, 'mod')).toBe('mod');
  });

  it('splitGoArgs separates flags and packages', () => {
    expect(splitGoArgs(['-o', 'bin/app', '-ldflags=-s -w', '-v', './cmd/app'])).toEqual({
      flags: [
        ['-o', 'bin/app'],
        ['-ldflags', '-s -w'],
        ['-v', undefined],
      ],
      rest: ['./cmd/app'],
    });
  });

  it('the cgo scan reads import declarations only (parseGoSource, shared with dockerize)', () => {
    const imports = (text: string) => parseGoSource(text).imports.map((imported) => imported.path);
    expect(imports('package x\n\nimport "C"\n')).toEqual(['C']);
    expect(imports('package x\n\nimport (\n\t"fmt"\n\t"C"\n)\n')).toEqual(['fmt', 'C']);
    expect(imports('package x\n\nimport "fmt"\n\nvar s = `import "C"`\n')).toEqual(['fmt']);
  });

  it('decodeDockerfile tells text from the rest', () => {
    expect(decodeDockerfile(Buffer.from('FROM x\r\n'))).toEqual({
      ok: true,
      source: {
        text: 'FROM x\n',
        bom: false,
        endings: ['\r\n'],
        finalNewline: true,
        newline: '\r\n',
        bytes: Buffer.from('FROM x\r\n'),
      },
    });
    expect(decodeDockerfile(Buffer.from([0xff, 0xfe, 0x00]))).toMatchObject({ ok: false });
  });

  it('reports as text, as one summary line and as JSON', () => {
    const result = resultOf('multi-alpine-basic');
    expect(textReport('Dockerfile', result, 'Dockerfile.orig')).toMatch(
      /^Dockerfile: converted to scratch \(original kept as Dockerfile\.orig\)\n\nChanges:\n {2}line \d+ \[GMC\d{3}\]: /,
    );
    expect(summaryLine('svc/Dockerfile', result)).toMatch(/^converted {2}svc\/Dockerfile \(\d+ changes\)$/);
    expect(Object.keys(jsonReport('Dockerfile', result))).toEqual(
      expect.arrayContaining(['converted', 'strategy', 'changes', 'warnings', 'refusals']),
    );
  });
});

describe('the original fixtures are untouched by the tests', () => {
  it('crlf-bom still starts with a BOM', () => {
    const fixture = ALL.find((f) => f.name === 'crlf-bom') as Fixture;
    expect(readFileSync(fixture.dockerfile).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });
});
