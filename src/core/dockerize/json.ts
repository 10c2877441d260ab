/**
 * `dockerize --json`: one document on stdout whatever happens, like
 * convert's. It holds what was learnt up to the end or the failure: the
 * module, every main package with its port and cgo evidence, the chosen main
 * and port with the evidence, every warning with its code, the files written
 * (or kept, or left identical), and the error with its code and exit status.
 */
import type { ToolError } from '../errors.js';
import type { DockerizeDecision, DockerizeWarning } from './decide.js';
import type { ModuleHeader, ModuleInspection } from './inspect.js';
import type { MainCandidate } from './mains.js';
import type { PortEvidence } from './port.js';

export type FileAction = 'create' | 'overwrite' | 'merge' | 'identical' | 'keep' | 'skip';

export interface DockerizeJson {
  status: 'written' | 'unchanged' | 'error';
  module?: {
    kind: ModuleHeader['kind'];
    path: string | undefined;
    go: string | undefined;
    builderImage: string | undefined;
    mainsFoundBy?: ModuleInspection['via'];
  };
  mains?: Array<{
    dir: string;
    importPath: string;
    listens: boolean;
    port: number | null;
    portVerdict: string;
    portCandidates: number[];
    cgo: string[];
    aside: boolean;
    reasons: string[];
  }>;
  main?: { dir: string; importPath: string; chosenBy: string };
  port?: {
    port: number | null;
    chosenBy: string;
    evidence: Array<Pick<PortEvidence, 'kind' | 'port' | 'file' | 'line' | 'text'> & { host?: string }>;
    readsPortEnv: boolean;
    setsPortEnv: boolean;
  };
  copies?: Array<{ from: string; to: string }>;
  args?: string[];
  warnings: DockerizeWarning[];
  files: Array<{ path: string; action: FileAction }>;
  code?: string;
  error?: string;
  exitStatus?: number;
}

export interface DockerizeState {
  header?: ModuleHeader;
  inspection?: ModuleInspection;
  candidates?: readonly MainCandidate[];
  decision?: DockerizeDecision;
  files: Array<{ path: string; action: FileAction }>;
}

function candidateJson(candidate: MainCandidate): NonNullable<DockerizeJson['mains']>[number] {
  const { port, cgo } = candidate.found;
  return {
    dir: candidate.main.dir,
    importPath: candidate.main.importPath,
    listens: port.verdict !== 'no-listener',
    port: port.port ?? null,
    portVerdict: port.verdict,
    portCandidates: port.candidates,
    cgo: cgo.uses.map((use) => `${use.what} (${use.at.file}:${use.at.line})`),
    aside: candidate.aside,
    reasons: candidate.reasons,
  };
}

export function dockerizeJson(state: DockerizeState, error?: ToolError): DockerizeJson {
  const header = state.inspection ?? state.header;
  const decision = state.decision;
  const candidates = decision?.candidates ?? state.candidates;
  const written = state.files.some((file) => ['create', 'overwrite', 'merge'].includes(file.action));
  return {
    status: error ? 'error' : written ? 'written' : 'unchanged',
    ...(header
      ? {
          module: {
            kind: header.kind,
            path: header.module,
            go: header.go,
            builderImage: header.builderImage,
            ...(state.inspection ? { mainsFoundBy: state.inspection.via } : {}),
          },
        }
      : {}),
    ...(candidates ? { mains: candidates.map(candidateJson) } : {}),
    ...(decision
      ? {
          main: {
            dir: decision.main.dir,
            importPath: decision.main.importPath,
            chosenBy: decision.mainChosenBy,
          },
          port: {
            port: decision.port ?? null,
            chosenBy: decision.portChosenBy,
            evidence: decision.found.port.evidence.map((hint) => ({
              kind: hint.kind,
              port: hint.port,
              ...(hint.host === undefined ? {} : { host: hint.host }),
              file: hint.file,
              line: hint.line,
              text: hint.text,
            })),
            readsPortEnv: decision.found.port.portEnv !== undefined,
            setsPortEnv: decision.setPortEnv,
          },
          copies: [
            ...decision.copyDirs.map((dir) => ({ from: `${dir}/`, to: `/app/${dir}/` })),
            ...decision.copies.map((copy) => ({
              from: `${copy.from}${copy.directory ? '/' : ''}`,
              to: `/app/${copy.to}${copy.directory ? '/' : ''}`,
            })),
          ],
          args: decision.args,
        }
      : {}),
    warnings: decision?.warnings ?? [],
    files: state.files,
    ...(error ? { code: error.code, error: error.message, exitStatus: error.exitStatus } : {}),
  };
}
