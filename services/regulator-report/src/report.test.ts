// Hand-computed March 2026 report under the banking pack (15 calendar days; a last day off moves to
// the next working day): see the comment on each complaint.
import { type ClockCase, type ClockEvent, computeClocks, loadPack } from '@servloop/complaint-clocks';
import { describe, expect, it } from 'vitest';
import { monthBounds, monthlyReport } from './report.ts';

const bank = loadPack('cn-banking-insurance-2020');
const at = (d: string, t = '10:00') => `${d}T${t}:00+08:00`;
const ev = (kind: ClockEvent['kind'], d: string, more: Partial<ClockEvent> = {}): ClockEvent => ({
  kind,
  at: at(d),
  ...more,
});
const approved = {
  reason: '需核实交易',
  approver: { id: 'M-01', role: 'complaint_manager' },
  customerInformedAt: at('2026-03-25', '11:00'),
  extendedBy: 15,
};
const cases: ClockCase[] = [
  // C1: filed 03-03, due 03-18, decided 03-10 → in time
  { branchId: 'B001', complaintId: 'C1', events: [ev('filed', '2026-03-03'), ev('resolved', '2026-03-10')] },
  // C2: filed on 02-20 (春节), day 15 = Sat 03-07 → Mon 03-09; decided 03-10 → 1 day late
  { branchId: 'B001', complaintId: 'C2', events: [ev('filed', '2026-02-20'), ev('resolved', '2026-03-10')] },
  // C3: filed 03-20, extended 03-25 to 30 days: day 30 = Sun 04-19 → Mon 04-20; open, not late
  {
    branchId: 'B002',
    complaintId: 'C3',
    events: [ev('filed', '2026-03-20'), ev('extended', '2026-03-25', approved)],
  },
  // C4: filed Sun 03-01, due Mon 03-16, still open on 03-31 → breached, 15 days late
  { branchId: 'B002', complaintId: 'C4', events: [ev('filed', '2026-03-01')] },
  // C5: closed in January: not in the March report
  { branchId: 'B001', complaintId: 'C5', events: [ev('filed', '2026-01-10'), ev('resolved', '2026-01-20')] },
  // C6: filed 03-05 (due 03-20), an extension without approver refused 03-06, decided 03-12 → in time
  {
    branchId: 'B001',
    complaintId: 'C6',
    events: [
      ev('filed', '2026-03-05'),
      ev('extended', '2026-03-06', { ...approved, approver: undefined }),
      ev('resolved', '2026-03-12'),
    ],
  },
];

describe('monthly report', () => {
  const { endMs } = monthBounds('2026-03', bank);
  const states = cases.flatMap((c) => computeClocks(bank, c, endMs));
  const report = monthlyReport(bank, states, '2026-03');

  it('the month ends at midnight Beijing time', () => {
    expect(new Date(endMs).toISOString()).toBe('2026-03-31T16:00:00.000Z');
    expect(monthBounds('2026-12', bank).next).toBe('2027-01-01');
    expect(() => monthBounds('2026-3', bank)).toThrow('--month: "2026-3" is not YYYY-MM');
  });

  it('lists the clocks active in the month with their status at its end', () => {
    expect(
      report.detail.rows.map((r) => [
        r.complaint_id,
        r.received,
        r.allowed_days,
        r.due_date,
        r.closed_on,
        r.status,
        r.days_late,
      ]),
    ).toEqual([
      ['C2', '2026-02-20', 15, '2026-03-09', '2026-03-10', '超时办结 closed late', 1],
      ['C4', '2026-03-01', 15, '2026-03-16', null, '已超时未办结 open, breached', 15],
      ['C1', '2026-03-03', 15, '2026-03-18', '2026-03-10', '按时办结 closed in time', 0],
      ['C6', '2026-03-05', 15, '2026-03-20', '2026-03-12', '按时办结 closed in time', 0],
      ['C3', '2026-03-20', 30, '2026-04-20', null, '处理中 open', 0],
    ]);
    const c3 = report.detail.rows.find((r) => r.complaint_id === 'C3')!;
    expect([c3.extensions, c3.extension_detail]).toEqual([
      1,
      '2026-03-25 complex +15 (M-01 complaint_manager)',
    ]);
    expect(report.detail.rows.find((r) => r.complaint_id === 'C6')!.refused_extensions).toBe(1);
  });

  it('summarises: 4 received, 3 closed (2 in time), 2 open (1 breached), 1 extension, 1 refused', () => {
    expect(report.summary.rows.map((r) => [r.metric, r.value])).toEqual([
      ['本月受理 received in the month', 4],
      ['本月办结 closed in the month', 3],
      ['其中按时 of which in time', 2],
      ['其中超时 of which late', 1],
      ['按时办结率 % in time', 66.7],
      ['月末未办结 open at month end', 2],
      ['其中已超时 of which breached', 1],
      ['本月延期 extensions granted: complex', 1],
      ['本月延期 extensions granted: especially-complex', 0],
      ['本月被拒延期 extensions refused', 1],
    ]);
  });
});
