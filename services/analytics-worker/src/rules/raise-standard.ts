// Step 5 raises the standard after a loop closed as improved — only within what customers expect:
// never above the mean expectation score, never past 5, and not at all when already there.
import type { ExpectationProfile } from '../facts-types.ts';

const round1 = (v: number) => Math.round(v * 10) / 10;

export function proposeRaise(
  target: number,
  expectations: ExpectationProfile,
  raiseBy: number,
): { target: number; reason: string } | undefined {
  if (expectations.meanExpectation === null || raiseBy <= 0) return undefined;
  const ceiling = Math.min(5, expectations.meanExpectation);
  const raised = round1(Math.min(target + raiseBy, ceiling));
  if (!(raised > target)) return undefined;
  return {
    target: raised,
    reason: `closed improvement loop: +${raiseBy} capped at the mean expectation ${expectations.meanExpectation.toFixed(2)} (${expectations.respondents} respondents)`,
  };
}

/** Step 2's first standard: half a point below the mean expectation, within [3, 4.5]. */
export function proposeStandard(expectations: ExpectationProfile, fallback = 4): number {
  if (expectations.meanExpectation === null) return fallback;
  return round1(Math.min(4.5, Math.max(3, expectations.meanExpectation - 0.5)));
}
