// Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV: Using Iso-Value Curves"):
// a customer's average spend per purchase, shrunk towards the population mean.
import { boxBfgs, minimize } from '../optimize.ts';
import { digamma, lgamma } from '../special.ts';
import { diagnose, type FitDiagnostics, type FitMethod, type FitOptions, LOG_PARAM_BOUND } from './bgnbd.ts';

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

export const GAMMAGAMMA_PARAMS = ['p', 'q', 'gamma'] as const;

/** One customer's log-likelihood: the readable reference. */
export function gammaGammaCustomerLogLikelihood(
  { p, q, gamma }: GammaGammaParams,
  { x, m }: SpendSummary,
): number {
  const px = p * x;
  return (
    lgamma(px + q) -
    lgamma(px) -
    lgamma(q) +
    q * Math.log(gamma) +
    (px - 1) * Math.log(m) +
    px * Math.log(x) -
    (px + q) * Math.log(gamma + m * x)
  );
}

/** Total log-likelihood, customer by customer (no grouping). */
export function gammaGammaLogLikelihood(
  params: GammaGammaParams,
  customers: readonly SpendSummary[],
): number {
  let ll = 0;
  for (const c of customers) ll += gammaGammaCustomerLogLikelihood(params, c);
  return ll;
}

/**
 * Customers with the same (x, m) share one term, weighted; the ln Γ and ψ terms depend on x only
 * and are computed once per distinct x. Spend is continuous, so ties are rarer than for BG/NBD
 * (fixed-price services are the exception), but the per-x terms are most of the cost.
 */
export interface GroupedSpend {
  customers: number;
  xValues: Float64Array;
  xIndex: Uint32Array;
  /** Per group: m, ln m, ln x, and how many customers share it. */
  m: Float64Array;
  lnM: Float64Array;
  lnX: Float64Array;
  weight: Float64Array;
}

export function groupSpend(customers: readonly SpendSummary[]): GroupedSpend {
  // x → (m → group): numeric keys, no string per customer.
  const byX = new Map<number, { index: number; groups: Map<number, number> }>();
  const xIndex: number[] = [];
  const m: number[] = [];
  const weight: number[] = [];
  for (const c of customers) {
    let perX = byX.get(c.x);
    if (!perX) {
      perX = { index: byX.size, groups: new Map() };
      byX.set(c.x, perX);
    }
    const g = perX.groups.get(c.m);
    if (g !== undefined) weight[g]!++;
    else {
      perX.groups.set(c.m, weight.length);
      xIndex.push(perX.index);
      m.push(c.m);
      weight.push(1);
    }
  }
  const xValues = Float64Array.from(byX.keys());
  return {
    customers: customers.length,
    xValues,
    xIndex: Uint32Array.from(xIndex),
    m: Float64Array.from(m),
    lnM: Float64Array.from(m, Math.log),
    lnX: Float64Array.from(xIndex, (i) => Math.log(xValues[i]!)),
    weight: Float64Array.from(weight),
  };
}

/**
 * Total log-likelihood of grouped spend and its gradient with respect to (ln p, ln q, ln γ):
 *   ∂/∂p = x (ψ(px+q) − ψ(px) + ln m + ln x − ln(γ+mx))
 *   ∂/∂q = ψ(px+q) − ψ(q) + ln γ − ln(γ+mx)
 *   ∂/∂γ = q/γ − (px+q)/(γ+mx)
 */
export function gammaGammaLogLikelihoodGrouped(
  { p, q, gamma }: GammaGammaParams,
  d: GroupedSpend,
): { logLikelihood: number; gradient: [number, number, number] } {
  const nx = d.xValues.length;
  const base = new Float64Array(nx);
  const dpBase = new Float64Array(nx);
  const dqBase = new Float64Array(nx);
  const lnGamma = Math.log(gamma);
  const lgQ = lgamma(q);
  const psiQ = digamma(q);
  for (let i = 0; i < nx; i++) {
    const px = p * d.xValues[i]!;
    const psiPXQ = digamma(px + q);
    base[i] = lgamma(px + q) - lgamma(px) - lgQ + q * lnGamma;
    dpBase[i] = psiPXQ - digamma(px);
    dqBase[i] = psiPXQ - psiQ + lnGamma;
  }
  let ll = 0;
  let gp = 0;
  let gq = 0;
  let gg = 0;
  for (let k = 0; k < d.weight.length; k++) {
    const xi = d.xIndex[k]!;
    const x = d.xValues[xi]!;
    const w = d.weight[k]!;
    const px = p * x;
    const denominator = gamma + d.m[k]! * x;
    const lnDen = Math.log(denominator);
    ll += w * (base[xi]! + (px - 1) * d.lnM[k]! + px * d.lnX[k]! - (px + q) * lnDen);
    gp += w * x * (dpBase[xi]! + d.lnM[k]! + d.lnX[k]! - lnDen);
    gq += w * (dqBase[xi]! - lnDen);
    gg += w * (q / gamma - (px + q) / denominator);
  }
  return { logLikelihood: ll, gradient: [p * gp, q * gq, gamma * gg] };
}

