// BG/NBD (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way"): how many purchases a
// customer will make and whether they are still "alive", from frequency, recency and age.
import { minimize } from '../optimize.ts';
import { hyp2f1, lgamma, logAddExp } from '../special.ts';

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

interface Group extends Rfm {
  weight: number;
}

/** Identical (x, t_x, T) summaries share one likelihood term: large populations compress a lot. */
function compress(customers: Iterable<Rfm>): Group[] {
  const groups = new Map<string, Group>();
  for (const c of customers) {
    const key = `${c.x}|${c.tx}|${c.T}`;
    const g = groups.get(key);
    if (g) g.weight++;
    else groups.set(key, { ...c, weight: 1 });
  }
  return [...groups.values()];
}

/** Total log-likelihood (eq. 6 of the paper), in log space throughout. */
export function bgnbdLogLikelihood(p: BgNbdParams, customers: Iterable<Rfm> | Group[]): number {
  const groups =
    Array.isArray(customers) && customers.length > 0 && 'weight' in customers[0]!
      ? (customers as Group[])
      : compress(customers);
  const { r, alpha, a, b } = p;
  const lgR = lgamma(r);
  const lgB = lgamma(b);
  const lgAB = lgamma(a + b);
  const lnAlpha = Math.log(alpha);
  const lnA = Math.log(a);
  let ll = 0;
  for (const g of groups) {
    const { x, tx, T } = g;
    const lnA1 = lgamma(r + x) - lgR + r * lnAlpha;
    const lnA2 = lgAB + lgamma(b + x) - lgB - lgamma(a + b + x);
    const lnA3 = -(r + x) * Math.log(alpha + T);
    const lnA4 =
      x > 0 ? lnA - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx) : Number.NEGATIVE_INFINITY;
    ll += g.weight * (lnA1 + lnA2 + logAddExp(lnA3, lnA4));
  }
  return ll;
}

export interface BgNbdFit {
  params: BgNbdParams;
  logLikelihood: number;
  customers: number;
  iterations: number;
  converged: boolean;
}

/** Maximum likelihood over log-parameters (keeps all four positive), Nelder–Mead with restarts. */
export function fitBgNbd(customers: Iterable<Rfm>): BgNbdFit {
  const groups = compress(customers);
  const n = groups.reduce((s, g) => s + g.weight, 0);
  if (n === 0) throw new Error('fitBgNbd: no customers');
  // Parameters are kept in [e^-9, e^9]: histories with no visible dropout push a → 0 and b, r, α → ∞
  // (the likelihood's boundary), where the expectation formulas lose all precision.
  const bound = (x: number) => Math.exp(Math.max(-9, Math.min(9, x)));
  const toParams = (v: number[]): BgNbdParams => ({
    r: bound(v[0]!),
    alpha: bound(v[1]!),
    a: bound(v[2]!),
    b: bound(v[3]!),
  });
  const result = minimize(
    (v) => -bgnbdLogLikelihood(toParams(v), groups),
    [0, Math.log(Math.max(1, meanT(groups))), 0, 0],
  );
  return {
    params: toParams(result.x),
    logLikelihood: -result.fx,
    customers: n,
    iterations: result.iterations,
    converged: result.converged,
  };
}

function meanT(groups: Group[]): number {
  let s = 0;
  let n = 0;
  for (const g of groups) {
    s += g.T * g.weight;
    n += g.weight;
  }
  return s / n;
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
