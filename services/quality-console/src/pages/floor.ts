// Floor: what a hall manager coaches on, for one branch and one week or month — the window and
// staff scorecards (scorecards_v1: each measure shrunk toward the branch with its 95 % interval and
// the change against the previous period), what waiting costs (wait_loyalty_v1, wait_thresholds_v1,
// wait_cost_v1: the analysts' views wait_loyalty and wait_cost as the floor job last copied them,
// since computing the views per request scans every visit of the branch) and what drives loyalty
// (key_drivers_v1: relative weights, importance × performance, soft vs hard). Every query names the
// branch and carries the scope in SQL; each table's primary key starts with branch_id, and the
// scorecard query also names level, period kind and start, so every query reads a few granules.
// Staff rows are for the branch manager and above: a staff account never reaches this page.
import { NotFound, type RequestContext } from '../app.ts';
import { dateLit, lit } from '../db.ts';
import { type FloorPeriod, floorPeriodOf } from '../floor-period.ts';
import { csv, esc, page } from '../html.ts';
import { DIMENSION_IDS, dimensionName, L, type Lang, t } from '../i18n.ts';

export const MEASURES = [
  'nps',
  'attitude',
  'efficiency',
  'performance',
  'process',
  'facilities',
  'wait_min',
  'service_min',
] as const;
export type MeasureId = (typeof MEASURES)[number];

export interface MeasureFigure {
  n: number;
  raw: number | null;
  estimate: number | null;
  low: number | null;
  high: number | null;
  branchMean: number | null;
  shrinkWeight: number;
  previous: number | null;
  change: number | null;
  changeLow: number | null;
  changeHigh: number | null;
  changeSignificant: boolean;
  rank: number;
  units: number;
}

export interface ScorecardUnit {
  unitId: string;
  visits: number;
  complaints: number;
  measures: Partial<Record<MeasureId, MeasureFigure>>;
}

export interface FloorData {
  branch: { branchId: string; name: string };
  period: FloorPeriod;
  /** Periods with scorecards for this branch, newest first (the period picker). */
  periods: { kind: string; start: string }[];
  windows: ScorecardUnit[];
  staff: ScorecardUnit[];
  waiting: {
    /** When the floor job copied the bins and the cost (ISO, UTC); null before its first run. */
    computedAt: string | null;
    bins: {
      fromMin: number;
      toMin: number | null;
      n: number;
      nps: number;
      npsLow: number;
      npsHigh: number;
      promoterShare: number;
      promoterLow: number;
      promoterHigh: number;
    }[];
    threshold: {
      n: number;
      from: string;
      to: string;
      minutes: number | null;
      low: number | null;
      high: number | null;
      before: number | null;
      after: number | null;
      drop: number | null;
      dropLow: number | null;
      dropHigh: number | null;
      verdict: string;
    } | null;
    cost: {
      p90WaitMin: number;
      slowAnswers: number;
      otherAnswers: number;
      slowDetractorShare: number;
      otherDetractorShare: number;
      excess: number;
      excessLow: number;
      excessHigh: number;
      slowCustomers: number;
      clvAtRisk: number;
      clvAtRiskLow: number;
      clvAtRiskHigh: number;
    } | null;
  };
  drivers: {
    outcome: 'nps_answer';
    n: number;
    from: string | null;
    to: string | null;
    dimensions: {
      dimension: string;
      share: number | null;
      shareLow: number | null;
      shareHigh: number | null;
      slope: number | null;
      slopeLow: number | null;
      slopeHigh: number | null;
      performance: number | null;
      target: number | null;
      expectedGain: number | null;
      gainRank: number;
    }[];
    softVsHard: {
      soft: number | null;
      softLow: number | null;
      softHigh: number | null;
      hard: number | null;
      hardLow: number | null;
      hardHigh: number | null;
      difference: number | null;
      differenceLow: number | null;
      differenceHigh: number | null;
      answer: string;
      r2: number | null;
      r2Low: number | null;
      r2High: number | null;
    } | null;
  };
}

