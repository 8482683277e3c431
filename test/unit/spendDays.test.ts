// The meter's stored days: money added per currency and band, and days written by an older
// version (no bands) or edited by hand read back without losing what is well formed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addBandMoney, addMoney, sanitizeDays } from '../../src/engine/spendDays';

describe('spend days', () => {
  it('adds money per currency and per band', () => {
    assert.deepEqual(addMoney({ USD: 1 }, 'CNY', 2), { USD: 1, CNY: 2 });
    const once = addBandMoney(undefined, 'peak', 'USD', 0.5);
    const twice = addBandMoney(once, 'offPeak', 'USD', 0.25);
    assert.deepEqual(twice, { peak: { USD: 0.5 }, offPeak: { USD: 0.25 } });
    assert.deepEqual(once, { peak: { USD: 0.5 } }, 'the earlier record is not changed');
  });

  it('reads days from before bands and drops malformed band money', () => {
    const days = sanitizeDays([
      { date: '2026-12-01', requests: 2, cost: { USD: 0.1 } },
      { date: '2026-12-02', requests: 1, cost: { USD: 0.2 }, costByBand: { peak: { USD: 0.2, CNY: -3 }, offPeak: 'x' } },
    ]);
    assert.equal(days[0].date, '2026-12-02');
    assert.deepEqual(days[0].costByBand, { peak: { USD: 0.2 }, offPeak: {} });
    assert.equal(days[1].costByBand, undefined);
  });
});
