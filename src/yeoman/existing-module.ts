/**
 * The app generator run in a folder that already holds someone's Go module:
 * scaffolding there would replace go.mod and the Go files, so it offers to
 * add container files to the module instead (dockerize), and otherwise
 * writes nothing.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ToolError } from '../core/errors.js';
import type { ProjectAnswers } from '../core/options.js';

/** What yo loads for go-microcontainer:dockerize, from dist/app/. */
export const DOCKERIZE_GENERATOR = fileURLToPath(
  new URL('../../generators/dockerize/index.js', import.meta.url),
);

export interface OfferHost {
  prompt<A extends Record<string, unknown>>(questions: unknown): Promise<A>;
}

/**
 * Decides between dockerizing and stopping: a Dockerfile there points to
 * convert; in a terminal the person is asked; with --yes or without a
 * terminal the module is dockerized. Returns the options for dockerize, or
 * throws a refusal that says why nothing was written.
 */
export async function offerDockerize(
  host: OfferHost,
  dir: string,
  settings: { canAsk: boolean; yes: boolean; force: boolean; given: Partial<ProjectAnswers> },
): Promise<Record<string, string | boolean>> {
  const keep = 'A new project here would replace go.mod and your Go files, so nothing was written.';
  if (existsSync(path.join(dir, 'Dockerfile')))
    throw new ToolError(
      'refused',
      `this folder is a Go module with a Dockerfile: go-microcontainer convert rewrites that Dockerfile so the image ships FROM scratch. ${keep}`,
    );
  process.stdout.write('This folder is a Go module (it has go.mod) without a Dockerfile.\n');
  if (settings.canAsk && !settings.yes) {
    const { dockerize } = await host.prompt<{ dockerize: boolean }>({
      type: 'confirm',
      name: 'dockerize',
      message:
        'Add container files to it (Dockerfile, build.sh, .dockerignore), touching no Go file or go.mod?',
      default: true,
    });
    if (!dockerize)
      throw new ToolError(
        'refused',
        `${keep} Run go-microcontainer in an empty folder to start a new service.`,
      );
  }
  const { name, port, strategy } = settings.given;
  return {
    ...(settings.yes || !settings.canAsk ? { yes: true } : {}),
    ...(settings.force ? { force: true } : {}),
    ...(name === undefined ? {} : { name }),
    ...(port === undefined ? {} : { port: String(port) }),
    ...(strategy === undefined ? {} : { strategy }),
  };
}
