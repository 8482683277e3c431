// DeepSeek's list prices as data: per model and currency, per band, each table with the date it
// was checked and where. When DeepSeek changes its prices, add or edit a table here (the usage
// view warns once a table is older than PRICES_STALE_AFTER_DAYS); users can override any of it
// with the setting deepseekFim.deepseek.prices (deepseekPricing.ts).
import type { PriceBand } from './priceBands';

export interface BandRates {
  readonly cacheHitPerMillion: number;
  readonly cacheMissPerMillion: number;
  readonly outputPerMillion: number;
}

export interface ModelPriceTable {
  /** The model the bill names (a retired name is billed as its successor: see RETIRED_MODELS). */
  readonly model: string;
  readonly currency: string;
  /** YYYY-MM-DD the page was read. */
  readonly checked: string;
  readonly source: string;
  readonly rates: Readonly<Record<PriceBand, BandRates>>;
}

export const PRICES_SOURCE = 'https://api-docs.deepseek.com/quick_start/pricing';
export const PRICES_CHECKED = '2026-11-15';
/** A table older than this is flagged in the usage view. */
export const PRICES_STALE_AFTER_DAYS = 90;

/** The model used when none is set, for completion and refactor alike. */
export const DEFAULT_DEEPSEEK_MODEL = 'deepseek-flash';

/**
 * Names DeepSeek still accepts though their models are retired: requests are served and billed as
 * the successor.
 */
export const RETIRED_MODELS: Readonly<Record<string, string>> = {
  'deepseek-v4-flash': 'deepseek-flash',
  'deepseek-v4-flash-vision-exp': 'deepseek-flash',
};

const rates = (cacheHitPerMillion: number, cacheMissPerMillion: number, outputPerMillion: number): BandRates => ({ cacheHitPerMillion, cacheMissPerMillion, outputPerMillion });
const table = (model: string, currency: string, offPeak: BandRates, peak: BandRates): ModelPriceTable => ({ model, currency, checked: PRICES_CHECKED, source: PRICES_SOURCE, rates: { offPeak, peak } });

export const PRICE_TABLES: readonly ModelPriceTable[] = [
  table('deepseek-flash', 'USD', rates(0.003, 0.15, 0.6), rates(0.006, 0.3, 1.2)),
  table('deepseek-flash', 'CNY', rates(0.02, 1, 4), rates(0.04, 2, 8)),
  table('deepseek-v4-pro', 'USD', rates(0.022, 0.66, 1.98), rates(0.044, 1.32, 3.96)),
];

/** The model a name is billed as: a retired name's successor, else the name itself. */
export function billedModel(name: string | undefined): string {
  const model = name?.trim() || DEFAULT_DEEPSEEK_MODEL;
  return RETIRED_MODELS[model] ?? model;
}

export function isRetiredModel(name: string | undefined): boolean {
  return name !== undefined && RETIRED_MODELS[name.trim()] !== undefined;
}

/**
 * The table for a model in a currency. A model with no table in that currency falls back to its
 * table in another currency (the money is then kept in that currency); an unknown model to the
 * default model's table.
 */
export function priceTableFor(model: string | undefined, currency: string, tables: readonly ModelPriceTable[] = PRICE_TABLES): ModelPriceTable {
  const billed = billedModel(model);
  const own = tables.filter((entry) => entry.model === billed);
  const candidates = own.length > 0 ? own : tables.filter((entry) => entry.model === DEFAULT_DEEPSEEK_MODEL);
  return candidates.find((entry) => entry.currency === currency) ?? candidates.find((entry) => entry.currency === 'USD') ?? candidates[0] ?? tables[0];
}

/** Whole days from `checked` (YYYY-MM-DD) to `now`. */
export function tableAgeDays(checked: string, now: Date): number {
  const then = Date.parse(`${checked}T00:00:00Z`);
  return Number.isFinite(then) ? Math.floor((now.getTime() - then) / 86_400_000) : Number.POSITIVE_INFINITY;
}
