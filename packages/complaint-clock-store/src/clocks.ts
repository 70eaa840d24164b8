// Runs the clock engine over many complaints, and the clock job that writes complaint_clocks_v1.
import {
  type ClockAlert,
  type ClockCase,
  type ClockState,
  clockAlerts,
  computeClocks,
  type Pack,
} from '@servloop/complaint-clocks';
import { insertRows, type Warehouse } from '@servloop/warehouse';
import { loadCases } from './history.ts';

export interface ClockFailure {
  branchId: string;
  complaintId: string;
  error: string;
}

/** Every case's clocks; a case the engine cannot compute (e.g. a year without holiday data) is reported, not fatal. */
export function computeAll(pack: Pack, cases: ClockCase[], nowMs: number) {
  const states: ClockState[] = [];
  const failures: ClockFailure[] = [];
  for (const c of cases) {
    try {
      states.push(...computeClocks(pack, c, nowMs));
    } catch (err) {
      failures.push({ branchId: c.branchId, complaintId: c.complaintId, error: (err as Error).message });
    }
  }
  return { states, failures };
}

export const CLOCK_COLUMNS = [
  'pack_id',
  'pack_version',
  'clock_id',
  'branch_id',
  'complaint_id',
  'day_kind',
  'status',
  'started_at',
  'start_date',
  'limit_days',
  'extended_days',
  'paused_days',
  'extensions_used',
  'extensions_refused',
  'due_date',
  'due_at',
  'warn_from',
  'stopped_at',
  'details',
  'computed_at',
] as const;

/** complaint_clocks_v1 rows (migration 0025) for engine states computed at `computedAtMs`. */
export function clockRows(
  states: ClockState[],
  computedAtMs: number,
): Record<string, string | number | null>[] {
  return states.map((s) => ({
    pack_id: s.packId,
    pack_version: s.packVersion,
    clock_id: s.clockId,
    branch_id: s.branchId,
    complaint_id: s.complaintId,
    day_kind: s.dayKind,
    status: s.status,
    started_at: Date.parse(s.startedAt),
    start_date: s.startDate,
    limit_days: s.limitDays,
    extended_days: s.extendedDays,
    paused_days: s.pausedDays,
    extensions_used: s.extensions.length,
    extensions_refused: s.refusedExtensions.length,
    due_date: s.dueDate,
    due_at: Date.parse(s.dueAt),
    warn_from: s.warnFrom,
    stopped_at: s.stoppedAt ? Date.parse(s.stoppedAt) : null,
    details: JSON.stringify({ extensions: s.extensions, refused: s.refusedExtensions }),
    computed_at: computedAtMs,
  }));
}

/**
 * The clock job: recomputes every complaint's clocks under `pack` as of `nowMs` and records them.
 * Rerunning it is harmless (complaint_clocks_v1 keeps the latest computation).
 */
export async function refreshClocks(
  warehouse: Warehouse,
  pack: Pack,
  nowMs: number,
  options: { branches?: string[] } = {},
) {
  const cases = await loadCases(warehouse, { untilMs: nowMs, badRatings: pack.badRatings, ...options });
  const { states, failures } = computeAll(pack, cases, nowMs);
  await insertRows(warehouse, 'complaint_clocks_v1', CLOCK_COLUMNS, clockRows(states, nowMs));
  return { cases: cases.length, clocks: states.length, failures };
}

/**
 * The alerts a branch's clocks call for at `nowMs` (warning before a breach, critical at it), ready
 * for the analytics worker's `raise`: keys make each alert idempotent, so calling this on every
 * evaluation is safe.
 */
export async function branchClockAlerts(
  warehouse: Warehouse,
  pack: Pack,
  branchId: string,
  nowMs: number,
): Promise<{ alerts: ClockAlert[]; failures: ClockFailure[] }> {
  const cases = await loadCases(warehouse, {
    untilMs: nowMs,
    branches: [branchId],
    badRatings: pack.badRatings,
  });
  const { states, failures } = computeAll(pack, cases, nowMs);
  return { alerts: clockAlerts(states, nowMs, pack), failures };
}
