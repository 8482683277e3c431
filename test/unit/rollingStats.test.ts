// The recent-values window behind the typing rhythm (debounce) and the first-token deadline:
// it follows the latest values only, so the editor adapts when the person or the server changes pace.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RollingWindow } from '../../src/engine/rollingStats';

describe('RollingWindow', () => {
  it('knows nothing until a value arrives', () => {
    const window = new RollingWindow(4);
    assert.equal(window.count, 0);
    assert.equal(window.median(), undefined);
    assert.equal(window.quantile(0.9), undefined);
  });

  it('the median and the quantiles of what it holds, whatever the order they came in', () => {
    const window = new RollingWindow(10);
    for (const value of [50, 10, 40, 20, 30]) window.push(value);
    assert.equal(window.count, 5);
    assert.equal(window.median(), 30);
    assert.equal(window.quantile(0), 10);
    assert.equal(window.quantile(1), 50);
    assert.equal(window.quantile(0.9), 50);
  });

  it('a quantile out of range is the smallest or the largest value', () => {
    const window = new RollingWindow(3);
    for (const value of [1, 2, 3]) window.push(value);
    assert.equal(window.quantile(-1), 1);
    assert.equal(window.quantile(2), 3);
  });

  it('once full, each new value replaces the oldest: the median follows the new pace', () => {
    const window = new RollingWindow(5);
    for (let i = 0; i < 5; i++) window.push(300);
    for (let i = 0; i < 3; i++) window.push(100);
    assert.equal(window.count, 5);
    assert.equal(window.median(), 100, 'three of five values are the new ones');
    window.push(100);
    window.push(100);
    assert.equal(window.quantile(1), 100, 'every old value is gone');
  });

  it('clear forgets everything, and it fills up again from scratch', () => {
    const window = new RollingWindow(3);
    for (const value of [7, 8, 9, 10]) window.push(value);
    window.clear();
    assert.equal(window.count, 0);
    assert.equal(window.median(), undefined);
    window.push(5);
    assert.deepEqual([window.count, window.median()], [1, 5]);
  });
});
