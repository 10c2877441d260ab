/**
 * shell-words (src/core/convert/shell-words.ts): how the converter splits the
 * shell text of RUN, CMD and ENTRYPOINT into commands and words, and how it
 * quotes the words it writes back. Every expected value is written out.
 */
import { describe, expect, it } from '@jest/globals';
import {
  commandWords,
  leadingAssignments,
  shellQuote,
  singleQuote,
  splitShell,
  type ShellParse,
} from '../../src/core/convert/shell/shell-words.js';

/** The words of each command, quotes removed. */
function wordsOf(parse: ShellParse): string[][] {
  return parse.commands.map((command) => command.words.map((word) => word.value));
}

function words(text: string, escape?: string): string[][] {
  return wordsOf(splitShell(text, escape));
}

describe('splitShell: commands and operators', () => {
  it('ends a command at each control operator, with or without spaces around it', () => {
    expect(words('a&&b')).toEqual([['a'], ['b']]);
    expect(words('a||b')).toEqual([['a'], ['b']]);
    expect(words('a;b')).toEqual([['a'], ['b']]);
    expect(words('a|b')).toEqual([['a'], ['b']]);
    expect(words('a&b')).toEqual([['a'], ['b']]);
    expect(words('one two || three && four')).toEqual([['one', 'two'], ['three'], ['four']]);
  });

  it('ends a command at a newline, and keeps no empty command', () => {
    expect(words('a x\nb y')).toEqual([
      ['a', 'x'],
      ['b', 'y'],
    ]);
    expect(words('a ;; b')).toEqual([['a'], ['b']]);
    expect(words('')).toEqual([]);
    expect(words('   ')).toEqual([]);
  });

  it('splits words on spaces and tabs', () => {
    expect(words('a\tb  c')).toEqual([['a', 'b', 'c']]);
  });

  it('gives each word its offsets in the text', () => {
    const parse = splitShell('ab  cd');
    expect(parse.commands[0]?.words).toEqual([
      { value: 'ab', start: 0, end: 2 },
      { value: 'cd', start: 4, end: 6 },
    ]);
    expect(splitShell('x&&yz').commands[1]?.words).toEqual([{ value: 'yz', start: 3, end: 5 }]);
    expect(splitShell(`"a b" c`).commands[0]?.words).toEqual([
      { value: 'a b', start: 0, end: 5 },
      { value: 'c', start: 6, end: 7 },
    ]);
    expect(splitShell('\\ab').commands[0]?.words).toEqual([{ value: 'ab', start: 0, end: 3 }]);
  });
});

describe('splitShell: quotes and escapes', () => {
  it('takes single quotes literally', () => {
    expect(words(`echo 'a "b" \\c $x'`)).toEqual([['echo', 'a "b" \\c $x']]);
    expect(words(`a'b c'd`)).toEqual([['ab cd']]);
  });

  it('removes the backslash only before " \\ $ and ` inside double quotes', () => {
    expect(words('"a\\"b"')).toEqual([['a"b']]);
    expect(words('"a\\\\b"')).toEqual([['a\\b']]);
    expect(words('"\\$x"')).toEqual([['$x']]);
    expect(words('"\\`"')).toEqual([['`']]);
    expect(words('"a\\nb"')).toEqual([['a\\nb']]);
    expect(words(`"it's" x`)).toEqual([["it's", 'x']]);
  });

  it('keeps an empty quoted word', () => {
    expect(words(`echo '' ""`)).toEqual([['echo', '', '']]);
  });

  it('keeps an escaped space or operator in the word', () => {
    expect(words('a\\ b c')).toEqual([['a b', 'c']]);
    expect(words('a\\;b')).toEqual([['a;b']]);
  });

  it('reads operators and spaces inside quotes as part of the word', () => {
    expect(words(`"a && b" 'c; d'`)).toEqual([['a && b', 'c; d']]);
  });

  it('reports an unterminated quote', () => {
    expect(splitShell(`echo "abc`).unsupported).toEqual(['an unterminated quote']);
    expect(splitShell(`echo 'abc`).unsupported).toEqual(['an unterminated quote']);
    expect(splitShell(`echo "abc"`).unsupported).toEqual([]);
  });
});

