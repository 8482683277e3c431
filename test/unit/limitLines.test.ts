// A single-line position gets one line; a multi-line one at most the maxLines setting.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FilterContext } from '../../src/engine/postprocess/filterContext';
import { limitLines } from '../../src/engine/postprocess/limitLines';

const base: FilterContext = { linePrefix: '', lineSuffix: '', suffixBelow: '', multiline: true, maxLines: 16 };
const ctx = (over: Partial<FilterContext>): FilterContext => ({ ...base, ...over });

type Case = { name: string; input: string; context?: Partial<FilterContext>; expected: string };

const cases: Case[] = [
  { name: 'single-line keeps the first line', input: 'foo()\nbar()', context: { multiline: false }, expected: 'foo()' },
  { name: 'single-line with a leading newline is empty', input: '\nbar()', context: { multiline: false }, expected: '' },
  { name: 'multi-line capped', input: 'a\nb\nc\nd', context: { maxLines: 2 }, expected: 'a\nb' },
  { name: 'leading newline does not count as a line', input: '\na\nb\nc', context: { maxLines: 2 }, expected: '\na\nb' },
];

describe('limitLines', () => {
  for (const c of cases) it(c.name, () => assert.equal(limitLines(c.input, ctx(c.context ?? {})), c.expected));
});
