// The CLV fallback for samples the BG/NBD + Gamma-Gamma fit cannot be trusted on (too few repeat
// buyers, a fit on its bounds or not converged, Gamma-Gamma's q ≤ 1). It is the seed's formula
// (clv/simple.ts: spend × frequency × margin over a retention-discounted lifetime) fed with what a
// small sample can support: each customer's own mean spend, and two rates pooled over everyone
// instead of fitted per-customer heterogeneity:
//   λ = Σx / Σt_x  repeat visits per week while active (between first and last visit),
//   R = Σx / Σ(x + 1)  the share of visits followed by another visit.
// It is the BG/NBD story without heterogeneity: visits arrive at rate λ while active, and after
// each visit the customer returns with probability R. So the customer is alive now with
//   P = R·e^(−λs) / (R·e^(−λs) + 1 − R),  s = T − t_x (weeks since the last visit),
// and stays for another month with ρ = e^(−λm(1 − R)) (λm visits a month, each ending the
// relationship with probability 1 − R). CLV = P × simpleClv(own spend, λm, margin, ρ, discount,
// horizon). R and λ are pooled and censored (recent customers' futures are not yet seen), so the
// figures are conservative, and with no repeat visit at all they are honestly zero.
import type { ClvOptions, CustomerValue } from './lifetime.ts';
import { simpleClv } from './simple.ts';
import type { CustomerSummary } from './summary.ts';

export interface PooledRates {
  customers: number;
  repeatBuyers: number;
  /** Repeat visits per time unit while active. */
  visitRate: number;
  /** Share of visits followed by another visit. */
  returnProbability: number;
}

export function pooledRates(customers: readonly Pick<CustomerSummary, 'x' | 'tx'>[]): PooledRates {
  let repeatVisits = 0;
  let visits = 0;
  let activeTime = 0;
  let repeatBuyers = 0;
  for (const c of customers) {
    repeatVisits += c.x;
    visits += c.x + 1;
    if (c.x > 0) {
      activeTime += c.tx;
      repeatBuyers++;
    }
  }
  return {
    customers: customers.length,
    repeatBuyers,
    visitRate: activeTime > 0 ? repeatVisits / activeTime : 0,
    returnProbability: visits > 0 ? repeatVisits / visits : 0,
  };
}

/** One customer's fallback value; `o.periodLength` converts a period (month) into the rates' time unit. */
export function pooledCustomerValue(
  rates: PooledRates,
  c: Pick<CustomerSummary, 'x' | 'tx' | 'T' | 'm' | 'firstSpend'>,
  o: ClvOptions,
): CustomerValue {
  const ownSpend = (c.firstSpend + c.x * c.m) / (c.x + 1);
  const R = rates.returnProbability;
  const visitsPerPeriod = rates.visitRate * o.periodLength;
  if (R === 0 || visitsPerPeriod === 0) {
    return { expectedPurchases: 0, probabilityAlive: 0, expectedSpend: ownSpend, clv: 0 };
  }
  const stay = R * Math.exp(-rates.visitRate * Math.max(0, c.T - c.tx));
  const probabilityAlive = stay / (stay + 1 - R);
  const retention = Math.exp(-visitsPerPeriod * (1 - R));
  const alive = simpleClv({
    averageSpend: ownSpend,
    purchasesPerPeriod: visitsPerPeriod,
    margin: o.margin,
    retentionRate: retention,
    discountRate: o.discountRate,
    horizon: o.periods,
  });
  const undiscountedPeriods = simpleClv({
    averageSpend: 1,
    purchasesPerPeriod: 1,
    margin: 1,
    retentionRate: retention,
    discountRate: 0,
    horizon: o.periods,
  }).clv;
  return {
    expectedPurchases: probabilityAlive * visitsPerPeriod * undiscountedPeriods,
    probabilityAlive,
    expectedSpend: ownSpend,
    clv: probabilityAlive * alive.clv,
  };
}
