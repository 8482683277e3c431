import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planInsert } from '../../src/engine/closingCharacters';
import { isMultilinePosition } from '../../src/engine/completionMode';

describe('single-line or multi-line', () => {
  const cases: [string, string, boolean][] = [
    ['def f(x):', '', true],
    ['function f() {', '', true],
    ['    ', '', true],
    ['', '', true],
    ['const items = [', ']', true],
    ['x = compute(', ')', false],
    ['return a', '', false],
    ['x = foo', '(bar)', false],
    ['if x', ' then y', false],
    ['const f = () =>', '', true],
  ];
  for (const [prefix, suffix, multi] of cases) {
    it(`${JSON.stringify(prefix)} | ${JSON.stringify(suffix)} -> ${multi ? 'multi' : 'single'}`, () => {
      assert.equal(isMultilinePosition(prefix, suffix, 'auto'), multi);
    });
  }
  it('settings force either way', () => {
    assert.equal(isMultilinePosition('x = foo', '(bar)', 'always'), true);
    assert.equal(isMultilinePosition('def f():', '', 'never'), false);
  });
});

describe('closing characters after the cursor are replaced, not duplicated', () => {
  const cases: { completion: string; rest: string; insert: string; replace: number }[] = [
    { completion: 'a, b', rest: ')', insert: 'a, b)', replace: 1 },
    { completion: 'a, b)', rest: ')', insert: 'a, b)', replace: 1 },
    { completion: 'name', rest: '")', insert: 'name")', replace: 2 },
    { completion: 'x', rest: ');', insert: 'x);', replace: 2 },
    { completion: 'x', rest: ' + y', insert: 'x', replace: 0 },
    // The completion's own brackets and strings keep their closers.
    { completion: 'bar(1)', rest: ')', insert: 'bar(1))', replace: 1 },
    { completion: 'bar(1))', rest: ')', insert: 'bar(1))', replace: 1 },
    { completion: 'xs[0]', rest: '])', insert: 'xs[0]])', replace: 2 },
    { completion: '"a"', rest: ')', insert: '"a")', replace: 1 },
    // An answer that closes the string opened before the cursor: that quote is not doubled.
    { completion: 'hello"', rest: '")', insert: 'hello")', replace: 2 },
    { completion: 'hello", end=""', rest: '")', insert: 'hello", end="")', replace: 2 },
    { completion: 'x)', rest: ');', insert: 'x);', replace: 2 },
    { completion: 'a, b', rest: ')  ', insert: 'a, b)  ', replace: 3 },
    { completion: 'x', rest: '', insert: 'x', replace: 0 },
  ];
  for (const c of cases) {
    it(`${JSON.stringify(c.completion)} before ${JSON.stringify(c.rest)}`, () => {
      assert.deepEqual(planInsert(c.completion, c.rest), { insertText: c.insert, replaceLength: c.replace });
    });
  }
});
