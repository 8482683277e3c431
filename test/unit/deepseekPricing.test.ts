// One request's prices: the band when it was sent (fake clock), the model the response named, the
// account's currency, and the setting overriding any of it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { priceAt } from '../../src/engine/pricing/deepseekPricing';

const PEAK = new Date('2026-12-08T02:00:00Z'); // Tuesday 10:00 in Beijing
const OFF_PEAK = new Date('2026-12-08T12:00:00Z'); // Tuesday 20:00 in Beijing
const WEEKEND = new Date('2026-12-12T02:00:00Z'); // Saturday 10:00 in Beijing
const HOLIDAY = new Date('2026-10-01T02:00:00Z'); // National Day, Thursday 10:00

describe('DeepSeek pricing', () => {
  it('a request is priced at the band in force when it was sent', () => {
    assert.deepEqual(pick(priceAt(PEAK, 'deepseek-flash')), ['USD', 'peak', 0.006, 0.3, 1.2]);
    assert.deepEqual(pick(priceAt(OFF_PEAK, 'deepseek-flash')), ['USD', 'offPeak', 0.003, 0.15, 0.6]);
    assert.deepEqual(pick(priceAt(WEEKEND, 'deepseek-flash')), ['USD', 'offPeak', 0.003, 0.15, 0.6]);
    assert.deepEqual(pick(priceAt(HOLIDAY, 'deepseek-flash')), ['USD', 'offPeak', 0.003, 0.15, 0.6]);
  });

  it("in the account's currency; a retired name at its successor's prices", () => {
    const cny = priceAt(PEAK, 'deepseek-v4-flash', { accountCurrency: 'CNY' });
    assert.deepEqual(pick(cny), ['CNY', 'peak', 0.04, 2, 8]);
    assert.equal(cny.model, 'deepseek-flash');
    assert.equal(cny.checked, '2026-11-15');
    assert.deepEqual(pick(priceAt(OFF_PEAK, 'deepseek-v4-pro')), ['USD', 'offPeak', 0.022, 0.66, 1.98]);
  });

  it('the setting overrides the currency, every band, or one band', () => {
    assert.equal(priceAt(PEAK, 'deepseek-flash', { accountCurrency: 'CNY', override: { currency: 'USD' } }).currency, 'USD');
    const flat = priceAt(PEAK, 'deepseek-flash', { override: { cacheHitPerMillion: 0.01, cacheMissPerMillion: 0.1, outputPerMillion: 0.2 } });
    assert.deepEqual(pick(flat), ['USD', 'peak', 0.01, 0.1, 0.2]);
    assert.equal(flat.source, 'deepseekFim.deepseek.prices');
    const onlyPeakOutput = { peak: { outputPerMillion: 5 } };
    assert.equal(priceAt(PEAK, 'deepseek-flash', { override: onlyPeakOutput }).outputPerMillion, 5);
    assert.equal(priceAt(OFF_PEAK, 'deepseek-flash', { override: onlyPeakOutput }).outputPerMillion, 0.6);
  });

  it('a hand-edited setting with bad values keeps the table; a currency with no table keeps the table currency unless fully priced', () => {
    assert.deepEqual(pick(priceAt(PEAK, 'deepseek-flash', { override: { cacheHitPerMillion: -1, outputPerMillion: 'cheap', peak: [] } })), ['USD', 'peak', 0.006, 0.3, 1.2]);
    assert.equal(priceAt(PEAK, 'deepseek-flash', { override: { currency: 'EUR' } }).currency, 'USD');
    assert.equal(priceAt(PEAK, 'deepseek-flash', { override: { currency: 'EUR', cacheHitPerMillion: 0.01, cacheMissPerMillion: 0.1, outputPerMillion: 0.2 } }).currency, 'EUR');
  });
});

function pick(p: ReturnType<typeof priceAt>): unknown[] {
  return [p.currency, p.band, p.cacheHitPerMillion, p.cacheMissPerMillion, p.outputPerMillion];
}
