// Every event a person sent from the quality console carries `data.actor`; each leaves one row in
// console_audit_v1 (migration 0050): who, in which role, from which session, what about, what.
// Pure, like mapping.ts.
import type { EventEnvelope } from '@servloop/schemas';

type Row = Record<string, string | number | null | readonly string[]>;

interface Actor {
  user: string;
  role: string;
  via: string;
  session: string;
}

export const CONSOLE_AUDIT_COLUMNS = [
  'event_id',
  'branch_id',
  'event_type',
  'actor',
  'actor_role',
  'actor_via',
  'actor_session',
  'subject_id',
  'summary',
  'occurred_at',
  'received_at',
  '_topic',
  '_partition',
  '_offset',
] as const;

/** What a write was about: the loop, the dimension, or the case ('c:<complaint>' / 'r:<response>'). */
function subjectOf(data: Record<string, unknown>): string {
  if (typeof data.loopId === 'string') return data.loopId;
  if (typeof data.complaintId === 'string') return `c:${data.complaintId}`;
  if (typeof data.responseId === 'string') return `r:${data.responseId}`;
  if (typeof data.dimension === 'string') return data.dimension;
  return '';
}

/** The audit row of a console event, or undefined for an event from a branch system. */
export function consoleAuditRow(e: EventEnvelope, base: Row): Row | undefined {
  const data = e.data as Record<string, unknown>;
  const actor = data.actor as Actor | undefined;
  if (!actor) return undefined;
  const { actor: _, customer: __, ...written } = data;
  return {
    event_id: base.event_id ?? e.id,
    branch_id: e.branchId,
    event_type: e.type,
    actor: actor.user,
    actor_role: actor.role,
    actor_via: actor.via,
    actor_session: actor.session,
    subject_id: subjectOf(data),
    summary: JSON.stringify(written),
    occurred_at: base.occurred_at ?? null,
    received_at: base.received_at ?? null,
    _topic: base._topic ?? '',
    _partition: base._partition ?? 0,
    _offset: base._offset ?? '0',
  };
}
