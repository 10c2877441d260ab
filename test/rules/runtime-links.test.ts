/**
 * GMC202's ln -s (src/core/convert/rules/runtime-links.ts): where ln puts a
 * link in the image it ran in, and what a wildcard matches there, staged by
 * GMC209 under /rootfs in the builder.
 */
import { describe, expect, it } from '@jest/globals';
import { convert, dockerfile, multiStage } from './helpers.js';

/** The staging RUN's commands, one per line as GMC209 joins them. */
function staging(output: string | undefined): string[] {
  const lines = (output ?? '').split('\n');
  const start = lines.findIndex((line) => line.startsWith('RUN mkdir -p /rootfs/tmp'));
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => !line.startsWith(' && '));
  return [lines[start] ?? '', ...rest.slice(0, end)].map((line) =>
    line.replace(/^(RUN | && )/, '').replace(/ \\$/, ''),
  );
}

/** nsq's shape: the make install's bin folder copied whole, and a link to each of its programs. */
const nsq = (...runtime: string[]) =>
  dockerfile(
    'FROM golang:1.22-alpine AS build',
    'WORKDIR /src',
    'COPY . .',
    'RUN go build -o /opt/nsq/bin/nsqd ./apps/nsqd && go build -o /opt/nsq/bin/nsqlookupd ./apps/nsqlookupd',
    'FROM alpine:3.20',
    'COPY --from=build /opt/nsq/bin/ /usr/local/bin/',
    ...runtime,
    'CMD ["/usr/local/bin/nsqd"]',
  );

