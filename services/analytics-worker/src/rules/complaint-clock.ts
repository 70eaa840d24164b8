// The regulator's complaint clocks (packages/complaint-clocks): a warning while a clock runs inside
// its pack's warning window, a critical alert once it has run out — the pack's own alert records
// (clockAlerts), keyed per clock and due date so each goes out once. A complaint whose clock the
// engine cannot compute is not silently dropped: it raises a warning of its own.
import { clockAlerts } from '@servloop/complaint-clocks';
import type { AlertRule } from './types.ts';

export const complaintClock: AlertRule = {
  id: 'complaint-clock',
  enabled: (c) => c.complaintClocks.enabled && c.complaintClocks.packs.length > 0,
  evaluate: (f) =>
    (f.clocks ?? []).flatMap(({ pack, states, failures }) => [
      ...clockAlerts(states, f.asOf, pack),
      ...failures.map((x) => ({
        key: `clock-unknown|${pack.id}|${x.branchId}|${x.complaintId}|${x.error}`,
        rule: 'clock-unknown',
        branchId: x.branchId,
        severity: 'warning' as const,
        subject: {
          'zh-CN': `投诉 ${x.complaintId} 的监管时限无法计算（${pack.name.zh}）`,
          en: `Complaint ${x.complaintId}: the regulator's clock cannot be computed (${pack.name.en})`,
        },
        lines: [{ 'zh-CN': x.error, en: x.error }],
        figures: { pack: pack.id, complaint: x.complaintId },
        details: `SELECT * FROM complaint_events WHERE complaint_id = '${x.complaintId}' ORDER BY occurred_at`,
      })),
    ]),
};
