// A multi-line answer that runs into the code below the cursor stops before repeating it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FilterContext } from '../../src/engine/postprocess/filterContext';
import { cutAtRepeatedSuffixLines } from '../../src/engine/postprocess/cutAtRepeatedSuffixLines';

const base: FilterContext = { linePrefix: '', lineSuffix: '', suffixBelow: '', multiline: true, maxLines: 16 };
const ctx = (over: Partial<FilterContext>): FilterContext => ({ ...base, ...over });

type Case = { name: string; input: string; context?: Partial<FilterContext>; expected: string };

const cases: Case[] = [
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
];

describe('cutAtRepeatedSuffixLines', () => {
  for (const c of cases) it(c.name, () => assert.equal(cutAtRepeatedSuffixLines(c.input, ctx(c.context ?? {})), c.expected));
});
