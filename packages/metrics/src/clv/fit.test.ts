// The fast fit's building blocks, each against an independent reference: analytic gradients
// against central finite differences, grouped likelihoods against the customer-by-customer sum,
// BFGS against the original Nelder–Mead fit, and boundary fits that must say so.
import { describe, expect, it } from 'vitest';
import { boxBfgs } from '../optimize.ts';
import { digamma, lgamma } from '../special.ts';
import {
  type BgNbdParams,
  bgnbdLogLikelihood,
  bgnbdLogLikelihoodGrouped,
  fitBgNbd,
  groupRfm,
  type Rfm,
} from './bgnbd.ts';
import { cdnowSummary } from './cdnow.fixture.ts';
import {
  fitGammaGamma,
  type GammaGammaParams,
  gammaGammaLogLikelihood,
  gammaGammaLogLikelihoodGrouped,
  groupSpend,
} from './gammagamma.ts';

const cdnow = cdnowSummary();
const repeatBuyers = cdnow.filter((c) => c.x > 0);

/** Central difference of f along each coordinate of v (log-parameters). */
function centralDifference(f: (v: number[]) => number, v: number[], h = 1e-5): number[] {
  return v.map((_, i) => {
    const up = v.map((vj, j) => (j === i ? vj + h : vj));
    const down = v.map((vj, j) => (j === i ? vj - h : vj));
    return (f(up) - f(down)) / (2 * h);
  });
}

const bgFromLog = (v: number[]): BgNbdParams => ({
  r: Math.exp(v[0]!),
  alpha: Math.exp(v[1]!),
  a: Math.exp(v[2]!),
  b: Math.exp(v[3]!),
});
const ggFromLog = (v: number[]): GammaGammaParams => ({
  p: Math.exp(v[0]!),
  q: Math.exp(v[1]!),
  gamma: Math.exp(v[2]!),
});

describe('digamma', () => {
  it('matches known values and the recurrence ψ(x + 1) = ψ(x) + 1/x', () => {
    const eulerGamma = 0.5772156649015329;
    expect(digamma(1)).toBeCloseTo(-eulerGamma, 14);
    expect(digamma(0.5)).toBeCloseTo(-eulerGamma - 2 * Math.LN2, 14);
    expect(digamma(0.25)).toBeCloseTo(-eulerGamma - Math.PI / 2 - 3 * Math.LN2, 13);
    for (const x of [0.01, 0.3, 2.7, 9.99, 10, 55.5, 1e4])
      expect(digamma(x + 1)).toBeCloseTo(digamma(x) + 1 / x, 12);
    expect(digamma(0)).toBeNaN();
  });
  it('is the derivative of lgamma', () => {
    for (const x of [0.05, 0.7, 3.2, 14, 250]) {
      const h = 1e-5 * Math.max(1, x);
      expect(digamma(x)).toBeCloseTo((lgamma(x + h) - lgamma(x - h)) / (2 * h), 6);
    }
  });
});

describe('BG/NBD likelihood', () => {
  const points = [
    [0.2426, 4.4135, 0.7929, 2.4259], // the CDNOW optimum
    [1, 1, 1, 1],
    [0.05, 20, 3, 0.5],
    [5, 0.5, 0.1, 10],
  ].map((p) => p.map(Math.log));
  const data = groupRfm(cdnow);

  it('groups tied histories: fewer terms than customers, same total as customer by customer', () => {
    expect(data.customers).toBe(2357);
    expect(data.weight.length).toBeLessThan(data.customers);
    expect(data.weight.reduce((s, w) => s + w, 0)).toBe(2357);
    for (const v of points) {
      const grouped = bgnbdLogLikelihoodGrouped(bgFromLog(v), data).logLikelihood;
      const each = bgnbdLogLikelihood(bgFromLog(v), cdnow);
      expect(Math.abs(grouped / each - 1)).toBeLessThan(1e-12);
    }
  });

  it('analytic gradient (log-parameters) equals central finite differences', () => {
    const ll = (v: number[]) => bgnbdLogLikelihoodGrouped(bgFromLog(v), data).logLikelihood;
    for (const v of points) {
      const analytic = bgnbdLogLikelihoodGrouped(bgFromLog(v), data).gradient;
      const numeric = centralDifference(ll, v);
      for (let i = 0; i < 4; i++)
        expect(Math.abs(analytic[i]! - numeric[i]!) / data.customers).toBeLessThan(1e-7);
      // The points are away from the optimum except the first: the check is not comparing zeros.
      expect(Math.hypot(...numeric) / data.customers).toBeGreaterThan(v === points[0] ? 0 : 1e-2);
    }
  });
});

