// The spend meter: per-day totals, money at the prices in force, persistence across restarts,
// and the figures the status bar shows. The last case bills real responses from the fixture.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DeepSeekBackend } from '../../src/backends/deepseek/completion';
import {
  DEFAULT_SPEND_PRICES,
  SpendMeter,
  cacheHitShare,
  formatDayCost,
  localDateKey,
  normalizePrices,
  type DayTotals,
  type SpendPrices,
  type SpendStore,
} from '../../src/engine/spendMeter';
import { priceAt } from '../../src/engine/pricing/deepseekPricing';
import type { TokenUsage } from '../../src/engine/types';
import { FIXTURE_DEFAULT_KEY, startDeepSeekFixture } from '../fixtures/deepseekFixture';

const PRICES: SpendPrices = { currency: 'USD', cacheHitPerMillion: 0.028, cacheMissPerMillion: 0.14, outputPerMillion: 0.28, source: 'test' };

class MemoryStore implements SpendStore {
  saved: DayTotals[] | undefined;
  saves = 0;
  constructor(initial?: unknown) {
    this.saved = initial as DayTotals[] | undefined;
  }
  load(): DayTotals[] | undefined {
    return this.saved === undefined ? undefined : JSON.parse(JSON.stringify(this.saved));
  }
  save(days: DayTotals[]): void {
    this.saves++;
    this.saved = JSON.parse(JSON.stringify(days));
  }
}

const at = (y: number, m: number, d: number, h = 12, min = 0) => new Date(y, m - 1, d, h, min);

function money(hit: number, miss: number, out: number, prices = PRICES): number {
  return (hit * prices.cacheHitPerMillion + miss * prices.cacheMissPerMillion + out * prices.outputPerMillion) / 1e6;
}

function assertClose(actual: number | undefined, expected: number): void {
  assert.ok(actual !== undefined && Math.abs(actual - expected) < 1e-12, `${actual} != ${expected}`);
}

