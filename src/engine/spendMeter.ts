// What the hosted API costs: per-day totals of requests, tokens by kind and money, kept across
// restarts through a store the editor layer provides. Pure: no editor API, no clock of its own.
//
// Money is computed at record time with the prices in force then (prices are a setting and
// changed several times in 2026), and kept per currency so that a currency change mid-day
// does not add dollars to yuan.
import type { TokenUsage } from './types';

import { DEFAULT_CURRENCY } from './spendFormat';

export { formatDayCost, formatSpend } from './spendFormat';

export interface SpendPrices {
  readonly currency: string;
  readonly cacheHitPerMillion: number;
  readonly cacheMissPerMillion: number;
  readonly outputPerMillion: number;
  /** Where the numbers come from, shown next to the spend (e.g. "list prices, 2026-09"). */
  readonly source?: string;
}

/** The default of the setting deepseekFim.deepseek.prices (package.json). */
export const DEFAULT_SPEND_PRICES: SpendPrices = {
  currency: DEFAULT_CURRENCY,
  cacheHitPerMillion: 0.028,
  cacheMissPerMillion: 0.14,
  outputPerMillion: 0.28,
  source: 'deepseek-v4-flash list prices, 2026-09',
};

export interface DayTotals {
  /** Local calendar date, YYYY-MM-DD. */
  readonly date: string;
  readonly requests: number;
  /** Prompt tokens billed (= cache hit + cache miss). */
  readonly promptTokens: number;
  readonly cacheHitTokens: number;
  readonly cacheMissTokens: number;
  readonly completionTokens: number;
  /** Requests aborted after sending: billed, but their usage never came, so it is estimated (already in the other figures). */
  readonly estimatedRequests: number;
  /** Money spent, per currency code (normally one entry). */
  readonly cost: Readonly<Record<string, number>>;
}

export interface SpendStore {
  load(): DayTotals[] | undefined;
  /** Called after every record; the store may debounce the actual write. */
  save(days: DayTotals[]): void | Promise<void>;
}

export interface SpendMeterOptions {
  /** Days kept, newest first. Default 90. */
  readonly maxDays?: number;
  /** Told when the store fails to save (the meter keeps counting in memory). */
  readonly onSaveError?: (error: unknown) => void;
}

export const SPEND_DAYS_KEPT = 90;

export class SpendMeter {
  /** Newest first. */
  private history: DayTotals[];
  private readonly maxDays: number;

  constructor(
    private readonly store: SpendStore,
    private readonly prices: () => SpendPrices,
    private readonly options: SpendMeterOptions = {},
  ) {
    this.maxDays = Math.max(1, options.maxDays ?? SPEND_DAYS_KEPT);
    this.history = sanitizeDays(safeLoad(store)).slice(0, this.maxDays);
  }

  /** Adds one request's usage to its day; returns what it cost in the prices' currency. `estimated`: usage guessed, not reported by the API. */
  record(usage: TokenUsage, at: Date = new Date(), estimated = false): number {
    const prices = normalizePrices(this.prices());
    const split = splitPromptTokens(usage);
    const completionTokens = nonNegative(usage.completionTokens);
    const cost = (split.hit * prices.cacheHitPerMillion + split.miss * prices.cacheMissPerMillion + completionTokens * prices.outputPerMillion) / 1_000_000;
    const date = localDateKey(at);
    const index = this.history.findIndex((day) => day.date === date);
    const before = index >= 0 ? this.history[index] : emptyDay(date);
    const after: DayTotals = {
      date,
      requests: before.requests + 1,
      promptTokens: before.promptTokens + split.hit + split.miss,
      cacheHitTokens: before.cacheHitTokens + split.hit,
      cacheMissTokens: before.cacheMissTokens + split.miss,
      completionTokens: before.completionTokens + completionTokens,
      estimatedRequests: before.estimatedRequests + (estimated ? 1 : 0),
      cost: { ...before.cost, [prices.currency]: (before.cost[prices.currency] ?? 0) + cost },
    };
    if (index >= 0) this.history[index] = after;
    else this.history.push(after);
    this.history.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
    this.history.length = Math.min(this.history.length, this.maxDays);
    this.persist();
    return cost;
  }

  /** Today's totals (zeros when nothing was recorded today). */
  today(now: Date = new Date()): DayTotals {
    const date = localDateKey(now);
    return this.history.find((day) => day.date === date) ?? emptyDay(date);
  }

  /** Every kept day, newest first. */
  days(): DayTotals[] {
    return this.history.map((day) => ({ ...day, cost: { ...day.cost } }));
  }

  /** Share of prompt tokens billed at the cache-hit price (today when no day is given). */
  cacheHitShare(day: DayTotals = this.today()): number | undefined {
    return cacheHitShare(day);
  }

