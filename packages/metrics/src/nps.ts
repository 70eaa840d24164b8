// Net Promoter Score with an adjusted-Wald interval and a test for the difference of two NPS.

export interface NpsSummary {
  n: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** 100 × (P − D) / n; null when n = 0. */
  score: number | null;
  /** The adjusted-Wald centre 100 × (p' − d') that `se` belongs to (0 when n = 0). */
  adjusted: number;
  /** Standard error of the score on the 100 scale (adjusted Wald). */
  se: number;
  /** 95% interval on the 100 scale, clipped to [−100, 100]. */
  ci95: [number, number];
}

const Z95 = 1.959963984540054;

/** Counts from raw answers; anything that is not an integer 0–10 is ignored. */
export function npsCounts(answers: Iterable<number | null | undefined>): {
  promoters: number;
  passives: number;
  detractors: number;
} {
  let promoters = 0;
  let passives = 0;
  let detractors = 0;
  for (const a of answers) {
    if (typeof a !== 'number' || !Number.isInteger(a) || a < 0 || a > 10) continue;
    if (a >= 9) promoters++;
    else if (a >= 7) passives++;
    else detractors++;
  }
  return { promoters, passives, detractors };
}

/**
 * Adjusted Wald (Rocks 2016): n' = n + 3, p' = (P + ¾)/n', d' = (D + ¾)/n',
 * Var = (p' + d' − (p' − d')²)/n'. Works for tiny samples, and for n = 0 (a wide interval).
 */
export function npsFromCounts(c: { promoters: number; passives: number; detractors: number }): NpsSummary {
  const n = c.promoters + c.passives + c.detractors;
  const nAdj = n + 3;
  const p = (c.promoters + 0.75) / nAdj;
  const d = (c.detractors + 0.75) / nAdj;
  const centre = p - d;
  const se = Math.sqrt((p + d - centre * centre) / nAdj);
  const clip = (v: number) => Math.max(-100, Math.min(100, v));
  return {
    n,
    ...c,
    score: n === 0 ? null : (100 * (c.promoters - c.detractors)) / n,
    adjusted: 100 * centre,
    se: 100 * se,
    ci95: [clip(100 * (centre - Z95 * se)), clip(100 * (centre + Z95 * se))],
  };
}

export function nps(answers: Iterable<number | null | undefined>): NpsSummary {
  return npsFromCounts(npsCounts(answers));
}

export interface Difference {
  /** b − a of the raw scores on the 100 scale, for display (null if either side is empty). */
  diff: number | null;
  se: number;
  /** (adjusted b − adjusted a) / se: centre and error from the same adjusted-Wald estimate. */
  z: number;
  /** Two-sided p-value. */
  p: number;
  /** One-sided p-value for "b is lower than a" (what a drop alert tests). */
  pLower: number;
  significant: boolean;
}

/**
 * Is NPS b different from NPS a (two periods, or two branches)? SE_diff = √(SE_a² + SE_b²), and
 * the statistic uses the adjusted centres the errors were computed for: mixing the raw difference
 * with adjusted-Wald errors gave 7% false positives at n = 30 instead of 5%.
 */
export function npsDifference(a: NpsSummary, b: NpsSummary, alpha = 0.05): Difference {
  const se = Math.sqrt(a.se ** 2 + b.se ** 2);
  if (a.score === null || b.score === null)
    return { diff: null, se, z: 0, p: 1, pLower: 1, significant: false };
  const diff = b.score - a.score;
  const z = se === 0 ? 0 : (b.adjusted - a.adjusted) / se;
  const p = 2 * (1 - normalCdf(Math.abs(z)));
  return { diff, se, z, p, pLower: normalCdf(z), significant: p < alpha };
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 through erf; |error| < 1.5e-7). */
export function normalCdf(x: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(x) / Math.SQRT2));
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-(x * x) / 2);
  return x >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}
