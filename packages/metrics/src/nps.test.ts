// Expected values computed by hand (and checked in a calculator) from the adjusted-Wald formulas.
import { describe, expect, it } from 'vitest';
import { normalCdf, nps, npsDifference, npsFromCounts } from './nps.ts';

describe('NPS', () => {
  it('counts only valid 0–10 integers', () => {
    const s = nps([10, 9, 8, 7, 6, 0, 11, -1, 7.5, null, undefined, Number.NaN]);
    expect(s).toMatchObject({ n: 6, promoters: 2, passives: 2, detractors: 2, score: 0 });
  });
  it('adjusted Wald interval for a balanced tiny sample: ±51.07', () => {
    const s = npsFromCounts({ promoters: 2, passives: 2, detractors: 2 });
    expect(s.se).toBeCloseTo(26.0579, 3);
    expect(s.ci95[0]).toBeCloseTo(-51.0725, 3);
    expect(s.ci95[1]).toBeCloseTo(51.0725, 3);
  });
  it('an empty sample has no score and the widest sensible interval', () => {
    const s = nps([]);
    expect(s.score).toBeNull();
    expect(s.se).toBeCloseTo(40.8248, 3);
    expect(s.ci95).toEqual([expect.closeTo(-80.0152, 3), expect.closeTo(80.0152, 3)]);
  });
  it('all promoters: score 100, interval clipped at 100', () => {
    const s = npsFromCounts({ promoters: 10, passives: 0, detractors: 0 });
    expect(s.score).toBe(100);
    expect(s.ci95[0]).toBeCloseTo(47.5036, 3);
    expect(s.ci95[1]).toBe(100);
  });
  it('a 20-point drop on 100 answers each is not significant (z = −1.73 on adjusted centres, p = 0.083)', () => {
    const a = npsFromCounts({ promoters: 50, passives: 30, detractors: 20 });
    const b = npsFromCounts({ promoters: 40, passives: 30, detractors: 30 });
    const d = npsDifference(a, b);
    expect(d.diff).toBeCloseTo(-20, 10);
    expect(d.se).toBeCloseTo(11.2089, 3);
    // Adjusted centres: (50.75 − 20.75)/103 and (40.75 − 30.75)/103 → −19.417 points.
    expect(d.z).toBeCloseTo(-19.4175 / 11.2089, 3);
    expect(d.p).toBeCloseTo(0.0832, 3);
    expect(d.pLower).toBeCloseTo(0.0416, 3);
    expect(d.significant).toBe(false);
  });
  it('a 50-point drop on 400 answers each is', () => {
    const d = npsDifference(
      npsFromCounts({ promoters: 200, passives: 100, detractors: 100 }),
      npsFromCounts({ promoters: 100, passives: 100, detractors: 200 }),
    );
    expect(d.z).toBeCloseTo(-8.502, 3);
    expect(d.significant).toBe(true);
  });
  it('no difference can be claimed against an empty period', () => {
    expect(npsDifference(nps([]), nps([10, 10]))).toMatchObject({ diff: null, significant: false });
  });
  it('normal CDF', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
  });
});
