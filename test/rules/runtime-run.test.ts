/** GMC202 runtime RUN (src/core/convert/rules/runtime-run.ts): what it catches and what it does not. */
import { describe, expect, it } from '@jest/globals';
import { convert, multiStage, ruleCatches, ruleCatchesNot } from './helpers.js';

describe('GMC202 runtime RUN', () => {
  it('catches a RUN whose effect the new image provides, and removes it', () => {
    const result = ruleCatches(
      'GMC202',
      multiStage('RUN apk add --no-cache ca-certificates && rm -rf /var/cache/apk/*', 'CMD ["/app"]'),
    );
    expect(result.changes).toContainEqual(
      expect.objectContaining({ code: 'GMC202', line: 6, what: 'removed RUN (ca-certificates)' }),
    );
    expect(result.output).not.toContain('apk');
  });

  it('refuses each runtime package and each step it cannot reproduce', () => {
    const result = ruleCatches(
      'GMC202',
      multiStage('RUN apk add --no-cache ffmpeg git', 'RUN sed -i s/a/b/ /etc/x', 'CMD ["/app"]'),
    );
    expect(result.refusals.map((refusal) => refusal.message)).toEqual([
      'line 6 installs ffmpeg into the runtime image; runtime packages have no equivalent in scratch (keep an alpine or debian runtime, or drop the dependency)',
      'line 6 installs git into the runtime image; runtime packages have no equivalent in scratch (keep an alpine or debian runtime, or drop the dependency)',
      'line 7 runs "sed -i s/a/b/ /etc/x" in the runtime image; scratch has no shell to run it and the converter cannot reproduce its effect',
    ]);
  });

  it('reads the packages whatever the order of the options, and drops nothing silently', () => {
    for (const install of [
      'apk --no-cache add ffmpeg',
      'apk --update add ffmpeg',
      'apk -U add ffmpeg',
      'apk add --virtual .deps ffmpeg',
      'apt-get -y install ffmpeg',
      'apt-get install -y --no-install-recommends ffmpeg=7:5.1',
    ]) {
      expect(ruleCatches('GMC202', multiStage(`RUN ${install}`, 'CMD ["/app"]')).refusals).toEqual([
        {
          code: 'GMC202',
          line: 6,
          message:
            'line 6 installs ffmpeg into the runtime image; runtime packages have no equivalent in scratch (keep an alpine or debian runtime, or drop the dependency)',
        },
      ]);
    }
    const tz = ruleCatches(
      'GMC202',
      multiStage('RUN apk --no-cache add ca-certificates tzdata', 'CMD ["/app"]'),
    );
    expect(tz.changes).toContainEqual(
      expect.objectContaining({ code: 'GMC202', line: 6, what: 'removed RUN (ca-certificates, tzdata)' }),
    );
    expect(tz.output).toContain('go build -tags timetzdata -o /out/app .');
    expect(ruleCatches('GMC202', multiStage('RUN apk fix', 'CMD ["/app"]')).reason).toBe(
      'line 6 runs "apk fix", which the new image cannot run: it has no package manager',
    );
  });

  it('drops cache clean-up and update-ca-certificates, as the CA bundle is copied', () => {
    const result = ruleCatches(
      'GMC202',
      multiStage(
        'RUN apt-get update && apt-get -y install ca-certificates && update-ca-certificates && rm -rf /var/cache/* /var/lib/apt/lists/*',
        'CMD ["/app"]',
      ),
    );
    expect(result.status).toBe('converted');
    expect(result.output).toContain(
      'COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt\n',
    );
  });

  it('keeps the UID of adduser --uid "${UID}" with ARG UID=10001', () => {
    const result = ruleCatches(
      'GMC202',
      multiStage('ARG UID=10001', 'RUN adduser -D --uid "${UID}" app', 'USER app', 'CMD ["/app"]'),
    );
    expect(result.output).toContain('USER 10001:10001\n');
    expect(result.warnings).toEqual([]);
  });

  it('explains and drops setcap cap_net_bind_service (and the libcap it needed)', () => {
    const result = ruleCatches(
      'GMC202',
      multiStage('RUN apk add libcap && setcap cap_net_bind_service=+ep /app', 'CMD ["/app"]'),
    );
    expect(result.changes).toContainEqual(
      expect.objectContaining({ code: 'GMC202', line: 6, what: 'removed RUN (libcap, setcap)' }),
    );
    expect(result.warnings).toContainEqual({
      code: 'GMC202',
      line: 6,
      message:
        'setcap gave the binary cap_net_bind_service to bind a port below 1024 as non-root; scratch has no setcap, and the step is dropped. ' +
        'Docker lets unprivileged users bind low ports by default (except with --network host); otherwise listen on a port of 1024 or more (8080) and publish it as the low one (docker run -p 80:8080)',
    });
  });

  it('does not catch a runtime without RUN', () => {
    ruleCatchesNot('GMC202', multiStage('CMD ["/app"]'));
  });
});