type Num = number | string | null | undefined;
const num = (v: Num) => (v === null || v === undefined ? null : Number(v));
const count = (v: Num) => Number(v ?? 0);

interface ScorecardRow {
  level: string;
  unit_id: string;
  measure: string;
  n: Num;
  raw: Num;
  estimate: Num;
  low: Num;
  high: Num;
  branch_mean: Num;
  shrink_weight: Num;
  previous: Num;
  change: Num;
  change_low: Num;
  change_high: Num;
  change_significant: Num;
  rank: Num;
  units: Num;
  visits: Num;
  complaints: Num;
}

/**
 * The scorecard rows of one branch, period and level, as units with their measures; `where` adds
 * the caller's condition (the scope, or a staff account's own pseudonym).
 */
export async function scorecardUnits(
  ctx: RequestContext,
  o: { branchId: string; level: 'window' | 'staff'; period: FloorPeriod; where: string },
): Promise<ScorecardUnit[]> {
  const rows = await ctx.db.rows<ScorecardRow>(
    `SELECT level, unit_id, measure, n, raw, estimate, low, high, branch_mean, shrink_weight, previous,
            change, change_low, change_high, change_significant, rank, units, visits, complaints
     FROM scorecards_v1 FINAL
     WHERE branch_id = ${lit(o.branchId)} AND level = ${lit(o.level)} AND period_kind = ${lit(o.period.kind)}
       AND period_start = ${dateLit(o.period.start)} AND ${o.where}
     ORDER BY unit_id, measure`,
  );
  const units = new Map<string, ScorecardUnit>();
  for (const r of rows) {
    let unit = units.get(r.unit_id);
    if (!unit) {
      unit = { unitId: r.unit_id, visits: count(r.visits), complaints: count(r.complaints), measures: {} };
      units.set(r.unit_id, unit);
    }
    if (!(MEASURES as readonly string[]).includes(r.measure)) continue;
    unit.measures[r.measure as MeasureId] = {
      n: count(r.n),
      raw: num(r.raw),
      estimate: num(r.estimate),
      low: num(r.low),
      high: num(r.high),
      branchMean: num(r.branch_mean),
      shrinkWeight: count(r.shrink_weight),
      previous: num(r.previous),
      change: num(r.change),
      changeLow: num(r.change_low),
      changeHigh: num(r.change_high),
      changeSignificant: count(r.change_significant) === 1,
      rank: count(r.rank),
      units: count(r.units),
    };
  }
  return [...units.values()];
}

/** Periods with scorecards at a branch, newest first (`where`: scope or own rows). */
export async function scorecardPeriods(ctx: RequestContext, branchId: string, where: string) {
  return ctx.db.rows<{ kind: string; start: string }>(
    `SELECT DISTINCT period_kind AS kind, toString(period_start) AS start FROM scorecards_v1
     WHERE branch_id = ${lit(branchId)} AND ${where} ORDER BY start DESC, kind DESC LIMIT 60`,
  );
}

