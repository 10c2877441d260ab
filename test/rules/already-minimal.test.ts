/** GMC004 already minimal (src/core/convert/rules/already-minimal.ts): what it catches and what it does not. */
import { describe, expect, it } from '@jest/globals';
import { collectFacts } from '../../src/core/convert/facts/collect-facts.js';
import { alreadyMinimalRule } from '../../src/core/convert/rules/already-minimal.js';
import { convert, dockerfile, multiStage, ruleCatchesNot } from './helpers.js';

describe('GMC004 already minimal', () => {
  const minimal = dockerfile(
    'FROM golang:1.22 AS build',
    'RUN CGO_ENABLED=0 go build -o /app .',
    'FROM gcr.io/distroless/static-debian12:nonroot',
    'COPY --from=build /app /app',
  );

  it('catches a final stage on distroless static with --strategy distroless, or on scratch', () => {
    expect(alreadyMinimalRule.check(collectFacts(minimal, { strategy: 'distroless' }))).toEqual({
      kind: 'already-minimal',
      reason: 'the image already ships gcr.io/distroless/static-debian12:nonroot: nothing to convert',
    });
    expect(convert(minimal, { strategy: 'distroless' })).toMatchObject({
      status: 'already-minimal',
      changes: [],
      refusals: [],
    });
    expect(convert(dockerfile('FROM scratch', 'COPY app /app', 'ENTRYPOINT ["/app"]')).status).toBe(
      'already-minimal',
    );
  });

  it('catches a minimal image however its binary is made: make, or a prebuilt binary', () => {
    const make = dockerfile(
      'FROM golang:1.22 AS build',
      'RUN make build',
      'FROM scratch',
      'COPY --from=build /src/bin/app /app',
      'USER 10001',
      'ENTRYPOINT ["/app"]',
    );
    expect(convert(make)).toMatchObject({
      status: 'already-minimal',
      reason: 'the image already ships scratch: nothing to convert',
    });
    expect(
      convert(
        dockerfile('FROM gcr.io/distroless/static-debian12', 'COPY app /app', 'USER nonroot', 'CMD ["/app"]'),
      ),
    ).toMatchObject({
      status: 'already-minimal',
      reason:
        'the image already ships gcr.io/distroless/static-debian12 (static, no shell); its binary is not built in this Dockerfile, so it is left on that image rather than moved to scratch',
    });
  });

  it('refuses, with the true reasons, a prebuilt scratch stage that cannot work', () => {
    const broken = dockerfile(
      'FROM scratch',
      'COPY app /app',
      'RUN chmod +x /app',
      'USER app',
      'CMD /app serve',
    );
    expect(convert(broken).refusals).toEqual([
      {
        code: 'GMC202',
        line: 3,
        message: 'line 3 has a RUN in the scratch stage, which has no shell: the build fails there',
      },
      {
        code: 'GMC204',
        line: 4,
        message:
          'line 4 runs as the user app, which no /etc/passwd in the scratch image holds: the container cannot start ("no matching entries in passwd file"); use a numeric USER',
      },
      {
        code: 'GMC207',
        line: 5,
        message:
          'line 5 writes CMD in shell form, which needs /bin/sh; scratch has none: write it in exec form (CMD ["/app", ...])',
      },
    ]);
  });

  it('does not catch a scratch stage that cannot work when its Go build is in the file: the rules fix it', () => {
    const result = ruleCatchesNot(
      'GMC004',
      dockerfile(
        'FROM golang:1.22 AS build',
        'RUN go build -o /app .',
        'FROM scratch',
        'COPY --from=build /app /app',
        'USER app',
        'CMD /app --port 8080',
      ),
    );
    expect(result.status).toBe('converted');
    expect(result.output).toContain('USER 65532:65532\nCMD ["/app", "--port", "8080"]\n');
    expect(result.output).toContain("'app:x:65532:65532:app:/nonexistent:/sbin/nologin'");
  });

  it('does not catch distroless static with --strategy scratch: it becomes scratch with what distroless had', () => {
    const result = ruleCatchesNot(
      'GMC004',
      dockerfile(
        'FROM golang:1.22 AS build',
        'RUN CGO_ENABLED=0 go build -o /app .',
        'FROM gcr.io/distroless/static-debian12:nonroot',
        'ENV TZ=UTC',
        'COPY --from=build /app /app',
      ),
    );
    expect(result.status).toBe('converted');
    expect(result.output).toContain('FROM scratch\n');
    // distroless's nonroot user, with its home, which distroless has and scratch gets made.
    expect(result.output).toContain("'nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin'");
    expect(result.output).toContain(
      ' && mkdir -p /rootfs/home/nonroot \\\n && chown 65532:65532 /rootfs/home/nonroot\n',
    );
    expect(result.output).toContain('go build -tags timetzdata -o /app .');
    expect(result.changes).toContainEqual({
      code: 'GMC205',
      line: 3,
      what: 'added USER 65532:65532',
      why: 'the nonroot image ran as 65532 by default; scratch would run as root, and a number needs no passwd file',
    });
    expect(result.changes).toContainEqual({
      code: 'GMC201',
      line: 3,
      what: 'replaced FROM gcr.io/distroless/static-debian12:nonroot with FROM scratch',
      why: '--strategy scratch: the distroless static files the program may use (CA bundle, passwd with nonroot, /tmp, time zones) are added from the builder instead',
    });
  });

  it('does not catch an alpine runtime', () => {
    expect(alreadyMinimalRule.check(collectFacts(multiStage('CMD ["/app"]'), { strategy: 'scratch' }))).toBe(
      undefined,
    );
  });
});

