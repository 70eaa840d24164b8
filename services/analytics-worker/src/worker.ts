// BullMQ plumbing: the analytics queue runs the job registry (jobs.ts) one job at a time, and
// raising an alert records it once and queues its email.
import { createQueue, createWorker, type Redis } from '@servloop/jobs';
import { type AlertJob, QUEUES, rollupJob } from '@servloop/schemas';
import { Counter, type Lifecycle } from '@servloop/service-kit';
import type { Warehouse } from '@servloop/warehouse';
import { type AnalyticsConfig, loadConfig } from './config.ts';
import { standardHistory } from './facts.ts';
import { handle, type JobContext, SCHEDULES, type Schedule, type WorkerJob } from './jobs.ts';
import { type FileStandard, loadStandardsFile } from './standards.ts';
import { applyStandardsFile, recordAlert, republishStandards, writeConfigFacts } from './writers.ts';

export interface AnalyticsOptions {
  warehouse: Warehouse;
  connection: Redis;
  lifecycle: Lifecycle;
  /** BullMQ key prefix (tests isolate with it). */
  prefix?: string;
  /** Validated configuration (default: SERVLOOP_ALERT_RULES_FILE over the defaults, refused at start if invalid). */
  config?: AnalyticsConfig;
  /** The standards file (default: SERVLOOP_STANDARDS_FILE), applied once per content. */
  standards?: { entries: FileStandard[]; contentHash: string; path: string };
  /** Scheduled jobs: on by default; false in tests that drive the clock; or re-timed per job. */
  schedulers?: boolean | Partial<Record<keyof typeof SCHEDULES, Schedule>>;
  log?: (line: string) => void;
}

export async function startAnalyticsWorker(o: AnalyticsOptions) {
  const log = o.log ?? (() => {});
  const config = o.config ?? loadConfig();
  const standardsFile = o.standards ?? {
    ...loadStandardsFile(),
    path: process.env.SERVLOOP_STANDARDS_FILE ?? '',
  };
  const prefix = o.prefix ? { prefix: o.prefix } : {};
  const analytics = createQueue<WorkerJob>(QUEUES.analytics, o.connection, prefix);
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
  async function raise(rawAlert: AlertJob) {
    const alert = {
      ...rawAlert,
      ...(config.recipients ? { recipients: config.recipients } : {}),
      ...(config.from ? { from: config.from } : {}),
    };
    if (await recordAlert(o.warehouse, alert)) raised.inc();
    await alerts.add(alert.rule, alert, {
      jobId: alert.key.replaceAll(':', '_'),
      attempts: 12,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: { age: 30 * 86_400 },
      removeOnFail: { age: 30 * 86_400 },
    });
  }

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

  // Start-up writes: the thresholds the analyst views read, and the standards file (once per content).
  await writeConfigFacts(o.warehouse, config);
  const history = await standardHistory(o.warehouse);
  const applied = await applyStandardsFile(o.warehouse, standardsFile, history);
  if (applied > 0) log(`${applied} standard(s) set from ${standardsFile.path}`);
  else await republishStandards(o.warehouse, history, Date.now());

  const ctx: JobContext = {
    warehouse: o.warehouse,
    config,
    raise,
    enqueueEvaluate: (b) => enqueueEvaluate(b),
  };
  // One job at a time: chDB has one connection per process, evaluations read what rollups wrote,
  // and the writers allocate standard versions without a race.
  const worker = createWorker<WorkerJob>(
    QUEUES.analytics,
    async (job) => {
      done.inc({ kind: job.data.kind });
      return handle(job, ctx);
    },
    o.connection.duplicate(),
    { ...prefix, concurrency: 1 },
  );
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

  if (o.schedulers ?? true) {
    // The scheduler this worker registered before the job registry existed: CLV would run twice.
    await analytics.removeJobScheduler('clv-daily');
    const retimed = typeof o.schedulers === 'object' ? o.schedulers : {};
    for (const [name, s] of Object.entries(SCHEDULES) as [
      keyof typeof SCHEDULES,
      (typeof SCHEDULES)[keyof typeof SCHEDULES],
    ][]) {
      await analytics.upsertJobScheduler(name, retimed[name] ?? s.schedule, {
        name,
        data: s.data,
        opts: { removeOnComplete: 50, removeOnFail: 50 },
      });
    }
  }
  o.lifecycle.ready = true;
  return {
    analytics,
    alerts,
    config,
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