export async function floorData(ctx: RequestContext, branchId: string, query: unknown): Promise<FloorData> {
  const { db, scope } = ctx;
  const period = floorPeriodOf(query, ctx.now);
  const mine = `branch_id = ${lit(branchId)} AND ${scope.where()}`;
  const [branch] = await db.rows<{ branch_id: string; name: string }>(
    `SELECT branch_id, name FROM branches_v1 FINAL WHERE ${mine}`,
  );
  if (!branch) throw new NotFound();
  const [periods, windows, staff, bins, thresholds, costs, drivers] = await Promise.all([
    scorecardPeriods(ctx, branchId, scope.where()),
    scorecardUnits(ctx, { branchId, level: 'window', period, where: scope.where() }),
    scorecardUnits(ctx, { branchId, level: 'staff', period, where: scope.where() }),
    db.rows<Record<string, Num>>(
      `SELECT wait_from_min, wait_to_min, n, nps, nps_low, nps_high, promoter_share, promoter_low, promoter_high,
              toUnixTimestamp64Milli(computed_at) AS computed_at
       FROM wait_loyalty_v1 FINAL WHERE ${mine} ORDER BY wait_from_min`,
    ),
    db.rows<Record<string, Num>>(
      `SELECT n, toString(from_date) AS from_date, toString(to_date) AS to_date, threshold_min, threshold_low,
              threshold_high, before, after, drop, drop_low, drop_high, verdict
       FROM wait_thresholds_v1 FINAL WHERE ${mine} AND outcome = 'promoter'`,
    ),
    db.rows<Record<string, Num>>(
      `SELECT p90_wait_min, slow_answers, other_answers, slow_detractor_share, other_detractor_share,
              excess_detractor_share, excess_low, excess_high, slow_customers, clv_at_risk, clv_at_risk_low, clv_at_risk_high,
              toUnixTimestamp64Milli(computed_at) AS computed_at
       FROM wait_cost_v1 FINAL WHERE ${mine}`,
    ),
    db.rows<Record<string, Num>>(
      `SELECT term, n, toString(from_date) AS from_date, toString(to_date) AS to_date, weight, weight_low, weight_high,
              share, share_low, share_high, slope, slope_low, slope_high, mean_perception, target, expected_gain,
              gain_rank, verdict
       FROM key_drivers_v1 FINAL WHERE ${mine} AND outcome = 'nps_answer'`,
    ),
  ]);
  const [th] = thresholds;
  const [cost] = costs;
  const computedAt = bins[0]?.computed_at ?? cost?.computed_at;
  const term = (name: string) => drivers.find((d) => d.term === name);
  const soft = term('soft');
  const hard = term('hard');
  const diff = term('soft_minus_hard');
  const r2 = term('r2');
  return {
    branch: { branchId: branch.branch_id, name: branch.name },
    period,
    periods,
    windows,
    staff,
    waiting: {
      computedAt:
        computedAt === undefined || computedAt === null ? null : new Date(Number(computedAt)).toISOString(),
      bins: bins.map((b) => ({
        fromMin: count(b.wait_from_min),
        toMin: num(b.wait_to_min),
        n: count(b.n),
        nps: count(b.nps),
        npsLow: count(b.nps_low),
        npsHigh: count(b.nps_high),
        promoterShare: count(b.promoter_share),
        promoterLow: count(b.promoter_low),
        promoterHigh: count(b.promoter_high),
      })),
      threshold: th
        ? {
            n: count(th.n),
            from: String(th.from_date),
            to: String(th.to_date),
            minutes: num(th.threshold_min),
            low: num(th.threshold_low),
            high: num(th.threshold_high),
            before: num(th.before),
            after: num(th.after),
            drop: num(th.drop),
            dropLow: num(th.drop_low),
            dropHigh: num(th.drop_high),
            verdict: String(th.verdict),
          }
        : null,
      cost: cost
        ? {
            p90WaitMin: count(cost.p90_wait_min),
            slowAnswers: count(cost.slow_answers),
            otherAnswers: count(cost.other_answers),
            slowDetractorShare: count(cost.slow_detractor_share),
            otherDetractorShare: count(cost.other_detractor_share),
            excess: count(cost.excess_detractor_share),
            excessLow: count(cost.excess_low),
            excessHigh: count(cost.excess_high),
            slowCustomers: count(cost.slow_customers),
            clvAtRisk: count(cost.clv_at_risk),
            clvAtRiskLow: count(cost.clv_at_risk_low),
            clvAtRiskHigh: count(cost.clv_at_risk_high),
          }
        : null,
    },
    drivers: {
      outcome: 'nps_answer',
      n: count((soft ?? drivers[0])?.n ?? 0),
      from: drivers[0] ? String(drivers[0].from_date) : null,
      to: drivers[0] ? String(drivers[0].to_date) : null,
      dimensions: DIMENSION_IDS.flatMap((dimension) => {
        const d = term(dimension);
        return d
          ? [
              {
                dimension,
                share: num(d.share),
                shareLow: num(d.share_low),
                shareHigh: num(d.share_high),
                slope: num(d.slope),
                slopeLow: num(d.slope_low),
                slopeHigh: num(d.slope_high),
                performance: num(d.mean_perception),
                target: num(d.target),
                expectedGain: num(d.expected_gain),
                gainRank: count(d.gain_rank),
              },
            ]
          : [];
      }).sort((a, b) => (a.gainRank || 99) - (b.gainRank || 99)),
      softVsHard:
        soft && hard && diff
          ? {
              soft: num(soft.weight),
              softLow: num(soft.weight_low),
              softHigh: num(soft.weight_high),
              hard: num(hard.weight),
              hardLow: num(hard.weight_low),
              hardHigh: num(hard.weight_high),
              difference: num(diff.weight),
              differenceLow: num(diff.weight_low),
              differenceHigh: num(diff.weight_high),
              answer: String(diff.verdict),
              r2: r2 ? num(r2.weight) : null,
              r2Low: r2 ? num(r2.weight_low) : null,
              r2High: r2 ? num(r2.weight_high) : null,
            }
          : null,
    },
  };
}

