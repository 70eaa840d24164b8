// The clock engine: a pack's rules applied to one complaint's event history. Pure: the same pack,
// history, moment and calendar always give the same states.
import {
  addCalendarDays,
  advance,
  chinaCalendar,
  countDays,
  type DayKind,
  type LocalDate,
  onOrNextWorkingDay,
  type WorkingCalendar,
} from './calendar.ts';
import type { CallbackOutcome, ClockRule, EventKind, ExtensionStep, Pack } from './pack.ts';

/** One event of a complaint's history, in the engine's terms (see events.ts for the envelope mapping). */
export interface ClockEvent {
  kind: EventKind;
  /** RFC 3339 with offset: when it happened. */
  at: string;
  eventId?: string;
  reason?: string;
  approver?: { id: string; role: string };
  /** Extension: days added, in the clock's kind of days. */
  extendedBy?: number;
  /** Extension: the new due moment (its local date becomes the last day). */
  newDueAt?: string;
  customerInformedAt?: string;
  outcome?: CallbackOutcome;
}

export interface ClockCase {
  branchId: string;
  complaintId: string;
  events: ClockEvent[];
}

export interface AcceptedExtension {
  at: string;
  stepId: string;
  days: number;
  reason: string;
  approver: { id: string; role: string } | null;
  customerInformedAt: string | null;
}
/** An extension the pack does not allow: the clock keeps its due date. `path` names the field. */
export interface RefusedExtension {
  at: string;
  path: string;
  reason: string;
}

export interface ClockState {
  packId: string;
  packVersion: number;
  clockId: string;
  branchId: string;
  complaintId: string;
  dayKind: DayKind;
  status: 'running' | 'paused' | 'stopped';
  startedAt: string;
  /** The local date of the start event; not itself counted. */
  startDate: LocalDate;
  limitDays: number;
  extendedDays: number;
  pausedDays: number;
  /** The last local day allowed. */
  dueDate: LocalDate;
  /** The moment the clock runs out: the start of the day after dueDate, local time, as UTC ISO. */
  dueAt: string;
  extensions: AcceptedExtension[];
  refusedExtensions: RefusedExtension[];
  stoppedAt: string | null;
  breached: boolean;
  warn: boolean;
  /** The first local date on which the clock is inside its warning window (warn.daysLeft or fewer left). */
  warnFrom: LocalDate;
  /** Counted days left after today (negative once breached); null when stopped. */
  daysLeft: number | null;
  /** Milliseconds until dueAt (negative once breached); null when stopped. */
  msLeft: number | null;
}

export class ClockInputError extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`${path}: ${reason}`);
    this.name = 'ClockInputError';
  }
}

function offsetMs(utcOffset: string): number {
  const sign = utcOffset.startsWith('-') ? -1 : 1;
  const [h, m] = utcOffset.slice(1).split(':').map(Number) as [number, number];
  return sign * (h * 60 + m) * 60_000;
}
const parse = (iso: string, path: string): number => {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new ClockInputError(path, `is not an RFC 3339 time: ${JSON.stringify(iso)}`);
  return t;
};

interface Pause {
  from: LocalDate;
  to: LocalDate | null;
}

class ClockRun {
  readonly granted: AcceptedExtension[] = [];
  readonly refused: RefusedExtension[] = [];
  readonly pauses: Pause[] = [];
  stoppedAt: string | null = null;

  constructor(
    readonly rule: ClockRule,
    readonly startDate: LocalDate,
    readonly localDate: (ms: number) => LocalDate,
    readonly dayStartMs: (d: LocalDate) => number,
    readonly cal: WorkingCalendar,
  ) {}

  pausedDays(until: LocalDate): number {
    let n = 0;
    for (const p of this.pauses) n += Math.max(0, countDays(this.cal, p.from, p.to ?? until, this.rule.days));
    return n;
  }
  extendedDays(): number {
    return this.granted.reduce((s, g) => s + g.days, 0);
  }
  /** The last day before rolling off a day off, and after. */
  due(until: LocalDate): { raw: LocalDate; due: LocalDate } {
    const total = this.rule.limit + this.extendedDays() + this.pausedDays(until);
    const raw = advance(this.cal, this.startDate, total, this.rule.days);
    const due = this.rule.lastDayOnOffDay === 'next-working-day' ? onOrNextWorkingDay(this.cal, raw) : raw;
    return { raw, due };
  }
  dueAtMs(due: LocalDate): number {
    return this.dayStartMs(addCalendarDays(due, 1));
  }
}

