// The usage view's chart: one slot a day for the last 30 days, requests, tokens (cache hit and
// miss) and money, with days holding estimated requests marked.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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
