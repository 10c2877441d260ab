/**
 * The port a Go program listens on, from what its code does, with file and
 * line: the address given to each listener (`http.ListenAndServe`,
 * `net.Listen`, an `http.Server`'s `Addr`, gin/echo/fiber/chi `Run`/`Start`/
 * `Listen`) followed back to where it is written: a flag's default, an
 * environment lookup's fallback (under any variable name, through a local
 * helper or `cmp.Or`), a constant, a package-level variable or a config
 * struct's default. Only the module's own packages are read: evidence from a
 * third-party package never decides.
 *
 * The verdict is honest: a port when the code names one for its listener (or,
 * when no address can be followed, one default of the program's own), no
 * port for a program with no listener, and the candidates when the code
 * names several or only loose address strings (`":443"` in client code).
 */
import type { SourceLocation } from './cgo.js';
import type { GoFile } from '../go/packages.js';
import { GoValues, lineAt, splitArgs, flagCall, type CodeFile, type Resolved } from '../go/go-expr.js';

export type PortEvidenceKind =
  /** A command-line flag's default: `flag.Int("port", 9898, …)`, `Flags().StringP("addr", "a", ":8080", …)`, urfave `Value:`. */
  | 'flag-default'
  /** The fallback of an environment lookup: `getEnv("APP_PORT", "80")`, `if port == "" { port = "8080" }`. */
  | 'env-default'
  /** A config struct's default: `Port int \`default:"8080"\``, `Config{Port: 3550}`. */
  | 'config-default'
  /** A literal address given to a listener: `ListenAndServe(":8080"`, `net.Listen("tcp", ":9000")`, `r.Run(":8080")`. */
  | 'listen'
  /** A server struct's `Addr: ":8080"`. */
  | 'addr-field'
  /** Any other ":8080"-like string: shown, never decides. */
  | 'address-literal';

export interface PortEvidence extends SourceLocation {
  kind: PortEvidenceKind;
  port: number;
  /** The host part of the address, when it has one (`localhost` in `localhost:8080`). */
  host?: string;
  /** The line of code, trimmed. */
  text: string;
  /** The listener this value reaches (the call's file and line), when it was followed to one. */
  listener?: SourceLocation;
  /** Environment variables that replace this value when set. */
  env: string[];
  /** The flag whose default this is. */
  flag?: string;
  /** A metrics, debug or admin listener's: opt-in and not the service's port. */
  secondary: boolean;
}

export type PortVerdict =
  /** The code names one port for its listener. */
  | 'found'
  /** The code names several, or only loose address strings: a person must choose. */
  | 'ambiguous'
  /** It listens, but the address cannot be followed to a literal. */
  | 'unresolved'
  /** No listener in the program's own code: a CLI, a worker. */
  | 'no-listener';

export interface PortGuess {
  verdict: PortVerdict;
  /** The port when the verdict is `found`. */
  port: number | undefined;
  /** The ports to choose from when the verdict is `ambiguous`. */
  candidates: number[];
  /** Every hint, the deciding first. */
  evidence: PortEvidence[];
  /** Where `$PORT` is read, if it is. */
  portEnv: SourceLocation | undefined;
  /** The program's own default when `$PORT` is unset, if the code gives one. */
  portEnvDefault: number | undefined;
  /** Where the program listens (the first listener call found). */
  listeners: SourceLocation[];
}

/** A port number written as `8080`, `:8080` or `0.0.0.0:8080`, and its host; undefined when it is none. */
export function addressOf(text: string): { port: number; host?: string } | undefined {
  const match = /^(?:([\w.-]*|\[[\da-fA-F:]*\]):)?(\d{1,5})$/.exec(text.trim());
  const port = match ? Number(match[2]) : NaN;
  if (!(port >= 1 && port <= 65535)) return undefined;
  const host = match?.[1];
  return host ? { port, host } : { port };
}

/** A listener bound to the loopback interface only: unreachable from outside its container. */
export function isLoopbackHost(host: string | undefined): boolean {
  return host !== undefined && /^(?:localhost|127(?:\.\d{1,3}){3}|\[?::1\]?|ip6-localhost)$/i.test(host);
}

/** Flag, variable and field names that say "the address or port this program listens on". */
const LISTEN_NAME = /port|addr|listen|bind|http/i;
/** Names of opt-in side listeners, and of client settings: never the service's port. */
const SECONDARY_NAME = /metric|pprof|debug|admin|prom|health|probe|monitor|telemetry|stats|trace|profil/i;
const CLIENT_NAME =
  /db|database|redis|postgres|pg_|mysql|mongo|smtp|mail|upstream|backend|remote|server[-_]?(?:addr|url)|target|proxy|consul|etcd|nats|kafka|amqp|rabbit|memcache|elastic|dial|connect|endpoint|url/i;

