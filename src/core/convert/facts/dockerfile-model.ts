/**
 * A Dockerfile as the conversion sees it: stages with their instructions,
 * the ENV, ARG and WORKDIR in force at each instruction, and offsets into the
 * text so edits can replace exactly one instruction and leave the rest of the
 * file (comments, blank lines, the escape directive) byte for byte.
 */
import {
  DockerfileParser,
  PropertyInstruction,
  type Dockerfile,
  type From,
  type Instruction,
} from 'dockerfile-ast';
import { defaultWorkdir, imageEnv } from './images.js';

/** A place in the text, as dockerfile-ast reports it (0-based line and character). */
export interface Position {
  line: number;
  character: number;
}

export interface Stage {
  index: number;
  from: From;
  /** `AS name`, if any. */
  name: string | undefined;
  /** Base image with ARG defaults substituted. */
  image: string;
  instructions: Instruction[];
}

/** What is in force just before an instruction runs. */
export interface Scope {
  env: Map<string, string>;
  workdir: string;
  /** ARGs declared with no default (`ARG FIPS`) and not set since: their value is given at build time, if at all. */
  unset: Set<string>;
}

export class DockerfileModel {
  readonly dockerfile: Dockerfile;
  readonly stages: Stage[];
  readonly escape: string;
  private readonly lineStarts: number[];
  private readonly scopes = new Map<Instruction, Scope>();
  /** What each stage leaves in force at its end, for a later `FROM <stage>`. */
  private readonly stageEnds = new Map<Stage, Scope>();
  /** ARG defaults declared before the first FROM. */
  readonly globalArgs = new Map<string, string>();

  constructor(readonly text: string) {
    this.dockerfile = DockerfileParser.parse(dockerLineView(text));
    this.escape = this.dockerfile.getEscapeCharacter();
    this.lineStarts = [0];
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.lineStarts.push(i + 1);

    const stages: Stage[] = [];
    for (const instruction of this.dockerfile.getInstructions()) {
      if (instruction.getKeyword() === 'FROM') {
        const from = instruction as From;
        stages.push({
          index: stages.length,
          from,
          // Stage names are case-insensitive (`AS Build` is `--from=build`): kept in lower case, as Docker does.
          name: from.getBuildStage()?.toLowerCase() ?? undefined,
          image: this.substitute(from.getImage() ?? '', this.globalArgs),
          instructions: [],
        });
      } else if (stages.length === 0) {
        if (instruction.getKeyword() === 'ARG') {
          for (const [name, value] of argDefaults(instruction)) this.globalArgs.set(name, value);
        }
      } else {
        stages[stages.length - 1]?.instructions.push(instruction);
      }
    }
    this.stages = stages;
    for (const stage of stages) this.computeScopes(stage);
  }

  get finalStage(): Stage | undefined {
    return this.stages[this.stages.length - 1];
  }

  stageByReference(reference: string): Stage | undefined {
    return this.stages.find(
      (stage) => stage.name === reference.toLowerCase() || String(stage.index) === reference,
    );
  }

  /** How later stages refer to `stage` in COPY --from. */
  reference(stage: Stage): string {
    return stage.name ?? String(stage.index);
  }

  /** What is in force when the stage's last instruction has run: a container of the stage starts there. */
  stageEnd(stage: Stage): Scope {
    return this.stageEnds.get(stage) ?? { env: new Map(), workdir: '/', unset: new Set() };
  }

  scope(instruction: Instruction): Scope {
    return this.scopes.get(instruction) ?? { env: new Map(), workdir: '/', unset: new Set() };
  }

  offset(position: Position): number {
    return (this.lineStarts[position.line] ?? this.text.length) + position.character;
  }

  /** Start of the instruction's first line up to just after its last line's newline. */
  lineSpan(instruction: Instruction): { start: number; end: number } {
    const range = instruction.getRange();
    const start = this.lineStarts[range.start.line] ?? 0;
    const next = this.lineStarts[range.end.line + 1];
    return { start, end: next ?? this.text.length };
  }

  instructionText(instruction: Instruction): string {
    const range = instruction.getRange();
    return this.text.slice(this.offset(range.start), this.offset(range.end));
  }

  /** The raw text after the keyword and flags, with its offset in the file. */
  argumentsText(instruction: Instruction): { text: string; offset: number } {
    const range = instruction.getArgumentsRange();
    if (!range) return { text: '', offset: this.offset(instruction.getRange().end) };
    const start = this.offset(range.start);
    return { text: this.text.slice(start, this.offset(range.end)), offset: start };
  }

