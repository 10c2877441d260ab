/**
 * What the conversion knows about a Dockerfile, computed once by
 * collectFacts (collect-facts.ts) before any rule runs: plain readonly data,
 * with offsets into the original text so rules can plan exact edits. Rules
 * read facts; none of them touches the parser.
 */
import type { ContextCgo } from '../cgo/context-cgo.js';
import type { GoVerb } from '../builds/go-invocation.js';
import type { MakeRecipe } from '../builds/build-script.js';
import type { ConvertStrategy } from '../options.js';
import type { ShellParse, ShellWord } from '../shell/shell-words.js';
import type { ReleaseConfigRead } from '../builds/release-config.js';
import type { BuilderWord } from './dockerfile-model.js';
import type { ProgramKind } from './programs.js';
import type { UserSpec } from './users.js';

/** Offsets into the original text, end excluded. */
export interface TextSpan {
  readonly start: number;
  readonly end: number;
}

/** What is in force just before an instruction runs: ENV and ARG values, and WORKDIR. */
export interface Scope {
  readonly env: ReadonlyMap<string, string>;
  readonly workdir: string;
  /** ARGs declared with no default and not set since: given at build time, if at all. */
  readonly unset: ReadonlySet<string>;
}

/**
 * How RUN, CMD, ENTRYPOINT and HEALTHCHECK CMD give their command: a JSON
 * array of strings (exec form: no shell, no variable expansion), as Docker
 * decides it, or shell text.
 */
export type CommandForm =
  ExecForm | { readonly kind: 'shell'; readonly text: string; readonly parse: ShellParse };

export interface ExecForm {
  readonly kind: 'exec';
  /** The strings as JSON decodes them (escapes and `\uXXXX` included). */
  readonly words: readonly string[];
  /**
   * Where each string is written, quotes included, so a rule can replace one
   * element and keep the rest of the array byte for byte. Empty for an array
   * whose elements the parser could not place (then a rule rewrites it whole).
   */
  readonly spans: readonly TextSpan[];
}

interface InstructionBase {
  /** Position among all the file's instructions: a stable key for the instruction. */
  readonly index: number;
  /** Upper case. */
  readonly keyword: string;
  /** 1-based line of the keyword. */
  readonly line: number;
  /** The instruction as written, from keyword to last character. */
  readonly range: TextSpan;
  /** Its whole lines, from the first line's start to just after the last line's newline. */
  readonly lineSpan: TextSpan;
  readonly text: string;
  /** The raw text after the keyword and flags, and where it starts. */
  readonly argumentsText: string;
  readonly argumentsOffset: number;
  readonly scope: Scope;
}

export interface FromFacts extends InstructionBase {
  readonly kind: 'from';
  /** Where ` AS name` would go: just after the image. */
  readonly imageEnd: number;
}

/** RUN, CMD and ENTRYPOINT. */
export interface CommandFacts extends InstructionBase {
  readonly kind: 'run' | 'start';
  readonly form: CommandForm;
}

/** COPY and ADD. */
export interface CopyFacts extends InstructionBase {
  readonly kind: 'copy';
  /** `--from` of a COPY, as written. */
  readonly from: string | undefined;
  readonly chown: { readonly value: string; readonly span: TextSpan } | undefined;
  /** Sources then destination, as dockerfile-ast splits them. */
  readonly arguments: readonly string[];
  /** The destination as written and where it is in the file; undefined in the JSON form. */
  readonly destination: { readonly value: string; readonly span: TextSpan } | undefined;
}

export interface EnvFacts extends InstructionBase {
  readonly kind: 'env';
  /** As written, variables not substituted. */
  readonly properties: ReadonlyArray<{ readonly name: string; readonly value: string }>;
}

/** USER's word as the builder reads it (builderWord). */
export interface UserFacts extends InstructionBase, BuilderWord {
  readonly kind: 'user';
}

export interface HealthcheckFacts extends InstructionBase {
  readonly kind: 'healthcheck';
  /** `HEALTHCHECK NONE`. */
  readonly none: boolean;
  /** Flags before CMD (`--interval=10s`), as written. */
  readonly options: string;
  readonly command: CommandForm;
  /** curl or wget, where the check runs them. */
  readonly tools: readonly string[];
}

export interface ExposeFacts extends InstructionBase {
  readonly kind: 'expose';
  readonly ports: readonly number[];
}

export interface OtherFacts extends InstructionBase {
  readonly kind: 'other';
}

export type InstructionFacts =
  FromFacts | CommandFacts | CopyFacts | EnvFacts | UserFacts | HealthcheckFacts | ExposeFacts | OtherFacts;

export interface StageFacts {
  readonly index: number;
  /** `AS name`, if any. */
  readonly name: string | undefined;
  /** Base image with ARG defaults substituted. */
  readonly image: string;
  readonly from: FromFacts;
  readonly instructions: readonly InstructionFacts[];
  /** The WORKDIR in force when the stage ends: where a container of the stage starts. */
  readonly endWorkdir: string;
}

