/** What a conversion is asked to do: the strategy, and what the build context tells it. */
import type { ReleaseConfigRead } from './builds/release-config.js';
import type { ContextCgo } from './cgo/context-cgo.js';
import type { ProgramKind } from './facts/programs.js';

export type ConvertStrategy = 'scratch' | 'distroless';
export const CONVERT_STRATEGIES: readonly ConvertStrategy[] = ['scratch', 'distroless'];

export interface ConvertOptions {
  strategy: ConvertStrategy;
  /** Module path from the build context's go.mod, used to name binaries built from `.`. */
  modulePath?: string;
  /** What the build context's Go files say about cgo (context-scan.ts); none when not given. */
  contextCgo?: ContextCgo;
  /**
   * Reads a file of the build context by its path relative to the context
   * (undefined when it is not there or cannot be read safely), so the builds
   * a RUN runs through make or a script can be followed. files.ts gives it.
   */
  contextFiles?: (relativePath: string) => string | undefined;
  /**
   * Runtime packages the user says the program does not need (`--drop`):
   * removed instead of refused, and reported as the user's decision.
   */
  drop?: readonly string[];
  /**
   * What a file of the build context is (facts/programs.ts), by its path
   * relative to the context; undefined when it is not there or cannot be read.
   * The program an ENTRYPOINT or CMD starts from the context is checked with it.
   */
  contextProgram?: (relativePath: string) => ProgramKind | undefined;
  /**
   * Reads the build context's GoReleaser config (io/release-config.ts): called
   * only for a file with no Go build whose stage that ships starts a binary
   * copied from the context, which the config says how it is built.
   */
  releaseConfig?: () => ReleaseConfigRead;
}
