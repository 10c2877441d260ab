/**
 * GMC107: GOPATH-era builds made to work with the Go of today. Since Go 1.16
 * the go command works in module mode only: outside a module `go install
 * github.com/acme/hello` fails ("requires a version") and so do `go get` and
 * `go build` ("go.mod file not found"). A go command in a builder stage that
 * runs outside the source tree copied from the context is pointed at it (`go
 * -C <tree>`, or `cd <tree> &&` before Go 1.20), with the tree's own
 * packages named relative to it; when the context has no go.mod, the first
 * one creates the module (`go mod init <path> && go mod tidy`), with a
 * warning that a committed go.mod is better. The binary paths stay as they
 * were, so the COPY and CMD that use them still work.
 */
import { isAtOrBelow, resolvePath } from '../facts/dockerfile-model.js';
import type { Facts, InstructionFacts, StageFacts } from '../facts/facts.js';
import { wholeContextCopy } from '../builds/indirect-builds.js';
import { isGoProgram, splitGoArgs, flagValue } from '../builds/go-invocation.js';
import { leadingAssignments, shellQuote, type ShellCommand } from '../shell/shell-words.js';
import { findingsFor, ruleMeta, type FileRule, type FindingsOf, type GateRule } from './types.js';

const meta = ruleMeta({
  code: 'GMC107',
  name: 'ModuleMode',
  severity: ['refusal', 'warning', 'change'],
  refusals: 'not-seen',
  what: 'makes GOPATH-era builds work in module mode: `go install <import path>` from outside the source tree runs in it (`go -C <tree>`, or `cd` before Go 1.20); with no go.mod in the context, `go mod init <path> && go mod tidy` first (replacing a `go get -d ./...` of the tree), with a warning; refuses `go get <path>` outside any module',
  why: 'since Go 1.16 the go command works in module mode only: outside a module go install, go get and go build fail',
  example:
    '`ADD . /go/src/github.com/acme/hello` + `RUN go install github.com/acme/hello` → `RUN go -C /go/src/github.com/acme/hello mod init github.com/acme/hello && ... go -C /go/src/github.com/acme/hello install .`',
});

/** Settings of how go finds and fetches modules: the ones go mod tidy needs when the build line sets them. */
const MODULE_ENV = new Set([
  'GOFLAGS',
  'GOPROXY',
  'GOPRIVATE',
  'GONOPROXY',
  'GONOSUMDB',
  'GONOSUMCHECK',
  'GOSUMDB',
  'GOINSECURE',
  'GOMODCACHE',
  'GOPATH',
  'GOTOOLCHAIN',
  'GOWORK',
  'GOENV',
  'GOVCS',
  'GIT_TERMINAL_PROMPT',
]);

const WHY =
  'current Go builds in module mode only: outside a module, go install <import path> fails ("requires a version") and go get and go build fail ("go.mod file not found")';

/**
 * `go get <path>` outside a module is the one go command of many GOPATH-era
 * files (it built and installed the program): refused here, before "no Go
 * build found" could say something untrue about the file.
 */
export const moduleModeGateRule: GateRule = {
  meta,
  phase: 'gate',
  check: (facts) => {
    if (facts.goCommands.length > 0) return undefined;
    const findings = findingsFor(meta);
    for (const { line, message } of getsOutsideModule(facts)) findings.refuse(message, line);
    return findings.refusedVerdict();
  },
};

