import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CompletionCache } from '../../src/engine/completionCache';

describe('completion cache', () => {
  it('hits on the exact prompt, misses on another model or suffix', () => {
    const cache = new CompletionCache({ maxEntries: 10, maxBytes: 1e6 });
    cache.set('m', 'def f(', ')', 'x, y');
    assert.deepEqual(cache.get('m', 'def f(', ')'), { remainder: 'x, y', exact: true });
    assert.equal(cache.get('other', 'def f(', ')'), undefined);
    assert.equal(cache.get('m', 'def f(', ''), undefined);
  });

  it('serves the rest of an earlier completion as the user types into it', () => {
    const cache = new CompletionCache({ maxEntries: 10, maxBytes: 1e6 });
    cache.set('m', 'x = ', '\n', 'compute(a, b)');
    assert.deepEqual(cache.get('m', 'x = comp', '\n'), { remainder: 'ute(a, b)', exact: false });
    assert.equal(cache.get('m', 'x = compX', '\n'), undefined, 'typing that diverges misses');
    assert.equal(cache.get('m', 'x = compute(a, b)', '\n'), undefined, 'nothing left to serve');
  });

  it('after accepting the first line of a multi-line completion, the rest is ready', () => {
    const cache = new CompletionCache({ maxEntries: 10, maxBytes: 1e6 });
    cache.set('m', 'def f():', '', '\n    a = 1\n    return a');
    assert.deepEqual(cache.get('m', 'def f():\n    a = 1', ''), { remainder: '\n    return a', exact: false });
  });

  it('holds its byte bound', () => {
    const cache = new CompletionCache({ maxEntries: 1000, maxBytes: 50_000 });
    for (let i = 0; i < 500; i++) cache.set('m', `prefix ${i} ${'p'.repeat(200)}`, 's', 'c'.repeat(100));
    assert.ok(cache.calculatedBytes <= 50_000, `${cache.calculatedBytes} bytes`);
    assert.ok(cache.size < 500);
    assert.ok(cache.get('m', `prefix 499 ${'p'.repeat(200)}`, 's'), 'the newest entry survives');
  });
});
