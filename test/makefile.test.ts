/** The Makefile reader (src/core/convert/makefile.ts): which go builds `make <target>` runs. */
import { describe, expect, it } from '@jest/globals';
import { shownWord, unknownParts } from '../src/core/convert/builds/build-script.js';
import { followMake, type MakeRun } from '../src/core/convert/builds/make-run.js';
import { expandMake, parseMakefile } from '../src/core/convert/builds/makefile.js';

function run(text: string, overrides: Partial<MakeRun> = {}, unset: ReadonlySet<string> = new Set()) {
  const makeRun: MakeRun = {
    file: 'Makefile',
    goals: [],
    overrides: new Map(),
    env: new Map(),
    cwd: '/src',
    ...overrides,
  };
  return followMake(
    parseMakefile(text, 'Makefile', undefined, { env: makeRun.env, overrides: makeRun.overrides, unset }),
    makeRun,
  );
}

function builds(text: string, overrides: Partial<MakeRun> = {}, unset?: ReadonlySet<string>) {
  const result = run(text, overrides, unset);
  if (!result.ok) throw new Error(result.reason);
  return result.builds.map((build) => ({
    line: build.line,
    verb: build.verb,
    args: build.args.map(shownWord),
    cwd: build.cwd,
  }));
}

describe('parseMakefile', () => {
  it('takes the first target that does not start with a dot as the default goal', () => {
    const makefile = parseMakefile('.PHONY: all\nVAR = 1\nall: build\nbuild:\n\tgo build .\n');
    expect(makefile.defaultGoal).toBe('all');
    expect(makefile.rules.get('all')?.prerequisites).toEqual(['build']);
    expect(makefile.rules.get('build')?.recipe).toEqual([{ text: 'go build .', line: 5, file: 'Makefile' }]);
  });

  it('reads an inline recipe after a semicolon and drops order-only bars and target variables', () => {
    const makefile = parseMakefile('app: main.go | bin CGO=0 ; go build -o app\n');
    expect(makefile.rules.get('app')).toEqual({
      prerequisites: ['main.go', 'bin'],
      recipe: [{ text: 'go build -o app', line: 1, file: 'Makefile' }],
    });
  });
});

describe('expandMake', () => {
  const variables = parseMakefile(
    'GO ?= go\nGO ?= gccgo\nNAME := app\nOUT = bin/$(NAME)\nNAME := other\nFLAGS := -s\nFLAGS += -w\nREV != git rev-parse HEAD\n',
  ).variables;

  it('expands $(VAR) and ${VAR}, recursive ones at use and simple ones at once; ?= keeps the first', () => {
    expect(expandMake('$(GO) build -o ${OUT}', variables)).toBe('go build -o bin/other');
    expect(expandMake('$(FLAGS)', variables)).toBe('-s -w');
    expect(expandMake('a$$b $(UNSET)c', variables)).toBe('a$b c');
  });

  it('keeps $(shell ...), other functions and != as unknown parts, with their text', () => {
    expect(unknownParts(expandMake('v$(shell git describe --tags)', variables))).toEqual([
      '$(shell git describe --tags)',
    ]);
    expect(unknownParts(expandMake('$(REV)', variables))).toEqual(['$(shell git rev-parse HEAD)']);
    // wildcard reads the build machine's files: unknown here.
    expect(unknownParts(expandMake('$(wildcard cmd/*)', variables))).toEqual(['$(wildcard cmd/*)']);
  });
});

