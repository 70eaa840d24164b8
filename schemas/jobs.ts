// Queues and job payloads shared by the normaliser, the analytics worker and the alert mailer.

export const QUEUES = {
  analytics: 'servloop-analytics',
  alerts: 'servloop-alerts',
} as const;

/** Recompute the daily rollups of one branch-day (jobId `rollup|branch|date`: bursts collapse). */
export interface RollupJob {
  kind: 'rollup';
  branchId: string;
  localDate: string;
}
/** Evaluate alert rules and the improvement loop of a branch as of a time (default: now). */
export interface EvaluateJob {
  kind: 'evaluate';
  branchId: string;
  asOf?: number;
}
/** Refit the CLV models and rewrite clv_estimates. */
export interface ClvJob {
  kind: 'clv';
  asOf?: number;
}
/** Safety net: roll up and evaluate every branch with data in the last days. */
export interface SweepJob {
  kind: 'sweep';
  days: number;
  asOf?: number;
}
/** The daily digest email for the quality team (jobId per day: sent once). */
export interface DigestJob {
  kind: 'digest';
  asOf?: number;
}
/** The branch floor: roll up the last `days` of visits, scorecards, wait thresholds, key drivers. */
export interface FloorJob {
  kind: 'floor';
  days: number;
  asOf?: number;
}
export type AnalyticsJob = RollupJob | EvaluateJob | ClvJob | SweepJob | DigestJob | FloorJob;

export interface Bilingual {
  'zh-CN': string;
  en: string;
}

/** One alert email (jobId = key: an alert key is sent once). */
export interface AlertJob {
  key: string;
  rule: string;
  branchId: string;
  severity: 'info' | 'warning' | 'critical';
  subject: Bilingual;
  lines: Bilingual[];
  figures: Record<string, string | number>;
  /** Where to see the details (a query or a page). */
  details: string;
  /** Who gets it and from whom (the worker's validated configuration); the mailer's defaults otherwise. */
  recipients?: string[];
  from?: string;
}

/**
 * The one way to ask for a branch-day rollup: the job id makes a burst of inserts for the same
 * branch-day one job, the short delay gathers the burst, and completed ids are freed for later data.
 */
export function rollupJob(t: { branchId: string; localDate: string }) {
  return {
    name: 'rollup',
    data: { kind: 'rollup', branchId: t.branchId, localDate: t.localDate } satisfies RollupJob,
    opts: {
      jobId: `rollup|${t.branchId}|${t.localDate}`,
      delay: 500,
      attempts: 3,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: true,
      removeOnFail: 100,
    },
  };
}
