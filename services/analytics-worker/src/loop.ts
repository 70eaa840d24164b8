// The five-step improvement loop for one branch × dimension (seed 002), as a pure state machine:
// 1 understand expectations → 2 optimise standards → 3 execution to standard → 4 innovate and
// honour promises → 5 virtuous cycle. Every change is a new version; writers persist them.
//
// Decisions count respondents (a person's items are one observation), test each completed period
// once, say "not enough data" instead of concluding, escalate at most once per review and never
// past the configured cap, and close as improved only on evidence and with required actions done.
import { belowTarget, improvedTo, type RespondentSummary } from '@servloop/metrics';
import type { AlertJob } from '@servloop/schemas';
import { type CommentEvidence, describeCommentEvidence } from './comment-evidence.ts';
import type { ActionKind, AnalyticsConfig } from './config.ts';
import { copy } from './copy.ts';
import type { ActionCompletion, ExpectationProfile } from './facts-types.ts';
import type { Period } from './periods.ts';
import { proposeRaise } from './rules/raise-standard.ts';

export type LoopConfig = AnalyticsConfig['loop'];

export interface Measurement extends RespondentSummary {
  /** The period measured (local days); null for none. */
  period: Period | null;
}

export interface Action {
  kind: ActionKind;
  owner: string;
  /** When it was assigned: only a completion reported after this counts for it. */
  assignedAt: number;
  dueAt: number;
  doneAt: number | null;
  doneBy: string;
  /** The overdue alert went out (once per action). */
  overdueAlerted: boolean;
}

export interface LoopState {
  loopId: string;
  branchId: string;
  dimension: string;
  version: number;
  step: 1 | 2 | 3 | 4 | 5;
  status: 'open' | 'closed' | 'escalated';
  /** Why a closed loop closed. */
  outcome: 'improved' | null;
  iteration: number;
  escalation: number;
  target: number;
  measured: Measurement;
  baseline: Measurement;
  expectations: ExpectationProfile;
  /** Step 1's citation of the comments behind the gap (loops opened before it have none). */
  comments?: CommentEvidence;
  actions: Action[];
  event: string;
  openedAt: number;
  /** The branch-local day the loop opened on. */
  openedOn: string;
  /** When step 5 re-measures (the review date). */
  dueAt: number;
  /** The period whose breach opened the loop, and the last period step 5 looked at. */
  breachPeriod: string;
  reviewedPeriod: string | null;
  updatedAt: number;
}

export interface LoopInput {
  branchId: string;
  dimension: string;
  now: number;
  /** Branch-local day of `now`. */
  today: string;
  /** The standard in force; `locked` when a person's override holds it. */
  standard: { target: number; locked: boolean };
  expectations: ExpectationProfile;
  /** What the branch's comments of the period said about the dimension (step 1 cites it). */
  comments?: CommentEvidence;
  /** The latest completed period and its per-respondent summary. */
  period: Period;
  measured: RespondentSummary;
  /** The latest state of this branch × dimension's loop, if one was ever opened. */
  current?: LoopState;
  /** Actions reported done (CLI or the branch's loop.action_completed events). */
  completions: ActionCompletion[];
  /** Step 1's key-driver evidence: which dimension has the largest expected gain (floor/drivers.ts). */
  drivers?: string;
}

export interface LoopOutcome {
  /** New versions to persist, oldest first (empty when nothing changed). */
  versions: LoopState[];
  alerts: AlertJob[];
  /** A new standard to record after a loop closed as improved. */
  raiseStandard?: { target: number; reason: string };
}

const DAY = 86_400_000;
const owner = (c: LoopConfig, branchId: string) => c.owner.replace('{branch}', branchId.toLowerCase());

function actionsFor(c: LoopConfig, branchId: string, from: number, iteration: number): Action[] {
  const kinds: ActionKind[] = ['supervision', 'training', 'drill'];
  if (iteration > 1) kinds.push('innovation');
  return kinds.map((kind) => ({
    kind,
    owner: owner(c, branchId),
    assignedAt: from,
    dueAt: from + c.actionDays[kind] * DAY,
    doneAt: null,
    doneBy: '',
    overdueAlerted: false,
  }));
}

const severityOf = {
  'dimension-breach': 'warning',
  'loop-overdue': 'critical',
  'loop-escalated': 'critical',
  'loop-closed': 'info',
} as const;

