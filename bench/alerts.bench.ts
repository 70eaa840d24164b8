// Simulated branch-years through the worker's own pure rules (the alert-rule registry and the
// improvement loop), to show what the quality team would be told:
//   * false alerts per branch-year for each aggregate rule on branches where nothing changes,
//   * false improvement loops opened per branch-year on those branches,
//   * days to detect a 0.5-point drop on one dimension.
//   pnpm --filter @servloop/bench alerts        (BENCH_BRANCHES=200 branch-years per row by default)
//
// Model: each respondent answers every item (3 per dimension, 5 for facilities); a respondent's
// items of a dimension share a personal effect (intra-class correlation 0.2, which gives the design
// effect the audit measured), scores are rounded and clipped to 1–5. NPS answers: 50% promoters,
// 30% passives, 20% detractors. The standard is proposed from four weeks of expectations exactly
// as the worker does, and raised by the loop when it closes (never past expectations or 5).
// The branch completes each loop's actions the day after they are assigned. Evaluated daily (the
// worker evaluates every 15 minutes; a second evaluation on the same day must change nothing,
// which the run checks and prints).
import {
  ALERT_RULES,
  type BranchFacts,
  completedPeriods,
  DEFAULT_CONFIG,
  evaluateLoop,
  type LoopState,
  proposeStandard,
  runAlertRules,
} from '@servloop/analytics-worker';
import { type RespondentScores, summariseRespondents } from '@servloop/metrics';
import { windowServiceCatalogue } from '@servloop/schemas';

const DAY = 86_400_000;
const START = Date.parse('2026-01-05T00:00:00Z'); // a Monday
const DAYS = 365 + 28; // four weeks to learn expectations, then one year counted
const WARMUP = 28;
const BRANCHES = Number(process.env.BENCH_BRANCHES ?? 200);
const RATES = [6, 15, 40];
const c = DEFAULT_CONFIG;

const items = new Map<string, number>();
for (const i of windowServiceCatalogue().items) items.set(i.dimension, (items.get(i.dimension) ?? 0) + 1);
const DIMS = [...items.keys()];

// Seeded PRNG (mulberry32) and normal draws, so a run is reproducible.
function rng(seed: number) {
  let a = seed >>> 0;
  const u = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  return { u, normal };
}
const SIGMA_PERSON = 0.35;
const SIGMA_ITEM = 0.7;
const score = (latent: number) => Math.max(1, Math.min(5, Math.round(latent)));

/** Expected rounded score of a latent level (Monte Carlo), to report true means honestly. */
function trueMean(level: number) {
  const r = rng(99);
  let s = 0;
  for (let i = 0; i < 200_000; i++) s += score(level + SIGMA_PERSON * r.normal() + SIGMA_ITEM * r.normal());
  return s / 200_000;
}

interface Scenario {
  name: string;
  /** A standard set from outside (as by the standards file) instead of the proposal. */
  standard?: number;
  /** Latent perception level per dimension on a day. */
  level: (dim: string, day: number) => number;
  /** Day the degradation starts (detection scenarios). */
  onset?: number;
}
const EXPECTATION = 4.6;
// The proposed standard is expectation − 0.5 (about 4.0 here); a stable branch sits above it.
const STABLE = 4.3;

interface Counts {
  branchYears: number;
  alerts: Map<string, number>;
  loopsOpened: number;
  closedImproved: number;
  escalations: number;
  raises: number;
  notEnoughData: number;
  maxEscalation: number;
  standardMax: number;
  repeatChanges: number;
  detectDays: number[];
  missed: number;
  falseBeforeOnset: number;
}

