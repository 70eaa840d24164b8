// A detractor who left a comment is worth a call back: one alert per branch and local day.
import { copy } from '../copy.ts';
import type { AlertRule } from './types.ts';

export const detractorComment: AlertRule = {
  id: 'detractor-comment',
  enabled: (c) => c.detractorComment.enabled,
  evaluate: (f) =>
    f.detractorDays
      .filter((d) => d.count > 0)
      .map((d) => ({
        key: `detractor-comment|${f.branchId}|${d.localDate}`,
        rule: 'detractor-comment',
        branchId: f.branchId,
        severity: 'warning' as const,
        ...copy.detractorComment(f.branchId, d.localDate, d.count, d.sample),
        figures: { detractorsWithComment: d.count, date: d.localDate },
        details: `SELECT * FROM survey_responses WHERE branch_id = '${f.branchId}' AND local_date = '${d.localDate}' AND nps_category = 'detractor'`,
      })),
};
