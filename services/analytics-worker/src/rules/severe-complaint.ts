// A complaint filed with a severity the configuration calls severe: one alert per complaint.
import { copy } from '../copy.ts';
import type { AlertRule } from './types.ts';

export const severeComplaint: AlertRule = {
  id: 'severe-complaint',
  enabled: (c) => c.severeComplaint.enabled,
  evaluate: (f, c) =>
    f.complaints
      .filter((x) => c.severeComplaint.severities.includes(x.severity))
      .map((x) => ({
        key: `severe-complaint|${x.complaintId}`,
        rule: 'severe-complaint',
        branchId: f.branchId,
        severity: 'critical' as const,
        ...copy.severeComplaint(f.branchId, x.complaintId, x.category, x.severity),
        figures: { complaint: x.complaintId, severity: x.severity },
        details: `SELECT * FROM complaint_events WHERE complaint_id = '${x.complaintId}' ORDER BY occurred_at`,
      })),
};
