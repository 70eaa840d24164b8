// A complaint's history, read from the warehouse and put in the clock engine's terms.
import type { BadRatings, ClockCase, ClockEvent } from '@servloop/complaint-clocks';
import type { Warehouse } from '@servloop/warehouse';

/** complaints_v1: the lifecycle (filed, acknowledged, resolved, followed_up). */
export interface LifecycleRow {
  branch_id: string;
  complaint_id: string;
  status: string;
  at_ms: string | number;
}
/** complaint_clock_events_v1: extensions and call-backs. */
export interface ClockEventRow {
  branch_id: string;
  complaint_id: string;
  kind: string;
  reason: string;
  approver_id: string;
  approver_role: string;
  extended_by_days: string | number | null;
  new_due_ms: string | number | null;
  informed_ms: string | number | null;
  outcome: string;
  at_ms: string | number;
  called_ms: string | number | null;
  /** Call-backs about a survey response (a 好差评 rating) carry it here. */
  response_id?: string;
}
/** survey_responses_v1: a bad rating that starts a clock (pack.badRatings). */
export interface RatingRow {
  branch_id: string;
  response_id: string;
  at_ms: string | number;
}

/** The clock id of a bad rating: its response id, marked so it never collides with a complaint id. */
export const ratingCaseId = (responseId: string) => `rating:${responseId}`;

const LIFECYCLE = new Set(['filed', 'acknowledged', 'resolved', 'followed_up']);
const OUTCOMES = new Set(['reached', 'not_reached', 'resolved']);
const iso = (ms: string | number) => new Date(Number(ms)).toISOString();

/**
 * Groups rows into one case per branch × complaint, and one per bad rating (`rating:<responseId>`,
 * started at the rating). A call-back naming only a response id belongs to that rating's case; one
 * about a response that is no bad rating starts nothing and is left out.
 */
export function casesFromRows(
  lifecycle: LifecycleRow[],
  clockEvents: ClockEventRow[],
  ratings: RatingRow[] = [],
): ClockCase[] {
  const cases = new Map<string, ClockCase>();
  const add = (branchId: string, complaintId: string, e: ClockEvent) => {
    const key = `${branchId}\u0000${complaintId}`;
    const c = cases.get(key) ?? { branchId, complaintId, events: [] };
    cases.set(key, c);
    c.events.push(e);
  };
  for (const r of lifecycle) {
    if (!LIFECYCLE.has(r.status))
      throw new Error(`complaints_v1 ${r.complaint_id}: unknown status ${r.status}`);
    add(r.branch_id, r.complaint_id, { kind: r.status as ClockEvent['kind'], at: iso(r.at_ms) });
  }
  for (const r of ratings) add(r.branch_id, ratingCaseId(r.response_id), { kind: 'filed', at: iso(r.at_ms) });
  for (const r of clockEvents) {
    if (!r.complaint_id) {
      const rating = r.response_id ? ratingCaseId(r.response_id) : '';
      if (r.kind === 'callback' && cases.has(`${r.branch_id}\u0000${rating}`)) {
        if (!OUTCOMES.has(r.outcome))
          throw new Error(`call-back for ${rating}: unknown outcome ${r.outcome}`);
        add(r.branch_id, rating, {
          kind: 'callback',
          at: iso(r.called_ms ?? r.at_ms),
          outcome: r.outcome as ClockEvent['outcome'],
        });
      }
      continue;
    }
    if (r.kind === 'extended') {
      add(r.branch_id, r.complaint_id, {
        kind: 'extended',
        at: iso(r.at_ms),
        reason: r.reason,
        ...(r.approver_id ? { approver: { id: r.approver_id, role: r.approver_role } } : {}),
        ...(r.extended_by_days !== null ? { extendedBy: Number(r.extended_by_days) } : {}),
        ...(r.new_due_ms !== null ? { newDueAt: iso(r.new_due_ms) } : {}),
        ...(r.informed_ms !== null ? { customerInformedAt: iso(r.informed_ms) } : {}),
      });
    } else if (r.kind === 'callback') {
      if (!OUTCOMES.has(r.outcome))
        throw new Error(`call-back for ${r.complaint_id}: unknown outcome ${r.outcome}`);
      add(r.branch_id, r.complaint_id, {
        kind: 'callback',
        at: iso(r.called_ms ?? r.at_ms),
        outcome: r.outcome as ClockEvent['outcome'],
      });
    } else throw new Error(`complaint_clock_events_v1 ${r.complaint_id}: unknown kind ${r.kind}`);
  }
  return [...cases.values()].sort(
    (a, b) => a.branchId.localeCompare(b.branchId) || a.complaintId.localeCompare(b.complaintId),
  );
}

/**
 * Every complaint's history up to `untilMs`, optionally for some branches only; with `badRatings`
 * (the pack's), the bad ratings too.
 */
export async function loadCases(
  warehouse: Warehouse,
  options: { untilMs: number; branches?: string[]; badRatings?: BadRatings | undefined },
): Promise<ClockCase[]> {
  const branches = options.branches ?? [];
  const where = `occurred_at < fromUnixTimestamp64Milli({until:Int64})
    AND (length({branches:Array(String)}) = 0 OR has({branches:Array(String)}, branch_id))`;
  const bad = options.badRatings;
  const params = {
    until: options.untilMs,
    branches,
    csat: bad?.csatAtMost ?? 0,
    named: bad?.realNameOnly ? 1 : 0,
  };
  const query = async <T>(sql: string) =>
    (await warehouse.client.query({ query: sql, query_params: params, format: 'JSONEachRow' })).json<T>();
  const [lifecycle, clockEvents, ratings] = await Promise.all([
    query<LifecycleRow>(
      `SELECT branch_id, complaint_id, status, toUnixTimestamp64Milli(occurred_at) AS at_ms
       FROM complaints_v1 FINAL WHERE ${where}`,
    ),
    query<ClockEventRow>(
      `SELECT branch_id, complaint_id, kind, reason, approver_id, approver_role, extended_by_days,
              toUnixTimestamp64Milli(new_due_at) AS new_due_ms, toUnixTimestamp64Milli(customer_informed_at) AS informed_ms,
              outcome, toUnixTimestamp64Milli(occurred_at) AS at_ms, toUnixTimestamp64Milli(called_at) AS called_ms,
              response_id
       FROM complaint_clock_events_v1 FINAL WHERE ${where}`,
    ),
    bad
      ? query<RatingRow>(
          `SELECT branch_id, response_id, toUnixTimestamp64Milli(occurred_at) AS at_ms
           FROM survey_responses_v1 FINAL
           WHERE ${where} AND csat IS NOT NULL AND csat <= {csat:UInt8} AND ({named:UInt8} = 0 OR customer_key != '')`,
        )
      : Promise.resolve([]),
  ]);
  return casesFromRows(lifecycle, clockEvents, ratings);
}