/** Listener calls: the callee pattern and which argument is the address (undefined: none, the server's Addr). */
const LISTENERS: ReadonlyArray<{ pattern: RegExp; arg: number | undefined; framework?: true }> = [
  { pattern: /\bhttp\.ListenAndServe(?:TLS)?\(/g, arg: 0 },
  { pattern: /\b(?:net|tls|reuseport)\.Listen\(/g, arg: 1 },
  { pattern: /\bnet\.ListenTCP\(/g, arg: undefined },
  { pattern: /\bhttp\.Serve(?:TLS)?\(/g, arg: undefined },
  { pattern: /\.ListenAndServe(?:TLS)?\(\s*\)/g, arg: undefined },
  { pattern: /\.Serve\(\s*\w+\s*\)/g, arg: undefined },
  // gin r.Run(":8080"), echo e.Start(":1323"), fiber app.Listen(":3000"), and their TLS twins.
  { pattern: /\.(?:Run|RunTLS|Start|StartTLS|Listen|ListenTLS)\(/g, arg: 0, framework: true },
];

interface Context {
  values: GoValues;
  files: CodeFile[];
}

function lineText(file: CodeFile, line: number): string {
  return (file.code.split('\n')[line - 1] ?? '').trim().replace(/\s+/g, ' ');
}

function kindOf(resolved: Resolved, literal: PortEvidenceKind): PortEvidenceKind {
  if (resolved.flag) return 'flag-default';
  if (resolved.env.length > 0) return 'env-default';
  if (resolved.config) return 'config-default';
  return literal;
}

function evidenceFrom(
  context: Context,
  resolved: Resolved,
  fallbackAt: SourceLocation,
  kind: PortEvidenceKind,
  extra: { listener?: SourceLocation; name?: string },
): PortEvidence | undefined {
  const address = resolved.value === undefined ? undefined : addressOf(resolved.value);
  if (!address) return undefined;
  const at = resolved.at && resolved.at.file !== '' ? resolved.at : fallbackAt;
  const file = context.files.find((candidate) => candidate.path === at.file);
  const names = [extra.name, resolved.flag?.name, ...resolved.env].filter((name) => name !== undefined);
  return {
    kind: kindOf(resolved, kind),
    port: address.port,
    ...(address.host === undefined ? {} : { host: address.host }),
    file: at.file,
    line: at.line,
    text: file ? lineText(file, at.line) : '',
    ...(extra.listener ? { listener: extra.listener } : {}),
    env: resolved.env,
    ...(resolved.flag ? { flag: resolved.flag.name } : {}),
    secondary: names.some((name) => SECONDARY_NAME.test(name)),
  };
}

function scanListeners(context: Context, found: PortEvidence[], listeners: SourceLocation[]): void {
  for (const file of context.files) {
    for (const { pattern, arg, framework } of LISTENERS) {
      for (const match of file.code.matchAll(pattern)) {
        const offset = match.index ?? 0;
        const at = { file: file.path, line: lineAt(file.code, offset) };
        const open = offset + match[0].indexOf('(');
        const call = splitArgs(file.code, open);
        const address = arg === undefined ? undefined : call?.args[arg];
        const resolved = address === undefined ? undefined : context.values.resolve(address, at);
        const evidence =
          resolved && evidenceFrom(context, resolved, at, 'listen', { listener: at, name: address });
        // A framework's Run/Start/Listen is a listener only when its argument is an address (not cmd.Run(), app.Run(os.Args)).
        if (framework && !evidence && !/addr|port|listen/i.test(address ?? '')) continue;
        if (!listeners.some((known) => known.file === at.file && known.line === at.line)) listeners.push(at);
        if (evidence) found.push(evidence);
      }
    }
    // An http.Server's Addr: the listener is its ListenAndServe().
    for (const match of file.code.matchAll(/\bAddr\s*:\s*(?!=)/g)) {
      const offset = (match.index ?? 0) + match[0].length;
      const at = { file: file.path, line: lineAt(file.code, offset) };
      const rest = file.code.slice(offset);
      const end = rest.search(/,\s*(?:\n|\w+\s*:)|\n|}/);
      const expr = end === -1 ? rest : rest.slice(0, end);
      const evidence = evidenceFrom(context, context.values.resolve(expr, at), at, 'addr-field', {
        listener: at,
        name: expr,
      });
      if (evidence) found.push(evidence);
      // A server struct with an address listens, even when a library calls its ListenAndServe.
      if (evidence && !listeners.some((known) => known.file === at.file && known.line === at.line))
        listeners.push(at);
    }
  }
}

/** Defaults of the program's own that name a port, whether or not they can be followed to a listener. */
function scanDefaults(context: Context, found: PortEvidence[]): void {
  const known = (at: SourceLocation, port: number) =>
    found.some((hint) => hint.file === at.file && hint.line === at.line && hint.port === port);
  const push = (evidence: PortEvidence | undefined, name: string) => {
    if (!evidence || known(evidence, evidence.port)) return;
    if (CLIENT_NAME.test(name) && !SECONDARY_NAME.test(name)) return;
    found.push(evidence);
  };
  for (const file of context.files) {
    const { code } = file;
    // flag.Int("port", 9898, …), fs.String("addr", ":8080", …), cmd.Flags().StringVarP(&p, "port", "p", "80", …)
    for (const match of code.matchAll(/\.(\w+)\(/g)) {
      const offset = match.index ?? 0;
      const call = /^(?:String|Int|Int64|Uint|Uint64|Uint16)(?:Var)?P?$/.test(match[1] as string)
        ? splitArgs(code, offset + match[0].length - 1)
        : undefined;
      const flag = call && flagCall(match[1] as string, call.args);
      if (!flag || !LISTEN_NAME.test(flag.name)) continue;
      const at = { file: file.path, line: lineAt(code, offset) };
      const resolved = context.values.resolve(flag.value, at);
      push(
        evidenceFrom(context, { ...resolved, flag: { name: flag.name, at } }, at, 'flag-default', {
          name: flag.name,
        }),
        flag.name,
      );
    }
    // urfave/cli: &cli.StringFlag{Name: "port", Value: "8080", EnvVars: []string{"PORT"}}
    for (const match of code.matchAll(/\b\w+\.(?:String|Int|Int64|Uint|Uint64|Generic)Flag\s*\{/g)) {
      const body = splitArgs(code, (match.index ?? 0) + match[0].length - 1);
      if (!body) continue;
      const field = (key: string) =>
        body.args.find((part) => new RegExp(`^${key}\\s*:`).test(part))?.replace(/^\w+\s*:\s*/, '');
      const name = context.values.resolve(field('Name') ?? '').value;
      const value = field('Value');
      if (name === undefined || value === undefined || !LISTEN_NAME.test(name)) continue;
      const valueOffset = code.indexOf('Value', match.index ?? 0);
      const at = { file: file.path, line: lineAt(code, valueOffset) };
      const env = [...(field('EnvVars') ?? field('EnvVar') ?? '').matchAll(/"([^"]+)"/g)].map(
        (variable) => variable[1] as string,
      );
      const resolved = context.values.resolve(value, at);
      push(
        evidenceFrom(
          context,
          { ...resolved, env: [...env, ...resolved.env], flag: { name, at } },
          at,
          'flag-default',
          { name },
        ),
        name,
      );
    }
    // Environment lookups with a fallback: getEnv("APP_PORT", "80"), cmp.Or(os.Getenv("ADDR"), ":80"), and
    // `port := os.Getenv("PORT")` followed by `if port == "" { port = "8080" }`.
    const helpers = [...context.values.envHelpers, 'cmp.Or'].map((name) => name.replace('.', '\\.'));
    const lookups = new RegExp(
      `(?:(\\w+)\\s*:?=\\s*)?\\b(${helpers.join('|')}|os\\.Getenv|os\\.LookupEnv)\\(`,
      'g',
    );
    for (const match of code.matchAll(lookups)) {
      const offset = match.index ?? 0;
      const callOffset = offset + match[0].length - 1;
      const call = splitArgs(code, callOffset);
      if (!call) continue;
      const at = { file: file.path, line: lineAt(code, offset) };
      const callText = code.slice(offset + match[0].length - 1 - (match[2] as string).length, call.end);
      const variable = match[1] as string | undefined;
      const resolved =
        variable !== undefined && /^os\./.test(match[2] as string)
          ? context.values.resolve(variable, at)
          : context.values.resolve(callText, at);
      const name = resolved.env[0] ?? '';
      if (!LISTEN_NAME.test(name)) continue;
      push(evidenceFrom(context, resolved, at, 'env-default', { name }), name);
    }
    // Config struct defaults: Port int `default:"8080"`, Config{Port: 3550}.
    for (const match of code.matchAll(
      /(?:^|[\s{,])(\w*(?:[Pp]ort|[Aa]ddr|[Ll]isten)\w*)(?:\s*:\s*(?!=)|[ \t]+[\w.*[\]]+[ \t]+`)/gm,
    )) {
      const name = match[1] as string;
      if (name === 'Addr') continue; // scanned as the server's Addr
      const at = { file: file.path, line: lineAt(code, (match.index ?? 0) + match[0].length) };
      const resolved = context.values.resolve(name, at);
      if (!resolved.config || resolved.at?.line !== at.line || resolved.at.file !== at.file) continue;
      push(evidenceFrom(context, resolved, at, 'config-default', { name }), name);
    }
    // Loose addresses: ":8080" anywhere. Shown as hints; never decide.
    for (const match of code.matchAll(/"((?:[\w.-]*|\[[\da-fA-F:]*\]):\d{2,5})"/g)) {
      const at = { file: file.path, line: lineAt(code, match.index ?? 0) };
      const address = addressOf(match[1] as string);
      if (!address || found.some((hint) => hint.file === at.file && hint.line === at.line)) continue;
      found.push({
        kind: 'address-literal',
        port: address.port,
        ...(address.host === undefined ? {} : { host: address.host }),
        file: at.file,
        line: at.line,
        text: lineText(file, at.line),
        env: [],
        secondary: SECONDARY_NAME.test(lineText(file, at.line)),
      });
    }
  }
}

const ORDER: readonly PortEvidenceKind[] = [
  'flag-default',
  'env-default',
  'config-default',
  'listen',
  'addr-field',
  'address-literal',
];

function distinctPorts(evidence: readonly PortEvidence[]): number[] {
  return [...new Set(evidence.map((hint) => hint.port))];
}

/**
 * The port of a main package from its own files (`primary`) and the local
 * packages it imports (`secondary`, such as an internal/config or
 * internal/server): all are the program's own code.
 */
export function guessPort(primary: readonly GoFile[], secondary: readonly GoFile[] = []): PortGuess {
  const files: CodeFile[] = [...primary, ...secondary].map((file) => ({
    path: file.path,
    code: file.codeLines.join('\n'),
  }));
  const context: Context = { values: new GoValues(files), files };
  const found: PortEvidence[] = [];
  const listeners: SourceLocation[] = [];
  scanListeners(context, found, listeners);
  scanDefaults(context, found);

  const evidence = found
    .map((hint, order) => ({ hint, order }))
    .sort(
      (a, b) =>
        Number(a.hint.secondary) - Number(b.hint.secondary) ||
        Number(b.hint.listener !== undefined) - Number(a.hint.listener !== undefined) ||
        ORDER.indexOf(a.hint.kind) - ORDER.indexOf(b.hint.kind) ||
        a.order - b.order,
    )
    .map(({ hint }) => hint)
    .filter(
      (hint, index, all) =>
        all.findIndex(
          (other) => other.file === hint.file && other.line === hint.line && other.port === hint.port,
        ) === index,
    );

  const portEnvHint = evidence.find((hint) => hint.env.includes('PORT'));
  const portEnv = portEnvAt(context, portEnvHint);
  const base = {
    evidence,
    portEnv,
    portEnvDefault: portEnvHint?.port,
    listeners,
  };
  if (listeners.length === 0) return { ...base, verdict: 'no-listener', port: undefined, candidates: [] };

  const main = evidence.filter((hint) => !hint.secondary);
  const reaching = distinctPorts(main.filter((hint) => hint.listener !== undefined));
  const defaults = distinctPorts(
    main.filter((hint) => ['flag-default', 'env-default', 'config-default'].includes(hint.kind)),
  );
  const tier = reaching.length > 0 ? reaching : defaults;
  if (tier.length === 1) return { ...base, verdict: 'found', port: tier[0], candidates: tier };
  if (tier.length > 1) return { ...base, verdict: 'ambiguous', port: undefined, candidates: tier };
  const loose = distinctPorts(main);
  return loose.length > 0
    ? { ...base, verdict: 'ambiguous', port: undefined, candidates: loose }
    : { ...base, verdict: 'unresolved', port: undefined, candidates: [] };
}

/** Where `$PORT` itself is read: the lookup's line, or the evidence that follows it. */
function portEnvAt(context: Context, hint: PortEvidence | undefined): SourceLocation | undefined {
  for (const file of context.files) {
    const match = /\b(?:os\.Getenv|os\.LookupEnv|\w+)\(\s*"PORT"|env:"PORT"|"PORT"/.exec(file.code);
    if (match) return { file: file.path, line: lineAt(file.code, match.index) };
  }
  return hint ? { file: hint.file, line: hint.line } : undefined;
}
