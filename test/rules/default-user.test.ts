/** GMC205 default USER (src/core/convert/rules/default-user.ts): what it catches and what it does not. */
import { describe, expect, it } from '@jest/globals';
import { multiStage, ruleCatches, ruleCatchesNot } from './helpers.js';

describe('GMC205 default USER', () => {
  it('catches an image with no USER, and warns about a low port', () => {
    const result = ruleCatches('GMC205', multiStage('EXPOSE 80', 'CMD ["/app"]'));
    expect(result.output).toContain('USER 65532:65532\nCMD ["/app"]');
    expect(result.warnings).toContainEqual(
      expect.objectContaining({ code: 'GMC205', message: expect.stringMatching(/^port 80 is below 1024/) }),
    );
  });

  it('does not catch an image with a USER', () => {
    ruleCatchesNot('GMC205', multiStage('USER 1000', 'CMD ["/app"]'));
  });
});

describe('GMC205 default USER: where the line goes', () => {
  it('goes above the comment lines written over the CMD, which belong to the CMD', () => {
    const result = ruleCatches('GMC205', multiStage('# start the server', '# on 8080', 'CMD ["/app"]'));
    expect(result.output).toContain('USER 65532:65532\n# start the server\n# on 8080\nCMD ["/app"]\n');
  });

  it('stays below a comment that a blank line separates from the CMD', () => {
    const result = ruleCatches('GMC205', multiStage('# the binary', '', 'CMD ["/app"]'));
    expect(result.output).toContain('# the binary\n\nUSER 65532:65532\nCMD ["/app"]\n');
  });
});

describe('GMC205 default user: where it goes, and low ports', () => {
  it('reports the user at the first CMD or ENTRYPOINT, and why', () => {
    expect(ruleCatches('GMC205', multiStage('EXPOSE 8080', 'CMD ["/app"]')).changes).toContainEqual({
      code: 'GMC205',
      line: 7,
      what: 'added USER 65532:65532',
      why: 'the image ran as root; a numeric non-root user needs no passwd file',
    });
  });

  it('warns of each exposed port below 1024, and only those', () => {
    expect(ruleCatches('GMC205', multiStage('EXPOSE 80 443 1024 8080', 'CMD ["/app"]')).warnings).toEqual([
      {
        code: 'GMC205',
        message:
          'port 80, 443 is below 1024: as a non-root user the program can bind it only where the runtime allows unprivileged low ports (Docker does by default, except with --network host)',
      },
    ]);
    expect(ruleCatches('GMC205', multiStage('EXPOSE 1024', 'CMD ["/app"]')).warnings).toEqual([]);
  });
});

describe('GMC205 default USER: the volumes root could write', () => {
  const staged = (...runtime: string[]) => ruleCatches('GMC205', multiStage(...runtime, 'CMD ["/app"]'));

  it("makes each VOLUME folder the new user's, in either form, and says why", () => {
    const result = staged('VOLUME /data /cache/', 'VOLUME ["/srv/state"]');
    expect(result.output).toContain(' && mkdir -p /rootfs/data \\\n && chown 65532:65532 /rootfs/data');
    expect(result.output).toContain(' && chown 65532:65532 /rootfs/cache');
    expect(result.output).toContain(' && chown 65532:65532 /rootfs/srv/state');
    expect(result.changes).toContainEqual({
      code: 'GMC205',
      line: 6,
      what: 'made /data, /cache, /srv/state owned by 65532',
      why: 'the image ran as root, which could write to its volumes; Docker gives a new volume the owner of its folder in the image',
    });
  });

  it('gives a folder the runtime made the owner, and keeps an owner the runtime gave', () => {
    expect(staged('RUN mkdir -p /data', 'VOLUME /data').output).toContain('chown 65532:65532 /rootfs/data');
    // A user the file names is not GMC205's: its chown stands, as the user's.
    const owned = ruleCatchesNot(
      'GMC205',
      multiStage(
        'RUN adduser -D -u 10001 app && mkdir /data && chown app /data',
        'VOLUME /data',
        'USER app',
        'CMD ["/app"]',
      ),
    );
    expect(owned.output).toContain('chown 10001:0 /rootfs/data');
  });

  it('stages no folder it cannot place: a variable, /, /tmp or ..', () => {
    const result = staged('VOLUME $DATA / /tmp /a/../b');
    expect(result.output).not.toContain('chown 65532:65532');
    expect(result.changes.filter((change) => change.code === 'GMC205').map((change) => change.what)).toEqual([
      'added USER 65532:65532',
    ]);
  });

  it('stages nothing for distroless, whose image has no such folder', () => {
    const result = ruleCatches('GMC205', multiStage('VOLUME /data', 'CMD ["/app"]'), {
      strategy: 'distroless',
    });
    expect(result.changes.map((change) => change.what)).not.toContainEqual(expect.stringMatching(/^made /));
  });
});
