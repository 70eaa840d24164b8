// Envelope → warehouse rows. Pure: no I/O, so every rule is unit-tested.
import type { FieldError } from '@servloop/contracts';
import {
  type CatalogueItem,
  type Complaint,
  type EventEnvelope,
  type LoopActionCompleted,
  type LoopNoteAdded,
  type StandardOverridden,
  type SurveyResponse,
  type VisitCompleted,
  type WindowServiceQuestionnaire,
  windowServiceCatalogue,
} from '@servloop/schemas';
import { CLOCK_EVENT_COLUMNS, clockEventRow } from './clock-events.ts';
import { COMMENT_ANALYSIS_COLUMNS } from './comments.ts';
import { CONSOLE_AUDIT_COLUMNS, consoleAuditRow } from './console-audit.ts';

export type Table =
  | 'visits_v1'
  | 'survey_responses_v1'
  | 'questionnaire_answers_v1'
  | 'complaints_v1'
  | 'complaint_clock_events_v1'
  | 'loop_action_events_v1'
  | 'loop_notes_v1'
  | 'standard_overrides_v1'
  | 'console_audit_v1'
  | 'comment_analysis_v1';
export type Row = Record<string, string | number | null | readonly string[]>;

const TRACE = [
  'event_id',
  'branch_id',
  'occurred_at',
  'local_date',
  'received_at',
  '_topic',
  '_partition',
  '_offset',
] as const;
/** The columns the normaliser writes per table, in insert order (the rest take their DEFAULT). */
export const COLUMNS: Record<Table, readonly string[]> = {
  // What customers wrote, analysed (comments.ts): rows derived from the batch's own rows.
  comment_analysis_v1: COMMENT_ANALYSIS_COLUMNS,
  visits_v1: [
    ...TRACE,
    'visit_id',
    'window_id',
    'staff_id',
    'customer_key',
    'service_type',
    'queued_at',
    'called_at',
    'served_at',
    'finished_at',
    'wait_seconds',
    'service_seconds',
    'amount',
    'currency',
  ],
  survey_responses_v1: [
    ...TRACE,
    'response_id',
    'visit_id',
    'customer_key',
    'channel',
    'language',
    'nps',
    'nps_category',
    'csat',
    'ces',
    'comment',
  ],
  questionnaire_answers_v1: [
    ...TRACE,
    'response_id',
    'visit_id',
    'customer_key',
    'questionnaire_id',
    'questionnaire_version',
    'item_id',
    'quality_type',
    'dimension',
    'servqual_dimension',
    'expectation',
    'perception',
    'gap',
  ],
  complaints_v1: [
    ...TRACE,
    'complaint_id',
    'status',
    'customer_key',
    'channel',
    'category',
    'severity',
    'description',
    'promised_by',
    'resolution',
    'satisfied',
    'handler_id',
  ],
  // The regulator's clocks: extensions and call-backs (clock-events.ts).
  complaint_clock_events_v1: [...TRACE, ...CLOCK_EVENT_COLUMNS],
  loop_action_events_v1: [...TRACE, 'loop_id', 'action_kind', 'completed_by', 'note', 'source'],
  // The quality console's writes (migration 0050).
  loop_notes_v1: [...TRACE, 'loop_id', 'note', 'author'],
  standard_overrides_v1: [...TRACE, 'dimension', 'target', 'reason', 'author'],
  console_audit_v1: CONSOLE_AUDIT_COLUMNS,
};
export interface Trace {
  topic: string;
  partition: number;
  offset: string;
}

export type StepResult =
  | { kind: 'ok'; rows: { table: Table; row: Row }[] }
  | { kind: 'dlq'; reason: string; errors?: FieldError[] }
  | { kind: 'drop'; reason: string };

const items = new Map<string, CatalogueItem>(windowServiceCatalogue().items.map((i) => [i.id, i]));

export function npsCategory(score: number | undefined): string {
  if (score === undefined) return '';
  return score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
}

/** Epoch milliseconds (chDB wants numbers or ISO strings, never Date objects). */
const ms = (iso: string) => Date.parse(iso);
const dayFormats = new Map<string, Intl.DateTimeFormat>();
/**
 * The branch's calendar day of an instant. With the branch's configured time zone (branches_v1)
 * that zone decides — a device with a wrong offset cannot move a visit to another day; without
 * one, the offset the event carried (RFC 3339) does.
 */
export function localDate(iso: string, timeZone?: string): string {
  if (!timeZone) return iso.slice(0, 10);
  let f = dayFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, f);
  }
  return f.format(new Date(Date.parse(iso)));
}
const seconds = (from: string, to: string) => Math.max(0, Math.round((ms(to) - ms(from)) / 1000));

/**
 * `{ ...base, ...more }` on these wide rows fell off V8's fast path (18 µs a row in
 * bench/normaliser.bench.ts); Object.assign onto a fresh object costs under 1 µs.
 */
function withBase(base: Row, more: Row): Row {
  return Object.assign({}, base, more);
}

function common(e: EventEnvelope, t: Trace, timeZone?: string): Row {
  return {
    event_id: e.id,
    branch_id: e.branchId,
    occurred_at: ms(e.occurredAt),
    local_date: localDate(e.occurredAt, timeZone),
    received_at: ms(e.receivedAt),
    _topic: t.topic,
    _partition: t.partition,
    _offset: t.offset,
  };
}

const key = (c: { customerKey?: string } | undefined) => c?.customerKey ?? '';

/**
 * `timeZone`: the branch's configured zone (branches_v1.timezone), when the caller knows it.
 * An event a person sent from the quality console (data.actor) also leaves an audit row.
 */