/**
 * Where the program is built and what ships it. A single-stage build moves
 * its runtime instructions into a new stage; a multi-stage build has its
 * runtime stage replaced in place.
 */
/** A file the image that ships copies from another stage (facts/origins.ts). */
export interface CopiedFile {
  /** Where the file is in the image that ships. */
  readonly path: string;
  /** The COPY that put it there. */
  readonly copy: CopyFacts;
  /** The stage it was copied from, as the COPY names it (`--from`). */
  readonly stage: StageFacts | undefined;
  /** Its path in that stage. */
  readonly source: string;
  /**
   * What made it, as far as the Dockerfile tells: a go build of that stage
   * (or of a stage it starts FROM), a package installed there (a program
   * linked against the C library), a download (`curl -o`, `wget -O`, `ADD
   * <url>`), or a stage where nothing builds Go. Undefined when that cannot
   * be told (a build that was not followed, a file moved, files the stage
   * copied in).
   */
  readonly madeBy: 'go-build' | 'package' | 'download' | 'no-go-build' | undefined;
  /** The go build that writes it, when madeBy is go-build. */
  readonly goCommand?: GoCommandFacts;
  /** The line that downloads it, when madeBy is download. */
  readonly downloadLine?: number;
}

export interface Layout {
  readonly kind: 'single-stage' | 'multi-stage';
  /** The final stage: the image that ships. */
  readonly stage: StageFacts;
  /** The stage the binaries come from (the final stage itself in a single-stage build). */
  readonly builder: StageFacts;
  /** How the shipping stage refers to the builder in COPY --from. */
  readonly builderReference: string;
  /** Absolute paths of the binaries in the image that ships. */
  readonly binaries: readonly string[];
  /** What the image that ships copies from other stages, and whether a go build wrote it (multi-stage only). */
  readonly copied: readonly CopiedFile[];
  /** The instructions that describe the image that ships, in order. */
  readonly runtimeInstructions: readonly InstructionFacts[];
  /** A single-stage build's `go run` CMD or ENTRYPOINT, turned into a build step. */
  readonly goRun: GoCommandFacts | undefined;
  /**
   * A stage that ships a prebuilt binary from the build context: rebased in
   * place like a multi-stage runtime, with what scratch lacks staged in a new
   * stage on its original base image, named `filesStage` (builderReference).
   */
  readonly prebuilt?: { readonly filesStage: string };
}

export interface Facts {
  readonly text: string;
  /**
   * The first line (1-based) the converter cannot read as Docker does
   * (refused: GMC002): where its parser splits instructions differently from
   * Docker, or a here-document that never ends (Docker reads the rest of the
   * file into it, so nothing can be added after it), or an escape directive
   * Docker refuses (its value must be ` or \\).
   */
  readonly misreadLine: { readonly line: number; readonly why: 'split' | 'heredoc' | 'escape' } | undefined;
  /** The file's escape character (`\` or a backtick). */
  readonly escape: string;
  readonly strategy: ConvertStrategy;
  /** Runtime packages the user said to drop (`--drop`). */
  readonly dropped: ReadonlySet<string>;
  /** What a file of the build context is, by its context path (undefined: not there, or no context given). */
  readonly contextProgram: (relativePath: string) => ProgramKind | undefined;
  /** Whether a build context was given to read programs from (a pure conversion has none). */
  readonly readsContextPrograms: boolean;
  /** What the build context's Go files say about cgo. */
  readonly contextCgo: ContextCgo;
  /** The module path of the build context's go.mod; undefined when the context has none. */
  readonly modulePath: string | undefined;
  /**
   * Folders of the build context (relative, '' for its root) that hold a
   * go.mod, among the root and the folders a RUN runs in below a COPY of the
   * whole context; undefined when the context was not given.
   */
  readonly goModFolders: ReadonlySet<string> | undefined;
  readonly stages: readonly StageFacts[];
  /** Every go build, go install and go run that makes a shipped binary, in file order. */
  readonly goCommands: readonly GoCommandFacts[];
  /**
   * RUNs whose build could not be followed (`make` with no Makefile in the
   * context, a script that is not there, `go run build.go`), each with what
   * could not be seen.
   */
  readonly unfollowedBuilds: readonly UnfollowedBuild[];
  /**
   * What each stage copies from earlier stages (COPY --from), by stage
   * index, and what made each file: the stage that ships has its own in
   * `layout.copied`; another stage's tell whether it, too, holds a Go binary.
   */
  readonly stageCopies: ReadonlyMap<number, readonly CopiedFile[]>;
  /**
   * With no Go build in the file: the binary the stage that ships starts,
   * when it copies it from the build context, and the GoReleaser config read
   * for it (facts/prebuilt.ts).
   */
  readonly prebuilt: PrebuiltStart | undefined;
  /** Known when there is a final stage and a Go build (or a prebuilt binary it starts). */
  readonly layout: Layout | undefined;
  /**
   * The stage that ships of a multi-stage file in which no Go build was
   * found or followed: what it copies, runs and starts, so that a refusal at
   * the gate can name what else stands in the way of scratch (plan.ts).
   */
  readonly runtimeOnlyLayout: Layout | undefined;
  /** Users created with adduser/useradd in the final stage, by name. */
  readonly createdUsers: ReadonlyMap<string, UserSpec>;
  /** The GIDs addgroup and groupadd gave, by group name. */
  readonly createdGroups: ReadonlyMap<string, number>;
  /**
   * The last USER of the image that ships that names a user: it needs a passwd
   * entry. For a distroless final stage with none, its nonroot user.
   */
  readonly passwdUser: UserSpec | undefined;
  /**
   * Where the runtime got time zone data the program uses: tzdata installed in
   * the final stage, or a distroless final stage (which has zoneinfo) with ENV TZ.
   */
  readonly tzdataFrom: 'package' | 'distroless' | undefined;
}

