// The five-step improvement loop for one branch × dimension (seed 002), as a pure state machine:
// 1 understand expectations → 2 optimise standards → 3 execution to standard → 4 innovate and
// honour promises → 5 virtuous cycle. Every change is a new version; the caller persists them.

export interface Measurement {
  /** Mean perception (1–5) over the measurement window; null without answers. */
  mean: number | null;
  n: number;
  /** Sample standard deviation of the perception scores. */
  sd: number;
}

export interface ExpectationProfile {
  meanExpectation: number | null;
  /** Items with the largest shortfall (perception − expectation), most negative first. */
  topGaps: { itemId: string; gap: number; nPairs: number }[];
}

export interface Action {
  kind: 'supervision' | 'training' | 'drill' | 'innovation';
  owner: string;
  dueAt: number;
  done: boolean;
  text: { 'zh-CN': string; en: string };
}

export interface LoopState {
  loopId: string;
  branchId: string;
  dimension: string;
  version: number;
  step: 1 | 2 | 3 | 4 | 5;
  status: 'open' | 'closed' | 'escalated';
  iteration: number;
  escalation: number;
  target: number;
  measured: Measurement;
  baseline: Measurement;
  expectations: ExpectationProfile;
  actions: Action[];
  event: string;
  openedAt: number;
  dueAt: number;
  updatedAt: number;
}

export interface LoopConfig {
  /** Fewest answers in a window before anything is concluded. */
  minAnswers: number;
  /** Days the actions have before the re-measurement. */
  actionWindowDays: number;
  /** How much a closed loop raises the standard. */
  raiseBy: number;
  /** z for "significant" (1.96 ≈ 95%, two-sided). */
  z: number;
  owner: (branchId: string) => string;
}

export const DEFAULT_LOOP_CONFIG: LoopConfig = {
  minAnswers: 10,
  actionWindowDays: 14,
  raiseBy: 0.1,
  z: 1.96,
  owner: (branchId) => `manager@${branchId.toLowerCase()}`,
};

export type LoopAlert =
  | { rule: 'dimension-breach'; key: string; state: LoopState }
  | { rule: 'loop-overdue'; key: string; state: LoopState }
  | { rule: 'loop-escalated'; key: string; state: LoopState }
  | { rule: 'loop-closed'; key: string; state: LoopState };

export interface LoopInput {
  branchId: string;
  dimension: string;
  now: number;
  /** The standard in force (target mean perception). */
  target: number;
  expectations: ExpectationProfile;
  /** Perception over the latest window. */
  window: Measurement;
  /** The latest state of this branch × dimension's loop, if one was ever opened. */
  current?: LoopState;
}

export interface LoopOutcome {
  /** New versions to persist, oldest first (empty when nothing changed). */
  versions: LoopState[];
  alerts: LoopAlert[];
  /** A new standard to record (after a closed loop). */
  raiseStandardTo?: number;
}

const DAY = 86_400_000;
const se = (m: Measurement) => (m.n > 1 ? m.sd / Math.sqrt(m.n) : Number.POSITIVE_INFINITY);

/** Standard proposed from what customers expect: half a point below the mean expectation, in [3, 4.5]. */
export function proposeStandard(profile: ExpectationProfile, fallback = 4): number {
  if (profile.meanExpectation === null) return fallback;
  return Math.round(Math.min(4.5, Math.max(3, profile.meanExpectation - 0.5)) * 10) / 10;
}

/** Step 3: significantly below the standard (the whole 95% interval under the target). */
export function breaches(window: Measurement, target: number, c: LoopConfig): boolean {
  return window.mean !== null && window.n >= c.minAnswers && window.mean + c.z * se(window) < target;
}

/** Step 5: significantly better than when the loop opened, and at the standard. */
export function gapClosed(
  window: Measurement,
  baseline: Measurement,
  target: number,
  c: LoopConfig,
): boolean {
  if (window.mean === null || baseline.mean === null || window.n < c.minAnswers) return false;
  const z = (window.mean - baseline.mean) / Math.sqrt(se(window) ** 2 + se(baseline) ** 2);
  return z > c.z && window.mean >= target;
}

function actionsFor(
  dimension: string,
  branchId: string,
  due: number,
  c: LoopConfig,
  iteration: number,
): Action[] {
  const owner = c.owner(branchId);
  const kinds: [Action['kind'], string, string][] = [
    [
      'supervision',
      `现场督导:${dimension} 每日抽查`,
      `On-site supervision: daily spot checks on ${dimension}`,
    ],
    ['training', `专项培训:${dimension} 服务标准`, `Training on the ${dimension} service standard`],
    ['drill', `情景演练:${dimension} 典型场景`, `Role-play drills on typical ${dimension} situations`],
  ];
  if (iteration > 1)
    kinds.push([
      'innovation',
      `服务创新:针对 ${dimension} 的改进措施`,
      `Service innovation targeting ${dimension}`,
    ]);
  return kinds.map(([kind, zh, en]) => ({ kind, owner, dueAt: due, done: false, text: { 'zh-CN': zh, en } }));
}

