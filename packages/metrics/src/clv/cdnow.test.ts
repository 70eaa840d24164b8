// The reference test every CLV implementation is held to: derive the summary from the raw CDNOW
// log and reproduce the published maximum-likelihood parameters within 1%.
import { describe, expect, it } from 'vitest';
import { expectedPurchases, fitBgNbd, probabilityAlive } from './bgnbd.ts';
import { cdnowSummary, cdnowTransactions } from './cdnow.fixture.ts';
import { expectedSpend, fitGammaGamma } from './gammagamma.ts';
import { customerValue } from './lifetime.ts';

const transactions = cdnowTransactions();
const customers = cdnowSummary(transactions);

const within1pct = (actual: number, published: number) =>
  expect(Math.abs(actual / published - 1)).toBeLessThan(0.01);

describe('CDNOW reference', () => {
  it('the summary has the published shape: 2,357 customers, 946 repeat buyers', () => {
    expect(transactions).toHaveLength(6919);
    expect(customers).toHaveLength(2357);
    expect(customers.filter((c) => c.x > 0)).toHaveLength(946);
    expect(Math.max(...customers.map((c) => c.T))).toBeCloseTo(38.86, 1); // 1997-01-01 → 09-30
  });

  it('BG/NBD: r = 0.2426, α = 4.4135, a = 0.7929, b = 2.4259, LL = −9582.4 (Fader, Hardie & Lee 2005)', () => {
    const fit = fitBgNbd(customers);
    within1pct(fit.params.r, 0.2426);
    within1pct(fit.params.alpha, 4.4135);
    within1pct(fit.params.a, 0.7929);
    within1pct(fit.params.b, 2.4259);
    expect(fit.logLikelihood).toBeCloseTo(-9582.4, 0);
    expect(fit).toMatchObject({ converged: true, atBound: [] });
    // Sanity of the predictions: a frequent, recent buyer is likely alive and buys again.
    const loyal = { x: 10, tx: 38, T: 39 };
    const gone = { x: 10, tx: 5, T: 39 };
    expect(probabilityAlive(fit.params, loyal)).toBeGreaterThan(0.9);
    expect(probabilityAlive(fit.params, gone)).toBeLessThan(0.1);
    expect(expectedPurchases(fit.params, loyal, 39)).toBeGreaterThan(expectedPurchases(fit.params, gone, 39));
  });

  it('Gamma-Gamma on the 946 repeat buyers: p = 6.25, q = 3.74, γ = 15.44 (Fader, Hardie & Lee 2005)', () => {
    const fit = fitGammaGamma(customers.filter((c) => c.x > 0));
    expect(fit.customers).toBe(946);
    expect(fit).toMatchObject({ converged: true, atBound: [] });
    within1pct(fit.params.p, 6.25);
    within1pct(fit.params.q, 3.74);
    within1pct(fit.params.gamma, 15.44);
    // Shrinkage: one purchase of $100 is pulled towards the population mean, ten are trusted more.
    const mean = (fit.params.gamma * fit.params.p) / (fit.params.q - 1);
    const one = expectedSpend(fit.params, { x: 1, m: 100 });
    const ten = expectedSpend(fit.params, { x: 10, m: 100 });
    expect(one).toBeGreaterThan(mean);
    expect(one).toBeLessThan(ten);
    expect(ten).toBeLessThan(100);
  });

  it('discounted CLV is positive, larger for better customers and bounded by undiscounted value', () => {
    const bg = fitBgNbd(customers).params;
    const gg = fitGammaGamma(customers.filter((c) => c.x > 0)).params;
    const opts = { periodLength: 52 / 12, periods: 12, discountRate: 0.01, margin: 0.3 };
    const good = customerValue(bg, gg, { x: 8, tx: 37, T: 39, m: 40 }, opts);
    const weak = customerValue(bg, gg, { x: 1, tx: 2, T: 39, m: 15 }, opts);
    expect(good.clv).toBeGreaterThan(weak.clv);
    expect(weak.clv).toBeGreaterThan(0);
    expect(good.clv).toBeLessThan(good.expectedPurchases * good.expectedSpend * 0.3);
  });
});
