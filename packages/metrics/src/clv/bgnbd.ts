// BG/NBD (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way"): how many purchases a
// customer will make and whether they are still "alive", from frequency, recency and age.
import { boxBfgs, minimize } from '../optimize.ts';
import { digamma, hyp2f1, lgamma, logAddExp } from '../special.ts';

/** One customer's calibration summary: x repeat purchases, last at t_x, observed for T (same time unit). */
export interface Rfm {
  x: number;
  tx: number;
  T: number;
}

export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** Parameter names in the order of the optimiser's vector (log-parameters). */
export const BGNBD_PARAMS = ['r', 'alpha', 'a', 'b'] as const;

/**
 * Customers with the same (x, t_x, T) share one likelihood term, weighted by their count (histories
 * are measured in whole days, so ties are common), and the terms that depend on x only (four ln Γ,
 * four ψ) or on T or t_x only (a log, a reciprocal) are computed once per distinct value. x takes
 * a few dozen values, so a history costs two exp and one log per evaluation instead of ln Γ calls.
 */
export interface GroupedRfm {
  customers: number;
  /** Distinct values of x, T and t_x. */
  xValues: Float64Array;
  TValues: Float64Array;
  txValues: Float64Array;
  /** Per group: indices into the distinct values, and how many customers share the history. */
  xIndex: Uint32Array;
  TIndex: Uint32Array;
  txIndex: Uint32Array;
  weight: Float64Array;
}

export function groupRfm(customers: Iterable<Rfm>): GroupedRfm {
  const index = (values: Map<number, number>, v: number) => {
    let i = values.get(v);
    if (i === undefined) {
      i = values.size;
      values.set(v, i);
    }
    return i;
  };
  const xs = new Map<number, number>();
  const Ts = new Map<number, number>();
  const txs = new Map<number, number>();
  // Group key from the three value indices; 2^21 distinct values of each is far beyond real data.
  const groups = new Map<number, number>();
  const xIndex: number[] = [];
  const TIndex: number[] = [];
  const txIndex: number[] = [];
  const weight: number[] = [];
  let n = 0;
  for (const c of customers) {
    n++;
    const xi = index(xs, c.x);
    const Ti = index(Ts, c.T);
    const ti = index(txs, c.x > 0 ? c.tx : 0);
    const key = (xi * 2 ** 21 + Ti) * 2 ** 21 + ti;
    if (xi >= 2 ** 10 || Ti >= 2 ** 21 || ti >= 2 ** 21)
      throw new RangeError('groupRfm: too many distinct values');
    const g = groups.get(key);
    if (g !== undefined) weight[g]!++;
    else {
      groups.set(key, weight.length);
      xIndex.push(xi);
      TIndex.push(Ti);
      txIndex.push(ti);
      weight.push(1);
    }
  }
  return {
    customers: n,
    xValues: Float64Array.from(xs.keys()),
    TValues: Float64Array.from(Ts.keys()),
    txValues: Float64Array.from(txs.keys()),
    xIndex: Uint32Array.from(xIndex),
    TIndex: Uint32Array.from(TIndex),
    txIndex: Uint32Array.from(txIndex),
    weight: Float64Array.from(weight),
  };
}

/** One customer's log-likelihood (eq. 6 of the paper), in log space: the readable reference. */
export function bgnbdCustomerLogLikelihood({ r, alpha, a, b }: BgNbdParams, { x, tx, T }: Rfm): number {
  const lnA1 = lgamma(r + x) - lgamma(r) + r * Math.log(alpha);
  const lnA2 = lgamma(a + b) + lgamma(b + x) - lgamma(b) - lgamma(a + b + x);
  const lnA3 = -(r + x) * Math.log(alpha + T);
  const lnA4 =
    x > 0 ? Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx) : Number.NEGATIVE_INFINITY;
  return lnA1 + lnA2 + logAddExp(lnA3, lnA4);
}

/** Total log-likelihood, customer by customer (no grouping): the reference the grouped sum is tested against. */
export function bgnbdLogLikelihood(p: BgNbdParams, customers: Iterable<Rfm>): number {
  let ll = 0;
  for (const c of customers) ll += bgnbdCustomerLogLikelihood(p, c);
  return ll;
}

/**
 * Total log-likelihood of grouped histories and its gradient with respect to the log-parameters
 * (ln r, ln α, ln a, ln b). With w₃, w₄ the shares of the two terms inside the logAddExp:
 *   ∂/∂r = ψ(r+x) − ψ(r) + ln α − w₃ ln(α+T) − w₄ ln(α+t_x)
 *   ∂/∂α = r/α − (r+x)(w₃/(α+T) + w₄/(α+t_x))
 *   ∂/∂a = ψ(a+b) − ψ(a+b+x) + w₄/a
 *   ∂/∂b = ψ(a+b) + ψ(b+x) − ψ(b) − ψ(a+b+x) − w₄/(b+x−1)
 * and ∂/∂ln θ = θ ∂/∂θ.
 */
