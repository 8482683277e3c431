import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sleep } from '../../src/engine/abortableSleep';

describe('abortable sleep', () => {
  it('resolves true after the time', async () => {
    const started = performance.now();
    assert.equal(await sleep(30, new AbortController().signal), true);
    assert.ok(performance.now() - started >= 25);
  });

  it('resolves false as soon as the signal aborts, and at once when it already has', async () => {
    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => controller.abort(), 10);
    assert.equal(await sleep(5_000, controller.signal), false);
    assert.ok(performance.now() - started < 1_000);
    assert.equal(await sleep(5_000, controller.signal), false);
  });

  it('no wait for zero', async () => {
    assert.equal(await sleep(0, new AbortController().signal), true);
  });
});
