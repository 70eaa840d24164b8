// Daily rollups: NPS (with intervals from packages/metrics), CSAT and CES, and soft/hard quality per
// dimension, by branch and branch-local day. Corrections replace (the _latest views). Re-running
// replaces rows (ReplacingMergeTree on computed_at).
import { ces, csat, npsFromCounts } from '@servloop/metrics';
import { insertRows, type Warehouse } from '@servloop/warehouse';
import { num, rows } from './sql.ts';

export interface RollupScope {
  /** Restrict to these branches (all when omitted). */
  branches?: string[];
  from: string;
  to: string;
}

const where = (s: RollupScope) =>
  `local_date BETWEEN {from:Date} AND {to:Date}${s.branches ? ' AND branch_id IN {branches:Array(String)}' : ''}`;

export async function rollup(
  w: Warehouse,
  scope: RollupScope,
  now = Date.now(),
): Promise<{ npsRows: number; qualityRows: number; satisfactionRows: number }> {
  const params = { from: scope.from, to: scope.to, branches: scope.branches ?? [] };
  const regions = new Map(
    (
      await rows<{ branch_id: string; region: string }>(w, 'SELECT branch_id, region FROM branches_v1 FINAL')
    ).map((r) => [r.branch_id, r.region]),
  );
  const nps = await rows<{ branch_id: string; local_date: string; p: string; pa: string; d: string }>(
    w,
    `SELECT branch_id, local_date, countIf(nps_category = 'promoter') AS p, countIf(nps_category = 'passive') AS pa,
            countIf(nps_category = 'detractor') AS d
     FROM survey_responses_latest WHERE nps IS NOT NULL AND ${where(scope)} GROUP BY branch_id, local_date`,
    params,
  );
  await insertRows(
    w,
    'nps_daily_v1',
    [
      'branch_id',
      'region',
      'local_date',
      'n',
      'promoters',
      'passives',
      'detractors',
      'score',
      'ci_low',
      'ci_high',
      'computed_at',
    ],
    nps.map((r) => {
      const s = npsFromCounts({ promoters: Number(r.p), passives: Number(r.pa), detractors: Number(r.d) });
      return {
        branch_id: r.branch_id,
        region: regions.get(r.branch_id) ?? '',
        local_date: r.local_date,
        n: s.n,
        promoters: s.promoters,
        passives: s.passives,
        detractors: s.detractors,
        score: s.score,
        ci_low: s.ci95[0],
        ci_high: s.ci95[1],
        computed_at: now,
      };
    }),
  );
  const quality = await rows<Record<string, string | number | null>>(
    w,
    `SELECT branch_id, local_date, dimension, any(quality_type) AS quality_type,
            countIf(gap IS NOT NULL) AS n_pairs, count(expectation) AS n_expectation, count(perception) AS n_perception,
            avg(expectation) AS mean_expectation, avg(perception) AS mean_perception, avg(gap) AS mean_gap
     FROM questionnaire_answers_latest WHERE ${where(scope)} GROUP BY branch_id, local_date, dimension`,
    params,
  );
  await insertRows(
    w,
    'quality_daily_v1',
    [
      'branch_id',
      'region',
      'local_date',
      'quality_type',
      'dimension',
      'n_pairs',
      'n_expectation',
      'n_perception',
      'mean_expectation',
      'mean_perception',
      'gap',
      'computed_at',
    ],
    quality.map((r) => ({
      ...r,
      region: regions.get(String(r.branch_id)) ?? '',
      mean_expectation: num(r.mean_expectation),
      mean_perception: num(r.mean_perception),
      gap: num(r.mean_gap),
      computed_at: now,
    })),
  );
  // groupArray leaves out NULLs: a response without a CSAT answer is not a CSAT answer.
  const satisfaction = await rows<{
    branch_id: string;
    local_date: string;
    csats: number[];
    ceses: number[];
  }>(
    w,
    `SELECT branch_id, local_date, groupArray(csat) AS csats, groupArray(ces) AS ceses
     FROM survey_responses_latest WHERE (csat IS NOT NULL OR ces IS NOT NULL) AND ${where(scope)}
     GROUP BY branch_id, local_date`,
    params,
  );
  await insertRows(
    w,
    'satisfaction_daily_v1',
    [
      'branch_id',
      'region',
      'local_date',
      'n_csat',
      'csat_mean',
      'csat_top_share',
      'csat_top_low',
      'csat_top_high',
      'n_ces',
      'ces_mean',
      'ces_top_share',
      'ces_top_low',
      'ces_top_high',
      'computed_at',
    ],
    satisfaction.map((r) => {
      const a = csat(r.csats.map(Number));
      const b = ces(r.ceses.map(Number));
      return {
        branch_id: r.branch_id,
        region: regions.get(r.branch_id) ?? '',
        local_date: r.local_date,
        n_csat: a.n,
        csat_mean: a.mean,
        csat_top_share: a.topShare,
        csat_top_low: a.topShareCi95?.[0] ?? null,
        csat_top_high: a.topShareCi95?.[1] ?? null,
        n_ces: b.n,
        ces_mean: b.mean,
        ces_top_share: b.topShare,
        ces_top_low: b.topShareCi95?.[0] ?? null,
        ces_top_high: b.topShareCi95?.[1] ?? null,
        computed_at: now,
      };
    }),
  );
  return { npsRows: nps.length, qualityRows: quality.length, satisfactionRows: satisfaction.length };
}
