// Branch: NPS trend with its interval band, CSAT/CES, quality by dimension and item (expectation vs
// perception, SERVQUAL gap), standards in force (override form), improvement loops, complaints with
// their SLA and regulator clocks, revenue at risk and the CLV distribution, recent comments.
// Every query names the branch and carries the request's scope condition.
import {
  addMoments,
  type MeanSummary,
  type Moments,
  meanFromMoments,
  NPS_MIN_N,
  npsFromCounts,
  wilson,
} from '@servloop/metrics';
import type { RequestContext } from '../app.ts';
import { NotFound } from '../app.ts';
import { dateLit, lit } from '../db.ts';
import { csv, esc, figure, page, writeNotices } from '../html.ts';
import { DIMENSION_IDS, dimensionName, itemName, type Lang } from '../i18n.ts';
import type { PendingWrite } from '../pending.ts';
import { lastDaysOf, PERIOD_DAYS, type Period, periodOf } from '../period.ts';

type Num = string | number | null;
const num = (v: Num | undefined) => (v === null || v === undefined ? null : Number(v));
const int = (v: Num | undefined) => Number(v ?? 0);

export interface QualityCell {
  expectation: MeanSummary;
  perception: MeanSummary;
  gap: MeanSummary;
}

export interface BranchData {
  branch: { branchId: string; name: string; region: string; timezone: string };
  period: Period;
  nps: {
    total: { n: number; score: number | null; low: number; high: number };
    days: { date: string; n: number; score: number | null; low: number; high: number }[];
  };
  csat: {
    n: number;
    mean: number | null;
    topShare: number | null;
    topLow: number | null;
    topHigh: number | null;
  };
  ces: {
    n: number;
    mean: number | null;
    topShare: number | null;
    topLow: number | null;
    topHigh: number | null;
  };
  dimensions: ({ dimension: string; qualityType: string } & QualityCell)[];
  items: ({ itemId: string; dimension: string } & QualityCell)[];
  standards: {
    dimension: string;
    target: number;
    source: string;
    via: string;
    changedBy: string;
    reason: string;
    since: string;
  }[];
  loops: {
    loopId: string;
    dimension: string;
    step: number;
    status: string;
    iteration: number;
    target: number;
    measured: number | null;
    measuredN: number;
    openedAt: string;
    dueAt: string;
    actions: { kind: string; owner: string; dueAt: number; doneAt: number | null; doneBy: string }[];
  }[];
  complaints: {
    complaintId: string;
    status: string;
    category: string;
    severity: string;
    filedAt: string;
    ackInTime: number | null;
    resolvedInTime: number | null;
    followedUpInTime: number | null;
    clockDueAt: string | null;
    clockBreached: boolean | null;
    hoursToDue: number | null;
  }[];
  revenue: {
    customers: number;
    detractors: number;
    totalClv: number;
    clvAtRisk: number;
    shareAtRisk: number;
  } | null;
  clv: { n: number; quantiles: number[] | null; mean: number | null };
  comments: {
    responseId: string;
    at: string;
    nps: number | null;
    comment: string;
    sentiment: string;
    topics: string[];
    needsResponse: boolean;
  }[];
  pending: PendingWrite[];
}

const zeroMoments = (): Moments => ({ n: 0, sum: 0, sumsq: 0 });
/** Recent comments on the page. */
const COMMENTS = 20;