describe('Gamma-Gamma likelihood', () => {
  const points = [
    [6.25, 3.74, 15.44],
    [1, 1, 1],
    [0.5, 8, 100],
    [20, 0.8, 2],
  ].map((p) => p.map(Math.log));
  // Fixed prices make ties: every third customer's mean spend rounded to whole dollars × 5.
  const spend = repeatBuyers.map((c, i) => ({
    x: c.x,
    m: i % 3 ? c.m : Math.max(5, Math.round(c.m / 5) * 5),
  }));
  const data = groupSpend(spend);

  it('groups tied (x, m): fewer terms than customers, same total as customer by customer', () => {
    expect(data.weight.length).toBeLessThan(spend.length);
    for (const v of points) {
      const grouped = gammaGammaLogLikelihoodGrouped(ggFromLog(v), data).logLikelihood;
      const each = gammaGammaLogLikelihood(ggFromLog(v), spend);
      expect(Math.abs(grouped / each - 1)).toBeLessThan(1e-12);
    }
  });

  it('analytic gradient (log-parameters) equals central finite differences', () => {
    const ll = (v: number[]) => gammaGammaLogLikelihoodGrouped(ggFromLog(v), data).logLikelihood;
    for (const v of points) {
      const analytic = gammaGammaLogLikelihoodGrouped(ggFromLog(v), data).gradient;
      const numeric = centralDifference(ll, v);
      for (let i = 0; i < 3; i++)
        expect(Math.abs(analytic[i]! - numeric[i]!) / spend.length).toBeLessThan(1e-7);
      expect(Math.hypot(...numeric) / spend.length).toBeGreaterThan(v === points[0] ? 0 : 1e-2);
    }
  });
});

