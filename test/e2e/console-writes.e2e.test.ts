// The quality console's writes end to end: a person completes a loop action, adds a note,
// overrides a standard and logs a call-back outcome; each is an event on the console's Kafka topic,
// the normaliser stores it, and the console's pages show it (and the call-back closes the case and
// its alert). The analytics worker's standard history sees the override.

import { standardHistory, standardInForce } from '@servloop/analytics-worker';
import { ensureTopics } from '@servloop/kafka';
import { type RunningNormaliser, startNormaliser } from '@servloop/normaliser';
import { FIXTURE } from '@servloop/quality-console/fixture';
import {
  type Browser,
  json,
  signIn,
  startTestConsole,
  type TestConsole,
} from '@servloop/quality-console/test-support';
import { createLifecycle } from '@servloop/service-kit';
import { isolate, resolveEndpoints, waitUntil } from '@servloop/test-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let c: TestConsole;
let normaliser: RunningNormaliser;
let hq: Browser;
let branch: Browser;
beforeAll(async () => {
  const endpoints = await resolveEndpoints();
  const iso = isolate(endpoints, 'console-writes');
  c = await startTestConsole({ kafkaBrokers: endpoints.KAFKA_BROKERS, redisUrl: endpoints.REDIS_URL, iso });
  await ensureTopics(c.kafka, [{ name: 'dlq', partitions: 1 }], iso.topicPrefix);
  normaliser = await startNormaliser({
    kafka: c.kafka,
    warehouse: c.writer,
    topic: c.topic,
    dlqTopic: `${iso.topicPrefix}dlq`,
    groupId: `${iso.topicPrefix}normaliser`,
    lifecycle: createLifecycle('normaliser'),
  });
  hq = await signIn(c, 'hq');
  branch = await signIn(c, 'n001');
});
afterAll(async () => {
  await normaliser?.stop();
  await c?.close();
});

const loop = `/branches/N001/loops/${encodeURIComponent(FIXTURE.loopId('N001'))}`;
const until = (path: string, who: Browser, pattern: RegExp) =>
  waitUntil(
    async () => {
      const text = await (await who.get(path)).text();
      return pattern.test(text) ? text : undefined;
    },
    60_000,
    () => `${path} never matched ${pattern}`,
    250,
  );

describe('console writes through Kafka and the normaliser', () => {
  it('an action completed by the branch manager appears on the loop page once stored, and in the audit', async () => {
    expect((await branch.post(`${loop}/actions`, { action: 'training', note: '全员培训完成' })).status).toBe(
      303,
    );
    const id = c.published.at(-1)!.id;
    const page = await until(loop, branch, new RegExp(`<li data-event="${id}">`));
    expect(page).toContain('全员培训完成');
    expect(page).not.toContain('待入库');
    const [row] = await (
      await c.writer.client.query({
        query: `SELECT completed_by, source FROM loop_action_events_v1 FINAL WHERE event_id = '${id}'`,
        format: 'JSONEachRow',
      })
    ).json<{ completed_by: string; source: string }>();
    expect(row).toEqual({ completed_by: 'n001', source: 'console' });
    const audit = await until('/audit', hq, new RegExp(`data-event="${id}"`));
    expect(audit).toMatch(
      new RegExp(`data-event="${id}"><td>[^<]+</td><td>n001</td><td>branch</td><td>local</td>`),
    );
  });

  it('a note appears under the loop', async () => {
    expect((await hq.post(`${loop}/notes`, { note: '周一晨会复盘,增开窗口' })).status).toBe(303);
    const id = c.published.at(-1)!.id;
    await until(loop, hq, new RegExp(`<li data-event="${id}">.*周一晨会复盘,增开窗口`));
  });

  it('a call-back outcome closes the case and, its only case closed, the alert', async () => {
    const kase = `/branches/N001/cases/${encodeURIComponent(FIXTURE.caseId('N001'))}`;
    expect(await (await hq.get(kase)).text()).toContain('id="case-status" data-closed="0"');
    expect(
      (await hq.post(`${kase}/outcome`, { outcome: 'reached', note: '已致电,客户接受道歉' })).status,
    ).toBe(303);
    const page = await until(kase, hq, /id="case-status" data-closed="1"/);
    expect(page).toContain('id="alert-status" data-closed="1"');
    expect(page).toContain('已致电,客户接受道歉');
    const open = await json(hq.get('/api/callbacks?status=open'));
    expect(open.cases.map((x: { caseId: string }) => x.caseId)).not.toContain(FIXTURE.caseId('N001'));
  });

  it("a standard override is in the worker's standard history, held as a person's override", async () => {
    expect(
      (
        await hq.post('/branches/N001/standards', {
          dimension: 'efficiency',
          target: '4.25',
          reason: '新排队系统上线',
        })
      ).status,
    ).toBe(303);
    const id = c.published.at(-1)!.id;
    const inForce = await waitUntil(
      async () => {
        const s = standardInForce(await standardHistory(c.writer, 'N001'), 'N001', 'efficiency');
        return s?.change.changeId === id ? s : undefined;
      },
      60_000,
      () => 'override never reached the standard history',
      250,
    );
    expect(inForce).toMatchObject({
      target: 4.25,
      source: 'override',
      locked: true,
      change: { via: 'console', changedBy: 'hq', reason: '新排队系统上线' },
    });
  });
});
