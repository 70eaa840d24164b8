import { describe, expect, it } from 'vitest';
import { addMoments, meanFromMoments } from './moments.ts';

describe('meanFromMoments', () => {
  it('matches the mean and t interval computed from the values', () => {
    const xs = [3, 4, 5, 4, 2, 5, 4];
    const m = { n: xs.length, sum: xs.reduce((a, b) => a + b, 0), sumsq: xs.reduce((a, b) => a + b * b, 0) };
    const r = meanFromMoments(m);
    const mean = m.sum / m.n;
    const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1));
    expect(r.mean).toBeCloseTo(mean, 10);
    // t(0.975, 6) = 2.4469; tOneSided is a Cornish–Fisher approximation (tight from df 10)
    expect(r.ci95![1] - mean).toBeCloseTo((2.4469 * sd) / Math.sqrt(7), 1);
  });

  it('has no mean for no data and no interval for one answer', () => {
    expect(meanFromMoments({ n: 0, sum: 0, sumsq: 0 })).toEqual({ n: 0, mean: null, ci95: null });
    expect(meanFromMoments({ n: 1, sum: 4, sumsq: 16 }).ci95).toBeNull();
    expect(addMoments({ n: 1, sum: 4, sumsq: 16 }, { n: 2, sum: 6, sumsq: 18 })).toEqual({
      n: 3,
      sum: 10,
      sumsq: 34,
    });
  });
});
