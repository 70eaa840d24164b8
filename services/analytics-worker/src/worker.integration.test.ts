// The worker against the real stack (Redis, the warehouse): standards precedence across a closing
// loop and a restart, actions marked done from the CLI path, the digest run by its scheduler, and
// a rules file with a typo refused at start.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summariseRespondents } from '@servloop/metrics';
import { createLifecycle } from '@servloop/service-kit';
import { isolate, resolveEndpoints, waitUntil } from '@servloop/test-harness';
import { insertRows } from '@servloop/warehouse';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from './config.ts';
import type { WorkerJob } from './jobs.ts';
import { evaluateLoop } from './loop.ts';
import { rows } from './sql.ts';
import { workerTestStack } from './test-stack.ts';
import { startAnalyticsWorker } from './worker.ts';
import { saveLoopVersions } from './writers.ts';

const endpoints = await resolveEndpoints();
const iso = isolate(endpoints, 'analyticsw');
const { warehouse, connection, events, cleanup } = await workerTestStack(endpoints, iso);

const DAY = 86_400_000;
const logs: string[] = [];
const file = {
  entries: [{ branchId: 'B1', dimension: 'efficiency', target: 4.2 }],
  contentHash: 'h1',
  path: 'standards.json',
};
const never = {
  sweep: { pattern: '0 0 1 1 *' },
  clv: { pattern: '0 0 1 1 *' },
  digest: { pattern: '0 0 1 1 *' },
  floor: { pattern: '0 0 1 1 *' },
};
const start = (schedulers: Parameters<typeof startAnalyticsWorker>[0]['schedulers'] = false) =>
  startAnalyticsWorker({
    warehouse,
    connection,
    lifecycle: createLifecycle('analytics-test'),
    prefix: iso.queuePrefix,
    config: DEFAULT_CONFIG,
    standards: file,
    schedulers,
    log: (l) => logs.push(l),
  });
type Worker = Awaited<ReturnType<typeof start>>;
const run = async (w: Worker, job: WorkerJob, id: string) =>
  (await w.analytics.add(job.kind, job, { jobId: id })).waitUntilFinished(events, 60_000);
const q = (sql: string) => rows<Record<string, string | number>>(warehouse, sql);
const inForce = async () =>
  (
    await q(
      "SELECT target, standard_source, changed_by, locked FROM standards_current WHERE branch_id = 'B1' AND dimension = 'efficiency'",
    )
  )[0];

/** 30 questionnaires a day in the week of 2026-03-23, efficiency answered 5, 5, 4 (expecting 5). */
async function seedGoodWeek() {
  const out: Record<string, string | number | null>[] = [];
  for (let d = 0; d < 7; d++)
    for (let r = 0; r < 30; r++)
      for (const [k, p] of [5, 5, 4].entries()) {
        const at = Date.parse('2026-03-23T02:00:00Z') + d * DAY + r * 60_000;
        out.push({
          event_id: `q-${d}-${r}`,
          branch_id: 'B1',
          response_id: `R-${d}-${r}`,
          visit_id: '',
          customer_key: '',
          questionnaire_id: 'window-service',
          questionnaire_version: 1,
          item_id: `efficiency.item${k}`,
          quality_type: 'soft',
          dimension: 'efficiency',
          servqual_dimension: 'responsiveness',
          expectation: 5,
          perception: p,
          gap: p - 5,
          occurred_at: at,
          local_date: new Date(at + 8 * 3_600_000).toISOString().slice(0, 10),
          received_at: at,
          _topic: 't',
          _partition: 0,
          _offset: 0,
        });
      }
  await insertRows(warehouse, 'questionnaire_answers_v1', Object.keys(out[0]!), out);
}

