/**
 * Which Go files a build for a container would compile: `//go:build`
 * expressions and `_GOOS`/`_GOARCH` file name suffixes, evaluated the way
 * go/build does for one target.
 */

export interface BuildTarget {
  goos: string;
  goarch: string;
  cgo: boolean;
  /** Tags given with `go build -tags`, if any. */
  tags?: ReadonlySet<string>;
}

/** What an image build compiles for by default (docker build on an amd64 machine). */
export const CONTAINER_TARGET: BuildTarget = { goos: 'linux', goarch: 'amd64', cgo: true };

const KNOWN_OS = new Set(
  'aix android darwin dragonfly freebsd hurd illumos ios js linux nacl netbsd openbsd plan9 solaris wasip1 windows zos'.split(
    ' ',
  ),
);
const KNOWN_ARCH = new Set(
  '386 amd64 amd64p32 arm armbe arm64 arm64be loong64 mips mipsle mips64 mips64le mips64p32 mips64p32le ppc ppc64 ppc64le riscv riscv64 s390 s390x sparc sparc64 wasm'.split(
    ' ',
  ),
);
const UNIX = new Set(
  'aix android darwin dragonfly freebsd hurd illumos ios linux netbsd openbsd solaris'.split(' '),
);

/** Whether one build tag holds for the target. `ignore` and custom tags only do when given with -tags. */
export function tagHolds(tag: string, target: BuildTarget): boolean {
  if (target.tags?.has(tag)) return true;
  if (tag === target.goos || tag === target.goarch) return true;
  if (tag === 'unix') return UNIX.has(target.goos);
  if (tag === 'cgo') return target.cgo;
  if (tag === 'gc') return true;
  // Release tags: every go1.N up to the toolchain's; any toolchain that builds the module has them.
  return /^go1\.\d+$/.test(tag);
}

/**
 * Evaluates a `//go:build` expression (`linux && (amd64 || arm64) && !cgo`).
 * A malformed expression is false: go vet rejects it, and go build would too.
 */
export function constraintHolds(expression: string, target: BuildTarget): boolean {
  const tokens = expression.match(/&&|\|\||[()!]|[\w.]+|\S/g) ?? [];
  let at = 0;
  let malformed = false;
  const peek = () => tokens[at];
  const take = () => tokens[at++];

  function or(): boolean {
    let value = and();
    while (peek() === '||') {
      take();
      value = and() || value;
    }
    return value;
  }
  function and(): boolean {
    let value = not();
    while (peek() === '&&') {
      take();
      value = not() && value;
    }
    return value;
  }
  function not(): boolean {
    if (peek() === '!') {
      take();
      return !not();
    }
    if (peek() === '(') {
      take();
      const value = or();
      if (take() !== ')') malformed = true;
      return value;
    }
    const tag = take();
    if (tag === undefined || !/^[\w.]+$/.test(tag)) {
      malformed = true;
      return false;
    }
    return tagHolds(tag, target);
  }

  const value = or();
  return value && !malformed && at === tokens.length;
}

/** Whether a file name's `_GOOS`, `_GOARCH` or `_GOOS_GOARCH` suffix (if any) matches the target. */
export function fileNameMatches(name: string, target: BuildTarget): boolean {
  const stem = name.replace(/\.go$/, '').replace(/_test$/, '');
  const underscore = stem.indexOf('_');
  // The part before the first underscore never counts: linux.go is not constrained.
  if (underscore < 0) return true;
  const parts = stem.slice(underscore + 1).split('_');
  const last = parts[parts.length - 1] as string;
  const before = parts.length >= 2 ? (parts[parts.length - 2] as string) : undefined;
  if (before !== undefined && KNOWN_OS.has(before) && KNOWN_ARCH.has(last))
    return before === target.goos && last === target.goarch;
  if (KNOWN_OS.has(last)) return last === target.goos || (last === 'linux' && target.goos === 'android');
  if (KNOWN_ARCH.has(last)) return last === target.goarch;
  return true;
}

/** A Go source file the build compiles into its package: not a test, not hidden, suffix and constraint hold. */
export function isBuiltFile(name: string, constraint: string | undefined, target: BuildTarget): boolean {
  if (!name.endsWith('.go') || name.endsWith('_test.go')) return false;
  if (name.startsWith('_') || name.startsWith('.')) return false;
  if (!fileNameMatches(name, target)) return false;
  return constraint === undefined || constraintHolds(constraint, target);
}