export function evaluateLoop(input: LoopInput, c: LoopConfig = DEFAULT_LOOP_CONFIG): LoopOutcome {
  const { current, now } = input;
  const out: LoopOutcome = { versions: [], alerts: [] };
  const next = (base: LoopState, change: Partial<LoopState>): LoopState => {
    const s = { ...base, ...change, version: base.version + 1, updatedAt: now };
    out.versions.push(s);
    return s;
  };

  if (!current || current.status === 'closed') {
    if (!breaches(input.window, input.target, c)) return out;
    // Opening walks steps 1–4 so the history shows how the loop got here.
    const due = now + c.actionWindowDays * DAY;
    const loopId = `${input.branchId}:${input.dimension}:${new Date(now).toISOString().slice(0, 10)}`;
    let s: LoopState = {
      loopId,
      branchId: input.branchId,
      dimension: input.dimension,
      version: 0,
      step: 1,
      status: 'open',
      iteration: 1,
      escalation: 0,
      target: input.target,
      measured: input.window,
      baseline: input.window,
      expectations: input.expectations,
      actions: [],
      event: `expectations: mean ${input.expectations.meanExpectation?.toFixed(2) ?? 'n/a'}, largest gaps ${input.expectations.topGaps.map((g) => g.itemId).join(', ')}`,
      openedAt: now,
      dueAt: due,
      updatedAt: now,
    };
    s = { ...s, version: 1 };
    out.versions.push(s);
    s = next(s, { step: 2, event: `standard in force: mean perception ≥ ${input.target}` });
    s = next(s, {
      step: 3,
      event: `breach: measured ${input.window.mean!.toFixed(2)} (n ${input.window.n}) is significantly below ${input.target}`,
    });
    s = next(s, {
      step: 4,
      actions: actionsFor(input.dimension, input.branchId, due, c, 1),
      event: 'actions assigned: supervision, training, drill',
    });
    out.alerts.push({ rule: 'dimension-breach', key: `dimension-breach|${loopId}`, state: s });
    return out;
  }

  // An open (or escalated) loop.
  let s = current;
  if (now < s.dueAt) {
    const overdue = s.actions.filter((a) => !a.done && a.dueAt < now);
    if (overdue.length > 0 && !s.event.startsWith('overdue')) {
      s = next(s, {
        status: 'escalated',
        escalation: s.escalation + 1,
        event: `overdue: ${overdue.map((a) => a.kind).join(', ')}`,
      });
      out.alerts.push({ rule: 'loop-overdue', key: `loop-overdue|${s.loopId}|${s.iteration}`, state: s });
    }
    return out;
  }
  // Step 5: re-measure after the action window.
  if (gapClosed(input.window, s.baseline, s.target, c)) {
    const raised = Math.min(5, Math.round((s.target + c.raiseBy) * 10) / 10);
    s = next(s, {
      step: 5,
      status: 'closed',
      measured: input.window,
      event: `closed: ${s.baseline.mean!.toFixed(2)} → ${input.window.mean!.toFixed(2)} (n ${input.window.n}); standard raised to ${raised}`,
    });
    out.raiseStandardTo = raised;
    out.alerts.push({ rule: 'loop-closed', key: `loop-closed|${s.loopId}`, state: s });
    return out;
  }
  const due = now + c.actionWindowDays * DAY;
  s = next(s, {
    step: 5,
    measured: input.window,
    event: `re-measured ${input.window.mean?.toFixed(2) ?? 'n/a'} (n ${input.window.n}): gap not significantly closed`,
  });
  s = next(s, {
    step: 4,
    status: 'escalated',
    iteration: s.iteration + 1,
    escalation: s.escalation + 1,
    dueAt: due,
    actions: actionsFor(s.dimension, s.branchId, due, c, s.iteration + 1),
    event: `iteration ${s.iteration + 1}: new actions, escalated to level ${s.escalation + 1}`,
  });
  out.alerts.push({ rule: 'loop-escalated', key: `loop-escalated|${s.loopId}|${s.iteration}`, state: s });
  return out;
}

/** Marks actions done (CLI or the branch's own system); returns the new version. */
export function completeActions(s: LoopState, kinds: Action['kind'][], now: number): LoopState {
  return {
    ...s,
    version: s.version + 1,
    updatedAt: now,
    status: s.status === 'escalated' && s.event.startsWith('overdue') ? 'open' : s.status,
    actions: s.actions.map((a) => (kinds.includes(a.kind) ? { ...a, done: true } : a)),
    event: `actions done: ${kinds.join(', ')}`,
  };
}
