/**
 * The questions, one small askForX function each. Every function returns early
 * when the answer is already known (from an option or .yo-rc.json), and uses
 * the same validator as the option, so a question and its option accept exactly
 * the same values.
 */
import { defaultModulePath, type Surroundings } from '../defaults.js';
import {
  FEATURE_OPTIONS,
  TEXT_OPTIONS,
  toPort,
  type ProjectAnswers,
  type TextAnswerKey,
} from '../options.js';
import { allStrategies, type StrategyName } from '../strategies.js';

/** What asks the questions: a Yeoman generator, or the bin's terminal prompter. */
export interface Prompter {
  prompt<A extends Record<string, unknown>>(questions: unknown): Promise<A>;
}

function validatorFor(key: TextAnswerKey): (value: string) => true | string {
  const option = TEXT_OPTIONS.find((candidate) => candidate.key === key);
  if (!option) throw new Error(`no option for ${key}`);
  return option.validate;
}

export async function askForName(prompter: Prompter, known: Partial<ProjectAnswers>, fallback: string) {
  if (known.name !== undefined) return;
  const { name } = await prompter.prompt<{ name: string }>({
    type: 'input',
    name: 'name',
    message: 'App name (the binary and image name):',
    default: fallback,
    validate: validatorFor('name'),
  });
  known.name = name;
}

export async function askForModule(
  prompter: Prompter,
  known: Partial<ProjectAnswers>,
  surroundings: Surroundings,
  fallback?: string,
) {
  if (known.module !== undefined) return;
  const { module } = await prompter.prompt<{ module: string }>({
    type: 'input',
    name: 'module',
    message: 'Go module path:',
    default: fallback ?? defaultModulePath(known.name ?? 'app', surroundings),
    validate: validatorFor('module'),
  });
  known.module = module;
}

export async function askForStrategy(
  prompter: Prompter,
  known: Partial<ProjectAnswers>,
  fallback: StrategyName,
) {
  if (known.strategy !== undefined) return;
  const { strategy } = await prompter.prompt<{ strategy: StrategyName }>({
    type: 'select',
    name: 'strategy',
    message: 'Base-image strategy:',
    default: fallback,
    choices: allStrategies().map((s) => ({
      name: `${s.name.padEnd(18)} ${s.typicalImageSize.padStart(8)}  ${s.summary}`,
      value: s.name,
      short: s.name,
    })),
  });
  known.strategy = strategy;
}

export async function askForPort(prompter: Prompter, known: Partial<ProjectAnswers>, fallback: number) {
  if (known.port !== undefined) return;
  const { port } = await prompter.prompt<{ port: string }>({
    type: 'input',
    name: 'port',
    message: 'Port:',
    default: String(fallback),
    validate: validatorFor('port'),
  });
  known.port = toPort(port);
}

export async function askForGoVersion(prompter: Prompter, known: Partial<ProjectAnswers>, fallback: string) {
  if (known.goVersion !== undefined) return;
  const { goVersion } = await prompter.prompt<{ goVersion: string }>({
    type: 'input',
    name: 'goVersion',
    message: 'Go version:',
    default: fallback,
    validate: validatorFor('goVersion'),
  });
  known.goVersion = goVersion;
}

/**
 * One checkbox for the image features that no option or stored answer
 * settled; `fallbacks` (stored answers, under --ask-answered) pre-check them.
 */
export async function askForFeatures(
  prompter: Prompter,
  known: Partial<ProjectAnswers>,
  fallbacks: Partial<ProjectAnswers> = {},
) {
  const open = FEATURE_OPTIONS.filter((option) => known[option.key] === undefined);
  if (open.length === 0) return;
  const { features } = await prompter.prompt<{ features: string[] }>({
    type: 'checkbox',
    name: 'features',
    message: 'Image features:',
    choices: open.map((option) => ({
      name: `--${option.flag}: ${option.description}`,
      value: option.key,
      checked: fallbacks[option.key] ?? option.default,
    })),
  });
  for (const option of open) known[option.key] = features.includes(option.key);
}

/** Questions still open for `known`, named by their options, for the no-TTY error. */
export function unansweredOptions(known: Partial<ProjectAnswers>): string[] {
  return [...TEXT_OPTIONS, ...FEATURE_OPTIONS]
    .filter((option) => known[option.key] === undefined)
    .map((option) => `--${option.flag}`);
}
