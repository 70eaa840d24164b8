// BullMQ plumbing: the analytics queue (rollups, evaluations, CLV, sweeps) and raising alerts.
import { createQueue, createWorker, type Job, type Redis } from '@servloop/jobs';
import { ALERT_COLUMNS, type AlertJob, type AnalyticsJob, QUEUES, rollupJob } from '@servloop/schemas';
import { Counter, type Lifecycle } from '@servloop/service-kit';
import { insertRows, type Warehouse } from '@servloop/warehouse';
import { estimateClv } from './clv.ts';
import { evaluateBranch } from './evaluate.ts';
import { DEFAULT_LOOP_CONFIG, type LoopConfig } from './loop.ts';
import { rollup } from './rollups.ts';
import { type AlertRules, DEFAULT_RULES } from './rules.ts';
import { rows } from './sql.ts';
import { applyStandardOverrides, type StandardOverride } from './standards.ts';

export interface AnalyticsOptions {
  warehouse: Warehouse;
  connection: Redis;
  lifecycle: Lifecycle;
  /** BullMQ key prefix (tests isolate with it). */
  prefix?: string;
  rules?: AlertRules;
  loop?: LoopConfig;
  /** Standards from configuration, recorded as overrides at start. */
  standards?: StandardOverride[];
  /** Safety-net schedules; off in tests that drive the clock themselves. */
  schedulers?: boolean;
  log?: (line: string) => void;
}

const DAY = 86_400_000;

