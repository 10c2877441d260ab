/** GMC210 COPY into a folder (src/core/convert/rules/copy-into-folder.ts): what it catches and what it does not. */
import { describe, expect, it } from '@jest/globals';
import { dockerfile, ruleCatches, ruleCatchesNot } from './helpers.js';

/** A build whose binary the runtime stage copies with `copy`, then starts as `start`. */
const runtime = (image: string, copy: string, ...rest: string[]) =>
  dockerfile(
    'FROM golang:1.22-alpine AS build',
    'WORKDIR /src',
    'RUN CGO_ENABLED=0 go build -o /src/dist/app .',
    `FROM ${image}`,
    copy,
    ...rest,
  );

describe('GMC210 COPY into a folder of the replaced base', () => {
  it('adds the slash to /usr/local/bin, says why, and the program is found inside it', () => {
    const result = ruleCatches(
      'GMC210',
      runtime('alpine:3.20', 'COPY --from=build /src/dist/app /usr/local/bin', 'ENTRYPOINT ["app"]'),
    );
    expect(result.output).toContain('\nCOPY --from=build /src/dist/app /usr/local/bin/\n');
    expect(result.output).toContain('\nENTRYPOINT ["/usr/local/bin/app"]\n');
    expect(result.changes).toContainEqual({
      code: 'GMC210',
      line: 5,
      what: 'COPY into /usr/local/bin became /usr/local/bin/',
      why: '/usr/local/bin is a folder of alpine:3.20, so the file landed inside it; scratch does not have it, and the file itself would take its name',
    });
  });

  it('patches the same COPY as GMC208 does: both edits land', () => {
    const result = ruleCatches(
      'GMC210',
      runtime(
        'debian:12-slim',
        'COPY --from=build --chown=nobody:nogroup /src/dist/app /usr/bin',
        'CMD ["/usr/bin/app"]',
      ),
    );
    expect(result.output).toContain('\nCOPY --from=build --chown=65534:65534 /src/dist/app /usr/bin/\n');
    expect(result.changes.map((change) => change.code)).toEqual(expect.arrayContaining(['GMC208', 'GMC210']));
  });

  it('names the folder relative to the WORKDIR, and ADD too', () => {
    const result = ruleCatches(
      'GMC210',
      runtime(
        'ubuntu:24.04',
        'WORKDIR /usr',
        'ADD --chown=0 dist.txt local/bin',
        'COPY --from=build /src/dist/app /app',
        'CMD ["/app"]',
      ),
    );
    expect(result.output).toContain('\nADD --chown=0 dist.txt local/bin/\n');
  });

  it('refuses the JSON form, which it cannot patch, naming the slash to add', () => {
    const result = ruleCatches(
      'GMC210',
      runtime('alpine:3.20', 'COPY ["/src/dist/app", "/usr/local/bin"]', 'ENTRYPOINT ["app"]'),
    );
    expect(result.status).toBe('refused');
    expect(result.refusals).toContainEqual({
      code: 'GMC210',
      line: 5,
      message:
        'line 5 copies into /usr/local/bin, a folder of alpine:3.20 that scratch does not have: end the destination with a slash ("/usr/local/bin/") so the file lands inside it, then rerun',
    });
  });

  it.each([
    ['a trailing slash already', 'COPY --from=build /src/dist/app /usr/local/bin/'],
    ['a file name', 'COPY --from=build /src/dist/app /usr/local/bin/app'],
    ['a folder no base has', 'COPY --from=build /src/dist/app /app'],
    [
      'several sources (Docker needs a folder then, and makes it)',
      'COPY --from=build /src/dist/app /src/dist/app /usr/bin',
    ],
    ['the WORKDIR, which scratch gets too', 'WORKDIR /srv\nCOPY --from=build /src/dist/app /srv'],
    ['.', 'WORKDIR /opt\nCOPY --from=build /src/dist/app .'],
  ])('does not catch %s', (_, copy) => {
    ruleCatchesNot('GMC210', runtime('alpine:3.20', copy, 'ENTRYPOINT ["/usr/local/bin/app"]'));
  });

  it('does not catch a runtime that is kept (already scratch): nothing changes about its folders', () => {
    ruleCatchesNot(
      'GMC210',
      runtime(
        'gcr.io/distroless/static-debian12',
        'COPY --from=build /src/dist/app /usr/local/bin',
        'ENTRYPOINT ["/usr/local/bin"]',
      ),
    );
  });
});

describe('GMC210 COPY into a folder, with --strategy distroless', () => {
  it('says distroless static is not known to have the folder', () => {
    const result = ruleCatches(
      'GMC210',
      runtime('alpine:3.20', 'COPY --from=build /src/dist/app /usr/local/bin', 'ENTRYPOINT ["app"]'),
      { strategy: 'distroless' },
    );
    expect(result.changes).toContainEqual({
      code: 'GMC210',
      line: 5,
      what: 'COPY into /usr/local/bin became /usr/local/bin/',
      why: '/usr/local/bin is a folder of alpine:3.20, so the file landed inside it; distroless static is not known to have it, and the file itself would take its name',
    });
    const json = ruleCatches(
      'GMC210',
      runtime('alpine:3.20', 'COPY --from=build ["/src/dist/app", "/usr/local/bin"]', 'ENTRYPOINT ["app"]'),
      { strategy: 'distroless' },
    );
    expect(json.refusals).toContainEqual({
      code: 'GMC210',
      line: 5,
      message:
        'line 5 copies into /usr/local/bin, a folder of alpine:3.20 that distroless static is not known to have: end the destination with a slash ("/usr/local/bin/") so the file lands inside it, then rerun',
    });
  });
});
