// DeepSeek's time bands: peak on Beijing working days 09:00-12:00 and 14:00-18:00, off-peak (half
// price) at every other hour, at weekends and on Chinese public holidays. Beijing time is UTC+8 all
// year (no daylight saving), so the rule needs no time-zone database. Pure: the caller gives the
// instant, so a fake clock drives the tests.
import { CHINA_PUBLIC_HOLIDAYS } from './chinaHolidays';

export type PriceBand = 'peak' | 'offPeak';

/** Beijing time's offset from UTC, in milliseconds. */
const BEIJING_OFFSET_MS = 8 * 3_600_000;
/** [from, to) hours of Beijing time that are peak on a working day. */
export const PEAK_HOURS: readonly (readonly [number, number])[] = [
  [9, 12],
  [14, 18],
];
/** The bands change only on the hour; two weeks covers the longest holiday. */
const HOURS_SEARCHED = 24 * 16;

export interface BandNow {
  readonly band: PriceBand;
  /** When the band changes next, or undefined if not within the search horizon. */
  readonly until?: Date;
}

/** The band in force at `at`. */
export function priceBandAt(at: Date, holidays: readonly string[] = CHINA_PUBLIC_HOLIDAYS): PriceBand {
  const beijing = new Date(at.getTime() + BEIJING_OFFSET_MS);
  const weekday = beijing.getUTCDay();
  if (weekday === 0 || weekday === 6) return 'offPeak';
  if (holidays.includes(beijing.toISOString().slice(0, 10))) return 'offPeak';
  const hour = beijing.getUTCHours();
  return PEAK_HOURS.some(([from, to]) => hour >= from && hour < to) ? 'peak' : 'offPeak';
}

/** The band at `at` and when it ends (always on a whole hour). */
export function priceBandNow(at: Date, holidays: readonly string[] = CHINA_PUBLIC_HOLIDAYS): BandNow {
  const band = priceBandAt(at, holidays);
  const nextHour = Math.floor(at.getTime() / 3_600_000) * 3_600_000 + 3_600_000;
  for (let hour = 0; hour < HOURS_SEARCHED; hour++) {
    const candidate = new Date(nextHour + hour * 3_600_000);
    if (priceBandAt(candidate, holidays) !== band) return { band, until: candidate };
  }
  return { band };
}

/** "09:00": a time as Beijing's clock shows it. */
export function beijingClock(at: Date): string {
  return new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString().slice(11, 16);
}

/** YYYY-MM-DD of Beijing's calendar. */
export function beijingDate(at: Date): string {
  return new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}
