// The wait at which loyalty drops (wait_thresholds_v1, migration 0071), per branch and for the
// network: answered visits of the window, binned by whole wait minutes in the warehouse, then the
// change point with its bootstrap intervals (packages/metrics waitThreshold).
import { type WaitOutcome, waitThreshold } from '@servloop/metrics';
import { insertRows, type Warehouse } from '@servloop/warehouse';
import { rows } from '../sql.ts';
import { NETWORK } from './drivers.ts';

export const WAIT_THRESHOLD_COLUMNS = [
  'branch_id',
  'from_date',
  'to_date',
  'outcome',
  'n',
  'threshold_min',
  'threshold_low',
  'threshold_high',
  'before',
  'after',
  'drop',
  'drop_low',
  'drop_high',
  'verdict',
  'replicates',
  'computed_at',
] as const;

export async function estimateWaitThresholds(
  w: Warehouse,
  r: { from: string; to: string },
  o: { replicates: number; minRespondents: number; computedAt?: number; seed?: number },
): Promise<{ branches: number }> {
  const bins = await rows<{ branch_id: string; minute: string; n: string; promoters: string }>(
    w,
    `SELECT branch_id, intDiv(wait_seconds, 60) AS minute, count() AS n, countIf(nps >= 9) AS promoters
     FROM visit_answers WHERE local_date >= {from:Date} AND local_date <= {to:Date}
     GROUP BY branch_id, minute`,
    r,
  );
  const byBranch = new Map<string, WaitOutcome[]>();
  const add = (b: string, minute: number, n: number, promoters: number) => {
    const list = byBranch.get(b) ?? [];
    for (let i = 0; i < n; i++) list.push({ waitMinutes: minute, value: i < promoters ? 1 : 0 });
    byBranch.set(b, list);
  };
  for (const x of bins) {
    add(x.branch_id, Number(x.minute), Number(x.n), Number(x.promoters));
    add(NETWORK, Number(x.minute), Number(x.n), Number(x.promoters));
  }
  const computedAt = o.computedAt ?? Date.now();
  const out = [...byBranch].map(([branchId, data]) => {
    const t =
      data.length >= o.minRespondents
        ? waitThreshold(data, { replicates: o.replicates, seed: o.seed ?? 1 })
        : { ...waitThreshold([]), n: data.length };
    return {
      branch_id: branchId,
      from_date: r.from,
      to_date: r.to,
      outcome: 'promoter',
      n: t.n,
      threshold_min: t.threshold,
      threshold_low: t.thresholdLow,
      threshold_high: t.thresholdHigh,
      before: t.before,
      after: t.after,
      drop: t.drop,
      drop_low: t.dropLow,
      drop_high: t.dropHigh,
      verdict: t.verdict,
      replicates: t.verdict === 'not enough data' ? 0 : o.replicates,
      computed_at: computedAt,
    };
  });
  if (out.length) await insertRows(w, 'wait_thresholds_v1', WAIT_THRESHOLD_COLUMNS, out);
  return { branches: out.length };
}
