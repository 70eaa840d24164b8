import { describe, expect, it } from 'vitest';
import { ces, csat, wilson } from './satisfaction.ts';

describe('CSAT and CES', () => {
  it('CSAT: share of 4–5 and mean over valid 1–5 answers', () => {
    expect(csat([5, 4, 3, 2, 1, 0, 6, null])).toMatchObject({ n: 5, mean: 3, topShare: 0.4 });
  });
  it('CES: mean and share of 5–7 over valid 1–7 answers', () => {
    expect(ces([7, 5, 4, 1])).toMatchObject({ n: 4, mean: 4.25, topShare: 0.5 });
  });
  it('empty samples have no mean and no interval', () => {
    expect(csat([])).toEqual({ n: 0, mean: null, topShare: null, topShareCi95: null });
  });
  it('the top-box share carries a Wilson interval, inside [0, 1] also for tiny samples', () => {
    const [lo, hi] = wilson(8, 10)!;
    expect(lo).toBeCloseTo(0.4902, 3);
    expect(hi).toBeCloseTo(0.9433, 3);
    expect(csat([5])).toMatchObject({ n: 1, topShare: 1 });
    const [l1, h1] = csat([5]).topShareCi95!;
    expect(l1).toBeCloseTo(0.2065, 3);
    expect(h1).toBe(1);
  });
});