function simulate(s: Scenario, rate: number, seed: number, counts: Counts) {
  const r = rng(seed);
  const standards = new Map<string, number>();
  const loops = new Map<string, LoopState>();
  const completions: {
    loopId: string;
    kind: string;
    completedAt: number;
    completedBy: string;
    note: string;
  }[] = [];
  // Per day: per dimension, respondent scores; expectations per respondent; NPS counts.
  const perDay: {
    scores: Map<string, RespondentScores[]>;
    expect: Map<string, number[]>;
    nps: [number, number, number];
  }[] = [];
  const dayIndex = (date: string) => Math.round((Date.parse(`${date}T00:00:00Z`) - START) / DAY);
  let detectedAt: number | undefined;
  const seenKeys = new Set<string>();
  // Period aggregates change once a period: computed once per period (and dimension).
  const cache = new Map<string, unknown>();
  const once = <T>(key: string, f: () => T): T => {
    if (!cache.has(key)) cache.set(key, f());
    return cache.get(key) as T;
  };
  for (let d = 0; d < DAYS; d++) {
    const today = {
      scores: new Map<string, RespondentScores[]>(),
      expect: new Map<string, number[]>(),
      nps: [0, 0, 0] as [number, number, number],
    };
    const n = Math.round(rate + Math.sqrt(rate) * r.normal()); // day-to-day variation in traffic
    for (let k = 0; k < Math.max(0, n); k++) {
      for (const dim of DIMS) {
        const person = SIGMA_PERSON * r.normal();
        let sum = 0;
        let squares = 0;
        let e = 0;
        const m = items.get(dim)!;
        for (let i = 0; i < m; i++) {
          const p = score(s.level(dim, d) + person + SIGMA_ITEM * r.normal());
          sum += p;
          squares += p * p;
          e += score(EXPECTATION + 0.5 * r.normal());
        }
        (today.scores.get(dim) ?? today.scores.set(dim, []).get(dim)!).push({
          sum,
          sumSquares: squares,
          items: m,
        });
        (today.expect.get(dim) ?? today.expect.set(dim, []).get(dim)!).push(e / m);
      }
      const u = r.u();
      today.nps[u < 0.5 ? 0 : u < 0.8 ? 1 : 2]++;
    }
    perDay.push(today);

    // Evaluate at the start of the next day (everything of day d is in).
    const now = START + (d + 1) * DAY + 3_600_000;
    const date = new Date(now).toISOString().slice(0, 10);
    const range = (from: string, to: string) =>
      perDay.slice(Math.max(0, dayIndex(from)), Math.max(0, dayIndex(to)));
    const [cur, prev] = completedPeriods(date, c.npsDrop.windowDays, 2);
    const npsOf = (p: typeof cur) => {
      const t = [0, 0, 0];
      for (const x of range(p!.from, p!.to)) for (let i = 0; i < 3; i++) t[i]! += x.nps[i]!;
      return { promoters: t[0]!, passives: t[1]!, detractors: t[2]! };
    };
    const facts: BranchFacts = {
      branchId: 'SIM',
      asOf: now,
      today: date,
      detractorDays: [],
      complaints: [],
      commentsNeedingResponse: [],
      nps: {
        current: { period: cur!, counts: once(`nps|${cur!.from}`, () => npsOf(cur)) },
        previous: { period: prev!, counts: once(`nps|${prev!.from}`, () => npsOf(prev)) },
      },
    };
    const counted = d >= WARMUP;
    // The worker records an alert once per key (alerts_v1): count keys, not evaluations.
    for (const a of runAlertRules(facts, c, ALERT_RULES))
      if (counted && !seenKeys.has(a.key)) {
        seenKeys.add(a.key);
        counts.alerts.set(a.rule, (counts.alerts.get(a.rule) ?? 0) + 1);
      }

    const [period] = completedPeriods(date, c.loop.periodDays, 1);
    for (const dim of DIMS) {
      const measured = once(`m|${dim}|${period!.from}`, () =>
        summariseRespondents(range(period!.from, period!.to).flatMap((x) => x.scores.get(dim) ?? [])),
      );
      const expectations = once(`e|${dim}|${period!.from}`, () => {
        const e = range(completedPeriods(date, c.loop.periodDays, 4)[3]!.from, period!.to).flatMap(
          (x) => x.expect.get(dim) ?? [],
        );
        return {
          meanExpectation: e.length ? e.reduce((a, b) => a + b, 0) / e.length : null,
          respondents: e.length,
          topGaps: [],
        };
      });
      if (!standards.has(dim)) {
        if (expectations.respondents < c.loop.minRespondents || d < WARMUP - 1) continue;
        standards.set(dim, s.standard ?? proposeStandard(expectations));
      }
      const input = {
        branchId: 'SIM',
        dimension: dim,
        now,
        today: date,
        standard: { target: standards.get(dim)!, locked: false },
        expectations,
        period: period!,
        measured,
        current: loops.get(dim),
        completions,
      };
      const out = evaluateLoop(input, c.loop);
      const last = out.versions.at(-1);
      if (last) loops.set(dim, last);
      // The same evaluation again (the worker runs every 15 minutes) must change nothing.
      if (evaluateLoop({ ...input, current: loops.get(dim) }, c.loop).versions.length > 0)
        counts.repeatChanges++;
      for (const a of out.alerts) {
        if (a.rule === 'dimension-breach') {
          // The branch does its actions the next day.
          for (const act of last!.actions)
            completions.push({
              loopId: last!.loopId,
              kind: act.kind,
              completedAt: now + DAY,
              completedBy: 'sim',
              note: '',
            });
          if (s.onset !== undefined && dim === 'efficiency' && d >= s.onset && detectedAt === undefined)
            detectedAt = d;
          if (s.onset !== undefined && d < s.onset) counts.falseBeforeOnset++;
        }
        if (a.rule === 'loop-escalated')
          for (const act of out.versions.at(-1)!.actions)
            completions.push({
              loopId: last!.loopId,
              kind: act.kind,
              completedAt: now + DAY,
              completedBy: 'sim',
              note: '',
            });
        if (counted) counts.alerts.set(a.rule, (counts.alerts.get(a.rule) ?? 0) + 1);
      }
      if (counted) {
        counts.loopsOpened += out.alerts.filter((a) => a.rule === 'dimension-breach').length;
        counts.escalations += out.alerts.filter((a) => a.rule === 'loop-escalated').length;
        counts.closedImproved += out.versions.filter(
          (v) => v.status === 'closed' && v.outcome === 'improved',
        ).length;
        counts.notEnoughData += out.versions.filter((v) => v.event.startsWith('not enough data')).length;
      }
      if (last) counts.maxEscalation = Math.max(counts.maxEscalation, last.escalation);
      if (out.raiseStandard) {
        standards.set(dim, out.raiseStandard.target);
        if (counted) counts.raises++;
      }
      counts.standardMax = Math.max(counts.standardMax, standards.get(dim)!);
    }
  }
  counts.branchYears++;
  if (s.onset !== undefined) {
    if (detectedAt === undefined) counts.missed++;
    else counts.detectDays.push(detectedAt - s.onset + 1);
  }
}