  /** The prices the next record will use, after sanitising. */
  currentPrices(): SpendPrices {
    return normalizePrices(this.prices());
  }

  private persist(): void {
    try {
      const saved = this.store.save(this.days());
      if (saved && typeof (saved as Promise<void>).catch === 'function') (saved as Promise<void>).catch((error: unknown) => this.options.onSaveError?.(error));
    } catch (error) {
      this.options.onSaveError?.(error);
    }
  }
}

/** hit / (hit + miss); undefined when the day billed no prompt tokens. */
export function cacheHitShare(day: DayTotals): number | undefined {
  const total = day.cacheHitTokens + day.cacheMissTokens;
  return total > 0 ? day.cacheHitTokens / total : undefined;
}

/**
 * Prices from a setting the user may have edited by hand: a missing or invalid field (not a
 * finite number >= 0, or an empty currency) falls back to the default's. No object at all:
 * the defaults, with their source.
 */
export function normalizePrices(raw: unknown): SpendPrices {
  if (!raw || typeof raw !== 'object') return DEFAULT_SPEND_PRICES;
  const input = raw as Record<string, unknown>;
  const price = (name: 'cacheHitPerMillion' | 'cacheMissPerMillion' | 'outputPerMillion') => {
    const value = input[name];
    return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : DEFAULT_SPEND_PRICES[name];
  };
  const currency = typeof input.currency === 'string' && input.currency.trim() ? input.currency.trim() : DEFAULT_SPEND_PRICES.currency;
  const source = typeof input.source === 'string' && input.source.trim() ? input.source.trim() : undefined;
  return {
    currency,
    cacheHitPerMillion: price('cacheHitPerMillion'),
    cacheMissPerMillion: price('cacheMissPerMillion'),
    outputPerMillion: price('outputPerMillion'),
    ...(source ? { source } : {}),
  };
}

/** YYYY-MM-DD in local time: a "day" is the user's day, not UTC's. */
export function localDateKey(at: Date): string {
  const month = String(at.getMonth() + 1).padStart(2, '0');
  const day = String(at.getDate()).padStart(2, '0');
  return `${at.getFullYear()}-${month}-${day}`;
}

/** Hit and miss tokens; with only prompt_tokens, all of them count as misses. */
function splitPromptTokens(usage: TokenUsage): { hit: number; miss: number } {
  const prompt = nonNegative(usage.promptTokens);
  const hitGiven = usage.promptCacheHitTokens !== undefined ? nonNegative(usage.promptCacheHitTokens) : undefined;
  const missGiven = usage.promptCacheMissTokens !== undefined ? nonNegative(usage.promptCacheMissTokens) : undefined;
  if (hitGiven !== undefined && missGiven !== undefined) return { hit: hitGiven, miss: missGiven };
  if (hitGiven !== undefined) return { hit: hitGiven, miss: Math.max(0, prompt - hitGiven) };
  if (missGiven !== undefined) return { hit: Math.max(0, prompt - missGiven), miss: missGiven };
  return { hit: 0, miss: prompt };
}

function nonNegative(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}

function emptyDay(date: string): DayTotals {
  return { date, requests: 0, promptTokens: 0, cacheHitTokens: 0, cacheMissTokens: 0, completionTokens: 0, estimatedRequests: 0, cost: {} };
}

function safeLoad(store: SpendStore): unknown {
  try {
    return store.load();
  } catch {
    return undefined;
  }
}

/** Stored days as written by an earlier version or edited by hand: keep what is well formed. */
function sanitizeDays(raw: unknown): DayTotals[] {
  if (!Array.isArray(raw)) return [];
  const byDate = new Map<string, DayTotals>();
  for (const entry of raw) {
    if (!entry || typeof entry !== 'object') continue;
    const day = entry as Record<string, unknown>;
    if (typeof day.date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(day.date) || byDate.has(day.date)) continue;
    const count = (name: string) => (typeof day[name] === 'number' ? nonNegative(day[name] as number) : 0);
    const cost: Record<string, number> = {};
    if (day.cost && typeof day.cost === 'object') {
      for (const [currency, amount] of Object.entries(day.cost as Record<string, unknown>)) {
        if (typeof amount === 'number' && Number.isFinite(amount) && amount >= 0) cost[currency] = amount;
      }
    }
    byDate.set(day.date, {
      date: day.date,
      requests: count('requests'),
      promptTokens: count('promptTokens'),
      cacheHitTokens: count('cacheHitTokens'),
      cacheMissTokens: count('cacheMissTokens'),
      completionTokens: count('completionTokens'),
      estimatedRequests: count('estimatedRequests'),
      cost,
    });
  }
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
}