describe('GMC202 ln -s', () => {
  it('puts a link into a folder the image has, as ln does, where it used to refuse', () => {
    for (const [run, link] of [
      ['RUN ln -s /app /usr/bin', '/rootfs/usr/bin/app'],
      ['RUN ln -s /app /usr/bin/', '/rootfs/usr/bin/app'],
      ['RUN ln -sf /app /srv', '/rootfs/srv/app'],
      // The WORKDIR, and a folder the stage copied in, are folders too.
      ['WORKDIR /srv/data\nRUN ln -s /app .', '/rootfs/srv/data/app'],
    ] as const) {
      const result = convert(multiStage(run, 'CMD ["/app"]'));
      expect(result.status).toBe('converted');
      expect(staging(result.output)).toContain(`ln -s /app ${link}`);
    }
    const intoCopied = convert(
      multiStage('COPY config/ /etc/app/', 'RUN ln -s /app /etc/app', 'CMD ["/app"]'),
    );
    expect(staging(intoCopied.output)).toContain('ln -s /app /rootfs/etc/app/app');
  });

  it('makes a link for each target into the folder named last', () => {
    const result = convert(multiStage('RUN ln -s /app /usr/share/app.conf /srv/', 'CMD ["/app"]'));
    expect(staging(result.output)).toEqual(
      expect.arrayContaining([
        'mkdir -p /rootfs/srv',
        'ln -s /app /rootfs/srv/app',
        'ln -s /usr/share/app.conf /rootfs/srv/app.conf',
      ]),
    );
    expect(result.changes).toContainEqual(
      expect.objectContaining({
        code: 'GMC209',
        what: expect.stringContaining(
          'the link /srv/app (to /app) and the link /srv/app.conf (to /usr/share/app.conf)',
        ),
      }),
    );
  });

  it("links to each file of a folder copied whole from the builder, matched by the builder's shell over the same files", () => {
    const result = convert(
      nsq('RUN ln -s /usr/local/bin/*nsq* / \\', ' && ln -s /usr/local/bin/*nsq* /bin/'),
    );
    expect(result.status).toBe('converted');
    expect(staging(result.output)).toEqual(
      expect.arrayContaining([
        'for f in /opt/nsq/bin/*nsq*; do ln -s /usr/local/bin/"${f##*/}" /rootfs/"${f##*/}" || exit 1; done',
        'mkdir -p /rootfs/bin',
        'for f in /opt/nsq/bin/*nsq*; do ln -s /usr/local/bin/"${f##*/}" /rootfs/bin/"${f##*/}" || exit 1; done',
      ]),
    );
    expect(result.changes).toContainEqual(
      expect.objectContaining({ code: 'GMC202', line: 7, what: 'removed RUN (ln -s)' }),
    );
    expect(result.changes).toContainEqual(
      expect.objectContaining({
        code: 'GMC209',
        what: expect.stringContaining(
          'a link in / to each /usr/local/bin/*nsq* (as ln made them) and a link in /bin to each /usr/local/bin/*nsq* (as ln made them)',
        ),
      }),
    );
  });

  it("quotes the pattern's literal parts and leaves * and ? to the shell", () => {
    const text = dockerfile(
      'FROM golang:1.22-alpine AS build',
      'RUN go build -o "/opt/my app/bin/server" .',
      'FROM alpine:3.20',
      'COPY --from=build ["/opt/my app/bin/", "/usr/local/bin/"]',
      'RUN ln -s /usr/local/bin/serv?r /',
      'CMD ["/usr/local/bin/server"]',
    );
    expect(staging(convert(text).output)).toContain(
      `for f in '/opt/my app/bin/'serv?r; do ln -s /usr/local/bin/"\${f##*/}" /rootfs/"\${f##*/}" || exit 1; done`,
    );
  });

  it('matches a wildcard itself over the binaries copied by name, as the shell would (no dot files)', () => {
    const text = (link: string) =>
      dockerfile(
        'FROM golang:1.22-alpine AS build',
        'RUN go build -o /out/app . && go build -o /out/.hidden ./hidden && go build -o /out/tool ./tool',
        'FROM alpine:3.20',
        'COPY --from=build /out/app /out/.hidden /usr/local/bin/',
        'COPY --from=build /out/tool /usr/local/bin/tool',
        link,
        'CMD ["/usr/local/bin/app"]',
      );
    const links = staging(convert(text('RUN ln -s /usr/local/bin/* /')).output).filter((command) =>
      command.startsWith('ln '),
    );
    expect(links).toEqual(['ln -s /usr/local/bin/app /rootfs/app', 'ln -s /usr/local/bin/tool /rootfs/tool']);
    expect(staging(convert(text('RUN ln -s /usr/local/bin/.h* /')).output)).toContain(
      'ln -s /usr/local/bin/.hidden /rootfs/.hidden',
    );
    expect(convert(text('RUN ln -s /usr/local/bin/x* /')).reason).toBe(
      'line 6 runs "ln -s /usr/local/bin/x* /": a wildcard that matches nothing the file puts in /usr/local/bin, which the converter cannot reproduce',
    );
  });

  it.each([
    [
      'a quoted *, which is literal',
      "RUN ln -s '/usr/local/bin/*' /",
      'a wildcard the converter does not read (quoted, in a folder name, or a [class])',
    ],
    [
      'a [class]',
      'RUN ln -s /usr/local/bin/[n]sqd /',
      'a wildcard the converter does not read (quoted, in a folder name, or a [class])',
    ],
    [
      'a wildcard in a folder name',
      'RUN ln -s /usr/local/*/nsqd /',
      'a wildcard the converter does not read (quoted, in a folder name, or a [class])',
    ],
    [
      'a folder the base image fills',
      'RUN ln -s /bin/b* /usr/local/bin/',
      "a wildcard over /bin, which holds the base image's own files",
    ],
    [
      'a wildcard whose links would replace one name',
      'RUN ln -s /usr/local/bin/*nsq* /nsq',
      'a wildcard, whose links go into a folder',
    ],
    ['a wildcard in the link name', 'RUN ln -s /usr/local/bin/nsqd /n*', 'a wildcard in the link name'],
  ])('refuses %s', (_, run, why) => {
    expect(convert(nsq(run)).reason).toBe(
      `line 7 runs "${run.slice(4).replace(/'/g, '')}": ${why}, which the converter cannot reproduce`,
    );
  });

  it('refuses a wildcard over files it cannot list: copied from the build context, another stage, or as a wildcard', () => {
    const text = (copy: string) =>
      dockerfile(
        'FROM golang:1.22-alpine AS build',
        'RUN go build -o /out/app .',
        'FROM alpine:3.20 AS tools',
        'FROM alpine:3.20',
        'COPY --from=build /out/app /app',
        copy,
        'RUN ln -s /opt/tools/* /usr/local/bin/',
        'CMD ["/app"]',
      );
    for (const copy of [
      'COPY tools/ /opt/tools/',
      'COPY --from=tools /usr/share/tools/ /opt/tools/',
      'COPY --from=build /out/a* /opt/tools/',
    ])
      expect(convert(text(copy)).reason).toBe(
        'line 7 runs "ln -s /opt/tools/* /usr/local/bin/": a wildcard over files line 6 copies that this file does not name, which the converter cannot reproduce',
      );
  });

  it('refuses what it would stage differently from the original (found in review)', () => {
    for (const [runtime, why] of [
      // The links the first wildcard made are the builder's to list.
      [
        ['RUN ln -s /usr/local/bin/*nsq* /srv/ && ln -s /srv/* /usr/bin/'],
        'a wildcard over the links another wildcard made in /srv',
      ],
      // nsqlookupd twice: once by name, once in the builder's loop, and ln refuses the second link.
      [
        ['COPY --from=build /opt/nsq/bin/nsqlookupd /usr/local/bin/', 'RUN ln -s /usr/local/bin/*nsq* /'],
        'a wildcard over /usr/local/bin, which several COPYs fill',
      ],
      // On scratch the staged link is copied in first, and the COPY then writes the file over it.
      [
        ['COPY app.yaml /etc/app/app.yaml', 'RUN ln -sf /run/secrets/app.yaml /etc/app/app.yaml'],
        'a link over /etc/app/app.yaml, which line 7 copies, and which the new image would copy over the link',
      ],
      // alpine has /var/log: ln put the link inside it.
      [
        ['RUN ln -s /data/logs /var/log'],
        'a link named /var/log, a folder the replaced image may have, where ln would put it inside',
      ],
    ] as const) {
      const text = nsq(...runtime);
      const line = text.split('\n').findIndex((row) => row.startsWith('RUN ln')) + 1;
      const run = text.split('\n')[line - 1]?.slice(4) ?? '';
      expect(convert(text).reason).toBe(
        `line ${line} runs "${run.split(' && ').find((part) => part.includes(why.includes('/srv') ? '/srv/*' : 'ln')) ?? run}": ${why}, which the converter cannot reproduce`,
      );
    }
  });

  it('makes a link ln -sf makes twice once, as the second replaces the first', () => {
    const result = convert(
      multiStage('RUN ln -sf /app /usr/bin/app && ln -sf /app /usr/bin/', 'CMD ["/app"]'),
    );
    expect(staging(result.output).filter((command) => command.startsWith('ln '))).toEqual([
      'ln -s /app /rootfs/usr/bin/app',
    ]);
  });

  it('refuses a path with a line break, which would end the staging RUN inside its quotes', () => {
    const text = dockerfile(
      'FROM golang:1.22-alpine AS build',
      'RUN go build -o /out/app .',
      'FROM alpine:3.20',
      'COPY --from=build ["/opt/x\\nRUN touch /pwned #/", "/opt/"]',
      'RUN ln -s /opt/* /srv/',
      'CMD ["/out/app"]',
    );
    expect(convert(text).status).toBe('refused');
    expect(convert(text).reason).toMatch(
      /whose control character \(a line break\) a RUN line cannot carry: rename the path, then rerun$/,
    );
  });

  it('refuses a wildcard over the folder go build -o writes for several packages, copied by its name', () => {
    // It took /src/bin for one binary named bin, and staged a link named /bin to /usr/local/bin/bin.
    const text = dockerfile(
      'FROM golang:1.22-alpine AS build',
      'WORKDIR /src',
      'RUN mkdir -p bin && go build -o bin ./cmd/a ./cmd/b',
      'FROM alpine:3.20',
      'COPY --from=build /src/bin /usr/local/bin/',
      'RUN ln -s /usr/local/bin/* /',
      'CMD ["/usr/local/bin/a"]',
    );
    expect(convert(text).reason).toBe(
      'line 6 runs "ln -s /usr/local/bin/* /": a wildcard over files line 5 copies that this file does not name, which the converter cannot reproduce',
    );
  });
});
