/**
 * dockerize's decisions, once the module is read: which main package, which
 * port (or none), the files to copy, and the warnings, each with a code.
 * What the code says decides; what it leaves open is asked (through an
 * Asker, which the Yeoman glue implements with its prompts) or, with --yes,
 * stops the run naming the candidates and the option that settles it. Never
 * a guess presented as fact: there is no fallback port.
 */
import { ToolError } from '../errors.js';
import { cgoRefusal } from './cgo.js';
import {
  findMain,
  inspectMain,
  type MainInspection,
  type MainPackage,
  type ModuleInspection,
} from './inspect.js';
import { clearService, describeCandidate, rankMains, type MainCandidate } from './mains.js';
import type { DockerizeChoices } from './options.js';
import { isLoopbackHost, type PortEvidence } from './port.js';
import type { RuntimeCopy } from './runtime-files.js';

export const WARNING_CODES = {
  /** The listener is bound to localhost, 127.0.0.1 or ::1 only. */
  loopback: 'GMD201',
  /** A port below 1024 and a non-root user. */
  lowPort: 'GMD202',
  /** A file read at run time that cannot be followed to a file of the module. */
  runtimeUnresolved: 'GMD203',
  /** No listener in the program's code: no EXPOSE, no ports. */
  noListener: 'GMD204',
  /** Another main package of the module needs cgo. */
  otherMainCgo: 'GMD205',
  /** A conventional runtime folder (templates/, static/...) the code does not name: not copied. */
  folderNotNamed: 'GMD206',
  /** An opt-in side listener (metrics, debug) that the image does not expose. */
  sideListener: 'GMD207',
} as const;

export type WarningCode = (typeof WARNING_CODES)[keyof typeof WARNING_CODES];

export interface DockerizeWarning {
  code: WarningCode;
  message: string;
  file?: string;
  line?: number;
}

/** How dockerize asks, implemented by the Yeoman glue; `canAsk` false means no question may be put. */
export interface Asker {
  readonly canAsk: boolean;
  /** --yes: take what the code clearly says, stop where it does not. */
  readonly yes: boolean;
  chooseMain(candidates: readonly MainCandidate[], preselected: string | undefined): Promise<string>;
  /** The port, from `candidates` or typed; undefined for "none" (no listener). */
  choosePort(
    message: string,
    candidates: readonly number[],
    preselected: number | undefined,
  ): Promise<number | undefined>;
  chooseCopies(choices: ReadonlyArray<{ name: string; value: string; checked: boolean }>): Promise<string[]>;
  confirm(message: string): Promise<boolean>;
}

export type Chosen = 'option' | 'only' | 'code' | 'answer' | 'none';

export interface DockerizeDecision {
  main: MainPackage;
  mainChosenBy: Chosen;
  found: MainInspection;
  /** Every main package, ranked, when there are several. */
  candidates: MainCandidate[];
  port: number | undefined;
  portChosenBy: Chosen;
  /** The evidence that decided the port, when the code did. */
  portEvidence: PortEvidence | undefined;
  /** Set PORT in the image: the program reads $PORT, and the port is its default or the one the user chose. */
  setPortEnv: boolean;
  /** Folders copied to the same path under /app (--copy, the conventional folders named in the code). */
  copyDirs: string[];
  /** Files and folders copied from one path to another (a file beside a main in cmd/x, read from its working directory). */
  copies: RuntimeCopy[];
  /** Arguments the image runs the program with (`--addr=:8080` for a flag that defaults to localhost). */
  args: string[];
  warnings: DockerizeWarning[];
}

function at(hint: { file: string; line: number } | undefined): string {
  return hint ? `${hint.file}:${hint.line}` : 'the code';
}

