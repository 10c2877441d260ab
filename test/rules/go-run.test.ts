/** GMC104 go run (src/core/convert/rules/go-run.ts): what it catches and what it does not. */
import { describe, expect, it } from '@jest/globals';
import { dockerfile, ruleCatches, ruleCatchesNot } from './helpers.js';

describe('GMC104 go run', () => {
  it('catches go run as the command of a single golang stage', () => {
    const result = ruleCatches(
      'GMC104',
      dockerfile('FROM golang:1.22', 'WORKDIR /src', 'COPY . .', 'CMD go run . -v'),
    );
    expect(result.output).toContain('RUN CGO_ENABLED=0 GOOS=linux go build -o /go/bin/src .\n');
    expect(result.output).toContain('CMD ["/go/bin/src", "-v"]');
  });

  it('does not catch go run used at build time (code generation)', () => {
    ruleCatchesNot(
      'GMC104',
      dockerfile('FROM golang:1.22', 'RUN go run ./gen && go build -o /app .', 'CMD ["/app"]'),
    );
  });

  it('quotes the package and output it copies into the build step', () => {
    const result = ruleCatches('GMC104', dockerfile('FROM golang:1.22', 'CMD go run "./cmd/x;touch /PWNED"'));
    expect(result.output).toContain(
      "RUN CGO_ENABLED=0 GOOS=linux go build -o /go/bin/PWNED './cmd/x;touch /PWNED'\n",
    );
  });
});

describe('GMC104 go run: the build step', () => {
  it('builds the current folder when go run names no package, and says why', () => {
    const result = ruleCatches(
      'GMC104',
      dockerfile('FROM golang:1.22', 'WORKDIR /src/svc', 'COPY . .', 'CMD go run'),
    );
    expect(result.output).toContain('\nRUN CGO_ENABLED=0 GOOS=linux go build -o /go/bin/svc .\n');
    expect(result.changes).toContainEqual({
      code: 'GMC104',
      line: 4,
      what: 'replaced go run with a build step writing /go/bin/svc, and runs that binary',
      why: 'go run compiles at every start and needs the toolchain in the image; scratch has no toolchain',
    });
  });

  it('builds the files go run names', () => {
    expect(
      ruleCatches(
        'GMC104',
        dockerfile('FROM golang:1.22', 'WORKDIR /src', 'COPY . .', 'CMD go run main.go db.go'),
      ).output,
    ).toContain('\nRUN CGO_ENABLED=0 GOOS=linux go build -o /go/bin/main main.go db.go\n');
  });
});

describe('GMC104 go run: what else starts with the toolchain', () => {
  it('refuses go build or go install as the container command, exec form or shell form', () => {
    for (const start of ['CMD ["go", "build", "-o", "/app", "."]', 'ENTRYPOINT go install ./cmd/app']) {
      const result = ruleCatches('GMC104', dockerfile('FROM golang:1.22', 'WORKDIR /src', 'COPY . .', start));
      expect(result.status).toBe('refused');
      expect(result.refusals.filter((refusal) => refusal.code === 'GMC104')).toEqual([
        {
          code: 'GMC104',
          line: 4,
          message: `line 4 starts the container with go ${start.includes('install') ? 'install' : 'build'}, which needs the Go toolchain the new image does not have: build in a RUN step and start the binary`,
        },
      ]);
    }
  });

  it('builds with -tags timetzdata when the image installs tzdata', () => {
    const result = ruleCatches(
      'GMC104',
      dockerfile(
        'FROM golang:1.22-alpine',
        'RUN apk add --no-cache tzdata',
        'WORKDIR /src',
        'COPY . .',
        'CMD go run .',
      ),
    );
    expect(result.output).toContain(
      '\nRUN CGO_ENABLED=0 GOOS=linux go build -tags timetzdata -o /go/bin/src .\n',
    );
  });
});