/** Facts of a file the conversion works on: it has a final stage and a Go build. */
export interface ConvertibleFacts extends Facts {
  readonly layout: Layout;
}

/**
 * Where a go command is written. In shell form the words have offsets, so
 * rules can insert into the command; in exec form there is no shell to set
 * the environment, and nothing can be inserted. An indirect build is in a
 * Makefile recipe or a build script the RUN runs: the converter never edits
 * those files, only the RUN that runs them.
 */
export type GoCommandSite =
  | {
      readonly kind: 'shell';
      /** Offset in the file of the shell text the word offsets count from. */
      readonly textOffset: number;
      readonly goWord: ShellWord;
      readonly verbWord: ShellWord;
      /** The word environment assignments go before (the go word, or a wrapper such as `time`). */
      readonly envWord: ShellWord;
      /** Words after `go build|install|run`. */
      readonly argWords: readonly ShellWord[];
      /** Every word of the shell command the go word is in: assignments and wrappers come before it. */
      readonly commandWords: readonly ShellWord[];
    }
  | { readonly kind: 'exec' }
  | {
      readonly kind: 'indirect';
      readonly via: 'make' | 'script';
      /** The Makefile or script, relative to the build context, and the line of the go command in it. */
      readonly file: string;
      readonly line: number;
      readonly textOffset: number;
      /** The make or script word of the RUN (or `sh` in `sh build.sh`): assignments go before it, make's command-line variables after it. */
      readonly envWord: ShellWord;
      /** The RUN's command as shown in messages, e.g. `make build`. */
      readonly invocation: string;
      /** For a build in a Makefile: its recipe line and the variables it references (FoundGo.recipe). */
      readonly recipe?: MakeRecipe;
      /**
       * What of CGO_ENABLED=0 GOOS=linux the RUN must give make, where the
       * Makefile builds otherwise without the environment it was read with
       * (it tests or uses them): even where a recipe sets one itself.
       */
      readonly mustGive?: readonly string[];
    };

export interface GoCommandFacts {
  readonly stageIndex: number;
  readonly instruction: InstructionFacts;
  readonly verb: GoVerb;
  readonly site: GoCommandSite;
  /** Environment assignments on the command itself (`CGO_ENABLED=0 go build`, `env GOOS=linux go build`). */
  readonly assignments: ReadonlyMap<string, string>;
  /** A cross-compiling wrapper (tonistiigi/xx's xx-go) sets GOOS and GOARCH itself. */
  readonly crossCompile: boolean;
  /** Words after `go build|install|run`. */
  readonly args: readonly string[];
  /** Absolute path of the binary, when it can be told. */
  readonly output: string | undefined;
  /** For go run: the program's own arguments, after the package. */
  readonly programArgs: readonly string[];
  /** For go run: the packages or files to build. */
  readonly packages: readonly string[];
}

/** A RUN whose build could not be followed, and exactly what could not be seen. */
export interface UnfollowedBuild {
  readonly line: number;
  /** `nothing`: a make target or script that was followed and builds no Go; `tool`: a program a go install of the stage installed (mage, task). */
  readonly via: 'make' | 'script' | 'go-run' | 'tool' | 'nothing';
  readonly message: string;
}

/** A binary the stage that ships starts, copied from the build context (facts/prebuilt.ts). */
export interface PrebuiltStart {
  /** The ENTRYPOINT (or, with none, the CMD) that starts it. */
  readonly start: CommandFacts;
  /** Its absolute path in the image. */
  readonly path: string;
  /** The COPY or ADD of the build context that put it there. */
  readonly copy: CopyFacts;
  /** Its path in the build context, ARG and ENV values substituted. */
  readonly source: string;
  /** The same path as the COPY writes it (`$src_binary`), for messages when a variable gave it. */
  readonly writtenSource: string;
  /** What the file in the context is; undefined when it is not there (or no context was given). */
  readonly file: ProgramKind | undefined;
  readonly config: ReleaseConfigRead;
}
