// The complaint inner loop: filed → acknowledged → resolved → followed up, each stage with an SLA
// from the configuration. A stage done late, or not done and past due, is late (never "missing").
import type { AnalyticsConfig } from '../config.ts';
import { copy } from '../copy.ts';
import type { ComplaintFacts } from '../facts-types.ts';
import type { AlertRule } from './types.ts';

const HOUR = 3_600_000;
export type SlaStage = 'acknowledge' | 'resolve' | 'follow-up';
export interface StageSla {
  stage: SlaStage;
  dueAt: number;
  doneAt: number | null;
  /** Done after its due time, or still open at `asOf` after it. */
  late: boolean;
  /** Not done and not yet due: neither in time nor late. */
  pending: boolean;
}

export function complaintStages(
  x: ComplaintFacts,
  sla: AnalyticsConfig['complaintSla'],
  asOf: number,
): StageSla[] {
  const stages: [SlaStage, number, number | null][] = [
    ['acknowledge', x.filedAt + sla.acknowledgeHours * HOUR, x.acknowledgedAt],
    ['resolve', x.filedAt + sla.resolveHours * HOUR, x.resolvedAt],
    // Follow-up is due after the resolution; an unresolved complaint's follow-up is not yet due.
    [
      'follow-up',
      x.resolvedAt === null ? Number.POSITIVE_INFINITY : x.resolvedAt + sla.followUpHours * HOUR,
      x.followedUpAt,
    ],
  ];
  return stages.map(([stage, dueAt, doneAt]) => ({
    stage,
    dueAt,
    doneAt,
    late: doneAt !== null ? doneAt > dueAt : asOf > dueAt,
    pending: doneAt === null && asOf <= dueAt,
  }));
}

export const complaintSla: AlertRule = {
  id: 'sla-breach',
  enabled: (c) => c.complaintSla.enabled,
  evaluate: (f, c) =>
    f.complaints.flatMap((x) =>
      complaintStages(x, c.complaintSla, f.asOf)
        .filter((s) => s.late)
        .map((s) => ({
          key: `sla-breach|${x.complaintId}|${s.stage}`,
          rule: 'sla-breach',
          branchId: f.branchId,
          severity: 'warning' as const,
          ...copy.slaBreach(x.complaintId, s.stage, s.dueAt, s.doneAt),
          figures: { complaint: x.complaintId, stage: s.stage, due: new Date(s.dueAt).toISOString() },
          details: `SELECT * FROM complaint_sla WHERE complaint_id = '${x.complaintId}'`,
        })),
    ),
};