export async function branchData(ctx: RequestContext, branchId: string, query: unknown): Promise<BranchData> {
  const { db, scope } = ctx;
  const period = periodOf(query, ctx.now);
  const b = lit(branchId);
  const mine = `branch_id = ${b} AND ${scope.where()}`;
  const when = `local_date BETWEEN ${dateLit(period.from)} AND ${dateLit(period.to)}`;
  const [branch] = await db.rows<{ branch_id: string; name: string; region: string; timezone: string }>(
    `SELECT branch_id, name, region, timezone FROM branches_v1 FINAL WHERE ${mine}`,
  );
  if (!branch) throw new NotFound();
  const npsDaysQ = db.rows<{ d: string; n: Num; promoters: Num; passives: Num; detractors: Num }>(
    `SELECT toString(local_date) AS d, n, promoters, passives, detractors FROM nps_daily_v1 FINAL
     WHERE ${mine} AND ${when} ORDER BY local_date`,
  );
  const satQ = db.rows<Record<string, Num>>(
    `SELECT sum(n_csat) AS csat_n, sum(csat_mean * n_csat) AS csat_sum, sum(round(csat_top_share * n_csat)) AS csat_top,
            sum(n_ces) AS ces_n, sum(ces_mean * n_ces) AS ces_sum, sum(round(ces_top_share * n_ces)) AS ces_top
     FROM satisfaction_daily_v1 FINAL WHERE ${mine} AND ${when}`,
  );
  const qualityQ = db.rows<
    Record<string, Num> & { quality_type: string; dimension: string; item_id: string }
  >(
    `SELECT quality_type, dimension, item_id,
            sum(n_expectation) AS ne, sum(sum_expectation) AS se, sum(sumsq_expectation) AS sse,
            sum(n_perception) AS np, sum(sum_perception) AS sp, sum(sumsq_perception) AS ssp,
            sum(n_gap) AS ng, sum(sum_gap) AS sg, sum(sumsq_gap) AS ssg
     FROM quality_items_daily_v1 WHERE ${mine} AND ${when}
     GROUP BY quality_type, dimension, item_id ORDER BY dimension, item_id`,
  );
  const standardsQ = db.rows<
    Record<string, Num> & {
      dimension: string;
      standard_source: string;
      via: string;
      changed_by: string;
      reason: string;
      since: string;
    }
  >(
    `SELECT dimension, target, standard_source, via, changed_by, reason, toString(since) AS since
     FROM standards_in_force_v1 FINAL WHERE ${mine} ORDER BY dimension`,
  );
  const loopsQ = db.rows<
    Record<string, Num> & {
      loop_id: string;
      dimension: string;
      status: string;
      state: string;
      opened_at: string;
      due_at: string;
    }
  >(
    `SELECT loop_id, dimension, step, status, iteration, target, measured, measured_n, state,
            toString(opened_at) AS opened_at, toString(due_at) AS due_at
     FROM improvement_loops_v1 FINAL WHERE ${mine}
     ORDER BY loop_id, version DESC LIMIT 1 BY loop_id`,
  );
  const complaintsQ = db.rows<
    Record<string, Num> & {
      complaint_id: string;
      current_status: string;
      category: string;
      severity: string;
      filed_at: string;
      clock_due: string | null;
      breached: Num;
    }
  >(
    `SELECT s.complaint_id AS complaint_id, s.current_status AS current_status, s.category AS category, s.severity AS severity,
            toString(s.filed_at) AS filed_at, s.acknowledged_in_time AS ack, s.resolved_in_time AS res, s.followed_up_in_time AS fol,
            c.complaint_id != '' AS has_clock, c.due AS clock_due, c.breached AS breached, c.hours AS hours
     FROM complaint_sla AS s
     LEFT JOIN (SELECT complaint_id, toString(min(due_at)) AS due, max(breached) AS breached, min(hours_to_due) AS hours
                FROM complaint_clock WHERE ${mine} GROUP BY complaint_id) AS c ON c.complaint_id = s.complaint_id
     WHERE s.branch_id = ${b} AND ${scope.where('s.branch_id')}
     ORDER BY s.filed_at DESC LIMIT 50`,
  );
  // The branch's current customers: their latest CLV fit is here (as revenue_at_risk counts them).
  const currentCustomers = `SELECT customer_key, argMax(branch_id, fitted_at) AS at_branch, argMax(clv, fitted_at) AS clv
       FROM clv_estimates_v1 FINAL
       WHERE customer_key IN (SELECT customer_key FROM clv_estimates_v1 WHERE ${mine})
       GROUP BY customer_key HAVING at_branch = ${b}`;
  // revenue_at_risk (migration 0054) for one branch, without regrouping every customer: its
  // current customers and only their latest NPS category.
  const revenueQ = db.rows<Record<string, Num>>(
    `WITH current AS (${currentCustomers}), latest AS (
       SELECT customer_key, argMaxMerge(latest) AS category FROM customer_latest_nps_v1
       WHERE customer_key IN (SELECT customer_key FROM current) GROUP BY customer_key
     )
     SELECT count() AS customers, countIf(n.category = 'detractor') AS detractors,
            round(sum(c.clv), 2) AS total_clv, round(sumIf(c.clv, n.category = 'detractor'), 2) AS clv_at_risk,
            round(if(sum(c.clv) > 0, sumIf(c.clv, n.category = 'detractor') / sum(c.clv), 0), 4) AS share_at_risk
     FROM current AS c LEFT JOIN latest AS n ON n.customer_key = c.customer_key
     HAVING customers > 0`,
  );
  const clvQ = db.rows<{ n: Num; mean: Num; q: number[] }>(
    `SELECT count() AS n, avg(clv) AS mean, quantiles(0.1, 0.25, 0.5, 0.75, 0.9)(clv) AS q FROM (${currentCustomers})`,
  );
  type CommentRow = {
    response_id: string;
    at: string;
    nps: Num;
    comment: string;
    sentiment: string | null;
    topics: string[] | null;
    needs: Num;
  };
  const commentsIn = (days: string) =>
    db.rows<CommentRow>(
      `SELECT s.response_id AS response_id, toString(s.occurred_at) AS at, s.nps AS nps, s.comment AS comment,
            a.sentiment AS sentiment, a.topics AS topics, a.needs_response AS needs
     FROM (SELECT event_id, response_id, occurred_at, nps, comment FROM recent_comments_v1
           WHERE ${mine} AND ${days} ORDER BY occurred_at DESC, received_at DESC LIMIT 1 BY response_id LIMIT ${COMMENTS}) AS s
     LEFT JOIN (SELECT event_id, argMax(sentiment, analyser_version) AS sentiment, argMax(topics, analyser_version) AS topics,
                       max(needs_response) AS needs_response
                FROM comment_analysis_v1
                WHERE ${mine} AND ${days} AND source IN ('survey', 'questionnaire')
                  AND event_id IN (SELECT event_id FROM recent_comments_v1 WHERE ${mine} AND ${days}
                                   ORDER BY occurred_at DESC LIMIT 100)
                GROUP BY event_id) AS a
       ON a.event_id = s.event_id
     ORDER BY s.occurred_at DESC`,
    );
  // The newest comments of a long period are almost always in its last 30 days: read those first
  // (a year of comments took three times as long), and the whole period only when they are fewer
  // than the page shows. Same rows either way: a response's versions share its day, so ${COMMENTS}
  // responses found in the last days are the newest of the period.
  const last30 = lastDaysOf(period, 30);
  const recent = `local_date BETWEEN ${dateLit(last30.from)} AND ${dateLit(last30.to)}`;
  const commentsQ = commentsIn(recent).then((rows) =>
    rows.length >= COMMENTS || last30 === period ? rows : commentsIn(when),
  );

  // The page's queries run side by side (the console's gate lets two at a time).
  const [npsDays, [sat], quality, standards, loops, complaints, [revenue], [clv], comments] =
    await Promise.all([npsDaysQ, satQ, qualityQ, standardsQ, loopsQ, complaintsQ, revenueQ, clvQ, commentsQ]);
  const totals = npsDays.reduce(
    (a, d) => ({
      promoters: a.promoters + int(d.promoters),
      passives: a.passives + int(d.passives),
      detractors: a.detractors + int(d.detractors),
    }),
    { promoters: 0, passives: 0, detractors: 0 },
  );
  const total = npsFromCounts(totals);
  const cell = (rows: typeof quality): QualityCell => {
    const m = { e: zeroMoments(), p: zeroMoments(), g: zeroMoments() };
    for (const r of rows) {
      m.e = addMoments(m.e, { n: int(r.ne), sum: int(r.se), sumsq: int(r.sse) });
      m.p = addMoments(m.p, { n: int(r.np), sum: int(r.sp), sumsq: int(r.ssp) });
      m.g = addMoments(m.g, { n: int(r.ng), sum: int(r.sg), sumsq: int(r.ssg) });
    }
    return { expectation: meanFromMoments(m.e), perception: meanFromMoments(m.p), gap: meanFromMoments(m.g) };
  };
  const scale = (n: number, sum: number, top: number) => {
    const ci = wilson(top, n);
    return {
      n,
      mean: n ? sum / n : null,
      topShare: n ? top / n : null,
      topLow: ci?.[0] ?? null,
      topHigh: ci?.[1] ?? null,
    };
  };
  const dims = DIMENSION_IDS.map((dimension) => {
    const rows = quality.filter((q) => q.dimension === dimension);
    return {
      dimension,
      qualityType: rows[0]?.quality_type ?? (dimension === 'facilities' ? 'hard' : 'soft'),
      ...cell(rows),
    };
  });
  return {
    branch: {
      branchId: branch.branch_id,
      name: branch.name,
      region: branch.region,
      timezone: branch.timezone,
    },
    period,
    nps: {
      total: { n: total.n, score: total.score, low: total.ci95[0], high: total.ci95[1] },
      days: npsDays.map((d) => {
        const s = npsFromCounts({
          promoters: int(d.promoters),
          passives: int(d.passives),
          detractors: int(d.detractors),
        });
        return { date: d.d, n: s.n, score: s.score, low: s.ci95[0], high: s.ci95[1] };
      }),
    },
    csat: scale(int(sat?.csat_n), Number(sat?.csat_sum ?? 0), int(sat?.csat_top)),
    ces: scale(int(sat?.ces_n), Number(sat?.ces_sum ?? 0), int(sat?.ces_top)),
    dimensions: dims,
    items: quality.map((q) => ({ itemId: q.item_id, dimension: q.dimension, ...cell([q]) })),
    standards: standards.map((s) => ({
      dimension: s.dimension,
      target: Number(s.target),
      source: s.standard_source,
      via: s.via,
      changedBy: s.changed_by,
      reason: s.reason,
      since: s.since,
    })),
    loops: loops.map((l) => {
      return {
        loopId: l.loop_id,
        dimension: l.dimension,
        step: int(l.step),
        status: l.status,
        iteration: int(l.iteration),
        target: Number(l.target),
        measured: num(l.measured),
        measuredN: int(l.measured_n),
        openedAt: l.opened_at,
        dueAt: l.due_at,
        actions: loopActions(l.state),
      };
    }),
    complaints: complaints.map((c) => ({
      complaintId: c.complaint_id,
      status: c.current_status,
      category: c.category,
      severity: c.severity,
      filedAt: c.filed_at,
      ackInTime: num(c.ack),
      resolvedInTime: num(c.res),
      followedUpInTime: num(c.fol),
      clockDueAt: Number(c.has_clock) ? c.clock_due : null,
      clockBreached: Number(c.has_clock) ? Boolean(Number(c.breached)) : null,
      hoursToDue: Number(c.has_clock) ? num(c.hours) : null,
    })),
    revenue: revenue
      ? {
          customers: int(revenue.customers),
          detractors: int(revenue.detractors),
          totalClv: Number(revenue.total_clv),
          clvAtRisk: Number(revenue.clv_at_risk),
          shareAtRisk: Number(revenue.share_at_risk),
        }
      : null,
    clv: {
      n: int(clv?.n),
      mean: int(clv?.n) ? num(clv?.mean) : null,
      quantiles: int(clv?.n) ? (clv?.q ?? null) : null,
    },
    comments: comments.map((c) => ({
      responseId: c.response_id,
      at: c.at,
      nps: num(c.nps),
      comment: c.comment,
      sentiment: c.sentiment ?? '',
      topics: c.topics ?? [],
      needsResponse: Number(c.needs ?? 0) === 1,
    })),
    pending: [],
  };
}