/**
 * Whether an extension may be granted now: the pack's next step exists, and the event carries what
 * that step requires. Returns the days granted, or the refused field's path and why.
 */
export function checkExtension(
  rule: ClockRule,
  already: number,
  current: { raw: LocalDate; due: LocalDate; dueAtMs: number },
  e: ClockEvent,
  cal: WorkingCalendar,
  localDate: (ms: number) => LocalDate,
): { ok: true; step: ExtensionStep; days: number } | { ok: false; path: string; reason: string } {
  const step = rule.extensions[already];
  if (!step)
    return {
      ok: false,
      path: '/extendedBy',
      reason:
        rule.extensions.length === 0
          ? `clock ${rule.id} cannot be extended`
          : `clock ${rule.id} allows ${rule.extensions.length} extension(s), all used`,
    };
  const req = step.requires;
  if (req.approver && (!e.approver?.id || !e.approver.role))
    return { ok: false, path: '/approver', reason: `is required: extension ${step.id} needs an approver` };
  const roles = req.approverRoles ?? [];
  if (roles.length > 0 && e.approver && !roles.includes(e.approver.role))
    return {
      ok: false,
      path: '/approver/role',
      reason: `must be one of ${roles.join(', ')} for extension ${step.id} (was ${e.approver.role})`,
    };
  if (req.reason && !e.reason?.trim())
    return { ok: false, path: '/reason', reason: `is required: extension ${step.id} needs a reason` };
  if (req.customerInformed && !e.customerInformedAt)
    return {
      ok: false,
      path: '/customerInformedAt',
      reason: `is required: the complainant must be told of extension ${step.id} and its reason`,
    };
  if (parse(e.at, '/occurredAt') >= current.dueAtMs)
    return {
      ok: false,
      path: '/occurredAt',
      reason: `is after the due date ${current.due}: too late to extend`,
    };
  let days: number;
  if (e.extendedBy !== undefined) {
    if (!Number.isInteger(e.extendedBy) || e.extendedBy < 1)
      return { ok: false, path: '/extendedBy', reason: 'must be a whole number of days, at least 1' };
    days = e.extendedBy;
    if (days > step.days)
      return {
        ok: false,
        path: '/extendedBy',
        reason: `must be at most ${step.days} ${rule.days} days for extension ${step.id} (was ${days})`,
      };
  } else if (e.newDueAt !== undefined) {
    const newDate = localDate(parse(e.newDueAt, '/newDueAt'));
    if (newDate <= current.due)
      return { ok: false, path: '/newDueAt', reason: `must be after the current due date ${current.due}` };
    days = countDays(cal, current.raw, newDate, rule.days);
    if (days > step.days)
      return {
        ok: false,
        path: '/newDueAt',
        reason: `is ${days} ${rule.days} days past ${current.raw}; extension ${step.id} allows at most ${step.days}`,
      };
  } else return { ok: false, path: '/extendedBy', reason: 'is required (or newDueAt)' };
  return { ok: true, step, days };
}

/** The earliest day d with at most `daysLeft` counted days in (d, due]. */
function warnFrom(cal: WorkingCalendar, due: LocalDate, daysLeft: number, kind: DayKind): LocalDate {
  if (kind === 'calendar') return addCalendarDays(due, -daysLeft);
  let d = due;
  for (let left = 0; ; ) {
    const prev = addCalendarDays(d, -1);
    if (cal.isWorkingDay(d)) left++;
    if (left > daysLeft) return d;
    d = prev;
  }
}

const stops = (rule: ClockRule, e: ClockEvent) =>
  rule.stopOn.some(
    (s) => s.event === e.kind && (!s.outcomes || (e.outcome && s.outcomes.includes(e.outcome))),
  );

