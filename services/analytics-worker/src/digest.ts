// The daily digest for the quality team: NPS per branch (with n and interval), alerts raised, open
// loops. Facts by named queries, words from copy.ts.
import type { AlertJob } from '@servloop/schemas';
import type { Warehouse } from '@servloop/warehouse';
import { copy } from './copy.ts';
import { rows } from './sql.ts';

const DAY = 86_400_000;

export interface DigestFacts {
  date: string;
  nps: { branchId: string; n: number; score: number | null; ciLow: number; ciHigh: number }[];
  alertsRaised: number;
  openLoops: { branchId: string; dimension: string; step: number; status: string }[];
}

export async function digestFacts(w: Warehouse, asOf: number): Promise<DigestFacts> {
  const date = new Date(asOf - DAY).toISOString().slice(0, 10);
  const nps = await rows<{
    branch_id: string;
    n: string;
    score: number | null;
    ci_low: number;
    ci_high: number;
  }>(
    w,
    'SELECT branch_id, n, score, ci_low, ci_high FROM nps_daily_v1 FINAL WHERE local_date = {d:Date} ORDER BY branch_id',
    { d: date },
  );
  const [alerts] = await rows<{ c: string }>(
    w,
    "SELECT count() AS c FROM alerts_v1 FINAL WHERE toDate(created_at) = {d:Date} AND rule != 'digest'",
    { d: date },
  );
  const loops = await rows<{ branch_id: string; dimension: string; step: number; status: string }>(
    w,
    "SELECT branch_id, dimension, step, status FROM improvement_loops_current WHERE status != 'closed' ORDER BY branch_id, dimension",
  );
  return {
    date,
    nps: nps.map((r) => ({
      branchId: r.branch_id,
      n: Number(r.n),
      score: r.score === null ? null : Number(r.score),
      ciLow: Number(r.ci_low),
      ciHigh: Number(r.ci_high),
    })),
    alertsRaised: Number(alerts?.c ?? 0),
    openLoops: loops.map((l) => ({
      branchId: l.branch_id,
      dimension: l.dimension,
      step: Number(l.step),
      status: l.status,
    })),
  };
}

/** The digest email (pure): one per day, keyed by the date. */
export function digestAlert(f: DigestFacts): AlertJob {
  return {
    key: `digest|${f.date}`,
    rule: 'digest',
    branchId: '*',
    severity: 'info',
    subject: copy.digestTitle(f.date),
    lines: [
      ...f.nps.map((r) => copy.digestNps(r.branchId, r.score, r.ciLow, r.ciHigh, r.n)),
      ...f.openLoops.map((l) => copy.digestLoop(l.branchId, l.dimension, l.step, l.status)),
    ],
    figures: {
      date: f.date,
      branches: f.nps.length,
      alertsRaised: f.alertsRaised,
      openLoops: f.openLoops.length,
    },
    details: `SELECT * FROM nps_daily WHERE local_date = '${f.date}'`,
  };
}
