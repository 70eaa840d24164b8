// The seed's customer lifetime value: average spend × purchase frequency × margin, over the
// expected lifetime implied by the retention rate, discounted.

export interface SimpleClvInput {
  /** Average spend per purchase (currency). */
  averageSpend: number;
  /** Purchases per period (e.g. per year). */
  purchasesPerPeriod: number;
  /** Gross margin, 0–1. */
  margin: number;
  /** Share of customers still buying the next period, 0 ≤ r < 1. */
  retentionRate: number;
  /** Discount rate per period, ≥ 0. */
  discountRate: number;
  /** Periods to count; Infinity for the closed form. */
  horizon?: number;
}

export interface SimpleClv {
  /** Margin a retained customer brings per period. */
  marginPerPeriod: number;
  /** Expected lifetime in periods, 1 / (1 − r) (undiscounted). */
  expectedLifetime: number;
  /** Σ_{t=0}^{H−1} m · rᵗ / (1 + d)ᵗ: the first period counts in full. */
  clv: number;
}

export function simpleClv(i: SimpleClvInput): SimpleClv {
  if (!(i.retentionRate >= 0 && i.retentionRate < 1)) throw new RangeError('retentionRate must be in [0, 1)');
  if (!(i.discountRate >= 0)) throw new RangeError('discountRate must be ≥ 0');
  const m = i.averageSpend * i.purchasesPerPeriod * i.margin;
  const q = i.retentionRate / (1 + i.discountRate);
  const h = i.horizon ?? Number.POSITIVE_INFINITY;
  const factor = Number.isFinite(h) ? (1 - q ** h) / (1 - q) : 1 / (1 - q);
  return { marginPerPeriod: m, expectedLifetime: 1 / (1 - i.retentionRate), clv: m * factor };
}
