/**
 * GMC101 cgo (src/core/convert/rules/cgo.ts), for builds in a Makefile or a
 * script: a CGO_ENABLED=1 the file sets wins over the environment the
 * converter adds, so it is cgo evidence.
 */
import { describe, expect, it } from '@jest/globals';
import { builderRunning, contextOf } from './context.js';
import { ruleCatches, ruleCatchesNot } from './helpers.js';

describe('GMC101 cgo, in what a RUN runs', () => {
  it('catches a Makefile that sets CGO_ENABLED=1, exported or not', () => {
    for (const makefile of [
      'export CGO_ENABLED=1\nb:\n\tgo build -o /out/app .\n',
      'CGO_ENABLED = 1\nb:\n\tgo build -o /out/app .\n',
    ]) {
      const result = ruleCatches('GMC101', builderRunning('make b'), {
        contextFiles: contextOf({ Makefile: makefile }),
      });
      expect(result.refusals[0]?.message).toMatch(
        /^cgo is needed: line 4 runs `make b`, whose go build at Makefile:3 gets CGO_ENABLED=1 from Makefile; /,
      );
    }
  });

  it('reads a script outside the copied folder by its path, not by a shared prefix: /srcgen is not below /src', () => {
    // With WORKDIR /src, /srcgen/build.sh is no context file gen/build.sh.
    const files = contextOf({ 'gen/build.sh': 'CGO_ENABLED=1 go build -o /out/app .\n' });
    ruleCatchesNot('GMC101', builderRunning('sh /srcgen/build.sh'), { contextFiles: files });
    ruleCatches('GMC101', builderRunning('sh /src/gen/build.sh'), { contextFiles: files });
  });

  it('catches a script whose go build sets CGO_ENABLED=1', () => {
    const files = contextOf({ 'build.sh': 'CGO_ENABLED=1 go build -o /out/app .\n' });
    expect(
      ruleCatches('GMC101', builderRunning('sh build.sh'), { contextFiles: files }).refusals[0],
    ).toMatchObject({
      code: 'GMC101',
      line: 4,
    });
  });

  it('does not catch a Makefile default the environment overrides (?=), nor CGO_ENABLED=0', () => {
    for (const makefile of [
      'CGO_ENABLED ?= 1\nb:\n\tgo build -o /out/app .\n',
      'CGO_ENABLED := 0\nb:\n\tgo build -o /out/app .\n',
    ]) {
      ruleCatchesNot('GMC101', builderRunning('make b'), { contextFiles: contextOf({ Makefile: makefile }) });
    }
  });
});
