// complaint.extended and complaint.callback → complaint_clock_events_v1 (migration 0025): the facts the
// regulator's clocks need beyond the complaint lifecycle in complaints_v1. Pure, like mapping.ts.
import type { ComplaintCallback, ComplaintExtended, EventEnvelope } from '@servloop/schemas';

type Row = Record<string, string | number | null | readonly string[]>;

export const CLOCK_EVENT_COLUMNS = [
  'complaint_id',
  'response_id',
  'customer_key',
  'kind',
  'reason',
  'approver_id',
  'approver_role',
  'extended_by_days',
  'new_due_at',
  'customer_informed_at',
  'outcome',
  'note',
  'called_at',
  'called_by',
  'handler_id',
] as const;

const ms = (iso: string | undefined) => (iso ? Date.parse(iso) : null);

/** The row for an extension or a call-back, on top of the trace columns in `base`. */
export function clockEventRow(e: EventEnvelope, base: Row): Row {
  const empty: Row = {
    complaint_id: '',
    response_id: '',
    customer_key: '',
    kind: '',
    reason: '',
    approver_id: '',
    approver_role: '',
    extended_by_days: null,
    new_due_at: null,
    customer_informed_at: null,
    outcome: '',
    note: '',
    called_at: null,
    called_by: '',
    handler_id: '',
  };
  if (e.type === 'complaint.extended') {
    const d = e.data as unknown as ComplaintExtended;
    return Object.assign({}, base, empty, {
      complaint_id: d.complaintId,
      customer_key: d.customer?.customerKey ?? '',
      kind: 'extended',
      reason: d.reason,
      approver_id: d.approver.id,
      approver_role: d.approver.role,
      extended_by_days: d.extendedBy ?? null,
      new_due_at: ms(d.newDueAt),
      customer_informed_at: ms(d.customerInformedAt),
      handler_id: d.handlerId ?? '',
    });
  }
  const d = e.data as unknown as ComplaintCallback;
  return Object.assign({}, base, empty, {
    complaint_id: d.complaintId ?? '',
    response_id: d.responseId ?? '',
    customer_key: d.customer?.customerKey ?? '',
    kind: 'callback',
    outcome: d.outcome,
    note: d.note ?? '',
    called_at: ms(d.calledAt),
    called_by: d.by,
  });
}