export const moduleModeRule: FileRule = {
  meta,
  phase: 'file',
  check: (facts) => {
    const findings = findingsFor(meta);
    for (const { line, message } of getsOutsideModule(facts)) findings.refuse(message, line);
    for (const { stage, version, runs } of moduleModeRuns(facts)) {
      let initialized = false;
      for (const { instruction, commands } of runs) {
        const root = wholeContextCopy(stage, instruction);
        for (const command of commands) {
          const words = command.words.map((word) => word.value).slice(leadingAssignments(command).size);
          if (isGoProgram(words[0]) && words[1] === 'mod' && words[2] === 'init') initialized = true;
          if (!root) continue;
          const needsInit =
            !initialized &&
            !hasModule(facts, root, instruction.scope.workdir) &&
            !copiesGoMod(stage, instruction);
          const planned = planCommand(command, instruction, root, {
            needsInit,
            chdirFlag: version === undefined || version >= 20,
            modulePath:
              facts.modulePath ?? gopathModulePath(root, instruction.scope.env.get('GOPATH') ?? '/go'),
            findings,
          });
          if (planned && needsInit) {
            initialized = true;
            findings.warn(
              `the build context has no go.mod: line ${instruction.line} creates one at build time with go mod tidy, which takes each dependency's latest version; commit a go.mod and go.sum (go mod init ${planned.modulePath} && go mod tidy) for reproducible builds`,
              instruction.line,
            );
          }
        }
      }
    }
    return findings.output();
  },
};

interface PlanOptions {
  readonly needsInit: boolean;
  readonly chdirFlag: boolean;
  readonly modulePath: string;
  readonly findings: FindingsOf<typeof meta>;
}

/** Plans one command's rewrite; undefined when it is not a go command that needs one. */
function planCommand(
  command: ShellCommand,
  instruction: InstructionFacts,
  root: string,
  options: PlanOptions,
): { modulePath: string } | undefined {
  const first = leadingAssignments(command).size;
  const goWord = command.words[first];
  const verbWord = command.words[first + 1];
  if (!goWord || !verbWord || !isGoProgram(goWord.value)) return undefined;
  const verb = verbWord.value;
  if (verb !== 'install' && verb !== 'build' && verb !== 'get') return undefined;
  const argWords = command.words.slice(first + 2);
  const { flags, rest } = splitGoArgs(argWords.map((word) => word.value));
  if (rest.some((arg) => arg.includes('@') || arg.includes('$'))) return undefined;
  const cwd = instruction.scope.workdir;
  const outside = !isAtOrBelow(cwd, root);
  const packageWords = argWords.slice(argWords.length - rest.length);
  const mapped = packageWords.map((word) => inTree(word.value, cwd, root, options.modulePath));
  // A package of another module (a tool or a dependency): not the tree's build.
  if (mapped.some((arg) => arg === undefined)) return undefined;
  if (!outside && !options.needsInit) return undefined;
  if (outside && rest.length === 0) return undefined;
  const { findings, modulePath } = options;
  const offset = instruction.argumentsOffset;
  const quotedRoot = shellQuote(root);
  const init = `go mod init ${shellQuote(modulePath)} && go mod tidy`;
  const { line } = instruction;
  // Where the module-resolution settings are given on the go command itself,
  // go mod tidy needs them too (a GOPROXY mirror, GOPRIVATE, a GOFLAGS): repeated
  // as written. The others (CGO_ENABLED, GOOS...) are the build's only.
  const tidyEnv = command.words
    .slice(0, first)
    .filter((word) => MODULE_ENV.has(word.value.split('=')[0] ?? ''))
    .map((word) => `${instruction.argumentsText.slice(word.start, word.end)} `)
    .join('');
  if (verb === 'get' && options.needsInit && !outside) {
    // It fetched the tree's dependencies into GOPATH: go mod tidy fetches them for the module.
    const last = command.words[command.words.length - 1] ?? verbWord;
    const chdir = options.chdirFlag ? ` -C ${quotedRoot}` : '';
    findings.edit(
      offset + goWord.start,
      offset + last.end,
      `go${chdir} mod init ${shellQuote(modulePath)} && ${tidyEnv}go${chdir} mod tidy`,
    );
    findings.change(
      line,
      `replaced go ${verb} with ${init}: the module go get needs did not exist, and go mod tidy fetches the dependencies go get fetched into GOPATH`,
      WHY,
    );
    return { modulePath };
  }
  const prefix = options.chdirFlag
    ? options.needsInit
      ? `go -C ${quotedRoot} mod init ${shellQuote(modulePath)} && ${tidyEnv}go -C ${quotedRoot} mod tidy && `
      : ''
    : `cd ${quotedRoot} && ${options.needsInit ? `go mod init ${shellQuote(modulePath)} && ${tidyEnv}go mod tidy && ` : ''}`;
  // Before the command's own assignments (`CGO_ENABLED=0 GOOS=linux go build`),
  // which must still reach go build: after them they would set the first command only.
  const commandStart = offset + (command.words[0]?.start ?? goWord.start);
  if (prefix) findings.edit(commandStart, commandStart, prefix);
  if (options.needsInit)
    findings.change(line, `created a module for the source at ${root} before go ${verb}: ${init}`, WHY);
  if (!outside) return { modulePath };
  if (options.chdirFlag) findings.edit(offset + goWord.end, offset + goWord.end, ` -C ${quotedRoot}`);
  packageWords.forEach((word, index) => {
    const arg = mapped[index] ?? '.';
    if (arg !== word.value) findings.edit(offset + word.start, offset + word.end, shellQuote(arg));
  });
  if (verb === 'build') keepOutput(argWords, flags, cwd, rest[0] ?? '.', offset, verbWord.end, findings);
  findings.change(
    line,
    `runs go ${verb} in the source tree at ${root} (${options.chdirFlag ? `go -C ${root}` : `cd ${root}`}), its packages named relative to it`,
    WHY,
  );
  return { modulePath };
}

