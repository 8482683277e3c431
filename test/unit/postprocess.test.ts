import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { END_OF_SENTENCE, FIM_BEGIN, FIM_END, FIM_HOLE } from '../../src/engine/fimTemplate';
import { postprocess, type FilterContext } from '../../src/engine/postprocess';
import { cutAtRepeatedSuffixLines } from '../../src/engine/postprocess/cutAtRepeatedSuffixLines';
import { cutOverlapWithLineSuffix } from '../../src/engine/postprocess/cutOverlapWithLineSuffix';
import { dropWhitespaceOnly } from '../../src/engine/postprocess/dropWhitespaceOnly';
import { limitLines } from '../../src/engine/postprocess/limitLines';
import { stripSpecialTokens } from '../../src/engine/postprocess/stripSpecialTokens';
import { trimTrailingWhitespace } from '../../src/engine/postprocess/trimTrailingWhitespace';

const base: FilterContext = { linePrefix: '', lineSuffix: '', suffixBelow: '', multiline: true, maxLines: 16 };
const ctx = (over: Partial<FilterContext>): FilterContext => ({ ...base, ...over });

type Case = { name: string; input: string; context?: Partial<FilterContext>; expected: string };

function table(name: string, filter: (text: string, context: FilterContext) => string, cases: Case[]) {
  describe(name, () => {
    for (const c of cases) it(c.name, () => assert.equal(filter(c.input, ctx(c.context ?? {})), c.expected));
  });
}

table('stripSpecialTokens', stripSpecialTokens, [
  { name: 'plain text unchanged', input: 'return a + b', expected: 'return a + b' },
  { name: 'cut at EOS', input: `return 1${END_OF_SENTENCE}garbage`, expected: 'return 1' },
  { name: 'cut at a FIM token', input: `x = 1\n${FIM_HOLE}y`, expected: 'x = 1\n' },
  { name: 'earliest token wins', input: `a${FIM_END}b${FIM_BEGIN}c`, expected: 'a' },
  { name: 'other special tokens too', input: 'a<\uFF5Cbegin\u2581of\u2581sentence\uFF5C>b', expected: 'a' },
  { name: 'ASCII look-alikes are code, not tokens', input: 'x = "<|fim hole|>"', expected: 'x = "<|fim hole|>"' },
]);

table('limitLines', limitLines, [
  { name: 'single-line keeps the first line', input: 'foo()\nbar()', context: { multiline: false }, expected: 'foo()' },
  { name: 'single-line with a leading newline is empty', input: '\nbar()', context: { multiline: false }, expected: '' },
  { name: 'multi-line capped', input: 'a\nb\nc\nd', context: { maxLines: 2 }, expected: 'a\nb' },
  { name: 'leading newline does not count as a line', input: '\na\nb\nc', context: { maxLines: 2 }, expected: '\na\nb' },
]);

table('cutAtRepeatedSuffixLines', cutAtRepeatedSuffixLines, [
  {
    name: 'stops before the line that already follows the cursor',
    input: '\n    x = 1\n    return x\n\ndef g():',
    context: { suffixBelow: '\ndef g():\n    pass' },
    expected: '\n    x = 1\n    return x\n',
  },
  {
    name: 'an inner closing brace does not match the outer one',
    input: 'if (a) {\n    b();\n  }\n}',
    context: { suffixBelow: '}\n' },
    expected: 'if (a) {\n    b();\n  }',
  },
  { name: 'single-line untouched', input: 'abc', context: { multiline: false, suffixBelow: 'abc' }, expected: 'abc' },
  { name: 'nothing below', input: 'a\nb', context: { suffixBelow: '' }, expected: 'a\nb' },
]);

table('cutOverlapWithLineSuffix', cutOverlapWithLineSuffix, [
  { name: 'closing paren repeated', input: 'a, b)', context: { lineSuffix: ')' }, expected: 'a, b' },
  { name: 'closing paren and semicolon', input: 'x);', context: { lineSuffix: ');' }, expected: 'x' },
  { name: 'only the repeat: nothing left', input: ')', context: { lineSuffix: ')' }, expected: '' },
  { name: 'no repeat', input: 'a, b', context: { lineSuffix: ')' }, expected: 'a, b' },
  { name: 'a paren the completion opened is not a repeat', input: 'bar(1)', context: { lineSuffix: ')' }, expected: 'bar(1)' },
  { name: 'a quote the completion opened is not a repeat', input: 'x = "a"', context: { lineSuffix: '"' }, expected: 'x = "a"' },
  { name: 'nested: the last paren repeats', input: 'bar(1))', context: { lineSuffix: ')' }, expected: 'bar(1)' },
  { name: 'nothing after the cursor', input: 'a)', context: { lineSuffix: '' }, expected: 'a)' },
  { name: 'multi-line ending with the rest of the line', input: '\n  a,\n  b\n]', context: { lineSuffix: ']' }, expected: '\n  a,\n  b\n' },
]);

table('trimTrailingWhitespace', trimTrailingWhitespace, [
  { name: 'spaces at line ends', input: 'a  \nb\t', expected: 'a\nb' },
  { name: 'blank lines at the end', input: 'a\n\n  \n', expected: 'a' },
  { name: 'leading newline kept', input: '\n    x', expected: '\n    x' },
]);

table('dropWhitespaceOnly', dropWhitespaceOnly, [
  { name: 'spaces', input: '   ', expected: '' },
  { name: 'newlines', input: '\n\n', expected: '' },
  { name: 'code', input: ' x', expected: ' x' },
]);

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
});
