// Network: branches ranked by NPS shrunk toward the network (packages/metrics rankByShrunkNps),
// each with its own NPS and 95% interval, soft and hard quality (mean perception with interval),
// open improvement loops and complaints past their SLA. Reads nps_daily_v1, quality_items_daily_v1,
// improvement_loops_current and complaint_sla, all filtered by the request's scope in SQL.
import {
  type MeanSummary,
  meanFromMoments,
  NPS_MIN_N,
  type RankedNps,
  rankByShrunkNps,
} from '@servloop/metrics';
import type { RequestContext } from '../app.ts';
import { dateLit, lit } from '../db.ts';
import { csv, esc, figure, page } from '../html.ts';
import { type Lang, t } from '../i18n.ts';
import { PERIOD_DAYS, type Period, periodOf } from '../period.ts';

export interface NetworkRow {
  branchId: string;
  name: string;
  region: string;
  rank: number;
  nps: { n: number; score: number | null; low: number; high: number; enough: boolean };
  shrunk: { score: number | null; low: number | null; high: number | null; weightOnNetwork: number };
  soft: MeanSummary;
  hard: MeanSummary;
  openLoops: number;
  complaintsPastSla: number;
}

export interface NetworkData {
  period: Period;
  region: string | null;
  regions: string[];
  networkMean: number | null;
  rows: NetworkRow[];
}

const SORTS = ['rank', 'nps', 'n', 'soft', 'hard', 'loops', 'sla'] as const;
type Sort = (typeof SORTS)[number];

export async function networkData(ctx: RequestContext, query: unknown): Promise<NetworkData> {
  const period = periodOf(query, ctx.now);
  const { db, scope } = ctx;
  const branches = await db.rows<{ branch_id: string; name: string; region: string }>(
    `SELECT branch_id, name, region FROM branches_v1 FINAL WHERE ${scope.where()} ORDER BY branch_id`,
  );
  const regions = [...new Set(branches.map((b) => b.region))].sort();
  const askedRegion = (query as { region?: string }).region;
  const region = askedRegion && regions.includes(askedRegion) ? askedRegion : null;
  const shown = branches.filter((b) => !region || b.region === region);
  const inShown = shown.length ? `branch_id IN (${shown.map((b) => lit(b.branch_id)).join(', ')})` : '0';
  const when = `local_date BETWEEN ${dateLit(period.from)} AND ${dateLit(period.to)}`;
  const [nps, quality, loops, sla] = await Promise.all([
    db.rows<{ branch_id: string; promoters: string; passives: string; detractors: string }>(
      `SELECT branch_id, sum(promoters) AS promoters, sum(passives) AS passives, sum(detractors) AS detractors
       FROM nps_daily_v1 FINAL WHERE ${scope.where()} AND ${inShown} AND ${when} GROUP BY branch_id`,
    ),
    db.rows<{ branch_id: string; quality_type: string; n: string; s: number; ss: number }>(
      `SELECT branch_id, quality_type, sum(n_perception) AS n, sum(sum_perception) AS s, sum(sumsq_perception) AS ss
       FROM quality_items_daily_v1 WHERE ${scope.where()} AND ${inShown} AND ${when} GROUP BY branch_id, quality_type`,
    ),
    db.rows<{ branch_id: string; open: string }>(
      `SELECT branch_id, count() AS open FROM improvement_loops_current
       WHERE ${scope.where()} AND ${inShown} AND status != 'closed' GROUP BY branch_id`,
    ),
    db.rows<{ branch_id: string; late: string }>(
      `SELECT branch_id, countIf(acknowledged_in_time = 0 OR resolved_in_time = 0 OR followed_up_in_time = 0) AS late
       FROM complaint_sla WHERE ${scope.where()} AND ${inShown} GROUP BY branch_id`,
    ),
  ]);
  const npsBy = new Map(nps.map((r) => [r.branch_id, r]));
  const count = (v: string | undefined) => Number(v ?? 0);
  const ranked = rankByShrunkNps(
    shown.map((b) => {
      const r = npsBy.get(b.branch_id);
      return {
        unit: b,
        promoters: count(r?.promoters),
        passives: count(r?.passives),
        detractors: count(r?.detractors),
      };
    }),
  );
  const q = (branchId: string, type: string) => {
    const r = quality.find((x) => x.branch_id === branchId && x.quality_type === type);
    return meanFromMoments({ n: count(r?.n), sum: Number(r?.s ?? 0), sumsq: Number(r?.ss ?? 0) });
  };
  const toRow = (r: RankedNps<(typeof shown)[number]>, i: number): NetworkRow => ({
    branchId: r.unit.branch_id,
    name: r.unit.name,
    region: r.unit.region,
    rank: i + 1,
    nps: {
      n: r.nps.n,
      score: r.nps.score,
      low: r.nps.ci95[0],
      high: r.nps.ci95[1],
      enough: r.nps.n >= NPS_MIN_N,
    },
    shrunk: {
      score: r.shrunk.shrunk,
      low: r.shrunk.ci95?.[0] ?? null,
      high: r.shrunk.ci95?.[1] ?? null,
      weightOnNetwork: r.shrunk.weightOnNetwork,
    },
    soft: q(r.unit.branch_id, 'soft'),
    hard: q(r.unit.branch_id, 'hard'),
    openLoops: count(loops.find((l) => l.branch_id === r.unit.branch_id)?.open),
    complaintsPastSla: count(sla.find((l) => l.branch_id === r.unit.branch_id)?.late),
  });
  return { period, region, regions, networkMean: ranked.mean, rows: ranked.ranked.map(toRow) };
}

