/**
 * The base-image strategies, as data: one object per strategy.
 *
 * Everything that differs between strategies lives here, so templates ask
 * questions of a strategy ("does it build in a builder stage?", "is the runtime
 * scratch?") instead of switching on its name.
 */
import { ALPINE_VERSION, DISTROLESS_STATIC_IMAGE } from './versions.js';

export const STRATEGY_NAMES = [
  'scratch',
  'scratch-host',
  'distroless',
  'alpine',
  'golang-alpine',
  'golang',
] as const;

export type StrategyName = (typeof STRATEGY_NAMES)[number];

/**
 * Names that earlier versions used, and the strategy each means now. Options
 * and .yo-rc.json accept them; what is stored afterwards is the new name.
 * (`scratch` itself was the host-build recipe before it became the builder
 * stage one; that is `scratch-host` now.)
 */
export const STRATEGY_ALIASES: Readonly<Record<string, StrategyName>> = {
  'scratch-multistage': 'scratch',
};

/**
 * Where the Go binary is compiled:
 * - `host`: by build.sh on the developer's machine; the Dockerfile only packages it.
 * - `builder-stage`: in a golang builder stage, then copied into a separate runtime stage.
 * - `single-stage`: in the same image that ships, toolchain included.
 */
export type BuildShape = 'host' | 'builder-stage' | 'single-stage';

export interface Strategy {
  readonly name: StrategyName;
  /** One line for the question and the README. */
  readonly summary: string;
  /** Typical image size of the hello-world service, shown next to the choice. */
  readonly typicalImageSize: string;
  readonly buildShape: BuildShape;
  /** Flavour of the official golang image used to compile (builder or single stage). */
  readonly goImageFlavour: 'alpine' | 'debian';
  /**
   * The image the binary ships in, when it is not scratch. Overridable at build
   * time through the RUNTIME_IMAGE build arg.
   */
  readonly runtimeImage?: string;
  /**
   * True when the shipped image is `FROM scratch`: it then has no CA bundle, no
   * /tmp and no passwd file unless we put them there.
   */
  readonly shipsScratch: boolean;
  /** True when the shipped image has a shell (useful for debugging, larger attack surface). */
  readonly hasShell: boolean;
}

const strategies: Record<StrategyName, Strategy> = {
  scratch: {
    name: 'scratch',
    summary:
      'compiles in a golang alpine builder stage, ships FROM scratch; builds anywhere with only Docker',
    typicalImageSize: '~7 MB',
    buildShape: 'builder-stage',
    goImageFlavour: 'alpine',
    shipsScratch: true,
    hasShell: false,
  },
  'scratch-host': {
    name: 'scratch-host',
    summary: 'classic recipe: build.sh compiles on the host, the image is FROM scratch plus the binary',
    typicalImageSize: '~7 MB',
    buildShape: 'host',
    goImageFlavour: 'alpine',
    shipsScratch: true,
    hasShell: false,
  },
  distroless: {
    name: 'distroless',
    summary: 'compiles in a builder stage, ships distroless static (nonroot)',
    typicalImageSize: '~9 MB',
    buildShape: 'builder-stage',
    goImageFlavour: 'alpine',
    runtimeImage: DISTROLESS_STATIC_IMAGE,
    shipsScratch: false,
    hasShell: false,
  },
  alpine: {
    name: 'alpine',
    summary: `compiles in a builder stage, ships alpine:${ALPINE_VERSION} (has a shell)`,
    typicalImageSize: '~15 MB',
    buildShape: 'builder-stage',
    goImageFlavour: 'alpine',
    runtimeImage: `alpine:${ALPINE_VERSION}`,
    shipsScratch: false,
    hasShell: true,
  },
  'golang-alpine': {
    name: 'golang-alpine',
    summary: 'single stage on golang alpine, toolchain included (the starting point, for comparison)',
    typicalImageSize: '~250 MB',
    buildShape: 'single-stage',
    goImageFlavour: 'alpine',
    shipsScratch: false,
    hasShell: true,
  },
  golang: {
    name: 'golang',
    summary: 'single stage on golang (Debian), toolchain included (for comparison)',
    typicalImageSize: '~700 MB',
    buildShape: 'single-stage',
    goImageFlavour: 'debian',
    shipsScratch: false,
    hasShell: true,
  },
};

export const DEFAULT_STRATEGY: StrategyName = 'scratch';

export function isStrategyName(value: string): value is StrategyName {
  return (STRATEGY_NAMES as readonly string[]).includes(value);
}

/** The strategy a name or an old alias means, or undefined for neither. */
export function resolveStrategyName(value: string): StrategyName | undefined {
  if (isStrategyName(value)) return value;
  return Object.hasOwn(STRATEGY_ALIASES, value) ? STRATEGY_ALIASES[value] : undefined;
}

export function getStrategy(name: StrategyName): Strategy {
  return strategies[name];
}

export function allStrategies(): Strategy[] {
  return STRATEGY_NAMES.map((name) => strategies[name]);
}

/** The official golang image tag for a Go version and flavour, e.g. `golang:1.26-alpine`. */
export function goImageFor(goVersion: string, flavour: Strategy['goImageFlavour']): string {
  return flavour === 'alpine' ? `golang:${goVersion}-alpine` : `golang:${goVersion}`;
}