const fresh = (): Counts => ({
  branchYears: 0,
  alerts: new Map(),
  loopsOpened: 0,
  closedImproved: 0,
  escalations: 0,
  raises: 0,
  notEnoughData: 0,
  maxEscalation: 0,
  standardMax: 0,
  repeatChanges: 0,
  detectDays: [],
  missed: 0,
  falseBeforeOnset: 0,
});
/** Rate per branch-year with a 95% interval (Poisson; exact zero shown as an upper bound). */
const perYear = (count: number, years: number) =>
  count === 0
    ? `0 (95% < ${(3.69 / years).toFixed(3)})`
    : `${(count / years).toFixed(3)} (95% ${(Math.max(0, count - 1.96 * Math.sqrt(count)) / years).toFixed(3)}–${((count + 1.96 * Math.sqrt(count)) / years).toFixed(3)})`;
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))]! : Number.NaN;
};

/** The latent level whose rounded scores average `target` (bisection on the Monte Carlo mean). */
function levelFor(target: number) {
  let lo = target - 1;
  let hi = target + 1;
  for (let i = 0; i < 16; i++) {
    const mid = (lo + hi) / 2;
    if (trueMean(mid) < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
const AT_STANDARD = levelFor(4.0);
const e = rng(7);
let expectationSum = 0;
for (let i = 0; i < 200_000; i++) expectationSum += score(EXPECTATION + 0.5 * e.normal());
console.log(
  `true means: stable ${trueMean(STABLE).toFixed(2)}, degraded ${trueMean(STABLE - 0.5).toFixed(2)}, at-standard ${trueMean(AT_STANDARD).toFixed(2)} (standard 4.0 set by file); mean expectation ${(expectationSum / 200_000).toFixed(2)}`,
);
console.log(
  `${BRANCHES} branch-years per row; config: ${JSON.stringify({ npsDrop: c.npsDrop, loop: { periodDays: c.loop.periodDays, minRespondents: c.loop.minRespondents, breachAlpha: c.loop.breachAlpha, improveAlpha: c.loop.improveAlpha, maxEscalation: c.loop.maxEscalation } })}\n`,
);

const t0 = performance.now();
const rows: string[][] = [];
for (const [label, level, standard] of [
  ['stable, above its standard', () => STABLE, undefined],
  ['stable, exactly at its standard (worst case)', () => AT_STANDARD, 4.0],
] as const) {
  for (const rate of RATES) {
    const k = fresh();
    for (let b = 0; b < BRANCHES; b++) simulate({ name: label, level, standard }, rate, 1000 * rate + b, k);
    process.stderr.write(
      `${label} at ${rate}/day done (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`,
    );
    rows.push([
      label,
      String(rate),
      perYear(k.alerts.get('nps-drop') ?? 0, k.branchYears),
      perYear(k.loopsOpened, k.branchYears),
      perYear(k.escalations, k.branchYears),
      perYear(k.closedImproved, k.branchYears),
      perYear(k.raises, k.branchYears),
      String(k.maxEscalation),
      k.standardMax.toFixed(1),
      String(k.repeatChanges),
    ]);
  }
}
console.log(
  '| branch | answers/day | nps-drop alerts / branch-year | loops opened (dimension-breach) / branch-year | escalations / branch-year | closed improved / branch-year | standard raises / branch-year | max escalation level | highest standard | changes on re-evaluation |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.slice(0, 10).join(' | ')} |`);

console.log(
  '\n| answers/day | degraded branches | detected | median days to detect | 90th percentile | within 14 days | false loops before onset / branch |',
);
console.log('|---|---|---|---|---|---|---|');
for (const rate of RATES) {
  const k = fresh();
  for (let b = 0; b < BRANCHES; b++) {
    const onset = WARMUP + 60 + ((b * 7919) % 240); // spread over weekdays and the year
    simulate(
      {
        name: 'degrading',
        onset,
        level: (dim, d) => (dim === 'efficiency' && d >= onset ? STABLE - 0.5 : STABLE),
      },
      rate,
      500_000 + 1000 * rate + b,
      k,
    );
  }
  process.stderr.write(`degrading at ${rate}/day done (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
  const detected = k.detectDays.length;
  const within = k.detectDays.filter((x) => x <= 14).length;
  console.log(
    `| ${rate} | ${k.branchYears} | ${detected} | ${quantile(k.detectDays, 0.5)} | ${quantile(k.detectDays, 0.9)} | ${((100 * within) / k.branchYears).toFixed(1)}% | ${(k.falseBeforeOnset / k.branchYears).toFixed(3)} |`,
  );
}
console.log(`\n(${((performance.now() - t0) / 1000).toFixed(0)} s)`);
