import { describe, expect, it } from 'vitest';
import { largestGaps, qualityProfile } from './quality.ts';
import { ces, csat } from './satisfaction.ts';

describe('CSAT and CES', () => {
  it('CSAT: share of 4–5 and mean over valid 1–5 answers', () => {
    expect(csat([5, 4, 3, 2, 1, 0, 6, null])).toEqual({ n: 5, mean: 3, topShare: 0.4 });
  });
  it('CES: mean and share of 5–7 over valid 1–7 answers', () => {
    expect(ces([7, 5, 4, 1])).toEqual({ n: 4, mean: 4.25, topShare: 0.5 });
  });
  it('empty samples have no mean', () => {
    expect(csat([])).toEqual({ n: 0, mean: null, topShare: null });
  });
});

describe('service quality profile', () => {
  const answers = [
    { dimension: 'efficiency', itemId: 'efficiency.short_wait', expectation: 5, perception: 2 },
    { dimension: 'efficiency', itemId: 'efficiency.short_wait', expectation: 4, perception: 3 },
    { dimension: 'efficiency', itemId: 'efficiency.quick_response', expectation: 5, perception: 5 },
    { dimension: 'efficiency', itemId: 'efficiency.quick_response', perception: 4 },
    { dimension: 'attitude', itemId: 'attitude.courtesy', expectation: 4, perception: 5 },
    { dimension: 'attitude', itemId: 'attitude.courtesy', expectation: 9, perception: 0 },
  ];
  it('means per dimension and item; the gap uses paired answers only; invalid scores ignored', () => {
    const { dimensions, items } = qualityProfile(answers);
    expect(dimensions.efficiency).toEqual({
      nExpectation: 3,
      nPerception: 4,
      nPairs: 3,
      meanExpectation: 14 / 3,
      meanPerception: 14 / 4,
      gap: (-3 + -1 + 0) / 3,
    });
    expect(items['efficiency.short_wait']!.gap).toBe(-2);
    expect(dimensions.attitude).toMatchObject({ nPairs: 1, gap: 1 });
  });
  it('ranks the largest shortfalls first', () => {
    const { items } = qualityProfile(answers);
    expect(largestGaps(items).map((g) => g.key)).toEqual([
      'efficiency.short_wait',
      'efficiency.quick_response',
      'attitude.courtesy',
    ]);
    expect(largestGaps(items, 2).map((g) => g.key)).toEqual(['efficiency.short_wait']);
  });
});

describe('revenue at risk', () => {
  it('sums the CLV of detractors per branch, largest first', async () => {
    const { revenueAtRisk } = await import('./risk.ts');
    const risk = revenueAtRisk(
      [
        { branchId: 'B1', customerKey: 'a', clv: 100 },
        { branchId: 'B1', customerKey: 'b', clv: 300 },
        { branchId: 'B2', customerKey: 'c', clv: 50 },
        { branchId: 'B2', customerKey: 'd', clv: 0 },
      ],
      new Set(['b', 'd']),
    );
    expect(risk).toEqual([
      { branchId: 'B1', customers: 2, detractors: 1, totalClv: 400, clvAtRisk: 300, shareAtRisk: 0.75 },
      { branchId: 'B2', customers: 2, detractors: 1, totalClv: 50, clvAtRisk: 0, shareAtRisk: 0 },
    ]);
  });
});
