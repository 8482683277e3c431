// The holiday list is data people edit each year: well-formed dates, sorted, no weekday typos
// that would make a working day off-peak by accident, and the years it covers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CHINA_PUBLIC_HOLIDAYS, holidayYearsCovered } from '../../src/engine/pricing/chinaHolidays';

describe('Chinese public holidays', () => {
  it('are real calendar dates, sorted, without repeats', () => {
    for (const day of CHINA_PUBLIC_HOLIDAYS) {
      assert.match(day, /^\d{4}-\d{2}-\d{2}$/);
      assert.equal(new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10), day, `${day} is not a date`);
    }
    assert.deepEqual([...CHINA_PUBLIC_HOLIDAYS].sort(), [...CHINA_PUBLIC_HOLIDAYS]);
    assert.equal(new Set(CHINA_PUBLIC_HOLIDAYS).size, CHINA_PUBLIC_HOLIDAYS.length);
  });

  it('hold the National Day week and the Spring Festival of 2026', () => {
    for (let d = 1; d <= 7; d++) assert.ok(CHINA_PUBLIC_HOLIDAYS.includes(`2026-10-0${d}`));
    assert.ok(CHINA_PUBLIC_HOLIDAYS.includes('2026-02-17'));
    assert.ok(!CHINA_PUBLIC_HOLIDAYS.includes('2026-10-08'));
  });

  it('say which years they cover', () => {
    assert.deepEqual(holidayYearsCovered(), [2026]);
    assert.deepEqual(holidayYearsCovered(['2027-01-01', '2026-10-01']), [2026, 2027]);
  });
});
