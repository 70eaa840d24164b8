// Window and staff scorecards (scorecards_v1, migration 0070): per unit and period, each measure's
// raw mean and its empirical-Bayes estimate shrunk toward the branch, with a 95 % interval, a rank
// among the branch's shown units and the change against the unit's previous period. A staff member
// under the minimum number of respondents is not shown (no row), but counts in the branch's pool.
import { changeBetween, shrinkTowardPooledMean, type UnitStats } from '@servloop/metrics';
import { insertRows, type Warehouse } from '@servloop/warehouse';
import { DIMENSIONS } from '../copy.ts';
import { rows } from '../sql.ts';

export type Level = 'window' | 'staff';
export type PeriodKind = 'week' | 'month';
export const SURVEY_MEASURES = ['nps', ...DIMENSIONS] as const;
export const TIME_MEASURES = ['wait_min', 'service_min'] as const;
export type Measure = (typeof SURVEY_MEASURES)[number] | (typeof TIME_MEASURES)[number];

const Z95 = 1.959963984540054;

/** One unit's sums over one period. Each measure: n, sum, sum of squares of per-respondent (or per-visit) values. */
export interface UnitPeriod {
  branchId: string;
  level: Level;
  unitId: string;
  periodKind: PeriodKind;
  periodStart: string;
  periodEnd: string;
  visits: number;
  complaints: number;
  measures: Record<Measure, { n: number; sum: number; sumSquares: number }>;
}

export type ScorecardRow = {
  branch_id: string;
  level: Level;
  unit_id: string;
  period_kind: PeriodKind;
  period_start: string;
  period_end: string;
  measure: Measure;
  n: number;
  raw: number | null;
  estimate: number | null;
  low: number | null;
  high: number | null;
  branch_mean: number | null;
  shrink_weight: number;
  previous: number | null;
  change: number | null;
  change_low: number | null;
  change_high: number | null;
  change_significant: number;
  rank: number;
  units: number;
  visits: number;
  complaints: number;
  computed_at: number;
};

const finite = (v: number) => (Number.isFinite(v) ? v : null);

/** Respondents behind a unit's survey measures: what the staff minimum counts. */
export const respondents = (u: UnitPeriod) => Math.max(...SURVEY_MEASURES.map((m) => u.measures[m].n));

/**
 * Scorecard rows for the units of `report` periods. `units` holds every unit of those periods and
 * of the periods before them (for the change); all of a branch's units in a period form the pool
 * they are shrunk toward, shown or not.
 */
