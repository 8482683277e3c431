// An answer of nothing but whitespace shows nothing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FilterContext } from '../../src/engine/postprocess/filterContext';
import { dropWhitespaceOnly } from '../../src/engine/postprocess/dropWhitespaceOnly';

const base: FilterContext = { linePrefix: '', lineSuffix: '', suffixBelow: '', multiline: true, maxLines: 16 };
const ctx = (over: Partial<FilterContext>): FilterContext => ({ ...base, ...over });

type Case = { name: string; input: string; context?: Partial<FilterContext>; expected: string };

const cases: Case[] = [
  { name: 'spaces', input: '   ', expected: '' },
  { name: 'newlines', input: '\n\n', expected: '' },
  { name: 'code', input: ' x', expected: ' x' },
];

describe('dropWhitespaceOnly', () => {
  for (const c of cases) it(c.name, () => assert.equal(dropWhitespaceOnly(c.input, ctx(c.context ?? {})), c.expected));
});
