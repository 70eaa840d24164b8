// The job registry: what each analytics job does, and when the scheduled ones run.
import type { Job } from '@servloop/jobs';
import type { AlertJob, AnalyticsJob } from '@servloop/schemas';
import type { Warehouse } from '@servloop/warehouse';
import { estimateClv } from './clv.ts';
import type { AnalyticsConfig } from './config.ts';
import { digestAlert, digestFacts } from './digest.ts';
import { evaluateBranch } from './evaluate.ts';
import { standardHistory } from './facts.ts';
import type { StandardChange } from './facts-types.ts';
import { runFloor } from './floor/job.ts';
import { rollup } from './rollups.ts';
import { rows } from './sql.ts';
import { recordActionDone, recordStandard, republishStandards } from './writers.ts';

const DAY = 86_400_000;

/** A person's standard change, sent by the CLI so that the worker is the one writer. */
export interface StandardChangeJob {
  kind: 'standard-change';
  branchId: string;
  dimension: string;
  source: 'override' | 'lifted';
  target: number;
  by: string;
  why: string;
  at?: number;
}
/** A loop action marked done from the CLI. */
export interface ActionDoneJob {
  kind: 'action-done';
  branchId: string;
  loopId: string;
  action: string;
  by: string;
  note: string;
  at?: number;
}
export type WorkerJob = AnalyticsJob | StandardChangeJob | ActionDoneJob;

export interface JobContext {
  warehouse: Warehouse;
  config: AnalyticsConfig;
  raise: (a: AlertJob) => Promise<void>;
  enqueueEvaluate: (branchId: string) => Promise<void>;
}

type Handler<K extends WorkerJob['kind']> = (
  data: Extract<WorkerJob, { kind: K }>,
  ctx: JobContext,
  job: Job<WorkerJob>,
) => Promise<unknown>;

export const HANDLERS: { [K in WorkerJob['kind']]: Handler<K> } = {
  async rollup(data, ctx) {
    await rollup(ctx.warehouse, { branches: [data.branchId], from: data.localDate, to: data.localDate });
    await ctx.enqueueEvaluate(data.branchId);
  },
  evaluate: (data, ctx) =>
    evaluateBranch(
      { warehouse: ctx.warehouse, config: ctx.config, raise: ctx.raise },
      data.branchId,
      data.asOf ?? Date.now(),
    ),
  clv: (data, ctx, job) =>
    estimateClv(ctx.warehouse, data.asOf ?? Date.now(), undefined, (p) => job.updateProgress(p)),
  async digest(data, ctx) {
    const facts = await digestFacts(ctx.warehouse, data.asOf ?? Date.now());
    await ctx.raise(digestAlert(facts));
    return { branches: facts.nps.length };
  },
  async sweep(data, ctx, job) {
    const asOf = data.asOf ?? Date.now();
    const from = new Date(asOf - data.days * DAY).toISOString().slice(0, 10);
    const to = new Date(asOf + DAY).toISOString().slice(0, 10);
    await rollup(ctx.warehouse, { from, to });
    const branches = await rows<{ branch_id: string }>(
      ctx.warehouse,
      `SELECT DISTINCT branch_id FROM survey_responses_v1 WHERE local_date >= {from:Date}
       UNION DISTINCT SELECT DISTINCT branch_id FROM questionnaire_answers_v1 WHERE local_date >= {from:Date}
       UNION DISTINCT SELECT DISTINCT branch_id FROM improvement_loops_current WHERE status != 'closed'`,
      { from },
    );
    for (const [i, b] of branches.entries()) {
      await evaluateBranch(
        { warehouse: ctx.warehouse, config: ctx.config, raise: ctx.raise },
        b.branch_id,
        asOf,
      );
      await job.updateProgress(Math.round((100 * (i + 1)) / branches.length));
    }
    return { branches: branches.length };
  },
  floor: (data, ctx) =>
    runFloor(ctx.warehouse, ctx.config.floor, { asOf: data.asOf ?? Date.now(), days: data.days }),
  async 'standard-change'(data, ctx) {
    const history: StandardChange[] = await standardHistory(ctx.warehouse, data.branchId);
    const at = data.at ?? Date.now();
    history.push(
      await recordStandard(ctx.warehouse, {
        branchId: data.branchId,
        dimension: data.dimension,
        target: data.target,
        source: data.source,
        via: 'cli',
        changedBy: data.by,
        reason: data.why,
        contentHash: '',
        createdAt: at,
      }),
    );
    // A '*' default may reach every branch: re-resolve them all.
    await republishStandards(
      ctx.warehouse,
      data.branchId === '*' ? await standardHistory(ctx.warehouse) : history,
      at,
    );
  },
  async 'action-done'(data, ctx) {
    await recordActionDone(ctx.warehouse, {
      branchId: data.branchId,
      loopId: data.loopId,
      kind: data.action,
      by: data.by,
      note: data.note,
      at: data.at ?? Date.now(),
    });
    await ctx.enqueueEvaluate(data.branchId);
  },
};

export interface Schedule {
  every?: number;
  pattern?: string;
  tz?: string;
}
/** The scheduled jobs; each can be re-timed (tests run the digest every second). */
export const SCHEDULES: Record<
  'sweep' | 'clv' | 'digest' | 'floor',
  { schedule: Schedule; data: AnalyticsJob }
> = {
  /** Safety net: roll up and evaluate recent branches (aggregate rules test completed periods once). */
  sweep: { schedule: { every: 15 * 60_000 }, data: { kind: 'sweep', days: 2 } },
  clv: { schedule: { pattern: '0 3 * * *', tz: 'Asia/Shanghai' }, data: { kind: 'clv' } },
  /** Yesterday's digest before branches open. */
  digest: { schedule: { pattern: '30 7 * * *', tz: 'Asia/Shanghai' }, data: { kind: 'digest' } },
  /** Scorecards, wait thresholds and key drivers, after the night's CLV fit (wait_cost reads it). */
  floor: { schedule: { pattern: '30 3 * * *', tz: 'Asia/Shanghai' }, data: { kind: 'floor', days: 35 } },
};

export function handle(job: Job<WorkerJob>, ctx: JobContext) {
  const h = HANDLERS[job.data.kind] as Handler<WorkerJob['kind']>;
  if (!h) throw new Error(`unknown analytics job kind ${(job.data as { kind: string }).kind}`);
  return h(job.data as never, ctx, job);
}