describe('expandMake: text functions', () => {
  const variables = parseMakefile(
    [
      'GOOS := linux',
      'STATIC := 1',
      'CMDS := cmd/api cmd/worker tools/gen',
      'SRC := main.go util.go',
      'VERSION != git describe --tags',
      '',
    ].join('\n'),
  ).variables;
  const expand = (text: string) => expandMake(text, variables);

  it('computes $(if ...), $(or ...) and $(and ...) as make does, only the branch taken', () => {
    expect(expand('bin/app$(if $(filter windows,$(GOOS)),.exe,)')).toBe('bin/app');
    expect(expand('$(if $(STATIC),-tags netgo)')).toBe('-tags netgo');
    expect(expand('$(if $(UNSET),yes,no)')).toBe('no');
    // The branch not taken may hold what is not known.
    expect(expand('$(if $(STATIC),static,$(VERSION))')).toBe('static');
    expect(unknownParts(expand('$(if $(VERSION),a,b)'))).toEqual(['$(if $(VERSION),a,b)']);
    expect(expand('$(or $(UNSET),$(GOOS),x)')).toBe('linux');
    expect(expand('$(and $(STATIC),$(GOOS))')).toBe('linux');
    expect(expand('$(and $(STATIC),$(UNSET),x)')).toBe('');
  });

  it('computes filter, filter-out, patsubst, subst and findstring', () => {
    expect(expand('$(filter cmd/%,$(CMDS))')).toBe('cmd/api cmd/worker');
    expect(expand('$(filter-out tools/%,$(CMDS))')).toBe('cmd/api cmd/worker');
    expect(expand('$(patsubst cmd/%,bin/%,$(CMDS))')).toBe('bin/api bin/worker tools/gen');
    // A substitution reference is not followed.
    expect(unknownParts(expand('$(SRC:.go=.o)'))).toEqual(['$(SRC:.go=.o)']);
    expect(expand('$(subst /,-,$(CMDS))')).toBe('cmd-api cmd-worker tools-gen');
    expect(expand('$(findstring linux,$(GOOS))')).toBe('linux');
  });

  it('computes the file name functions and the word functions', () => {
    expect(expand('$(notdir $(CMDS))')).toBe('api worker gen');
    expect(expand('$(dir cmd/api main.go)')).toBe('cmd/ ./');
    expect(expand('$(basename $(SRC))')).toBe('main util');
    expect(expand('$(suffix $(SRC) Makefile)')).toBe('.go .go');
    expect(expand('$(addprefix bin/,$(notdir $(CMDS)))')).toBe('bin/api bin/worker bin/gen');
    expect(expand('$(addsuffix .exe,a b)')).toBe('a.exe b.exe');
    expect(expand('$(firstword $(CMDS)) $(lastword $(CMDS)) $(words $(CMDS)) $(word 2,$(CMDS))')).toBe(
      'cmd/api tools/gen 3 cmd/worker',
    );
    expect(expand('$(sort b a b)')).toBe('a b');
  });

  it('keeps a function unknown when an argument it needs is unknown', () => {
    expect(unknownParts(expand('$(notdir $(VERSION))'))).toEqual(['$(notdir $(VERSION))']);
  });
});

describe('expandMake: $(shell go env ...)', () => {
  const expand = (makefile: string, text: string) => expandMake(text, parseMakefile(makefile).variables);

  it('knows GOOS, linux, for the build runs on linux; GOOS or GOARCH as the shell it runs in is given them', () => {
    expect(expand('', 'bin/$(shell go env GOOS)/app')).toBe('bin/linux/app');
    expect(expand('export GOARCH := arm64\n', 'bin/$(shell go env GOOS)-$(shell  go env GOARCH )/app')).toBe(
      'bin/linux-arm64/app',
    );
    expect(expand('OS := $(shell go env GOOS)\n', 'dist/$(OS)')).toBe('dist/linux');
  });

  it('reads `GOOS ?= $(shell go env GOOS)` as the default it is, not as a value given to go env', () => {
    expect(expand('GOOS ?= $(shell go env GOOS)\n', 'pkg/$(GOOS)/app')).toBe('pkg/linux/app');
    expect(unknownParts(expand('GOARCH ?= $(shell go env GOARCH)\n', 'pkg/$(GOARCH)/app'))).toEqual([
      '$(shell go env GOARCH)',
    ]);
  });

  it('does not give go env a variable the Makefile does not export: its shell does not see it', () => {
    expect(unknownParts(expand('GOARCH := arm64\n', 'bin/$(shell go env GOARCH)/app'))).toEqual([
      '$(shell go env GOARCH)',
    ]);
  });

  it('does not guess GOARCH: the builder is the build machine, not known here', () => {
    expect(unknownParts(expand('', 'bin/$(shell go env GOARCH)/app'))).toEqual(['$(shell go env GOARCH)']);
    expect(unknownParts(expand('', '$(shell go env GOPATH)'))).toEqual(['$(shell go env GOPATH)']);
  });
});

