// Issue 4 end to end: simulated weeks of signed webhooks → ClickHouse → rollup and evaluation jobs
// → one branch × dimension walks all five steps (opened, actions, re-measured, closed) → each alert
// email arrives exactly once per key, also when a job runs twice and while SMTP is down.
import { startAlertMailer, warehouseAlertStatus } from '@servloop/alert-mailer';
import { DEFAULT_CONFIG, startAnalyticsWorker } from '@servloop/analytics-worker';
import { QueueEvents, redisConnection } from '@servloop/jobs';
import { createKafka, ensureTopics, parseBrokers } from '@servloop/kafka';
import { startNormaliser } from '@servloop/normaliser';
import { QUEUES } from '@servloop/schemas';
import { createLifecycle } from '@servloop/service-kit';
import { isolate, postEvent, resolveEndpoints, waitUntil } from '@servloop/test-harness';
import { migrate, openWarehouse } from '@servloop/warehouse';
import { start as startGateway } from '@servloop/webhook-gateway';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationsDir } from './paths.ts';
import { startSmtpSink } from './smtp-sink.ts';

const endpoints = await resolveEndpoints();
const iso = isolate(endpoints, 'analytics');
const kafka = createKafka({ brokers: parseBrokers(endpoints.KAFKA_BROKERS), clientId: `test-${iso.id}` });
const topic = `${iso.topicPrefix}events`;
const secret = `whsec_${Buffer.from(`s-${iso.id}`).toString('base64')}`;
const recipient = `quality+${iso.id}@servloop.test`;
const warehouse = await openWarehouse({ url: iso.clickhouseUrl, database: iso.database });
const connection = redisConnection(endpoints.REDIS_URL);
const cleanup: (() => Promise<unknown> | unknown)[] = [];
afterAll(async () => {
  for (const f of cleanup.reverse()) await f();
});

const DAY = 86_400_000;
const EFFICIENCY = [
  'efficiency.quick_response',
  'efficiency.professional_resolution',
  'efficiency.short_wait',
];
const OTHERS = [
  'attitude.courtesy',
  'performance.reliability',
  'process.convenience',
  'facilities.environment',
];
let seq = 0;
/** A questionnaire on a given day; `efficiency` sets the perception level of the efficiency items. */
function questionnaire(day: string, efficiency: number) {
  const i = seq++;
  const jitter = (k: number) => [0, 1, -1, 0, 1][(i + k) % 5]!;
  const clamp = (v: number) => Math.max(1, Math.min(5, v));
  return {
    id: `${iso.id}-q${i}`,
    type: 'questionnaire.window_service',
    occurredAt: `${day}T${String(9 + (i % 8)).padStart(2, '0')}:15:00+08:00`,
    data: {
      responseId: `Q${i}`,
      customer: { phone: `1390000${String(i % 5000).padStart(4, '0')}` },
      questionnaireId: 'window-service',
      questionnaireVersion: 1,
      answers: [
        ...EFFICIENCY.map((itemId, k) => ({
          itemId,
          expectation: 5,
          perception: clamp(efficiency + jitter(k)),
        })),
        ...OTHERS.map((itemId, k) => ({ itemId, expectation: 4, perception: clamp(4 + jitter(k + 3)) })),
      ],
      nps: efficiency >= 4 ? 9 : 7,
    },
  };
}
const days = (from: string, n: number) =>
  Array.from({ length: n }, (_, k) =>
    new Date(Date.parse(`${from}T00:00:00Z`) + k * DAY).toISOString().slice(0, 10),
  );

async function send(branchId: string, items: unknown[]) {
  for (let i = 0; i < items.length; i += 200) {
    const res = await postEvent(
      `${gatewayAddress}/v1/branches/${branchId}/events/batch`,
      items.slice(i, i + 200),
      { secret, id: `${iso.id}-${branchId}-${seq}-${i}` },
    );
    expect(res.status).toBe(207);
    expect((res.body!.results as { status: number }[]).every((r) => r.status === 202)).toBe(true);
  }
}
let gatewayAddress = '';

