// The monthly report for the regulator: every clock active in the month, as it stood at the month's
// end, and a summary per clock. Pure: states in, sheets out.
import {
  addCalendarDays,
  type ClockState,
  chinaCalendar,
  countDays,
  type Pack,
} from '@servloop/complaint-clocks';
import type { Cell, Column, Sheet } from '@servloop/spreadsheet';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

function offsetMs(utcOffset: string): number {
  const sign = utcOffset.startsWith('-') ? -1 : 1;
  const [h, m] = utcOffset.slice(1).split(':').map(Number) as [number, number];
  return sign * (h * 60 + m) * 60_000;
}

/** The month's first local day, the next month's first local day, and the instant that ends the month. */
export function monthBounds(month: string, pack: Pack) {
  const m = MONTH.exec(month);
  if (!m) throw new Error(`--month: ${JSON.stringify(month)} is not YYYY-MM`);
  const first = `${month}-01`;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const next = mo === 12 ? `${y + 1}-01-01` : `${y}-${String(mo + 1).padStart(2, '0')}-01`;
  return { first, next, endMs: Date.parse(`${next}T00:00:00Z`) - offsetMs(pack.utcOffset) };
}

export const DETAIL_COLUMNS: Column[] = [
  { key: 'branch_id', header: '网点 branch', width: 10 },
  { key: 'complaint_id', header: '投诉编号 complaint', width: 14 },
  { key: 'clock', header: '时限 clock', width: 24 },
  { key: 'received', header: '受理日期 received', width: 14 },
  { key: 'day_kind', header: '计算方式 days', width: 12 },
  { key: 'allowed_days', header: '时限天数 allowed days', width: 12 },
  { key: 'extensions', header: '延期次数 extensions', width: 10 },
  { key: 'extension_detail', header: '延期审批 extension approvals', width: 48 },
  { key: 'refused_extensions', header: '被拒延期 refused extensions', width: 10 },
  { key: 'due_date', header: '截止日期 last day', width: 14 },
  { key: 'closed_on', header: '办结日期 closed on', width: 14 },
  { key: 'status', header: '月末状态 status at month end', width: 22 },
  { key: 'days_late', header: '超时天数 days late', width: 10 },
];
export const SUMMARY_COLUMNS: Column[] = [
  { key: 'clock', header: '时限 clock', width: 24 },
  { key: 'metric', header: '指标 metric', width: 40 },
  { key: 'value', header: '数值 value', width: 10 },
];

const KIND = { calendar: '自然日 calendar', working: '工作日 working' } as const;
const STATUS = {
  inTime: '按时办结 closed in time',
  late: '超时办结 closed late',
  open: '处理中 open',
  openLate: '已超时未办结 open, breached',
} as const;

export interface MonthlyReport {
  month: string;
  pack: string;
  detail: Sheet;
  summary: Sheet;
}

/**
 * The report for `month` from states computed as of the month's end (see monthBounds().endMs).
 * A clock is in it when it started before the month ended and had not stopped before it began.
 */
export function monthlyReport(pack: Pack, states: ClockState[], month: string): MonthlyReport {
  const { first, next } = monthBounds(month, pack);
  const off = offsetMs(pack.utcOffset);
  const local = (iso: string) => new Date(Date.parse(iso) + off).toISOString().slice(0, 10);
  const inMonth = (d: string) => d >= first && d < next;
  const lastDay = addCalendarDays(next, -1);
  const active = states
    .filter(
      (s) => s.packId === pack.id && s.startDate < next && (!s.stoppedAt || local(s.stoppedAt) >= first),
    )
    .sort(
      (a, b) =>
        a.startDate.localeCompare(b.startDate) ||
        a.branchId.localeCompare(b.branchId) ||
        a.complaintId.localeCompare(b.complaintId) ||
        a.clockId.localeCompare(b.clockId),
    );
  const rules = new Map(pack.clocks.map((c) => [c.id, c]));
  const rows: Record<string, Cell>[] = active.map((s) => {
    const closedOn = s.stoppedAt ? local(s.stoppedAt) : null;
    const status = closedOn
      ? s.breached
        ? STATUS.late
        : STATUS.inTime
      : s.breached
        ? STATUS.openLate
        : STATUS.open;
    const lateUntil = closedOn ?? lastDay;
    return {
      branch_id: s.branchId,
      complaint_id: s.complaintId,
      clock: rules.get(s.clockId)?.name.zh ?? s.clockId,
      received: s.startDate,
      day_kind: KIND[s.dayKind],
      allowed_days: s.limitDays + s.extendedDays + s.pausedDays,
      extensions: s.extensions.length,
      extension_detail: s.extensions
        .map(
          (e) => `${local(e.at)} ${e.stepId} +${e.days} (${e.approver?.id ?? '?'} ${e.approver?.role ?? ''})`,
        )
        .join('; '),
      refused_extensions: s.refusedExtensions.length,
      due_date: s.dueDate,
      closed_on: closedOn,
      status,
      days_late: s.breached ? countDays(chinaCalendar, s.dueDate, lateUntil, s.dayKind) : 0,
    };
  });
  const summary: Record<string, Cell>[] = [];
  for (const rule of pack.clocks) {
    const mine = active.filter((s) => s.clockId === rule.id);
    const closed = mine.filter((s) => s.stoppedAt && inMonth(local(s.stoppedAt)));
    const inTime = closed.filter((s) => !s.breached).length;
    const open = mine.filter((s) => !s.stoppedAt);
    const extensionsInMonth = mine.flatMap((s) => s.extensions).filter((e) => inMonth(local(e.at)));
    const refusedInMonth = mine.flatMap((s) => s.refusedExtensions).filter((e) => inMonth(local(e.at)));
    const row = (metric: string, value: Cell) => summary.push({ clock: rule.name.zh, metric, value });
    row('本月受理 received in the month', mine.filter((s) => inMonth(s.startDate)).length);
    row('本月办结 closed in the month', closed.length);
    row('其中按时 of which in time', inTime);
    row('其中超时 of which late', closed.length - inTime);
    row('按时办结率 % in time', closed.length > 0 ? Math.round((1000 * inTime) / closed.length) / 10 : null);
    row('月末未办结 open at month end', open.length);
    row('其中已超时 of which breached', open.filter((s) => s.breached).length);
    for (const step of rule.extensions)
      row(
        `本月延期 extensions granted: ${step.id}`,
        extensionsInMonth.filter((e) => e.stepId === step.id).length,
      );
    row('本月被拒延期 extensions refused', refusedInMonth.length);
  }
  return {
    month,
    pack: pack.id,
    detail: { name: '明细 detail', columns: DETAIL_COLUMNS, rows },
    summary: { name: '汇总 summary', columns: SUMMARY_COLUMNS, rows: summary },
  };
}