async function chooseMain(
  inspection: ModuleInspection,
  given: DockerizeChoices,
  asker: Asker,
): Promise<{ candidate: MainCandidate; chosenBy: Chosen; ranked: MainCandidate[] }> {
  const { mains } = inspection;
  const ranked = rankMains(
    mains.map((main) => inspectMain(inspection, main)),
    inspection.module,
  );
  if (given.main !== undefined) {
    const main = findMain(inspection, given.main);
    if (!main)
      throw new ToolError(
        'usage',
        `--main: ${given.main} is not a main package here; the main packages are ${mains.map((m) => m.dir).join(', ')}`,
      );
    return {
      candidate: ranked.find((one) => one.main.dir === main.dir) as MainCandidate,
      chosenBy: 'option',
      ranked,
    };
  }
  if (ranked.length === 1) return { candidate: ranked[0] as MainCandidate, chosenBy: 'only', ranked };
  const clear = clearService(ranked);
  const list = ranked.map((candidate) => `  ${describeCandidate(candidate)}`).join('\n');
  if (asker.yes) {
    if (clear) return { candidate: clear, chosenBy: 'code', ranked };
    throw new ToolError(
      'needs-choice',
      `${ranked.length} main packages, and none is clearly the service:\n${list}\nPass --main with the one to ship (--main ${ranked[0]?.main.dir}).`,
    );
  }
  if (!asker.canAsk)
    throw new ToolError(
      'no-terminal',
      `No terminal to ask which main package to ship: pass --main (${mains.map((m) => m.dir).join(', ')})` +
        (clear ? `, or --yes to ship ${clear.main.dir}.` : '.'),
    );
  const dir = await asker.chooseMain(ranked, clear?.main.dir);
  return {
    candidate: ranked.find((one) => one.main.dir === dir) as MainCandidate,
    chosenBy: 'answer',
    ranked,
  };
}

async function choosePort(
  found: MainInspection,
  given: DockerizeChoices,
  asker: Asker,
): Promise<{ port: number | undefined; chosenBy: Chosen }> {
  const guess = found.port;
  if (given.port !== undefined) return { port: given.port, chosenBy: 'option' };
  const candidates = guess.candidates;
  const listed = (ports: readonly number[]) =>
    ports
      .map((port) => {
        const hint = guess.evidence.find((one) => one.port === port);
        return `  ${port}: ${hint?.text ?? ''} (${at(hint)})`;
      })
      .join('\n');
  if (guess.verdict === 'found') {
    if (asker.yes || !asker.canAsk) return { port: guess.port, chosenBy: 'code' };
    const port = await asker.choosePort('Port (found in the code):', candidates, guess.port);
    return { port, chosenBy: port === guess.port ? 'code' : 'answer' };
  }
  if (guess.verdict === 'no-listener') {
    if (asker.yes || !asker.canAsk) return { port: undefined, chosenBy: 'none' };
    const port = await asker.choosePort(
      'Port (no listener in the code; leave empty for none):',
      [],
      undefined,
    );
    return { port, chosenBy: port === undefined ? 'none' : 'answer' };
  }
  const why =
    guess.verdict === 'ambiguous'
      ? `the code names ${candidates.length === 1 ? 'only a loose address' : 'several ports'}:\n${listed(candidates)}`
      : `it listens (${at(guess.listeners[0])}), but its address is not written in the code`;
  const settle =
    candidates.length > 0 ? `Pass --port with the one to expose (--port ${candidates[0]}).` : 'Pass --port.';
  if (asker.yes)
    throw new ToolError(
      'needs-choice',
      `Which port ${found.main.importPath} listens on is not clear: ${why}\n${settle}`,
    );
  if (!asker.canAsk) throw new ToolError('no-terminal', `No terminal to ask the port on: ${why}\n${settle}`);
  const port = await asker.choosePort(
    `Port (${guess.verdict === 'ambiguous' ? 'several in the code' : 'not in the code'}):`,
    candidates,
    undefined,
  );
  return { port, chosenBy: port === undefined ? 'none' : 'answer' };
}

