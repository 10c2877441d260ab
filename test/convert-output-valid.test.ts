/**
 * The output is a valid Dockerfile, always (issue 14, item 3): each broken
 * output the attack run found, as a test that failed before the fix, through
 * the same steps as the command (bytes decoded, converted, encoded back with
 * the file's line endings), checked against Docker's own line rules
 * (helpers/docker-lines.ts) and for a second conversion that changes nothing.
 */
import { describe, expect, it } from '@jest/globals';
import { convertDockerfile, type ConversionResult } from '../src/core/convert/convert.js';
import { decodeDockerfile, encodeDockerfile } from '../src/core/convert/io/source.js';
import { dockerParseErrors, parseAsDocker } from './helpers/docker-lines.js';

/** A build context with no go.mod (GOPATH era), and one with a module. */
const NO_GO_MOD = { contextFiles: () => undefined };
const WITH_GO_MOD = {
  modulePath: 'example.com/app',
  contextFiles: (file: string) => (file === 'go.mod' ? 'module example.com/app\n' : undefined),
};

/** Converts file bytes as the command does; the written bytes, or the result when nothing is written. */
function convertBytes(
  bytes: string,
  context: object = WITH_GO_MOD,
): { result: ConversionResult; written?: string } {
  const decoded = decodeDockerfile(Buffer.from(bytes, 'utf8'));
  if (!decoded.ok) throw new Error(decoded.reason);
  const result = convertDockerfile(decoded.source.text, { strategy: 'scratch', ...context });
  return result.output === undefined
    ? { result }
    : { result, written: encodeDockerfile(result.output, decoded.source) };
}

function secondConversion(written: string, context: object = WITH_GO_MOD): string {
  return convertBytes(written, context).result.status;
}

describe('a Dockerfile without a final newline', () => {
  // A runtime stage without CMD or ENTRYPOINT: USER is added at the very end.
  const input =
    'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 GOOS=linux go build -o /app .\n\n' +
    'FROM alpine:3.20\nCOPY --from=build /app /app';

  it('gets the added USER on a line of its own (was `COPY --from=build /app /appUSER 65532:65532`)', () => {
    const { written } = convertBytes(input);
    expect(written?.split('\n').slice(-4)).toEqual([
      'COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt',
      'COPY --from=build /app /app',
      'USER 65532:65532',
      '',
    ]);
    expect(dockerParseErrors(written ?? '')).toEqual([]);
    expect(secondConversion(written ?? '')).toBe('already-minimal');
  });

  it('in CRLF, its last instruction split over lines: USER after it, in CRLF', () => {
    const crlf = `${input.replace(/\n/g, '\r\n')}\r\nEXPOSE \\\r\n    8080`;
    const { written } = convertBytes(crlf);
    expect(
      written?.endsWith('COPY --from=build /app /app\r\nEXPOSE \\\r\n    8080\r\nUSER 65532:65532\r\n'),
    ).toBe(true);
    expect(written?.replace(/\r\n/g, '').includes('\n')).toBe(false);
    expect(dockerParseErrors(written ?? '')).toEqual([]);
    expect(secondConversion(written ?? '')).toBe('already-minimal');
  });
});

