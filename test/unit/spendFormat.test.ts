// Money as people read it: small sums keep enough decimals not to read as nothing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDayCost, formatSpend } from '../../src/engine/spendFormat';

describe('spend format', () => {
  it('formats money readably, small sums with four decimals', () => {
    assert.equal(formatSpend(0.0562, 'USD'), '$0.0562');
    assert.equal(formatSpend(0.5, 'USD'), '$0.50');
    assert.equal(formatSpend(12.3, 'USD'), '$12.30');
    assert.equal(formatSpend(0, 'USD'), '$0.00');
    assert.equal(formatSpend(0.0000089, 'USD'), '$0.000009', 'a few requests do not read as nothing');
    assert.equal(formatSpend(1.5, 'CNY'), 'CN¥1.50');
    assert.equal(formatSpend(0.25, 'credits'), '0.2500 credits');
    assert.equal(formatDayCost({ date: '2026-09-14', requests: 0, promptTokens: 0, cacheHitTokens: 0, cacheMissTokens: 0, completionTokens: 0, estimatedRequests: 0, cost: {} }), '$0.00');
  });
});