describe('fits', () => {
  const relative = (a: number, b: number) => Math.abs(a / b - 1);

  it('BFGS and the original Nelder–Mead agree to 4 significant digits on CDNOW, BFGS at the higher maximum', () => {
    const fast = fitBgNbd(cdnow);
    const base = fitBgNbd(cdnow, { method: 'nelder-mead' });
    for (const k of ['r', 'alpha', 'a', 'b'] as const)
      expect(relative(fast.params[k], base.params[k])).toBeLessThan(5e-4);
    expect(fast).toMatchObject({ method: 'bfgs', converged: true, atBound: [] });
    expect(fast.gradientNorm).toBeLessThan(1e-8);
    expect(fast.logLikelihood).toBeGreaterThanOrEqual(base.logLikelihood - 1e-9);

    const fastGg = fitGammaGamma(repeatBuyers);
    const baseGg = fitGammaGamma(repeatBuyers, { method: 'nelder-mead' });
    for (const k of ['p', 'q', 'gamma'] as const)
      expect(relative(fastGg.params[k], baseGg.params[k])).toBeLessThan(5e-4);
    expect(fastGg).toMatchObject({ method: 'bfgs', converged: true, atBound: [] });
    expect(fastGg.gradientNorm).toBeLessThan(1e-8);
    expect(fastGg.logLikelihood).toBeGreaterThanOrEqual(baseGg.logLikelihood - 1e-9);
  });

  it('Gamma-Gamma does not depend on the currency unit: spend in cents gives γ × 100, the same p and q', () => {
    const dollars = fitGammaGamma(repeatBuyers);
    const cents = fitGammaGamma(repeatBuyers.map((c) => ({ x: c.x, m: c.m * 100 })));
    expect(relative(cents.params.p, dollars.params.p)).toBeLessThan(1e-6);
    expect(relative(cents.params.q, dollars.params.q)).toBeLessThan(1e-6);
    expect(relative(cents.params.gamma, 100 * dollars.params.gamma)).toBeLessThan(1e-6);
  });

  it('a BG/NBD fit without visible dropout ends on the bounds and says so', () => {
    // Everyone bought every few days right up to the end: nothing suggests anyone left, so the
    // likelihood keeps rising towards a → 0 (no dropout).
    const steady: Rfm[] = Array.from({ length: 200 }, (_, i) => ({ x: 10 + (i % 5), tx: 20, T: 20 }));
    const fit = fitBgNbd(steady);
    expect(fit.atBound).toContain('a');
    expect(fit.params.a).toBeCloseTo(Math.exp(-9), 12);
  });

  it('a Gamma-Gamma fit on identical spends (no heterogeneity) ends on the bounds and says so', () => {
    const fit = fitGammaGamma(Array.from({ length: 50 }, (_, i) => ({ x: 1 + (i % 4), m: 20 })));
    expect(fit.atBound.length).toBeGreaterThan(0);
  });
});

describe('boxBfgs', () => {
  it('finds the Rosenbrock minimum from the textbook start', () => {
    const r = boxBfgs(
      ([x, y]) => ({
        f: (1 - x!) ** 2 + 100 * (y! - x! ** 2) ** 2,
        g: [-2 * (1 - x!) - 400 * x! * (y! - x! ** 2), 200 * (y! - x! ** 2)],
      }),
      [-1.2, 1],
    );
    expect(r).toMatchObject({ converged: true, stoppedBy: 'gradient' });
    expect(r.x[0]).toBeCloseTo(1, 6);
    expect(r.x[1]).toBeCloseTo(1, 6);
    expect(r.atBound).toEqual([false, false]);
  });

  it('at the limit of precision stops and judges the gradient by the looser tolerance', () => {
    // A kink at 1: the gradient never falls below 3e-8, so no step lowers f once there.
    const kinked = ([v]: number[]) => ({
      f: (v! - 1) ** 2 + 3e-8 * Math.abs(v! - 1),
      g: [2 * (v! - 1) + 3e-8 * (v! >= 1 ? 1 : -1)],
    });
    const r = boxBfgs(kinked, [3]);
    expect(r.stoppedBy).toBe('precision');
    expect(r.x[0]).toBeCloseTo(1, 6);
    expect(r.converged).toBe(true);
    expect(boxBfgs(kinked, [3], { precisionLimitTolerance: 1e-9 }).converged).toBe(false);
  });

  it('stops on the box when the minimum is outside it, and reports which coordinates are held', () => {
    // min (x − 2)² + (y + 1)² + (z − 0.5)² on [0, 1]³ is at (1, 0, 0.5).
    const r = boxBfgs(
      ([x, y, z]) => ({
        f: (x! - 2) ** 2 + (y! + 1) ** 2 + (z! - 0.5) ** 2,
        g: [2 * (x! - 2), 2 * (y! + 1), 2 * (z! - 0.5)],
      }),
      [0.5, 0.5, 0.9],
      { lower: [0, 0, 0], upper: [1, 1, 1] },
    );
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBe(1);
    expect(r.x[1]).toBe(0);
    expect(r.x[2]).toBeCloseTo(0.5, 9);
    expect(r.atBound).toEqual([true, true, false]);
    expect(r.projectedGradientNorm).toBeLessThan(1e-9);
  });
});
