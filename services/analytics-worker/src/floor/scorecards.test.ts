import { describe, expect, it } from 'vitest';
import { buildScorecards, periodStartOf, previousPeriodStart, type UnitPeriod } from './scorecards.ts';

const none = { n: 0, sum: 0, sumSquares: 0 };
/** A unit whose respondents all answered `value` (NPS as ±100/0, attitude 1–5) and one whose answers spread. */
function unit(
  id: string,
  start: string,
  o: { nps?: number[]; attitude?: number[]; level?: 'window' | 'staff' },
): UnitPeriod {
  const stats = (xs: number[] = []) => ({
    n: xs.length,
    sum: xs.reduce((a, b) => a + b, 0),
    sumSquares: xs.reduce((a, b) => a + b * b, 0),
  });
  return {
    branchId: 'B1',
    level: o.level ?? 'staff',
    unitId: id,
    periodKind: 'week',
    periodStart: start,
    periodEnd: start,
    visits: (o.nps ?? []).length,
    complaints: 0,
    measures: {
      nps: stats(o.nps),
      attitude: stats(o.attitude),
      efficiency: none,
      performance: none,
      process: none,
      facilities: none,
      wait_min: stats((o.nps ?? []).map(() => 10)),
      service_min: stats((o.nps ?? []).map(() => 5)),
    },
  };
}
const spread = (k: number, p: number, d: number) =>
  Array.from({ length: k }, (_, i) => (i % 10 < p ? 100 : i % 10 < p + d ? -100 : 0));

describe('buildScorecards', () => {
  const W1 = '2026-03-02';
  const W2 = '2026-03-09';
  const units = [
    unit('S1', W2, { nps: spread(60, 7, 1), attitude: Array(60).fill(4.5) }),
    unit('S2', W2, { nps: spread(60, 3, 4), attitude: Array(60).fill(3) }),
    unit('S3', W2, { nps: spread(60, 5, 2), attitude: Array(60).fill(4) }),
    // Six answers, all promoters: a raw NPS of 100, first on raw means.
    unit('S4', W2, { nps: Array(6).fill(100), attitude: Array(6).fill(5) }),
    unit('S1', W1, { nps: spread(60, 4, 3), attitude: Array(60).fill(3.5) }),
    unit('S2', W1, { nps: spread(60, 3, 4), attitude: Array(60).fill(3) }),
    unit('S3', W1, { nps: spread(60, 5, 2), attitude: Array(60).fill(4) }),
  ];
  const rows = buildScorecards(units, (u) => u.periodStart === W2, {
    minStaffRespondents: 10,
    computedAt: 1,
  });
  const get = (id: string, m: string) => rows.find((r) => r.unit_id === id && r.measure === m)!;

  it('reports only the asked periods and hides colleagues under the minimum (they still count in the pool)', () => {
    expect(new Set(rows.map((r) => r.period_start))).toEqual(new Set([W2]));
    expect(new Set(rows.map((r) => r.unit_id))).toEqual(new Set(['S1', 'S2', 'S3']));
    expect(get('S1', 'nps').branch_mean).toBeCloseTo((100 * (42 + 18 + 30 - 6 - 24 - 12 + 6)) / 186, 9);
  });

  it('ranks on shrunk estimates inside their intervals, and measures the change against the previous week', () => {
    const s1 = get('S1', 'nps');
    expect(s1.raw).toBeCloseTo(60, 9);
    expect(s1.estimate!).toBeLessThan(60);
    expect(s1.low! < s1.estimate! && s1.estimate! < s1.high!).toBe(true);
    expect([s1.rank, get('S3', 'nps').rank, get('S2', 'nps').rank]).toEqual([1, 2, 3]);
    expect(s1.units).toBe(3);
    expect(s1.previous).not.toBeNull();
    expect(s1.change!).toBeGreaterThan(0);
    // Same answers both weeks: only the pool moved, not significantly.
    expect(get('S2', 'nps').change_significant).toBe(0);
  });

  it('wait and service are plain means, lower ranks first; a unit without the measure gets no estimate', () => {
    const wait = get('S1', 'wait_min');
    expect([wait.raw, wait.estimate, wait.shrink_weight]).toEqual([10, 10, 1]);
    expect(get('S1', 'efficiency')).toMatchObject({ n: 0, estimate: null, rank: 0 });
  });

  it('windows are shown whatever their sample', () => {
    const w = buildScorecards([unit('W1', W2, { nps: [100], level: 'window' })], () => true, {
      minStaffRespondents: 10,
      computedAt: 1,
    });
    expect(w.filter((r) => r.measure === 'nps')).toHaveLength(1);
  });
});

describe('periods', () => {
  it('weeks start on Monday, months on the 1st; the previous period', () => {
    expect(periodStartOf('week', '2026-03-08')).toBe('2026-03-02');
    expect(periodStartOf('month', '2026-03-08')).toBe('2026-03-01');
    expect(previousPeriodStart('week', '2026-03-02')).toBe('2026-02-23');
    expect(previousPeriodStart('month', '2026-03-01')).toBe('2026-02-01');
  });
});
