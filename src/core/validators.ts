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
 * The first elements of Go's own import paths: the top-level folders of
 * GOROOT/src in Go 1.26 (standard library and cmd), `testdata` aside. A module
 * path that starts with one of them collides with the standard library.
 */
const STANDARD_LIBRARY_ROOTS = new Set([
  'archive',
  'arena',
  'bufio',
  'builtin',
  'bytes',
  'cmd',
  'cmp',
  'compress',
  'container',
  'context',
  'crypto',
  'database',
  'debug',
  'embed',
  'encoding',
  'errors',
  'expvar',
  'flag',
  'fmt',
  'go',
  'hash',
  'html',
  'image',
  'index',
  'internal',
  'io',
  'iter',
  'log',
  'maps',
  'math',
  'mime',
  'net',
  'os',
  'path',
  'plugin',
  'reflect',
  'regexp',
  'runtime',
  'simd',
  'slices',
  'sort',
  'strconv',
  'strings',
  'structs',
  'sync',
  'syscall',
  'testing',
  'text',
  'time',
  'unicode',
  'unique',
  'unsafe',
  'vendor',
  'weak',
]);

/**
 * Whole import paths the go command gives a meaning of its own: the
 * meta-packages (cmd/go/internal/search.IsMetaPackage), `main` (a main package
 * cannot be imported by its own test binary) and cgo's `C`.
 */
const GO_COMMAND_NAMES = new Set(['all', 'std', 'cmd', 'tool', 'work', 'main', 'C']);

/**
 * Go's module path rules as `go mod init` applies them (cmd/go/internal/modload
 * CreateModFile, Go 1.26): module.CheckImportPath, the reserved paths "go" and
 * "toolchain", and module.SplitPathVersion's major version suffix. Unlike
 * module.CheckPath (what `go get` needs), the first element need not contain a
 * dot: `example/hello` and `hello` are fine for a local module, and
 * modulePathNote says what `go get` would need.
 *
 * On top of that it refuses the few paths `go mod init` takes but with which the
 * generated project could not build: a standard-library first element (`go
 * build` fails with "ambiguous import"), the go command's own names, and a
 * first character cmd/go's load.SafeArg refuses ("invalid import path").
 */
export function validateModulePath(path: string): ValidationResult {
  if (path.length === 0) return 'the module path must not be empty';
  const pasted = pastedAddressProblem(path);
  if (pasted !== undefined) return pasted;
  if (path.startsWith('-')) return 'the module path must not start with a dash';
  if (path.startsWith('/')) return 'the module path must not start with a slash';
  if (path.includes('//')) return 'the module path must not contain an empty element ("//")';
  if (path.endsWith('/')) return 'the module path must not end with a slash';

  const elements = path.split('/');
  for (const element of elements) {
    const problem = checkModulePathElement(element);
    if (problem !== true) return problem;
  }
  if (path === 'go' || path === 'toolchain') {
    return `"${path}" is reserved by the go command (it names the Go toolchain)`;
  }
  const suffix = checkMajorVersionSuffix(path);
  if (suffix !== true) return suffix;

  if (GO_COMMAND_NAMES.has(path)) {
    return `"${path}" means something else to the go command: add an element, such as example/${path.toLowerCase()}`;
  }
  const first = elements[0] ?? '';
  if (STANDARD_LIBRARY_ROOTS.has(first)) {
    return (
      `"${first}" is a standard-library name, and go build would find two packages at the same path ` +
      `("ambiguous import"): start with a domain (example.com/${path}) or with example/`
    );
  }
  if (!/^[A-Za-z0-9._]/.test(path)) {
    return 'the module path must start with a letter, a digit, "." or "_" (go build refuses other import paths)';
  }
  return true;
}

function checkModulePathElement(element: string): ValidationResult {
  if (/^\.+$/.test(element)) return `"${element}" is not allowed as a module path element`;
  if (element.endsWith('.')) return `module path element "${element}" must not end with a dot`;
  const bad = /[^A-Za-z0-9._~+-]/.exec(element);
  if (bad) {
    return `module path elements may only use ASCII letters, digits and "-._~+" (found ${JSON.stringify(bad[0])})`;
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

/**
 * "https://github.com/acme/hello.git", "git@github.com:acme/hello.git" and the
 * like become "github.com/acme/hello"; undefined when the text is no such
 * address. The result is not validated.
 */
export function modulePathFromAddress(address: string): string | undefined {
  const url = address.trim();
  let hostAndPath: string | undefined;
  const scpLike = /^[\w.-]+@([^:/]+):(?!\/)(.+)$/.exec(url);
  if (scpLike) {
    hostAndPath = `${scpLike[1]}/${scpLike[2]}`;
  } else {
    try {
      const parsed = new URL(url);
      if (!['https:', 'http:', 'ssh:', 'git:', 'git+ssh:'].includes(parsed.protocol)) return undefined;
      hostAndPath = `${parsed.hostname}${parsed.pathname}`;
    } catch {
      return undefined;
    }
  }
  return hostAndPath
    .replace(/\.git\/?$/, '')
    .replace(/\/+$/, '')
    .replace(/^([^/]+)/, (host) => host.toLowerCase());
}

/** A pasted URL or git address: say what to type instead. */
function pastedAddressProblem(path: string): string | undefined {
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(path);
  const scpLike = /^[\w.-]+@[^:/]+:/.test(path);
  if (!scheme && !scpLike) return undefined;
  const suggestion = modulePathFromAddress(path);
  const what = scheme ? 'a URL' : 'a git address';
  if (suggestion !== undefined && suggestion !== '' && validateModulePath(suggestion) === true) {
    return `this is ${what}, not a module path: type ${suggestion} (no scheme, user or .git)`;
  }
  return `this is ${what}, not a module path: type the host and path without scheme, user or .git (for example github.com/you/hello)`;
}

/**
 * A remark on a valid module path that `go get` could not fetch as it is
 * (module.CheckPath refuses it), or that looks like a repository address
 * rather than a module path; undefined when there is nothing to say.
 */
export function modulePathNote(path: string): string | undefined {
  if (validateModulePath(path) !== true) return undefined;
  const elements = path.split('/');
  const first = elements[0] ?? '';
  const last = elements.length > 1 ? elements[elements.length - 1] : first;
  const local = `${path} is fine for a local module`;
  if (!first.includes('.')) {
    return `${local}; \`go get\` needs a domain in the first element, such as github.com/you/${last}`;
  }
  if (!/^[a-z0-9.-]+$/.test(first)) {
    return `${local}; \`go get\` needs the first element to be a domain in lowercase letters, digits, dots and dashes`;
  }
  if (elements.some((element) => element.startsWith('.'))) {
    return `${local}; \`go get\` refuses an element that starts with a dot`;
  }
  if (path.includes('+')) {
    return `${local}; \`go get\` refuses a "+" in a module path`;
  }
  if (/^(github\.com|gitlab\.com|bitbucket\.org)\/.+\.git$/.test(path)) {
    return `the .git stays part of the module path; if you meant the repository, the module path is ${path.slice(0, -'.git'.length)}`;
  }
  return undefined;
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
