import { type EventEnvelope, validExamples } from '@servloop/schemas';
import { describe, expect, it } from 'vitest';
import { toRows } from './mapping.ts';

const trace = { topic: 't', partition: 1, offset: '7' };
function envelope(file: string): EventEnvelope {
  const ex = validExamples().find((e) => e.file.includes(file));
  if (!ex) throw new Error(`no example ${file}`);
  return {
    id: 'evt-9',
    branchId: 'B001',
    schemaVersion: 1,
    receivedAt: '2026-02-10T02:00:01Z',
    ...ex.body,
  } as EventEnvelope;
}
function row(file: string) {
  const r = toRows(envelope(file), trace);
  if (r.kind !== 'ok') throw new Error(`${file}: ${r.kind}`);
  expect(r.rows.map((x) => x.table)).toEqual(['complaint_clock_events_v1']);
  return r.rows[0]!.row;
}

describe('clock events → complaint_clock_events_v1', () => {
  it('an extension keeps its reason, approver, days and when the complainant was told', () => {
    expect(row('complaint.extended/v1/valid/complex-case')).toMatchObject({
      event_id: 'evt-9',
      complaint_id: 'C-3001',
      kind: 'extended',
      approver_id: 'M-01',
      approver_role: 'complaint_manager',
      extended_by_days: 15,
      new_due_at: null,
      customer_informed_at: Date.parse('2026-02-10T03:00:00Z'),
      local_date: '2026-02-10',
    });
  });
  it('an extension to a new date keeps the date, not days', () => {
    expect(row('complaint.extended/v1/valid/senior-approval')).toMatchObject({
      approver_role: 'senior_management',
      extended_by_days: null,
      new_due_at: Date.parse('2026-04-07T10:00:00Z'),
    });
  });
  it('a call-back keeps the pseudonymous customer key the gateway set', () => {
    const e = envelope('complaint.callback/v1/valid/reached');
    const r = toRows(
      { ...e, data: { ...e.data, customer: { customerKey: 'ck_0123456789abcdef0123456789abcdef' } } },
      trace,
    );
    expect(r.kind === 'ok' && r.rows[0]!.row.customer_key).toBe('ck_0123456789abcdef0123456789abcdef');
  });
  it('a call-back about a survey response keeps the response id and the outcome', () => {
    expect(row('complaint.callback/v1/valid/bad-rating-not-reached')).toMatchObject({
      complaint_id: '',
      response_id: 'R-8812',
      kind: 'callback',
      outcome: 'not_reached',
      called_at: Date.parse('2026-02-14T01:00:00Z'),
      called_by: 'S-12',
    });
  });
});
