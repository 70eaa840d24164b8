// Step 5 raises the standard after a loop closed as improved — only within what customers expect
// (never above the mean expectation score, never past 5), and only to a level the branch already
// holds beyond chance: a loop that closed because a chance dip recovered must not ratchet the
// standard above what the branch does (that turned a stable branch into a string of loops).
import { type RespondentSummary, zOneSided } from '@servloop/metrics';
import type { ExpectationProfile } from '../facts-types.ts';

const round1 = (v: number) => Math.round(v * 10) / 10;

export function proposeRaise(
  target: number,
  expectations: ExpectationProfile,
  raiseBy: number,
  measured: RespondentSummary,
  alpha: number,
): { target: number; reason: string } | undefined {
  if (expectations.meanExpectation === null || raiseBy <= 0) return undefined;
  if (measured.mean === null || measured.se === null) return undefined;
  const ceiling = Math.min(5, expectations.meanExpectation);
  const raised = round1(Math.min(target + raiseBy, ceiling));
  if (!(raised > target)) return undefined;
  const lower = measured.mean - zOneSided(alpha) * measured.se;
  if (lower < raised) return undefined;
  return {
    target: raised,
    reason: `closed improvement loop: measured ${measured.mean.toFixed(2)} (lower bound ${lower.toFixed(2)}, ${measured.respondents} respondents); +${raiseBy} capped at the mean expectation ${expectations.meanExpectation.toFixed(2)}`,
  };
}

/** Step 2's first standard: half a point below the mean expectation, within [3, 4.5]. */
export function proposeStandard(expectations: ExpectationProfile, fallback = 4): number {
  if (expectations.meanExpectation === null) return fallback;
  return round1(Math.min(4.5, Math.max(3, expectations.meanExpectation - 0.5)));
}