describe('a CR before a line continuation', () => {
  // A CRLF file where one continuation has a CR before its backslash: Docker
  // takes that CR for a space; dockerfile-ast took it for a line break, and the
  // edits planned on its lines landed in the wrong place.
  const input = [
    'FROM golang:1.22-alpine AS build',
    'WORKDIR /src',
    'COPY . .',
    'RUN CGO_ENABLED=0 GOOS=linux go build \r\\',
    '    -o /app .',
    '',
    'FROM alpine:3.20',
    'COPY --from=build /app /app',
    'ENTRYPOINT ["/app"]',
    '',
  ].join('\r\n');

  it('keeps COPY --from=build /app /app whole and every CRLF ending (was `…ca-certificates.crt=build /app /app`, LF)', () => {
    const { result, written } = convertBytes(input);
    expect(result.status).toBe('converted');
    expect(written).toBe(
      [
        'FROM golang:1.22-alpine AS build',
        'WORKDIR /src',
        'COPY . .',
        'RUN CGO_ENABLED=0 GOOS=linux go build \r\\',
        '    -o /app .',
        '# Added by go-microcontainer convert: what the scratch image lacks, staged for one COPY.',
        'RUN mkdir -p /rootfs/tmp \\',
        ' && chmod 1777 /rootfs/tmp',
        '',
        'FROM scratch',
        'COPY --from=build /rootfs/ /',
        'COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt',
        'COPY --from=build /app /app',
        'USER 65532:65532',
        'ENTRYPOINT ["/app"]',
        '',
      ].join('\r\n'),
    );
    expect(dockerParseErrors(written ?? '')).toEqual([]);
    expect(secondConversion(written ?? '')).toBe('already-minimal');
  });

  it('in an exec form continued over lines: the JSON stays whole', () => {
    const exec = input.replace('ENTRYPOINT ["/app"]', 'ENTRYPOINT ["/app", \r\\\r\n    "--port", "8080"]');
    const { written } = convertBytes(exec);
    const entrypoint = parseAsDocker(written ?? '').instructions.find((i) => i.keyword === 'ENTRYPOINT');
    expect(entrypoint?.args.replace(/\s+/g, ' ')).toBe('["/app", "--port", "8080"]');
    expect(secondConversion(written ?? '')).toBe('already-minimal');
  });

  it('a continuation with blanks after the backslash is one (the tag is added to the tags word)', () => {
    const blanks = input.replace('go build \r\\\r\n', 'go build -tags netgo\\\t\r\n');
    const { written } = convertBytes(
      blanks.replace('FROM alpine:3.20', 'FROM alpine:3.20\r\nRUN apk add --no-cache tzdata'),
    );
    expect(written?.split('\r\n').slice(3, 5)).toEqual([
      'RUN CGO_ENABLED=0 GOOS=linux go build -tags netgo,timetzdata\\\t',
      '    -o /app .',
    ]);
  });
});

describe('go mod init and tidy before a build with its own assignments', () => {
  const input = (run: string, image = 'golang:1.22') =>
    `FROM ${image} AS build\nWORKDIR /src\nCOPY . .\n${run}\n\nFROM alpine:3.20\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n`;

  it('go -C: the settings still reach go build (were given to go mod init)', () => {
    const { written } = convertBytes(input('RUN CGO_ENABLED=0 GOOS=linux go build -o /app .'), NO_GO_MOD);
    expect(written?.split('\n')[3]).toBe(
      'RUN go -C /src mod init src && go -C /src mod tidy && CGO_ENABLED=0 GOOS=linux go build -o /app .',
    );
    expect(secondConversion(written ?? '', NO_GO_MOD)).toBe('already-minimal');
  });

  it('cd before Go 1.20: the settings are not given to cd', () => {
    const { written } = convertBytes(input('RUN CGO_ENABLED=0 go build -o /app .', 'golang:1.18'), NO_GO_MOD);
    expect(written?.split('\n')[3]).toBe(
      'RUN cd /src && go mod init src && go mod tidy && CGO_ENABLED=0 GOOS=linux go build -o /app .',
    );
  });

  it('a proxy set on the build line is given to go mod tidy too', () => {
    const { written } = convertBytes(
      input('RUN GOPROXY=https://proxy.example CGO_ENABLED=0 go build -o /app .'),
      NO_GO_MOD,
    );
    expect(written?.split('\n')[3]).toBe(
      'RUN go -C /src mod init src && GOPROXY=https://proxy.example go -C /src mod tidy && GOPROXY=https://proxy.example CGO_ENABLED=0 GOOS=linux go build -o /app .',
    );
  });
});

describe('files the converter cannot read as Docker does are refused, not converted wrong', () => {
  const stage =
    'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n\nFROM alpine:3.20\n';

  it('RUN\\ glued to its continuation before a comment line (dockerfile-ast ended the RUN there)', () => {
    const { result } = convertBytes(
      `${stage}RUN\\\n    # the codecs\n\tapk add --no-cache ffmpeg\nCOPY --from=build /app /app\nCMD ["/app"]\n`,
    );
    expect(result.status).toBe('refused');
    expect(result.refusals.map(({ code, line }) => ({ code, line }))).toEqual([{ code: 'GMC002', line: 7 }]);
  });

  it('an escape directive Docker refuses (text after the backtick): refused by name', () => {
    const { result } = convertBytes(
      '# escape=` # Windows habits\nFROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build `\n    -o /app .\n\nFROM alpine:3.20\nCOPY --from=build /app /app\nCMD ["/app"]\n',
    );
    expect(result.refusals.map(({ code, line }) => ({ code, line }))).toEqual([{ code: 'GMC002', line: 1 }]);
  });

  it('a here-document that never ends (nothing can be added after it)', () => {
    const { result } = convertBytes(
      `${stage}COPY --from=build /app /app\nRUN cat <<EOF >/etc/app.conf\nport = 8080\n`,
    );
    expect(result.status).toBe('refused');
    expect(result.refusals[0]?.message).toBe(
      'line 8 starts a here-document that never ends: Docker reads the rest of the file into it; end it with its terminator line',
    );
  });
});

