/** GMC204 numeric USER (src/core/convert/rules/numeric-user.ts): what it catches and what it does not. */
import { describe, expect, it } from '@jest/globals';
import { dockerfile, multiStage, ruleCatches, ruleCatchesNot } from './helpers.js';

describe('GMC204 numeric USER', () => {
  it('refuses a USER from an ARG with no default, naming the ARG: the number is only known at build time', () => {
    const result = ruleCatches('GMC204', multiStage('ARG UID', 'USER $UID', 'CMD ["/app"]'));
    expect(result.refusals).toEqual([
      {
        code: 'GMC204',
        line: 7,
        message:
          'USER $UID names ARG UID, which has no default in this Dockerfile: the converter cannot tell the number ' +
          'scratch needs (it has no /etc/passwd to look a name up in); give the ARG a numeric default ' +
          '(ARG UID=10001), then rerun',
      },
    ]);
    expect(result.output).toBeUndefined();
  });

  it('says that a USER read from an ARG default is now written out, so --build-arg no longer changes it', () => {
    const result = ruleCatches(
      'GMC204',
      multiStage('ARG UID=1000', 'RUN adduser -D -u $UID app', 'USER ${UID}', 'CMD ["/app"]'),
    );
    expect(result.output).toContain('USER 1000:1000\n');
    expect(result.warnings).toContainEqual({
      code: 'GMC204',
      line: 8,
      message:
        "USER ${UID} was resolved to 1000:1000 from the Dockerfile's values, and the passwd entry is written " +
        'with them: a --build-arg no longer changes the user',
    });
    // Written without a variable: nothing to say.
    const plain = ruleCatches(
      'GMC204',
      multiStage('RUN adduser -D -u 1000 app', 'USER 1000', 'CMD ["/app"]'),
    );
    expect(plain.warnings.filter((warning) => warning.code === 'GMC204')).toEqual([]);
  });

  it('reads USER as the builder does: an escaped $ is the name adduser made, an unset name is empty', () => {
    const escaped = ruleCatches(
      'GMC204',
      multiStage("RUN adduser -D -u 1000 'a$b'", 'USER a\\$b', 'CMD ["/app"]'),
    );
    expect(escaped.refusals).toEqual([]);
    expect(escaped.output).toContain('USER 1000:1000\n');
    expect(escaped.warnings.filter((warning) => warning.code === 'GMC204')).toEqual([]);
    // SUFFIX is no ARG or ENV of the file: docker build reads app${SUFFIX} as app.
    const unset = ruleCatches(
      'GMC204',
      multiStage('RUN adduser -D -u 1000 app', 'USER app${SUFFIX}', 'CMD ["/app"]'),
    );
    expect(unset.refusals).toEqual([]);
    expect(unset.output).toContain('USER 1000:1000\n');
  });

  it('refuses a USER whose quote is never closed, which docker build refuses too', () => {
    const result = ruleCatches(
      'GMC204',
      multiStage("RUN adduser -D -u 1000 o\\'brien", "USER o'brien", 'CMD ["/app"]'),
    );
    expect(result.refusals).toEqual([
      {
        code: 'GMC204',
        line: 7,
        message:
          "USER o'brien opens a ' it never closes, and docker build stops there (\"unexpected end of statement while " +
          'looking for matching single-quote"): close the quote (USER "o\'brien"), then rerun',
      },
    ]);
    // Quoted, it is the name adduser made.
    const quoted = ruleCatches(
      'GMC204',
      multiStage("RUN adduser -D -u 1000 o\\'brien", `USER "o'brien"`, 'CMD ["/app"]'),
    );
    expect(quoted.refusals).toEqual([]);
    expect(quoted.output).toContain('USER 1000:1000\n');
  });

  it('catches a named USER, with its passwd entry', () => {
    const result = ruleCatches(
      'GMC204',
      multiStage('RUN adduser -D -u 10001 app', 'USER app', 'CMD ["/app"]'),
    );
    expect(result.changes).toContainEqual(
      expect.objectContaining({ code: 'GMC204', line: 7, what: 'USER app became USER 10001:10001' }),
    );
    expect(result.output).toContain("'app:x:10001:10001:app:/home/app:/sbin/nologin' >/rootfs/etc/passwd");
  });

  it('warns when the user is root', () => {
    const result = ruleCatches('GMC204', multiStage('USER root', 'CMD ["/app"]'));
    expect(result.warnings).toContainEqual({
      code: 'GMC204',
      line: 6,
      message: 'the image runs as root; consider a non-root user',
    });
  });

  it('warns when the Dockerfile gives the user no UID, so it becomes 65532', () => {
    const result = ruleCatches('GMC204', multiStage('RUN adduser -D app', 'USER app', 'CMD ["/app"]'));
    expect(result.output).toContain('USER 65532:65532\n');
    expect(result.warnings).toContainEqual({
      code: 'GMC204',
      line: 7,
      message:
        'the Dockerfile gives app no UID, so it becomes 65532 (the distroless nonroot UID); give the user a fixed UID (adduser -u 10001) if files or volumes must belong to it',
    });
  });

  it("takes the GID of a group the file made, not the user's", () => {
    const result = ruleCatches(
      'GMC204',
      multiStage('RUN addgroup -g 2000 grp && adduser -D -u 10001 app', 'USER app:grp', 'CMD ["/app"]'),
    );
    expect(result.output).toContain('USER 10001:2000\n');
    expect(result.warnings).toEqual([]);
  });

  it('takes the GID of a group every image has', () => {
    const result = ruleCatches(
      'GMC204',
      multiStage('RUN adduser -D -u 10001 app', 'USER app:nogroup', 'CMD ["/app"]'),
    );
    expect(result.output).toContain('USER 10001:65534\n');
    expect(result.warnings).toEqual([]);
  });

  it('warns when USER names a group the Dockerfile gives no GID', () => {
    const result = ruleCatches(
      'GMC204',
      multiStage('RUN adduser -D -u 10001 app', 'USER app:staff', 'CMD ["/app"]'),
    );
    expect(result.output).toContain('USER 10001:10001\n');
    expect(result.warnings).toEqual([
      {
        code: 'GMC204',
        line: 7,
        message:
          "the Dockerfile gives the group staff no GID, so it becomes 10001, the user's; give the group a fixed GID (addgroup -g 10001 staff) if files or volumes must belong to it",
      },
    ]);
  });

  it('warns when adduser puts the user in a group made with no GID', () => {
    const result = ruleCatches(
      'GMC204',
      multiStage('RUN addgroup -S grp && adduser -S -u 10001 -G grp app', 'USER app', 'CMD ["/app"]'),
    );
    expect(result.output).toContain('USER 10001:10001\n');
    expect(result.warnings.map((warning) => warning.message)).toEqual([
      expect.stringMatching(/^the Dockerfile gives the group grp no GID, so it becomes 10001/),
    ]);
  });

  it('does not warn for a group made with its GID', () => {
    const result = ruleCatches(
      'GMC204',
      multiStage('RUN addgroup -S -g 2000 grp && adduser -S -u 10001 -G grp app', 'USER app', 'CMD ["/app"]'),
    );
    expect(result.output).toContain('USER 10001:2000\n');
    expect(result.warnings).toEqual([]);
  });

  it('does not catch a numeric USER in place', () => {
    ruleCatchesNot('GMC204', multiStage('USER 1000:1000', 'CMD ["/app"]'));
  });
});

