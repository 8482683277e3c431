// An answer that ends with the rest of the cursor line drops that repeat, but never a bracket
// or quote it opened itself.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FilterContext } from '../../src/engine/postprocess/filterContext';
import { cutOverlapWithLineSuffix } from '../../src/engine/postprocess/cutOverlapWithLineSuffix';

const base: FilterContext = { linePrefix: '', lineSuffix: '', suffixBelow: '', multiline: true, maxLines: 16 };
const ctx = (over: Partial<FilterContext>): FilterContext => ({ ...base, ...over });

type Case = { name: string; input: string; context?: Partial<FilterContext>; expected: string };

const cases: Case[] = [
  { name: 'closing paren repeated', input: 'a, b)', context: { lineSuffix: ')' }, expected: 'a, b' },
  { name: 'closing paren and semicolon', input: 'x);', context: { lineSuffix: ');' }, expected: 'x' },
  { name: 'only the repeat: nothing left', input: ')', context: { lineSuffix: ')' }, expected: '' },
  { name: 'no repeat', input: 'a, b', context: { lineSuffix: ')' }, expected: 'a, b' },
  { name: 'a paren the completion opened is not a repeat', input: 'bar(1)', context: { lineSuffix: ')' }, expected: 'bar(1)' },
  { name: 'a quote the completion opened is not a repeat', input: 'x = "a"', context: { lineSuffix: '"' }, expected: 'x = "a"' },
  { name: 'nested: the last paren repeats', input: 'bar(1))', context: { lineSuffix: ')' }, expected: 'bar(1)' },
  { name: 'nothing after the cursor', input: 'a)', context: { lineSuffix: '' }, expected: 'a)' },
  { name: 'multi-line ending with the rest of the line', input: '\n  a,\n  b\n]', context: { lineSuffix: ']' }, expected: '\n  a,\n  b\n' },
];

describe('cutOverlapWithLineSuffix', () => {
  for (const c of cases) it(c.name, () => assert.equal(cutOverlapWithLineSuffix(c.input, ctx(c.context ?? {})), c.expected));
});
