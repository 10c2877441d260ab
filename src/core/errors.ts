/**
 * Errors as data: every failure the tool reports has a stable code, one
 * actionable line of text, and an exit status. The bin, both generators and
 * `--json` all read them from here.
 */

export type ErrorCode =
  /** An unknown option or command, or an invalid option value. */
  | 'usage'
  /** A question must be asked and there is no terminal to ask it on. */
  | 'no-terminal'
  | 'not-found'
  | 'permission-denied'
  | 'not-a-file'
  | 'not-a-directory'
  /** A path to read or write is a symbolic link; the tool never writes through one. */
  | 'symlink'
  | 'symlink-loop'
  /** A file to overwrite has no write permission bit. */
  | 'read-only'
  | 'no-space'
  /** The file changed on disk between reading and writing it. */
  | 'changed-on-disk'
  /** Any other error from the operating system. */
  | 'io'
  /** Ctrl-C, or a prompt closed. */
  | 'interrupted'
  /** SIGTERM while writing (docker stop, a CI job cancelled). */
  | 'terminated'
  /** The user answered "abort" at a question. */
  | 'aborted'
  /** --yes, and a choice the code does not make (which main package, which port): the candidates and the option that settles it. */
  | 'needs-choice'
  /** The tool will not do it, with the reason: dockerize on a library, on cgo, or over a Dockerfile. */
  | 'refused'
  /** A bug in this tool. */
  | 'internal';

/** Exit statuses, documented in --help and the README. */
export const EXIT = {
  ok: 0,
  /** convert: a file was refused as unsafe to convert, or the overwrite was declined. */
  refused: 1,
  usage: 2,
  /** A file could not be read or written (I/O, permissions, links). */
  failed: 3,
  /** 128 + SIGINT, as shells report it. */
  interrupted: 130,
  /** 128 + SIGTERM. */
  terminated: 143,
} as const;

export type ExitStatus = (typeof EXIT)[keyof typeof EXIT];

export class ToolError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ToolError';
  }

  get exitStatus(): ExitStatus {
    if (this.code === 'usage' || this.code === 'no-terminal' || this.code === 'needs-choice')
      return EXIT.usage;
    if (this.code === 'interrupted') return EXIT.interrupted;
    if (this.code === 'terminated') return EXIT.terminated;
    if (this.code === 'aborted' || this.code === 'refused') return EXIT.refused;
    return EXIT.failed;
  }
}

/** What an errno means for the person who ran the tool. */
const SYSTEM_ERRORS: Readonly<Record<string, { code: ErrorCode; text: string }>> = {
  ENOENT: { code: 'not-found', text: 'does not exist' },
  EACCES: { code: 'permission-denied', text: 'permission denied' },
  EPERM: { code: 'permission-denied', text: 'operation not permitted' },
  EROFS: { code: 'read-only', text: 'read-only file system' },
  ENOSPC: { code: 'no-space', text: 'no space left on the device' },
  EDQUOT: { code: 'no-space', text: 'disk quota exceeded' },
  ELOOP: { code: 'symlink-loop', text: 'too many levels of symbolic links (a link loop)' },
  EISDIR: { code: 'not-a-file', text: 'is a directory' },
  ENOTDIR: { code: 'not-a-directory', text: 'a part of the path is not a directory' },
  EEXIST: { code: 'io', text: 'already exists' },
};

export function errnoOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * What an error thrown by node:fs means, as a code and a few words
 * ("permission denied"): for reports that go on after a failure, such as a
 * folder skipped during a walk. An unknown errno keeps the system's message.
 */
export function describeSystemError(error: unknown): { code: ErrorCode; text: string } {
  const errno = errnoOf(error);
  const known = errno === undefined ? undefined : SYSTEM_ERRORS[errno];
  if (known) return known;
  const detail = error instanceof Error ? error.message : String(error);
  return { code: errno === undefined ? 'internal' : 'io', text: detail };
}

/**
 * Turns an error thrown by node:fs into a ToolError whose message names the
 * path and what was being done: "cannot write svc/Dockerfile: no space left on
 * the device". ToolErrors pass through unchanged.
 */
export function toToolError(error: unknown, doing: string, shownPath: string): ToolError {
  if (error instanceof ToolError) return error;
  const { code, text } = describeSystemError(error);
  return new ToolError(code, `cannot ${doing} ${shownPath}: ${text}`);
}

/** Inquirer's error when Ctrl-C closes a prompt. */
export function isPromptInterrupt(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'ExitPromptError' || name === 'AbortPromptError';
}
