// The usage view's chart: one slot a day for the last 30 days, requests, tokens (cache hit and
// miss) and money, with days holding estimated requests marked; its words in the display language.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DayTotals } from '../../src/engine/spendMeter';
import { english } from '../../src/engine/translate';
import { CHART_DAYS, renderUsageChart } from '../../src/engine/usageChart';
import { USAGE_DAYS as days, USAGE_TODAY as today } from '../support/usageDays';

describe('usage chart', () => {
  it('draws one slot per day for the last 30 days, with each day\'s figures', () => {
    const svg = renderUsageChart(days, today, 'USD');
    const titles = [...svg.matchAll(/<title>([^<]*)<\/title>/g)].map((m) => m[1]);
    assert.equal(titles.length, 3 * CHART_DAYS, 'requests, tokens and money for every day');
    assert.ok(titles.includes('2026-12-02: 34 requests (includes 1 estimated)'));
    assert.ok(titles.includes('2026-12-02: 45000 cache-hit and 11809 cache-miss tokens (includes 1 estimated)'));
    assert.ok(titles.includes('2026-11-20: 5 requests'));
    assert.ok(titles.includes('2026-11-03: 0 requests'), 'a day without requests still has its slot');
    assert.ok(!svg.includes('2026-10-01'), 'older than 30 days: not drawn');
    assert.equal((svg.match(/class="estimated"/g) ?? []).length, 3, 'the day with an estimate is outlined in every panel');
    assert.match(svg, /class="hit"/);
    assert.match(svg, /class="miss"/);
    assert.ok(!svg.includes('style='), 'no inline styles (the view\'s policy allows none)');
  });
});

const day: DayTotals = { date: '2026-12-02', requests: 7, promptTokens: 100, cacheHitTokens: 60, cacheMissTokens: 40, completionTokens: 9, estimatedRequests: 0, cost: { CNY: 1.5 } };
/** A stand-in language that marks every translated text, to see which texts went through `t`. */
const marked = (message: string, ...args: Array<string | number>) => `«${english(message, ...args)}»`;

describe('the usage chart in the display language', () => {
  const svg = renderUsageChart([day], new Date(2026, 11, 2), 'CNY', marked);

  it('panel titles and the highest day go through t', () => {
    assert.match(svg, />««Requests» — highest day 7»</);
    assert.match(svg, />««Prompt tokens: cache hit \/ cache miss» — highest day 100»</);
    assert.match(svg, /««Money \(CNY\)» — highest day /);
  });

  it('each day\'s hover text and the accessible label go through t; dates stay outside it', () => {
    assert.ok(svg.includes('<title>2026-12-02: «7 requests»</title>'));
    assert.ok(svg.includes('<title>2026-12-02: «60 cache-hit and 40 cache-miss tokens»</title>'));
    assert.match(svg, /aria-label="«Usage for the 30 days 2026-11-03 to 2026-12-02»"/);
  });

  it('English when no t is given', () => {
    assert.equal(renderUsageChart([day], new Date(2026, 11, 2), 'CNY'), renderUsageChart([day], new Date(2026, 11, 2), 'CNY', english));
    assert.match(renderUsageChart([day], new Date(2026, 11, 2), 'CNY'), />Requests — highest day 7</);
  });
});