describe('followMake', () => {
  const makefile = [
    'GO ?= go',
    'BIN := bin/server',
    '',
    'all: build',
    '',
    'build: deps',
    '\t@echo building',
    '\t@$(GO) build -o $(BIN) ./cmd/server',
    '\t-CGO_ENABLED=0 go install ./cmd/tool',
    '',
    'deps:',
    '\tgo mod download',
    '',
    'release:',
    '\tcd dist && $(MAKE) build',
    '',
  ].join('\n');

  it('follows the default goal through its prerequisites, with @ and - prefixes', () => {
    expect(builds(makefile)).toEqual([
      { line: 8, verb: 'build', args: ['-o', 'bin/server', './cmd/server'], cwd: '/src' },
      { line: 9, verb: 'install', args: ['./cmd/tool'], cwd: '/src' },
    ]);
  });

  it('lets command-line variables win, and follows $(MAKE) target in a recipe', () => {
    expect(builds(makefile, { goals: ['release'], overrides: new Map([['BIN', '/out/s']]) })).toEqual([
      { line: 8, verb: 'build', args: ['-o', '/out/s', './cmd/server'], cwd: '/src' },
      { line: 9, verb: 'install', args: ['./cmd/tool'], cwd: '/src' },
    ]);
  });

  it('lets the environment win over ?= only', () => {
    const text = 'GO ?= go\nOUT = bin\nx:\n\t$(GO) build -o $(OUT)/x .\n';
    const env = new Map([
      ['GO', '/usr/local/go/bin/go'],
      ['OUT', '/ignored'],
    ]);
    expect(builds(text, { env })).toEqual([
      { line: 4, verb: 'build', args: ['-o', 'bin/x', '.'], cwd: '/src' },
    ]);
  });

  it("applies a cd within a recipe line, and the line's own assignments", () => {
    const result = run('b:\n\tcd cmd/api && GOOS=linux go build -o ../../bin/api .\n');
    expect(result.ok && result.builds[0]?.cwd).toBe('/src/cmd/api');
    expect(result.ok && [...(result.builds[0]?.assignments ?? [])]).toEqual([['GOOS', 'linux']]);
  });

  it('gives a go build the exported variables, and a CGO_ENABLED the Makefile sets even unexported', () => {
    const exported = run('export GOOS := linux\nCGO_ENABLED = 1\nGOARCH = arm64\nb:\n\tgo build .\n');
    expect(exported.ok && Object.fromEntries(exported.builds[0]?.assignments ?? [])).toEqual({
      GOOS: 'linux',
      CGO_ENABLED: '1',
    });
    const off = run('CGO_ENABLED := 0\nb:\n\tgo build .\n');
    // Unexported and 0: the go command does not see it, so the converter still sets it.
    expect(off.ok && [...(off.builds[0]?.assignments ?? [])]).toEqual([]);
  });

  it('says which target is missing, and when there is no target at all', () => {
    expect(run(makefile, { goals: ['nope'] })).toEqual({ ok: false, reason: 'Makefile has no target nope' });
    expect(run('X = 1\n')).toEqual({ ok: false, reason: 'Makefile has no target' });
  });

  it('reads the files an include names, and says where their recipes are', () => {
    const files: Record<string, string> = {
      'build/common.mk': 'BIN := bin/app\nbuild:\n\tgo build -o $(BIN) .\n',
    };
    const include = (name: string) => {
      const text = files[name];
      return text === undefined ? undefined : { file: name, text };
    };
    const makefile = parseMakefile('include build/common.mk\n-include .env\n', 'Makefile', include);
    expect(makefile.unreadIncludes).toEqual([]);
    const result = followMake(makefile, {
      file: 'Makefile',
      goals: ['build'],
      overrides: new Map(),
      env: new Map(),
      cwd: '/src',
    });
    expect(result.ok && result.builds.map((build) => [build.file, build.line, build.args])).toEqual([
      ['build/common.mk', 3, ['-o', 'bin/app', '.']],
    ]);
  });

  it('makes a variable defined nowhere unknown when an include could not be read', () => {
    const text = 'include config.mk\nbuild:\n\tgo build -o $(BIN) .\n';
    const result = run(text, { goals: ['build'] });
    expect(result.ok && result.builds.map((build) => build.args.map(shownWord))).toEqual([
      ['-o', '$(BIN)', '.'],
    ]);
    expect(result.ok && unknownParts(result.builds[0]?.args[1] ?? '')).toEqual(['$(BIN)']);
    expect(run(text, { goals: ['release'] })).toEqual({
      ok: false,
      reason: 'Makefile has no target release (it includes config.mk, which could not be read)',
    });
  });

  it('finds nothing in a target that builds no Go', () => {
    expect(builds('gen:\n\tprotoc --go_out=. api.proto\n')).toEqual([]);
  });
});