describe('GMC204 numeric USER: the report', () => {
  it('says why a name becomes a number', () => {
    expect(ruleCatches('GMC204', multiStage('USER nobody', 'CMD ["/app"]')).changes).toContainEqual({
      code: 'GMC204',
      line: 6,
      what: 'USER nobody became USER 65534:65534',
      why: 'scratch has no /etc/passwd to look a name up in; a number needs none (a minimal passwd entry keeps the name for os/user)',
    });
  });

  it('moves a numeric USER of a single-stage build to the new stage, and says so', () => {
    const result = ruleCatches(
      'GMC204',
      dockerfile('FROM golang:1.22', 'RUN go build -o /app .', 'USER 1000:1000', 'CMD ["/app"]'),
    );
    expect(result.changes).toContainEqual({
      code: 'GMC204',
      line: 3,
      what: 'moved USER 1000:1000 to the new stage',
      why: 'it applies to the image that ships',
    });
    expect(result.output).toMatch(/\nFROM scratch\n(?:.*\n)*USER 1000:1000\nCMD \["\/app"\]\n$/);
  });

  it('reports nothing for a numeric USER of a multi-stage build', () => {
    ruleCatchesNot('GMC204', multiStage('USER 1000:1000', 'CMD ["/app"]'));
  });
});

