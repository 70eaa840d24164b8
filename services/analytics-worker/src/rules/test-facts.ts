// Hand-built facts for rule tests: an empty branch unless told otherwise.
import type { BranchFacts, ComplaintFacts } from '../facts-types.ts';

export const T0 = Date.parse('2026-03-16T00:00:00Z');
export const HOUR = 3_600_000;

export function facts(over: Partial<BranchFacts> = {}): BranchFacts {
  return {
    branchId: 'B1',
    asOf: T0,
    today: '2026-03-16',
    detractorDays: [],
    complaints: [],
    commentsNeedingResponse: [],
    nps: {
      previous: {
        period: { from: '2026-03-02', to: '2026-03-09' },
        counts: { promoters: 0, passives: 0, detractors: 0 },
      },
      current: {
        period: { from: '2026-03-09', to: '2026-03-16' },
        counts: { promoters: 0, passives: 0, detractors: 0 },
      },
    },
    ...over,
  };
}

export function complaint(over: Partial<ComplaintFacts> = {}): ComplaintFacts {
  return {
    complaintId: 'C1',
    severity: 'low',
    category: 'efficiency',
    filedAt: T0 - 200 * HOUR,
    acknowledgedAt: null,
    resolvedAt: null,
    followedUpAt: null,
    ...over,
  };
}