/** The flag that would move a localhost listener to every interface, when the address is a flag's default. */
function loopbackFix(hint: PortEvidence): string | undefined {
  if (hint.kind !== 'flag-default' || hint.flag === undefined || !/addr|listen|bind/i.test(hint.flag))
    return undefined;
  return `--${hint.flag}=:${hint.port}`;
}

export interface DecideOptions {
  /** The user the image runs as: a numeric non-root one, or undefined for root. */
  user: string | undefined;
  /** Called with each step's words as it is taken. */
  progress: (line: string) => void;
}

export async function decide(
  inspection: ModuleInspection,
  given: DockerizeChoices,
  asker: Asker,
  options: DecideOptions,
): Promise<DockerizeDecision> {
  const warnings: DockerizeWarning[] = [];
  const { candidate, chosenBy, ranked } = await chooseMain(inspection, given, asker);
  const found = candidate.found;
  const why =
    chosenBy === 'option'
      ? '--main'
      : chosenBy === 'only'
        ? 'the only main package'
        : chosenBy === 'answer'
          ? 'your answer'
          : candidate.reasons.join(', ');
  options.progress(`Main: ${found.main.dir} (${found.main.importPath}): ${why}`);

  // cgo: the chosen main refuses; the others are named, so a wrong pick cannot hide the one that needs it.
  const others = ranked.filter((one) => one !== candidate && one.found.cgo.required);
  for (const other of others)
    warnings.push({
      code: WARNING_CODES.otherMainCgo,
      message: `${other.main.dir} needs cgo (${other.found.cgo.uses[0]?.what} at ${at(other.found.cgo.uses[0]?.at)}): a FROM scratch image cannot ship it`,
      ...(other.found.cgo.uses[0]?.at ?? {}),
    });
  options.progress(
    found.cgo.uses.length === 0
      ? 'cgo: not used (a static binary, CGO_ENABLED=0)'
      : `cgo: ${found.cgo.uses.map((use) => `${use.what} (${at(use.at)})`).join(', ')}`,
  );
  if (found.cgo.required) throw new ToolError('refused', cgoRefusal(found.cgo));

  const { port, chosenBy: portChosenBy } = await choosePort(found, given, asker);
  const guess = found.port;
  const portEvidence =
    portChosenBy === 'code'
      ? guess.evidence.find((hint) => hint.port === port && !hint.secondary)
      : undefined;
  const args: string[] = [];
  if (port === undefined) {
    options.progress(
      guess.verdict === 'no-listener'
        ? 'Port: none (no listener in the code): no EXPOSE, no ports'
        : 'Port: none (your answer): no EXPOSE, no ports',
    );
    if (guess.verdict === 'no-listener')
      warnings.push({
        code: WARNING_CODES.noListener,
        message: `${found.main.dir} has no listener: the image exposes no port`,
      });
  } else {
    const source = portEvidence
      ? `${portEvidence.text} (${at(portEvidence)})`
      : portChosenBy === 'option'
        ? '--port'
        : 'your answer';
    options.progress(`Port ${port}: ${source}`);
    const loopback = guess.evidence.find(
      (hint) => hint.port === port && !hint.secondary && isLoopbackHost(hint.host),
    );
    if (loopback && portChosenBy !== 'option') {
      const fix = loopbackFix(loopback);
      const where = `${loopback.host}:${port} (${at(loopback)})`;
      if (fix) {
        args.push(fix);
        warnings.push({
          code: WARNING_CODES.loopback,
          message: `it listens on ${where} only, unreachable from outside a container: the image runs it with ${fix}`,
          file: loopback.file,
          line: loopback.line,
        });
      } else {
        const text = `it listens on ${where} only, unreachable from outside a container: make it listen on ":${port}" (every interface), then rerun`;
        if (asker.yes) throw new ToolError('refused', `${found.main.importPath}: ${text}`);
        warnings.push({
          code: WARNING_CODES.loopback,
          message: text,
          file: loopback.file,
          line: loopback.line,
        });
        if (asker.canAsk && !(await asker.confirm(`${text}. Write the files anyway?`)))
          throw new ToolError('aborted', 'aborted: nothing was written');
      }
    }
    if (port < 1024 && options.user !== undefined)
      warnings.push({
        code: WARNING_CODES.lowPort,
        message:
          `port ${port} is below 1024 and the image runs as user ${options.user}: it binds on Docker's own networks ` +
          '(docker run -p, compose), where Docker 20.10+ sets net.ipv4.ip_unprivileged_port_start=0 (compose.yaml sets it too); ' +
          "with --network host the host's sysctl applies" +
          (guess.portEnv
            ? `, so run it there with -e PORT=8080 (it reads $PORT at ${at(guess.portEnv)})`
            : ', so pass a port of 1024 or more there'),
      });
  }
  for (const side of guess.evidence.filter((hint) => hint.secondary && hint.listener))
    warnings.push({
      code: WARNING_CODES.sideListener,
      message: `a side listener on ${side.port} (${side.flag ?? 'metrics/debug'}, ${at(side)}) is not exposed`,
      file: side.file,
      line: side.line,
    });
  const setPortEnv =
    port !== undefined &&
    guess.portEnv !== undefined &&
    (portChosenBy !== 'code' || guess.portEnvDefault === undefined || guess.portEnvDefault === port);

  // Files: the disk reads' copies, the conventional folders the code names, --copy.
  const { copies, unresolved } = found.runtime;
  for (const read of unresolved)
    warnings.push({
      code: WARNING_CODES.runtimeUnresolved,
      message: `${read.call}(${read.expr}) at ${read.file}:${read.line} reads a file at run time that is not copied: ${read.why}`,
      file: read.file,
      line: read.line,
    });
  let copyDirs: string[];
  let pathCopies: RuntimeCopy[];
  if (given.copy !== undefined) {
    copyDirs = given.copy;
    pathCopies = [];
  } else {
    const named = found.runtimeFolders.filter((folder) => !folder.embedded && folder.referencedAt.length > 0);
    const notNamed = found.runtimeFolders.filter(
      (folder) => !folder.embedded && folder.referencedAt.length === 0,
    );
    const sameDirs = copies
      .filter((copy) => copy.directory && copy.from === copy.to)
      .map((copy) => copy.from);
    const dirs = [...new Set([...sameDirs, ...named.map((folder) => folder.dir)])];
    pathCopies = copies.filter((copy) => !(copy.directory && copy.from === copy.to));
    const offered = notNamed.map((folder) => folder.dir).filter((dir) => !dirs.includes(dir));
    if (asker.canAsk && !asker.yes && dirs.length + offered.length > 0) {
      const chosen = await asker.chooseCopies([
        ...dirs.map((dir) => ({ name: `${dir}/ (read by the code)`, value: dir, checked: true })),
        ...offered.map((dir) => ({ name: `${dir}/ (not named in the code)`, value: dir, checked: false })),
      ]);
      copyDirs = chosen;
    } else {
      copyDirs = dirs;
      for (const dir of offered)
        warnings.push({
          code: WARNING_CODES.folderNotNamed,
          message: `${dir}/ is not named in the code: not copied (--copy ${dir} copies it)`,
        });
    }
  }
  const copied = [
    ...copyDirs.map((dir) => `${dir}/`),
    ...pathCopies.map((copy) => (copy.from === copy.to ? copy.from : `${copy.from} as ${copy.to}`)),
  ];
  options.progress(
    copied.length === 0 ? 'Files: the binary alone' : `Files: copies ${copied.join(', ')} into /app`,
  );
  return {
    main: found.main,
    mainChosenBy: chosenBy,
    found,
    candidates: ranked,
    port,
    portChosenBy,
    portEvidence,
    setPortEnv,
    copyDirs,
    copies: pathCopies,
    args,
    warnings,
  };
}
