/**
 * Just enough of Go's expressions to follow a value to where it comes from:
 * the arguments of a call (split at top-level commas, strings and brackets
 * respected), and a resolver that turns an expression into the string or
 * number it stands for, through constants, package-level variables, short
 * variable declarations, flags (`*port`), `":" + port`, `fmt.Sprintf`,
 * `net.JoinHostPort`, `strconv.Itoa` and local helpers (`getEnv("X", "80")`,
 * `cmp.Or(os.Getenv("X"), "80")`: the fallback, the last argument that
 * resolves). It reads code with comments blanked (GoSource.codeLines), so a
 * commented-out line never counts.
 *
 * Why not go/ast: a helper built with the local toolchain would be exact on
 * syntax, but costs a cold build of go/parser (about 16 s of CPU here) on a
 * machine whose Go cache lacks it, and dockerize must also work without Go
 * on the PATH. What decides a port here is a handful of call shapes, and the
 * resolver says "unresolved" rather than guessing when a shape is not one.
 */

export interface CodeFile {
  path: string;
  /** The file's text with comments blanked, lines joined with `\n`. */
  code: string;
}

export interface Located {
  file: string;
  line: number;
}

/** Where a value came from: the step that gave the literal, and the environment variables read on the way. */
export interface Resolved {
  value: string | undefined;
  /** Environment variables whose value would replace the fallback (`PORT`, `WHOAMI_PORT_NUMBER`). */
  env: string[];
  /** The flag whose default this is, when it is one. */
  flag?: { name: string; at: Located };
  /** Where the literal value was written. */
  at?: Located;
  /** The value is a config struct's default (a field's tag or a composite-literal key). */
  config?: boolean;
}

const CLOSERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/** The index just after the string literal that starts at `start` (`"`, `'` or a backquote). */
function skipString(text: string, start: number): number {
  const quote = text[start];
  let at = start + 1;
  while (at < text.length && text[at] !== quote) {
    if (quote !== '`' && text[at] === '\\') at++;
    if (quote !== '`' && text[at] === '\n') return at;
    at++;
  }
  return at + 1;
}

/**
 * The top-level comma-separated parts between the bracket at `open` and its
 * match, trimmed, and the index after the closing bracket; undefined when
 * the brackets never close.
 */
export function splitArgs(text: string, open: number): { args: string[]; end: number } | undefined {
  const stack: string[] = [CLOSERS[text[open] as string] ?? ')'];
  const args: string[] = [];
  let from = open + 1;
  for (let at = open + 1; at < text.length;) {
    const char = text[at] as string;
    if (char === '"' || char === "'" || char === '`') {
      at = skipString(text, at);
      continue;
    }
    if (CLOSERS[char]) stack.push(CLOSERS[char] as string);
    else if (char === stack[stack.length - 1]) {
      stack.pop();
      if (stack.length === 0) {
        const last = text.slice(from, at).trim();
        if (last !== '' || args.length > 0) args.push(last);
        return { args, end: at + 1 };
      }
    } else if (char === ',' && stack.length === 1) {
      args.push(text.slice(from, at).trim());
      from = at + 1;
    }
    at++;
  }
  return undefined;
}

/** The Go string literal's value, or undefined when `expr` is not exactly one. */
export function stringLiteral(expr: string): string | undefined {
  const text = expr.trim();
  if (/^`[^`]*`$/.test(text)) return text.slice(1, -1);
  if (!/^"(?:[^"\\\n]|\\.)*"$/.test(text)) return undefined;
  try {
    return JSON.parse(text) as string;
  } catch {
    return text.slice(1, -1);
  }
}

/** The 1-based line of `offset` in `text`. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) line++;
  return line;
}

/** Splits `a + b + "c"` at top-level plus signs; a single part when there is none. */
function splitPlus(expr: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let at = 0; at < expr.length;) {
    const char = expr[at] as string;
    if (char === '"' || char === "'" || char === '`') {
      at = skipString(expr, at);
      continue;
    }
    if ('([{'.includes(char)) depth++;
    else if (')]}'.includes(char)) depth--;
    else if (char === '+' && depth === 0) {
      parts.push(expr.slice(from, at).trim());
      from = at + 1;
    }
    at++;
  }
  parts.push(expr.slice(from).trim());
  return parts;
}

