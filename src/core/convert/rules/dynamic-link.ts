/**
 * GMC106: flags that make a Go binary dynamically linked are removed when
 * nothing needs cgo (when something does, GMC101 refuses, listing them):
 * `-buildmode=pie` on go build/install, in -ldflags or in GOFLAGS (ENV, ARG
 * or on the command), and `-linkmode external` in -ldflags. Measured with Go
 * 1.26 on linux/amd64: `CGO_ENABLED=0 go build -buildmode=pie` gives a
 * binary with the interpreter /lib64/ld-linux-x86-64.so.2 (arm64 alike), and
 * `CGO_ENABLED=0 go build -ldflags "-linkmode external"` stops with
 * "-linkmode requires external (cgo) linking, but cgo is not enabled".
 * `-extldflags "-static"` stays: the internal linker ignores it.
 */
import { cgoSigns } from '../cgo/cgo-evidence.js';
import { substituteVariables } from '../facts/dockerfile-model.js';
import type { InstructionFacts } from '../facts/facts.js';
import type { GoCommandFacts } from '../facts/facts.js';
import type { MakeRecipe } from '../builds/build-script.js';
import { shellQuote, type ShellWord } from '../shell/shell-words.js';
import { findingsFor, ruleMeta, type FileRule, type FindingsOf } from './types.js';

const meta = ruleMeta({
  code: 'GMC106',
  name: 'DynamicLink',
  severity: ['refusal', 'change'],
  refusals: 'scratch-impossible',
  what: "removes `-buildmode=pie` (flag, `-ldflags` or `GOFLAGS`) and `-linkmode external` (in `-ldflags`) when nothing needs cgo; from a Makefile variable, sets that variable on make's command line without them; refuses them written in a recipe or script, which it does not edit",
  why: 'with CGO_ENABLED=0 a PIE is still dynamically linked on linux/amd64 (it asks for /lib64/ld-linux-x86-64.so.2) and scratch has no loader; `-linkmode external` stops a CGO_ENABLED=0 build',
  example:
    '`go build -buildmode=pie -ldflags "-linkmode external -s" .` → `go build -ldflags "-s" .`; `-extldflags "-static"` is kept',
});

const PIE_WHY =
  'a position-independent executable is dynamically linked even with CGO_ENABLED=0 (on linux/amd64 it asks for ' +
  'the loader /lib64/ld-linux-x86-64.so.2), and scratch has no dynamic loader: it would fail with "no such file or directory"';
const LINKMODE_WHY =
  'external linking needs cgo and a C linker: with CGO_ENABLED=0, go stops with "-linkmode requires external (cgo) ' +
  'linking, but cgo is not enabled"; nothing needs cgo, so Go\'s own linker makes the static binary';