// --- rendering ---

const DIGITS: Record<MeasureId, number> = {
  nps: 1,
  attitude: 2,
  efficiency: 2,
  performance: 2,
  process: 2,
  facilities: 2,
  wait_min: 1,
  service_min: 1,
};
/** Longer waits and services are worse: their arrows read the other way. */
const LOWER_IS_BETTER = new Set<MeasureId>(['wait_min', 'service_min']);

export function measureName(m: MeasureId, lang: Lang): string {
  if (m === 'nps') return 'NPS';
  if (m === 'wait_min') return L(lang, '平均等候(分钟)', 'Mean wait (min)');
  if (m === 'service_min') return L(lang, '平均办理(分钟)', 'Mean service (min)');
  return dimensionName(m, lang);
}

const nd = (lang: Lang, n?: number) =>
  `<span class="nd">${esc(t(lang, 'notEnough'))}</span>${n === undefined ? '' : ` <small>n=${n}</small>`}`;
const fixed = (v: number | null, digits: number) => (v === null ? '' : v.toFixed(digits));
const signed = (v: number, digits: number) => `${v > 0 ? '+' : ''}${v.toFixed(digits)}`;
const interval = (low: number | null, high: number | null, digits: number) =>
  low === null || high === null ? '' : ` <small>[${low.toFixed(digits)}, ${high.toFixed(digits)}]</small>`;

/** `4.12 [3.90, 4.34] n=25`, a rank for NPS, and ▲/▼ with the change's interval only when significant. */
export function measureCell(
  m: MeasureId,
  f: MeasureFigure | undefined,
  lang: Lang,
  o: { rank?: boolean } = {},
): string {
  if (!f || f.estimate === null) return nd(lang, f?.n);
  const digits = DIGITS[m];
  const rank =
    (o.rank ?? true) && m === 'nps' && f.rank > 0 && f.units > 1
      ? ` <small class="rank">${L(lang, `第 ${f.rank}/${f.units}`, `#${f.rank} of ${f.units}`)}</small>`
      : '';
  let change = '';
  if (f.changeSignificant && f.change !== null) {
    const better = LOWER_IS_BETTER.has(m) ? f.change < 0 : f.change > 0;
    change = ` <span class="change ${better ? 'better' : 'worse'}" title="${esc(L(lang, '与上期相比的显著变化', 'significant change against the previous period'))}">${f.change > 0 ? '▲' : '▼'} ${signed(f.change, digits)}${interval(f.changeLow, f.changeHigh, digits)}</span>`;
  }
  return `${f.estimate.toFixed(digits)}${interval(f.low, f.high, digits)} <small>n=${f.n}</small>${rank}${change}`;
}

