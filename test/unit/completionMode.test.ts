import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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