export function buildScorecards(
  units: UnitPeriod[],
  report: (u: UnitPeriod) => boolean,
  o: { minStaffRespondents: number; computedAt: number },
): ScorecardRow[] {
  const groups = new Map<string, UnitPeriod[]>();
  for (const u of units) {
    const k = `${u.branchId}|${u.level}|${u.periodKind}|${u.periodStart}`;
    groups.set(k, [...(groups.get(k) ?? []), u]);
  }
  type Est = { shrunk: number; sd: number; raw: number | null; weight: number; mean: number | null };
  const estimates = new Map<string, Est>();
  const key = (u: UnitPeriod, m: Measure, start = u.periodStart) =>
    `${u.branchId}|${u.level}|${u.periodKind}|${start}|${u.unitId}|${m}`;
  for (const group of groups.values()) {
    for (const m of SURVEY_MEASURES) {
      const stats: UnitStats[] = group.map((u) => ({ id: u.unitId, ...u.measures[m] }));
      const s = shrinkTowardPooledMean(stats);
      s.units.forEach((e, i) => {
        estimates.set(key(group[i]!, m), {
          shrunk: e.shrunk,
          sd: e.sd,
          raw: e.raw,
          weight: e.weight,
          mean: s.mean,
        });
      });
    }
    for (const m of TIME_MEASURES) {
      const totalN = group.reduce((a, u) => a + u.measures[m].n, 0);
      const mean = totalN ? group.reduce((a, u) => a + u.measures[m].sum, 0) / totalN : null;
      for (const u of group) {
        const { n, sum, sumSquares } = u.measures[m];
        const raw = n ? sum / n : null;
        const variance = n > 1 ? Math.max(0, (sumSquares - (sum * sum) / n) / (n - 1)) : Number.NaN;
        estimates.set(key(u, m), {
          shrunk: raw ?? Number.NaN,
          sd: Math.sqrt(variance / n),
          raw,
          weight: 1,
          mean,
        });
      }
    }
  }
  const out: ScorecardRow[] = [];
  for (const group of groups.values()) {
    if (!report(group[0]!)) continue;
    const shown = group.filter(
      (u) => u.unitId !== '' && (u.level === 'window' || respondents(u) >= o.minStaffRespondents),
    );
    for (const m of [...SURVEY_MEASURES, ...TIME_MEASURES]) {
      const lowerIsBetter = (TIME_MEASURES as readonly string[]).includes(m);
      const ranked = shown
        .filter((u) => u.measures[m].n > 0)
        .sort((a, b) => {
          const d = estimates.get(key(a, m))!.shrunk - estimates.get(key(b, m))!.shrunk;
          return lowerIsBetter ? d : -d;
        });
      for (const u of shown) {
        const e = estimates.get(key(u, m))!;
        const prev = estimates.get(key(u, m, previousPeriodStart(u.periodKind, u.periodStart)));
        const hasData = u.measures[m].n > 0;
        const change =
          hasData && prev && prev.raw !== null ? changeBetween(prev, { shrunk: e.shrunk, sd: e.sd }) : null;
        out.push({
          branch_id: u.branchId,
          level: u.level,
          unit_id: u.unitId,
          period_kind: u.periodKind,
          period_start: u.periodStart,
          period_end: u.periodEnd,
          measure: m,
          n: u.measures[m].n,
          raw: e.raw,
          estimate: hasData ? finite(e.shrunk) : null,
          low: hasData ? finite(e.shrunk - Z95 * e.sd) : null,
          high: hasData ? finite(e.shrunk + Z95 * e.sd) : null,
          branch_mean: e.mean,
          shrink_weight: e.weight,
          previous: prev && prev.raw !== null ? finite(prev.shrunk) : null,
          change: change ? change.change : null,
          change_low: change ? finite(change.low) : null,
          change_high: change ? finite(change.high) : null,
          change_significant: change?.significant ? 1 : 0,
          rank: ranked.indexOf(u) + 1,
          units: ranked.length,
          visits: u.visits,
          complaints: u.complaints,
          computed_at: o.computedAt,
        });
      }
    }
  }
  return out;
}

export const SCORECARD_COLUMNS = [
  'branch_id',
  'level',
  'unit_id',
  'period_kind',
  'period_start',
  'period_end',
  'measure',
  'n',
  'raw',
  'estimate',
  'low',
  'high',
  'branch_mean',
  'shrink_weight',
  'previous',
  'change',
  'change_low',
  'change_high',
  'change_significant',
  'rank',
  'units',
  'visits',
  'complaints',
  'computed_at',
] as const;

interface UnitRow {
  branch_id: string;
  unit_id: string;
  period_start: string;
  period_end: string;
  visits: string;
  complaints: string;
  wait_sum: number;
  wait_sumsq: number;
  service_sum: number;
  service_sumsq: number;
  nps_n: string;
  promoters: string;
  detractors: string;
  dim_n: string[];
  dim_sum: number[];
  dim_sumsq: number[];
}