  /** `$NAME` and `${NAME}` replaced from `values`; unknown references left as they are. */
  substitute(value: string, values: ReadonlyMap<string, string>): string {
    return substituteVariables(value, values);
  }

  private computeScopes(stage: Stage): void {
    // A stage built FROM an earlier stage starts with that stage's ENV and WORKDIR; otherwise with the image's own.
    const parent = this.stages.find(
      (other) => other.index < stage.index && other.name === stage.image.toLowerCase(),
    );
    const inherited = parent ? this.stageEnds.get(parent) : undefined;
    const env = new Map<string, string>(inherited?.env ?? imageEnv(stage.image));
    const args = new Map(this.globalArgs);
    let workdir = inherited?.workdir ?? defaultWorkdir(stage.image);
    const unset = new Set<string>();
    for (const instruction of stage.instructions) {
      const unsetNow = new Set([...unset].filter((name) => !env.has(name)));
      this.scopes.set(instruction, { env: new Map([...args, ...env]), workdir, unset: unsetNow });
      const keyword = instruction.getKeyword();
      if (keyword === 'ENV') {
        for (const { name, value } of properties(instruction)) {
          env.set(name, this.substitute(value, new Map([...args, ...env])));
        }
      } else if (keyword === 'ARG') {
        const defaults = argDefaults(instruction);
        for (const [name, value] of defaults) if (value !== '' || !args.has(name)) args.set(name, value);
        for (const { name } of properties(instruction)) {
          if (defaults.has(name)) unset.delete(name);
          else if (!args.has(name)) unset.add(name);
        }
      } else if (keyword === 'WORKDIR') {
        const target = this.substitute(instruction.getArgumentsContent() ?? '', new Map([...args, ...env]));
        workdir = resolvePath(workdir, target);
      }
    }
    this.stageEnds.set(stage, {
      env: new Map(env),
      workdir,
      unset: new Set([...unset].filter((name) => !env.has(name))),
    });
  }
}

/**
 * The text as Docker splits it into lines, for dockerfile-ast, at the same
 * offsets. Docker breaks lines on LF only and takes a CR elsewhere for white
 * space (it trims CRs off a line's end, so a `\` before CR CR LF still continues);
 * dockerfile-ast takes a lone CR for a line break, and then its positions no
 * longer match the LF lines the edits are planned on: every CR, vertical tab
 * and form feed becomes a space here, as do the Unicode spaces Docker trims
 * from a line's start. Each replacement is one UTF-16 unit for one, so every
 * offset stays valid for the original text.
 */
export function dockerLineView(text: string): string {
  return text
    .replace(/[\r\v\f]/g, ' ')
    .replace(/^[ \t\u0085\u00a0]+/gm, (lead) => lead.replace(/[\u0085\u00a0]/g, ' '));
}

/** The `NAME=value` pairs of an ENV or ARG, in order (a missing value is ''). */
export function properties(instruction: Instruction): Array<{ name: string; value: string }> {
  if (!(instruction instanceof PropertyInstruction)) return [];
  return instruction.getProperties().map((property) => ({
    name: property.getName(),
    value: property.getValue() ?? '',
  }));
}

/**
 * The ARGs that have a default: `ARG GO_VERSION` alone has none (it is given
 * at build time, or empty), so `${GO_VERSION}` stays as written and a message
 * names it instead of showing `golang:-alpine`.
 */
function argDefaults(instruction: Instruction): Map<string, string> {
  if (!(instruction instanceof PropertyInstruction)) return new Map();
  return new Map(
    instruction.getProperties().flatMap((property) => {
      const value = property.getValue() ?? PLATFORM_OS_ARGS.get(property.getName());
      return value === undefined ? [] : [[property.getName(), value] as const];
    }),
  );
}

/**
 * BuildKit's automatic platform ARGs whose value is known: the image is built
 * for linux and on linux (`FROM runtime-$TARGETOS` is `runtime-linux`). The
 * architectures are the build machine's, and stay unknown.
 */
const PLATFORM_OS_ARGS: ReadonlyMap<string, string> = new Map([
  ['TARGETOS', 'linux'],
  ['BUILDOS', 'linux'],
]);

