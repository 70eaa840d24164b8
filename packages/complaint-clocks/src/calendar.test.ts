import { describe, expect, it } from 'vitest';
import {
  advance,
  CalendarGapError,
  chinaCalendar,
  countDays,
  fixedCalendar,
  onOrNextWorkingDay,
} from './calendar.ts';

describe('China working-day calendar (chinese-days data)', () => {
  it('knows the 2026 Spring Festival, its make-up workdays and weekends', () => {
    expect(chinaCalendar.isWorkingDay('2026-02-13')).toBe(true); // Friday
    expect(chinaCalendar.isWorkingDay('2026-02-14')).toBe(true); // Saturday, make-up workday (调休)
    for (const d of ['2026-02-15', '2026-02-18', '2026-02-20', '2026-02-23'])
      expect(chinaCalendar.isWorkingDay(d), d).toBe(false); // 春节 2026-02-15..23
    expect(chinaCalendar.isWorkingDay('2026-02-24')).toBe(true);
    expect(chinaCalendar.isWorkingDay('2026-02-28')).toBe(true); // Saturday, make-up workday
    expect(chinaCalendar.isWorkingDay('2026-03-07')).toBe(false); // an ordinary Saturday
  });

  it('knows the 2026 National Day week and the make-up days around it', () => {
    expect(chinaCalendar.isWorkingDay('2026-09-20')).toBe(true); // Sunday, make-up workday
    expect(chinaCalendar.isWorkingDay('2026-09-25')).toBe(false); // 中秋 (Friday)
    for (const d of ['2026-10-01', '2026-10-05', '2026-10-07'])
      expect(chinaCalendar.isWorkingDay(d), d).toBe(false);
    expect(chinaCalendar.isWorkingDay('2026-10-08')).toBe(true);
    expect(chinaCalendar.isWorkingDay('2026-10-10')).toBe(true); // Saturday, make-up workday
  });

  it('knows 2025 too (Spring Festival 01-28..02-04, make-up 01-26 and 02-08)', () => {
    expect(chinaCalendar.isWorkingDay('2025-01-26')).toBe(true);
    expect(chinaCalendar.isWorkingDay('2025-01-28')).toBe(false);
    expect(chinaCalendar.isWorkingDay('2025-02-04')).toBe(false);
    expect(chinaCalendar.isWorkingDay('2025-02-08')).toBe(true);
  });

  it('counts working days after a date, skipping the holiday and counting make-up days', () => {
    // 2026-02-12 (Thu) + 3 working days: 02-13 (Fri), 02-14 (make-up Sat), 02-24 (Tue)
    expect(advance(chinaCalendar, '2026-02-12', 3, 'working')).toBe('2026-02-24');
    expect(countDays(chinaCalendar, '2026-02-12', '2026-02-24', 'working')).toBe(3);
    expect(countDays(chinaCalendar, '2026-02-12', '2026-02-24', 'calendar')).toBe(12);
    expect(countDays(chinaCalendar, '2026-02-24', '2026-02-12', 'working')).toBe(-3);
    expect(onOrNextWorkingDay(chinaCalendar, '2026-02-20')).toBe('2026-02-24');
    expect(onOrNextWorkingDay(chinaCalendar, '2026-02-14')).toBe('2026-02-14');
  });

  it('refuses a year the data do not cover instead of guessing', () => {
    const cal = fixedCalendar([2026], [], []);
    expect(() => advance(cal, '2026-12-30', 3, 'working')).toThrow(CalendarGapError);
    expect(() => cal.isWorkingDay('2027-01-04')).toThrow(
      /no data for 2027.*update the chinese-days dependency/,
    );
    expect(() => chinaCalendar.isWorkingDay('1999-01-04')).toThrow(CalendarGapError);
    expect(() => chinaCalendar.isWorkingDay('2026-2-3')).toThrow(/not a YYYY-MM-DD date/);
  });
});
