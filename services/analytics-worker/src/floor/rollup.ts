// The floor rollup (floor_daily_v1, migration 0070): one INSERT … SELECT per run, so that
// scorecards over millions of visits read a few thousand pre-aggregated rows. A visit's answers are
// joined by visit id (the latest NPS answer per visit; each questionnaire dimension as the mean of
// its items); a complaint is attributed to the customer's latest visit at the branch within the
// configured days before it was filed (complaints carry no visit id).
import type { Warehouse } from '@servloop/warehouse';
import { DIMENSIONS } from '../copy.ts';

export interface FloorRange {
  /** First and last branch-local day of the visits to roll up (inclusive). */
  from: string;
  to: string;
  branches?: string[];
}

export const FLOOR_DAILY_COLUMNS = [
  'branch_id',
  'local_date',
  'window_id',
  'staff_id',
  'visits',
  'wait_sum',
  'wait_sumsq',
  'service_sum',
  'service_sumsq',
  'nps_n',
  'promoters',
  'detractors',
  'dims',
  'dim_n',
  'dim_sum',
  'dim_sumsq',
  'complaints',
  'computed_at',
] as const;

/** Recomputes floor_daily_v1 for the visits of [from, to]; rerunning replaces (ReplacingMergeTree). */
export async function rollupFloor(w: Warehouse, r: FloorRange, attributionDays: number, at = Date.now()) {
  const branchFilter = r.branches ? 'AND branch_id IN {branches:Array(String)}' : '';
  const dims = `[${DIMENSIONS.map((d) => `'${d}'`).join(', ')}]`;
  await w.client.command({
    query: `
INSERT INTO floor_daily_v1 (${FLOOR_DAILY_COLUMNS.join(', ')})
WITH
  ${dims} AS dim_names,
  v AS (
    SELECT branch_id, visit_id, local_date, window_id, staff_id, wait_seconds, service_seconds
    FROM visits_v1 FINAL
    WHERE local_date >= {from:Date} AND local_date <= {to:Date} ${branchFilter}
  ),
  s AS (
    SELECT branch_id, visit_id, argMax(nps, (occurred_at, received_at)) AS answer
    FROM survey_responses_latest
    WHERE visit_id != '' AND nps IS NOT NULL AND local_date >= {from:Date} AND local_date <= {to:Date} + 14 ${branchFilter}
    GROUP BY branch_id, visit_id
  ),
  q AS (
    SELECT branch_id, visit_id, groupArray(dimension) AS qd, groupArray(m) AS qm FROM (
      SELECT branch_id, visit_id, toString(dimension) AS dimension, avg(perception) AS m
      FROM questionnaire_answers_latest
      WHERE visit_id != '' AND perception IS NOT NULL AND local_date >= {from:Date} AND local_date <= {to:Date} + 14 ${branchFilter}
      GROUP BY branch_id, visit_id, dimension)
    GROUP BY branch_id, visit_id
  ),
  c AS (
    SELECT cv.branch_id AS branch_id, cv.visit_id AS visit_id, count() AS complaints
    FROM (
      SELECT branch_id, complaint_id, any(customer_key) AS complainant, min(occurred_at) AS filed_at
      FROM complaints_v1 FINAL
      WHERE status = 'filed' AND customer_key != '' AND local_date >= {from:Date}
        AND local_date <= {to:Date} + {days:UInt32} ${branchFilter}
      GROUP BY branch_id, complaint_id
    ) AS f
    ASOF INNER JOIN (
      SELECT branch_id, customer_key, visit_id, finished_at, local_date FROM visits_v1 FINAL
      WHERE customer_key != '' AND local_date >= {from:Date} AND local_date <= {to:Date} + {days:UInt32} ${branchFilter}
    ) AS cv
    ON f.branch_id = cv.branch_id AND f.complainant = cv.customer_key AND f.filed_at >= cv.finished_at
    WHERE dateDiff('second', cv.finished_at, f.filed_at) <= {days:UInt32} * 86400 AND cv.local_date <= {to:Date}
    GROUP BY branch_id, visit_id
  )
SELECT v.branch_id, v.local_date, v.window_id, v.staff_id,
       count() AS visits,
       sum(toFloat64(v.wait_seconds)) AS wait_sum, sum(pow(toFloat64(v.wait_seconds), 2)) AS wait_sumsq,
       sum(toFloat64(v.service_seconds)) AS service_sum, sum(pow(toFloat64(v.service_seconds), 2)) AS service_sumsq,
       countIf(s.answer IS NOT NULL) AS nps_n, countIf(s.answer >= 9) AS promoters, countIf(s.answer <= 6) AS detractors,
       dim_names AS dims,
       sumForEach(arrayMap(d -> toUInt32(has(q.qd, d)), dim_names)) AS dim_n,
       sumForEach(arrayMap(d -> if(has(q.qd, d), q.qm[indexOf(q.qd, d)], 0.), dim_names)) AS dim_sum,
       sumForEach(arrayMap(d -> if(has(q.qd, d), pow(q.qm[indexOf(q.qd, d)], 2), 0.), dim_names)) AS dim_sumsq,
       toUInt32(sum(ifNull(c.complaints, 0))) AS complaints,
       fromUnixTimestamp64Milli({at:Int64}) AS computed_at
FROM v
LEFT JOIN s ON s.branch_id = v.branch_id AND s.visit_id = v.visit_id
LEFT JOIN q ON q.branch_id = v.branch_id AND q.visit_id = v.visit_id
LEFT JOIN c ON c.branch_id = v.branch_id AND c.visit_id = v.visit_id
GROUP BY v.branch_id, v.local_date, v.window_id, v.staff_id
SETTINGS join_use_nulls = 1`,
    query_params: { from: r.from, to: r.to, days: attributionDays, at, branches: r.branches ?? [] },
  });
}