/**
 * Every clock of the pack that the history started, as of `now` (events after `now` are not yet
 * known). A clock the history never started is left out.
 */
export function computeClocks(
  pack: Pack,
  c: ClockCase,
  now: number | string,
  cal: WorkingCalendar = chinaCalendar,
): ClockState[] {
  const nowMs = typeof now === 'number' ? now : parse(now, '/now');
  const off = offsetMs(pack.utcOffset);
  const localDate = (ms: number) => new Date(ms + off).toISOString().slice(0, 10);
  const dayStartMs = (d: LocalDate) => Date.parse(`${d}T00:00:00Z`) - off;
  const events = c.events
    .map((e, i) => ({ e, i, t: parse(e.at, `/events/${i}/at`) }))
    .filter((x) => x.t <= nowMs)
    .sort((a, b) => a.t - b.t || a.i - b.i);
  const today = localDate(nowMs);
  const out: ClockState[] = [];
  for (const rule of pack.clocks) {
    const startIdx = events.findIndex((x) => rule.startOn.includes(x.e.kind));
    if (startIdx < 0) continue;
    const start = events[startIdx]!;
    const run = new ClockRun(rule, localDate(start.t), localDate, dayStartMs, cal);
    for (const { e, t } of events.slice(startIdx + 1)) {
      if (run.stoppedAt) break;
      const day = localDate(t);
      if (stops(rule, e)) {
        run.stoppedAt = new Date(t).toISOString();
        const open = run.pauses.at(-1);
        if (open && open.to === null) open.to = day;
        continue;
      }
      const open = run.pauses.at(-1);
      if (rule.pauseOn?.includes(e.kind) && !(open && open.to === null))
        run.pauses.push({ from: day, to: null });
      else if (rule.resumeOn?.includes(e.kind) && open && open.to === null) open.to = day;
      else if (e.kind === 'extended') {
        const current = run.due(day);
        const verdict = checkExtension(
          rule,
          run.granted.length,
          { ...current, dueAtMs: run.dueAtMs(current.due) },
          e,
          cal,
          localDate,
        );
        if (verdict.ok)
          run.granted.push({
            at: new Date(t).toISOString(),
            stepId: verdict.step.id,
            days: verdict.days,
            reason: e.reason ?? '',
            approver: e.approver ?? null,
            customerInformedAt: e.customerInformedAt ?? null,
          });
        else run.refused.push({ at: new Date(t).toISOString(), path: verdict.path, reason: verdict.reason });
      }
    }
    const until = run.stoppedAt ? localDate(Date.parse(run.stoppedAt)) : today;
    const { due } = run.due(until);
    const dueAtMs = run.dueAtMs(due);
    const stopped = run.stoppedAt !== null;
    const paused = !stopped && run.pauses.at(-1)?.to === null;
    const breached = stopped ? Date.parse(run.stoppedAt!) >= dueAtMs : nowMs >= dueAtMs;
    const daysLeft = stopped ? null : countDays(cal, today, due, rule.days);
    out.push({
      packId: pack.id,
      packVersion: pack.version,
      clockId: rule.id,
      branchId: c.branchId,
      complaintId: c.complaintId,
      dayKind: rule.days,
      status: stopped ? 'stopped' : paused ? 'paused' : 'running',
      startedAt: new Date(start.t).toISOString(),
      startDate: run.startDate,
      limitDays: rule.limit,
      extendedDays: run.extendedDays(),
      pausedDays: run.pausedDays(until),
      dueDate: due,
      dueAt: new Date(dueAtMs).toISOString(),
      extensions: run.granted,
      refusedExtensions: run.refused,
      stoppedAt: run.stoppedAt,
      breached,
      warn: !stopped && !breached && !paused && daysLeft !== null && daysLeft <= rule.warn.daysLeft,
      warnFrom: warnFrom(cal, due, rule.warn.daysLeft, rule.days),
      daysLeft,
      msLeft: stopped ? null : dueAtMs - nowMs,
    });
  }
  return out;
}