/** A scorecard table: one row per unit, one column per measure; "数据不足" where a unit has no row. */
export function scorecardTable(
  lang: Lang,
  o: { id: string; unitLabel: string; units: ScorecardUnit[] },
): string {
  const head = `<tr><th>${esc(o.unitLabel)}</th><th>${L(lang, '来访', 'Visits')}</th><th>${L(lang, '投诉', 'Complaints')}</th>${MEASURES.map((m) => `<th>${esc(measureName(m, lang))}</th>`).join('')}</tr>`;
  const rows = o.units
    .map(
      (u) =>
        `<tr data-unit="${esc(u.unitId)}"><td>${esc(u.unitId)}</td><td>${u.visits}</td><td>${u.complaints}</td>${MEASURES.map((m) => `<td data-measure="${m}">${measureCell(m, u.measures[m], lang)}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return `<table class="data" id="${esc(o.id)}"><thead>${head}</thead>
<tbody>${rows || `<tr><td colspan="${MEASURES.length + 3}">${nd(lang)}</td></tr>`}</tbody></table>`;
}

/** The period picker: week or month, and the periods the branch has scorecards for. */
export function periodPicker(
  lang: Lang,
  action: string,
  period: FloorPeriod,
  periods: FloorData['periods'],
  links = '',
) {
  const options = periods
    .filter((p) => p.kind === period.kind)
    .map(
      (p) =>
        `<option value="${esc(p.start)}"${p.start === period.start ? ' selected' : ''}>${esc(p.start)}</option>`,
    );
  if (!periods.some((p) => p.kind === period.kind && p.start === period.start))
    options.unshift(`<option value="${esc(period.start)}" selected>${esc(period.start)}</option>`);
  return `<form method="get" action="${esc(action)}" class="filters">
<label>${L(lang, '周期', 'Period')} <select name="period"><option value="week"${period.kind === 'week' ? ' selected' : ''}>${L(lang, '周', 'week')}</option><option value="month"${period.kind === 'month' ? ' selected' : ''}>${L(lang, '月', 'month')}</option></select></label>
<label>${L(lang, '起始日', 'Starting')} <select name="start">${options.join('')}</select></label>
<button>${esc(t(lang, 'apply'))}</button>
<span class="period">${esc(period.start)} – ${esc(lastDay(period))}${period.asked ? '' : L(lang, '(最近一个完整周期)', ' (the latest complete period)')}</span>
${links}</form>`;
}
const lastDay = (p: FloorPeriod) =>
  new Date(Date.parse(`${p.end}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

const share = (v: number | null) => (v === null ? '' : `${(100 * v).toFixed(1)}%`);
const shareInterval = (low: number | null, high: number | null) =>
  low === null || high === null ? '' : ` <small>[${share(low)}, ${share(high)}]</small>`;
const money = (v: number) => v.toLocaleString('zh-CN', { maximumFractionDigits: 0 });
/** `2026-11-20 19:30 UTC` from an ISO time. */
const minuteUtc = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

function waitingPanel(lang: Lang, w: FloorData['waiting']): string {
  const chart = {
    kind: 'band',
    label: 'NPS',
    bandLabel: L(lang, '95% 区间', '95% interval'),
    x: w.bins.map((b) => (b.toMin === null ? `${b.fromMin}+` : `${b.fromMin}–${b.toMin}`)),
    y: w.bins.map((b) => b.nps),
    low: w.bins.map((b) => b.npsLow),
    high: w.bins.map((b) => b.npsHigh),
    min: -100,
    max: 100,
  };
  const bins = w.bins.length
    ? `<div class="chart" data-chart="${esc(JSON.stringify(chart))}"></div>
<table class="data" id="wait-loyalty"><thead><tr><th>${L(lang, '等候(分钟)', 'Wait (min)')}</th><th>n</th><th>NPS</th><th>${L(lang, '推荐者占比', 'Promoter share')}</th></tr></thead><tbody>
${w.bins.map((b) => `<tr><td>${b.toMin === null ? `${b.fromMin}+` : `${b.fromMin}–${b.toMin}`}</td><td>${b.n}</td><td>${b.nps.toFixed(1)}${interval(b.npsLow, b.npsHigh, 1)}</td><td>${share(b.promoterShare)}${shareInterval(b.promoterLow, b.promoterHigh)}</td></tr>`).join('\n')}
</tbody></table>`
    : `<p>${nd(lang)}</p>`;
  const th = w.threshold;
  const threshold =
    th && th.verdict === 'drop' && th.minutes !== null
      ? L(
          lang,
          `忠诚度下降点:等候 <strong>${th.minutes.toFixed(1)} 分钟</strong>${interval(th.low, th.high, 1)} 及以上,推荐者占比从 ${share(th.before)} 降到 ${share(th.after)}(下降 ${share(th.drop)}${shareInterval(th.dropLow, th.dropHigh)},n=${th.n},${esc(th.from)} – ${esc(th.to)})。`,
          `Loyalty drops at a wait of <strong>${th.minutes.toFixed(1)} min</strong>${interval(th.low, th.high, 1)} or more: the promoter share falls from ${share(th.before)} to ${share(th.after)} (a drop of ${share(th.drop)}${shareInterval(th.dropLow, th.dropHigh)}, n=${th.n}, ${esc(th.from)} – ${esc(th.to)}).`,
        )
      : th && th.verdict === 'none'
        ? L(
            lang,
            `没有找到可确认的忠诚度下降点(下降的区间包含 0;n=${th.n})。`,
            `No wait at which loyalty clearly drops (the drop's interval includes 0; n=${th.n}).`,
          )
        : `${L(lang, '忠诚度下降点:', 'Wait at which loyalty drops: ')}${nd(lang, th?.n ?? 0)}`;
  const c = w.cost;
  const cost = c
    ? L(
        lang,
        `最慢的 10% 来访(等候 ≥ ${c.p90WaitMin.toFixed(1)} 分钟,${c.slowAnswers} 份答卷)中贬损者占 ${share(c.slowDetractorShare)},其余来访(${c.otherAnswers} 份)占 ${share(c.otherDetractorShare)}:多出 ${share(c.excess)}${shareInterval(c.excessLow, c.excessHigh)}。这些来访涉及 ${c.slowCustomers} 位有终身价值估计的客户,<strong>风险收入约 ¥${money(c.clvAtRisk)}</strong> <small>[¥${money(c.clvAtRiskLow)}, ¥${money(c.clvAtRiskHigh)}]</small>。`,
        `Of the slowest 10% of visits (wait ≥ ${c.p90WaitMin.toFixed(1)} min, ${c.slowAnswers} answers), ${share(c.slowDetractorShare)} were detractors, against ${share(c.otherDetractorShare)} of the others (${c.otherAnswers}): ${share(c.excess)}${shareInterval(c.excessLow, c.excessHigh)} more. They involve ${c.slowCustomers} customers with a lifetime-value estimate: <strong>about ¥${money(c.clvAtRisk)} of revenue at risk</strong> <small>[¥${money(c.clvAtRiskLow)}, ¥${money(c.clvAtRiskHigh)}]</small>.`,
      )
    : `${L(lang, '最慢 10% 来访的风险收入:', 'Revenue at risk from the slowest 10% of visits: ')}${nd(lang)}`;
  return `<h2 id="waiting">${L(lang, '等候的代价', 'What waiting costs')}</h2>
<p class="note">${L(
    lang,
    '按等候时长(每 5 分钟一段)看 NPS 和推荐者占比(全部有记录的来访,不限上面选的周期),方括号为 95% 区间,n 为有答卷的来访数。下降点是推荐者占比明显变低的等候时长:把大多数客户的等候控制在它以下。风险收入 = 最慢 10% 来访多出的贬损者比例 × 这些客户的终身价值。',
    'NPS and promoter share by wait (5-minute bins, every visit on record, not only the period chosen above); brackets are 95% intervals, n is answered visits. The drop point is the wait past which clearly fewer customers are promoters: keep most waits below it. Revenue at risk = the extra share of detractors among the slowest 10% of visits × those customers’ lifetime value.',
  )}${
    w.computedAt
      ? ` <small id="wait-computed-at">${L(lang, `计算于 ${minuteUtc(w.computedAt)}(每晚更新)`, `Computed ${minuteUtc(w.computedAt)} (nightly)`)}</small>`
      : ''
  }</p>
${bins}
<p id="wait-threshold">${threshold}</p>
<p id="wait-cost">${cost}</p>`;
}

function driversPanel(lang: Lang, d: FloorData['drivers']): string {
  const rows = d.dimensions
    .map(
      (
        x,
      ) => `<tr data-dimension="${esc(x.dimension)}"><td>${x.gainRank || ''}</td><td>${esc(dimensionName(x.dimension, lang))}</td>
<td>${x.share === null ? nd(lang) : `${share(x.share)}${shareInterval(x.shareLow, x.shareHigh)}`}</td>
<td>${x.slope === null ? '' : `${x.slope.toFixed(2)}${interval(x.slopeLow, x.slopeHigh, 2)}`}</td>
<td>${fixed(x.performance, 2)}</td><td>${fixed(x.target, 1)}</td><td>${fixed(x.expectedGain, 2)}</td></tr>`,
    )
    .join('\n');
  const s = d.softVsHard;
  const verdict = !s
    ? nd(lang)
    : s.answer === 'soft'
      ? L(lang, '软质量对推荐意愿的影响更大', 'Soft quality moves loyalty more')
      : s.answer === 'hard'
        ? L(lang, '硬质量(设施)对推荐意愿的影响更大', 'Hard quality (facilities) moves loyalty more')
        : s.answer === 'no difference'
          ? L(lang, '软硬质量的影响没有可确认的差别', 'No clear difference between soft and hard quality')
          : nd(lang);
  const softHard = s
    ? `<p id="soft-vs-hard">${L(lang, '软质量(态度、效率、业务能力、流程)', 'Soft quality (attitude, efficiency, performance, process)')} ${share(s.soft)}${shareInterval(s.softLow, s.softHigh)} · ${L(lang, '硬质量(设施)', 'hard quality (facilities)')} ${share(s.hard)}${shareInterval(s.hardLow, s.hardHigh)} · ${L(lang, '差值', 'difference')} ${share(s.difference)}${shareInterval(s.differenceLow, s.differenceHigh)} · R² ${share(s.r2)}${shareInterval(s.r2Low, s.r2High)} <small>n=${d.n}</small> → <strong>${verdict}</strong></p>`
    : `<p id="soft-vs-hard">${L(lang, '软质量与硬质量:', 'Soft vs hard quality: ')}${nd(lang, d.n)}</p>`;
  return `<h2 id="drivers">${L(lang, '什么在驱动推荐意愿', 'What drives loyalty')}</h2>
<p class="note">${L(
    lang,
    '相对权重:每个维度解释了推荐意愿(0–10 分)差异的多少,方括号为自助抽样的 95% 区间。斜率:该维度每高 1 分,推荐分约高多少。“预期提升”= 重要性 × 与目标的差距;排第 1 的维度最值得先改进。',
    'Relative weight: how much of the spread in the 0–10 recommendation each dimension explains; brackets are 95% bootstrap intervals. Slope: recommendation points per perception point. “Expected gain” = importance × distance to the target; the dimension ranked 1 is the one to improve first.',
  )}${d.from ? ` <small>${esc(d.from)} – ${esc(d.to)}, n=${d.n}</small>` : ''}</p>
<table class="data" id="key-drivers"><thead><tr><th>${L(lang, '优先', 'Priority')}</th><th>${L(lang, '维度', 'Dimension')}</th><th>${L(lang, '相对权重(占 R²)', 'Relative weight (share of R²)')}</th><th>${L(lang, '斜率', 'Slope')}</th><th>${L(lang, '表现(感知均值)', 'Performance (mean perception)')}</th><th>${L(lang, '目标', 'Target')}</th><th>${L(lang, '预期提升', 'Expected gain')}</th></tr></thead>
<tbody>${rows || `<tr><td colspan="7">${nd(lang, d.n)}</td></tr>`}</tbody></table>
${softHard}`;
}

export const SCORECARD_NOTE: [string, string] = [
  '各项得分已向全厅均值收缩(经验贝叶斯):答卷少的单位更靠近全厅,不会因偶然排在首位或末位。方括号为 95% 区间,n 为答卷数(等候、办理为来访数)。▲▼ 只在与上期相比的变化区间不含 0 时标出;每次比较约有 5% 的可能纯属偶然,连续出现的变化才值得辅导。',
  'Scores are pulled toward the branch mean (empirical Bayes): a unit with few answers sits near the branch and is neither first nor last by chance. Brackets are 95% intervals; n is answers (visits for wait and service). ▲▼ mark a change against the previous period only when its interval excludes 0; each comparison has a 5% chance of being luck, so coach on changes that repeat.',
];

export function renderFloor(ctx: RequestContext, d: FloorData): string {
  const { lang } = ctx;
  const id = encodeURIComponent(d.branch.branchId);
  const qs = `period=${d.period.kind}&start=${d.period.start}`;
  const links = `<a href="/branches/${id}/floor.csv?${qs}">${esc(t(lang, 'csv'))}</a> · <a href="/branches/${id}">${L(lang, '返回网点页', 'Back to the branch')}</a>`;
  const body = `${periodPicker(lang, `/branches/${id}/floor`, d.period, d.periods, links)}

<h2 id="windows">${L(lang, '窗口评分卡', 'Window scorecard')}</h2>
<p class="note">${L(lang, ...SCORECARD_NOTE)}</p>
${scorecardTable(lang, { id: 'window-scorecard', unitLabel: L(lang, '窗口', 'Window'), units: d.windows })}

<h2 id="staff">${L(lang, '员工评分卡', 'Staff scorecard')}</h2>
<p class="note">${L(
    lang,
    '员工以化名显示,只有本网点经理及以上和员工本人可见,同事之间互不可见。本期答卷少于 10 份的员工不单独列出(仍计入全厅均值)。NPS 排名只在列出的员工之间比较。',
    'Colleagues appear by pseudonym and are visible to the branch manager and above and to themselves, never to each other. A colleague with fewer than 10 answers in the period is not listed (but counts in the branch mean). The NPS rank compares the listed colleagues only.',
  )}</p>
${scorecardTable(lang, { id: 'staff-scorecard', unitLabel: L(lang, '员工(化名)', 'Colleague (pseudonym)'), units: d.staff })}

${waitingPanel(lang, d.waiting)}

${driversPanel(lang, d.drivers)}`;
  return page({
    lang,
    title: `${d.branch.name} · ${t(lang, 'floor')}`,
    account: ctx.account,
    csrf: ctx.session.csrf,
    path: ctx.path,
    body,
    scripts: ['/static/echarts.min.js', '/static/charts.js'],
  });
}

/** The period's scorecards, one line per unit and measure (windows, then colleagues). */
export function floorCsv(d: FloorData): string {
  const lines = (level: string, units: ScorecardUnit[]) =>
    units.flatMap((u) =>
      MEASURES.flatMap((m) => {
        const f = u.measures[m];
        return f
          ? [
              [
                d.branch.branchId,
                d.period.kind,
                d.period.start,
                level,
                u.unitId,
                m,
                f.n,
                f.raw,
                f.estimate,
                f.low,
                f.high,
                f.branchMean,
                f.shrinkWeight,
                f.previous,
                f.change,
                f.changeLow,
                f.changeHigh,
                f.changeSignificant ? 1 : 0,
                f.rank,
                f.units,
                u.visits,
                u.complaints,
              ],
            ]
          : [];
      }),
    );
  return csv(
    [
      'branch_id',
      'period_kind',
      'period_start',
      'level',
      'unit_id',
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
    ],
    [...lines('window', d.windows), ...lines('staff', d.staff)],
  );
}
