// Special functions for the CLV models, in log space where the formulas need it.

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7; relative error ≈ 1e-15), with reflection below 0.5. */
export function lgamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** ln(e^a + e^b) without overflow. */
export function logAddExp(a: number, b: number): number {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  const m = Math.max(a, b);
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

/**
 * Gauss hypergeometric ₂F₁(a, b; c; z) for 0 ≤ z < 1 by its power series, summed until the
 * terms stop mattering (relative 1e-15). Throws if it has not converged, rather than guess.
 */
export function hyp2f1(a: number, b: number, c: number, z: number, maxTerms = 100_000): number {
  if (!(z >= 0 && z < 1)) throw new RangeError(`hyp2f1 needs 0 ≤ z < 1, got ${z}`);
  let term = 1;
  let sum = 1;
  for (let k = 0; k < maxTerms; k++) {
    term *= (((a + k) * (b + k)) / ((c + k) * (k + 1))) * z;
    sum += term;
    if (Math.abs(term) < 1e-15 * Math.abs(sum)) return sum;
  }
  throw new Error(`hyp2f1(${a}, ${b}; ${c}; ${z}) did not converge in ${maxTerms} terms`);
}

/**
 * Digamma ψ(x) = d ln Γ(x)/dx, for the analytic gradients of the CLV likelihoods. Recurrence
 * ψ(x) = ψ(x + 1) − 1/x up to x ≥ 10, then the asymptotic series to the B₁₂ term (error < 1e-15);
 * reflection below 0.5.
 */
export function digamma(x: number): number {
  if (x <= 0 && Number.isInteger(x)) return Number.NaN;
  if (x < 0.5) return digamma(1 - x) - Math.PI / Math.tan(Math.PI * x);
  let shift = 0;
  while (x < 10) {
    shift -= 1 / x;
    x += 1;
  }
  const f = 1 / (x * x);
  const series =
    f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f * (1 / 132 - f * (691 / 32760))))));
  return shift + Math.log(x) - 0.5 / x - series;
}
