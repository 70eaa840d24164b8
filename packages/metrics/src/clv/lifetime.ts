import { type BgNbdParams, expectedPurchases, probabilityAlive, type Rfm } from './bgnbd.ts';
import { expectedSpend, type GammaGammaParams } from './gammagamma.ts';

export interface ClvOptions {
  /** Length of one discounting period in the model's time unit (e.g. 4.345 weeks = a month). */
  periodLength: number;
  /** Periods to look ahead. */
  periods: number;
  /** Discount rate per period. */
  discountRate: number;
  /** Gross margin on spend, 0–1. */
  margin: number;
}

export interface CustomerValue {
  expectedPurchases: number;
  probabilityAlive: number;
  expectedSpend: number;
  /** Σ over periods of (expected purchases in the period × expected spend × margin), discounted. */
  clv: number;
}

/** BG/NBD for how many purchases and when, Gamma-Gamma for how much: a discounted lifetime value. */
export function customerValue(
  bg: BgNbdParams,
  gg: GammaGammaParams,
  c: Rfm & { m: number },
  o: ClvOptions,
): CustomerValue {
  const spend = expectedSpend(gg, c);
  let clv = 0;
  let before = 0;
  for (let k = 1; k <= o.periods; k++) {
    const cumulative = expectedPurchases(bg, c, k * o.periodLength);
    clv += ((cumulative - before) * spend * o.margin) / (1 + o.discountRate) ** k;
    before = cumulative;
  }
  return { expectedPurchases: before, probabilityAlive: probabilityAlive(bg, c), expectedSpend: spend, clv };
}
