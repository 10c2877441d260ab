/**
 * Dockerfiles whose values are hostile: paths, modes, user names, output
 * paths, ENV values and --chown values that try to run a command (touch a
 * marker file) if the converter ever copied them into a shell command
 * unquoted. The originals quote them correctly, so as written nothing runs;
 * each case knows the exact value the shell receives (after the Dockerfile's
 * line continuations are removed), so a test can check the converter passed it
 * on as one literal word.
 *
 * Markers are files named PWNED<case>_<slot> directly in /, /tmp or /rootfs
 * (the staging folder, which a file that names it gets under another name). A literal path holding a
 * payload never lands there: every payload follows some other text.
 */
import path from 'node:path';
import fc from 'fast-check';

export const MARKER = 'PWNED';

/** Folders a payload puts its marker in ('' is the root). */
const MARKER_DIRS = ['/tmp', '', '/rootfs'] as const;

type Shape = (command: string) => string;

/** Ways to smuggle a command out of a word. */
const SHAPES: readonly Shape[] = [
  (c) => `;${c}`,
  (c) => ` && ${c}`,
  (c) => `|${c}`,
  (c) => `$(${c})`,
  (c) => `\`${c}\``,
  (c) => `';${c};'`,
  (c) => `";${c};"`,
  (c) => `'\\'';${c};'\\''`,
  (c) => `\\';${c}`,
  (c) => ` #;${c}`,
  (c) => `*;${c}`,
  (c) => `?[a]|${c}`,
];

export interface HostileTemplate {
  prefix: string;
  shape: number;
  markerDir: number;
  ifs: boolean;
  suffix: string;
}

/** Characters a slot accepts: Dockerfile instructions that are not shell have their own rules. */
export type SlotKind =
  /** Quoted in a RUN by the original: anything. */
  | 'shell'
  /** WORKDIR and VOLUME: no quotes, backslashes or $ (the builder processes those itself), no surrounding spaces. */
  | 'plain'
  /** A user name or --chown value: one Dockerfile word, no ':' or quotes. */
  | 'word'
  /** The binary's path: quoted in a RUN, but no * ? [ ] (COPY reads those as a pattern: the converter refuses them). */
  | 'binary';

export const hostileTemplate: fc.Arbitrary<HostileTemplate> = fc.record({
  prefix: fc.constantFrom('data', 'a b', 'x#y', '*', '-x', 'é'),
  shape: fc.nat({ max: SHAPES.length - 1 }),
  markerDir: fc.nat({ max: MARKER_DIRS.length - 1 }),
  ifs: fc.boolean(),
  suffix: fc.constantFrom('', 'z', '*', '#'),
});

