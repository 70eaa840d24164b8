// Warning before a breach and an alert at it, as alert records the analytics worker can raise as
// they are (same shape as its `raise` argument). Pure: states and a moment in, records out.
import type { ClockState } from './engine.ts';
import type { Pack } from './pack.ts';

export interface ClockAlert {
  /** Idempotent: one warning per clock and due date, one breach per clock and due date. */
  key: string;
  rule: 'clock-warning' | 'clock-breach';
  branchId: string;
  severity: 'warning' | 'critical';
  subject: { 'zh-CN': string; en: string };
  lines: { 'zh-CN': string; en: string }[];
  figures: Record<string, string | number>;
  details: string;
}

const DAY_ZH = { calendar: '日', working: '个工作日' } as const;
const DAY_EN = { calendar: 'day', working: 'working day' } as const;

/**
 * Alert records for the clocks that need one at `now`: a warning while the clock runs inside its
 * pack's warning window, a critical alert once it has run out (open, or stopped late). States of
 * another pack are a caller's mistake and refused.
 */
export function clockAlerts(states: ClockState[], now: number, pack: Pack): ClockAlert[] {
  const out: ClockAlert[] = [];
  for (const s of states) {
    if (s.packId !== pack.id) throw new Error(`clock state of pack ${s.packId} passed with pack ${pack.id}`);
    const rule = pack.clocks.find((c) => c.id === s.clockId);
    if (!rule) throw new Error(`pack ${pack.id} has no clock ${s.clockId}`);
    const dueAtMs = Date.parse(s.dueAt);
    const breached = s.stoppedAt
      ? Date.parse(s.stoppedAt) >= dueAtMs
      : now >= dueAtMs && s.status !== 'paused';
    const base = `${pack.id}|${s.clockId}|${s.branchId}|${s.complaintId}|${s.dueDate}`;
    const figures = {
      pack: pack.id,
      clock: s.clockId,
      complaint: s.complaintId,
      dueDate: s.dueDate,
      dueAt: s.dueAt,
      extensionsUsed: s.extensions.length,
    };
    const details = `SELECT * FROM complaint_clock WHERE pack_id = '${pack.id}' AND complaint_id = '${s.complaintId}' AND clock_id = '${s.clockId}'`;
    if (breached) {
      out.push({
        key: `clock-breach|${base}`,
        rule: 'clock-breach',
        branchId: s.branchId,
        severity: 'critical',
        subject: {
          'zh-CN': `投诉 ${s.complaintId} 已超出「${rule.name.zh}」时限（${s.dueDate}）`,
          en: `Complaint ${s.complaintId} breached "${rule.name.en}" (due ${s.dueDate})`,
        },
        lines: [
          {
            'zh-CN': `${pack.name.zh}：时限 ${s.limitDays + s.extendedDays}${DAY_ZH[s.dayKind]}，截止 ${s.dueDate}（含），网点 ${s.branchId}`,
            en: `${pack.name.en}: ${s.limitDays + s.extendedDays} ${DAY_EN[s.dayKind]}s, last day ${s.dueDate}, branch ${s.branchId}`,
          },
        ],
        figures,
        details,
      });
      continue;
    }
    if (s.status === 'running' && s.daysLeft !== null && s.daysLeft <= rule.warn.daysLeft) {
      out.push({
        key: `clock-warning|${base}`,
        rule: 'clock-warning',
        branchId: s.branchId,
        severity: 'warning',
        subject: {
          'zh-CN': `投诉 ${s.complaintId}「${rule.name.zh}」将于 ${s.dueDate} 到期`,
          en: `Complaint ${s.complaintId}: "${rule.name.en}" due ${s.dueDate}`,
        },
        lines: [
          {
            'zh-CN': `今天之后还剩 ${s.daysLeft}${DAY_ZH[s.dayKind]}（${pack.name.zh}），网点 ${s.branchId}`,
            en: `${s.daysLeft} ${DAY_EN[s.dayKind]}(s) left after today (${pack.name.en}), branch ${s.branchId}`,
          },
        ],
        figures: { ...figures, daysLeft: s.daysLeft },
        details,
      });
    }
  }
  return out;
}
