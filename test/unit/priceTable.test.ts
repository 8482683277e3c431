// The price tables: the numbers on DeepSeek's page (off-peak half of peak), retired names billed
// as their successor, a currency without a table falling back, and the age of a table.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_DEEPSEEK_MODEL, PRICE_TABLES, billedModel, isRetiredModel, priceTableFor, tableAgeDays } from '../../src/engine/pricing/priceTable';

describe('price tables', () => {
  it("deepseek-flash's prices as DeepSeek's page states them, per currency", () => {
    const usd = priceTableFor('deepseek-flash', 'USD');
    assert.deepEqual(usd.rates.peak, { cacheHitPerMillion: 0.006, cacheMissPerMillion: 0.3, outputPerMillion: 1.2 });
    assert.deepEqual(usd.rates.offPeak, { cacheHitPerMillion: 0.003, cacheMissPerMillion: 0.15, outputPerMillion: 0.6 });
    const cny = priceTableFor('deepseek-flash', 'CNY');
    assert.deepEqual(cny.rates.peak, { cacheHitPerMillion: 0.04, cacheMissPerMillion: 2, outputPerMillion: 8 });
    assert.equal(cny.checked, '2026-11-15');
    assert.match(cny.source, /^https:\/\/api-docs\.deepseek\.com\//);
  });

  it('every table charges off-peak exactly half of peak', () => {
    for (const table of PRICE_TABLES) {
      for (const name of ['cacheHitPerMillion', 'cacheMissPerMillion', 'outputPerMillion'] as const) {
        assert.ok(Math.abs(table.rates.offPeak[name] * 2 - table.rates.peak[name]) < 1e-12, `${table.model} ${table.currency} ${name}`);
      }
    }
  });

  it('retired names are billed as deepseek-flash; no name is the default', () => {
    assert.equal(DEFAULT_DEEPSEEK_MODEL, 'deepseek-flash');
    assert.equal(billedModel('deepseek-v4-flash'), 'deepseek-flash');
    assert.equal(billedModel('deepseek-v4-flash-vision-exp'), 'deepseek-flash');
    assert.equal(billedModel('deepseek-v4-pro'), 'deepseek-v4-pro');
    assert.equal(billedModel(undefined), 'deepseek-flash');
    assert.ok(isRetiredModel(' deepseek-v4-flash '));
    assert.ok(!isRetiredModel('deepseek-flash'));
    assert.equal(priceTableFor('deepseek-v4-flash', 'USD'), priceTableFor('deepseek-flash', 'USD'));
  });

  it('a model without a table in the currency keeps its own prices in USD; an unknown model is priced as the default', () => {
    const pro = priceTableFor('deepseek-v4-pro', 'CNY');
    assert.equal(pro.currency, 'USD');
    assert.equal(pro.rates.peak.outputPerMillion, 3.96);
    assert.equal(priceTableFor('someone-elses-model', 'CNY'), priceTableFor('deepseek-flash', 'CNY'));
  });

  it('counts a table\'s age in whole days', () => {
    assert.equal(tableAgeDays('2026-11-15', new Date('2026-12-08T00:20:00Z')), 23);
    assert.equal(tableAgeDays('2026-11-15', new Date('2027-02-14T00:00:00Z')), 91);
    assert.equal(tableAgeDays('not a date', new Date()), Number.POSITIVE_INFINITY);
  });
});
