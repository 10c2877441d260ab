/**
 * The answers a project is generated from, and the command-line option behind
 * each one. The generator registers its options from this table, the bin
 * prints --help from it, and the questions use the same validators.
 */
import type { OptionSpec } from './cli-options.js';
import { DEFAULT_STRATEGY, resolveStrategyName, STRATEGY_NAMES, type StrategyName } from './strategies.js';
import {
  validateAppName,
  validateGoVersion,
  validateModulePath,
  validatePort,
  validateStrategy,
  type ValidationResult,
} from './validators.js';
import { DEFAULT_PORT, FALLBACK_GO_VERSION } from './versions.js';

export interface ProjectAnswers {
  /** App name: the binary, the image and the directory it is built in. */
  name: string;
  /** Go module path, written to go.mod. */
  module: string;
  strategy: StrategyName;
  port: number;
  /** Go minor (1.26) or patch (1.26.3) version: go.mod's go line and the golang image tag. */
  goVersion: string;
  caCerts: boolean;
  nonRoot: boolean;
  tzdata: boolean;
  healthcheck: boolean;
  /** Keep the classic `-a -installsuffix cgo` flags. */
  classicFlags: boolean;
}

export type TextAnswerKey = 'name' | 'module' | 'strategy' | 'port' | 'goVersion';
export type FeatureKey = 'caCerts' | 'nonRoot' | 'tzdata' | 'healthcheck' | 'classicFlags';

export interface TextOption {
  readonly key: TextAnswerKey;
  readonly flag: string;
  readonly description: string;
  /** How the default is chosen, for --help. */
  readonly defaultHelp: string;
  readonly validate: (value: string) => ValidationResult;
}

export interface FeatureOption {
  readonly key: FeatureKey;
  readonly flag: string;
  readonly description: string;
  readonly default: boolean;
}

export const TEXT_OPTIONS: readonly TextOption[] = [
  {
    key: 'name',
    flag: 'name',
    description: 'app name: the binary and image name (also the first argument)',
    defaultHelp: "the current directory's name",
    validate: validateAppName,
  },
  {
    key: 'module',
    flag: 'module',
    description: 'Go module path for go.mod',
    defaultHelp:
      'from the git remote, else github.com/<git config github.user>/<name>, else example.com/<name>',
    validate: validateModulePath,
  },
  {
    key: 'strategy',
    flag: 'strategy',
    description: `base-image strategy: ${STRATEGY_NAMES.join(', ')} (scratch-multistage: the old name of scratch)`,
    defaultHelp: DEFAULT_STRATEGY,
    validate: validateStrategy,
  },
  {
    key: 'port',
    flag: 'port',
    description: 'port the server listens on ($PORT overrides it at run time)',
    defaultHelp: String(DEFAULT_PORT),
    validate: validatePort,
  },
  {
    key: 'goVersion',
    flag: 'go-version',
    description: "Go version for go.mod's go line and the golang image tag",
    defaultHelp: `the local toolchain's minor version (go env GOVERSION), else ${FALLBACK_GO_VERSION}`,
    validate: validateGoVersion,
  },
];

export const FEATURE_OPTIONS: readonly FeatureOption[] = [
  {
    key: 'caCerts',
    flag: 'ca-certs',
    description: 'copy the CA bundle into scratch images, so outgoing TLS works',
    default: true,
  },
  {
    key: 'nonRoot',
    flag: 'non-root',
    description: 'run as the numeric non-root user 65532:65532',
    default: true,
  },
  {
    key: 'tzdata',
    flag: 'tzdata',
    description: 'embed time zone data (-tags timetzdata, about +450 KB) so time.LoadLocation works',
    default: false,
  },
  {
    key: 'healthcheck',
    flag: 'healthcheck',
    description: "add a HEALTHCHECK that runs the binary's own -health probe (no shell or curl needed)",
    default: true,
  },
  {
    key: 'classicFlags',
    flag: 'classic-flags',
    description:
      'keep the classic "-a -installsuffix cgo" flags; --no-classic-flags drops them: since Go 1.10 ' +
      'CGO_ENABLED=0 alone gives the same static binary, and without -a warm rebuilds reuse the build cache',
    default: true,
  },
];

/** Parses a validated port option or answer. */
export function toPort(value: string | number): number {
  return Number(String(value).trim());
}

/** Options that are not answers. */
export const CONTROL_OPTIONS: ReadonlyArray<{ flag: string; alias?: string; description: string }> = [
  { flag: 'yes', alias: 'y', description: 'take the default for every question not given; never prompt' },
  { flag: 'force', description: 'overwrite changed files without asking' },
  {
    flag: 'ask-answered',
    description: 'ask every question again, offering the answers stored in .yo-rc.json',
  },
];

/** The app's whole command line, as the strict parser and the generator read it. */
export const APP_OPTIONS: readonly OptionSpec[] = [
  ...TEXT_OPTIONS.map((option): OptionSpec => ({
    flag: option.flag,
    type: 'string',
    description: option.description,
    defaultHelp: option.defaultHelp,
  })),
  ...FEATURE_OPTIONS.map((option): OptionSpec => ({
    flag: option.flag,
    type: 'boolean',
    negatable: true,
    description: option.description,
    defaultHelp: option.default ? 'on' : 'off',
  })),
  ...CONTROL_OPTIONS.map((option): OptionSpec => ({
    flag: option.flag,
    type: 'boolean',
    ...(option.alias ? { alias: option.alias } : {}),
    description: option.description,
    defaultHelp: 'off',
  })),
];

export interface ParsedOptions {
  /** Answers given on the command line (or stored), already validated and typed. */
  given: Partial<ProjectAnswers>;
  /** One message per invalid value, naming the option and the rule. */
  errors: string[];
}

/**
 * Reads answer options from a Yeoman options object. Yeoman keeps the flag's
 * own spelling (`go-version`), while some callers pass camelCase (`goVersion`):
 * both are accepted.
 */
export function parseAnswerOptions(raw: Record<string, unknown>, source = 'option'): ParsedOptions {
  const given: Partial<ProjectAnswers> = {};
  const errors: string[] = [];
  const read = (flag: string, key: string): unknown => raw[flag] ?? raw[key];

  for (const option of TEXT_OPTIONS) {
    const value = read(option.flag, option.key);
    if (value === undefined || value === null) continue;
    const text = String(value);
    const verdict = option.validate(text);
    if (verdict !== true) {
      errors.push(`${describeSource(source, option.flag)}: ${verdict} (got ${JSON.stringify(text)})`);
      continue;
    }
    if (option.key === 'port') given.port = toPort(text);
    else if (option.key === 'strategy') given.strategy = resolveStrategyName(text);
    else given[option.key] = text;
  }
  for (const option of FEATURE_OPTIONS) {
    const value = read(option.flag, option.key);
    if (value === undefined || value === null) continue;
    if (typeof value !== 'boolean') {
      errors.push(
        `${describeSource(source, option.flag)}: must be true or false (got ${JSON.stringify(value)})`,
      );
      continue;
    }
    given[option.key] = value;
  }
  return { given, errors };
}

function describeSource(source: string, flag: string): string {
  return source === 'option' ? `--${flag}` : `${source} "${flag}"`;
}
