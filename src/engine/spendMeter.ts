// What the hosted API costs: per-day totals of requests, tokens by kind and money, kept across
// restarts through a store the editor layer provides. Pure: no editor API, no clock of its own.
//
// Money is computed at record time with the prices of the model the response named, at the time
// band in force when the request was sent (pricing/deepseekPricing.ts), and kept per currency so
// that a currency change mid-day does not add dollars to yuan, and per band so that the usage
// view can show what peak hours cost.
import type { PriceBand } from './pricing/priceBands';
import { PRICES_CHECKED, PRICES_SOURCE, PRICE_TABLES } from './pricing/priceTable';
import { addBandMoney, addMoney, copyBands, emptyDay, nonNegative, sanitizeDays } from './spendDays';
import type { TokenUsage } from './types';

export { formatDayCost, formatSpend } from './spendFormat';

export interface SpendPrices {
  readonly currency: string;
  readonly cacheHitPerMillion: number;
  readonly cacheMissPerMillion: number;
  readonly outputPerMillion: number;
  /** Where the numbers come from, shown next to the spend (a URL, or the setting's name). */
  readonly source?: string;
  /** The time band these prices are for; absent for a flat price. */
  readonly band?: PriceBand;
  /** The model billed (a retired name's successor). */
  readonly model?: string;
  /** YYYY-MM-DD the price table was checked. */
  readonly checked?: string;
}

/** deepseek-flash's off-peak list prices in USD: the fallback for a price that cannot be read. */
export const DEFAULT_SPEND_PRICES: SpendPrices = {
  currency: PRICE_TABLES[0].currency,
  ...PRICE_TABLES[0].rates.offPeak,
  source: PRICES_SOURCE,
  band: 'offPeak',
  model: PRICE_TABLES[0].model,
  checked: PRICES_CHECKED,
};

/** What a request cost per token: by the time it was sent and the model that answered. */
export type SpendPricing = (sentAt: Date, model: string | undefined) => SpendPrices;

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
  /** The same money split by the band each request was billed at (days recorded before bands existed have none). */
  readonly costByBand?: Readonly<Partial<Record<PriceBand, Readonly<Record<string, number>>>>>;
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
    private readonly prices: SpendPricing,
    private readonly options: SpendMeterOptions = {},
  ) {
    this.maxDays = Math.max(1, options.maxDays ?? SPEND_DAYS_KEPT);
    this.history = sanitizeDays(safeLoad(store)).slice(0, this.maxDays);
  }

  /**
   * Adds one request's usage to its day (the day it is recorded); returns what it cost in the
   * prices' currency, priced at the band when it was sent (usage.sentAt, else `at`).
   * `estimated`: usage guessed, not reported by the API.
   */
  record(usage: TokenUsage, at: Date = new Date(), estimated = false): number {
    const sentAt = usage.sentAt !== undefined && Number.isFinite(usage.sentAt) ? new Date(usage.sentAt) : at;
    const prices = normalizePrices(this.prices(sentAt, usage.model));
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
      cost: addMoney(before.cost, prices.currency, cost),
      ...(prices.band || before.costByBand ? { costByBand: addBandMoney(before.costByBand, prices.band, prices.currency, cost) } : {}),
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
    return this.history.map((day) => ({ ...day, cost: { ...day.cost }, ...(day.costByBand ? { costByBand: copyBands(day.costByBand) } : {}) }));
  }

  /** Share of prompt tokens billed at the cache-hit price (today when no day is given). */
  cacheHitShare(day: DayTotals = this.today()): number | undefined {
    return cacheHitShare(day);
  }

  /** The prices a request sent at `at` to `model` would be billed at, after sanitising. */
  currentPrices(at: Date = new Date(), model?: string): SpendPrices {
    return normalizePrices(this.prices(at, model));
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
 * Prices as the pricing gave them, checked once more: a missing or invalid field (not a finite
 * number >= 0, or an empty currency) falls back to the default's. No object at all: the defaults.
 */
export function normalizePrices(raw: unknown): SpendPrices {
  if (!raw || typeof raw !== 'object') return DEFAULT_SPEND_PRICES;
  const input = raw as Record<string, unknown>;
  const label = (name: 'source' | 'model' | 'checked') => (typeof input[name] === 'string' && (input[name] as string).trim() ? { [name]: (input[name] as string).trim() } : {});
  const band: { band?: PriceBand } = input.band === 'peak' || input.band === 'offPeak' ? { band: input.band } : {};
  const price = (name: 'cacheHitPerMillion' | 'cacheMissPerMillion' | 'outputPerMillion') => {
    const value = input[name];
    return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : DEFAULT_SPEND_PRICES[name];
  };
  const currency = typeof input.currency === 'string' && input.currency.trim() ? input.currency.trim() : DEFAULT_SPEND_PRICES.currency;
  return {
    currency,
    cacheHitPerMillion: price('cacheHitPerMillion'),
    cacheMissPerMillion: price('cacheMissPerMillion'),
    outputPerMillion: price('outputPerMillion'),
    ...label('source'),
    ...band,
    ...label('model'),
    ...label('checked'),
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

function safeLoad(store: SpendStore): unknown {
  try {
    return store.load();
  } catch {
    return undefined;
  }
}
