// Chinese public holidays as DeepSeek's off-peak rule uses them: every listed day is off-peak all
// day, whatever its weekday. Data, to be extended each year when the State Council publishes the
// next year's schedule (usually in November); a year not listed here counts weekdays as working
// days, and the usage view says so (holidayYearsCovered).
//
// Source: the State Council's notice on the 2026 holiday arrangements (国务院办公厅关于2026年部分
// 节假日安排的通知), checked 2026-11-15. Make-up working days on weekends are not listed: DeepSeek's
// page names only Monday to Friday as peak days.

export const CHINA_PUBLIC_HOLIDAYS_CHECKED = '2026-11-15';

/** Beijing calendar dates, YYYY-MM-DD, sorted. */
export const CHINA_PUBLIC_HOLIDAYS: readonly string[] = [
  // New Year's Day
  '2026-01-01', '2026-01-02', '2026-01-03',
  // Spring Festival
  '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23',
  // Qingming
  '2026-04-04', '2026-04-05', '2026-04-06',
  // Labour Day
  '2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05',
  // Dragon Boat Festival
  '2026-06-19', '2026-06-20', '2026-06-21',
  // Mid-Autumn Festival
  '2026-09-25', '2026-09-26', '2026-09-27',
  // National Day
  '2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07',
];

/** The years the list covers (a year with at least one listed day). */
export function holidayYearsCovered(holidays: readonly string[] = CHINA_PUBLIC_HOLIDAYS): number[] {
  return [...new Set(holidays.map((day) => Number(day.slice(0, 4))))].sort((a, b) => a - b);
}
