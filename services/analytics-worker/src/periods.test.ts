import { describe, expect, it } from 'vitest';
import { addDays, completedPeriods, localDay } from './periods.ts';

describe('measurement periods', () => {
  it('weeks run Monday to Sunday; the running week is not complete', () => {
    expect(completedPeriods('2026-03-16', 7, 2)).toEqual([
      { from: '2026-03-09', to: '2026-03-16' },
      { from: '2026-03-02', to: '2026-03-09' },
    ]);
    // Every day of a week yields the same completed period: one test per period.
    for (const d of ['2026-03-16', '2026-03-19', '2026-03-22'])
      expect(completedPeriods(d, 7, 1)[0]!.from).toBe('2026-03-09');
    expect(completedPeriods('2026-03-23', 7, 1)[0]!.from).toBe('2026-03-16');
  });

  it('longer periods do not overlap either', () => {
    const [a, b] = completedPeriods('2026-03-20', 14, 2);
    expect(b!.to).toBe(a!.from);
    expect(Date.parse(a!.to) - Date.parse(a!.from)).toBe(14 * 86_400_000);
  });

  it('local day in the branch time zone', () => {
    const at = Date.parse('2026-03-15T17:30:00Z');
    expect(localDay(at, 'Asia/Shanghai')).toBe('2026-03-16');
    expect(localDay(at, 'UTC')).toBe('2026-03-15');
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
  });
});
