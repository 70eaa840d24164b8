// The CLV job's publishing rule: which model each sample gets, and that no sample aborts the job.
import { type CustomerSummary, seededDraws } from '@servloop/metrics';
import { cdnowSummary } from '@servloop/metrics/cdnow-fixture';
import { describe, expect, it } from 'vitest';
import { type ClvModelChoice, chooseClvModel, DEFAULT_CLV } from './clv.ts';

// The CDNOW sample (packages/metrics/test-data): a fit known to converge, Fader, Hardie & Lee 2005.
const cdnow = cdnowSummary();

/** Every customer's value is a finite, non-negative number with P(alive) in [0, 1]. */
function expectUsableValues(choice: ClvModelChoice, customers: readonly CustomerSummary[]) {
  for (const c of customers) {
    const v = choice.value(c);
    expect(Number.isFinite(v.clv) && v.clv >= 0, `clv of ${c.customerId}`).toBe(true);
    expect(v.probabilityAlive >= 0 && v.probabilityAlive <= 1, `P(alive) of ${c.customerId}`).toBe(true);
    expect(Number.isFinite(v.expectedPurchases) && Number.isFinite(v.expectedSpend)).toBe(true);
  }
}

describe('chooseClvModel', () => {
  it('normal data (CDNOW) → BG/NBD + Gamma-Gamma published', () => {
    const choice = chooseClvModel(cdnow, DEFAULT_CLV);
    expect(choice).toMatchObject({
      model: 'bgnbd_gammagamma',
      status: 'published',
      customers: 2357,
      repeatBuyers: 946,
    });
    expect(choice.published!.bgnbd.params.r).toBeCloseTo(0.2426, 3);
    expect(choice.published!.gammaGamma.params.q).toBeCloseTo(3.744, 2);
    expect(choice.note).toMatch(/^BG\/NBD on 2357 customers/);
    expectUsableValues(choice, cdnow);
  });

  it('fewer than 10 repeat buyers → pooled fallback, labelled with its n', () => {
    const few = [...cdnow.filter((c) => c.x === 0).slice(0, 40), ...cdnow.filter((c) => c.x > 0).slice(0, 9)];
    const choice = chooseClvModel(few, DEFAULT_CLV);
    expect(choice).toMatchObject({
      model: 'fallback_pooled',
      status: 'too_few_repeat_buyers',
      customers: 49,
    });
    expect(choice.repeatBuyers).toBe(9);
    expect(choice.note).toMatch(/^9 repeat buyers with spend, fewer than the 10/);
    expect(choice.note).toContain('n = 49 customers (9 repeat buyers)');
    expect(choice.published).toBeUndefined();
    expectUsableValues(choice, few);
    // Own spend, not a constant: the old code gave everyone 1.00.
    const spends = new Set(few.map((c) => choice.value(c).expectedSpend));
    expect(spends.size).toBeGreaterThan(10);
  });

  it('a BG/NBD fit on its bounds (no visible dropout) is refused and says which parameter', () => {
    // 60 customers who each came every week up to the estimate date: the likelihood runs to a → 0.
    const steady: CustomerSummary[] = Array.from({ length: 60 }, (_, i) => ({
      customerId: `S${i}`,
      x: 8 + (i % 5),
      tx: 20,
      T: 20,
      m: 50 + ((i * 37) % 90),
      firstSpend: 60,
    }));
    const choice = chooseClvModel(steady, DEFAULT_CLV);
    expect(choice).toMatchObject({ model: 'fallback_pooled', status: 'bgnbd_at_bound' });
    expect(choice.note).toMatch(/BG\/NBD ended on its bounds \(.*at bound: .*a = 0\.0001234/);
    expect((choice.params.bgnbd as { atBound: string[] }).atBound).toContain('a');
    expectUsableValues(choice, steady);
  });

  it('Gamma-Gamma q ≤ 1 (mean spend undefined) → fallback with the reason, no exception', () => {
    // CDNOW's visit pattern (BG/NBD converges) with heavy-tailed spend: ν ~ Gamma(q = 0.7), each
    // purchase ~ Gamma(p = 4, ν).
    const { gamma: gammaDraw } = seededDraws(11);
    const heavy = cdnow.map((c) => {
      if (c.x === 0) return c;
      const nu = gammaDraw(0.7, 1 / 10);
      let total = 0;
      for (let k = 0; k < c.x; k++) total += gammaDraw(4, 1 / nu);
      return { ...c, m: total / c.x };
    });
    const choice = chooseClvModel(heavy, DEFAULT_CLV);
    expect(choice).toMatchObject({ model: 'fallback_pooled', status: 'gammagamma_q_le_1' });
    const gg = choice.params.gammaGamma as { params: { q: number }; converged: boolean; atBound: string[] };
    expect(gg.converged).toBe(true);
    expect(gg.atBound).toEqual([]);
    expect(gg.params.q).toBeLessThanOrEqual(1);
    expect(choice.note).toMatch(/^Gamma-Gamma q = 0\.\d+ ≤ 1/);
    expectUsableValues(choice, heavy);
  });
});