describe('GMC202 runtime RUN: options of mkdir, chown and chmod', () => {
  const staged = (run: string) =>
    (convert(multiStage(`RUN ${run}`, 'CMD ["/app"]')).output ?? '')
      .split('\n')
      .filter((line) => line.includes('/rootfs/data'))
      .map((line) => line.replace(/^ && /, '').replace(/ \\$/, ''));

  it("keeps mkdir's mode, however it is written", () => {
    for (const run of [
      'mkdir -p -m 700 /data',
      'mkdir --mode=700 /data',
      'mkdir --mode 700 /data',
      'mkdir -pm 700 /data',
      'mkdir -m700 /data',
    ])
      expect({ run, staged: staged(run) }).toEqual({
        run,
        staged: ['mkdir -p /rootfs/data', 'chmod 700 /rootfs/data'],
      });
  });

  it('does not take the mode for a folder to make', () => {
    expect(staged('mkdir -m 700 /data')).not.toContainEqual(expect.stringContaining('/rootfs/700'));
    expect(convert(multiStage('RUN mkdir -m 700 /data', 'CMD ["/app"]')).output).not.toContain('/rootfs/700');
  });

  it('lets -p, -v and -R pass: they change nothing in a folder just made', () => {
    expect(staged('mkdir -pv /data && chown -R 10:10 /data && chmod -Rv 700 /data')).toEqual([
      'mkdir -p /rootfs/data',
      'chown 10:10 /rootfs/data',
      'chmod 700 /rootfs/data',
    ]);
  });

  it('refuses an option it cannot carry over, naming it', () => {
    for (const [run, option] of [
      ['mkdir -p /data && chown --from=0 1000 /data', '--from=0'],
      ['mkdir -p /data && chmod --reference=/etc /data', '--reference=/etc'],
      ['mkdir -p /data && chmod -w /data', '-w'],
      ['mkdir -Z /data', '-Z'],
    ]) {
      const result = ruleCatches('GMC202', multiStage(`RUN ${run}`, 'CMD ["/app"]'));
      expect(result.status).toBe('refused');
      expect(result.refusals.map((refusal) => refusal.message)).toContainEqual(
        expect.stringContaining(`: its option ${option}, which the converter cannot reproduce`),
      );
    }
  });
});

describe('GMC202 runtime RUN: variables where the shell expands them', () => {
  const staged = (run: string) =>
    (convert(multiStage('ENV APP=svc', `RUN ${run}`, 'CMD ["/app"]')).output ?? '')
      .split('\n')
      .filter((line) => line.includes('/rootfs/data'))
      .map((line) => line.replace(/^ && /, '').replace(/ \\$/, ''));

  it('substitutes $APP bare or in double quotes', () => {
    expect(staged('mkdir -p /data/$APP')).toEqual(['mkdir -p /rootfs/data/svc']);
    expect(staged('mkdir -p "/data/${APP}"')).toEqual(['mkdir -p /rootfs/data/svc']);
  });

  it('keeps a $ in single quotes or escaped as it is: the shell does not expand it', () => {
    expect(staged("mkdir -p '/data/$APP'")).toEqual(["mkdir -p '/rootfs/data/$APP'"]);
    expect(staged('mkdir -p /data/\\$APP')).toEqual(["mkdir -p '/rootfs/data/$APP'"]);
    expect(staged('mkdir -p "/data/\\$APP-$APP"')).toEqual(["mkdir -p '/rootfs/data/$APP-svc'"]);
  });
});
