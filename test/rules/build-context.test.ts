/** GMC008: which folder was read as the build context, and a go.mod that is in none. */
import { describe, expect, it } from '@jest/globals';
import { buildContextRule } from '../../src/core/convert/rules/build-context.js';

describe('GMC008 build context', () => {
  it('says which folder above the Dockerfile was read, what it holds, and how to build from it', () => {
    expect(
      buildContextRule.readAbove('../..', 'build/package/Dockerfile', [
        { source: 'go.*', line: 3 },
        { source: 'cmd', line: 5 },
      ]),
    ).toEqual({
      code: 'GMC008',
      line: 3,
      message:
        "read the build context from ../.., the folder above the Dockerfile that holds what it copies (go.* (line 3), cmd (line 5)), not the Dockerfile's own folder: build it from there (cd ../.. && docker build -f build/package/Dockerfile .)",
    });
  });

  it('leaves out the cd when convert runs in that folder, and quotes what a shell would split', () => {
    expect(
      buildContextRule.readAbove('.', 'deploy/my app/Dockerfile', [{ source: 'go.mod', line: 2 }]).message,
    ).toMatch(/build it from there \(docker build -f 'deploy\/my app\/Dockerfile' \.\)$/);
  });

  it('warns, with the COPY of go.mod and every folder looked in, that the file was judged from itself alone', () => {
    expect(buildContextRule.goModMissing({ source: 'go.mod', line: 4 }, ['.', '..'])).toEqual({
      code: 'GMC008',
      line: 4,
      message:
        'line 4 copies go.mod from the build context, and no go.mod is in . or ..: the converter did not read the build context this Dockerfile is built from (its Go files for cgo, its Makefiles), and judged it from the Dockerfile alone; convert it where that context is, inside its repository, to have it read',
    });
  });
});