describe('analytics worker, improvement loop and alert mailer', () => {
  it('walks a degraded branch through the five steps and mails each alert once', async () => {
    await ensureTopics(
      kafka,
      [
        { name: 'events', partitions: 3 },
        { name: 'dlq', partitions: 1 },
      ],
      iso.topicPrefix,
    );
    await migrate(warehouse, migrationsDir);
    const smtp = await startSmtpSink();
    cleanup.push(() => smtp.down());
    const gateway = await startGateway({
      config: {
        branchSecrets: new Map(['B001', 'B002'].map((b) => [b, [secret]])),
        pseudonymSecret: 'p',
        ratePerSecond: 1e6,
        rateBurst: 1e6,
      },
      kafkaBrokers: endpoints.KAFKA_BROKERS,
      redisUrl: endpoints.REDIS_URL,
      port: 0,
      topic,
    });
    cleanup.push(() => gateway.stop());
    gatewayAddress = gateway.address;
    const worker = await startAnalyticsWorker({
      warehouse,
      connection,
      lifecycle: createLifecycle('analytics'),
      prefix: iso.queuePrefix,
      schedulers: false,
      log: (line) => console.error(`[analytics] ${line}`),
      config: { ...DEFAULT_CONFIG, recipients: [recipient], from: 'servloop 质量 <quality@servloop.test>' },
      standards: { entries: [], contentHash: '', path: '' },
    });
    cleanup.push(() => worker.stop());
    const normaliser = await startNormaliser({
      kafka,
      warehouse,
      topic,
      dlqTopic: `${iso.topicPrefix}dlq`,
      groupId: `${iso.topicPrefix}normaliser`,
      lifecycle: createLifecycle('normaliser'),
      onInserted: (touched) => worker.enqueueRollups(touched),
    });
    cleanup.push(() => normaliser.stop());
    const status = warehouseAlertStatus(warehouse);
    const mailer = await startAlertMailer({
      smtpUrl: smtp.smtpUrl,
      connection,
      lifecycle: createLifecycle('mailer'),
      // Defaults only: the worker's configuration addresses every alert (recipients/from are read).
      from: 'mailer-default <default@servloop.test>',
      recipients: [`default+${iso.id}@servloop.test`],
      status,
      prefix: iso.queuePrefix,
    });
    cleanup.push(() => mailer.stop());
    const events = new QueueEvents(QUEUES.analytics, {
      connection: redisConnection(endpoints.REDIS_URL),
      prefix: iso.queuePrefix,
    });
    cleanup.push(() => events.close());
    const q = (sql: string) =>
      warehouse.client
        .query({ query: sql, format: 'JSONEachRow' })
        .then((r) => r.json<Record<string, unknown>>());

    // Weeks 1–2: B001's efficiency falls from 4 to 2; B002 stays at 4–5.
    const weeks12 = days('2026-03-02', 14);
    await send(
      'B001',
      weeks12.flatMap((d, k) => Array.from({ length: 6 }, () => questionnaire(d, k < 7 ? 4 : 2))),
    );
    await send(
      'B002',
      weeks12.flatMap((d) => Array.from({ length: 6 }, () => questionnaire(d, 5))),
    );
    await waitUntil(
      async () =>
        Number((await q('SELECT count() AS n FROM questionnaire_answers'))[0]!.n) >= 2 * 14 * 6 * 7
          ? true
          : undefined,
      60_000,
      () => 'answers not ingested',
    );
    // The normaliser's rollup jobs produce the daily rollups for both branches.
    await waitUntil(
      async () =>
        Number((await q('SELECT count() AS n FROM quality_daily_v1 FINAL'))[0]!.n) >= 2 * 14 * 5
          ? true
          : undefined,
      60_000,
      () => 'rollups missing',
    );
    const nps = await q(
      'SELECT branch_id, sum(n) AS n FROM nps_daily_v1 FINAL GROUP BY branch_id ORDER BY branch_id',
    );
    expect(nps.map((r) => Number(r.n))).toEqual([84, 84]);

    // SMTP goes down before the evaluation; the loop opens and its alert waits for the mail server.
    await smtp.down();
    const evaluate = async (branchId: string, asOf: string, run: string) => {
      const job = await worker.analytics.add(
        'evaluate',
        { kind: 'evaluate', branchId, asOf: Date.parse(asOf) },
        { jobId: `test-evaluate|${branchId}|${run}` },
      );
      return job.waitUntilFinished(events, 60_000);
    };
    await evaluate('B001', '2026-03-16T00:00:00Z', '1');
    await evaluate('B001', '2026-03-16T00:00:00Z', '1-again'); // the same job twice changes nothing
    await evaluate('B002', '2026-03-16T00:00:00Z', '1');
    const loop1 = await q(
      "SELECT version, step, status FROM improvement_loops_v1 FINAL WHERE branch_id = 'B001' AND dimension = 'efficiency' ORDER BY version",
    );
    expect(loop1).toEqual([1, 2, 3, 4].map((v) => ({ version: v, step: v, status: 'open' })));
    expect(
      Number((await q("SELECT count() AS n FROM improvement_loops_v1 WHERE branch_id = 'B002'"))[0]!.n),
    ).toBe(0);
    await new Promise((r) => setTimeout(r, 3000)); // a few failed delivery attempts
    expect(await status.get('dimension-breach|B001:efficiency:2026-03-16')).toBe('queued');
    expect(await smtp.mailbox.to(recipient).catch(() => [])).toEqual([]);
    await smtp.up();
    // Two alerts were waiting: the loop opening, and the NPS drop that came with it (9 → 7).
    const first = await smtp.mailbox.waitFor(recipient, 2, 60_000);
    const breachMail = first.find(
      (m) => m.headers['x-servloop-alert-key'] === 'dimension-breach|B001:efficiency:2026-03-16',
    );
    expect(breachMail!.subject).toContain('网点 B001「服务效率」未达标准');
    expect(breachMail!.from).toBe('quality@servloop.test');
    expect(
      first.find((m) => m.headers['x-servloop-alert-key'] === 'nps-drop|B001|2026-03-09')!.text,
    ).toContain('NPS fell from 100.0 (period from 2026-03-02, n 42) to 0.0 (from 2026-03-09, n 42)');
    expect(breachMail!.text).toContain('Training on the standard for service efficiency');
    expect(breachMail!.text).toContain('实测均分 2.2(42 位客户),标准 4.5');

    // Step 4: the branch reports its actions done through the gateway (archived and replayable).
    const loopId = 'B001:efficiency:2026-03-16';
    await send(
      'B001',
      (['supervision', 'training', 'drill'] as const).map((action, k) => ({
        id: `${iso.id}-done-${action}`,
        type: 'loop.action_completed',
        occurredAt: `2026-03-${18 + k}T17:00:00+08:00`,
        data: { loopId, action, completedBy: 'S-021', note: '已完成' },
      })),
    );
    await waitUntil(
      async () =>
        Number((await q(`SELECT count() AS n FROM loop_action_events WHERE loop_id = '${loopId}'`))[0]!.n) ===
        3
          ? true
          : undefined,
      60_000,
      () => 'action completions not ingested',
    );

    // Weeks 3–4: the actions work; efficiency recovers to 4–5. Re-measured after the 14-day window.
    await send(
      'B001',
      days('2026-03-16', 14).flatMap((d) => Array.from({ length: 6 }, () => questionnaire(d, 5))),
    );
    await waitUntil(
      async () =>
        Number((await q("SELECT count() AS n FROM questionnaire_answers WHERE branch_id = 'B001'"))[0]!.n) >=
        28 * 6 * 7
          ? true
          : undefined,
      60_000,
      () => 'weeks 3–4 not ingested',
    );
    await evaluate('B001', '2026-03-31T00:00:00Z', '2');
    await evaluate('B001', '2026-03-31T00:00:00Z', '2-again');
    const loop2 = await q(
      "SELECT version, step, status FROM improvement_loops_v1 FINAL WHERE branch_id = 'B001' AND dimension = 'efficiency' ORDER BY version",
    );
    expect(loop2.slice(4)).toEqual([
      { version: 5, step: 4, status: 'open' }, // actions done (by event)
      { version: 6, step: 5, status: 'closed' }, // re-measured: improved, standard raised
    ]);
    const [closedState] = await q(
      `SELECT state FROM improvement_loops_v1 FINAL WHERE loop_id = '${loopId}' ORDER BY version DESC LIMIT 1`,
    );
    const actions = JSON.parse(String(closedState!.state)).actions as { kind: string; doneBy: string }[];
    expect(actions.map((a) => [a.kind, a.doneBy])).toEqual([
      ['supervision', 'S-021'],
      ['training', 'S-021'],
      ['drill', 'S-021'],
    ]);
    const standards = await q(
      "SELECT version, target_perception, source FROM standards_v1 FINAL WHERE branch_id = 'B001' AND dimension = 'efficiency' ORDER BY version",
    );
    expect(standards.map((s) => s.source)).toEqual(['proposed', 'raised']);
    expect(Number(standards[1]!.target_perception)).toBeCloseTo(
      Number(standards[0]!.target_perception) + 0.1,
      6,
    );

    // Exactly one mail per alert key, after two runs of every evaluation and an SMTP outage.
    await smtp.mailbox.waitFor(recipient, 3, 60_000);
    await new Promise((r) => setTimeout(r, 2000));
    const mails = await smtp.mailbox.to(recipient);
    const keys = mails.map((m) => m.headers['x-servloop-alert-key']);
    expect(keys.sort()).toEqual([
      'dimension-breach|B001:efficiency:2026-03-16',
      'loop-closed|B001:efficiency:2026-03-16',
      'nps-drop|B001|2026-03-09',
    ]);
    expect(await status.get('loop-closed|B001:efficiency:2026-03-16')).toBe('sent');

    // The daily digest: NPS per branch for the day before, sent once however often the job runs.
    for (const run of ['a', 'b']) {
      const job = await worker.analytics.add(
        'digest',
        { kind: 'digest', asOf: Date.parse('2026-03-11T00:00:00Z') },
        { jobId: `test-digest-${run}` },
      );
      await job.waitUntilFinished(events, 60_000);
    }
    const withDigest = await smtp.mailbox.waitFor(recipient, 4, 60_000);
    const digest = withDigest.filter((m) => m.headers['x-servloop-alert-key'] === 'digest|2026-03-10');
    expect(digest).toHaveLength(1);
    expect(digest[0]!.text).toMatch(/B001: NPS -?\d+\.\d \(95% interval/);
    expect(digest[0]!.text).toContain('B002: NPS 100.0');
  });
});