describe('spend meter', () => {
  it('adds requests, tokens by kind and money to the day', () => {
    const meter = new SpendMeter(new MemoryStore(), () => PRICES);
    const day = at(2026, 9, 14);
    const first = meter.record({ promptTokens: 1000, completionTokens: 100, promptCacheHitTokens: 768, promptCacheMissTokens: 232 }, day);
    meter.record({ promptTokens: 500, completionTokens: 20, promptCacheHitTokens: 448, promptCacheMissTokens: 52 }, day);
    assertClose(first, money(768, 232, 100));
    const today = meter.today(day);
    assert.equal(today.date, '2026-09-14');
    assert.equal(today.requests, 2);
    assert.equal(today.promptTokens, 1500);
    assert.equal(today.cacheHitTokens, 1216);
    assert.equal(today.cacheMissTokens, 284);
    assert.equal(today.completionTokens, 120);
    assertClose(today.cost.USD, money(1216, 284, 120));
    assertClose(meter.cacheHitShare(today), 1216 / 1500);
  });

  it('counts every prompt token as a miss when the API gives only prompt_tokens', () => {
    const meter = new SpendMeter(new MemoryStore(), () => PRICES);
    meter.record({ promptTokens: 400, completionTokens: 10 }, at(2026, 9, 14));
    const day = meter.today(at(2026, 9, 14));
    assert.equal(day.cacheHitTokens, 0);
    assert.equal(day.cacheMissTokens, 400);
    assertClose(day.cost.USD, money(0, 400, 10));
    // Only one side given: the other is the rest of prompt_tokens.
    meter.record({ promptTokens: 300, completionTokens: 0, promptCacheHitTokens: 256 }, at(2026, 9, 14));
    assert.equal(meter.today(at(2026, 9, 14)).cacheMissTokens, 444);
  });

  it('uses the prices in force at record time, per currency', () => {
    let prices: SpendPrices = PRICES;
    const meter = new SpendMeter(new MemoryStore(), () => prices);
    const day = at(2026, 9, 14);
    const usage: TokenUsage = { promptTokens: 1_000_000, completionTokens: 1_000_000, promptCacheHitTokens: 0, promptCacheMissTokens: 1_000_000 };
    meter.record(usage, day);
    prices = { ...PRICES, cacheMissPerMillion: 0.44, outputPerMillion: 1.32 };
    meter.record(usage, day);
    assertClose(meter.today(day).cost.USD, 0.14 + 0.28 + 0.44 + 1.32);
    prices = { currency: 'CNY', cacheHitPerMillion: 0.2, cacheMissPerMillion: 1, outputPerMillion: 2 };
    meter.record(usage, day);
    assertClose(meter.today(day).cost.CNY, 3);
    assertClose(meter.today(day).cost.USD, 0.14 + 0.28 + 0.44 + 1.32);
    assert.equal(formatDayCost(meter.today(day)), '$2.18 + CN¥3.00');
  });

  it('splits days at local midnight and lists them newest first', () => {
    const meter = new SpendMeter(new MemoryStore(), () => PRICES);
    meter.record({ promptTokens: 10, completionTokens: 1 }, at(2026, 9, 14, 23, 59));
    meter.record({ promptTokens: 20, completionTokens: 2 }, at(2026, 9, 15, 0, 1));
    meter.record({ promptTokens: 30, completionTokens: 3 }, at(2026, 9, 13, 8, 0));
    assert.deepEqual(
      meter.days().map((d) => [d.date, d.promptTokens]),
      [
        ['2026-09-15', 20],
        ['2026-09-14', 10],
        ['2026-09-13', 30],
      ],
    );
    assert.equal(localDateKey(at(2026, 1, 5, 0, 0)), '2026-01-05');
    assert.equal(meter.today(at(2026, 9, 16)).requests, 0, 'a day with nothing recorded is zeros');
  });

  it('saves after every record, and a new meter on the same store continues the totals', () => {
    const store = new MemoryStore();
    const first = new SpendMeter(store, () => PRICES);
    first.record({ promptTokens: 100, completionTokens: 10, promptCacheHitTokens: 64, promptCacheMissTokens: 36 }, at(2026, 9, 14));
    first.record({ promptTokens: 100, completionTokens: 10, promptCacheHitTokens: 64, promptCacheMissTokens: 36 }, at(2026, 9, 14));
    assert.equal(store.saves, 2);
    const restarted = new SpendMeter(store, () => PRICES);
    assert.deepEqual(restarted.days(), first.days());
    restarted.record({ promptTokens: 100, completionTokens: 10 }, at(2026, 9, 14));
    assert.equal(restarted.today(at(2026, 9, 14)).requests, 3);
    assertClose(restarted.today(at(2026, 9, 14)).cost.USD, 2 * money(64, 36, 10) + money(0, 100, 10));
  });

  it('keeps at most 90 days, dropping the oldest', () => {
    const store = new MemoryStore();
    const meter = new SpendMeter(store, () => PRICES);
    for (let i = 0; i < 100; i++) meter.record({ promptTokens: 1, completionTokens: 1 }, new Date(2026, 0, 1 + i, 12));
    const days = meter.days();
    assert.equal(days.length, 90);
    assert.equal(days[0].date, localDateKey(new Date(2026, 0, 100, 12)));
    assert.equal(days.at(-1)?.date, localDateKey(new Date(2026, 0, 11, 12)));
    assert.equal(store.saved?.length, 90);
  });

  it('ignores malformed stored data and survives a store that fails', () => {
    const store = new MemoryStore([{ date: '2026-09-14', requests: 2, promptTokens: 10, cacheHitTokens: 0, cacheMissTokens: 10, completionTokens: 1, cost: { USD: 0.5, XXX: 'junk' } }, { date: 'yesterday' }, null, 42]);
    const meter = new SpendMeter(store, () => PRICES);
    assert.deepEqual(
      meter.days().map((d) => [d.date, d.requests, d.cost]),
      [['2026-09-14', 2, { USD: 0.5 }]],
    );
    const errors: unknown[] = [];
    const failing = new SpendMeter(
      {
        load: () => {
          throw new Error('corrupt');
        },
        save: () => Promise.reject(new Error('disk full')),
      },
      () => PRICES,
      { onSaveError: (error) => errors.push(error) },
    );
    failing.record({ promptTokens: 5, completionTokens: 5 }, at(2026, 9, 14));
    assert.equal(failing.today(at(2026, 9, 14)).requests, 1, 'counting goes on in memory');
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        assert.equal(errors.length, 1);
        resolve();
      }),
    );
  });

  it('falls back to the default price for a field a user set to nonsense', () => {
    assert.deepEqual(normalizePrices({ currency: 'EUR', cacheHitPerMillion: -1, cacheMissPerMillion: 'cheap', outputPerMillion: 0.5 }), {
      currency: 'EUR',
      cacheHitPerMillion: DEFAULT_SPEND_PRICES.cacheHitPerMillion,
      cacheMissPerMillion: DEFAULT_SPEND_PRICES.cacheMissPerMillion,
      outputPerMillion: 0.5,
    });
    assert.deepEqual(normalizePrices(undefined), DEFAULT_SPEND_PRICES);
    const meter = new SpendMeter(new MemoryStore(), () => ({ ...PRICES, outputPerMillion: Number.NaN }));
    assertClose(meter.record({ promptTokens: 0, completionTokens: 1_000_000 }, at(2026, 9, 14)), DEFAULT_SPEND_PRICES.outputPerMillion);
  });

  it('cache-hit share is undefined for a day with no prompt tokens', () => {
    const meter = new SpendMeter(new MemoryStore(), () => PRICES);
    assert.equal(meter.cacheHitShare(meter.today(at(2026, 9, 14))), undefined);
    meter.record({ promptTokens: 200, completionTokens: 0, promptCacheHitTokens: 150, promptCacheMissTokens: 50 }, at(2026, 9, 14));
    assert.equal(cacheHitShare(meter.today(at(2026, 9, 14))), 0.75);
  });

  it('bills what the fixture DeepSeek server billed, request by request', async () => {
    const server = await startDeepSeekFixture();
    try {
      const backend = new DeepSeekBackend({ baseUrl: server.betaUrl, model: 'deepseek-v4-flash', apiKey: FIXTURE_DEFAULT_KEY });
      const meter = new SpendMeter(new MemoryStore(), () => PRICES);
      const day = at(2026, 9, 14);
      const prefix = Array.from({ length: 120 }, (_, i) => `line ${i} = ${i * 3}`).join('\n');
      for (let i = 0; i < 4; i++) {
        const request = { model: 'deepseek-v4-flash', prefix: `${prefix}\n# edit ${i}`, suffix: '\n', maxTokens: 64, temperature: 0, stop: [] };
        for await (const event of backend.complete(request, new AbortController().signal)) if (event.type === 'done' && event.usage) meter.record(event.usage, day);
      }
      const billed = server.totals();
      const today = meter.today(day);
      assert.equal(today.requests, billed.requests);
      assert.equal(today.cacheHitTokens, billed.hitTokens);
      assert.equal(today.cacheMissTokens, billed.missTokens);
      assert.equal(today.completionTokens, billed.completionTokens);
      assert.ok(today.cacheHitTokens > 0, 'the stable prefix hit the cache');
      assertClose(today.cost.USD, money(billed.hitTokens, billed.missTokens, billed.completionTokens));
    } finally {
      await server.close();
    }
  });

  it('prices each request at the band it was sent in, by the model the response named, and the day shows money per band', () => {
    const seen: [string, string | undefined][] = [];
    const meter = new SpendMeter(new MemoryStore(), (sentAt, model) => {
      seen.push([sentAt.toISOString(), model]);
      return priceAt(sentAt, model);
    });
    const usage: TokenUsage = { promptTokens: 1_000_000, completionTokens: 1_000_000, promptCacheHitTokens: 0, promptCacheMissTokens: 1_000_000, model: 'deepseek-flash' };
    const recordedAt = new Date('2026-12-08T04:30:00Z');
    // Sent at 11:59:30 Beijing time (peak), recorded after 12:00 (off-peak): billed at peak.
    meter.record({ ...usage, sentAt: Date.parse('2026-12-08T03:59:30Z') }, recordedAt);
    meter.record({ ...usage, sentAt: Date.parse('2026-12-08T04:10:00Z') }, recordedAt);
    assert.deepEqual(seen, [
      ['2026-12-08T03:59:30.000Z', 'deepseek-flash'],
      ['2026-12-08T04:10:00.000Z', 'deepseek-flash'],
    ]);
    const day = meter.today(recordedAt);
    assertClose(day.costByBand?.peak?.USD, 0.3 + 1.2);
    assertClose(day.costByBand?.offPeak?.USD, 0.15 + 0.6);
    assertClose(day.cost.USD, 0.3 + 1.2 + 0.15 + 0.6);
  });

  for (const [name, clock] of [
    ['peak', '2026-12-08T02:00:00Z'],
    ['off-peak', '2026-12-08T12:00:00Z'],
  ] as const) {
    it(`bills the fixture's money to the cent at ${name}, a retired model name billed as deepseek-flash`, async () => {
      const now = new Date(clock);
      const server = await startDeepSeekFixture({ currency: 'CNY', clock: () => now });
      try {
        const backend = new DeepSeekBackend({ baseUrl: server.betaUrl, model: 'deepseek-v4-flash', apiKey: FIXTURE_DEFAULT_KEY });
        const meter = new SpendMeter(new MemoryStore(), (sentAt, model) => priceAt(sentAt, model, { accountCurrency: 'CNY' }));
        const prefix = Array.from({ length: 120 }, (_, i) => `line ${i} = ${i * 3}`).join('\n');
        const models = new Set<string | undefined>();
        for (let i = 0; i < 4; i++) {
          const request = { model: 'deepseek-v4-flash', prefix: `${prefix}\n# edit ${i}`, suffix: '\n', maxTokens: 64, temperature: 0, stop: [] };
          for await (const event of backend.complete(request, new AbortController().signal)) {
            if (event.type !== 'done' || !event.usage) continue;
            models.add(event.usage.model);
            // The fake clock stands in for the send time the backend stamped.
            meter.record({ ...event.usage, sentAt: now.getTime() }, now);
          }
        }
        const billed = server.totals();
        assert.deepEqual([...models], ['deepseek-flash']);
        assert.equal(billed.currency, 'CNY');
        assert.ok(billed.money > 0);
        assertClose(meter.today(now).cost.CNY, billed.money);
        assertClose(meter.today(now).costByBand?.[name === 'peak' ? 'peak' : 'offPeak']?.CNY, billed.money);
      } finally {
        await server.close();
      }
    });
  }
});
