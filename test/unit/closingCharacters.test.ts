// Accepting a completion before closing characters that auto-closing left on the line (`)`,
// `"`, `;`) replaces them rather than pushing them after it: nothing is doubled, and a bracket or
// quote the completion opened itself keeps its own closer.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isOnlyClosingCharacters, planInsert, tailClosesOnlyOuter } from '../../src/engine/closingCharacters';

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

describe('which rest of the line counts as closing characters', () => {
  const cases: [rest: string, closing: boolean][] = [
    [')', true],
    ['")', true],
    ['); ', true],
    ['}]>`,', true],
    ['', false],
    ['   ', false],
    [' + y', false],
    [') + 1', false],
    ['(', false],
  ];
  for (const [rest, closing] of cases) {
    it(`${JSON.stringify(rest)} ${closing ? 'is' : 'is not'} only closing characters`, () => assert.equal(isOnlyClosingCharacters(rest), closing));
  }
});

describe('whether the end of a completion repeats the line or closes its own brackets', () => {
  it('a `)` that nothing in the completion opened repeats the one already on the line', () => {
    assert.equal(tailClosesOnlyOuter('a, b)', ')'), true);
  });
  it('a `)` that closes the completion\'s own `(` is its own', () => {
    assert.equal(tailClosesOnlyOuter('bar(1)', ')'), false);
    assert.equal(tailClosesOnlyOuter('xs[i]', ']'), false);
  });
  it('a quote that ends a string the completion began is its own; one ending a string opened before the cursor is not', () => {
    assert.equal(tailClosesOnlyOuter('x = "a"', '"'), false);
    assert.equal(tailClosesOnlyOuter('hello"', '"'), true);
  });
});
