/**
 * A thin wrapper over the docker CLI for the end-to-end tests and the
 * benchmark: builds with BuildKit, runs hardened containers, and cleans up by
 * label so that nothing a run creates is left behind.
 */
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { inBuildSlot, inBuildSlotAsync } from './engine-slots.js';

/**
 * BuildKit needs a client with the buildx plugin or, like Debian's
 * /usr/bin/docker, one that still speaks the legacy BuildKit protocol with
 * DOCKER_BUILDKIT=1. The preinstalled /usr/local/bin/docker has neither.
 */
export const DOCKER = existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker';

/**
 * Every image and container the tests create carries this label: the run's
 * id on what a run makes, `standin` on the shared stand-in base images.
 */
export const TEST_LABEL = 'io.github.go-microcontainer.test';

/** Tells this run's images and containers from any other run's. */
export const RUN_ID = `${process.pid}-${Date.now().toString(36)}`;

export function runLabel(runId = RUN_ID): string {
  return `${TEST_LABEL}=${runId}`;
}

export function docker(args: string[], options: { input?: string | Buffer; timeoutMs?: number } = {}) {
  const run = () =>
    spawnSync(DOCKER, args, {
      encoding: 'utf8',
      input: options.input,
      timeout: options.timeoutMs ?? 600_000,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, DOCKER_BUILDKIT: '1' },
    });
  // A build takes a slot: not while a test that reads BuildKit's progress runs alone (engine-slots.ts).
  return args[0] === 'build' ? inBuildSlot(run) : run();
}