export async function startAnalyticsWorker(o: AnalyticsOptions) {
  const log = o.log ?? (() => {});
  const rules = o.rules ?? DEFAULT_RULES;
  const prefix = o.prefix ? { prefix: o.prefix } : {};
  const analytics = createQueue<AnalyticsJob>(QUEUES.analytics, o.connection, prefix);
  const alerts = createQueue<AlertJob>(QUEUES.alerts, o.connection, prefix);
  const done = new Counter({
    name: 'analytics_jobs_total',
    help: 'Jobs run',
    labelNames: ['kind'],
    registers: [o.lifecycle.registry],
  });
  const raised = new Counter({
    name: 'analytics_alerts_raised_total',
    help: 'Alerts raised (first time per key)',
    registers: [o.lifecycle.registry],
  });

  /** Records an alert once per key and queues its email with jobId = key (re-adding is a no-op). */
  async function raise(alert: AlertJob) {
    const [existing] = await rows<{ n: string }>(
      o.warehouse,
      'SELECT count() AS n FROM alerts_v1 WHERE alert_key = {k:String}',
      { k: alert.key },
    );
    if (Number(existing?.n ?? 0) === 0) {
      const now = Date.now();
      await insertRows(o.warehouse, 'alerts_v1', ALERT_COLUMNS, [
        {
          alert_key: alert.key,
          rule: alert.rule,
          branch_id: alert.branchId,
          severity: alert.severity,
          subject: alert.subject.en,
          details: JSON.stringify(alert.figures),
          status: 'queued',
          attempts: 0,
          error: '',
          created_at: now,
          updated_at: now,
        },
      ]);
      raised.inc();
    }
    await alerts.add(alert.rule, alert, {
      jobId: alert.key.replaceAll(':', '_'),
      attempts: 12,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: { age: 30 * 86_400 },
      removeOnFail: { age: 30 * 86_400 },
    });
  }

  const overridden = await applyStandardOverrides(o.warehouse, o.standards ?? []);
  if (overridden > 0) log(`${overridden} standard(s) set from configuration`);

  const evaluateDeps = {
    warehouse: o.warehouse,
    rules,
    loop: o.loop ?? DEFAULT_LOOP_CONFIG,
    raise,
  };

  async function handle(job: Job<AnalyticsJob>) {
    const data = job.data;
    done.inc({ kind: data.kind });
    switch (data.kind) {
      case 'rollup': {
        await rollup(o.warehouse, { branches: [data.branchId], from: data.localDate, to: data.localDate });
        await enqueueEvaluate(data.branchId);
        return;
      }
      case 'evaluate':
        return evaluateBranch(evaluateDeps, data.branchId, data.asOf ?? Date.now());
      case 'clv':
        return estimateClv(o.warehouse, data.asOf ?? Date.now(), undefined, (p) => job.updateProgress(p));
      case 'digest':
        return digest(data.asOf ?? Date.now());
      case 'sweep': {
        const asOf = data.asOf ?? Date.now();
        const from = new Date(asOf - data.days * DAY).toISOString().slice(0, 10);
        const to = new Date(asOf + DAY).toISOString().slice(0, 10);
        await rollup(o.warehouse, { from, to });
        const branches = await rows<{ branch_id: string }>(
          o.warehouse,
          'SELECT DISTINCT branch_id FROM survey_responses WHERE local_date >= {from:Date} UNION DISTINCT SELECT DISTINCT branch_id FROM questionnaire_answers WHERE local_date >= {from:Date}',
          { from },
        );
        for (const [i, b] of branches.entries()) {
          await evaluateBranch(evaluateDeps, b.branch_id, asOf);
          await job.updateProgress(Math.round((100 * (i + 1)) / branches.length));
        }
        return { branches: branches.length };
      }
    }
  }

  /** Yesterday in one email: NPS per branch with intervals, alerts raised, loops open. */
  async function digest(asOf: number) {
    const day = new Date(asOf - DAY).toISOString().slice(0, 10);
    const nps = await rows<{
      branch_id: string;
      n: number;
      score: number | null;
      ci_low: number;
      ci_high: number;
    }>(
      o.warehouse,
      'SELECT branch_id, n, score, ci_low, ci_high FROM nps_daily_v1 FINAL WHERE local_date = {d:Date} ORDER BY branch_id',
      { d: day },
    );
    const [alertCount] = await rows<{ c: string }>(
      o.warehouse,
      'SELECT count() AS c FROM alerts_v1 FINAL WHERE toDate(created_at) = {d:Date}',
      { d: day },
    );
    const loops = await rows<{ branch_id: string; dimension: string; step: number }>(
      o.warehouse,
      "SELECT branch_id, dimension, step FROM improvement_loops_current WHERE status != 'closed' ORDER BY branch_id",
    );
    const fmt = (v: number | null) => (v === null ? 'n/a' : v.toFixed(1));
    await raise({
      key: `digest|${day}`,
      rule: 'digest',
      branchId: '*',
      severity: 'info',
      subject: { 'zh-CN': `服务质量日报 ${day}`, en: `Service quality digest ${day}` },
      lines: [
        ...nps.map((r) => ({
          'zh-CN': `${r.branch_id}:NPS ${fmt(r.score)}(95% 区间 ${fmt(r.ci_low)}–${fmt(r.ci_high)},样本 ${r.n})`,
          en: `${r.branch_id}: NPS ${fmt(r.score)} (95% interval ${fmt(r.ci_low)}–${fmt(r.ci_high)}, n ${r.n})`,
        })),
        ...loops.map((l) => ({
          'zh-CN': `改进闭环进行中:${l.branch_id} × ${l.dimension}(第 ${l.step} 步)`,
          en: `Open improvement loop: ${l.branch_id} × ${l.dimension} (step ${l.step})`,
        })),
      ],
      figures: {
        date: day,
        branches: nps.length,
        alertsRaised: Number(alertCount?.c ?? 0),
        openLoops: loops.length,
      },
      details: `SELECT * FROM nps_daily_v1 FINAL WHERE local_date = '${day}'`,
    });
    return { branches: nps.length };
  }

  // One job at a time: chDB has one connection per process, and evaluations read what rollups wrote.
  const worker = createWorker<AnalyticsJob>(QUEUES.analytics, handle, o.connection.duplicate(), {
    ...prefix,
    concurrency: 1,
  });
  const failed = new Counter({
    name: 'analytics_jobs_failed_total',
    help: 'Job attempts that failed',
    labelNames: ['kind'],
    registers: [o.lifecycle.registry],
  });
  worker.on('failed', (job, err) => {
    failed.inc({ kind: job?.data.kind ?? 'unknown' });
    log(`job ${job?.id} (${job?.data.kind}) failed: ${err.message}`);
  });

  async function enqueueEvaluate(branchId: string, asOf?: number) {
    await analytics.add(
      'evaluate',
      { kind: 'evaluate', branchId, asOf },
      {
        jobId: `evaluate|${branchId}`,
        delay: 500,
        attempts: 3,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: true,
        removeOnFail: 100,
      },
    );
  }

  if (o.schedulers ?? true) {
    await analytics.upsertJobScheduler(
      'sweep',
      { every: 15 * 60_000 },
      { name: 'sweep', data: { kind: 'sweep', days: 2 }, opts: { removeOnComplete: 50 } },
    );
    await analytics.upsertJobScheduler(
      'clv-daily',
      { pattern: '0 3 * * *' },
      { name: 'clv', data: { kind: 'clv' }, opts: { removeOnComplete: 10 } },
    );
  }
  o.lifecycle.ready = true;
  return {
    analytics,
    alerts,
    raise,
    enqueueEvaluate,
    /** For the normaliser: one rollup job per branch-day, bursts collapse on the job id. */
    async enqueueRollups(touched: { branchId: string; localDate: string }[]) {
      await analytics.addBulk(touched.map(rollupJob));
    },
    async stop() {
      o.lifecycle.ready = false;
      await worker.close();
      await analytics.close();
      await alerts.close();
    },
  };
}