describe('GMC204 numeric USER: a UID without its group (Stryker survivors)', () => {
  it('gives USER 1000 its group, and says why, in a multi-stage build and in the new stage of a single one', () => {
    const why =
      'without a passwd entry for the UID the process would run with group 0 (root); the group is made explicit';
    const multi = ruleCatches('GMC204', multiStage('USER 1000', 'CMD ["/app"]'));
    expect(multi.output).toContain('USER 1000:1000\nCMD ["/app"]\n');
    expect(multi.changes).toContainEqual({
      code: 'GMC204',
      line: 6,
      what: 'USER 1000 became USER 1000:1000',
      why,
    });
    const single = ruleCatches(
      'GMC204',
      dockerfile('FROM golang:1.22', 'RUN go build -o /app .', 'USER 1000', 'CMD ["/app"]'),
    );
    expect(single.changes).toContainEqual({
      code: 'GMC204',
      line: 3,
      what: 'USER 1000 became USER 1000:1000, in the new stage',
      why,
    });
  });

  it('keeps a numeric uid:gid of a multi-stage build as written, down to its trailing blanks', () => {
    const result = ruleCatchesNot('GMC204', multiStage('USER 1000:1000   ', 'CMD ["/app"]'));
    expect(result.output).toContain('\nUSER 1000:1000   \nCMD ["/app"]\n');
  });
});

describe('GMC204 numeric USER: group 0 where the file gives it rights (the OpenShift pattern)', () => {
  const why = (line: number) =>
    `a UID with no passwd entry runs in group 0, and line ${line} gives group 0 rights: the group is made explicit and kept`;

  it('keeps group 0 for a bare UID after chgrp 0 or chown to group 0, and says why', () => {
    for (const grant of ['RUN chgrp -R 0 /app && chmod -R g=u /app', 'RUN chown -R 1001:root /app']) {
      const result = ruleCatches('GMC204', multiStage(grant, 'USER 1001', 'CMD ["/app"]'));
      expect(result.output).toContain('USER 1001:0\nCMD ["/app"]\n');
      expect(result.changes).toContainEqual({
        code: 'GMC204',
        line: 7,
        what: 'USER 1001 became USER 1001:0',
        why: why(6),
      });
    }
  });

  it('gives the UID its own group where nothing grants group 0, or the grant comes after USER', () => {
    expect(
      ruleCatches('GMC204', multiStage('RUN chmod -R g=u /app', 'USER 1001', 'CMD ["/app"]')).output,
    ).toContain('USER 1001:1001\n');
    expect(
      ruleCatches('GMC204', multiStage('RUN chown 1001 /app', 'USER 1001', 'CMD ["/app"]')).output,
    ).toContain('USER 1001:1001\n');
    const after = multiStage('USER 1001', 'RUN chgrp 0 /app', 'CMD ["/app"]');
    expect(ruleCatches('GMC204', after).output).toContain('USER 1001:1001\n');
  });

  it('leaves a group given, a user the file made, and a UID base images name to their own groups', () => {
    const grant = 'RUN chgrp -R 0 /app';
    ruleCatchesNot('GMC204', multiStage(grant, 'USER 1001:1001', 'CMD ["/app"]'));
    expect(
      ruleCatches('GMC204', multiStage('RUN adduser -D -u 1001 app', grant, 'USER 1001', 'CMD ["/app"]'))
        .output,
    ).toContain('USER 1001:1001\n');
    expect(ruleCatches('GMC204', multiStage(grant, 'USER 65534', 'CMD ["/app"]')).output).toContain(
      'USER 65534:65534\n',
    );
  });
});

describe('GMC204 numeric USER: a passwd copied from another stage', () => {
  const withBuilderUser = (...runtime: string[]) =>
    dockerfile(
      'FROM golang:1.22 AS build',
      'RUN useradd -u 10001 app',
      'RUN go build -o /out/app .',
      'FROM busybox:1.36',
      'COPY --from=build /out/app /app',
      ...runtime,
      'USER app',
      'ENTRYPOINT ["/app"]',
    );

  it("takes the user's UID from the stage whose /etc/passwd the image copies", () => {
    for (const copy of [
      'COPY --from=build /etc/passwd /etc/passwd',
      'COPY --from=0 /etc/passwd /etc/group /etc/',
    ]) {
      const result = ruleCatches('GMC204', withBuilderUser(copy));
      expect({ copy, user: result.output?.match(/^USER .*$/m)?.[0], warnings: result.warnings }).toEqual({
        copy,
        user: 'USER 10001:10001',
        warnings: [],
      });
    }
  });

  it('does not take users from a stage whose passwd is not copied', () => {
    const result = ruleCatches(
      'GMC204',
      withBuilderUser('COPY --from=build /etc/ssl/certs/ /etc/ssl/certs/'),
    );
    expect(result.output).toContain('USER 65532:65532\n');
    expect(result.warnings.map((warning) => warning.message)).toEqual([
      expect.stringMatching(/^the Dockerfile gives app no UID, so it becomes 65532/),
    ]);
  });
});