describe('analytics worker on the stack', () => {
  it('a rules file with a typo is refused at start, with its path', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'rules-')), 'rules.json');
    writeFileSync(path, '{"npsDrop":{"windowDay":14}}');
    process.env.SERVLOOP_ALERT_RULES_FILE = path;
    try {
      await expect(
        startAnalyticsWorker({
          warehouse,
          connection,
          lifecycle: createLifecycle('x'),
          prefix: iso.queuePrefix,
          schedulers: false,
        }),
      ).rejects.toThrow(`${path}: npsDrop.windowDay: unknown key`);
    } finally {
      delete process.env.SERVLOOP_ALERT_RULES_FILE;
    }
  });

  it('a person’s override survives a loop closing as improved and a restart; actions done from the CLI count', async () => {
    let worker = await start();
    expect(await inForce()).toMatchObject({ target: 4.2, standard_source: 'override', locked: 0 });
    // A person overrides while a loop is open (the CLI sends this job).
    await run(
      worker,
      {
        kind: 'standard-change',
        branchId: 'B1',
        dimension: 'efficiency',
        source: 'override',
        target: 3.6,
        by: 'li.wei',
        why: 'new counter layout',
        at: Date.parse('2026-03-10T00:00:00Z'),
      },
      'override',
    );
    expect(await inForce()).toMatchObject({
      target: 3.6,
      standard_source: 'override',
      changed_by: 'li.wei',
      locked: 1,
    });

    // A loop opened on 2026-03-16 on a poor week (the worker's own state machine), saved by its writer.
    const low = summariseRespondents(
      Array.from({ length: 30 }, (_, i) => ({ sum: 6 + (i % 3), sumSquares: 12 + 5 * (i % 3), items: 3 })),
    );
    const opened = evaluateLoop(
      {
        branchId: 'B1',
        dimension: 'efficiency',
        now: Date.parse('2026-03-16T00:00:00Z'),
        today: '2026-03-16',
        standard: { target: 3.6, locked: true },
        expectations: { meanExpectation: 5, respondents: 30, topGaps: [] },
        period: { from: '2026-03-09', to: '2026-03-16' },
        measured: low,
        completions: [],
      },
      DEFAULT_CONFIG.loop,
    );
    expect(opened.versions).toHaveLength(4);
    await saveLoopVersions(warehouse, opened.versions);
    const loopId = opened.versions[0]!.loopId;
    for (const action of ['supervision', 'training', 'drill'])
      await run(
        worker,
        {
          kind: 'action-done',
          branchId: 'B1',
          loopId,
          action,
          by: 'wang.fang',
          note: '',
          at: Date.parse('2026-03-20T08:00:00Z'),
        },
        `done-${action}`,
      );
    expect(
      await q(
        `SELECT action_kind, source, completed_by FROM loop_action_events WHERE loop_id = '${loopId}' ORDER BY action_kind`,
      ),
    ).toEqual(
      ['drill', 'supervision', 'training'].map((a) => ({
        action_kind: a,
        source: 'cli',
        completed_by: 'wang.fang',
      })),
    );

    // Re-measured after the review date on a good week: closed as improved; the override stands.
    await seedGoodWeek();
    await run(
      worker,
      { kind: 'evaluate', branchId: 'B1', asOf: Date.parse('2026-03-31T00:00:00Z') },
      'evaluate',
    );
    const history = await q(
      `SELECT version, status, event FROM improvement_loops_v1 FINAL WHERE loop_id = '${loopId}' ORDER BY version`,
    );
    expect(history.at(-1)).toMatchObject({ status: 'closed' });
    expect(String(history.at(-1)!.event)).toContain('standard held by an override');
    expect(await inForce()).toMatchObject({ target: 3.6, standard_source: 'override', locked: 1 });

    // A restart with the same standards file applies nothing.
    await worker.stop();
    worker = await start();
    cleanup.push(() => worker.stop());
    expect(await inForce()).toMatchObject({ target: 3.6, standard_source: 'override', locked: 1 });
    expect(logs.filter((l) => l.includes('set from standards.json'))).toHaveLength(1);
    // Every change is on record with who and why.
    expect(
      await q(
        "SELECT source, via, changed_by FROM standards_v1 FINAL WHERE branch_id = 'B1' AND dimension = 'efficiency' ORDER BY created_at, version",
      ),
    ).toEqual([
      { source: 'override', via: 'cli', changed_by: 'li.wei' },
      { source: 'override', via: 'file', changed_by: 'standards.json' },
    ]);
  });

  it("a '*' default does not beat a person's override, and reaches the branch once the override is lifted", async () => {
    const worker = await start();
    await run(
      worker,
      {
        kind: 'standard-change',
        branchId: '*',
        dimension: 'efficiency',
        source: 'override',
        target: 4.4,
        by: 'zhao.min',
        why: 'regional standard',
      },
      'default',
    );
    expect(await inForce()).toMatchObject({ target: 3.6, changed_by: 'li.wei', locked: 1 });
    await run(
      worker,
      {
        kind: 'standard-change',
        branchId: 'B1',
        dimension: 'efficiency',
        source: 'lifted',
        target: 0,
        by: 'li.wei',
        why: 'layout settled',
      },
      'lift',
    );
    expect(await inForce()).toMatchObject({
      target: 4.4,
      standard_source: 'override',
      changed_by: 'zhao.min',
      locked: 0,
    });
    await worker.stop();
  });

  it('the daily digest runs from its scheduler', async () => {
    const worker = await start({ ...never, digest: { every: 1000 } });
    cleanup.push(() => worker.stop());
    const schedulers = await worker.analytics.getJobSchedulers();
    expect(schedulers.map((s) => s.key).sort()).toEqual(['clv', 'digest', 'floor', 'sweep']);
    await waitUntil(
      async () =>
        ((await q("SELECT count() AS n FROM alerts_v1 WHERE rule = 'digest'"))[0]!.n as number) > 0 ||
        undefined,
      30_000,
      () => 'no digest from the scheduler',
    );
    for (const s of ['clv', 'digest', 'floor', 'sweep']) await worker.analytics.removeJobScheduler(s);
  });
});