export function bgnbdLogLikelihoodGrouped(
  { r, alpha, a, b }: BgNbdParams,
  d: GroupedRfm,
): { logLikelihood: number; gradient: [number, number, number, number] } {
  const nx = d.xValues.length;
  // Per distinct x: the x-only part of ln A₁ + ln A₂, of ln A₄, and their derivatives.
  const base = new Float64Array(nx);
  const lnA4x = new Float64Array(nx);
  const dBaseR = new Float64Array(nx);
  const dBaseA = new Float64Array(nx);
  const dBaseB = new Float64Array(nx);
  const invBx1 = new Float64Array(nx);
  const lnAlpha = Math.log(alpha);
  const lgR = lgamma(r);
  const lgB = lgamma(b);
  const lgAB = lgamma(a + b);
  const psiR = digamma(r);
  const psiB = digamma(b);
  const psiAB = digamma(a + b);
  const lnA = Math.log(a);
  for (let i = 0; i < nx; i++) {
    const x = d.xValues[i]!;
    base[i] = lgamma(r + x) - lgR + r * lnAlpha + lgAB + lgamma(b + x) - lgB - lgamma(a + b + x);
    const psiABX = digamma(a + b + x);
    dBaseR[i] = digamma(r + x) - psiR + lnAlpha;
    dBaseA[i] = psiAB - psiABX;
    dBaseB[i] = psiAB + digamma(b + x) - psiB - psiABX;
    if (x > 0) {
      invBx1[i] = 1 / (b + x - 1);
      lnA4x[i] = lnA - Math.log(b + x - 1);
    } else lnA4x[i] = Number.NEGATIVE_INFINITY;
  }
  const lnT = d.TValues.map((T) => Math.log(alpha + T));
  const invT = d.TValues.map((T) => 1 / (alpha + T));
  const lnTx = d.txValues.map((tx) => Math.log(alpha + tx));
  const invTx = d.txValues.map((tx) => 1 / (alpha + tx));
  let ll = 0;
  let gr = 0;
  let gAlpha = 0;
  let ga = 0;
  let gb = 0;
  const groups = d.weight.length;
  for (let k = 0; k < groups; k++) {
    const xi = d.xIndex[k]!;
    const Ti = d.TIndex[k]!;
    const ti = d.txIndex[k]!;
    const w = d.weight[k]!;
    const x = d.xValues[xi]!;
    const c = r + x;
    const l3 = -c * lnT[Ti]!;
    let term: number;
    let w3 = 1;
    let w4 = 0;
    if (x > 0) {
      const l4 = lnA4x[xi]! - c * lnTx[ti]!;
      const m = l3 > l4 ? l3 : l4;
      const e3 = Math.exp(l3 - m);
      const e4 = Math.exp(l4 - m);
      const sum = e3 + e4;
      term = m + Math.log(sum);
      w3 = e3 / sum;
      w4 = e4 / sum;
    } else term = l3;
    ll += w * (base[xi]! + term);
    gr += w * (dBaseR[xi]! - w3 * lnT[Ti]! - w4 * lnTx[ti]!);
    gAlpha += w * (r / alpha - c * (w3 * invT[Ti]! + w4 * invTx[ti]!));
    ga += w * (dBaseA[xi]! + w4 / a);
    gb += w * (dBaseB[xi]! - w4 * invBx1[xi]!);
  }
  return { logLikelihood: ll, gradient: [r * gr, alpha * gAlpha, a * ga, b * gb] };
}

/** What a maximum-likelihood fit reports besides its parameters. */
export interface FitDiagnostics {
  /** The optimiser's stopping rule was met (projected gradient below tolerance for BFGS). */
  converged: boolean;
  iterations: number;
  /** Parameters that ended on the box the fit is held in (e^±9): the likelihood's boundary, not an interior optimum. */
  atBound: string[];
  /** ‖∂ℓ/∂ln θ‖ per customer over the parameters not held at a bound (0 at an exact optimum). */
  gradientNorm: number;
  logLikelihood: number;
}

export interface BgNbdFit extends FitDiagnostics {
  params: BgNbdParams;
  customers: number;
  method: FitMethod;
}

/** 'bfgs' (default): analytic gradient, quasi-Newton. 'nelder-mead': the original simplex fit, kept as the benchmark's baseline. */
export type FitMethod = 'bfgs' | 'nelder-mead';

export interface FitOptions {
  method?: FitMethod;
}

/**
 * Parameters are kept in [e^-9, e^9]: histories with no visible dropout push a → 0 and b, r, α → ∞
 * (the likelihood's boundary), where the expectation formulas lose all precision. A fit that ends
 * there says so in `atBound`.
 */
export const LOG_PARAM_BOUND = 9;

/** Largest per-customer gradient component (in log-parameters) accepted as an optimum. */
const GRADIENT_TOLERANCE = 1e-9;

const toBgNbdParams = (v: readonly number[]): BgNbdParams => ({
  r: Math.exp(v[0]!),
  alpha: Math.exp(v[1]!),
  a: Math.exp(v[2]!),
  b: Math.exp(v[3]!),
});

