import { describe, expect, it } from 'vitest';
import { seededDraws } from './random.ts';
import { type WaitOutcome, waitThreshold } from './threshold.ts';

function simulate(seed: number, n: number, promoterShare: (wait: number) => number): WaitOutcome[] {
  const draw = seededDraws(seed);
  return Array.from({ length: n }, () => {
    const waitMinutes = draw.uniform() * 40;
    return { waitMinutes, value: draw.uniform() < promoterShare(waitMinutes) ? 1 : 0 };
  });
}

describe('waitThreshold', () => {
  it('finds a planted drop at 15 minutes (promoters 60 % → 30 %) inside its bootstrap interval', () => {
    const r = waitThreshold(
      simulate(5, 3000, (w) => (w < 15 ? 0.6 : 0.3)),
      { seed: 9 },
    );
    expect(r.verdict).toBe('drop');
    expect(r.thresholdLow!).toBeLessThanOrEqual(15);
    expect(r.thresholdHigh!).toBeGreaterThanOrEqual(15);
    expect(r.thresholdHigh! - r.thresholdLow!).toBeLessThan(8);
    expect(r.dropLow!).toBeLessThan(0.3);
    expect(r.dropHigh!).toBeGreaterThan(0.3);
    expect(r.before!).toBeCloseTo(0.6, 1);
    expect(r.after!).toBeCloseTo(0.3, 1);
  });

  it('hand-computed: a clean step at 10 minutes is found exactly', () => {
    const data: WaitOutcome[] = [];
    for (let m = 0; m < 20; m++)
      for (let k = 0; k < 5; k++) data.push({ waitMinutes: m + 0.5, value: m < 10 ? 9 : 5 });
    const r = waitThreshold(data, { minSide: 10, replicates: 50 });
    expect([r.threshold, r.before, r.after, r.drop]).toEqual([10, 9, 5, 4]);
    expect([r.thresholdLow, r.thresholdHigh]).toEqual([10, 10]);
  });

  it('says "none" when waiting does not matter, and "not enough data" for a handful of visits', () => {
    const r = waitThreshold(
      simulate(6, 3000, () => 0.45),
      { seed: 3 },
    );
    expect(r.verdict).toBe('none');
    expect(r.dropLow!).toBeLessThanOrEqual(0);
    expect(waitThreshold(simulate(7, 30, () => 0.5)).verdict).toBe('not enough data');
  });
});