/** `$NAME`, `${NAME}`, `${NAME:-default}` or `${NAME:+alternative}`. */
const VARIABLE_REFERENCE = String.raw`\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:[-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)`;
const EVERY_REFERENCE = new RegExp(VARIABLE_REFERENCE, 'g');

/**
 * `$NAME`, `${NAME}`, `${NAME:-default}` and `${NAME:+alternative}` replaced
 * from `values`, as the Dockerfile builder does; unknown references without a
 * default are left as they are.
 */
export function substituteVariables(value: string, values: ReadonlyMap<string, string>): string {
  return value.replace(
    EVERY_REFERENCE,
    (
      whole: string,
      braced: string | undefined,
      operator: string | undefined,
      word: string | undefined,
      bare: string | undefined,
    ) => referenceValue(braced ?? bare ?? '', operator, word, values) ?? whole,
  );
}

/** What one reference reads as from `values`; undefined for a name with no value and no operator. */
function referenceValue(
  name: string,
  operator: string | undefined,
  word: string | undefined,
  values: ReadonlyMap<string, string>,
): string | undefined {
  const known = values.get(name);
  if (operator === ':-') return known === undefined || known === '' ? (word ?? '') : known;
  if (operator === ':+') return known === undefined || known === '' ? '' : (word ?? '');
  return known;
}

/** A word outside RUN (USER's) as the Dockerfile builder reads it. */
export interface BuilderWord {
  readonly value: string;
  /** ARGs with no default it names bare, left as written: their value is given at build time, if at all. */
  readonly buildArgs: readonly string[];
  /** Whether it names any variable (the value then comes from the file's ARG and ENV values). */
  readonly expandsVariables: boolean;
  /** A quote never closed (`USER o'brien`): docker build stops there. */
  readonly unclosedQuote?: "'" | '"';
}

/** Sticky: a reference that starts exactly at its lastIndex. */
const REFERENCE_AT = new RegExp(VARIABLE_REFERENCE, 'y');

/**
 * `raw` read as the builder reads USER's word: quotes removed (single quotes
 * literal; in double quotes the escape character escapes only `"`, `$` and
 * itself), elsewhere the escape character makes the next character literal
 * (`\\$` is a `$`), `$NAME` and `${NAME}` replaced from the scope outside single
 * quotes, and a name that no ARG or ENV sets is empty, as Docker reads it
 * (`a${IFS}b` is `ab`). A bare ARG with no default stays as written.
 */
export function builderWord(raw: string, scope: Pick<Scope, 'env' | 'unset'>, escape: string): BuilderWord {
  const buildArgs: string[] = [];
  let expandsVariables = false;
  let value = '';
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < raw.length;) {
    const char = raw[i] ?? '';
    const next = raw[i + 1];
    if (quote === "'") {
      if (char === "'") quote = undefined;
      else value += char;
      i += 1;
      continue;
    }
    if (char === escape && next !== undefined && (quote === undefined || ['"', '$', escape].includes(next))) {
      value += next;
      i += 2;
      continue;
    }
    if (char === '"' || (char === "'" && quote === undefined)) {
      quote = quote === char ? undefined : char;
      i += 1;
      continue;
    }
    REFERENCE_AT.lastIndex = i;
    const match = char === '$' ? REFERENCE_AT.exec(raw) : null;
    if (!match) {
      value += char;
      i += 1;
      continue;
    }
    const [whole, braced, operator, word, bare] = match;
    const name = braced ?? bare ?? '';
    const read = referenceValue(name, operator, word, scope.env);
    expandsVariables = true;
    if (read !== undefined) value += read;
    else if (scope.unset.has(name)) {
      buildArgs.push(name);
      value += whole;
    }
    i += whole.length;
  }
  return { value, buildArgs, expandsVariables, ...(quote === undefined ? {} : { unclosedQuote: quote }) };
}

/**
 * Whether the absolute `path` is `folder` or lies below it, by whole
 * segments: /srcgen is not below /src, and every path is below /.
 */
export function isAtOrBelow(path: string, folder: string): boolean {
  const bare = folder.replace(/\/+$/, '');
  return path === folder || path.startsWith(`${bare}/`);
}

/** POSIX path resolution of `target` against the directory `base`. */
export function resolvePath(base: string, target: string): string {
  const joined = target.startsWith('/') ? target : `${base}/${target}`;
  const parts: string[] = [];
  for (const part of joined.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}