/**
 * The shell-form RUNs the go command runs in module mode: in stages on a Go
 * of 1.16 or later (or one not known), without GO111MODULE=off.
 */
function moduleModeRuns(facts: Facts): Array<{
  stage: StageFacts;
  version: number | undefined;
  runs: Array<{ instruction: InstructionFacts; commands: readonly ShellCommand[] }>;
}> {
  return facts.stages.flatMap((stage) => {
    const version = goMinorVersion(stage.image);
    if (version !== undefined && version < 16) return [];
    const runs = stage.instructions.flatMap((instruction) =>
      instruction.kind === 'run' &&
      instruction.form.kind === 'shell' &&
      instruction.scope.env.get('GO111MODULE') !== 'off'
        ? [{ instruction, commands: instruction.form.parse.commands }]
        : [],
    );
    return [{ stage, version, runs }];
  });
}

/**
 * An earlier COPY or ADD brought a go.mod in (`COPY go.mod go.sum ./`): go get then runs in its module, and no
 * `go mod init` is planned, whatever the folder read as the context holds (GMC008 says when it has none).
 */
function copiesGoMod(stage: StageFacts, instruction: InstructionFacts): boolean {
  return stage.instructions.some(
    (candidate) =>
      candidate.kind === 'copy' &&
      candidate.index < instruction.index &&
      candidate.arguments.slice(0, -1).some((source) => /(^|\/)go\.(mod|\*)|\*/.test(source)),
  );
}

/**
 * Every `go get <path>` run outside the copied source and any go.mod: in
 * GOPATH mode it fetched (and, without -d, installed) a package; current Go
 * refuses it outside a module whatever the path, and what it was for cannot
 * be told from here.
 */
function getsOutsideModule(facts: Facts): Array<{ line: number; message: string }> {
  const found: Array<{ line: number; message: string }> = [];
  for (const { stage, runs } of moduleModeRuns(facts)) {
    for (const { instruction, commands } of runs) {
      const root = wholeContextCopy(stage, instruction);
      if ((root && isAtOrBelow(instruction.scope.workdir, root)) || copiesGoMod(stage, instruction)) continue;
      for (const command of commands) {
        const words = command.words.map((word) => word.value).slice(leadingAssignments(command).size);
        if (!isGoProgram(words[0]) || words[1] !== 'get') continue;
        const { rest } = splitGoArgs(words.slice(2));
        const { line } = instruction;
        found.push({
          line,
          message: `line ${line} runs go get${rest.map((arg) => ` ${arg}`).join('')} outside any module, which current Go refuses ("go get is no longer supported outside a module"): to install a command, use go install ${rest[0]?.split('@')[0] ?? '<path>'}@<version>; for a dependency, list it in go.mod`,
        });
      }
    }
  }
  return found;
}