export type LoopAction = BranchData['loops'][number]['actions'][number];

/** The actions (owner, due, done) in a loop version's state JSON (the worker's LoopState). */
export function loopActions(stateJson: string): LoopAction[] {
  const state = safeJson(stateJson) as { actions?: LoopAction[] };
  return (state.actions ?? []).map((a) => ({
    kind: a.kind,
    owner: a.owner,
    dueAt: a.dueAt,
    doneAt: a.doneAt,
    doneBy: a.doneBy,
  }));
}

function safeJson(s: string): Record<string, unknown> {
  try {
    return JSON.parse(s) as Record<string, unknown>;
  } catch {
    return {};
  }
}

const L = (lang: Lang, zh: string, en: string) => (lang === 'zh' ? zh : en);
const pct = (v: number | null) => (v === null ? null : 100 * v);
const meanFig = (m: MeanSummary, lang: Lang) =>
  figure({ value: m.mean, low: m.ci95?.[0], high: m.ci95?.[1], n: m.n }, lang, 2);
const inTime = (v: number | null, lang: Lang) =>
  v === null
    ? L(lang, '进行中', 'pending')
    : v
      ? L(lang, '按时', 'in time')
      : `<span class="overdue">${L(lang, '超时', 'late')}</span>`;
const day = (ms: number | null) => (ms ? new Date(ms).toISOString().slice(0, 10) : '');
export const STEP_NAMES: Record<number, [string, string]> = {
  1: ['了解客户期望', 'Understand expectations'],
  2: ['优化服务标准', 'Optimise standards'],
  3: ['按标准执行', 'Execute to standard'],
  4: ['创新与兑现承诺', 'Innovate, keep promises'],
  5: ['良性循环', 'Virtuous cycle'],
};
export const ACTION_NAMES: Record<string, [string, string]> = {
  supervision: ['督导', 'Supervision'],
  training: ['培训', 'Training'],
  drill: ['演练', 'Drill'],
  innovation: ['创新', 'Innovation'],
};
export const STATUS_NAMES: Record<string, [string, string]> = {
  open: ['进行中', 'open'],
  closed: ['已关闭', 'closed'],
  escalated: ['已升级', 'escalated'],
};
const name = (table: Record<string, [string, string]>, key: string | number, lang: Lang) =>
  table[key]?.[lang === 'zh' ? 0 : 1] ?? String(key);