describe('parseMakefile: conditionals', () => {
  // The FIPS pattern: external linking only when the build asks for it.
  const FIPS = [
    'LDFLAGS := -s -w',
    'ifeq ($(FIPS), true)',
    'LDFLAGS += -linkmode external',
    'endif',
    'build:',
    '\tgo build -ldflags "$(LDFLAGS)" -o bin/app .',
    '',
  ].join('\n');

  it('takes the branch make takes: ifeq on a variable that is not set is false', () => {
    expect(builds(FIPS).map((build) => build.args)).toEqual([['-ldflags', '-s -w', '-o', 'bin/app', '.']]);
  });

  it('tests the environment and the command line, which win as they do for a recipe', () => {
    const external = [['-ldflags', '-s -w -linkmode external', '-o', 'bin/app', '.']];
    expect(builds(FIPS, { env: new Map([['FIPS', 'true']]) }).map((build) => build.args)).toEqual(external);
    expect(builds(FIPS, { overrides: new Map([['FIPS', 'true']]) }).map((build) => build.args)).toEqual(
      external,
    );
    expect(builds(FIPS, { env: new Map([['FIPS', 'false']]) }).map((build) => build.args)).toEqual([
      ['-ldflags', '-s -w', '-o', 'bin/app', '.'],
    ]);
  });

  it('reads every branch of a test on a build arg with no default (given at build time): the later assignment wins', () => {
    expect(builds(FIPS, {}, new Set(['FIPS'])).map((build) => build.args)).toEqual([
      ['-ldflags', '-s -w -linkmode external', '-o', 'bin/app', '.'],
    ]);
  });

  it('evaluates ifdef, ifndef, ifneq, quoted sides, else and else if chains, nested', () => {
    const text = [
      'VERSION = 1.0',
      'ifdef VERSION',
      'A := defined',
      'else',
      'A := undefined',
      'endif',
      'ifndef NOPE',
      'B := not-defined',
      'endif',
      'ifneq "$(VERSION)" "2.0"',
      'C := not-two',
      'endif',
      "ifeq '$(OS)' 'darwin'",
      'D := mac',
      'else ifeq ($(OS),linux)',
      'D := linux',
      '  ifeq ($(ARCH),arm64)',
      'E := arm',
      '  else',
      'E := other',
      '  endif',
      'else',
      'D := elsewhere',
      'endif',
      'all:',
      '\tgo build -o $(A)-$(B)-$(C)-$(D)-$(E) .',
      '',
    ].join('\n');
    expect(builds(text, { env: new Map([['OS', 'linux']]) })[0]?.args).toEqual([
      '-o',
      'defined-not-defined-not-two-linux-other',
      '.',
    ]);
    expect(builds(text, { env: new Map([['OS', 'plan9']]) })[0]?.args).toEqual([
      '-o',
      'defined-not-defined-not-two-elsewhere-',
      '.',
    ]);
  });

  it('skips the rules and recipe lines of a branch not taken', () => {
    const text = [
      'build:',
      'ifeq ($(STATIC),1)',
      '\tgo build -tags netgo -o app .',
      'else',
      '\tgo build -o app .',
      'endif',
      'ifdef WINDOWS',
      'build: win',
      'win:',
      '\tgo build -o app.exe .',
      'endif',
      '',
    ].join('\n');
    expect(builds(text).map((build) => build.args)).toEqual([['-o', 'app', '.']]);
    expect(builds(text, { overrides: new Map([['STATIC', '1']]) }).map((build) => build.args)).toEqual([
      ['-tags', 'netgo', '-o', 'app', '.'],
    ]);
  });

  it('reads every branch of a test it cannot evaluate ($(shell ...))', () => {
    const text = [
      'ifeq ($(shell uname -m),x86_64)',
      'OUT := amd64',
      'else',
      'OUT := other',
      'endif',
      'all:',
      '\tgo build -o $(OUT) .',
      '',
    ].join('\n');
    expect(builds(text)[0]?.args).toEqual(['-o', 'other', '.']);
  });
});