function sortRows(rows: NetworkRow[], sort: Sort): NetworkRow[] {
  const key: Record<Sort, (r: NetworkRow) => number> = {
    rank: (r) => -r.rank,
    nps: (r) => r.nps.score ?? -Infinity,
    n: (r) => r.nps.n,
    soft: (r) => r.soft.mean ?? -Infinity,
    hard: (r) => r.hard.mean ?? -Infinity,
    loops: (r) => r.openLoops,
    sla: (r) => r.complaintsPastSla,
  };
  return [...rows].sort((a, b) => key[sort](b) - key[sort](a));
}

const meanCell = (m: MeanSummary, lang: Lang) =>
  figure({ value: m.mean, low: m.ci95?.[0], high: m.ci95?.[1], n: m.n }, lang, 2);

export function renderNetwork(ctx: RequestContext, data: NetworkData, query: unknown): string {
  const { lang } = ctx;
  const askedSort = (query as { sort?: string }).sort as Sort;
  const sort: Sort = SORTS.includes(askedSort) ? askedSort : 'rank';
  const params = (extra: Record<string, string>) =>
    new URLSearchParams({
      days: String(data.period.days),
      ...(data.region ? { region: data.region } : {}),
      ...extra,
    }).toString();
  const th = (s: Sort, label: string) =>
    `<th><a href="/network?${esc(params({ sort: s }))}"${s === sort ? ' class="sorted"' : ''}>${esc(label)}</a></th>`;
  const rows = sortRows(data.rows, sort)
    .map(
      (r) => `<tr data-branch="${esc(r.branchId)}">
<td>${r.rank}</td>
<td><a href="/branches/${encodeURIComponent(r.branchId)}?days=${data.period.days}">${esc(r.name)}</a> <small>${esc(r.branchId)}</small></td>
<td>${esc(r.region)}</td>
<td>${figure({ value: r.shrunk.score, low: r.shrunk.low, high: r.shrunk.high, n: r.nps.n }, lang)}</td>
<td>${figure({ value: r.nps.score, low: r.nps.low, high: r.nps.high, n: r.nps.n }, lang, NPS_MIN_N)}</td>
<td>${meanCell(r.soft, lang)}</td>
<td>${meanCell(r.hard, lang)}</td>
<td>${r.openLoops}</td>
<td>${r.complaintsPastSla}</td>
</tr>`,
    )
    .join('\n');
  const regionOptions = [`<option value="">${esc(t(lang, 'allRegions'))}</option>`]
    .concat(
      data.regions.map(
        (r) => `<option value="${esc(r)}"${r === data.region ? ' selected' : ''}>${esc(r)}</option>`,
      ),
    )
    .join('');
  const dayOptions = PERIOD_DAYS.map(
    (d) =>
      `<option value="${d}"${d === data.period.days ? ' selected' : ''}>${d} ${esc(t(lang, 'days'))}</option>`,
  ).join('');
  const body = `<form method="get" action="/network" class="filters">
<label>${esc(t(lang, 'region'))} <select name="region">${regionOptions}</select></label>
<label>${esc(t(lang, 'period'))} <select name="days">${dayOptions}</select></label>
<input type="hidden" name="sort" value="${esc(sort)}">
<button>${esc(t(lang, 'apply'))}</button>
<a href="/network.csv?${esc(params({}))}">${esc(t(lang, 'csv'))}</a>
</form>
<p class="period">${esc(data.period.from)} – ${esc(data.period.to)} · ${esc(t(lang, 'nps'))} ${lang === 'zh' ? '全网' : 'network'} ${data.networkMean === null ? esc(t(lang, 'notEnough')) : data.networkMean.toFixed(1)}</p>
<p class="note">${esc(t(lang, 'shrinkNote'))}</p>
<table class="data" id="network">
<thead><tr>${th('rank', t(lang, 'rank'))}<th>${esc(t(lang, 'branch'))}</th><th>${esc(t(lang, 'region'))}</th>
${th('rank', t(lang, 'npsShrunk'))}${th('nps', t(lang, 'nps'))}${th('soft', t(lang, 'softQuality'))}${th('hard', t(lang, 'hardQuality'))}${th('loops', t(lang, 'openLoops'))}${th('sla', t(lang, 'pastSla'))}</tr></thead>
<tbody>${rows || `<tr><td colspan="9">${esc(t(lang, 'notEnough'))}</td></tr>`}</tbody>
</table>`;
  return page({
    lang,
    title: t(lang, 'network'),
    account: ctx.account,
    csrf: ctx.session.csrf,
    path: ctx.path,
    body,
  });
}

export function networkCsv(data: NetworkData): string {
  return csv(
    [
      'rank',
      'branch_id',
      'name',
      'region',
      'nps_shrunk',
      'nps_shrunk_low',
      'nps_shrunk_high',
      'nps',
      'nps_low',
      'nps_high',
      'n',
      'soft_mean',
      'soft_low',
      'soft_high',
      'soft_n',
      'hard_mean',
      'hard_low',
      'hard_high',
      'hard_n',
      'open_loops',
      'complaints_past_sla',
    ],
    data.rows.map((r) => [
      r.rank,
      r.branchId,
      r.name,
      r.region,
      r.shrunk.score?.toFixed(1),
      r.shrunk.low?.toFixed(1),
      r.shrunk.high?.toFixed(1),
      r.nps.score?.toFixed(1),
      r.nps.low.toFixed(1),
      r.nps.high.toFixed(1),
      r.nps.n,
      r.soft.mean?.toFixed(2),
      r.soft.ci95?.[0].toFixed(2),
      r.soft.ci95?.[1].toFixed(2),
      r.soft.n,
      r.hard.mean?.toFixed(2),
      r.hard.ci95?.[0].toFixed(2),
      r.hard.ci95?.[1].toFixed(2),
      r.hard.n,
      r.openLoops,
      r.complaintsPastSla,
    ]),
  );
}