/** go build writes where it runs: the path it wrote from the old folder is kept with an absolute -o. */
function keepOutput(
  argWords: ReadonlyArray<{ value: string; start: number; end: number }>,
  flags: Array<[string, string | undefined]>,
  cwd: string,
  firstPackage: string,
  offset: number,
  verbEnd: number,
  findings: FindingsOf<typeof meta>,
): void {
  const o = flagValue(flags, '-o');
  if (o === undefined) {
    const name = firstPackage
      .split('/')
      .filter((part) => part !== '' && part !== '.' && part !== '...')
      .pop();
    findings.edit(offset + verbEnd, offset + verbEnd, ` -o ${shellQuote(resolvePath(cwd, name ?? 'app'))}`);
    return;
  }
  if (o.startsWith('/')) return;
  const absolute = shellQuote(resolvePath(cwd, o));
  // The last -o is the one go build uses (flagValue's), as `-o path` or `-o=path`.
  const at = argWords.map((word) => /^--?o(?:=|$)/.test(word.value)).lastIndexOf(true);
  const flagWord = argWords[at];
  const eq = flagWord?.value.indexOf('=') ?? -1;
  if (flagWord && eq !== -1) {
    findings.edit(
      offset + flagWord.start,
      offset + flagWord.end,
      `${flagWord.value.slice(0, eq)}=${absolute}`,
    );
    return;
  }
  const valueWord = argWords[at + 1];
  if (flagWord && valueWord) findings.edit(offset + valueWord.start, offset + valueWord.end, absolute);
}

/**
 * Whether the source copied to `root` has a go.mod at its root or in a folder
 * between it and `cwd`; a context that was not read is taken to have one.
 */
function hasModule(facts: Facts, root: string, cwd: string): boolean {
  const folders = facts.goModFolders;
  if (folders === undefined || folders.has('')) return true;
  if (!isAtOrBelow(cwd, root)) return false;
  const parts = cwd.slice(root.length).split('/').filter(Boolean);
  return parts.some((_, index) => folders.has(parts.slice(0, index + 1).join('/')));
}

/** A package argument as named from the tree's root, or undefined for a package outside the tree. */
function inTree(arg: string, cwd: string, root: string, modulePath: string): string | undefined {
  const dots = arg.endsWith('/...') || arg === '...' ? '/...' : '';
  const bare = dots ? arg.slice(0, -'/...'.length) || '.' : arg;
  let absolute: string;
  if (bare.startsWith('.') || bare.startsWith('/')) absolute = resolvePath(cwd, bare);
  else if (bare === modulePath || bare.startsWith(`${modulePath}/`))
    absolute = resolvePath(root, `.${bare.slice(modulePath.length)}`);
  else return undefined;
  if (!isAtOrBelow(absolute, root)) return undefined;
  const relative = absolute.slice(root.length).replace(/^\//, '');
  return relative === '' ? `.${dots}` : `./${relative}${dots}`;
}

/** The import path GOPATH mode gave the tree: its path under $GOPATH/src, else its folder's name. */
function gopathModulePath(root: string, gopath: string): string {
  const src = `${resolvePath('/', gopath)}/src/`;
  return root.startsWith(src) ? root.slice(src.length) : (root.split('/').pop() ?? 'app');
}

/** The minor version of Go 1.x a golang image tag names; undefined when the tag does not tell. */
export function goMinorVersion(image: string): number | undefined {
  const match = /^(?:[^/]+\/)*golang:1\.([0-9]+)/.exec(image.split('@')[0] ?? image);
  return match ? Number(match[1]) : undefined;
}