/** Maximum likelihood over log-parameters (keeps all four positive). */
export function fitBgNbd(customers: Iterable<Rfm>, { method = 'bfgs' }: FitOptions = {}): BgNbdFit {
  const data = groupRfm(customers);
  const n = data.customers;
  if (n === 0) throw new Error('fitBgNbd: no customers');
  const start = [0, Math.log(Math.max(1, meanT(data))), 0, 0];
  const clampLog = (v: number) => Math.max(-LOG_PARAM_BOUND, Math.min(LOG_PARAM_BOUND, v));
  let v: number[];
  let iterations: number;
  let converged: boolean;
  if (method === 'nelder-mead') {
    // The original fit, unchanged: ln Γ per history, no gradient, clamped inside the objective.
    const histories = distinctHistories(data);
    const result = minimize((u) => {
      const p = toBgNbdParams(u.map(clampLog));
      let ll = 0;
      for (const h of histories) ll += h.weight * bgnbdCustomerLogLikelihood(p, h);
      return -ll;
    }, start);
    v = result.x.map(clampLog);
    iterations = result.iterations;
    converged = result.converged;
  } else {
    // The mean negative log-likelihood per customer: tolerances independent of the sample size.
    const result = boxBfgs(
      (u) => {
        const { logLikelihood, gradient } = bgnbdLogLikelihoodGrouped(toBgNbdParams(u), data);
        return { f: -logLikelihood / n, g: gradient.map((gi) => -gi / n) };
      },
      start,
      {
        lower: start.map(() => -LOG_PARAM_BOUND),
        upper: start.map(() => LOG_PARAM_BOUND),
        gradientTolerance: GRADIENT_TOLERANCE,
      },
    );
    v = result.x;
    iterations = result.iterations;
    converged = result.converged;
  }
  const params = toBgNbdParams(v);
  const { logLikelihood, gradient } = bgnbdLogLikelihoodGrouped(params, data);
  return {
    params,
    customers: n,
    method,
    ...diagnose(BGNBD_PARAMS, v, gradient, n),
    logLikelihood,
    iterations,
    converged,
  };
}

/** Parameters on the box, and the gradient norm per customer over the others. */
export function diagnose(
  names: readonly string[],
  logParams: readonly number[],
  gradient: readonly number[],
  customers: number,
): { atBound: string[]; gradientNorm: number } {
  const onBound = logParams.map((v) => Math.abs(v) >= LOG_PARAM_BOUND - 1e-9);
  const free = gradient.filter((_, i) => !onBound[i]).map((g) => g / customers);
  return { atBound: names.filter((_, i) => onBound[i]), gradientNorm: Math.hypot(...free) };
}

function distinctHistories(d: GroupedRfm): (Rfm & { weight: number })[] {
  return Array.from(d.weight, (weight, k) => ({
    x: d.xValues[d.xIndex[k]!]!,
    tx: d.txValues[d.txIndex[k]!]!,
    T: d.TValues[d.TIndex[k]!]!,
    weight,
  }));
}

function meanT(d: GroupedRfm): number {
  let s = 0;
  for (let k = 0; k < d.weight.length; k++) s += d.TValues[d.TIndex[k]!]! * d.weight[k]!;
  return s / d.customers;
}

/** P(alive | x, t_x, T) (eq. 12). */
export function probabilityAlive(p: BgNbdParams, c: Rfm): number {
  if (c.x === 0) return 1;
  const lnRatio =
    Math.log(p.a) -
    Math.log(p.b + c.x - 1) +
    (p.r + c.x) * (Math.log(p.alpha + c.T) - Math.log(p.alpha + c.tx));
  return 1 / (1 + Math.exp(lnRatio));
}

/** Expected purchases in (T, T + t] given the history (eq. 10), with ₂F₁. */
export function expectedPurchases(p: BgNbdParams, c: Rfm, t: number): number {
  const { r, alpha, a, b } = p;
  const { x, tx, T } = c;
  if (t <= 0) return 0;
  const z = t / (alpha + T + t);
  const lnPow = (r + x) * (Math.log(alpha + T) - Math.log(alpha + T + t));
  const head = (a + b + x - 1) / (a - 1);
  const body = 1 - Math.exp(lnPow) * hyp2f1(r + x, b + x, a + b + x - 1, z);
  const aliveTerm =
    x > 0 ? (a / (b + x - 1)) * Math.exp((r + x) * (Math.log(alpha + T) - Math.log(alpha + tx))) : 0;
  const value = (head * body) / (1 + aliveTerm);
  if (Number.isFinite(value) && value >= 0) return value;
  // Near the parameter bounds the closed form cancels catastrophically; fall back to its
  // no-dropout limit weighted by P(alive), an upper bound.
  return probabilityAlive(p, c) * ((r + x) / (alpha + T)) * t;
}

/** Expected purchases in (0, t] for a new customer (eq. 9). */
export function expectedPurchasesNew(p: BgNbdParams, t: number): number {
  const { r, alpha, a, b } = p;
  const z = t / (alpha + t);
  return (
    ((a + b - 1) / (a - 1)) *
    (1 - Math.exp(r * (Math.log(alpha) - Math.log(alpha + t))) * hyp2f1(r, b, a + b - 1, z))
  );
}
