import { describe, expect, it } from 'vitest';
import { simpleClv } from './clv/simple.ts';
import { nelderMead } from './optimize.ts';
import { hyp2f1, lgamma, logAddExp } from './special.ts';

describe('special functions', () => {
  it('lgamma matches known values', () => {
    expect(lgamma(1)).toBeCloseTo(0, 12);
    expect(lgamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(lgamma(10)).toBeCloseTo(Math.log(362880), 10);
    expect(lgamma(1000.5)).toBeCloseTo(5908.674175848677, 8); // Python math.lgamma
  });
  it('hyp2f1 matches closed forms', () => {
    // ₂F₁(1, 1; 2; z) = −ln(1 − z)/z
    expect(hyp2f1(1, 1, 2, 0.5)).toBeCloseTo(-Math.log(0.5) / 0.5, 12);
    // ₂F₁(a, b; b; z) = (1 − z)^−a
    expect(hyp2f1(2.5, 3, 3, 0.3)).toBeCloseTo(0.7 ** -2.5, 12);
    expect(hyp2f1(1, 1, 2, 0)).toBe(1);
    expect(() => hyp2f1(1, 1, 2, 1)).toThrow(RangeError);
  });
  it('logAddExp does not overflow', () => {
    expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.log(2), 12);
    expect(logAddExp(Number.NEGATIVE_INFINITY, 3)).toBe(3);
  });
  it('Nelder–Mead finds the Rosenbrock minimum', () => {
    const r = nelderMead((v) => (1 - v[0]!) ** 2 + 100 * (v[1]! - v[0]! ** 2) ** 2, [-1.2, 1], {
      tolerance: 1e-14,
    });
    expect(r.x[0]).toBeCloseTo(1, 4);
    expect(r.x[1]).toBeCloseTo(1, 4);
  });
});

describe("the seed's CLV formula", () => {
  const base = {
    averageSpend: 200,
    purchasesPerPeriod: 4,
    margin: 0.25,
    retentionRate: 0.8,
    discountRate: 0.1,
  };
  it('closed form: m / (1 − r/(1+d)) = 200 / (1 − 0.8/1.1) = 733.33', () => {
    expect(simpleClv(base)).toEqual({
      marginPerPeriod: 200,
      expectedLifetime: expect.closeTo(5, 12),
      clv: expect.closeTo(733.3333, 3),
    });
  });
  it('three periods: 200 + 200·0.727 + 200·0.529 = 451.24', () => {
    expect(simpleClv({ ...base, horizon: 3 }).clv).toBeCloseTo(451.2397, 3);
  });
  it('refuses a retention rate of 1 (an infinite lifetime)', () => {
    expect(() => simpleClv({ ...base, retentionRate: 1 })).toThrow(/retentionRate/);
  });
});