interface Binding {
  expr: string;
  at: Located;
  flag?: { name: string; at: Located };
  /** Environment variables a struct tag says replace the value (`env:"PORT"`). */
  env?: string[];
  /** Where the binding comes from: a struct field's tag or composite-literal key is a config default. */
  kind?: 'field';
}

/** Functions that read the environment: a call to a local one of these is an env lookup with a fallback. */
const ENV_READ = /\b(?:os\.(?:Getenv|LookupEnv)|syscall\.Getenv)\(\s*(\w+|"[^"]*")/;

const FLAG_FUNCTION = /^(?:String|Int|Int64|Uint|Uint64|Uint16)(Var)?(P)?$/;

/** The name and default of a flag definition call (`String`, `IntVar`, `StringVarP`...), by its arguments. */
export function flagCall(
  method: string,
  args: readonly string[],
): { name: string; value: string; target?: string } | undefined {
  const shape = FLAG_FUNCTION.exec(method);
  if (!shape) return undefined;
  const withVar = shape[1] !== undefined;
  const withShort = shape[2] !== undefined;
  const nameAt = withVar ? 1 : 0;
  const name = stringLiteral(args[nameAt] ?? '');
  const value = args[nameAt + (withShort ? 2 : 1)];
  if (name === undefined || value === undefined) return undefined;
  const target = withVar ? args[0]?.replace(/^&/, '').trim() : undefined;
  return { name, value, ...(target === undefined ? {} : { target }) };
}

/**
 * Resolves expressions over a set of files (a main package and the local
 * packages it imports): every `const`/`var` and `:=`/`=` binding by name,
 * the `XxxVar(&v, ...)` flags as bindings of `v`, and the local functions
 * that read the environment.
 */
export class GoValues {
  private readonly bindings = new Map<string, Binding[]>();
  /** Local functions whose body reads the environment: `getEnv`, `envOr`, `lookupEnvOrString`. */
  readonly envHelpers = new Set<string>();

  constructor(readonly files: readonly CodeFile[]) {
    for (const file of files) this.index(file);
  }

  private bind(name: string, binding: Binding): void {
    const list = this.bindings.get(name) ?? [];
    list.push(binding);
    this.bindings.set(name, list);
  }

  private index(file: CodeFile): void {
    const { code } = file;
    const at = (offset: number): Located => ({ file: file.path, line: lineAt(code, offset) });
    // name := expr, name = expr, const name = expr, var name T = expr (also inside const/var blocks).
    // A keyword is never the name: `if v := os.Getenv("PORT"); ...` binds v, not `if`.
    const assign =
      /(?:^|[\s;({,])(?:(?:const|var)\s+)?(?!(?:if|for|switch|return|case|func|go|defer|else|range|select)\b)(\w+)(?:\s*,\s*\w+)*(?:\s+[\w.*[\]]+)?\s*(?::=|=)(?!=)\s*/gm;
    for (const match of code.matchAll(assign)) {
      const name = match[1] as string;
      const start = (match.index ?? 0) + match[0].length;
      const expr = this.exprAt(code, start);
      if (expr !== '') this.bind(name, { expr, at: at(start) });
    }
    // Composite-literal keys of config structs: Port: 8080, Addr: ":8080", ListenAddr: cfg.Addr.
    for (const match of code.matchAll(/(?:^|[\s{,])(\w*(?:[Pp]ort|[Aa]ddr|[Ll]isten)\w*)\s*:\s*(?!=)/gm)) {
      const start = (match.index ?? 0) + match[0].length;
      const expr = this.exprAt(code, start);
      if (expr !== '') this.bind(match[1] as string, { expr, at: at(start), kind: 'field' });
    }
    // Struct tags: Port int `env:"PORT" envDefault:"8080"`, Addr string `default:":8080"`.
    for (const match of code.matchAll(/(?:^|\s)(\w+)[ \t]+[\w.*[\]]+[ \t]+`([^`\n]*)`/gm)) {
      const tag = match[2] as string;
      const fallback = /(?:^|\s)(?:envDefault|default):"([^"]*)"/.exec(tag);
      const env = /(?:^|\s)env:"([^",]*)/.exec(tag);
      if (fallback)
        this.bind(match[1] as string, {
          expr: JSON.stringify(fallback[1]),
          at: at(match.index ?? 0),
          kind: 'field',
          ...(env ? { env: [env[1] as string] } : {}),
        });
    }
    // flag.StringVar(&port, "port", "8080", ...), cmd.Flags().IntVarP(&port, "port", "p", 9898, ...)
    for (const match of code.matchAll(/\.(\w+Var\w?)\(/g)) {
      const call = splitArgs(code, (match.index ?? 0) + match[0].length - 1);
      const flag = call && flagCall(match[1] as string, call.args);
      if (flag?.target !== undefined) {
        const here = at(match.index ?? 0);
        this.bind(flag.target.replace(/^.*\./, ''), {
          expr: flag.value,
          at: here,
          flag: { name: flag.name, at: here },
        });
      }
    }
    // func getEnv(key, fallback string) string { ... os.Getenv(key) ... }
    for (const match of code.matchAll(/\bfunc\s+(\w+)\s*\(/g)) {
      const params = splitArgs(code, (match.index ?? 0) + match[0].length - 1);
      if (!params) continue;
      const bodyStart = code.indexOf('{', params.end);
      const body = bodyStart === -1 ? undefined : splitArgs(code, bodyStart);
      if (body && ENV_READ.test(code.slice(bodyStart, body.end))) this.envHelpers.add(match[1] as string);
    }
  }

  /** The expression that starts at `start` and runs to the end of its statement (a newline outside brackets, `;`, or a closing bracket). */
  private exprAt(code: string, start: number): string {
    let depth = 0;
    for (let at = start; at < code.length;) {
      const char = code[at] as string;
      if (char === '"' || char === "'" || char === '`') {
        at = skipString(code, at);
        continue;
      }
      if ('([{'.includes(char)) depth++;
      else if (')]}'.includes(char)) {
        if (depth === 0) return code.slice(start, at).trim();
        depth--;
      } else if (depth === 0 && (char === '\n' || char === ';' || char === ',')) {
        // A binary operator at the end of a line continues the expression.
        if (char === '\n' && /[+\-*/|&]\s*$/.test(code.slice(start, at))) {
          at++;
          continue;
        }
        return code.slice(start, at).trim();
      }
      at++;
    }
    return code.slice(start).trim();
  }

  /** The bindings of `name` whose expression is not the name itself. */
  bindingsOf(name: string): readonly Binding[] {
    return this.bindings.get(name) ?? [];
  }

  /** Steps left for the current top-level resolve: a name bound in many places must not make it explode. */
  private budget = 0;

  /** What `expr` stands for, followed at most `depth` steps (and a few thousand in all). */
  resolve(expr: string, where?: Located, depth = 8): Resolved {
    this.budget = 4000;
    return this.follow(expr, where, depth);
  }

  private follow(expr: string, where: Located | undefined, depth: number): Resolved {
    let text = expr.trim();
    // (expr): the whole of it in one pair of brackets.
    if (text.startsWith('(') && splitArgs(text, 0)?.end === text.length) text = text.slice(1, -1).trim();
    const none: Resolved = { value: undefined, env: [] };
    if (depth === 0 || text === '' || --this.budget < 0) return none;
    const literal = stringLiteral(text);
    if (literal !== undefined) return { value: literal, env: [], ...(where ? { at: where } : {}) };
    if (/^\d+$/.test(text)) return { value: text, env: [], ...(where ? { at: where } : {}) };

    const parts = splitPlus(text);
    if (parts.length > 1) {
      const resolved = parts.map((part) => this.follow(part, where, depth - 1));
      const env = resolved.flatMap((part) => part.env);
      const flag = resolved.find((part) => part.flag)?.flag;
      const at = [...resolved].reverse().find((part) => part.at)?.at;
      const value = resolved.every((part) => part.value !== undefined)
        ? resolved.map((part) => part.value).join('')
        : undefined;
      return { value, env, ...(flag ? { flag } : {}), ...(at ? { at } : {}) };
    }

    // *port (a flag's pointer), &x, pkg.Name, cfg.Port: follow the last name.
    const name = /^[*&]?(?:\w+\.)*(\w+)$/.exec(text);
    if (name) {
      const candidates = this.bindingsOf(name[1] as string).filter((binding) => binding.expr !== text);
      // The environment read by any binding (`port := os.Getenv("PORT")`), and the value of the
      // first that has one (`port = "8080"` when it is empty): a default declared before any change.
      const env: string[] = [];
      let found: Resolved | undefined;
      // A few bindings at most: a name bound everywhere (err, ok) never leads to a port anyway.
      for (const binding of candidates.slice(0, 6)) {
        const resolved = this.follow(binding.expr, binding.at, depth - 1);
        env.push(...(binding.env ?? []), ...resolved.env);
        if (found === undefined && resolved.value !== undefined) {
          found = binding.flag && !resolved.flag ? { ...resolved, flag: binding.flag } : resolved;
          if (binding.kind === 'field') found = { ...found, config: true };
        }
      }
      return { ...(found ?? none), env: [...new Set(env)] };
    }

    const call = /^((?:[\w]+\.)*\w+(?:\(\))?(?:\.\w+)*)\s*\(/.exec(text);
    if (!call) return none;
    const callee = call[1] as string;
    const split = splitArgs(text, call[0].length - 1);
    if (!split) return none;
    const { args } = split;
    const method = callee.replace(/^.*\./, '');

    if (/^(?:os\.(?:Getenv|LookupEnv)|syscall\.Getenv)$/.test(callee)) {
      const variable = stringLiteral(args[0] ?? '') ?? this.follow(args[0] ?? '', where, depth - 1).value;
      return { value: undefined, env: variable === undefined ? [] : [variable] };
    }
    const flag = flagCall(method, args);
    if (flag && !callee.startsWith('strings.') && !callee.startsWith('strconv.')) {
      const resolved = this.follow(flag.value, where, depth - 1);
      return { ...resolved, flag: { name: flag.name, at: where ?? { file: '', line: 0 } } };
    }
    if (callee === 'net.JoinHostPort') {
      const host = this.follow(args[0] ?? '', where, depth - 1);
      const port = this.follow(args[1] ?? '', where, depth - 1);
      return {
        ...port,
        value: port.value === undefined ? undefined : `${host.value ?? ''}:${port.value}`,
        env: [...host.env, ...port.env],
      };
    }
    if (/^fmt\.Sprintf$/.test(callee)) {
      const format = stringLiteral(args[0] ?? '');
      const values = args.slice(1).map((arg) => this.follow(arg, where, depth - 1));
      let index = 0;
      const value =
        format === undefined
          ? undefined
          : format.replace(/%[-+# 0]*\d*[dsvq]/g, () => values[index++]?.value ?? '\u0000');
      const first = values.find((part) => part.value !== undefined || part.env.length > 0);
      return {
        ...(first ?? none),
        value: value === undefined || value.includes('\u0000') ? undefined : value,
        env: values.flatMap((part) => part.env),
      };
    }
    if (
      /^(?:strconv\.(?:Itoa|FormatInt|FormatUint|Atoi|ParseInt)|fmt\.Sprint|string|int|uint16)$/.test(callee)
    )
      return this.follow(args[0] ?? '', where, depth - 1);
    // cmp.Or, a local env helper, or another local call: the fallback is the last argument that resolves.
    if (callee === 'cmp.Or' || this.envHelpers.has(callee) || /^\w+$/.test(callee)) {
      const resolved = args.map((arg) => this.follow(arg, where, depth - 1));
      const env = resolved.flatMap((part) => part.env);
      if (this.envHelpers.has(callee)) {
        const variable = stringLiteral(args[0] ?? '');
        if (variable !== undefined) env.unshift(variable);
      }
      const fallback = [...resolved]
        .slice(this.envHelpers.has(callee) ? 1 : 0)
        .reverse()
        .find((part) => part.value !== undefined);
      return fallback ? { ...fallback, env: [...new Set(env)] } : { value: undefined, env };
    }
    return none;
  }
}