function alert(
  rule: keyof typeof severityOf,
  key: string,
  s: LoopState,
  words: { subject: AlertJob['subject']; lines: AlertJob['lines'] },
  c: LoopConfig,
): AlertJob[] {
  if (!c.enabled || (rule === 'loop-closed' && !c.notifyClosed)) return [];
  return [
    {
      key,
      rule,
      branchId: s.branchId,
      severity: severityOf[rule],
      subject: words.subject,
      lines: [
        ...words.lines,
        ...s.actions.map((a) => copy.actionLine(a.kind, s.dimension, a.owner, a.dueAt, a.doneAt !== null)),
      ],
      figures: {
        target: s.target,
        measured: s.measured.mean === null ? 'n/a' : Number(s.measured.mean.toFixed(2)),
        respondents: s.measured.respondents,
        baseline: s.baseline.mean === null ? 'n/a' : Number(s.baseline.mean.toFixed(2)),
        iteration: s.iteration,
        escalation: s.escalation,
        step: s.step,
      },
      details: `SELECT version, step, status, event FROM improvement_loops_v1 FINAL WHERE loop_id = '${s.loopId}' ORDER BY version`,
    },
  ];
}

export function evaluateLoop(input: LoopInput, c: LoopConfig): LoopOutcome {
  const { current, now } = input;
  const out: LoopOutcome = { versions: [], alerts: [] };
  const measured: Measurement = { ...input.measured, period: input.period };
  let s = current;
  const next = (change: Partial<LoopState>): LoopState => {
    s = { ...s!, ...change, version: s!.version + 1, updatedAt: now };
    out.versions.push(s);
    return s;
  };

  // A loop opened by the worker before it counted respondents (no openedOn, item-level measures):
  // closed once with a note, then judged afresh under the current rules.
  if (s && s.status !== 'closed' && !s.openedOn) {
    next({
      status: 'closed',
      outcome: null,
      breachPeriod: '',
      reviewedPeriod: null,
      event:
        'closed: opened under the previous rules (item answers counted as respondents); re-evaluated under the current ones',
    });
  }
  if (!s || s.status === 'closed') {
    // A period tested once: a loop that closed on this period's evidence is not reopened by it.
    if (s && (s.breachPeriod === input.period.from || s.reviewedPeriod === input.period.from)) return out;
    const verdict = belowTarget(input.measured, input.standard.target, c.breachAlpha, c.minRespondents);
    if (verdict.verdict !== 'below') return out;
    const loopId = `${input.branchId}:${input.dimension}:${input.today}`;
    const gaps = input.expectations.topGaps.map((g) => `${g.itemId} ${g.gap.toFixed(1)}`).join(', ');
    s = {
      loopId,
      branchId: input.branchId,
      dimension: input.dimension,
      version: 1,
      step: 1,
      status: 'open',
      outcome: null,
      iteration: 1,
      escalation: 0,
      target: input.standard.target,
      measured,
      baseline: measured,
      expectations: input.expectations,
      actions: [],
      event: `expectations: mean ${input.expectations.meanExpectation?.toFixed(2) ?? 'n/a'} (${input.expectations.respondents} respondents); largest gaps ${gaps || 'n/a'}${input.drivers ? `; ${input.drivers}` : ''}`,
      openedAt: now,
      openedOn: input.today,
      dueAt: now + c.reviewAfterDays * DAY,
      breachPeriod: input.period.from,
      reviewedPeriod: null,
      updatedAt: now,
    };
    if (input.comments)
      s = {
        ...s,
        comments: input.comments,
        event: `${s.event}; ${describeCommentEvidence(input.comments, input.dimension)}`,
      };
    out.versions.push(s);
    next({ step: 2, event: `standard in force: mean perception ≥ ${input.standard.target}` });
    next({
      step: 3,
      event: `breach: ${input.period.from} to ${input.period.to} measured ${input.measured.mean!.toFixed(2)} ± ${input.measured.se!.toFixed(2)} (${input.measured.respondents} respondents, z ${verdict.z!.toFixed(2)}) against ${input.standard.target}`,
    });
    const opened = next({
      step: 4,
      actions: actionsFor(c, input.branchId, now, 1),
      event: 'actions assigned: supervision, training, drill',
    });
    out.alerts.push(
      ...alert(
        'dimension-breach',
        `dimension-breach|${loopId}`,
        opened,
        copy.loopOpened(
          input.branchId,
          input.dimension,
          input.measured.mean,
          input.measured.respondents,
          input.standard.target,
        ),
        c,
      ),
    );
    return out;
  }

  // An open (or escalated) loop. The standard in force may have been changed by a person meanwhile.
  if (s.target !== input.standard.target)
    next({ target: input.standard.target, event: `standard now ${input.standard.target}` });

  // Actions reported done (a report from an earlier iteration does not count for the new one).
  const reportFor = (a: Action) =>
    input.completions.find(
      (x) => x.loopId === s!.loopId && x.kind === a.kind && x.completedAt >= a.assignedAt,
    );
  const done = s.actions.filter((a) => a.doneAt === null && reportFor(a));
  if (done.length > 0) {
    const by = (a: Action) => reportFor(a)!;
    next({
      actions: s.actions.map((a) =>
        done.includes(a) ? { ...a, doneAt: by(a).completedAt, doneBy: by(a).completedBy } : a,
      ),
      event: `actions done: ${done.map((a) => `${a.kind} (${by(a).completedBy})`).join(', ')}`,
    });
  }

  // Overdue actions: one alert per action, escalating (capped).
  for (const a of s.actions) {
    if (a.doneAt !== null || a.overdueAlerted || a.dueAt >= now) continue;
    const level = Math.min(c.maxEscalation, s.escalation + 1);
    const v = next({
      status: 'escalated',
      escalation: level,
      actions: s.actions.map((x) => (x === a ? { ...x, overdueAlerted: true } : x)),
      event: `overdue: ${a.kind} (due ${new Date(a.dueAt).toISOString().slice(0, 10)}), escalation level ${level}`,
    });
    out.alerts.push(
      ...alert(
        'loop-overdue',
        `loop-overdue|${s.loopId}|${s.iteration}|${a.kind}`,
        v,
        copy.loopOverdue(s.branchId, s.dimension, a.kind, a.dueAt),
        c,
      ),
    );
  }

  // Step 5: after the review date, on a period measured wholly after the loop opened, once per period.
  if (now < s.dueAt || input.period.from < s.openedOn || s.reviewedPeriod === input.period.from) return out;
  const verdict = improvedTo(
    input.measured,
    s.baseline,
    input.standard.target,
    c.improveAlpha,
    c.minRespondents,
  );
  const seen = `${input.period.from} to ${input.period.to}: ${input.measured.mean?.toFixed(2) ?? 'n/a'} (${input.measured.respondents} respondents)`;
  if (verdict.verdict === 'not-enough-data') {
    next({
      step: 5,
      measured,
      reviewedPeriod: input.period.from,
      event: `not enough data: ${seen}, needs ${c.minRespondents}; re-measured next period`,
    });
    return out;
  }
  if (verdict.verdict === 'improved') {
    const open = s.actions.filter((a) => c.requiredActions.includes(a.kind) && a.doneAt === null);
    if (open.length > 0) {
      next({
        step: 5,
        measured,
        reviewedPeriod: input.period.from,
        event: `improved (${seen}) but required actions open: ${open.map((a) => a.kind).join(', ')}; not closed`,
      });
      return out;
    }
    const raise = input.standard.locked
      ? undefined
      : proposeRaise(input.standard.target, input.expectations, c.raiseBy, input.measured, c.improveAlpha);
    const closed = next({
      step: 5,
      status: 'closed',
      outcome: 'improved',
      measured,
      reviewedPeriod: input.period.from,
      event: `closed: ${s.baseline.mean!.toFixed(2)} → ${seen}${raise ? `; standard raised to ${raise.target}` : input.standard.locked ? '; standard held by an override' : '; standard kept (at what customers expect, or not yet held beyond chance)'}`,
    });
    if (raise) out.raiseStandard = raise;
    out.alerts.push(
      ...alert(
        'loop-closed',
        `loop-closed|${s.loopId}`,
        closed,
        copy.loopClosed(s.branchId, s.dimension, s.baseline.mean, input.measured.mean, raise?.target),
        c,
      ),
    );
    return out;
  }
  // Not shown improved, but not below the standard either: inconclusive, re-measured next period.
  // Escalating here punished branches at their standard whose loop opened on a chance dip.
  const still = belowTarget(input.measured, input.standard.target, c.breachAlpha, c.minRespondents);
  if (still.verdict !== 'below') {
    next({
      step: 5,
      measured,
      reviewedPeriod: input.period.from,
      event: `inconclusive: ${seen} is not below the standard ${input.standard.target}, nor shown improved; re-measured next period`,
    });
    return out;
  }
  // Still below the standard beyond chance: a new iteration, escalated one level, up to the cap.
  if (s.escalation >= c.maxEscalation) {
    next({
      step: 5,
      measured,
      reviewedPeriod: input.period.from,
      dueAt: now + c.reviewAfterDays * DAY,
      event: `not improved (${seen}); already at the highest escalation level ${c.maxEscalation}`,
    });
    return out;
  }
  next({
    step: 5,
    measured,
    reviewedPeriod: input.period.from,
    event: `re-measured ${seen}: gap not closed`,
  });
  const iteration = s.iteration + 1;
  const escalated = next({
    step: 4,
    status: 'escalated',
    iteration,
    escalation: s.escalation + 1,
    dueAt: now + c.reviewAfterDays * DAY,
    actions: actionsFor(c, s.branchId, now, iteration),
    event: `iteration ${iteration}: new actions, escalated to level ${s.escalation + 1}`,
  });
  out.alerts.push(
    ...alert(
      'loop-escalated',
      `loop-escalated|${s.loopId}|${iteration}`,
      escalated,
      copy.loopEscalated(
        s.branchId,
        s.dimension,
        escalated.escalation,
        input.measured.mean,
        input.measured.respondents,
      ),
      c,
    ),
  );
  return out;
}