describe('GMC004 already minimal: users and health checks of a prebuilt minimal stage', () => {
  const prebuilt = (base: string, ...lines: string[]) =>
    convert(dockerfile(`FROM ${base}`, 'COPY app /app', ...lines, 'ENTRYPOINT ["/app"]'));
  const noPasswd = (line: number, name: string, where: string) => ({
    code: 'GMC204',
    line,
    message: `line ${line} runs as the user ${name}, which no /etc/passwd in the ${where} image holds: the container cannot start ("no matching entries in passwd file"); use a numeric USER`,
  });

  it('takes a user name when the stage copies in a passwd file', () => {
    for (const destination of ['/etc/passwd', '/etc/', '/etc', '/']) {
      expect(prebuilt('scratch', `COPY rootfs ${destination}`, 'USER app').status).toBe('already-minimal');
    }
    expect(prebuilt('scratch', 'ADD passwd /etc/passwd', 'USER app').status).toBe('already-minimal');
    // passwd and group copied together: the destination is the last argument.
    expect(prebuilt('scratch', 'COPY rootfs/etc/passwd rootfs/etc/group /etc/', 'USER app').status).toBe(
      'already-minimal',
    );
    for (const destination of ['/etc/passwdx', '/x/etc/passwd', '/etc/group']) {
      expect(prebuilt('scratch', `COPY rootfs ${destination}`, 'USER app').refusals).toEqual([
        noPasswd(4, 'app', 'scratch'),
      ]);
    }
  });

  it('takes a number, and the users distroless has, but not on scratch', () => {
    expect(prebuilt('scratch', 'USER 1000:1000').status).toBe('already-minimal');
    for (const user of ['root', 'nonroot', 'nobody']) {
      expect(prebuilt('gcr.io/distroless/static-debian12', `USER ${user}`).status).toBe('already-minimal');
      expect(prebuilt('scratch', `USER ${user}`).refusals).toEqual([noPasswd(3, user, 'scratch')]);
    }
    expect(prebuilt('gcr.io/distroless/static-debian12', 'USER app').refusals).toEqual([
      noPasswd(3, 'app', 'gcr.io/distroless/static-debian12'),
    ]);
    expect(prebuilt('scratch', 'USER 1000a').refusals).toEqual([noPasswd(3, '1000a', 'scratch')]);
    expect(prebuilt('scratch', 'USER a1000').refusals).toEqual([noPasswd(3, 'a1000', 'scratch')]);
  });

  it('refuses a shell-form HEALTHCHECK, and takes NONE or exec form', () => {
    expect(prebuilt('scratch', 'HEALTHCHECK CMD /app -health').refusals).toEqual([
      {
        code: 'GMC206',
        line: 3,
        message:
          'line 3 writes HEALTHCHECK CMD in shell form, which needs /bin/sh; scratch has none: use exec form',
      },
    ]);
    expect(prebuilt('scratch', 'HEALTHCHECK NONE').status).toBe('already-minimal');
    expect(prebuilt('scratch', 'HEALTHCHECK CMD ["/app", "-health"]').status).toBe('already-minimal');
  });

  it('knows scratch in any case', () => {
    expect(prebuilt('SCRATCH')).toMatchObject({
      status: 'already-minimal',
      reason: 'the image already ships SCRATCH: nothing to convert',
    });
  });
});
