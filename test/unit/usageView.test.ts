// The usage view's figures: a request aborted after it was sent is billed by the server but never
// reported, so the meter counts it with an estimate; the chart and the page show the days and
// mark the estimate.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DeepSeekBackend } from '../../src/backends/deepseekBackend';
import { DEFAULT_SPEND_PRICES, SpendMeter, type DayTotals, type SpendStore } from '../../src/engine/spendMeter';
import type { CompletionRequest } from '../../src/engine/types';
import { UsageCalibration, watchUnreportedUsage } from '../../src/engine/unreportedUsage';
import { CHART_DAYS, renderUsageChart } from '../../src/engine/usageChart';
import { renderUsagePage } from '../../src/engine/usagePage';
import { FIXTURE_DEFAULT_KEY, startDeepSeekFixture } from '../fixtures/deepseekFixture';

const memory = (): SpendStore => ({ load: () => undefined, save: () => undefined });
const money = (hit: number, miss: number, out: number) =>
  (hit * DEFAULT_SPEND_PRICES.cacheHitPerMillion + miss * DEFAULT_SPEND_PRICES.cacheMissPerMillion + out * DEFAULT_SPEND_PRICES.outputPerMillion) / 1e6;

function day(date: string, fields: Partial<DayTotals> = {}): DayTotals {
  return { date, requests: 0, promptTokens: 0, cacheHitTokens: 0, cacheMissTokens: 0, completionTokens: 0, estimatedRequests: 0, cost: {}, ...fields };
}

describe('usage the server bills but never reports', () => {
  it('counts a request aborted after sending, estimated close to what the fixture billed', async () => {
    const server = await startDeepSeekFixture();
    try {
      const meter = new SpendMeter(memory(), () => DEFAULT_SPEND_PRICES);
      const calibration = new UsageCalibration();
      const backend = watchUnreportedUsage(new DeepSeekBackend({ baseUrl: server.betaUrl, model: 'deepseek-v4-flash', apiKey: FIXTURE_DEFAULT_KEY }), {
        sent: (request) => calibration.sent(request),
        reported: (request, usage) => calibration.note(request, usage),
        unreported: (request, seq, streamed) => meter.record(calibration.estimate(request, seq, streamed), new Date(), true),
      });
      const code = Array.from({ length: 200 }, (_, i) => `    total += values[${i}] * ${i}`).join('\n');
      const request = (typed: string): CompletionRequest => ({ model: 'deepseek-v4-flash', prefix: `${code}\n${typed}`, suffix: '\n', maxTokens: 64, temperature: 0, stop: ['\n'] });
      // Answered in full: usage reported (the engine records it), and the estimate calibrated.
      for await (const event of backend.complete(request('ret'), new AbortController().signal)) if (event.type === 'done' && event.usage) meter.record(event.usage);
      // The next keystroke's request: the server takes it, the client leaves before the answer.
      server.setLatency({ firstTokenMs: 2000, perTokenMs: 0 });
      const controller = new AbortController();
      const aborted = (async () => {
        for await (const event of backend.complete(request('retu'), controller.signal)) void event;
      })();
      while (server.completionRequests().length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
      await new Promise((resolve) => setTimeout(resolve, 50));
      controller.abort();
      await assert.rejects(aborted);

      const billed = server.totals();
      const shown = meter.today();
      assert.equal(billed.requests, 2, 'the fixture billed the aborted request');
      assert.equal(shown.requests, 2);
      assert.equal(shown.estimatedRequests, 1);
      const shownPrompt = shown.cacheHitTokens + shown.cacheMissTokens;
      assert.ok(Math.abs(shownPrompt - billed.promptTokens) <= billed.promptTokens * 0.01, `prompt tokens shown ${shownPrompt}, billed ${billed.promptTokens}`);
      assert.equal(shown.cacheHitTokens, billed.hitTokens, 'the aborted prompt extends the first one: its shared cache units are hits');
      const shownMoney = shown.cost.USD ?? 0;
      const billedMoney = money(billed.hitTokens, billed.missTokens, billed.completionTokens);
      assert.ok(Math.abs(shownMoney - billedMoney) / billedMoney < 0.05, `shown ${shownMoney}, billed ${billedMoney}`);
    } finally {
      await server.close();
    }
  });

  it('does not count a request the server refused (nothing billed)', async () => {
    const calls: string[] = [];
    const failing = watchUnreportedUsage(
      {
        label: 'refusing',
        model: 'm',
        async *complete() {
          throw new Error('HTTP 429');
        },
      },
      { sent: () => 0, reported: () => calls.push('reported'), unreported: () => calls.push('unreported') },
    );
    await assert.rejects(async () => {
      for await (const event of failing.complete({ model: 'm', prefix: 'a', suffix: '', maxTokens: 1, temperature: 0, stop: [] }, new AbortController().signal)) void event;
    });
    assert.deepEqual(calls, []);
    assert.equal(failing.label, 'refusing', 'the watched backend keeps the original properties');
  });
});

describe('usage chart and page', () => {
  const today = new Date(2026, 11, 2, 15);
  const days = [
    day('2026-12-02', { requests: 34, cacheHitTokens: 45000, cacheMissTokens: 11809, promptTokens: 56809, completionTokens: 400, estimatedRequests: 1, cost: { USD: money(45000, 11809, 400) } }),
    day('2026-11-20', { requests: 5, cacheHitTokens: 100, cacheMissTokens: 900, promptTokens: 1000, cost: { USD: money(100, 900, 0) } }),
    day('2026-10-01', { requests: 99, cacheHitTokens: 1, cacheMissTokens: 1, promptTokens: 2, cost: { USD: 1 } }),
  ];

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

  it('the page shows totals, prices, marks estimates, and runs nothing', () => {
    const html = renderUsagePage({ days, today, prices: DEFAULT_SPEND_PRICES, nonce: 'abc123' });
    assert.match(html, /content="default-src 'none'; style-src 'nonce-abc123';"/);
    assert.ok(!/<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)/.test(html), 'no scripts and no remote resources');
    assert.match(html, /39 requests/);
    assert.match(html, /Includes 1 estimated request/);
    assert.match(html, /34 \(1 est\.\)/);
    assert.match(html, /cache hit 0\.028, cache miss 0\.14, output 0\.28/);
    const withoutEstimates = renderUsagePage({ days: [days[1]], today, prices: DEFAULT_SPEND_PRICES, nonce: 'n' });
    assert.ok(!withoutEstimates.includes('estimated request'));
  });
});