describe('parseMakefile: what make knows while it reads', () => {
  it("expands a := with make's environment and command line, as make does", () => {
    const text = 'OUT := $(DEST)/app\nall:\n\tgo build -o $(OUT) .\n';
    expect(builds(text, { env: new Map([['DEST', '/out']]) })[0]?.args).toEqual(['-o', '/out/app', '.']);
    expect(builds(text, { overrides: new Map([['DEST', '/bin']]) })[0]?.args).toEqual([
      '-o',
      '/bin/app',
      '.',
    ]);
  });

  it('keeps a variable as the Makefile wrote it, += parts joined, for an override on the command line', () => {
    const makefile = parseMakefile(
      'V ?= 1\nLDFLAGS = -s\nLDFLAGS += -X main.v=$(V)\nSIMPLE := -w\nSIMPLE += -X main.v=$(V)\nPLAIN := -s\nPLAIN += -w\nSHA != git rev-parse HEAD\n',
    );
    expect(makefile.variables.get('LDFLAGS')?.written).toBe('-s -X main.v=$(V)');
    expect(makefile.variables.get('PLAIN')?.written).toBe('-s -w');
    // A simple variable expanded its references when read: written out again they could expand otherwise.
    expect(makefile.variables.get('SIMPLE')?.value).toBe('-w -X main.v=1');
    expect(makefile.variables.get('SIMPLE')?.written).toBeUndefined();
    expect(makefile.variables.get('SHA')?.written).toBeUndefined();
  });
});

describe('parseMakefile: as GNU make reads it (cases found by review)', () => {
  it('keeps the blanks before a comment in a value, and compares ifeq sides as make strips them', () => {
    const text = [
      'STATIC := yes # set to no for a PIE',
      'ifeq ($(STATIC),yes)',
      'FLAGS :=',
      'else',
      'FLAGS := -buildmode=pie',
      'endif',
      'ifeq ( $(STATIC),yes )',
      'SPACED := yes',
      'endif',
      'ifeq ($(strip $(STATIC)) , yes)',
      'STRIPPED := yes',
      'endif',
      'build:',
      '\tgo build $(FLAGS) -o bin/app$(SPACED)$(STRIPPED) .',
      '',
    ].join('\n');
    // make -n: go build -buildmode=pie -o bin/appyes .
    expect(builds(text)[0]?.args).toEqual(['-buildmode=pie', '-o', 'bin/appyes', '.']);
  });

  it('runs the pattern rule with the shortest stem', () => {
    const text = 'build: bin/app\nbin/%:\n\tgo build -o $@ .\nbin/a%:\n\tgo build -buildmode=pie -o $@ .\n';
    expect(builds(text)[0]?.args).toEqual(['-buildmode=pie', '-o', 'bin/app', '.']);
  });

  it('appends += to the value the environment gives', () => {
    const text = 'FLAGS += -trimpath\nbuild:\n\tgo build $(FLAGS) -o app .\n';
    expect(builds(text, { env: new Map([['FLAGS', '-buildmode=pie']]) })[0]?.args).toEqual([
      '-buildmode=pie',
      '-trimpath',
      '-o',
      'app',
      '.',
    ]);
  });

  it('does not follow target-specific variables, and takes a define or $(eval) for what it cannot see', () => {
    const specific = run('build: FLAGS += -buildmode=pie\nbuild:\n\tgo build $(FLAGS) -o app .\n', {
      goals: ['build'],
    });
    expect(specific).toEqual({
      ok: false,
      reason:
        'Makefile:1 sets variables for the target build alone (target-specific variables), which the converter does not follow',
    });
    const define = run('define FLAGS\n-buildmode=pie\nendef\nbuild:\n\tgo build $(FLAGS) -o app .\n');
    expect(define.ok && unknownParts(define.builds[0]?.args[0] ?? '')).toEqual(['the define of FLAGS']);
    const evaluated = run('$(eval FLAGS := -buildmode=pie)\nbuild:\n\tgo build $(FLAGS) -o app .\n');
    expect(evaluated.ok && unknownParts(evaluated.builds[0]?.args[0] ?? '')).toEqual(['$(FLAGS)']);
  });
});

