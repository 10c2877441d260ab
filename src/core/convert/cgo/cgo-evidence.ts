/**
 * Every sign of cgo, from the build context (context-cgo.ts) and from the
 * Dockerfile, sorted by weight. What `needs` holds makes the program need
 * cgo, each one alone: an `import "C"` in a compiled file, a known cgo
 * module, `CGO_ENABLED=1`, a C library installed for the binary to load.
 * What `supporting` holds only goes with cgo when there is some: a C
 * toolchain installed in a builder (many Dockerfiles install build-base or
 * gcc out of habit, or for make) and `-linkmode external` (which a build
 * with CGO_ENABLED=0 cannot do: GMC106 removes it when nothing needs cgo).
 */
import { constraintHolds, CONTAINER_TARGET } from '../../go/build-constraints.js';
import { cgoModuleForImport } from '../../go/cgo-modules.js';
import { substituteVariables } from '../facts/dockerfile-model.js';
import type { Facts, GoCommandFacts } from '../facts/facts.js';
import { CGO_BUILD_PACKAGES, CGO_RUNTIME_PACKAGES, installedPackages } from '../facts/packages.js';
import { commandWords, leadingAssignments } from '../shell/shell-words.js';
import { flagValue, splitGoArgs } from '../builds/go-invocation.js';

export interface CgoSign {
  /** Where and what, in words: `line 3 sets CGO_ENABLED=1`, `db/sqlite.go:5 has import "C"`. */
  readonly message: string;
  /** 1-based line in the Dockerfile, for a sign found there. */
  readonly line?: number;
}

export interface CgoSigns {
  readonly needs: readonly CgoSign[];
  readonly supporting: readonly CgoSign[];
  /** Lines that install only C toolchain packages, with the packages: supporting signs, or warnings when nothing needs cgo. */
  readonly toolchainInstalls: ReadonlyArray<{ readonly line: number; readonly packages: readonly string[] }>;
}

/** `-linkmode external` or `-linkmode=external` in an -ldflags value. */
export const EXTERNAL_LINKMODE = /(^|\s|["'])--?linkmode(=|\s+)["']?external(?![\w-])/;

export function cgoSigns(facts: Facts): CgoSigns {
  const needs: CgoSign[] = facts.contextCgo.uses.map(({ file, line, what, instead }) => ({
    message: `${file}:${line} ${what === 'import "C"' ? 'has import "C"' : what}${instead ? ` (instead: ${instead.join('; or ')})` : ''}`,
  }));
  needs.push(...taggedSigns(facts));
  const supporting: CgoSign[] = [];
  const toolchainInstalls: Array<{ line: number; packages: string[] }> = [];
  for (const instruction of facts.stages.flatMap((stage) => stage.instructions)) {
    const { line } = instruction;
    if (instruction.kind === 'env') {
      const env = new Map(instruction.properties.map(({ name, value }) => [name, value]));
      if (env.get('CGO_ENABLED') === '1') needs.push({ message: `line ${line} sets CGO_ENABLED=1`, line });
    }
    if (instruction.kind !== 'run' || instruction.form.kind !== 'shell') continue;
    for (const command of instruction.form.parse.commands) {
      const words = commandWords(command).map((word) => word.value);
      if (
        leadingAssignments(command).get('CGO_ENABLED') === '1' ||
        (words[0] === 'export' && words.includes('CGO_ENABLED=1'))
      )
        needs.push({ message: `line ${line} builds with CGO_ENABLED=1`, line });
      const installed = installedPackages(words);
      const runtimeLibraries = installed.filter((name) => CGO_RUNTIME_PACKAGES.has(name));
      if (runtimeLibraries.length > 0)
        needs.push({
          message: `line ${line} installs ${runtimeLibraries.join(', ')}, C libraries a cgo binary loads`,
          line,
        });
      const toolchain = installed.filter((name) => CGO_BUILD_PACKAGES.has(name));
      if (toolchain.length > 0) {
        toolchainInstalls.push({ line, packages: toolchain });
        supporting.push({ message: `line ${line} installs ${toolchain.join(', ')} to compile C`, line });
      }
    }
  }
  for (const command of facts.goCommands) {
    // A Makefile or script that sets CGO_ENABLED=1 itself keeps it over the environment the converter adds.
    if (command.site.kind === 'indirect' && command.assignments.get('CGO_ENABLED') === '1') {
      const { line } = command.instruction;
      const { invocation, file, line: at } = command.site;
      needs.push({
        message: `line ${line} runs \`${invocation}\`, whose go ${command.verb} at ${file}:${at} gets CGO_ENABLED=1 from ${file}`,
        line,
      });
    }
    const ldflags = splitGoArgs([...command.args])
      .flags.filter(([flag]) => flag === '-ldflags' || flag === '--ldflags')
      .map(([, value]) => value ?? '');
    if (ldflags.some((value) => EXTERNAL_LINKMODE.test(value))) {
      const { line } = command.instruction;
      supporting.push({ message: `line ${line} links with -linkmode external, which needs cgo`, line });
    }
  }
  return { needs, supporting, toolchainInstalls };
}

/** The tags a go command builds with: its -tags, else the -tags of the GOFLAGS in force; ARG and ENV values substituted. */
export function buildTags(command: GoCommandFacts): Set<string> {
  const { env } = command.instruction.scope;
  const given =
    flagValue(splitGoArgs([...command.args]).flags, '-tags') ??
    /(?:^|\s)--?tags=(\S*)/.exec(
      command.assignments.get('GOFLAGS') ?? command.instruction.scope.env.get('GOFLAGS') ?? '',
    )?.[1] ??
    '';
  return new Set(
    substituteVariables(given, env)
      .split(/[,\s]+/)
      .filter(Boolean),
  );
}

/**
 * Files the context scan left out for a custom build tag (`//go:build
 * sqlite`) that a go command of the file gives (`-tags sqlite`): built with
 * those tags, and with cgo off as the conversion builds, they are compiled.
 */
function taggedSigns(facts: Facts): CgoSign[] {
  const signs = new Map<string, CgoSign>();
  for (const command of facts.goCommands) {
    const tags = buildTags(command);
    if (tags.size === 0) continue;
    const { line } = command.instruction;
    for (const file of facts.contextCgo.tagged) {
      const where = `${file.file}:${file.line}`;
      if (signs.has(where) || constraintHolds(file.constraint, CONTAINER_TARGET)) continue;
      if (!constraintHolds(file.constraint, { ...CONTAINER_TARGET, cgo: false, tags })) continue;
      const known = file.what.startsWith('imports ')
        ? cgoModuleForImport(file.what.slice('imports '.length))
        : undefined;
      const what = file.what === 'import "C"' ? 'has import "C"' : file.what;
      const instead = known ? ` (instead: ${known.alternatives.join('; or ')})` : '';
      signs.set(where, {
        message: `${where} ${what}, built by line ${line}'s -tags ${[...tags].join(',')}${instead}`,
      });
    }
  }
  return [...signs.values()];
}
