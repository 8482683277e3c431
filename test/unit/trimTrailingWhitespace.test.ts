// No trailing spaces on any line of a completion, and no blank lines at its end.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FilterContext } from '../../src/engine/postprocess/filterContext';
import { trimTrailingWhitespace } from '../../src/engine/postprocess/trimTrailingWhitespace';

const base: FilterContext = { linePrefix: '', lineSuffix: '', suffixBelow: '', multiline: true, maxLines: 16 };
const ctx = (over: Partial<FilterContext>): FilterContext => ({ ...base, ...over });

type Case = { name: string; input: string; context?: Partial<FilterContext>; expected: string };

const cases: Case[] = [
  { name: 'spaces at line ends', input: 'a  \nb\t', expected: 'a\nb' },
  { name: 'blank lines at the end', input: 'a\n\n  \n', expected: 'a' },
  { name: 'leading newline kept', input: '\n    x', expected: '\n    x' },
];

describe('trimTrailingWhitespace', () => {
  for (const c of cases) it(c.name, () => assert.equal(trimTrailingWhitespace(c.input, ctx(c.context ?? {})), c.expected));
});
