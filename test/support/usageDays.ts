// Day totals for usage tests: a day of a DeepSeek typing session with one request the server
// billed but never reported, a quiet day, and a day too old for the 30-day chart.
import { DEFAULT_SPEND_PRICES, type DayTotals } from '../../src/engine/spendMeter';

/** Money for token counts at the default prices. */
export const money = (hit: number, miss: number, out: number): number =>
  (hit * DEFAULT_SPEND_PRICES.cacheHitPerMillion + miss * DEFAULT_SPEND_PRICES.cacheMissPerMillion + out * DEFAULT_SPEND_PRICES.outputPerMillion) / 1e6;

export function day(date: string, fields: Partial<DayTotals> = {}): DayTotals {
  return { date, requests: 0, promptTokens: 0, cacheHitTokens: 0, cacheMissTokens: 0, completionTokens: 0, estimatedRequests: 0, cost: {}, ...fields };
}

export const USAGE_TODAY = new Date(2026, 11, 2, 15);

export const USAGE_DAYS: readonly DayTotals[] = [
  day('2026-12-02', { requests: 34, cacheHitTokens: 45000, cacheMissTokens: 11809, promptTokens: 56809, completionTokens: 400, estimatedRequests: 1, cost: { USD: money(45000, 11809, 400) } }),
  day('2026-11-20', { requests: 5, cacheHitTokens: 100, cacheMissTokens: 900, promptTokens: 1000, cost: { USD: money(100, 900, 0) } }),
  day('2026-10-01', { requests: 99, cacheHitTokens: 1, cacheMissTokens: 1, promptTokens: 2, cost: { USD: 1 } }),
];
