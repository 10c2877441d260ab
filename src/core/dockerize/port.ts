/**
 * The port a Go server listens on, guessed from its code, with the evidence:
 * the default used with `$PORT`, a literal given to ListenAndServe / Listen /
 * a server's Addr, a flag's default, or any ":NNNN" string. Read from code
 * with comments blanked out, so commented-out lines never count.
 */
import type { SourceLocation } from './cgo.js';
import type { GoFile } from '../go/packages.js';

export type PortEvidenceKind =
  /** The fallback for an unset $PORT: `port = "8080"` after `os.Getenv("PORT")`, `envOr("PORT", "8080")`. */
  | 'port-env-default'
  /** A literal address given to a listen call: `ListenAndServe(":8080"`, `net.Listen("tcp", ":9000")`, `r.Run(":8080")`. */
  | 'listen'
  /** A server struct's `Addr: ":8080"`. */
  | 'addr-field'
  /** A command-line flag's default: `flag.String("addr", ":8080", ...)`, `flag.Int("port", 8080, ...)`. */
  | 'flag-default'
  /** Any other ":8080"-like string: the weakest hint. */
  | 'address-literal';

export interface PortEvidence extends SourceLocation {
  kind: PortEvidenceKind;
  port: number;
  /** The line of code, trimmed. */
  text: string;
}

export interface PortGuess {
  /** The best guess, or undefined when the code gives none. */
  port: number | undefined;
  /** Every hint, strongest first. */
  evidence: PortEvidence[];
  /** Where `$PORT` is read, if it is. */
  portEnv: SourceLocation | undefined;
}

const STRENGTH: readonly PortEvidenceKind[] = [
  'port-env-default',
  'listen',
  'addr-field',
  'flag-default',
  'address-literal',
];

/** A port number written as `8080`, `:8080` or `0.0.0.0:8080`; undefined when it is none. */
function portOf(text: string): number | undefined {
  const match = /^(?:(?:[\w.-]*|\[[\da-fA-F:]*\]):)?(\d{1,5})$/.exec(text);
  const port = match ? Number(match[1]) : NaN;
  return port >= 1 && port <= 65535 ? port : undefined;
}

const PORT_ENV = /"PORT"/;
const LISTEN =
  /\b(?:ListenAndServe(?:TLS)?|Listen(?:TLS)?|Run(?:TLS)?|Start(?:TLS)?|Serve)\(\s*(?:"(?:tcp[46]?|unix)"\s*,\s*)?"([^"]*)"/;
const ADDR_FIELD = /\bAddr\s*:\s*"([^"]*)"/;
const FLAG =
  /\bflag\.(?:String|Int|Uint)(?:Var)?\((?:[^,]*,\s*)?"(?:[\w-]*(?:port|addr|listen|http)[\w-]*)"\s*,\s*"?([^",)]*)"?/i;
const ADDRESS = /"((?:[\w.-]*|\[[\da-fA-F:]*\]):\d{2,5})"/g;
/** The default near a $PORT read: `port = "8080"`, `cmp.Or(os.Getenv("PORT"), "8080")`, `envOr("PORT", "8080")`. */
const ENV_DEFAULT_SAME_LINE = /"PORT"\s*\)?\s*,\s*"([^"]*)"/;
const ASSIGNED_LITERAL = /\b\w+\s*:?=\s*"([^"]*)"/;

function scanFile(file: GoFile, found: PortEvidence[], env: { at?: SourceLocation }): void {
  file.codeLines.forEach((code, index) => {
    const line = index + 1;
    const at = (kind: PortEvidenceKind, port: number | undefined, also?: string) => {
      const text = [code, ...(also === undefined ? [] : [also])]
        .map((part) => part.trim().replace(/\s+/g, ' '))
        .join(' … ');
      if (port !== undefined) found.push({ kind, port, file: file.path, line, text });
    };
    if (PORT_ENV.test(code)) {
      env.at ??= { file: file.path, line };
      const sameLine = ENV_DEFAULT_SAME_LINE.exec(code);
      let fallback = sameLine ? portOf(sameLine[1] as string) : undefined;
      let fallbackLine: string | undefined;
      // Otherwise the first literal assigned in the next few lines (`if port == "" { port = "8080" }`).
      for (let next = index + 1; fallback === undefined && next <= index + 5; next++) {
        const assigned = ASSIGNED_LITERAL.exec(file.codeLines[next] ?? '');
        if (assigned) {
          fallback = portOf(assigned[1] as string);
          fallbackLine = file.codeLines[next];
        }
      }
      at('port-env-default', fallback, fallbackLine);
    }
    const listen = LISTEN.exec(code);
    if (listen) at('listen', portOf(listen[1] as string));
    const addr = ADDR_FIELD.exec(code);
    if (addr) at('addr-field', portOf(addr[1] as string));
    const flag = FLAG.exec(code);
    if (flag) at('flag-default', portOf((flag[1] as string).trim()));
    for (const literal of code.matchAll(ADDRESS)) {
      const port = portOf(literal[1] as string);
      if (!found.some((hint) => hint.line === line && hint.file === file.path && hint.port === port))
        at('address-literal', port);
    }
  });
}

/**
 * Guesses the port from `primary` files (the main package), and only when
 * they give no hint from `secondary` ones (the local packages it imports,
 * such as an internal/config).
 */
export function guessPort(primary: readonly GoFile[], secondary: readonly GoFile[] = []): PortGuess {
  const env: { at?: SourceLocation } = {};
  let evidence: PortEvidence[] = [];
  for (const file of primary) scanFile(file, evidence, env);
  if (evidence.length === 0) for (const file of secondary) scanFile(file, evidence, env);
  evidence = evidence
    .map((hint, order) => ({ hint, order }))
    .sort((a, b) => STRENGTH.indexOf(a.hint.kind) - STRENGTH.indexOf(b.hint.kind) || a.order - b.order)
    .map(({ hint }) => hint);
  return { port: evidence[0]?.port, evidence, portEnv: env.at };
}