export function toRows(e: EventEnvelope, t: Trace, timeZone?: string): StepResult {
  const base = common(e, t, timeZone);
  const result = eventRows(e, base);
  if (result.kind !== 'ok') return result;
  const audit = consoleAuditRow(e, base);
  return audit ? { kind: 'ok', rows: [...result.rows, { table: 'console_audit_v1', row: audit }] } : result;
}

const actorName = (data: { actor?: { user: string } }) => data.actor?.user ?? '';

function eventRows(e: EventEnvelope, base: Row): StepResult {
  switch (e.type) {
    case 'visit.completed': {
      const d = e.data as unknown as VisitCompleted;
      const tk = d.ticket;
      if (ms(tk.finishedAt) < ms(tk.queuedAt))
        return { kind: 'dlq', reason: 'ticket finishedAt is before queuedAt' };
      return {
        kind: 'ok',
        rows: [
          {
            table: 'visits_v1',
            row: withBase(base, {
              visit_id: d.visitId,
              window_id: d.windowId,
              staff_id: d.staffId ?? '',
              customer_key: key(d.customer),
              service_type: d.serviceType,
              queued_at: ms(tk.queuedAt),
              called_at: ms(tk.calledAt),
              served_at: ms(tk.servedAt),
              finished_at: ms(tk.finishedAt),
              wait_seconds: seconds(tk.queuedAt, tk.calledAt),
              service_seconds: seconds(tk.servedAt, tk.finishedAt),
              amount: d.amount ? d.amount.value : null,
              currency: d.amount?.currency ?? '',
            }),
          },
        ],
      };
    }
    case 'survey.response': {
      const d = e.data as unknown as SurveyResponse;
      return { kind: 'ok', rows: [{ table: 'survey_responses_v1', row: surveyRow(base, d, d.channel) }] };
    }
    case 'questionnaire.window_service': {
      const d = e.data as unknown as WindowServiceQuestionnaire;
      const rows: { table: Table; row: Row }[] = [];
      for (const a of d.answers) {
        const item = items.get(a.itemId);
        if (!item) return { kind: 'dlq', reason: `unknown questionnaire item ${a.itemId}` };
        rows.push({
          table: 'questionnaire_answers_v1',
          row: withBase(base, {
            response_id: d.responseId,
            visit_id: d.visitId ?? '',
            customer_key: key(d.customer),
            questionnaire_id: d.questionnaireId,
            questionnaire_version: d.questionnaireVersion,
            item_id: a.itemId,
            quality_type: item.qualityType,
            dimension: item.dimension,
            servqual_dimension: item.servqualDimension,
            expectation: a.expectation ?? null,
            perception: a.perception ?? null,
            gap:
              a.expectation !== undefined && a.perception !== undefined ? a.perception - a.expectation : null,
          }),
        });
      }
      if (d.nps !== undefined || d.comment) {
        rows.push({
          table: 'survey_responses_v1',
          row: surveyRow(base, { ...d, channel: 'questionnaire' } as never, 'questionnaire'),
        });
      }
      return { kind: 'ok', rows };
    }
    case 'complaint.filed':
    case 'complaint.acknowledged':
    case 'complaint.resolved':
    case 'complaint.followed_up': {
      const d = e.data as unknown as Complaint;
      return {
        kind: 'ok',
        rows: [
          {
            table: 'complaints_v1',
            row: withBase(base, {
              complaint_id: d.complaintId,
              status: e.type.slice('complaint.'.length),
              customer_key: key(d.customer),
              channel: d.channel ?? '',
              category: d.category ?? '',
              severity: d.severity ?? '',
              description: d.description ?? '',
              promised_by: d.promisedBy ? ms(d.promisedBy) : null,
              resolution: d.resolution ?? '',
              satisfied: d.satisfied === undefined ? null : d.satisfied ? 1 : 0,
              handler_id: d.handlerId ?? '',
            }),
          },
        ],
      };
    }
    case 'complaint.extended':
    case 'complaint.callback':
      return { kind: 'ok', rows: [{ table: 'complaint_clock_events_v1', row: clockEventRow(e, base) }] };
    case 'loop.action_completed': {
      const d = e.data as unknown as LoopActionCompleted;
      // Stored under the sending branch: the worker matches completions to that branch's own loops
      // only, so a report naming another branch's loop never completes anything.
      return {
        kind: 'ok',
        rows: [
          {
            table: 'loop_action_events_v1',
            row: withBase(base, {
              loop_id: d.loopId,
              action_kind: d.action,
              completed_by: d.completedBy,
              note: d.note ?? '',
              source: d.actor ? 'console' : 'event',
            }),
          },
        ],
      };
    }
    case 'loop.note_added': {
      const d = e.data as unknown as LoopNoteAdded;
      const row = withBase(base, { loop_id: d.loopId, note: d.note, author: actorName(d) });
      return { kind: 'ok', rows: [{ table: 'loop_notes_v1', row }] };
    }
    case 'standard.overridden': {
      const d = e.data as unknown as StandardOverridden;
      const row = withBase(base, {
        dimension: d.dimension,
        target: d.target,
        reason: d.reason,
        author: actorName(d),
      });
      return { kind: 'ok', rows: [{ table: 'standard_overrides_v1', row }] };
    }
    default:
      return { kind: 'dlq', reason: `no mapping for event type ${(e as { type: string }).type}` };
  }
}

function surveyRow(base: Row, d: SurveyResponse, channel: string): Row {
  return withBase(base, {
    response_id: d.responseId,
    visit_id: d.visitId ?? '',
    customer_key: key(d.customer),
    channel,
    language: d.language ?? 'zh-CN',
    nps: d.nps ?? null,
    nps_category: npsCategory(d.nps),
    csat: d.csat ?? null,
    ces: d.ces ?? null,
    comment: d.comment ?? '',
  });
}