/** Sums of floor_daily_v1 per unit and period, for periods starting in [from, to]. */
async function unitPeriods(w: Warehouse, level: Level, kind: PeriodKind, from: string, to: string) {
  const unit = level === 'window' ? 'window_id' : 'staff_id';
  const start = kind === 'week' ? 'toMonday(local_date)' : 'toStartOfMonth(local_date)';
  const end = kind === 'week' ? 'period_start + 7' : 'addMonths(period_start, 1)';
  const r = await rows<UnitRow>(
    w,
    `SELECT branch_id, ${unit} AS unit_id, ${start} AS period_start, ${end} AS period_end,
            sum(visits) AS visits, sum(complaints) AS complaints,
            sum(wait_sum) AS wait_sum, sum(wait_sumsq) AS wait_sumsq,
            sum(service_sum) AS service_sum, sum(service_sumsq) AS service_sumsq,
            sum(nps_n) AS nps_n, sum(promoters) AS promoters, sum(detractors) AS detractors,
            sumForEach(dim_n) AS dim_n, sumForEach(dim_sum) AS dim_sum, sumForEach(dim_sumsq) AS dim_sumsq
     FROM floor_daily_v1 FINAL
     WHERE local_date >= {from:Date} AND local_date < {to:Date} AND dims = {dims:Array(String)}
     GROUP BY branch_id, unit_id, period_start, period_end`,
    { from, to, dims: [...DIMENSIONS] },
  );
  return r.map((x): UnitPeriod => {
    const visits = Number(x.visits);
    const p = Number(x.promoters);
    const d = Number(x.detractors);
    const measures = {
      // Per respondent: +100 promoter, −100 detractor, 0 passive; the mean is the NPS.
      nps: { n: Number(x.nps_n), sum: 100 * (p - d), sumSquares: 10_000 * (p + d) },
      // Minutes per visit.
      wait_min: { n: visits, sum: Number(x.wait_sum) / 60, sumSquares: Number(x.wait_sumsq) / 3600 },
      service_min: { n: visits, sum: Number(x.service_sum) / 60, sumSquares: Number(x.service_sumsq) / 3600 },
    } as UnitPeriod['measures'];
    DIMENSIONS.forEach((dim, i) => {
      measures[dim] = {
        n: Number(x.dim_n[i]),
        sum: Number(x.dim_sum[i]),
        sumSquares: Number(x.dim_sumsq[i]),
      };
    });
    return {
      branchId: x.branch_id,
      level,
      unitId: x.unit_id,
      periodKind: kind,
      periodStart: x.period_start,
      periodEnd: x.period_end,
      visits,
      complaints: Number(x.complaints),
      measures,
    };
  });
}

const day = (s: string) => Date.parse(`${s}T00:00:00Z`);
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** First day of the week (Monday) or month containing `date`. */
export function periodStartOf(kind: PeriodKind, date: string): string {
  if (kind === 'month') return `${date.slice(0, 7)}-01`;
  const dow = (new Date(day(date)).getUTCDay() + 6) % 7;
  return iso(day(date) - dow * 86_400_000);
}
/** The period `k` periods after (negative: before) the one starting at `start`. */
function shiftPeriod(kind: PeriodKind, start: string, k: number): string {
  if (kind === 'week') return iso(day(start) + 7 * k * 86_400_000);
  const d = new Date(day(start));
  d.setUTCMonth(d.getUTCMonth() + k);
  return iso(d.getTime());
}
export const previousPeriodStart = (kind: PeriodKind, start: string) => shiftPeriod(kind, start, -1);

/** Rewrites the scorecards of every week and month that overlaps [from, to] (local days, inclusive). */
export async function refreshScorecards(
  w: Warehouse,
  r: { from: string; to: string },
  o: { minStaffRespondents: number; computedAt?: number },
): Promise<{ rows: number }> {
  const computedAt = o.computedAt ?? Date.now();
  let written = 0;
  for (const kind of ['week', 'month'] as const) {
    const firstReported = periodStartOf(kind, r.from);
    const readFrom = previousPeriodStart(kind, firstReported);
    const readTo = shiftPeriod(kind, periodStartOf(kind, r.to), 1);
    for (const level of ['window', 'staff'] as const) {
      const units = await unitPeriods(w, level, kind, readFrom, readTo);
      const out = buildScorecards(units, (u) => u.periodStart >= firstReported, {
        minStaffRespondents: o.minStaffRespondents,
        computedAt,
      });
      if (out.length) await insertRows(w, 'scorecards_v1', SCORECARD_COLUMNS, out);
      written += out.length;
    }
  }
  return { rows: written };
}