describe('followMake: pattern rules and .DEFAULT', () => {
  it('runs the pattern rule whose target matches, with $* and % in the prerequisites', () => {
    const text = ['all: bin/api bin/worker', 'bin/%: cmd/%/main.go', '\tgo build -o $@ ./cmd/$*', ''].join(
      '\n',
    );
    expect(builds(text).map((build) => build.args)).toEqual([
      ['-o', 'bin/api', './cmd/api'],
      ['-o', 'bin/worker', './cmd/worker'],
    ]);
    expect(builds(text, { goals: ['bin/api'] }).map((build) => build.args)).toEqual([
      ['-o', 'bin/api', './cmd/api'],
    ]);
  });

  it("prefers a target's own rule, and leaves source files to no match-anything rule", () => {
    const text = [
      'bin/%:',
      '\tgo build -o $@ ./cmd/$*',
      'bin/tool:',
      '\tgo build -o bin/tool ./tools',
      '%: %.go',
      '\techo no',
      '',
    ].join('\n');
    expect(builds(text, { goals: ['bin/tool'] }).map((build) => build.args)).toEqual([
      ['-o', 'bin/tool', './tools'],
    ]);
  });

  it("gives a rule with no recipe the pattern rule's, but not a .PHONY one", () => {
    const text = 'bin/app: main.go\nbin/%:\n\tgo build -o $@ .\n';
    expect(builds(text, { goals: ['bin/app'] }).map((build) => build.args)).toEqual([['-o', 'bin/app', '.']]);
    expect(run(`.PHONY: bin/app\n${text}`, { goals: ['bin/app'] })).toEqual({ ok: true, builds: [] });
  });

  it('runs .DEFAULT for a target with no rule, as make does', () => {
    const text = ['.DEFAULT:', '\tgo build -o bin/$@ ./cmd/$@', ''].join('\n');
    expect(builds(text, { goals: ['server'] }).map((build) => build.args)).toEqual([
      ['-o', 'bin/server', './cmd/server'],
    ]);
  });
});

describe('hostile Makefiles', () => {
  it('a Makefile that includes itself is read once', () => {
    const self = 'include Makefile\nall:\n\tgo build -o bin/app .\n';
    const makefile = parseMakefile(self, 'Makefile', (name) =>
      name === 'Makefile' ? { text: self, file: 'Makefile' } : undefined,
    );
    expect(makefile.rules.get('all')?.recipe).toEqual([
      { text: 'go build -o bin/app .', line: 3, file: 'Makefile' },
    ]);
    expect(makefile.unreadIncludes).toEqual(['Makefile (it includes itself)']);
  });

  it('a prerequisite chain 3,000 targets deep is not followed, and the stack holds', () => {
    const chain = [
      'all: t0',
      ...Array.from({ length: 3000 }, (_, i) => `t${i}: t${i + 1}`),
      't3000:',
      '\tgo build .',
    ];
    expect(run(`${chain.join('\n')}\n`)).toEqual({
      ok: false,
      reason: 'Makefile: prerequisites nest more than 100 targets deep (at t100); not followed',
    });
  });

  it('a chain of 50 targets is followed', () => {
    const chain = [
      'all: t0',
      ...Array.from({ length: 50 }, (_, i) => `t${i}: t${i + 1}`),
      't50:',
      '\tgo build -o app .',
    ];
    expect(builds(`${chain.join('\n')}\n`)).toEqual([
      { line: 53, verb: 'build', args: ['-o', 'app', '.'], cwd: '/src' },
    ]);
  });
});

describe('hostile Makefiles: expansion', () => {
  /** Ten variables, each ten references to the next: 10^11 characters if expanded in full. */
  const laughs = (operator: string) =>
    [
      ...Array.from({ length: 10 }, (_, i) => `V${i} ${operator} ${`$(V${i + 1})`.repeat(10)}`),
      'V10 = xxxxxxxxxx',
    ]
      .reverse()
      .join('\n');

  // How fast: bench/test-bounds.ts, against an ordinary Makefile. Here only "answers rather than hangs" (the test timeout).
  it('a recipe that would expand to 10^11 characters is refused by name', () => {
    expect(run(`${laughs('=')}\nall:\n\tgo build -o bin/$(V0) .\n`)).toEqual({
      ok: false,
      reason: 'Makefile:13: the recipe line expands to more than 1,000,000 characters; not followed',
    });
  });

  it('simply expanded variables (:=) of that shape are read without running out of memory', () => {
    const result = run(`${laughs(':=')}\nall:\n\tgo build -o bin/app .\n`);
    expect(result).toMatchObject({
      ok: true,
      builds: [expect.objectContaining({ args: ['-o', 'bin/app', '.'] })],
    });
  });
});
