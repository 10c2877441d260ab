/** GMC202 runtime RUN (src/core/convert/rules/runtime-run.ts): what it catches and what it does not. */
import { describe, expect, it } from '@jest/globals';
import { collectFacts } from '../../src/core/convert/facts/collect-facts.js';
import { runtimeRunRule } from '../../src/core/convert/rules/runtime-run.js';
import { convert, dockerfile, multiStage, ruleCatches, ruleCatchesNot } from './helpers.js';

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
      'line 6 installs ffmpeg into the runtime image; runtime packages have no equivalent in scratch (keep an alpine or debian runtime; or, if the program never uses ffmpeg, convert with --drop ffmpeg)',
      'line 6 installs git into the runtime image; runtime packages have no equivalent in scratch (keep an alpine or debian runtime; or, if the program never uses git, convert with --drop git)',
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
            'line 6 installs ffmpeg into the runtime image; runtime packages have no equivalent in scratch (keep an alpine or debian runtime; or, if the program never uses ffmpeg, convert with --drop ffmpeg)',
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

  it('drops shadow (alpine) or passwd (Debian) installed for useradd: the user becomes a passwd line', () => {
    const result = ruleCatches(
      'GMC202',
      multiStage(
        'RUN apk add --no-cache shadow && useradd --system --uid 10001 app',
        'USER app',
        'CMD ["/app"]',
      ),
    );
    expect(result.status).toBe('converted');
    expect(result.changes).toContainEqual(
      expect.objectContaining({ code: 'GMC202', line: 6, what: 'removed RUN (shadow, useradd)' }),
    );
    // useradd without -m makes no home, and its passwd line names /home/app all the same.
    expect(result.output).toContain("'app:x:10001:10001:app:/home/app:/sbin/nologin'");
    expect(result.output).not.toContain('/rootfs/home/app');
    const debian = ruleCatches(
      'GMC202',
      multiStage(
        'RUN apt-get install -y passwd',
        'RUN groupadd -g 2000 svc && useradd -u 2000 -g svc svc',
        'USER svc',
        'CMD ["/app"]',
      ),
    );
    expect(debian.status).toBe('converted');
    // Not when nothing creates a user: then it is a runtime package like any other.
    expect(ruleCatches('GMC202', multiStage('RUN apk add shadow', 'CMD ["/app"]')).reason).toMatch(
      /^line 6 installs shadow into the runtime image/,
    );
  });

  it("drops what --drop names, as the user's decision, and nothing else", () => {
    const text = multiStage('RUN apk add --no-cache bash su-exec ca-certificates', 'CMD ["/app"]');
    expect(convert(text).reason).toMatch(/^line 6 installs bash into the runtime image/);
    const dropped = convert(text, { drop: ['bash', 'su-exec'] });
    expect(dropped.status).toBe('converted');
    expect(dropped.changes.filter((change) => change.code === 'GMC202')).toEqual([
      {
        code: 'GMC202',
        line: 6,
        what: 'dropped bash from the runtime image (--drop bash)',
        why: 'your decision: the converter cannot tell whether the program needs it, and you said it does not',
      },
      {
        code: 'GMC202',
        line: 6,
        what: 'dropped su-exec from the runtime image (--drop su-exec)',
        why: 'your decision: the converter cannot tell whether the program needs it, and you said it does not',
      },
      expect.objectContaining({ what: 'removed RUN (bash, su-exec, ca-certificates)' }),
    ]);
    // The package goes; a step that runs it still needs a shell.
    expect(
      convert(multiStage('RUN apk add bash && bash -c "echo hi > /etc/motd"', 'CMD ["/app"]'), {
        drop: ['bash'],
      }).status,
    ).toBe('refused');
    expect(convert(text, { drop: ['bash'] }).reason).toMatch(/^line 6 installs su-exec/);
  });

  it('stages ln -s in the builder, as GMC209 does a folder; refuses a link it cannot reproduce', () => {
    const result = convert(
      multiStage('RUN ln -sf /app /usr/local/bin/server', 'ENTRYPOINT ["/usr/local/bin/server"]'),
    );
    expect(result.status).toBe('converted');
    expect(result.changes).toContainEqual(
      expect.objectContaining({ code: 'GMC202', line: 6, what: 'removed RUN (ln -s)' }),
    );
    expect(result.output).toContain(
      ' && mkdir -p /rootfs/usr/local/bin \\\n && ln -s /app /rootfs/usr/local/bin/server\n',
    );
    for (const [run, why] of [
      ['RUN ln /app /srv/app', 'a hard link'],
      [
        'RUN ln -s "/usr/local/bin/*" /srv/',
        'a wildcard the converter does not read (quoted, in a folder name, or a [class])',
      ],
      [
        'RUN ln -sn /app /usr/bin',
        'its option -n on the folder /usr/bin, which the image has and scratch does not',
      ],
      ['RUN ln -sr /app /x', 'its option -r'],
    ] as const)
      expect(convert(multiStage(run, 'CMD ["/app"]')).reason).toMatch(
        new RegExp(`: ${why.replace(/[*/()[\]]/g, '\\$&')}, which the converter cannot reproduce$`),
      );
  });

  it('stages a chown of the WORKDIR (chown app . or the folder) with its owner', () => {
    // chown with a user alone leaves the group as it was: root's, for a folder made as root.
    for (const [chown, owner] of [
      ['RUN chown -R app:app .', '10001:10001'],
      ['RUN chown app: .', '10001:10001'],
      ['RUN chown app /srv/app', '10001:0'],
      ['RUN chown 10001 /srv/app', '10001:0'],
    ] as const)
      expect(
        convert(
          multiStage('RUN adduser -D -u 10001 app', 'WORKDIR /srv/app', chown, 'USER app', 'CMD ["/app"]'),
        ).output,
      ).toContain(`mkdir -p /rootfs/srv/app \\\n && chown ${owner} /rootfs/srv/app`);
    // Not a folder it knows: refused as before.
    expect(convert(multiStage('RUN chown app /data', 'CMD ["/app"]')).reason).toMatch(
      /changes the owner of \/data, which the converter cannot reproduce without a shell/,
    );
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

describe('GMC202 runtime RUN, command by command', () => {
  const WHY = 'scratch has no shell or package manager; what it provided is added below';
  const removed = (what: string) => ({ code: 'GMC202', line: 6, what: `removed RUN (${what})`, why: WHY });
  const converted = (...runtime: string[]) => {
    const result = ruleCatches('GMC202', multiStage(...runtime, 'CMD ["/app"]'));
    expect(result.refusals).toEqual([]);
    return result;
  };
  const refusedWith = (message: string, ...runtime: string[]) =>
    expect(ruleCatches('GMC202', multiStage(...runtime, 'CMD ["/app"]')).refusals).toEqual([
      { code: 'GMC202', line: 6, message },
    ]);

  it('removes the line whole, and the image that ships keeps the rest as it was', () => {
    expect(converted('RUN true').output).toBe(
      [
        'FROM golang:1.22-alpine AS build',
        'WORKDIR /src',
        'RUN CGO_ENABLED=0 GOOS=linux go build -o /out/app .',
        '# Added by go-microcontainer convert: what the scratch image lacks, staged for one COPY.',
        'RUN mkdir -p /rootfs/tmp \\',
        ' && chmod 1777 /rootfs/tmp',
        'FROM scratch',
        'COPY --from=build /rootfs/ /',
        'COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt',
        'COPY --from=build /out/app /app',
        'USER 65532:65532',
        'CMD ["/app"]',
        '',
      ].join('\n'),
    );
  });

  it('drops commands with no effect left in scratch, and cache clean-up', () => {
    for (const run of [
      'RUN true',
      'RUN :',
      'RUN set -e',
      'RUN update-ca-certificates',
      'RUN rm -rf /tmp/x /root/.cache/go /var/lib/apk/x /var/lib/apt/lists/y /var/cache/apk/z',
    ]) {
      expect(converted(run).changes).toContainEqual(removed('nothing to keep'));
    }
  });

  it('refuses an rm of anything but caches', () => {
    for (const target of ['/etc/motd', '/x/var/cache/y', '/tmpfile', '/var/cache', 'tmp/x']) {
      refusedWith(
        `line 6 runs "rm -f ${target}", which the new image cannot run: the runtime needs a shell`,
        `RUN rm -f ${target}`,
      );
    }
  });

  it('drops package manager upkeep, whose effect goes with the package manager', () => {
    for (const run of [
      'apk update',
      'apk upgrade',
      'apt-get clean',
      'apt-get autoclean',
      'apt-get autoremove -y',
      'apk del curl',
      'apt-get remove -y curl',
      'apt-get purge curl',
      'apk cache clean',
    ]) {
      expect(converted(`RUN ${run}`).changes).toContainEqual(removed('nothing to keep'));
    }
  });

  it('drops the users and groups it creates, which GMC204 and GMC209 number and stage', () => {
    expect(converted('RUN groupadd -g 1000 app && useradd -u 1000 -g app app').changes).toContainEqual(
      removed('groupadd, useradd'),
    );
    expect(converted('RUN addgroup -S app && adduser -S -G app app').changes).toContainEqual(
      removed('addgroup, adduser'),
    );
  });

  it('refuses exec form and what the splitter cannot follow', () => {
    refusedWith(
      'line 6 runs a shell step the new image cannot run (exec form); the runtime needs a shell',
      'RUN ["apk", "add", "ca-certificates"]',
    );
    refusedWith(
      'line 6 runs a shell step the new image cannot run (command substitution); the runtime needs a shell',
      'RUN echo $(id)',
    );
  });

  it('drops curl or wget only when a dropped HEALTHCHECK used it', () => {
    expect(
      converted(
        'RUN apk add --no-cache ca-certificates-bundle wget',
        'HEALTHCHECK CMD wget -q -O- http://localhost/',
      ).changes,
    ).toContainEqual(removed('ca-certificates, wget'));
    const installs = (pkg: string) =>
      `line 6 installs ${pkg} into the runtime image; runtime packages have no equivalent in scratch (keep an alpine or debian runtime; or, if the program never uses ${pkg}, convert with --drop ${pkg})`;
    refusedWith(installs('curl'), 'RUN apk add curl');
    refusedWith(installs('curl'), 'RUN apk add curl', 'HEALTHCHECK CMD wget -q http://localhost/');
  });

  it('drops libcap only for a setcap cap_net_bind_service it explains, and refuses other setcap', () => {
    for (const pkg of ['libcap', 'libcap2-bin', 'libcap-utils']) {
      const result = converted(`RUN apt-get install -y ${pkg} && setcap 'cap_net_bind_service=+ep' /app`);
      expect(result.changes).toContainEqual(removed(`${pkg}, setcap`));
      expect(result.warnings.map((warning) => warning.code)).toEqual(['GMC202']);
    }
    const installs = (pkg: string) =>
      `line 6 installs ${pkg} into the runtime image; runtime packages have no equivalent in scratch (keep an alpine or debian runtime; or, if the program never uses ${pkg}, convert with --drop ${pkg})`;
    refusedWith(installs('libcap'), 'RUN apk add libcap');
    const other = ruleCatches(
      'GMC202',
      multiStage('RUN apk add libcap && setcap cap_sys_admin+ep /app', 'CMD ["/app"]'),
    );
    expect(other.refusals).toEqual([
      {
        code: 'GMC202',
        line: 6,
        message:
          'line 6 runs "setcap cap_sys_admin+ep /app" in the runtime image; scratch has no shell to run it and the converter cannot reproduce its effect',
      },
    ]);
    expect(other.warnings).toEqual([]);
  });

  it('stages each folder once, with the owner and mode set after it, flags left out', () => {
    const result = converted(
      'RUN adduser -D -u 10001 app && mkdir -p /data /data && mkdir data && chown -R app:app /data && chmod -R 700 /data && chmod +x /app',
      'USER app',
    );
    expect(result.changes).toContainEqual(removed('adduser, mkdir, chown, chmod'));
    expect(result.output).toContain(
      ' && mkdir -p /rootfs/data \\\n && chown 10001:10001 /rootfs/data \\\n && chmod 700 /rootfs/data\nFROM scratch\n',
    );
  });

  it('stages a relative folder under WORKDIR, and sets the mode of the folder it names', () => {
    const result = converted('WORKDIR /srv', 'RUN mkdir cache logs && chmod 750 logs');
    expect(result.output).toContain(
      ' && mkdir -p /rootfs/srv/cache \\\n && mkdir -p /rootfs/srv/logs \\\n && chmod 750 /rootfs/srv/logs\nFROM scratch\n',
    );
  });

  it('stages a file echo wrote (> and >>, echo -n), under WORKDIR too, written by printf as echo wrote it', () => {
    const result = converted(
      'WORKDIR /srv',
      'RUN mkdir -p /etc/app \\',
      '  && echo \'{"listen": ":8080"}\' > /etc/app/config.json \\',
      '  && echo debug=false >>/etc/app/config.json \\',
      '  && echo -n ready >state',
    );
    expect(result.changes).toContainEqual({
      ...removed('mkdir, echo > /etc/app/config.json, echo > /srv/state'),
      line: 7,
    });
    expect(result.output).toContain(
      ' && mkdir -p /rootfs/etc/app \\\n && printf \'%s\\n\' \'{"listen": ":8080"}\' >/rootfs/etc/app/config.json \\\n' +
        " && printf '%s\\n' 'debug=false' >>/rootfs/etc/app/config.json \\\n && mkdir -p /rootfs/srv \\\n" +
        " && printf '%s' 'ready' >/rootfs/srv/state\nFROM scratch\n",
    );
  });

  it('refuses an echo whose output the shells disagree on or that it cannot place', () => {
    const why = (reason: string) => `${reason}, which the converter cannot reproduce`;
    refusedWith(
      `line 6 runs "echo a\\nb > /x": ${why('a backslash or a line break, which shells echo differently')}`,
      'RUN echo a\\\\nb > /x',
    );
    refusedWith(`line 6 runs "echo -e a > /x": ${why('the echo option -e')}`, 'RUN echo -e a > /x');
    refusedWith(
      `line 6 runs "echo $NAME > /x": ${why('a variable, a glob or a ~ the shell expands as it runs')}`,
      'RUN echo $NAME > /x',
    );
    refusedWith(`line 6 runs "echo a > /x b": ${why('words after the file it writes')}`, 'RUN echo a > /x b');
    refusedWith(
      `line 6 runs "echo a 2>/dev/null >/x": ${why('another redirection')}`,
      'RUN echo a 2>/dev/null >/x',
    );
    // A quoted > is text, not a redirection.
    expect(converted("RUN echo 'a>b' > /x").output).toContain("printf '%s\\n' 'a>b' >/rootfs/x\n");
  });

  it("writes the file a test of its absence guards when the RUN fails with the test (golang:alpine's nsswitch.conf line)", () => {
    for (const guard of [
      '[ ! -e /etc/nsswitch.conf ]',
      'test ! -e /etc/nsswitch.conf',
      'test ! -f /etc/nsswitch.conf',
    ]) {
      const result = converted(`RUN ${guard} && echo 'hosts: files dns' > /etc/nsswitch.conf`);
      expect(result.output).toContain("printf '%s\\n' 'hosts: files dns' >/rootfs/etc/nsswitch.conf\n");
      expect(result.changes).toContainEqual(
        removed(`${guard.split(' ').slice(0, 3).join(' ')}, echo > /etc/nsswitch.conf`),
      );
    }
  });

  it('refuses a test of absence that the RUN goes on past, or that tests something else', () => {
    const unknown = (command: string) =>
      `line 6 runs "${command}" in the runtime image; scratch has no shell to run it and the converter cannot reproduce its effect`;
    // After ; or ||, the echo may have run or not: the build succeeds either way.
    refusedWith(unknown('test ! -e /etc/x'), "RUN test ! -e /etc/x ; echo 'a' > /etc/x");
    refusedWith(unknown('test -e /etc/x'), "RUN test -e /etc/x && echo 'a' > /etc/x");
    refusedWith(unknown('test ! -d /etc/x'), "RUN test ! -d /etc/x && echo 'a' > /etc/x");
    refusedWith(unknown('[ ! -e /etc/x'), "RUN [ ! -e /etc/x && echo 'a' > /etc/x");
  });

  it('removes chgrp 0 of what COPY or mkdir made as root (the OpenShift pattern), which is group 0 already', () => {
    const copied = converted(
      'COPY --from=build /out/app /mailpit',
      'RUN chgrp -R 0 /mailpit && chmod -R g=u /mailpit',
    );
    expect(copied.changes).toContainEqual(
      expect.objectContaining({ code: 'GMC202', what: 'removed RUN (chgrp, chmod)' }),
    );
    expect(converted('RUN mkdir -p /data && chgrp root /data').status).toBe('converted');
  });

  it('stages the folders COPY made with the mode chmod gives them (chmod -R g=u, the OpenShift pattern)', () => {
    const staging = (output: string | undefined) => output?.split('# Added by')[1]?.split('FROM scratch')[0];
    const deep = converted('COPY --from=build /out/app /opt/srv/bin/app', 'RUN chmod -R g=u /opt/srv');
    expect(staging(deep.output)).toContain(
      ' && mkdir -p /rootfs/opt/srv \\\n && chmod g=u /rootfs/opt/srv \\\n' +
        ' && mkdir -p /rootfs/opt/srv/bin \\\n && chmod g=u /rootfs/opt/srv/bin\n',
    );
    expect(deep.warnings).toEqual([]);
    // Without -R, the folder named and not the ones below it.
    const shallow = converted('COPY --from=build /out/app /opt/srv/bin/app', 'RUN chmod 775 /opt/srv');
    expect(staging(shallow.output)).toContain(
      ' && mkdir -p /rootfs/opt/srv \\\n && chmod 775 /rootfs/opt/srv\n',
    );
    expect(staging(shallow.output)).not.toContain('/rootfs/opt/srv/bin');
  });

  it('warns that chmod of a copied file is not reproduced, unless the binary has that mode already', () => {
    const warned = converted('COPY --from=build /out/app /srv/app', 'RUN chmod 700 /srv/app');
    expect(warned.warnings).toEqual([
      {
        code: 'GMC202',
        line: 7,
        message:
          'chmod 700 of what line 6 copies is not reproduced: a copied file keeps the mode it had where it was copied from; set it there',
      },
    ]);
    for (const mode of ['+x', 'a+rx', '755', '0755', 'g=u'])
      expect({
        mode,
        warnings: converted('COPY --from=build /out/app /srv/app', `RUN chmod ${mode} /srv/app`).warnings,
      }).toEqual({ mode, warnings: [] });
    // g=u of a file go build did not make (a config, 644) would give the group write.
    expect(
      converted(
        'COPY --from=build /out/app /srv/app',
        'COPY app.yaml /srv/app.yaml',
        'RUN chmod g=u /srv/app.yaml',
      ).warnings,
    ).toEqual([expect.objectContaining({ code: 'GMC202', line: 8 })]);
  });

  it('stages the empty file touch makes, and a link ln -sf puts in its place (log files sent to stdout)', () => {
    const result = converted(
      'RUN mkdir -p /var/log/app && touch /var/log/app/access.log /var/log/app/state && ln -sf /dev/stdout /var/log/app/access.log && chmod 666 /var/log/app/state',
    );
    expect(result.changes).toContainEqual(removed('mkdir, touch, ln -s, chmod'));
    const staging = result.output?.split('# Added by')[1]?.split('FROM scratch')[0] ?? '';
    expect(staging).toContain(" && printf '%s' '' >/rootfs/var/log/app/state \\\n");
    expect(staging).toContain(' && chmod 666 /rootfs/var/log/app/state \\\n');
    expect(staging).toContain(' && ln -s /dev/stdout /rootfs/var/log/app/access.log\n');
    // The link replaced the touched file: no file is written where the link goes.
    expect(staging).not.toContain('>/rootfs/var/log/app/access.log');
    // A touch of what the step wrote or linked already changes nothing.
    expect(converted('RUN echo x > /a && touch /a').output).not.toContain("printf '%s' '' >/rootfs/a");
  });

  it('refuses a touch it cannot reproduce: an option, a wildcard, the passwd it writes, as another user', () => {
    const refusal = (...runtime: string[]) =>
      ruleCatches('GMC202', multiStage(...runtime, 'CMD ["/app"]')).refusals.map((found) => found.message);
    expect(refusal('RUN touch -d 2020-01-01 /a')).toEqual([
      'line 6 runs "touch -d 2020-01-01 /a": its option -d, which the converter cannot reproduce',
    ]);
    expect(refusal('RUN touch /var/log/*.log')).toEqual([
      'line 6 runs "touch /var/log/*.log": a wildcard or a variable, which the converter cannot reproduce',
    ]);
    expect(refusal('RUN touch /etc/passwd')).toEqual([
      'line 6 touches /etc/passwd, which the converter generates itself from the users the runtime creates',
    ]);
    expect(refusal('USER 1000', 'RUN touch /tmp/ready')).toEqual([
      'line 7 makes files as the user 1000 (line 6), an owner the converter does not reproduce',
    ]);
  });

  it('refuses chgrp to another group, or of what it did not see made as root', () => {
    const refusal = (...runtime: string[]) =>
      ruleCatches('GMC202', multiStage(...runtime, 'CMD ["/app"]')).refusals.map(
        (refusal) => refusal.message,
      );
    const reason = (command: string) =>
      `line 7 runs "${command}", which changes a group the converter cannot reproduce without a shell`;
    expect(refusal('COPY --from=build /out/app /srv/app', 'RUN chgrp -R 1000 /srv')).toEqual([
      reason('chgrp -R 1000 /srv'),
    ]);
    expect(
      refusal('COPY --from=build --chown=10001:10001 /out/app /srv/app', 'RUN chgrp 0 /srv/app'),
    ).toEqual([reason('chgrp 0 /srv/app')]);
    // /etc of the base image: not made here.
    expect(refusal('COPY --from=build /out/app /app', 'RUN chgrp -R 0 /etc')).toEqual([
      reason('chgrp -R 0 /etc'),
    ]);
  });

  it('removes what only prints to the build log, which leaves nothing in the image', () => {
    const result = converted('RUN echo hello && ls -la /srv && cat /etc/os-release && id && pwd');
    expect(result.changes).toContainEqual(
      expect.objectContaining({ code: 'GMC202', what: 'removed RUN (echo, ls, cat, id, pwd)' }),
    );
  });

  it('keeps refusing a printing command whose output goes into a file, or that runs another', () => {
    const refusal = (...runtime: string[]) =>
      ruleCatches('GMC202', multiStage(...runtime, 'CMD ["/app"]')).refusals.map(
        (refusal) => refusal.message,
      );
    expect(refusal('RUN ls /srv > /srv/index')).toEqual([
      expect.stringContaining('line 6 runs "ls /srv > /srv/index"'),
    ]);
    expect(refusal('RUN env FOO=1 /app --migrate')).toEqual([
      expect.stringContaining('line 6 runs "env FOO=1'),
    ]);
  });

  it('drops packages the same RUN removes again, a build inside the runtime stage, and refuses the build', () => {
    const refusal = (...runtime: string[]) =>
      ruleCatches('GMC202', multiStage(...runtime, 'CMD ["/app"]')).refusals.map(
        (refusal) => refusal.message,
      );
    const messages = refusal(
      'RUN apk add --no-cache --virtual build-deps git && git clone https://example.com/x /opt/x && apk del --purge build-deps',
    );
    expect(messages.some((message) => message.includes('installs'))).toBe(false);
    expect(messages).toEqual([expect.stringContaining('runs "git clone https://example.com/x /opt/x"')]);
    expect(refusal('RUN apk add --no-cache git && git --version && apk del git')).toEqual([
      expect.stringContaining('runs "git --version"'),
    ]);
    // Removed in another RUN: the layer below still holds it, and the RUN that installs it is a refusal.
    expect(refusal('RUN apk add --no-cache git', 'RUN apk del git')).toEqual([
      expect.stringContaining('installs git into the runtime image'),
    ]);
  });

  it('refuses what would make the file differ from what sh writes (cases found by review)', () => {
    const refusal = (...runtime: string[]) =>
      ruleCatches('GMC202', multiStage(...runtime, 'CMD ["/app"]')).refusals.map(
        (refusal) => refusal.message,
      );
    expect(refusal('RUN echo "mode=prod" > /etc/app.conf || echo "mode=dev" > /etc/app.conf')).toContain(
      'line 6 runs "echo mode=prod > /etc/app.conf" in a step joined by ||, which writes the file on some paths only',
    );
    expect(refusal('RUN echo /etc/a* > /etc/x.conf')).toEqual([
      expect.stringContaining('a variable, a glob or a ~ the shell expands as it runs'),
    ]);
    expect(refusal('RUN echo hi > ~/x.conf')).toEqual([expect.stringContaining('a variable, a glob or a ~')]);
    expect(refusal('ENV A="x   y"', 'RUN echo $A > /x')).toEqual([
      expect.stringContaining('a variable, a glob or a ~'),
    ]);
    expect(refusal('RUN echo "myapp 9000/tcp" >> /etc/services')).toEqual([
      'line 6 appends to /etc/services, which the base image may have: the converter cannot tell what it held',
    ]);
    expect(refusal('RUN echo "app:x:1000:1000::/:/sbin/nologin" > /etc/passwd')).toEqual([
      'line 6 writes /etc/passwd, which the converter generates itself from the users the runtime creates',
    ]);
    // The last USER before the RUN is who writes it.
    expect(refusal('USER root', 'USER 1000', 'RUN echo x > /srv/x')).toEqual([
      'line 8 writes /srv/x as the user 1000 (line 7), an owner the converter does not reproduce',
    ]);
  });

  it('keeps the owner and mode chown and chmod give a written file, chown -R of its folder too', () => {
    const result = converted(
      'RUN mkdir /data && echo "{}" > /data/s.json && chmod 666 /data/s.json',
      'RUN echo x > /data/t && chown -R 1000:1000 /data',
    );
    expect(result.output).toContain(
      " && mkdir -p /rootfs/data \\\n && chown 1000:1000 /rootfs/data \\\n && printf '%s\\n' '{}' >/rootfs/data/s.json \\\n" +
        " && printf '%s\\n' 'x' >/rootfs/data/t \\\n && chown 1000:1000 /rootfs/data/s.json \\\n && chmod 666 /rootfs/data/s.json \\\n" +
        ' && chown 1000:1000 /rootfs/data/t\n',
    );
  });

  it('refuses a file echo writes as another user: its owner would change', () => {
    expect(
      ruleCatches('GMC202', multiStage('USER 1000', 'RUN echo x > /tmp/x', 'CMD ["/app"]')).refusals,
    ).toEqual([
      {
        code: 'GMC202',
        line: 7,
        message: 'line 7 writes /tmp/x as the user 1000 (line 6), an owner the converter does not reproduce',
      },
    ]);
  });

  it('refuses a chown of what it neither staged nor copied', () => {
    refusedWith(
      'line 6 changes the owner of /opt/data, which the converter cannot reproduce without a shell',
      'RUN chown 1000 /opt/data',
    );
  });
});

describe('GMC202 runtime RUN, as the rule reports it', () => {
  function check(text: string) {
    const facts = collectFacts(text, { strategy: 'scratch' });
    if (!facts.layout) throw new Error('a Go build has a layout');
    return runtimeRunRule.check({ ...facts, layout: facts.layout });
  }

  it('keeps a step with a refusal, and does not report it removed', () => {
    const output = check(multiStage('RUN apk add git && rm -rf /var/cache/apk/*', 'CMD ["/app"]'));
    expect(output.changes).toEqual([]);
    expect(output.edits).toEqual([]);
    expect(output.refusals.length).toBe(1);
  });

  it('hands the data-file packages on to GMC209, each once, with the line that installed it', () => {
    const output = check(
      multiStage(
        'RUN apt-get update && apt-get install -y netbase media-types',
        'RUN apt-get install -y netbase',
        'CMD ["/app"]',
      ),
    );
    expect(output.stagedPackages).toEqual([
      { name: 'netbase', line: 6, files: ['/etc/services', '/etc/protocols'], holds: 'service names' },
      {
        name: 'media-types',
        line: 6,
        files: ['/etc/mime.types'],
        holds: 'MIME types',
        builderInstall: { apk: 'mailcap', apt: 'media-types' },
      },
    ]);
    expect(output.refusals).toEqual([]);
    expect(output.changes.map((change) => change.what)).toEqual([
      'removed RUN (netbase, media-types)',
      'removed RUN (netbase)',
    ]);
  });

  it('removes exactly the lines of the step', () => {
    const text = multiStage('RUN true \\', '  && true', 'CMD ["/app"]');
    const output = check(text);
    expect(output.edits).toEqual([{ start: 122, end: 143, text: '' }]);
    expect(text.slice(122, 143)).toBe('RUN true \\\n  && true\n');
  });

  it('leaves a single-stage build to GMC105', () => {
    expect(
      check(
        dockerfile('FROM golang:1.22-alpine', 'RUN apk add git', 'RUN go build -o /app .', 'CMD ["/app"]'),
      ),
    ).toEqual({
      refusals: [],
      warnings: [],
      changes: [],
      edits: [],
      stagedDirs: [],
      stagedLinks: [],
      stagedPackages: [],
      stagedWrites: [],
    });
  });
});

describe('GMC202 runtime RUN: every reason in one refusal', () => {
  it('names each construct the splitter cannot follow', () => {
    expect(
      ruleCatches('GMC202', multiStage('RUN echo $(id) <<EOF', 'hello', 'EOF', 'CMD ["/app"]')).refusals,
    ).toEqual([
      {
        code: 'GMC202',
        line: 6,
        message:
          'line 6 runs a shell step the new image cannot run (command substitution, here-document); the runtime needs a shell',
      },
    ]);
  });

  it('takes /tmp and /root/.cache only at the root', () => {
    expect(ruleCatches('GMC202', multiStage('RUN rm -rf /x/tmp/y', 'CMD ["/app"]')).refusals).toEqual([
      {
        code: 'GMC202',
        line: 6,
        message: 'line 6 runs "rm -rf /x/tmp/y", which the new image cannot run: the runtime needs a shell',
      },
    ]);
  });
});

describe('GMC202 runtime RUN: shell options', () => {
  it('drops set with its options and their words', () => {
    expect(ruleCatches('GMC202', multiStage('RUN set -o pipefail', 'CMD ["/app"]')).refusals).toEqual([]);
  });

  it('chown -R reaches the folders staged below it, and the parent mkdir -p made for a deeper one', () => {
    const result = ruleCatches(
      'GMC202',
      multiStage(
        'RUN adduser -D -u 10001 logd && mkdir -p /logd /logd/rules /srv/data/cache && chown -R logd:logd /logd /srv/data',
        'USER logd',
        'ENTRYPOINT ["/app"]',
      ),
    );
    expect(result.status).toBe('converted');
    expect(result.output).toContain(
      [
        ' && mkdir -p /rootfs/logd \\',
        ' && chown 10001:10001 /rootfs/logd \\',
        ' && mkdir -p /rootfs/logd/rules \\',
        ' && chown 10001:10001 /rootfs/logd/rules \\',
        ' && mkdir -p /rootfs/srv/data/cache \\',
        ' && chown 10001:10001 /rootfs/srv/data/cache \\',
        ' && mkdir -p /rootfs/srv/data \\',
        ' && chown 10001:10001 /rootfs/srv/data\n',
      ].join('\n'),
    );
  });

  it('stages the home busybox adduser made, owned by the user; under --strategy distroless warns that the image lacks it', () => {
    const text = multiStage('RUN adduser -D -u 10001 app', 'USER app', 'ENTRYPOINT ["/app"]');
    expect(ruleCatches('GMC202', text).output).toContain(
      ' && mkdir -p /rootfs/home/app \\\n && chown 10001:10001 /rootfs/home/app',
    );
    const distroless = convert(text, { strategy: 'distroless' });
    expect(distroless.status).toBe('converted');
    expect(distroless.warnings).toContainEqual({
      code: 'GMC202',
      line: 6,
      message:
        'line 6 makes the home /home/app for app, which the distroless image does not have: if the program writes there, convert with --strategy scratch, which stages it',
    });
    expect(
      convert(multiStage('RUN adduser -D -H -u 10001 app', 'USER app', 'ENTRYPOINT ["/app"]')).output,
    ).not.toContain('/rootfs/home');
  });

  describe('chown of what a COPY wrote', () => {
    const withConfig = (...runtime: string[]) =>
      multiStage(
        'COPY deploy/app.yaml /etc/app/app.yaml',
        'RUN adduser -D -u 10001 app',
        ...runtime,
        'USER app',
        'ENTRYPOINT ["/app"]',
      );

    it('gives the COPYs it reaches --chown, and stages the folder above them with the owner', () => {
      const result = ruleCatches('GMC202', withConfig('RUN chown -R app:app /etc/app'));
      expect(result.status).toBe('converted');
      expect(result.output).toContain('\nCOPY --chown=10001:10001 deploy/app.yaml /etc/app/app.yaml\n');
      expect(result.output).toContain(
        ' && mkdir -p /rootfs/etc/app \\\n && chown 10001:10001 /rootfs/etc/app',
      );
      // The binary's COPY is not below /etc/app.
      expect(result.output).toContain('\nCOPY --from=build /out/app /app\n');
      expect(result.changes).toContainEqual(
        expect.objectContaining({
          code: 'GMC202',
          line: 6,
          what: 'added --chown=10001:10001 to the COPY',
          why: 'the chown at line 8 gave what it copies that owner; scratch has no shell to run chown',
        }),
      );
    });

    it('without -R, the folder takes the owner and the files it holds keep root', () => {
      const result = ruleCatches('GMC202', withConfig('RUN chown app /etc/app'));
      expect(result.output).toContain('\nCOPY deploy/app.yaml /etc/app/app.yaml\n');
      expect(result.output).toContain(' && chown 10001:0 /rootfs/etc/app');
    });

    it("a chown of the copied file itself, the binary too, is the COPY's --chown and stages no folder", () => {
      // A user alone keeps the group COPY gave (root's); COPY --chown with a user alone would give the user's uid.
      const result = ruleCatches('GMC202', withConfig('RUN chown app /etc/app/app.yaml /app'));
      expect(result.output).toContain('\nCOPY --chown=10001:0 --from=build /out/app /app\n');
      expect(result.output).toContain('\nCOPY --chown=10001:0 deploy/app.yaml /etc/app/app.yaml\n');
      expect(ruleCatches('GMC202', withConfig('RUN chown app:app /app')).output).toContain(
        '\nCOPY --chown=10001:10001 --from=build /out/app /app\n',
      );
      expect(result.output).not.toContain('/rootfs/etc/app');
      expect(result.output).not.toContain('mkdir -p /rootfs/app');
    });

    it('leaves a COPY after the chown to root, as it was', () => {
      const result = ruleCatches(
        'GMC202',
        withConfig('RUN chown -R app /etc/app', 'COPY deploy/extra.yaml /etc/app/extra.yaml'),
      );
      expect(result.output).toContain('\nCOPY deploy/extra.yaml /etc/app/extra.yaml\n');
      expect(result.output).toContain('\nCOPY --chown=10001:0 deploy/app.yaml /etc/app/app.yaml\n');
    });

    it('refuses when a COPY already gave another owner, or the owner is a user the runtime does not create', () => {
      const other = multiStage(
        'RUN adduser -D -u 10001 app',
        'COPY --chown=2000:2000 deploy/app.yaml /etc/app/app.yaml',
        'RUN chown -R app /etc/app',
        'USER app',
        'ENTRYPOINT ["/app"]',
      );
      expect(ruleCatches('GMC202', other).refusals).toEqual([
        {
          code: 'GMC202',
          line: 8,
          message:
            'line 8 changes the owner of /etc/app, which the converter cannot reproduce without a shell',
        },
      ]);
      expect(ruleCatches('GMC202', withConfig('RUN chown -R nobody-here /etc/app')).reason).toBe(
        'line 8 changes the owner of /etc/app, which the converter cannot reproduce without a shell',
      );
    });

    it('refuses a chown of a folder the base image had, which scratch makes as root when it copies', () => {
      const result = ruleCatches(
        'GMC202',
        multiStage(
          'RUN adduser -D -u 10001 app && chown -R app /usr/local',
          'USER app',
          'ENTRYPOINT ["/app"]',
        ).replace('/app /app', '/app /usr/local/bin/app'),
      );
      expect(result.reason).toBe(
        'line 6 changes the owner of /usr/local, which the converter cannot reproduce without a shell',
      );
    });
  });

  it('chown without -R leaves a deeper staged folder to root, as it was', () => {
    const result = ruleCatches(
      'GMC202',
      multiStage('RUN mkdir -p /data/inner && chown 10001 /data', 'USER 10001', 'ENTRYPOINT ["/app"]'),
    );
    expect(result.output).toContain(
      ' && mkdir -p /rootfs/data/inner \\\n && mkdir -p /rootfs/data \\\n && chown ',
    );
    expect(result.output).not.toMatch(/chown \S+ \/rootfs\/data\/inner/);
  });

  it('drops libcap installed in one RUN for the setcap of a later one', () => {
    const result = ruleCatches(
      'GMC202',
      multiStage('RUN apk add --no-cache libcap', 'RUN setcap cap_net_bind_service=+ep /app', 'CMD ["/app"]'),
    );
    expect(result.status).toBe('converted');
    expect(result.changes.filter((change) => change.code === 'GMC202').map((change) => change.what)).toEqual([
      'removed RUN (libcap)',
      'removed RUN (setcap)',
    ]);
  });

  it("takes export and unset as the RUN's own shell state: export DEBIAN_FRONTEND before apt-get converts", () => {
    const result = ruleCatches(
      'GMC202',
      dockerfile(
        'FROM golang:1.22 AS build',
        'RUN CGO_ENABLED=0 go build -o /out/app .',
        'FROM debian:12-slim',
        'RUN export DEBIAN_FRONTEND=noninteractive && apt-get update && apt-get install -y --no-install-recommends ca-certificates && unset DEBIAN_FRONTEND && rm -rf /var/lib/apt/lists/*',
        'COPY --from=build /out/app /app',
        'CMD ["/app"]',
      ),
    );
    expect(result.status).toBe('converted');
    expect(result.changes.find((change) => change.line === 4)?.what).toBe('removed RUN (ca-certificates)');
  });
});
