// DeepSeek's time bands, driven by a fake clock (instants in UTC; Beijing is UTC+8): peak on
// working days 09:00-12:00 and 14:00-18:00 Beijing time, off-peak otherwise, at weekends and on
// Chinese public holidays; the band's end as the status tooltip says it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { beijingClock, beijingDate, priceBandAt, priceBandNow } from '../../src/engine/pricing/priceBands';

/** A fake clock reading: Beijing wall-clock time turned into the instant. */
const beijing = (date: string, time: string) => new Date(Date.parse(`${date}T${time}:00+08:00`));

describe('price bands', () => {
  it('a working-day morning and afternoon are peak; lunch, evening and night are off-peak', () => {
    // 2026-12-08 is a Tuesday.
    assert.equal(priceBandAt(beijing('2026-12-08', '10:30')), 'peak');
    assert.equal(priceBandAt(beijing('2026-12-08', '15:00')), 'peak');
    assert.equal(priceBandAt(beijing('2026-12-08', '12:30')), 'offPeak');
    assert.equal(priceBandAt(beijing('2026-12-08', '20:00')), 'offPeak');
    assert.equal(priceBandAt(beijing('2026-12-08', '03:00')), 'offPeak');
  });

  it('the same hours in UTC: 01:00-04:00 and 06:00-10:00 are peak', () => {
    assert.equal(priceBandAt(new Date('2026-12-08T01:00:00Z')), 'peak');
    assert.equal(priceBandAt(new Date('2026-12-08T05:59:59Z')), 'offPeak');
    assert.equal(priceBandAt(new Date('2026-12-08T06:00:00Z')), 'peak');
    assert.equal(priceBandAt(new Date('2026-12-08T10:00:00Z')), 'offPeak');
  });

  it('the boundaries: 09:00 and 14:00 start peak, 12:00 and 18:00 end it, to the millisecond', () => {
    assert.equal(priceBandAt(new Date(beijing('2026-12-08', '09:00').getTime() - 1)), 'offPeak');
    assert.equal(priceBandAt(beijing('2026-12-08', '09:00')), 'peak');
    assert.equal(priceBandAt(new Date(beijing('2026-12-08', '12:00').getTime() - 1)), 'peak');
    assert.equal(priceBandAt(beijing('2026-12-08', '12:00')), 'offPeak');
    assert.equal(priceBandAt(beijing('2026-12-08', '14:00')), 'peak');
    assert.equal(priceBandAt(beijing('2026-12-08', '18:00')), 'offPeak');
  });

  it('weekends are off-peak all day', () => {
    // 2026-12-12 is a Saturday, 12-13 a Sunday.
    assert.equal(priceBandAt(beijing('2026-12-12', '10:00')), 'offPeak');
    assert.equal(priceBandAt(beijing('2026-12-13', '15:00')), 'offPeak');
    // Friday 23:00 UTC is Saturday 07:00 in Beijing: the weekday is Beijing's, not UTC's.
    assert.equal(priceBandAt(new Date('2026-12-11T01:30:00Z')), 'peak');
    assert.equal(priceBandAt(new Date('2026-12-12T01:30:00Z')), 'offPeak');
  });

  it('a public holiday on a weekday is off-peak all day; the list can be replaced', () => {
    // 2026-10-01 (National Day) is a Thursday.
    assert.equal(priceBandAt(beijing('2026-10-01', '10:00')), 'offPeak');
    assert.equal(priceBandAt(beijing('2026-10-08', '10:00')), 'peak');
    assert.equal(priceBandAt(beijing('2026-12-08', '10:00'), ['2026-12-08']), 'offPeak');
  });

  it('tells when the band ends: the next boundary, across a weekend and a holiday week', () => {
    const evening = priceBandNow(beijing('2026-12-08', '19:20'));
    assert.equal(evening.band, 'offPeak');
    assert.equal(beijingClock(evening.until!), '09:00');
    assert.equal(beijingDate(evening.until!), '2026-12-09');
    const morning = priceBandNow(beijing('2026-12-08', '11:59'));
    assert.deepEqual([morning.band, beijingClock(morning.until!)], ['peak', '12:00']);
    const friday = priceBandNow(beijing('2026-12-11', '18:00'));
    assert.equal(beijingDate(friday.until!), '2026-12-14');
    const holiday = priceBandNow(beijing('2026-09-30', '18:30'));
    assert.deepEqual([beijingDate(holiday.until!), beijingClock(holiday.until!)], ['2026-10-08', '09:00']);
  });
});
