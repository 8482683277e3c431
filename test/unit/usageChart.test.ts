// The usage chart's words come from the `t` it is given: panel titles, each day's hover text and
// the chart's accessible label; the numbers, dates and money stay as they are.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DayTotals } from '../../src/engine/spendMeter';
import { english } from '../../src/engine/translate';
import { renderUsageChart } from '../../src/engine/usageChart';

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
