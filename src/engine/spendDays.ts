// The per-day records of the spend meter: an empty day, money added per currency and band, and
// stored days read back as written by an earlier version or edited by hand. Pure.
import type { PriceBand } from './pricing/priceBands';
import type { DayTotals } from './spendMeter';

export function addMoney(money: Readonly<Record<string, number>> | undefined, currency: string, amount: number): Record<string, number> {
  return { ...money, [currency]: (money?.[currency] ?? 0) + amount };
}

export function addBandMoney(bands: DayTotals['costByBand'], band: PriceBand | undefined, currency: string, amount: number): NonNullable<DayTotals['costByBand']> {
  const copy = copyBands(bands ?? {});
  if (band) copy[band] = addMoney(copy[band], currency, amount);
  return copy;
}

export function copyBands(bands: NonNullable<DayTotals['costByBand']>): Partial<Record<PriceBand, Record<string, number>>> {
  const copy: Partial<Record<PriceBand, Record<string, number>>> = {};
  for (const band of ['peak', 'offPeak'] as const) if (bands[band]) copy[band] = { ...bands[band] };
  return copy;
}

export function nonNegative(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}

export function emptyDay(date: string): DayTotals {
  return { date, requests: 0, promptTokens: 0, cacheHitTokens: 0, cacheMissTokens: 0, completionTokens: 0, estimatedRequests: 0, cost: {} };
}

/** Stored days as written by an earlier version or edited by hand: keep what is well formed. */
export function sanitizeDays(raw: unknown): DayTotals[] {
  if (!Array.isArray(raw)) return [];
  const byDate = new Map<string, DayTotals>();
  for (const entry of raw) {
    if (!entry || typeof entry !== 'object') continue;
    const day = entry as Record<string, unknown>;
    if (typeof day.date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(day.date) || byDate.has(day.date)) continue;
    const count = (name: string) => (typeof day[name] === 'number' ? nonNegative(day[name] as number) : 0);
    const cost = sanitizeMoney(day.cost);
    const bands = day.costByBand && typeof day.costByBand === 'object' ? (day.costByBand as Record<string, unknown>) : undefined;
    const costByBand = bands ? { ...(bands.peak ? { peak: sanitizeMoney(bands.peak) } : {}), ...(bands.offPeak ? { offPeak: sanitizeMoney(bands.offPeak) } : {}) } : undefined;
    byDate.set(day.date, {
      date: day.date,
      requests: count('requests'),
      promptTokens: count('promptTokens'),
      cacheHitTokens: count('cacheHitTokens'),
      cacheMissTokens: count('cacheMissTokens'),
      completionTokens: count('completionTokens'),
      estimatedRequests: count('estimatedRequests'),
      cost,
      ...(costByBand ? { costByBand } : {}),
    });
  }
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
}

function sanitizeMoney(raw: unknown): Record<string, number> {
  const money: Record<string, number> = {};
  if (!raw || typeof raw !== 'object') return money;
  for (const [currency, amount] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof amount === 'number' && Number.isFinite(amount) && amount >= 0) money[currency] = amount;
  }
  return money;
}