describe('splitShell: Dockerfile line continuations and comments', () => {
  it('removes a continuation with the default escape or a backtick escape', () => {
    expect(words('a \\\n  b')).toEqual([['a', 'b']]);
    expect(words('a `\n  b', '`')).toEqual([['a', 'b']]);
    expect(words('ab\\\ncd')).toEqual([['abcd']]);
  });

  it('drops comment lines inside a continued instruction, indented or not', () => {
    expect(words('a \\\n# note\nb')).toEqual([['a', 'b']]);
    expect(words('a \\\n    # note && rm -rf /\n  b')).toEqual([['a', 'b']]);
    expect(words('a \\\n\t# note\n\tb')).toEqual([['a', 'b']]);
  });

  it('drops an empty line inside a continued instruction, as Docker does (its "empty continuation line")', () => {
    expect(
      words('go build \\\n      -o /out/server \\\n\n      -buildmode=pie \\\n      ./cmd/server'),
    ).toEqual([['go', 'build', '-o', '/out/server', '-buildmode=pie', './cmd/server']]);
    expect(words('a \\\n   \t\n\r\n\n  b')).toEqual([['a', 'b']]);
    expect(words('a \\\n  # note\n\n  b')).toEqual([['a', 'b']]);
    // An empty line that no continuation led to still ends the command.
    expect(words('a\n\nb')).toEqual([['a'], ['b']]);
  });

  it('keeps a # that is not at the start of a line', () => {
    expect(words('echo a#b')).toEqual([['echo', 'a#b']]);
    expect(words('ab\\\n#c')).toEqual([['ab#c']]);
    expect(words(`a \\\n'#x'`)).toEqual([['a', '#x']]);
  });
});

describe('splitShell: what it does not follow', () => {
  it('reports command substitution, in or out of double quotes', () => {
    expect(splitShell('echo $(id)').unsupported).toEqual(['command substitution']);
    expect(splitShell('echo `id`').unsupported).toEqual(['command substitution', 'command substitution']);
    expect(splitShell('echo "$(id)"').unsupported).toEqual(['command substitution']);
    expect(splitShell('echo "`id`"').unsupported).toEqual(['command substitution', 'command substitution']);
    expect(splitShell("echo '$(id)'").unsupported).toEqual([]);
    expect(splitShell('echo $HOME "$HOME"').unsupported).toEqual([]);
  });

  it('reports a here-document', () => {
    expect(splitShell('cat <<EOF').unsupported).toEqual(['here-document']);
    expect(splitShell('cat < file').unsupported).toEqual([]);
  });

  it('reports grouping, but not a parenthesis or brace inside a word', () => {
    // The closing parenthesis ends up in the word before it: one report is enough to refuse.
    expect(splitShell('(cd src && make)').unsupported).toEqual(['grouping with ( ) or { }']);
    expect(splitShell('{ a; }').unsupported).toEqual([
      'grouping with ( ) or { }',
      'grouping with ( ) or { }',
    ]);
    expect(splitShell('echo a(b) x{y}')).toEqual({
      commands: [
        {
          words: [
            { value: 'echo', start: 0, end: 4 },
            { value: 'a(b)', start: 5, end: 9 },
            { value: 'x{y}', start: 10, end: 14 },
          ],
        },
      ],
      unsupported: [],
    });
  });
});

describe('splitShell: if, while and until', () => {
  it('gives the commands inside, not the reserved words, and reports the control flow', () => {
    const parse = splitShell('if [ -f build.go ]; then go run build.go; else make; fi');
    expect(wordsOf(parse)).toEqual([['[', '-f', 'build.go', ']'], ['go', 'run', 'build.go'], ['make']]);
    expect(parse.unsupported).toEqual(['shell control flow (if, for, while or until)']);
    expect(words('while read -r f; do go build "$f"; done')).toEqual([
      ['read', '-r', 'f'],
      ['go', 'build', '$f'],
    ]);
    expect(words('! grep -q x y && go build .')).toEqual([
      ['grep', '-q', 'x', 'y'],
      ['go', 'build', '.'],
    ]);
  });

  it('keeps the offsets of the words after a reserved word', () => {
    expect(splitShell('then go build').commands).toEqual([
      {
        words: [
          { value: 'go', start: 5, end: 7 },
          { value: 'build', start: 8, end: 13 },
        ],
      },
    ]);
  });

  it('takes a reserved word as a word where it is not a command name, or when it is quoted', () => {
    expect(splitShell('echo if then fi')).toEqual({
      commands: [
        {
          words: [
            { value: 'echo', start: 0, end: 4 },
            { value: 'if', start: 5, end: 7 },
            { value: 'then', start: 8, end: 12 },
            { value: 'fi', start: 13, end: 15 },
          ],
        },
      ],
      unsupported: [],
    });
    expect(words("'if' x")).toEqual([['if', 'x']]);
    expect(splitShell("'if' x").unsupported).toEqual([]);
    expect(words('ifconfig; done_it')).toEqual([['ifconfig'], ['done_it']]);
  });
});

