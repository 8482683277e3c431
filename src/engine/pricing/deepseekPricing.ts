// What one request costs per token, as DeepSeek bills it: the table of the model the response
// names (a retired name billed as its successor), in the account's currency, at the band in force
// when the request was sent; the setting deepseekFim.deepseek.prices overrides any of it.
import type { SpendPrices } from '../spendMeter';
import { CHINA_PUBLIC_HOLIDAYS } from './chinaHolidays';
import { priceBandAt } from './priceBands';
import { billedModel, priceTableFor, PRICE_TABLES, type BandRates, type ModelPriceTable } from './priceTable';

export interface PricingInputs {
  /** The raw setting deepseekFim.deepseek.prices (the user's, possibly hand-edited). */
  readonly override?: unknown;
  /** The currency /user/balance reported for the account, if known. */
  readonly accountCurrency?: string;
  readonly tables?: readonly ModelPriceTable[];
  readonly holidays?: readonly string[];
}

const RATE_NAMES = ['cacheHitPerMillion', 'cacheMissPerMillion', 'outputPerMillion'] as const;

/** The prices for a request sent at `at` that the response says `model` answered. */
export function priceAt(at: Date, model: string | undefined, inputs: PricingInputs = {}): SpendPrices {
  const override = asRecord(inputs.override);
  const band = priceBandAt(at, inputs.holidays ?? CHINA_PUBLIC_HOLIDAYS);
  const wanted = text(override?.currency) ?? text(inputs.accountCurrency) ?? 'USD';
  const table = priceTableFor(model, wanted, inputs.tables ?? PRICE_TABLES);
  const own = { ...rateOverrides(override), ...rateOverrides(asRecord(override?.[band])) };
  const complete = RATE_NAMES.every((name) => own[name] !== undefined);
  // A currency with no table keeps the table's own currency unless the user priced all of it.
  const currency = table.currency === wanted || complete ? wanted : table.currency;
  const rates: BandRates = { ...table.rates[band], ...own };
  const overridden = Object.keys(own).length > 0;
  return {
    currency,
    ...rates,
    band,
    model: billedModel(model),
    checked: table.checked,
    source: text(override?.source) ?? (overridden ? 'deepseekFim.deepseek.prices' : table.source),
  };
}


function rateOverrides(record: Record<string, unknown> | undefined): Partial<BandRates> {
  const out: { -readonly [K in keyof BandRates]?: number } = {};
  if (!record) return out;
  for (const name of RATE_NAMES) {
    const value = record[name];
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) out[name] = value;
  }
  return out;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}
