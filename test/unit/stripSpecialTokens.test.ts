// The answer ends at the first special token: whatever the model wrote after a FIM or EOS token
// is never shown, while code that only looks like a token (ASCII bars) is kept.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { END_OF_SENTENCE, FIM_BEGIN, FIM_END, FIM_HOLE } from '../../src/engine/fimTemplate';
import type { FilterContext } from '../../src/engine/postprocess/filterContext';
import { stripSpecialTokens } from '../../src/engine/postprocess/stripSpecialTokens';

const base: FilterContext = { linePrefix: '', lineSuffix: '', suffixBelow: '', multiline: true, maxLines: 16 };
const ctx = (over: Partial<FilterContext>): FilterContext => ({ ...base, ...over });

type Case = { name: string; input: string; context?: Partial<FilterContext>; expected: string };

const cases: Case[] = [
  { name: 'plain text unchanged', input: 'return a + b', expected: 'return a + b' },
  { name: 'cut at EOS', input: `return 1${END_OF_SENTENCE}garbage`, expected: 'return 1' },
  { name: 'cut at a FIM token', input: `x = 1\n${FIM_HOLE}y`, expected: 'x = 1\n' },
  { name: 'earliest token wins', input: `a${FIM_END}b${FIM_BEGIN}c`, expected: 'a' },
  { name: 'other special tokens too', input: 'a<\uFF5Cbegin\u2581of\u2581sentence\uFF5C>b', expected: 'a' },
  { name: 'ASCII look-alikes are code, not tokens', input: 'x = "<|fim hole|>"', expected: 'x = "<|fim hole|>"' },
];

describe('stripSpecialTokens', () => {
  for (const c of cases) it(c.name, () => assert.equal(stripSpecialTokens(c.input, ctx(c.context ?? {})), c.expected));
});