describe('leadingAssignments and commandWords', () => {
  const command = (text: string) => splitShell(text).commands[0] ?? { words: [] };

  it('reads the NAME=value words before the command name, and stops at the first other word', () => {
    expect(leadingAssignments(command('CGO_ENABLED=0 GOOS=linux go build A=1'))).toEqual(
      new Map([
        ['CGO_ENABLED', '0'],
        ['GOOS', 'linux'],
      ]),
    );
    expect(leadingAssignments(command('go build A=1'))).toEqual(new Map());
    expect(leadingAssignments(command('X=a=b _y= go'))).toEqual(
      new Map([
        ['X', 'a=b'],
        ['_y', ''],
      ]),
    );
  });

  it('does not take a word with an invalid name for an assignment', () => {
    expect(leadingAssignments(command('1A=x go'))).toEqual(new Map());
    expect(leadingAssignments(command('A-B=x go'))).toEqual(new Map());
    expect(leadingAssignments(command('=x go'))).toEqual(new Map());
    expect(leadingAssignments(command('xA=1 go'))).toEqual(new Map([['xA', '1']]));
  });

  it('keeps a quoted value whole, newlines included', () => {
    expect(leadingAssignments(command(`MSG="a\nb" go`))).toEqual(new Map([['MSG', 'a\nb']]));
  });

  it('commandWords are the words after the assignments', () => {
    expect(commandWords(command('A=1 B=2 go build .')).map((word) => word.value)).toEqual([
      'go',
      'build',
      '.',
    ]);
    expect(commandWords(command('go build')).map((word) => word.value)).toEqual(['go', 'build']);
    expect(commandWords(command('A=1'))).toEqual([]);
  });
});

describe('shellQuote and singleQuote', () => {
  it('leaves a word of plain characters as it is', () => {
    expect(shellQuote('/out/app')).toBe('/out/app');
    expect(shellQuote('a-b_c.d:e,f@g%h+i=j/k')).toBe('a-b_c.d:e,f@g%h+i=j/k');
    expect(shellQuote('AZaz09')).toBe('AZaz09');
  });

  it('single-quotes anything else, the empty word included', () => {
    expect(shellQuote('')).toBe("''");
    expect(shellQuote('my app')).toBe("'my app'");
    expect(shellQuote('a;b')).toBe("'a;b'");
    expect(shellQuote('$(id)')).toBe("'$(id)'");
    expect(shellQuote('x\ny')).toBe("'x\ny'");
    expect(shellQuote(';plain')).toBe("';plain'");
    expect(shellQuote('plain;')).toBe("'plain;'");
  });

  it("writes a single quote inside as '\\''", () => {
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(singleQuote("a'b'c")).toBe("'a'\\''b'\\''c'");
    expect(singleQuote('plain')).toBe("'plain'");
  });
});

describe('splitShell: ends of the text', () => {
  it('drops a comment at the very start, or at the end without a newline', () => {
    expect(words('# note\nb')).toEqual([['b']]);
    expect(words('a \\\n# note')).toEqual([['a']]);
  });

  it('takes a backslash at the very end as escaping nothing', () => {
    expect(words('a\\')).toEqual([['a']]);
  });
});

describe('splitShell: comments in the middle of a line', () => {
  const words = (text: string) =>
    splitShell(text).commands.map((command) => command.words.map((word) => word.value));

  it('a # that starts a word comments out the rest of the line, continued lines included', () => {
    expect(words('apk add curl # for the healthcheck')).toEqual([['apk', 'add', 'curl']]);
    expect(words('apk add curl # c \\\n && go build .')).toEqual([['apk', 'add', 'curl']]);
    expect(words('a # c\nb')).toEqual([['a'], ['b']]);
  });

  it('a # inside a word or in quotes is no comment', () => {
    expect(words('a#b c')).toEqual([['a#b', 'c']]);
    expect(words('echo "#x" \'#y\' && b')).toEqual([['echo', '#x', '#y'], ['b']]);
  });
});
