/** yoConfigProblem (src/core/fs/yo-config.ts): the .yo-rc.json texts Yeoman would fail on, said in words. */
import { describe, expect, it } from '@jest/globals';
import { MAX_CONFIG_DEPTH, yoConfigProblem } from '../src/core/fs/yo-config.js';

const SECTION = 'generator-go-microcontainer';
const nested = (levels: number) => `${'{"a":'.repeat(levels - 1)}{}${'}'.repeat(levels - 1)}`;

describe('yoConfigProblem', () => {
  it('accepts what Yeoman writes and reads: an object of sections, ours an object', () => {
    expect(yoConfigProblem('{}', SECTION)).toBeUndefined();
    expect(
      yoConfigProblem('{"generator-go-microcontainer": {"name": "svc", "port": 8080}}', SECTION),
    ).toBeUndefined();
    expect(yoConfigProblem('{"generator-other": [1, 2], "generator-x": "y"}', SECTION)).toBeUndefined();
  });

  it('names the parse error of a text that is not JSON', () => {
    expect(yoConfigProblem('', SECTION)).toBe('is not valid JSON (Unexpected end of JSON input)');
    expect(yoConfigProblem('{"a": 1,}', SECTION)).toMatch(/^is not valid JSON \(.+\)$/);
  });

  it('refuses a top level that is not an object, saying what it is', () => {
    expect(yoConfigProblem('[1,2,3]', SECTION)).toBe(
      "holds an array, where Yeoman keeps an object of generators' answers",
    );
    expect(yoConfigProblem('null', SECTION)).toBe(
      "holds null, where Yeoman keeps an object of generators' answers",
    );
    expect(yoConfigProblem('"x"', SECTION)).toBe(
      "holds a string, where Yeoman keeps an object of generators' answers",
    );
  });

  it("refuses this generator's section when it is not an object, and only that section", () => {
    expect(yoConfigProblem('{"generator-go-microcontainer": [1]}', SECTION)).toBe(
      'holds an array under "generator-go-microcontainer", where this generator keeps an object of answers',
    );
    expect(yoConfigProblem('{"generator-go-microcontainer": null}', SECTION)).toBe(
      'holds null under "generator-go-microcontainer", where this generator keeps an object of answers',
    );
  });

  it(`allows ${MAX_CONFIG_DEPTH} levels of nesting and refuses one more, however it nests`, () => {
    expect(MAX_CONFIG_DEPTH).toBe(64);
    expect(yoConfigProblem(nested(64), SECTION)).toBeUndefined();
    expect(yoConfigProblem(nested(65), SECTION)).toBe('nests deeper than 64 levels');
    const arrays = `{"x": ${'['.repeat(64)}${']'.repeat(64)}}`;
    expect(yoConfigProblem(arrays, SECTION)).toBe('nests deeper than 64 levels');
    expect(yoConfigProblem(nested(100_000), SECTION)).toBe('nests deeper than 64 levels');
  });
});