/** The value a template makes for marker `marker`, fitted to what `kind` accepts. */
export function hostileValue(
  template: HostileTemplate,
  marker: string,
  kind: SlotKind,
  escape = '\\',
): string {
  const dir = MARKER_DIRS[template.markerDir] ?? '/tmp';
  const space = template.ifs || kind === 'word' ? '${IFS}' : ' ';
  const command = `touch${space}${dir}/${marker}`;
  let value = `${template.prefix}${(SHAPES[template.shape] ?? (SHAPES[0] as Shape))(command)}${template.suffix}`;
  if (kind === 'plain') value = value.replace(/['"\\$]/g, '').replace(/\{IFS\}/g, ' ');
  // Outside RUN, the builder reads the escape character itself: a backtick escape stays out of those values.
  if ((kind === 'plain' || kind === 'word') && escape === '`') value = value.replace(/`/g, '');
  if (kind === 'binary') value = value.replace(/[*?[\]]/g, '');
  // A user or owner starting with a dash would be an option of adduser or chown: there, the dash goes inside.
  if (kind === 'word') value = value.replace(/[\s:'"\\]/g, '').replace(/^-/, 'u-');
  // No empty path element or trailing slash: a path arrives as written, with nothing to normalise.
  return value.replace(/\/\/+/g, '/').replace(/\/$/, '');
}

export type Quoting = 'single' | 'double' | 'backslash';

const ESCAPES: Record<Quoting, (value: string) => string> = {
  single: (value) => value.split("'").join(`'\\''`),
  double: (value) => value.replace(/["\\$`]/g, (char) => `\\${char}`),
  backslash: (value) => value.replace(/[^A-Za-z0-9/._]/g, (char) => `\\${char}`),
};
const QUOTES: Record<Quoting, string> = { single: "'", double: '"', backslash: '' };

/**
 * `value` as one sh word in the given quoting, optionally broken over two
 * lines with the Dockerfile's line continuation after `breakAt` characters.
 * The builder removes the backslash and the newline before the shell sees
 * the word and keeps the next line's indentation, which becomes part of the
 * value inside quotes (unquoted, it would split the word: none there).
 */
export function quotedWord(
  value: string,
  quoting: Quoting,
  lineBreak?: { at: number; indent: string },
  escapeCharacter = '\\',
): { raw: string; value: string } {
  const quote = QUOTES[quoting];
  const escape = ESCAPES[quoting];
  if (!lineBreak || value.length < 2) return { raw: `${quote}${escape(value)}${quote}`, value };
  let at = Math.min(Math.max(1, lineBreak.at), value.length - 1);
  // A continued line that starts with # is a comment to the builder, which drops it.
  while (at < value.length - 1 && value[at] === '#') at++;
  // An escaped blank right before the continuation (`a\\ \\`) ends the instruction for the
  // parser the converter uses (see the known-failure test in convert-injection.test.ts).
  if (quoting === 'backslash') while (at < value.length - 1 && /\s/.test(value[at - 1] ?? '')) at++;
  if (value[at] === '#' || (quoting === 'backslash' && /\s/.test(value[at - 1] ?? '')))
    return { raw: `${quote}${escape(value)}${quote}`, value };
  const indent = quoting === 'backslash' ? '' : lineBreak.indent;
  const [head, tail] = [value.slice(0, at), value.slice(at)];
  return {
    raw: `${quote}${escape(head)}${escapeCharacter}\n${indent}${escape(tail)}${quote}`,
    value: `${head}${indent}${tail}`,
  };
}

/**
 * An ENV or ARG value as the Dockerfile builder reads it: in single quotes
 * (literal), or in double quotes with " and the escape character escaped when it holds a single
 * quote. A `\$` in double quotes is what the builder reads as `$`, but the
 * parser the converter uses keeps the backslash (see the known-failure test in
 * convert-injection.test.ts), so a value with both a ' and a $ loses its $.
 */
export function envQuoted(value: string, escape = '\\'): string {
  if (!value.includes("'")) return `'${value}'`;
  return `"${[...value.replace(/\$/g, '')].map((char) => (char === '"' || char === escape ? `${escape}${char}` : char)).join('')}"`;
}

/** The value `envQuoted(value)` stands for. */
export function envValue(value: string): string {
  return value.includes("'") ? value.replace(/\$/g, '') : value;
}

/** A staged folder the conversion must create under /rootfs, with what it must do to it. */
export interface ExpectedDir {
  path: string;
  /** `uid:gid` the chown must give, or undefined for none. */
  owner?: string;
  mode?: string;
}

/** A generated case: the Dockerfile and the exact values the converter must pass on. */
export interface HostileCase {
  text: string;
  kind: 'multi-stage' | 'single-stage' | 'go-run' | 'tags';
  /** Marker names the case's payloads touch. */
  markers: string[];
  /** Multi-stage: folders the runtime made, to be staged under /rootfs. */
  dirs: ExpectedDir[];
  /**
   * Multi-stage: the named user, the numeric ids it must become, and its home
   * (/home/NAME), which busybox adduser makes (and useradd without -m does not).
   */
  user?: { name: string; ids: string; home: string; homeMade: boolean };
  /** Single-stage: where go build writes the binary, as the shell receives it. */
  output?: string;
  /** Single-stage: its absolute path, which the new stage copies and starts. */
  binary?: string;
  /** go run: the package it runs, and the program's arguments. */
  goRun?: { package: string; args: string[] };
  /** tags: the go build words the conversion must leave, -tags value and all. */
  buildWords?: string[];
  /** Folders of the final image: WORKDIR and VOLUME targets. */
  workdir: string;
  volume?: string;
  /** The runtime installs tzdata: the builds get -tags timetzdata. */
  tzdata?: boolean;
  /** The chmod mode is hostile: the build must fail in chmod, rejecting it whole. */
  badMode?: string;
}

const quoting = fc.constantFrom<Quoting>('single', 'double', 'backslash');
const lineBreak = fc.option(
  fc.record({ at: fc.nat({ max: 30 }), indent: fc.constantFrom('', ' ', '    ', '\t') }),
  { nil: undefined },
);
/** A hostile value for a shell word, its quoting, and maybe a line break inside it. */
export const word = fc.tuple(hostileTemplate, quoting, lineBreak);
const VALID_MODES = ['750', '0755', 'u+rwx,g+rx,o-rwx'];

/**
 * A multi-stage file whose alpine runtime (replaced by scratch) makes a
 * hostile user and hostile folders (absolute, relative to a hostile WORKDIR,
 * and from hostile ENV and ARG values), owns and modes them, and copies the
 * binary with a hostile --chown; `badMode` draws a hostile chmod mode.
 * The file's escape character is drawn (backslash or backtick) unless given.
 */
export function multiStageCase(
  caseId: number,
  badMode = false,
  escape?: '\\' | '`',
): fc.Arbitrary<HostileCase> {
  return fc
    .record({
      certs: fc.boolean(),
      user: hostileTemplate,
      userQuoting: quoting,
      hostileUid: fc.boolean(),
      workdir: hostileTemplate,
      absolute: word,
      relative: word,
      env: hostileTemplate,
      arg: hostileTemplate,
      owner: fc.constantFrom('user', 'numeric', 'hostile'),
      ownerTemplate: hostileTemplate,
      mode: badMode ? hostileTemplate : fc.constantFrom(...VALID_MODES),
      volume: hostileTemplate,
      chown: hostileTemplate,
      escape: escape === undefined ? fc.constantFrom('\\', '\\', '`') : fc.constant(escape),
      useradd: fc.boolean(),
    })
    .map((p) => {
      const marker = (slot: string) => `${MARKER}${caseId}_${slot}`;
      const markers: string[] = [];
      const value = (template: HostileTemplate, slot: string, kind: SlotKind) => {
        markers.push(marker(slot));
        return hostileValue(template, marker(slot), kind, p.escape);
      };
      const user = value(p.user, 'user', 'word');
      const uid = p.hostileUid ? value(p.user, 'uid', 'shell') : '10001';
      const workdir = `/srv/${value(p.workdir, 'workdir', 'plain')}`;
      const absolute = quotedWord(
        `/data/${value(p.absolute[0], 'abs', 'shell')}`,
        p.absolute[1],
        p.absolute[2],
        p.escape,
      );
      // ./ keeps a leading dash from reading as an option of mkdir.
      const relative = quotedWord(
        `./${value(p.relative[0], 'rel', 'shell')}`,
        p.relative[1],
        p.relative[2],
        p.escape,
      );
      const env = `/var/${value(p.env, 'env', 'shell')}`;
      const arg = `/opt/${value(p.arg, 'arg', 'shell')}`;
      const owner = { user, numeric: '1000:1000', hostile: value(p.ownerTemplate, 'owner', 'word') }[p.owner];
      const ids = p.hostileUid ? '65532:65532' : '10001:10001';
      // `chown name dir` keeps the folder's group, root's 0 after mkdir; `1000:1000` names both.
      const uidOnly = ids.split(':')[0];
      const ownerIds = { user: `${uidOnly}:0`, numeric: '1000:1000', hostile: '65532:0' }[p.owner];
      const mode = typeof p.mode === 'string' ? p.mode : value(p.mode, 'mode', 'word');
      const volume = `/vol/${value(p.volume, 'volume', 'plain')}`;
      const chown = value(p.chown, 'chown', 'word');
      const q = (v: string) => quotedWord(v, 'single').raw;
      const name = quotedWord(user, p.userQuoting).raw;
      const lines = [
        ...(p.escape === '`' ? ['# escape=`'] : []),
        'FROM golang:1.22-alpine AS build',
        'WORKDIR /src',
        'COPY . .',
        'RUN go build -o /out/app .',
        '',
        'FROM alpine:3.20',
        ...(p.certs ? ['RUN apk add --no-cache ca-certificates tzdata'] : []),
        `ARG GMC_ARG=${envQuoted(arg, p.escape)}`,
        `ENV GMC_DIR=${envQuoted(env, p.escape)}`,
        p.useradd ? `RUN useradd --uid ${q(uid)} ${name}` : `RUN adduser -D -u ${q(uid)} ${name}`,
        `WORKDIR ${workdir}`,
        `RUN mkdir -p ${absolute.raw} ${relative.raw} "$GMC_DIR/sub" "\${GMC_ARG}" ${p.escape}`,
        ` && chown ${q(owner)} ${absolute.raw} ${p.escape}`,
        ` && chmod ${q(mode)} ${absolute.raw}`,
        `VOLUME ["${volume}"]`,
        `COPY --from=build --chown=${chown} /out/app /app`,
        // The builder expands $ in USER (an unset ${IFS} is empty): escaped, it reads the name adduser made.
        `USER ${user.replaceAll('$', `${p.escape}$`)}`,
        'CMD ["/app"]',
        '',
      ];
      return {
        text: lines.join('\n'),
        kind: 'multi-stage' as const,
        markers,
        dirs: [
          { path: absolute.value, owner: ownerIds, mode },
          { path: `${workdir}/${relative.value.replace(/^\.\//, '')}` },
          { path: `${envValue(env)}/sub` },
          { path: envValue(arg) },
        ],
        user: { name: user, ids, home: path.posix.join('/home', user), homeMade: !p.useradd },
        tzdata: p.certs,
        workdir,
        volume,
        ...(badMode ? { badMode: mode } : {}),
      };
    });
}

/**
 * A single golang stage with a hostile WORKDIR and go build output path,
 * started in exec or shell form: the conversion writes the COPY of that
 * binary and its exec-form start.
 */
export function singleStageCase(caseId: number): fc.Arbitrary<HostileCase> {
  return fc
    .record({
      workdir: hostileTemplate,
      output: word,
      absolute: fc.boolean(),
      shellStart: fc.boolean(),
      startQuoting: quoting,
    })
    .map((p) => {
      const marker = (slot: string) => `${MARKER}${caseId}_${slot}`;
      const workdir = `/src/${hostileValue(p.workdir, marker('workdir'), 'plain')}`;
      const output = quotedWord(
        `${p.absolute ? '/out/' : 'bin/'}${hostileValue(p.output[0], marker('output'), 'binary')}`,
        p.output[1],
        p.output[2],
      );
      const binary = p.absolute ? output.value : `${workdir}/${output.value}`;
      const start = p.shellStart
        ? `CMD ${quotedWord(binary, p.startQuoting).raw}`
        : `CMD ${JSON.stringify([binary])}`;
      const lines = [
        'FROM golang:1.22-alpine',
        `WORKDIR ${workdir}`,
        'COPY . .',
        `RUN go build -o ${output.raw} .`,
        'EXPOSE 8080',
        start,
        '',
      ];
      return {
        text: lines.join('\n'),
        kind: 'single-stage' as const,
        markers: [marker('workdir'), marker('output')],
        dirs: [],
        output: output.value,
        binary,
        workdir,
      };
    });
}
