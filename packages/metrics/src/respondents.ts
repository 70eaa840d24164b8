// Dimension means over respondents, not item answers. A questionnaire answers three or four items
// of a dimension; those answers are correlated (one person, one visit), so treating each item as an
// independent respondent understates the standard error (by ~1.4×, 1.7× for facilities) and lets
// 4 people pass a "10 answers" minimum. Each respondent contributes the mean of their items.
import { normalCdf } from './nps.ts';

/** One respondent's answers to the items of one dimension (perception, 1–5). */
export interface RespondentScores {
  /** Sum of the item scores. */
  sum: number;
  /** Sum of the squared item scores (for the item-level variance behind the design effect). */
  sumSquares: number;
  /** Items answered. */
  items: number;
}

export interface RespondentSummary {
  /** Respondents with at least one answered item: the n every minimum counts. */
  respondents: number;
  /** Item answers behind them (shown, never used as n). */
  answers: number;
  /** Mean of the respondents' means; null without respondents. */
  mean: number | null;
  /** Sample standard deviation of the respondents' means; null under 2 respondents. */
  sd: number | null;
  /** Standard error of `mean`; null under 2 respondents. */
  se: number | null;
  /**
   * Design effect: (se per respondent / se as if every item answer were independent)². Near 1 when
   * items of a person are unrelated, up to the items per respondent when they always agree.
   */
  designEffect: number | null;
}

export function summariseRespondents(scores: Iterable<RespondentScores>): RespondentSummary {
  const means: number[] = [];
  let answers = 0;
  let itemSum = 0;
  let itemSquares = 0;
  for (const s of scores) {
    if (s.items <= 0) continue;
    means.push(s.sum / s.items);
    answers += s.items;
    itemSum += s.sum;
    itemSquares += s.sumSquares;
  }
  const n = means.length;
  if (n === 0) return { respondents: 0, answers: 0, mean: null, sd: null, se: null, designEffect: null };
  const mean = means.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { respondents: 1, answers, mean, sd: null, se: null, designEffect: null };
  const sd = Math.sqrt(means.reduce((a, m) => a + (m - mean) ** 2, 0) / (n - 1));
  const se = sd / Math.sqrt(n);
  const itemVariance = (itemSquares - itemSum ** 2 / answers) / (answers - 1);
  const naiveSe = answers > 1 && itemVariance > 0 ? Math.sqrt(itemVariance / answers) : null;
  return {
    respondents: n,
    answers,
    mean,
    sd,
    se,
    designEffect: naiveSe ? (se / naiveSe) ** 2 : null,
  };
}

/** z for a one-sided test at level alpha (inverse normal by bisection: exact enough, no table). */
export function zOneSided(alpha: number): number {
  if (!(alpha > 0 && alpha < 0.5)) throw new Error(`alpha must be in (0, 0.5), got ${alpha}`);
  let lo = 0;
  let hi = 10;
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2;
    if (1 - normalCdf(mid) > alpha) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * One-sided critical value of Student's t with `df` degrees of freedom (Cornish–Fisher expansion
 * around the normal quantile; within 0.5% of the exact value for df ≥ 10). Small samples of
 * respondent means are skewed and their sd is itself estimated: z alone fires too often.
 */
export function tOneSided(alpha: number, df: number): number {
  const z = zOneSided(alpha);
  if (!Number.isFinite(df) || df <= 0) return z;
  const z3 = z ** 3;
  const z5 = z ** 5;
  return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2);
}

export type Verdict<T extends string> = { verdict: T; z: number } | { verdict: 'not-enough-data'; z: null };

/** (difference) / se, where a zero se (every respondent identical) makes any difference certain. */
const ratio = (diff: number, se: number) =>
  se > 0 ? diff / se : diff === 0 ? 0 : diff * Number.POSITIVE_INFINITY;

/**
 * Is the mean below `target` beyond chance (one-sided, level alpha)? Counts respondents: under
 * `minRespondents` the answer is "not enough data", never a conclusion.
 */
export function belowTarget(
  s: RespondentSummary,
  target: number,
  alpha: number,
  minRespondents: number,
): Verdict<'below' | 'not-below'> {
  if (s.respondents < Math.max(2, minRespondents) || s.mean === null || s.se === null)
    return { verdict: 'not-enough-data', z: null };
  const z = ratio(s.mean - target, s.se);
  return { verdict: z < -tOneSided(alpha, s.respondents - 1) ? 'below' : 'not-below', z };
}

/**
 * Did the mean improve on a baseline beyond chance (one-sided, level alpha), and does it reach the
 * target? Both are needed to call an improvement loop's gap closed.
 */
export function improvedTo(
  now: RespondentSummary,
  baseline: RespondentSummary,
  target: number,
  alpha: number,
  minRespondents: number,
): Verdict<'improved' | 'not-improved'> {
  if (now.respondents < Math.max(2, minRespondents) || now.mean === null || now.se === null)
    return { verdict: 'not-enough-data', z: null };
  if (baseline.mean === null || baseline.se === null) return { verdict: 'not-enough-data', z: null };
  const z = ratio(now.mean - baseline.mean, Math.sqrt(now.se ** 2 + baseline.se ** 2));
  const df = Math.min(now.respondents, baseline.respondents) - 1;
  return { verdict: z > tOneSided(alpha, df) && now.mean >= target ? 'improved' : 'not-improved', z };
}
