// The post-processing chain (src/engine/postprocess/index.ts) as a whole: the filters run in an
// order that matters. Each filter has its own file, named after it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { END_OF_SENTENCE, FIM_END, FIM_HOLE } from '../../src/engine/fimTemplate';
import { postprocess, type FilterContext } from '../../src/engine/postprocess';

const base: FilterContext = { linePrefix: '', lineSuffix: '', suffixBelow: '', multiline: true, maxLines: 16 };
const ctx = (over: Partial<FilterContext>): FilterContext => ({ ...base, ...over });

describe('postprocess chain', () => {
  it('output repeating the suffix is cut where the repeat starts', () => {
    const out = postprocess('    return a + b\n\nprint(add(1, 2))', ctx({ suffixBelow: '\nprint(add(1, 2))\n' }));
    assert.equal(out, '    return a + b');
  });
  it('EOS plus whitespace gives nothing', () => {
    assert.equal(postprocess(`  \n${END_OF_SENTENCE}`, ctx({})), '');
  });
  it('output full of FIM tokens gives nothing', () => {
    assert.equal(postprocess(`${FIM_HOLE}${FIM_END}${END_OF_SENTENCE}`, ctx({})), '');
  });
  it('mid-line, the answer is cut to its first line before the repeat of the line rest is dropped', () => {
    // `foo(|)`: the model writes the call's arguments, the `)` already there, and a next line.
    assert.equal(postprocess('a, b)  \nbar()', ctx({ linePrefix: 'foo(', lineSuffix: ')', multiline: false })), 'a, b');
  });
  it('trailing spaces left by a special token do not hide the repeat of the line rest', () => {
    assert.equal(postprocess(`x]   ${END_OF_SENTENCE}junk]`, ctx({ linePrefix: 'xs = [', lineSuffix: ']', multiline: false })), 'x');
  });
});
