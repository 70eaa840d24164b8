// Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV: Using Iso-Value Curves"):
// a customer's average spend per purchase, shrunk towards the population mean.
import { minimize } from '../optimize.ts';
import { lgamma } from '../special.ts';

/** x repeat purchases (> 0) with mean spend m. */
export interface SpendSummary {
  x: number;
  m: number;
}

export interface GammaGammaParams {
  p: number;
  q: number;
  gamma: number;
}

export function gammaGammaLogLikelihood(
  { p, q, gamma }: GammaGammaParams,
  customers: readonly SpendSummary[],
): number {
  const base = -lgamma(q) + q * Math.log(gamma);
  let ll = 0;
  for (const { x, m } of customers) {
    const px = p * x;
    ll +=
      lgamma(px + q) -
      lgamma(px) +
      base +
      (px - 1) * Math.log(m) +
      px * Math.log(x) -
      (px + q) * Math.log(gamma + m * x);
  }
  return ll;
}

export function fitGammaGamma(customers: readonly SpendSummary[]) {
  const valid = customers.filter((c) => c.x > 0 && c.m > 0);
  if (valid.length === 0)
    throw new Error('fitGammaGamma: needs customers with repeat purchases and positive spend');
  const toParams = (v: number[]): GammaGammaParams => ({
    p: Math.exp(v[0]!),
    q: Math.exp(v[1]!),
    gamma: Math.exp(v[2]!),
  });
  const result = minimize((v) => -gammaGammaLogLikelihood(toParams(v), valid), [0, 0, 0]);
  return {
    params: toParams(result.x),
    logLikelihood: -result.fx,
    customers: valid.length,
    converged: result.converged,
  };
}

/** E[M | x, m]: a weighted mean of the population mean γp/(q − 1) and the customer's own m. */
export function expectedSpend({ p, q, gamma }: GammaGammaParams, c: { x: number; m: number }): number {
  if (q <= 1) throw new RangeError('expected spend needs q > 1');
  if (c.x === 0) return (gamma * p) / (q - 1);
  return ((gamma + c.m * c.x) * p) / (p * c.x + q - 1);
}