export interface GammaGammaFit extends FitDiagnostics {
  params: GammaGammaParams;
  customers: number;
  method: FitMethod;
}

export function fitGammaGamma(
  customers: readonly SpendSummary[],
  { method = 'bfgs' }: FitOptions = {},
): GammaGammaFit {
  const valid = customers.filter((c) => c.x > 0 && c.m > 0);
  if (valid.length === 0)
    throw new Error('fitGammaGamma: needs customers with repeat purchases and positive spend');
  const n = valid.length;
  const toParams = (v: readonly number[], scale = 1): GammaGammaParams => ({
    p: Math.exp(v[0]!),
    q: Math.exp(v[1]!),
    gamma: Math.exp(v[2]!) * scale,
  });
  if (method === 'nelder-mead') {
    // The original fit, unchanged (unbounded, customer by customer): the benchmark's baseline.
    const result = minimize((v) => -gammaGammaLogLikelihood(toParams(v), valid), [0, 0, 0]);
    const params = toParams(result.x);
    const { logLikelihood, gradient } = gammaGammaLogLikelihoodGrouped(params, groupSpend(valid));
    return {
      params,
      customers: n,
      method,
      ...diagnose(GAMMAGAMMA_PARAMS, result.x, gradient, n),
      logLikelihood,
      iterations: result.iterations,
      converged: result.converged,
    };
  }
  // γ is a scale parameter in the currency's unit: fitting spend divided by a typical spend leaves
  // p and q unchanged and divides γ by it (the likelihood only shifts by n·ln(scale)), so the box
  // e^±9 on ln γ means the same thing for yuan, fen or dollars. The geometric mean is the typical
  // spend because heavy tails (the q ≤ 1 case) would drag an arithmetic mean far up.
  const data = groupSpend(valid);
  let sumLnM = 0;
  for (let k = 0; k < data.weight.length; k++) sumLnM += data.weight[k]! * data.lnM[k]!;
  const scale = Math.exp(sumLnM / n);
  const scaled = { ...data, m: data.m.map((m) => m / scale), lnM: data.lnM.map((l) => l - Math.log(scale)) };
  const result = boxBfgs(
    (v) => {
      const { logLikelihood, gradient } = gammaGammaLogLikelihoodGrouped(toParams(v), scaled);
      return { f: -logLikelihood / n, g: gradient.map((gi) => -gi / n) };
    },
    [0, 0, 0],
    {
      lower: [-1, -1, -1].map((s) => s * LOG_PARAM_BOUND),
      upper: [1, 1, 1].map((s) => s * LOG_PARAM_BOUND),
      gradientTolerance: 1e-9,
    },
  );
  const params = toParams(result.x, scale);
  const { logLikelihood, gradient } = gammaGammaLogLikelihoodGrouped(params, data);
  return {
    params,
    customers: n,
    method,
    // The box and the gradient in log-parameters are the same in scaled and original units.
    ...diagnose(GAMMAGAMMA_PARAMS, result.x, gradient, n),
    logLikelihood,
    iterations: result.iterations,
    converged: result.converged,
  };
}

/** Population mean spend γp/(q − 1); undefined (infinite) when q ≤ 1. */
export function populationMeanSpend({ p, q, gamma }: GammaGammaParams): number {
  return q > 1 ? (gamma * p) / (q - 1) : Number.POSITIVE_INFINITY;
}

/** E[M | x, m]: a weighted mean of the population mean γp/(q − 1) and the customer's own m. */
export function expectedSpend({ p, q, gamma }: GammaGammaParams, c: { x: number; m: number }): number {
  if (q <= 1) throw new RangeError('expected spend needs q > 1');
  if (c.x === 0) return (gamma * p) / (q - 1);
  return ((gamma + c.m * c.x) * p) / (p * c.x + q - 1);
}
