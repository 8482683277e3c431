// Money and day costs as people read them.
import type { DayTotals } from './spendMeter';

/** The currency of the default prices. */
export const DEFAULT_CURRENCY = 'USD';

/**
 * Money for people: "$0.0562", "$12.30", "CN¥0.42". Sums under a dollar keep four decimals, under
 * a tenth of a cent six, so that a day of cheap completions does not read as nothing.
 */
export function formatSpend(amount: number, currency: string, locale = 'en-US'): string {
  const value = Number.isFinite(amount) ? amount : 0;
  const size = Math.abs(value);
  const digits = value === 0 || size >= 1 ? 2 : size < 0.001 ? 6 : 4;
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: digits }).format(value);
  } catch {
    // Not an ISO currency code (a user's own label): number then label.
    return `${value.toFixed(digits)} ${currency}`;
  }
}

/** A day's cost in every currency it holds, e.g. "$0.0123" or "$0.01 + CN¥0.20". */
export function formatDayCost(day: DayTotals, locale = 'en-US'): string {
  const entries = Object.entries(day.cost).filter(([, amount]) => amount > 0);
  if (entries.length === 0) return formatSpend(0, Object.keys(day.cost)[0] ?? DEFAULT_CURRENCY, locale);
  return entries.map(([currency, amount]) => formatSpend(amount, currency, locale)).join(' + ');
}
