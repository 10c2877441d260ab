/**
 * Validators shared by the questions and their command-line options.
 *
 * Each returns `true` or a message that states the rule, so a question can show
 * it inline and an option can fail with it.
 */
import { resolveStrategyName, STRATEGY_NAMES } from './strategies.js';
import { MIN_GO_MINOR } from './versions.js';

export type ValidationResult = true | string;

/** Files the generator writes; the binary must not be named like one of them. */
const RESERVED_APP_NAMES = new Set([
  'main.go',
  'main_test.go',
  'go.mod',
  'go.sum',
  'build.sh',
  'dockerfile',
  'readme.md',
  'rootfs',
  'node_modules',
]);

// A Docker repository path component: the app name doubles as the image name
// in the generated README, and this grammar is also a safe file name.
const APP_NAME_PATTERN = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const APP_NAME_MAX_LENGTH = 64;

export function validateAppName(value: string): ValidationResult {
  if (value.length === 0) return 'the app name must not be empty';
  if (value.length > APP_NAME_MAX_LENGTH) {
    return `the app name must be at most ${APP_NAME_MAX_LENGTH} characters`;
  }
  if (!APP_NAME_PATTERN.test(value)) {
    return (
      'the app name becomes the binary and image name: use lowercase letters and digits, ' +
      'separated by single ".", "_", "__" or dashes (for example "hello-world")'
    );
  }
  if (RESERVED_APP_NAMES.has(value)) {
    return `the app name "${value}" would clash with a generated file`;
  }
  return true;
}

/**
 * Turns a directory name into a valid app name, for the default answer:
 * "My Service" becomes "my-service".
 */
export function sanitizeAppName(raw: string): string {
  const name = raw
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/[._-]*([._-])[._-]*/g, '$1')
    .replace(/^[._-]+|[._-]+$/g, '')
    .slice(0, APP_NAME_MAX_LENGTH)
    .replace(/[._-]+$/, '');
  return validateAppName(name) === true ? name : 'app';
}

const WINDOWS_RESERVED = new Set([
  'con',
  'prn',
  'aux',
  'nul',
  ...Array.from({ length: 9 }, (_, i) => `com${i + 1}`),
  ...Array.from({ length: 9 }, (_, i) => `lpt${i + 1}`),
]);

/**
 * Go's module path rules, as golang.org/x/mod/module.CheckPath applies them:
 * `go mod init` and the go command reject anything this rejects.
 */
export function validateModulePath(path: string): ValidationResult {
  if (path.length === 0) return 'the module path must not be empty';
  if (path.startsWith('/')) return 'the module path must not start with a slash';
  if (path.endsWith('/')) return 'the module path must not end with a slash';
  if (path.startsWith('-')) return 'the module path must not start with a dash';
  if (path.includes('//')) return 'the module path must not contain an empty element ("//")';

  const elements = path.split('/');
  for (const element of elements) {
    const problem = checkModulePathElement(element);
    if (problem !== true) return problem;
  }

  const first = elements[0] ?? '';
  if (!first.includes('.')) {
    return `the first element "${first}" must contain a dot, like a domain (for example "example.com/app")`;
  }
  if (!/^[a-z0-9.-]+$/.test(first)) {
    return `the first element "${first}" may only use lowercase letters, digits, dots and dashes`;
  }
  return checkMajorVersionSuffix(path);
}

function checkModulePathElement(element: string): ValidationResult {
  if (/^\.+$/.test(element)) return `"${element}" is not allowed as a module path element`;
  if (element.startsWith('.')) return `module path element "${element}" must not start with a dot`;
  if (element.endsWith('.')) return `module path element "${element}" must not end with a dot`;
  const bad = /[^A-Za-z0-9._~-]/.exec(element);
  if (bad) {
    return `module path elements may only use ASCII letters, digits and "-._~" (found ${JSON.stringify(bad[0])})`;
  }
  const short = element.split('.')[0] ?? '';
  if (WINDOWS_RESERVED.has(short.toLowerCase())) {
    return `module path element "${element}" is a reserved file name on Windows`;
  }
  if (/~[0-9]+$/.test(short)) {
    return `module path element "${element}" must not end in "~" and digits (a Windows short name)`;
  }
  return true;
}

/** A trailing /vN must be /v2 or higher, without a leading zero; gopkg.in uses .vN instead. */
function checkMajorVersionSuffix(path: string): ValidationResult {
  if (path.startsWith('gopkg.in/')) {
    return /\.v(0|[1-9][0-9]*)(-unstable)?$/.test(path)
      ? true
      : 'gopkg.in module paths must end in a .vN major version';
  }
  const suffix = /\/v([0-9.]+)$/.exec(path);
  if (!suffix) return true;
  const version = suffix[1] ?? '';
  if (version.includes('.') || version.startsWith('0') || version === '1') {
    return `the major version suffix "/v${version}" is invalid: use /v2 or higher, or no suffix`;
  }
  return true;
}

export function validatePort(value: string | number): ValidationResult {
  const text = String(value).trim();
  if (!/^[0-9]+$/.test(text)) return 'the port must be a whole number from 1 to 65535';
  const port = Number(text);
  if (port < 1 || port > 65535) return 'the port must be a whole number from 1 to 65535';
  return true;
}

export function validateGoVersion(value: string): ValidationResult {
  const match = /^1\.(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))?$/.exec(value);
  if (!match) return 'the Go version must look like 1.26 or 1.26.3';
  if (Number(match[1]) < MIN_GO_MINOR) {
    return `the Go version must be 1.${MIN_GO_MINOR} or newer (the generated server uses its ServeMux patterns)`;
  }
  return true;
}

export function validateStrategy(value: string): ValidationResult {
  return resolveStrategyName(value) !== undefined
    ? true
    : `the strategy must be one of: ${STRATEGY_NAMES.join(', ')}`;
}