export { name as label };

export function renderBranch(ctx: RequestContext, d: BranchData, saved: boolean): string {
  const { lang } = ctx;
  const id = encodeURIComponent(d.branch.branchId);
  const npsChart = {
    kind: 'band',
    label: 'NPS',
    bandLabel: L(lang, '95% 区间', '95% interval'),
    x: d.nps.days.map((x) => x.date),
    y: d.nps.days.map((x) => (x.score === null ? null : Number(x.score.toFixed(1)))),
    low: d.nps.days.map((x) => (x.n ? Number(x.low.toFixed(1)) : null)),
    high: d.nps.days.map((x) => (x.n ? Number(x.high.toFixed(1)) : null)),
    min: -100,
    max: 100,
  };
  const qualityChart = {
    kind: 'bars',
    x: d.dimensions.map((x) => dimensionName(x.dimension, lang)),
    series: [
      {
        name: L(lang, '期望', 'Expectation'),
        data: d.dimensions.map((x) =>
          x.expectation.mean === null ? null : Number(x.expectation.mean.toFixed(2)),
        ),
      },
      {
        name: L(lang, '感知', 'Perception'),
        data: d.dimensions.map((x) =>
          x.perception.mean === null ? null : Number(x.perception.mean.toFixed(2)),
        ),
      },
    ],
    min: 1,
    max: 5,
  };
  const dayOptions = PERIOD_DAYS.map(
    (x) =>
      `<option value="${x}"${x === d.period.days ? ' selected' : ''}>${x} ${L(lang, '天', 'days')}</option>`,
  ).join('');
  const qualityRow = (label: string, c: QualityCell) =>
    `<td>${label}</td><td>${meanFig(c.expectation, lang)}</td><td>${meanFig(c.perception, lang)}</td><td>${meanFig(c.gap, lang)}</td>`;
  const body = `${writeNotices(lang, saved, d.pending)}
<form method="get" class="filters"><label>${L(lang, '期间', 'Period')} <select name="days">${dayOptions}</select></label><button>${L(lang, '筛选', 'Apply')}</button>
<span>${esc(d.period.from)} – ${esc(d.period.to)} · ${esc(d.branch.region)}</span>
<a href="/branches/${id}/nps.csv?days=${d.period.days}">${L(lang, '下载每日 NPS CSV', 'Daily NPS as CSV')}</a>
<a href="/branches/${id}/floor" id="floor-link">${L(lang, '现场:窗口与员工评分卡、等候、驱动因素', 'Floor: window and staff scorecards, waiting, drivers')}</a></form>

<h2 id="nps">${L(lang, '净推荐值 NPS', 'NPS')}</h2>
<p>${L(lang, '期间合计', 'Period')}: ${figure({ value: d.nps.total.score, low: d.nps.total.low, high: d.nps.total.high, n: d.nps.total.n }, lang, NPS_MIN_N)}</p>
${d.nps.days.length ? `<div class="chart" data-chart="${esc(JSON.stringify(npsChart))}"></div>` : `<p class="nd">${L(lang, '数据不足', 'not enough data')}</p>`}

<h2 id="satisfaction">${L(lang, '满意度 CSAT 与费力度 CES', 'CSAT and CES')}</h2>
<table class="data"><thead><tr><th></th><th>${L(lang, '均值', 'Mean')}</th><th>${L(lang, '高分占比与 95% 区间', 'Top-box share, 95% interval')}</th></tr></thead><tbody>
<tr><td>CSAT (1–5)</td><td>${figure({ value: d.csat.mean, n: d.csat.n }, lang)}</td><td>${figure({ value: pct(d.csat.topShare), low: pct(d.csat.topLow), high: pct(d.csat.topHigh), n: d.csat.n }, lang, 1, '%')}</td></tr>
<tr><td>CES (1–7)</td><td>${figure({ value: d.ces.mean, n: d.ces.n }, lang)}</td><td>${figure({ value: pct(d.ces.topShare), low: pct(d.ces.topLow), high: pct(d.ces.topHigh), n: d.ces.n }, lang, 1, '%')}</td></tr>
</tbody></table>

<h2 id="quality">${L(lang, '服务质量:期望、感知与差距(SERVQUAL)', 'Quality: expectation, perception and SERVQUAL gap')}</h2>
<div class="chart" data-chart="${esc(JSON.stringify(qualityChart))}"></div>
<table class="data" id="dimensions"><thead><tr><th>${L(lang, '维度', 'Dimension')}</th><th>${L(lang, '期望', 'Expectation')}</th><th>${L(lang, '感知', 'Perception')}</th><th>${L(lang, '差距 P−E', 'Gap P−E')}</th></tr></thead><tbody>
${d.dimensions.map((x) => `<tr>${qualityRow(`${esc(dimensionName(x.dimension, lang))} <small>${x.qualityType === 'hard' ? L(lang, '硬质量', 'hard') : L(lang, '软质量', 'soft')}</small>`, x)}</tr>`).join('\n')}
</tbody></table>
<details><summary>${L(lang, '按题目', 'By item')}</summary>
<table class="data" id="items"><thead><tr><th>${L(lang, '题目', 'Item')}</th><th>${L(lang, '期望', 'Expectation')}</th><th>${L(lang, '感知', 'Perception')}</th><th>${L(lang, '差距 P−E', 'Gap P−E')}</th></tr></thead><tbody>
${d.items.map((x) => `<tr>${qualityRow(`${esc(itemName(x.itemId, lang))} <small>${esc(dimensionName(x.dimension, lang))}</small>`, x)}</tr>`).join('\n')}
</tbody></table></details>

<h2 id="standards">${L(lang, '服务标准', 'Standards in force')}</h2>
<table class="data"><thead><tr><th>${L(lang, '维度', 'Dimension')}</th><th>${L(lang, '目标(感知均值)', 'Target (mean perception)')}</th><th>${L(lang, '来源', 'Source')}</th><th>${L(lang, '原因', 'Reason')}</th></tr></thead><tbody>
${d.standards.map((s) => `<tr><td>${esc(dimensionName(s.dimension, lang))}</td><td>${s.target.toFixed(2)}</td><td>${esc(s.source)} ${esc(s.via)} <small>${esc(s.changedBy)} ${esc(s.since.slice(0, 16))}</small></td><td>${esc(s.reason)}</td></tr>`).join('\n') || `<tr><td colspan="4" class="nd">${L(lang, '尚未评估', 'not evaluated yet')}</td></tr>`}
</tbody></table>
<form method="post" action="/branches/${id}/standards" class="write" id="override">
<input type="hidden" name="_csrf" value="${esc(ctx.session.csrf)}">
<label>${L(lang, '维度', 'Dimension')} <select name="dimension">${DIMENSION_IDS.map((x) => `<option value="${x}">${esc(dimensionName(x, lang))}</option>`).join('')}</select></label>
<label>${L(lang, '目标 1–5', 'Target 1–5')} <input name="target" inputmode="decimal" size="4"></label>
<label>${L(lang, '原因', 'Reason')} <input name="reason" size="40" maxlength="2000"></label>
<button>${L(lang, '覆盖标准', 'Override standard')}</button></form>

<h2 id="loops">${L(lang, '改进循环', 'Improvement loops')}</h2>
<table class="data"><thead><tr><th>${L(lang, '循环', 'Loop')}</th><th>${L(lang, '维度', 'Dimension')}</th><th>${L(lang, '步骤', 'Step')}</th><th>${L(lang, '状态', 'Status')}</th><th>${L(lang, '实测 vs 目标', 'Measured vs target')}</th><th>${L(lang, '措施(负责人,截止)', 'Actions (owner, due)')}</th><th>${L(lang, '复测日', 'Review')}</th></tr></thead><tbody>
${d.loops.map((l) => `<tr><td><a href="/branches/${id}/loops/${encodeURIComponent(l.loopId)}">${esc(l.loopId)}</a></td><td>${esc(dimensionName(l.dimension, lang))}</td><td>${l.step} ${esc(name(STEP_NAMES, l.step, lang))}</td><td>${esc(name(STATUS_NAMES, l.status, lang))}${l.iteration > 1 ? ` <small>#${l.iteration}</small>` : ''}</td><td>${figure({ value: l.measured, n: l.measuredN }, lang)} / ${l.target.toFixed(2)}</td><td>${l.actions.map((a) => `${esc(name(ACTION_NAMES, a.kind, lang))} (${esc(a.owner)}, ${day(a.dueAt)}${a.doneAt ? ` ✓ ${day(a.doneAt)}` : a.dueAt < ctx.now ? ` <span class="overdue">${L(lang, '逾期', 'overdue')}</span>` : ''})`).join('<br>')}</td><td>${esc(l.dueAt.slice(0, 10))}</td></tr>`).join('\n') || `<tr><td colspan="7">${L(lang, '没有改进循环', 'No improvement loops')}</td></tr>`}
</tbody></table>

<h2 id="complaints">${L(lang, '投诉与时限', 'Complaints and their SLA clocks')}</h2>
<table class="data"><thead><tr><th>${L(lang, '投诉', 'Complaint')}</th><th>${L(lang, '状态', 'Status')}</th><th>${L(lang, '类别/严重度', 'Category / severity')}</th><th>${L(lang, '受理', 'Acknowledged')}</th><th>${L(lang, '解决', 'Resolved')}</th><th>${L(lang, '回访', 'Followed up')}</th><th>${L(lang, '监管时限', 'Regulator clock')}</th></tr></thead><tbody>
${d.complaints.map((c) => `<tr><td>${esc(c.complaintId)} <small>${esc(c.filedAt.slice(0, 16))}</small></td><td>${esc(c.status)}</td><td>${esc(c.category)} / ${esc(c.severity)}</td><td>${inTime(c.ackInTime, lang)}</td><td>${inTime(c.resolvedInTime, lang)}</td><td>${inTime(c.followedUpInTime, lang)}</td><td>${c.clockDueAt ? `${esc(c.clockDueAt.slice(0, 16))}${c.clockBreached ? ` <span class="overdue">${L(lang, '已超时', 'breached')}</span>` : c.hoursToDue !== null ? ` <small>${c.hoursToDue.toFixed(1)} h</small>` : ''}` : '–'}</td></tr>`).join('\n') || `<tr><td colspan="7">${L(lang, '没有投诉', 'No complaints')}</td></tr>`}
</tbody></table>

<h2 id="revenue">${L(lang, '风险收入与客户终身价值', 'Revenue at risk and customer lifetime value')}</h2>
${d.revenue ? `<p>${L(lang, '贬损者持有的 CLV', 'CLV held by detractors')}: ¥${d.revenue.clvAtRisk.toFixed(1)} / ¥${d.revenue.totalClv.toFixed(1)} (${(100 * d.revenue.shareAtRisk).toFixed(1)}%) · ${L(lang, '贬损者', 'detractors')} ${d.revenue.detractors} / ${L(lang, '客户', 'customers')} n=${d.revenue.customers} <small>${L(lang, 'CLV 为模型估计(BG/NBD + Gamma-Gamma)', 'CLV is a model estimate (BG/NBD + Gamma-Gamma)')}</small></p>` : `<p class="nd">${L(lang, '数据不足', 'not enough data')}</p>`}
${d.clv.quantiles ? `<p>CLV ${L(lang, '分布', 'distribution')} (n=${d.clv.n}): P10 ¥${d.clv.quantiles[0]!.toFixed(1)} · P25 ¥${d.clv.quantiles[1]!.toFixed(1)} · ${L(lang, '中位数', 'median')} ¥${d.clv.quantiles[2]!.toFixed(1)} · P75 ¥${d.clv.quantiles[3]!.toFixed(1)} · P90 ¥${d.clv.quantiles[4]!.toFixed(1)} · ${L(lang, '均值', 'mean')} ¥${(d.clv.mean ?? 0).toFixed(1)}</p>` : ''}

<h2 id="comments">${L(lang, '最近评论', 'Recent comments')}</h2>
<table class="data"><tbody>
${d.comments.map((c) => `<tr><td><small>${esc(c.at.slice(0, 16))}</small></td><td>${c.nps === null ? '' : `NPS ${c.nps}`}</td><td>${esc(c.comment)}</td><td><small>${esc(c.sentiment)} ${c.topics.map((x) => esc(dimensionName(x, lang))).join(' ')}${c.needsResponse ? ` <span class="overdue">${L(lang, '需回应', 'needs response')}</span>` : ''}</small></td></tr>`).join('\n') || `<tr><td>${L(lang, '没有评论', 'No comments')}</td></tr>`}
</tbody></table>`;
  return page({
    lang,
    title: `${d.branch.name} ${d.branch.branchId}`,
    account: ctx.account,
    csrf: ctx.session.csrf,
    path: ctx.path,
    body,
    scripts: ['/static/echarts.min.js', '/static/charts.js'],
  });
}

export function branchNpsCsv(d: BranchData): string {
  return csv(
    ['branch_id', 'local_date', 'n', 'nps', 'ci_low', 'ci_high'],
    d.nps.days.map((x) => [
      d.branch.branchId,
      x.date,
      x.n,
      x.score?.toFixed(1),
      x.low.toFixed(1),
      x.high.toFixed(1),
    ]),
  );
}