export function check(result: SpawnSyncReturns<string>, what: string): string {
  if (result.status !== 0) {
    throw new Error(`${what} failed (exit ${result.status})\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

export function engineAnswers(): boolean {
  return docker(['info', '--format', '{{.ServerVersion}}'], { timeoutMs: 20_000 }).status === 0;
}

/**
 * The end-to-end suite runs whenever an engine answers. In CI a missing
 * engine is a failure, never a skip; locally the suite is skipped with a loud
 * message.
 */
export function engineOrSkip(): boolean {
  if (engineAnswers()) return true;
  const message = `No Docker engine answers (${DOCKER} info failed): the end-to-end suite cannot run.`;
  if (process.env['CI']) throw new Error(`${message} CI requires one: .ci/run starts it.`);
  process.stderr.write(`\n${'!'.repeat(78)}\n${message}\nStart dockerd to run it.\n${'!'.repeat(78)}\n`);
  return false;
}

export interface BuildResult {
  seconds: number;
  log: string;
}

export function buildImage(
  contextDir: string,
  tag: string,
  buildArgs: Record<string, string> = {},
  options: { noCache?: boolean; platform?: string } = {},
): BuildResult {
  const result = tryBuildImage(contextDir, tag, buildArgs, options);
  check(result, `docker build -t ${tag}`);
  return { seconds: result.seconds, log: result.stderr + result.stdout };
}

/**
 * buildImage without blocking: the suite can build the next image while it
 * runs and queries the current one. Rejects with the build's output.
 */
export function buildImageInBackground(
  contextDir: string,
  tag: string,
  buildArgs: Record<string, string> = {},
  options: { target?: string } = {},
): Promise<BuildResult> {
  const args = ['build', '--network', 'host', '--progress', 'plain', '--label', runLabel(), '-t', tag];
  if (options.target !== undefined) args.push('--target', options.target);
  for (const [name, value] of Object.entries(buildArgs)) args.push('--build-arg', `${name}=${value}`);
  args.push(contextDir);
  const started = process.hrtime.bigint();
  return inBuildSlotAsync(
    () =>
      new Promise((resolve, reject) => {
        const child = spawn(DOCKER, args, {
          env: { ...process.env, DOCKER_BUILDKIT: '1' },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let log = '';
        child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
        child.on('error', reject);
        child.on('close', (status) => {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          if (status === 0) resolve({ seconds, log });
          else reject(new Error(`docker build -t ${tag} failed (exit ${status})\n${log}`));
        });
      }),
  );
}

/** A build that may fail: the exit status and output, for tests of failing builds. */
export function tryBuildImage(
  contextDir: string,
  tag: string,
  buildArgs: Record<string, string> = {},
  options: { noCache?: boolean; platform?: string } = {},
): SpawnSyncReturns<string> & { seconds: number } {
  const args = ['build', '--network', 'host', '--progress', 'plain', '--label', runLabel(), '-t', tag];
  if (options.noCache) args.push('--no-cache');
  if (options.platform) args.push('--platform', options.platform);
  for (const [name, value] of Object.entries(buildArgs)) args.push('--build-arg', `${name}=${value}`);
  const started = process.hrtime.bigint();
  const result = docker([...args, contextDir]);
  return { ...result, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

export function imageSize(tag: string): number {
  return Number(
    check(docker(['image', 'inspect', '--format', '{{.Size}}', tag]), 'docker image inspect').trim(),
  );
}

export function inspect(name: string, format: string): string {
  return check(docker(['inspect', '--format', format, name]), `docker inspect ${name}`).trim();
}

/** Runs `action` with a created (never started) container of `tag`, then removes it. */
function withCreatedContainer<T>(tag: string, action: (container: string) => T): T {
  const container = check(docker(['create', '--label', runLabel(), tag]), 'docker create').trim();
  try {
    return action(container);
  } finally {
    docker(['rm', '-f', container]);
  }
}

/** Copies one file out of an image, without running it. */
export function copyFromImage(tag: string, source: string, target: string): void {
  withCreatedContainer(tag, (container) =>
    check(docker(['cp', `${container}:${source}`, target]), `docker cp ${source}`),
  );
}

/** The image's whole filesystem as a tar stream. */
export function exportImage(tag: string): Buffer {
  return withCreatedContainer(tag, (container) => {
    const result = spawnSync(DOCKER, ['export', container], { maxBuffer: 1024 * 1024 * 1024 });
    if (result.status !== 0) throw new Error(`docker export failed: ${result.stderr.toString()}`);
    return result.stdout;
  });
}

/** Containers and images labelled with `runId` that still exist. */
export function leftovers(runId: string): { containers: string[]; images: string[] } {
  const lines = (output: string) => output.split('\n').filter((line) => line.trim() !== '');
  const filter = `label=${runLabel(runId)}`;
  return {
    containers: lines(check(docker(['ps', '-aq', '--filter', filter]), 'docker ps')),
    images: lines(check(docker(['images', '-aq', '--filter', filter]), 'docker images')),
  };
}

/** Removes images by tag or id; ones already gone are fine. */
export function removeImages(images: string[]): void {
  if (images.length > 0) docker(['rmi', '-f', ...new Set(images)]);
}

/**
 * Empties BuildKit's cache mounts (the Go module and build caches of every
 * build on this engine), so the next build starts cold. Layer cache and
 * images are kept.
 */
export function pruneCacheMounts(): void {
  check(docker(['builder', 'prune', '-f', '--filter', 'type=exec.cachemount']), 'docker builder prune');
}

export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs: number,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** `status body` of GET `url`, or undefined while nothing answers there. */
export async function httpGet(url: string): Promise<string | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    return `${response.status} ${await response.text()}`;
  } catch {
    return undefined;
  }
}

/** Starts a detached container on the host network, labelled as this run's. */
export function runContainer(name: string, tag: string, options: string[] = []): void {
  check(
    docker(['run', '-d', '--name', name, '--label', runLabel(), '--network', 'host', ...options, tag]),
    'docker run',
  );
}

/** The titles of the steps a BuildKit build (--progress plain) answered from its layer cache. */
export function cachedSteps(log: string): string[] {
  const titles = new Map<string, string>();
  const cached: string[] = [];
  for (const line of log.split('\n')) {
    const title = /^#(\d+) (\[.*)$/.exec(line);
    if (title) titles.set(title[1] ?? '', title[2] ?? '');
    const hit = /^#(\d+) CACHED$/.exec(line.trim());
    if (hit) cached.push(titles.get(hit[1] ?? '') ?? '');
  }
  return cached;
}

/** How long a started program may take to answer before the test calls it hung, not slow (a machine at load 30 is slow). */
export const ANSWER_WITHIN_MS = 60_000;

/** How long `docker stop` and the generated compose.yaml (stop_grace_period: 10s) wait before they kill. */
export const STOP_GRACE_SECONDS = 10;

/**
 * docker run options of the hardened container the product documents, as
 * the generated compose.yaml runs it: a read-only root filesystem with a
 * tmpfs on /tmp, no capabilities, no privilege gain. The image's own numeric
 * USER is kept (buildRunAndGet's `hardened` checks it is not root).
 */
export const HARDENED_RUN = [
  '--read-only',
  '--tmpfs',
  '/tmp',
  '--cap-drop',
  'ALL',
  '--security-opt',
  'no-new-privileges',
];

/** The hardened run, with the port to listen on in PORT. */
export function hardenedRunOptions(port: number): string[] {
  return [...HARDENED_RUN, ...portOption(port)];
}

/**
 * The numeric user `tag` runs as, checked the way users rely on it: a USER
 * that is numeric (a name needs /etc/passwd, and Kubernetes' runAsNonRoot
 * cannot check a name) and not root. Throws otherwise.
 */
export function numericNonRootUser(tag: string): string {
  const user = check(
    docker(['image', 'inspect', '--format', '{{.Config.User}}', tag]),
    'docker inspect',
  ).trim();
  const uid = /^(\d+)(?::\d+)?$/.exec(user)?.[1];
  if (uid === undefined || Number(uid) === 0)
    throw new Error(`${tag} runs as ${JSON.stringify(user)}, not as a numeric non-root user`);
  return uid;
}

/** The real uid of the main process of a running container, as the kernel sees it. */
function processUid(container: string): string | undefined {
  const pid = check(docker(['inspect', '--format', '{{.State.Pid}}', container]), 'docker inspect').trim();
  try {
    return /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  } catch {
    return undefined; // it has exited: the GET has failed already, with its log
  }
}

/**
 * Runs `tag` detached as `container` with `runOptions` and waits for it to
 * answer GET / on `port`: the answer ("<status> <body>"). The container keeps
 * running, for the caller to inspect and stop.
 */
export async function runAndGet(
  container: string,
  tag: string,
  port: number,
  runOptions: string[],
  answerWithinMs = ANSWER_WITHIN_MS,
): Promise<string> {
  runContainer(container, tag, runOptions);
  return waitFor(`GET / on port ${port}`, () => httpGet(`http://127.0.0.1:${port}/`), answerWithinMs);
}

/**
 * Only PORT: for programs that need a writable root filesystem (the conversion fixtures write to /tmp).
 *
 * Containers use the host network and jest runs suites side by side, so each
 * suite listens on host ports of its own; a shared port would let one suite's
 * GET reach another suite's container. docker-e2e 18100+, dockerize-e2e
 * 18301-18305 and 18381, dockerize-shapes 18310-18346 (both written into
 * their fixtures' Go code), compose 18401, docker-platforms 18411-18413,
 * convert-e2e 19000+ (one per fixture).
 */
export function portOption(port: number): string[] {
  return ['-e', `PORT=${port}`];
}

export interface BuildRunGet {
  /** The build context (holding the Dockerfile); not needed when the build was started elsewhere (`built`). */
  context?: string;
  tag: string;
  container: string;
  port: number;
  /**
   * Run hardened (HARDENED_RUN), after checking the image's USER is numeric
   * and not root, and that the program runs as that uid. Without it the root
   * filesystem is writable (the conversion fixtures check the image's own /tmp).
   */
  hardened: boolean;
  /** More docker run options: portOption(port), -e. */
  runOptions: string[];
  buildArgs?: Record<string, string>;
  /** How long the program may take to answer. */
  answerWithinMs?: number;
  /** The answer expected: any other fails with the container's log. */
  answer?: string;
  /** The image's build, already started (buildImageInBackground); without it the image is built here. */
  built?: Promise<BuildResult>;
}

/**
 * Builds `context`, runs the image detached, and returns the answer to GET /
 * on `port` ("<status> <body>") with the build's figures. The container and
 * the image are removed whatever happens; when no answer comes, or not the
 * expected one, the error carries the container's log.
 */
export async function buildRunAndGet(spec: BuildRunGet): Promise<{ body: string; build: BuildResult }> {
  const { context, tag, container, port } = spec;
  let build: BuildResult;
  try {
    if (spec.built) build = await spec.built;
    else if (context !== undefined) build = buildImage(context, tag, spec.buildArgs);
    else throw new Error(`nothing to build ${tag} from: give a context or a started build`);
  } catch (error) {
    removeImages([tag]);
    throw error;
  }
  try {
    const uid = spec.hardened ? numericNonRootUser(tag) : undefined;
    const options = spec.hardened ? [...HARDENED_RUN, ...spec.runOptions] : spec.runOptions;
    const body = await runAndGet(container, tag, port, options, spec.answerWithinMs);
    if (spec.answer !== undefined && body !== spec.answer)
      throw new Error(`GET / answered ${JSON.stringify(body)}, not ${JSON.stringify(spec.answer)}`);
    const ranAs = uid === undefined ? undefined : processUid(container);
    if (uid !== undefined && ranAs !== uid)
      throw new Error(`the program ran as uid ${ranAs ?? '(gone)'}, not as the image's USER ${uid}`);
    return { body, build };
  } catch (error) {
    const logs = docker(['logs', container]);
    throw new Error(`${String(error)}\ncontainer log:\n${logs.stdout}${logs.stderr}`, { cause: error });
  } finally {
    docker(['rm', '-f', container]);
    removeImages([tag]);
  }
}