describe('changes no rule names', () => {
  it('USER 1000 that gets a group is reported', () => {
    const { result } = convertBytes(
      'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n\nFROM alpine:3.20\nCOPY --from=build /app /app\nUSER 1000\nENTRYPOINT ["/app"]\n',
    );
    expect(
      result.changes.filter((change) => change.line === 8).map(({ code, what }) => ({ code, what })),
    ).toEqual([{ code: 'GMC204', what: 'USER 1000 became USER 1000:1000' }]);
  });

  it('USER uid:gid already numeric is kept as written', () => {
    const { written } = convertBytes(
      'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n\nFROM gcr.io/distroless/static\nCOPY --from=build /app /app\nUSER 65532:65532\t\nENTRYPOINT ["/app"]\n',
    );
    expect(written?.includes('USER 65532:65532\t\n')).toBe(true);
  });

  it('COPY --from the final stage itself is no builder (was converted twice over)', () => {
    const { written } = convertBytes(
      'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\n\nFROM alpine:3.20\nCOPY --from=1 /out/app /app\nCMD ["/app"]\n',
    );
    expect(written?.split('\n').slice(4, 7)).toEqual([
      '# Added by go-microcontainer convert: what the scratch image lacks, staged for one COPY.',
      'RUN mkdir -p /rootfs/tmp \\',
      ' && chmod 1777 /rootfs/tmp',
    ]);
    expect(secondConversion(written ?? '')).toBe('already-minimal');
  });
});

/** The two inputs that ended in "internal error: overlapping edits" (exit 3), found by fuzzing (seed 7). */
describe('no internal error on the fuzzed inputs that had one', () => {
  it('go build as the container command (two rules edited the CMD): refused by name', () => {
    const input =
      'FROM golang:1.22-alpine AS build\r\nWORKDIR /src\r\nCOPY . .\r\nRUN go build -o /out/app .\r\n\r\n' +
      'CGO_ENABLED=1 alpine:3.19\r\nCOPY --from=build /out/app /app\r\nHEALTHCHECK --interval=10s CMD /app -health\r\n' +
      'ENV CGO_ENABLED=0\r\nCMD go build';
    const { result } = convertBytes(input);
    expect(result.refusals.map(({ code, message }) => ({ code, message }))).toEqual([
      {
        code: 'GMC104',
        message:
          'line 10 starts the container with go build, which needs the Go toolchain the new image does not have: build in a RUN step and start the binary',
      },
    ]);
  });

  it('a CR before two continuations in the runtime (offsets were off by lines): converted, parses, idempotent', () => {
    const fuzzed =
      'FROM golang:1.22-alpine AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\n\n-o FROM alpine:3.19\n' +
      'RUN adduser -D -u 2000 svc \r\\\n && mkdir -p /var/lib/svc \r\\\n && chown svc:svc /var/lib/svc\n' +
      'COPY --from=build --chown=svc:svc /out/app /app\nVOLUME /var/lib/svc\nUSER svc\nCMD ["/app"]\n';
    // The mutated line 6 made it one golang stage, whose new image holds /out/app and not the /app it starts.
    expect(convertBytes(fuzzed).result.refusals.map(({ code, line }) => ({ code, line }))).toEqual([
      { code: 'GMC207', line: 13 },
    ]);
    // Started as the binary the stage builds, the same text converts.
    const input = fuzzed.replace('CMD ["/app"]', 'CMD ["/out/app"]');
    const { result, written } = convertBytes(input);
    expect(result.status).toBe('converted');
    // The input's own error (the mutated line 6), kept as it was; nothing new.
    expect(dockerParseErrors(input)).toEqual(['line 6: unknown instruction: -O']);
    expect(dockerParseErrors(written ?? '')).toEqual(['line 6: unknown instruction: -O']);
    expect(secondConversion(written ?? '')).toBe('already-minimal');
  });
});
