import { describe, expect, it } from 'vitest';
import { pooledCustomerValue, pooledRates } from './fallback.ts';
import { simpleClv } from './simple.ts';

const months = { periodLength: 52 / 12, periods: 12, discountRate: 0.01, margin: 0.3 };
const customer = (x: number, tx: number, T: number, m = 100, firstSpend = 100) => ({
  x,
  tx,
  T,
  m,
  firstSpend,
});

describe('pooled CLV fallback', () => {
  const sample = [customer(3, 12, 20), customer(2, 18, 20), customer(1, 4, 20), customer(0, 0, 20)];

  it('pools the visit rate over active time and the return probability over visits', () => {
    const rates = pooledRates([customer(3, 12, 20), customer(2, 18, 20), customer(0, 0, 20)]);
    expect(rates).toEqual({ customers: 3, repeatBuyers: 2, visitRate: 5 / 30, returnProbability: 5 / 8 });
  });

  it("is the seed's formula times P(alive): own spend, pooled frequency, retention e^(−λm(1 − R))", () => {
    const rates = { customers: 3, repeatBuyers: 2, visitRate: 5 / 30, returnProbability: 5 / 8 };
    const c = customer(3, 19, 20, 120, 80); // own spend (80 + 3·120)/4 = 110, last visit a week ago
    const v = pooledCustomerValue(rates, c, months);
    const lambdaMonth = (5 / 30) * (52 / 12);
    const stay = (5 / 8) * Math.exp(-(5 / 30) * 1);
    const pAlive = stay / (stay + 3 / 8);
    const seed = simpleClv({
      averageSpend: 110,
      purchasesPerPeriod: lambdaMonth,
      margin: 0.3,
      retentionRate: Math.exp(-lambdaMonth * (3 / 8)),
      discountRate: 0.01,
      horizon: 12,
    }).clv;
    expect(v.expectedSpend).toBeCloseTo(110, 12);
    expect(v.probabilityAlive).toBeCloseTo(pAlive, 12);
    expect(v.clv).toBeCloseTo(pAlive * seed, 9);
  });

  it('a customer seen recently is more likely alive and worth more than one gone quiet', () => {
    const rates = pooledRates(sample);
    const recent = pooledCustomerValue(rates, customer(2, 19, 20), months);
    const quiet = pooledCustomerValue(rates, customer(2, 2, 20), months);
    expect(recent.probabilityAlive).toBeGreaterThan(quiet.probabilityAlive);
    expect(recent.clv).toBeGreaterThan(quiet.clv);
    expect(quiet.clv).toBeGreaterThan(0);
    expect(recent.probabilityAlive).toBeLessThanOrEqual(1);
  });

  it('with no repeat visit at all the pooled estimate is zero, not a guess', () => {
    const rates = pooledRates([customer(0, 0, 5), customer(0, 0, 9)]);
    expect(rates.returnProbability).toBe(0);
    const v = pooledCustomerValue(rates, customer(0, 0, 5, 0, 60), months);
    expect(v).toEqual({ expectedPurchases: 0, probabilityAlive: 0, expectedSpend: 60, clv: 0 });
  });
});
