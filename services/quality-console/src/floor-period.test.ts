import { describe, expect, it } from 'vitest';
import { floorPeriodOf, periodEndOf, periodStartOf } from './floor-period.ts';

// 2026-11-27 is a Friday; 04:00 UTC is noon in Shanghai.
const FRIDAY = Date.parse('2026-11-27T04:00:00Z');

describe('floorPeriodOf', () => {
  it('defaults to the latest complete week, Monday to Monday', () => {
    expect(floorPeriodOf({}, FRIDAY)).toEqual({
      kind: 'week',
      start: '2026-11-16',
      end: '2026-11-23',
      asked: false,
    });
  });

  it('uses the Shanghai date: Sunday 20:00 UTC is already Monday there, so last week is complete', () => {
    expect(floorPeriodOf({}, Date.parse('2026-11-29T20:00:00Z')).start).toBe('2026-11-23');
    expect(floorPeriodOf({}, Date.parse('2026-11-29T15:00:00Z')).start).toBe('2026-11-16');
  });

  it('defaults to the latest complete month, across a year end', () => {
    expect(floorPeriodOf({ period: 'month' }, FRIDAY)).toMatchObject({
      start: '2026-10-01',
      end: '2026-11-01',
    });
    expect(floorPeriodOf({ period: 'month' }, Date.parse('2027-01-10T04:00:00Z'))).toMatchObject({
      start: '2026-12-01',
      end: '2027-01-01',
    });
  });

  it('moves a start inside a period to its first day', () => {
    expect(floorPeriodOf({ period: 'week', start: '2026-11-05' }, FRIDAY)).toEqual({
      kind: 'week',
      start: '2026-11-02',
      end: '2026-11-09',
      asked: true,
    });
    expect(floorPeriodOf({ period: 'month', start: '2026-02-14' }, FRIDAY)).toMatchObject({
      start: '2026-02-01',
      end: '2026-03-01',
    });
  });

  it('ignores what is not a period or a real date', () => {
    expect(floorPeriodOf({ period: 'year', start: '2026-02-30' }, FRIDAY)).toMatchObject({
      kind: 'week',
      start: '2026-11-16',
      asked: false,
    });
    expect(floorPeriodOf({ start: "2026-11-05' OR 1" }, FRIDAY).asked).toBe(false);
  });

  it('a Monday starts its own week; a Sunday belongs to the week before', () => {
    expect(periodStartOf('week', '2026-11-23')).toBe('2026-11-23');
    expect(periodStartOf('week', '2026-11-22')).toBe('2026-11-16');
    expect(periodEndOf('month', '2026-12-01')).toBe('2027-01-01');
  });
});