const PIE_FLAG = /^--?buildmode=pie$/;
/** In raw text (an -ldflags or GOFLAGS value as written, quotes included). */
const PIE_IN_TEXT = /(?<=^|[\s"'=])--?buildmode[= ]pie(?![\w-])/g;
const LINKMODE_IN_TEXT = /(?<=^|[\s"'=])--?linkmode(?:=|[ \t]+)external(?![\w-])/g;
/** The same patterns for a test (a global regex keeps its lastIndex between tests). */
const PIE_IN_TEXT_ONCE = new RegExp(PIE_IN_TEXT.source);
const LINKMODE_IN_TEXT_ONCE = new RegExp(LINKMODE_IN_TEXT.source);

export const dynamicLinkRule: FileRule = {
  meta,
  phase: 'file',
  check: (facts) => {
    const findings = findingsFor(meta);
    if (cgoSigns(facts).needs.length > 0) return findings.output();
    const builders = new Set<number>();
    const overridden = new Set<string>();
    for (const command of facts.goCommands) {
      indirectFlags(command, findings, overridden);
      if (command.verb === 'run' || command.site.kind !== 'shell') continue;
      builders.add(command.stageIndex);
      commandFlags(command, findings);
    }
    // GOFLAGS set for the builds: the go command reads -buildmode from it too.
    for (const stage of facts.stages.filter((candidate) => builders.has(candidate.index)))
      for (const instruction of stage.instructions) goflagsInstruction(instruction, findings);
    return findings.output();
  },
};

/**
 * A build in a Makefile or script cannot be edited (the converter writes only
 * the Dockerfile), and a command-line -buildmode wins over any GOFLAGS the
 * converter could set. When a Makefile variable the recipe uses brings the
 * flag (`-ldflags "$(LDFLAGS)"`), that variable is set on make's command
 * line without it, which wins over the Makefile as GMC102's CGO_ENABLED does;
 * a flag the recipe writes itself (or a script's) is refused with where to
 * remove it.
 */
function indirectFlags(
  command: GoCommandFacts,
  findings: FindingsOf<typeof meta>,
  /** `make word offset:variable` already set on that make command line. */
  overridden: Set<string>,
): void {
  // A build behind make or a script is never a go run (build-script.ts), and only such a build is read here.
  if (command.site.kind !== 'indirect') return;
  const args = command.args.join(' ');
  const goflags = command.assignments.get('GOFLAGS') ?? '';
  const flags = [
    ...(PIE_IN_TEXT_ONCE.test(args) || PIE_IN_TEXT_ONCE.test(goflags) ? ['-buildmode=pie'] : []),
    ...(LINKMODE_IN_TEXT_ONCE.test(args) ? ['-linkmode external'] : []),
  ];
  if (flags.length === 0) return;
  const { file, line: at, invocation, recipe } = command.site;
  const overrides =
    command.site.via === 'make' && recipe && !PIE_IN_TEXT_ONCE.test(goflags)
      ? variableOverrides(recipe)
      : undefined;
  if (overrides) {
    const { line } = command.instruction;
    for (const { name, value, removed } of overrides) {
      // One per make command of the RUN (`make a && make b` sets it on both), however many builds each runs.
      const key = `${command.site.textOffset + command.site.envWord.start}:${name}`;
      if (overridden.has(key)) continue;
      overridden.add(key);
      const end = command.site.textOffset + command.site.envWord.end;
      findings.edit(end, end, ` ${name}=${makeValueWord(value)}`);
      findings.change(
        line,
        `set ${name} on \`${invocation}\` without ${removed.join(' and ')}: the go ${command.verb} at ${file}:${at} gets it from $(${name}) (make's command line wins over the Makefile; the file is not edited)`,
        removed.includes('-buildmode=pie') ? PIE_WHY : LINKMODE_WHY,
      );
    }
    return;
  }
  findings.refuse(
    `line ${command.instruction.line} runs \`${invocation}\`, whose go ${command.verb} at ${file}:${at} uses ${flags.join(' and ')}: ` +
      `remove it in ${file}, which the converter does not edit (${flags.includes('-buildmode=pie') ? PIE_WHY : LINKMODE_WHY})`,
    command.instruction.line,
  );
}

/**
 * The Makefile variables to set on make's command line so the recipe no
 * longer gets -buildmode=pie or -linkmode external: each referenced variable
 * that holds one, as the Makefile wrote it with the flag taken out (so
 * `$(VERSION)` is still expanded by make, from the build's own environment).
 * Undefined when that cannot be done: the recipe writes the flag itself, it
 * comes from another variable inside, or the Dockerfile sets the variable.
 */
function variableOverrides(
  recipe: MakeRecipe,
): Array<{ name: string; value: string; removed: string[] }> | undefined {
  if (PIE_IN_TEXT_ONCE.test(recipe.text) || LINKMODE_IN_TEXT_ONCE.test(recipe.text)) return undefined;
  const overrides: Array<{ name: string; value: string; removed: string[] }> = [];
  for (const [name, { value, written }] of recipe.variables) {
    const removed = [
      ...(PIE_IN_TEXT_ONCE.test(value) ? ['-buildmode=pie'] : []),
      ...(LINKMODE_IN_TEXT_ONCE.test(value) ? ['-linkmode external'] : []),
    ];
    if (removed.length === 0) continue;
    // A value set on the RUN's make command line has no `written` (make-run.ts): nothing to write out again.
    if (written === undefined) return undefined;
    const spans = [...spansOf(written, PIE_IN_TEXT), ...spansOf(written, LINKMODE_IN_TEXT)];
    if (spans.length < removed.length) return undefined;
    overrides.push({ name, value: without(written, spans).trim(), removed });
  }
  return overrides.length > 0 ? overrides : undefined;
}

/**
 * A make command-line assignment's value as one shell word, taken literally:
 * shellQuote, but in double quotes with `$` escaped when it holds a make
 * reference, which single quotes would also keep (shellcheck's SC2016 reads
 * that as a mistake).
 */
function makeValueWord(value: string): string {
  if (!value.includes('$')) return shellQuote(value);
  return `"${value.replace(/[\\"$`]/g, (char) => `\\${char}`)}"`;
}

function commandFlags(command: GoCommandFacts, findings: FindingsOf<typeof meta>): void {
  if (command.site.kind !== 'shell') return;
  const { textOffset, argWords } = command.site;
  const { line } = command.instruction;
  const verb = `go ${command.verb}`;
  /** Removes words from..to (inclusive) and the blanks up to the next word, continuations included. */
  const removeWords = (from: number, to: number) => {
    const first = argWords[from] as ShellWord;
    const next = argWords[to + 1];
    findings.edit(
      textOffset + first.start,
      textOffset + (next?.start ?? (argWords[to] as ShellWord).end),
      '',
    );
  };
  // The shell text the word offsets count from: the RUN's arguments, or the script of its `sh -c '...'`.
  const text = command.instruction.text.slice(textOffset - command.instruction.range.start);
  variableFlags(command, findings);
  for (let i = 0; i < argWords.length; i++) {
    const word = argWords[i] as ShellWord;
    // Flag values (`-o /out/app`) and the packages are no flags; go build takes flags before packages only.
    if (!word.value.startsWith('-')) continue;
    if (
      PIE_FLAG.test(word.value) ||
      (/^--?buildmode$/.test(word.value) && argWords[i + 1]?.value === 'pie')
    ) {
      const to = PIE_FLAG.test(word.value) ? i : i + 1;
      removeWords(i, to);
      findings.change(line, `removed -buildmode=pie from ${verb}`, PIE_WHY);
      i = to;
      continue;
    }
    const inline = /^--?ldflags=/.test(word.value);
    const valueWord = inline ? word : /^--?ldflags$/.test(word.value) ? argWords[i + 1] : undefined;
    if (!valueWord) continue;
    const raw = text.slice(valueWord.start, valueWord.end);
    const removals = [
      ...spansOf(raw, PIE_IN_TEXT).map((span) => ({ span, flag: '-buildmode=pie', why: PIE_WHY })),
      ...spansOf(raw, LINKMODE_IN_TEXT).map((span) => ({
        span,
        flag: '-linkmode external',
        why: LINKMODE_WHY,
      })),
    ];
    if (!inline) i++;
    if (removals.length === 0) continue;
    const kept = without(
      raw,
      removals.map(({ span }) => span),
    );
    const emptied = /^(--?ldflags=)?(["']?)\s*\2$/.test(kept);
    if (emptied) removeWords(inline ? i : i - 1, i);
    else findings.edit(textOffset + valueWord.start, textOffset + valueWord.end, kept);
    for (const { flag, why } of removals)
      findings.change(
        line,
        `removed ${flag} from -ldflags${emptied ? ' (and -ldflags, left empty)' : ''}`,
        why,
      );
  }
  for (const assignment of assignmentWords(command))
    if (assignment.value.startsWith('GOFLAGS=')) {
      const raw = text.slice(assignment.start, assignment.end);
      const spans = spansOf(raw, PIE_IN_TEXT);
      if (spans.length === 0) continue;
      findings.edit(textOffset + assignment.start, textOffset + assignment.end, without(raw, spans));
      findings.change(line, 'removed -buildmode=pie from GOFLAGS', PIE_WHY);
    }
}

/**
 * `go build $BUILD_FLAGS` (or `-ldflags "$LDFLAGS"`) whose ARG or ENV value
 * in this Dockerfile brings -buildmode=pie or -linkmode external: refused,
 * as the flag is not in this command's text to remove (a --build-arg may
 * also give another value).
 */
function variableFlags(command: GoCommandFacts, findings: FindingsOf<typeof meta>): void {
  if (command.site.kind !== 'shell') return;
  const { line } = command.instruction;
  for (const word of command.site.argWords) {
    if (!word.value.includes('$')) continue;
    const value = substituteVariables(word.value, command.instruction.scope.env);
    const brings = (pattern: RegExp) => pattern.test(value) && !pattern.test(word.value);
    const flag = brings(PIE_IN_TEXT_ONCE)
      ? '-buildmode=pie'
      : brings(LINKMODE_IN_TEXT_ONCE)
        ? '-linkmode external'
        : undefined;
    if (flag === undefined) continue;
    findings.refuse(
      `line ${line} passes ${word.value} to go ${command.verb}, and its value in this Dockerfile (${value}) holds ${flag}: ` +
        `remove it from the ARG or ENV that sets it, which the converter does not edit (${flag === '-buildmode=pie' ? PIE_WHY : LINKMODE_WHY})`,
      line,
    );
  }
}

/** ENV or ARG GOFLAGS with -buildmode=pie: the flag is taken out of the value as written. */
function goflagsInstruction(instruction: InstructionFacts, findings: FindingsOf<typeof meta>): void {
  if (instruction.keyword !== 'ENV' && instruction.keyword !== 'ARG') return;
  if (!/\bGOFLAGS\b/.test(instruction.text)) return;
  for (const span of spansOf(instruction.text, PIE_IN_TEXT)) {
    findings.edit(instruction.range.start + span.start, instruction.range.start + span.end, '');
    findings.change(
      instruction.line,
      `removed -buildmode=pie from GOFLAGS (${instruction.keyword})`,
      PIE_WHY,
    );
  }
}

interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * Where each match is, with the blanks that go with it: those before it
 * (`-s -w -buildmode=pie`), or after it when it opens a quoted value
 * (`"-linkmode external -s"`). After an `=` (`GOFLAGS=-buildmode=pie`) a
 * value holds no blank: the flag alone goes, and the next word stays apart.
 */
function spansOf(text: string, pattern: RegExp): Span[] {
  return [...text.matchAll(pattern)].map((match) => {
    let start = match.index;
    let end = start + match[0].length;
    if (/[ \t]/.test(text[start - 1] ?? '')) while (/[ \t]/.test(text[start - 1] ?? '')) start--;
    else if (/["']/.test(text[start - 1] ?? '')) while (/[ \t]/.test(text[end] ?? '')) end++;
    return { start, end };
  });
}

/** The text with the spans (in order, not overlapping) taken out. */
function without(text: string, spans: readonly Span[]): string {
  let result = '';
  let at = 0;
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    result += text.slice(at, span.start);
    at = span.end;
  }
  return result + text.slice(at);
}

/** The leading NAME=value words of the go command (and a wrapper's, such as `env`), as its shell command wrote them. */
function assignmentWords(command: GoCommandFacts): readonly ShellWord[] {
  const { site } = command;
  if (site.kind !== 'shell') return [];
  return site.commandWords.slice(0, site.commandWords.indexOf(site.goWord));
}
