// The usage view's page: totals, the prices in use, estimates marked, and nothing that runs or
// loads from the network; its words in the display language.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_SPEND_PRICES, type DayTotals } from '../../src/engine/spendMeter';
import { priceAt } from '../../src/engine/pricing/deepseekPricing';
import { english } from '../../src/engine/translate';
import { renderUsagePage } from '../../src/engine/usagePage';
import { readBundle } from '../support/runtimeStrings';
import { USAGE_DAYS as days, USAGE_TODAY as today } from '../support/usageDays';

describe('usage page', () => {
  it('the page shows totals, prices, marks estimates, and runs nothing', () => {
    const html = renderUsagePage({ days, today, prices: DEFAULT_SPEND_PRICES, nonce: 'abc123' });
    assert.match(html, /content="default-src 'none'; style-src 'nonce-abc123';"/);
    assert.ok(!/<script|<(img|link|iframe)|src=|href=/.test(html), 'no scripts and no remote resources');
    assert.match(html, /39 requests/);
    assert.match(html, /Includes 1 estimated request/);
    assert.match(html, /34 \(1 est\.\)/);
    assert.match(html, /cache hit 0\.003, cache miss 0\.15, output 0\.6/);
    assert.match(html, /deepseek-flash, checked 2026-11-15, https:\/\/api-docs\.deepseek\.com/);
    const withoutEstimates = renderUsagePage({ days: [days[1]], today, prices: DEFAULT_SPEND_PRICES, nonce: 'n' });
    assert.ok(!withoutEstimates.includes('estimated request'));
  });
});

const chineseBundle = readBundle('l10n/bundle.l10n.zh-cn.json');
const chinese = (message: string, ...args: Array<string | number>) => english(chineseBundle[message] ?? `UNTRANSLATED(${message})`, ...args);
const oneDayToday = new Date(2026, 11, 2);
const oneDay: DayTotals[] = [
  { date: '2026-12-02', requests: 3, promptTokens: 900, cacheHitTokens: 600, cacheMissTokens: 300, completionTokens: 40, estimatedRequests: 1, cost: { [DEFAULT_SPEND_PRICES.currency]: 0.5 } },
];
const render = (t?: typeof english, language?: string) => renderUsagePage({ days: oneDay, today: oneDayToday, prices: DEFAULT_SPEND_PRICES, nonce: 'abc', t, language });

describe('the usage page in the display language', () => {
  it('in Chinese: headings, totals, the estimate note, the table and the chart, with the figures kept', () => {
    const html = render(chinese, 'zh-cn');
    assert.doesNotMatch(html, /UNTRANSLATED/);
    assert.match(html, /<html lang="zh-cn">/);
    assert.match(html, /<h1>DeepSeek API 用量<\/h1>/);
    assert.match(html, /最近 30 天：<strong>3 个请求<\/strong>，提示 token 缓存命中 600 个、未命中 300 个（命中比例 67%），输出 token 40 个/);
    assert.match(html, /包含 1 个估算的请求：这些请求在发送后被中止/);
    assert.match(html, /<th>日期<\/th>.*<th class="number">费用<\/th>/);
    assert.match(html, /3 （1 个为估算）/);
    assert.match(html, /aria-label="2026-11-03 至 2026-12-02 这 30 天的用量"/);
    assert.match(html, /<title>2026-12-02：?.*3 个请求/);
  });

  it('without a translation the page is the English one, the language tag English', () => {
    const html = render();
    assert.match(html, /<html lang="en">/);
    assert.match(html, /<p id="totals">Last 30 days: <strong>3 requests<\/strong>, 600 cache-hit and 300 cache-miss prompt tokens \(hit share 67%\), 40 output tokens, <strong>/);
    assert.equal(html, render(english, 'en'));
  });

  it('a display language tag cannot break out of the attribute', () => {
    assert.match(render(english, 'x" onload="y'), /<html lang="x&quot; onload=&quot;y">/);
  });
});

describe('the usage page: bands, price dates and stale data', () => {
  const peakDay: DayTotals = { ...oneDay[0], cost: { USD: 0.75 }, costByBand: { peak: { USD: 0.5 }, offPeak: { USD: 0.25 } } };
  const peak = priceAt(new Date('2026-12-02T02:00:00Z'), 'deepseek-flash');
  const offPeak = priceAt(new Date('2026-12-02T12:00:00Z'), 'deepseek-flash');

  it('shows the money per band and both bands\' prices, peak first', () => {
    const html = renderUsagePage({ days: [peakDay], today: oneDayToday, prices: offPeak, otherBandPrices: peak, nonce: 'n' });
    assert.match(html, /By band: peak <strong>\$0\.50<\/strong>, off-peak <strong>\$0\.25<\/strong>/);
    assert.match(html, /<li>peak: Per million tokens, USD: cache hit 0\.006, cache miss 0\.3, output 1\.2<\/li><li>off-peak: Per million tokens, USD: cache hit 0\.003, cache miss 0\.15, output 0\.6<\/li>/);
    assert.match(html, /Monday to Friday 09:00-12:00 and 14:00-18:00/);
    assert.doesNotMatch(html, /id="stale"/);
  });

  it('days recorded before bands show no band line', () => {
    assert.doesNotMatch(render(), /By band/);
  });

  it('warns when the price table is older than 90 days, and when the holiday list misses the year', () => {
    const later = new Date('2027-02-14T04:00:00Z');
    const html = renderUsagePage({ days: [], today: later, prices: priceAt(later, 'deepseek-flash'), nonce: 'n' });
    assert.match(html, /These prices were checked on 2026-11-15, more than 90 days ago/);
    assert.match(html, /does not cover 2027 yet/);
    const fresh = renderUsagePage({ days: [], today: new Date('2027-02-13T04:00:00Z'), prices: priceAt(later, 'deepseek-flash'), nonce: 'n' });
    assert.doesNotMatch(fresh, /id="stale"/);
  });
});
