// DeepSeek Coder's FIM format: the exact special tokens (fullwidth bars U+FF5C and U+2581
// separators, not ASCII look-alikes that never match), the prompt, the stops, and document text
// that spells a token staying text.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildFimPrompt, END_OF_SENTENCE, FIM_BEGIN, FIM_END, FIM_HOLE, fimStopSequences, neutraliseSpecialTokens, SPECIAL_TOKENS } from '../../src/engine/fimTemplate';

describe('the DeepSeek Coder prompt', () => {
  it('prefix, hole, suffix between the begin and end tokens, spelled with fullwidth bars and U+2581', () => {
    assert.equal(buildFimPrompt('def f():\n    ', '\n'), '<\uFF5Cfim\u2581begin\uFF5C>def f():\n    <\uFF5Cfim\u2581hole\uFF5C>\n<\uFF5Cfim\u2581end\uFF5C>');
    for (const token of SPECIAL_TOKENS) assert.ok(!token.includes('|') && !token.includes(' '), `${token} uses ASCII look-alikes`);
  });

  it('an empty prefix or suffix still gives the three FIM tokens in order', () => {
    assert.equal(buildFimPrompt('', ''), `${FIM_BEGIN}${FIM_HOLE}${FIM_END}`);
  });
});

describe('stop sequences', () => {
  it('every FIM token and the end of sentence stop the answer; a newline only for a single line', () => {
    const multi = fimStopSequences(false);
    for (const token of [FIM_BEGIN, FIM_HOLE, FIM_END, END_OF_SENTENCE]) assert.ok(multi.includes(token), token);
    assert.ok(!multi.includes('\n'));
    assert.deepEqual(fimStopSequences(true), [...multi, '\n']);
  });

  it('a request\'s stops are its own copy: adding to one does not change the next', () => {
    fimStopSequences(false).push('x');
    assert.ok(!fimStopSequences(false).includes('x'));
  });
});

describe('neutraliseSpecialTokens', () => {
  it('turns every special token into plain text of the same length that reads the same', () => {
    for (const token of [FIM_BEGIN, FIM_HOLE, FIM_END, END_OF_SENTENCE, '<\uFF5Cbegin\u2581of\u2581sentence\uFF5C>']) {
      const text = `a = "${token}"`;
      const neutral = neutraliseSpecialTokens(text);
      assert.equal(neutral.length, text.length);
      assert.ok(!neutral.includes(token), `${token} survived`);
      assert.equal(neutral, text.replace('<\uFF5C', '<|'));
    }
  });

  it('leaves text without special tokens untouched, ASCII look-alikes and lone fullwidth bars included', () => {
    for (const text of ['x = "<|fim hole|>"', 'a \uFF5C b', '', 'plain code()']) assert.equal(neutraliseSpecialTokens(text), text);
  });
});
