import { createKafka, ensureTopics, parseBrokers } from '@servloop/kafka';
import { type EventEnvelope, invalidExamples, validExamples } from '@servloop/schemas';
import { freePort, isolate, postEvent, resolveEndpoints, waitUntil } from '@servloop/test-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start } from '../src/index.ts';

const endpoints = await resolveEndpoints();
const iso = isolate(endpoints, 'gateway');
const topic = `${iso.topicPrefix}events`;
const brokers = parseBrokers(endpoints.KAFKA_BROKERS);
const kafka = createKafka({ brokers, clientId: `test-${iso.id}` });
const secret = `whsec_${Buffer.from(`secret-${iso.id}`).toString('base64')}`;
const oldSecret = `whsec_${Buffer.from(`old-${iso.id}`).toString('base64')}`;

let gateway: Awaited<ReturnType<typeof start>>;
let base: string;
const received: EventEnvelope[] = [];
const consumer = kafka.consumer({ groupId: `${iso.topicPrefix}reader` });

beforeAll(async () => {
  await ensureTopics(kafka, [{ name: 'events', partitions: 3 }], iso.topicPrefix);
  gateway = await start({
    config: {
      branchSecrets: new Map([
        ['B001', [secret, oldSecret]],
        ['B-SLOW', [secret]],
      ]),
      pseudonymSecret: `pseudo-${iso.id}`,
      bodyLimitBytes: 64 * 1024,
      ratePerSecond: 1000,
      rateBurst: 1000,
    },
    kafkaBrokers: endpoints.KAFKA_BROKERS,
    redisUrl: endpoints.REDIS_URL,
    port: 0,
    topic,
  });
  base = `${gateway.address}/v1/branches`;
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => void received.push(JSON.parse(message.value!.toString())),
  });
});
afterAll(async () => {
  await consumer.disconnect();
  await gateway.stop();
});

describe('webhook gateway against Kafka and Redis', () => {
  it('accepts every golden valid example once, pseudonymised, keyed by branch', async () => {
    const examples = validExamples();
    for (const [i, ex] of examples.entries()) {
      const id = `${iso.id}-valid-${i}`;
      const first = await postEvent(`${base}/B001/events`, ex.body, { secret, id });
      expect(first, ex.file).toMatchObject({ status: 202, body: { id, status: 'accepted' } });
      const again = await postEvent(`${base}/B001/events`, ex.body, { secret, id });
      expect(again, ex.file).toMatchObject({ status: 200, body: { id, status: 'duplicate' } });
    }
    await waitUntil(
      async () => (received.length >= examples.length ? true : undefined),
      20_000,
      () => `${received.length} of ${examples.length} on Kafka`,
    );
    await new Promise((r) => setTimeout(r, 500)); // a duplicate would show up by now
    expect(received.map((e) => e.id).sort()).toEqual(examples.map((_, i) => `${iso.id}-valid-${i}`).sort());
    const text = JSON.stringify(received);
    for (const pii of ['13800138000', '138 0013 8000', '张三', '李四', '110101195001011234'])
      expect(text).not.toContain(pii);
    const survey = received.find(
      (e) => e.type === 'survey.response' && (e.data as { nps?: number }).nps === 3,
    )!;
    expect(survey).toMatchObject({
      branchId: 'B001',
      schemaVersion: 1,
      occurredAt: '2026-03-02T10:30:00+08:00',
    });
    expect((survey.data as { customer: object }).customer).toEqual({
      customerKey: expect.stringMatching(/^ck_[0-9a-f]{32}$/),
    });
    expect((survey.data as { comment: string }).comment).toContain('138****8000');
  });

  it('refuses every golden invalid example with its status and the failing field', async () => {
    for (const [i, ex] of invalidExamples().entries()) {
      const res = await postEvent(`${base}/B001/events`, ex.body, { secret, id: `${iso.id}-invalid-${i}` });
      expect(res.status, ex.file).toBe(ex.expect.status);
      expect(
        (res.body?.errors as { path: string }[]).map((e) => e.path),
        ex.file,
      ).toContain(ex.expect.path);
    }
  });

  const valid = () => validExamples()[0]!.body;
  it('401 for a wrong secret, a tampered body, a stale timestamp; the old secret still works during rotation', async () => {
    const wrong = await postEvent(`${base}/B001/events`, valid(), {
      secret: 'whsec_d3Jvbmc=',
      id: `${iso.id}-w`,
    });
    expect(wrong).toMatchObject({ status: 401, body: { error: 'invalid_signature' } });
    const tampered = await postEvent(`${base}/B001/events`, valid(), {
      secret,
      id: `${iso.id}-t`,
      tamper: (b) => b.replace('{', '{ '),
    });
    // (the tampered body is the same JSON in other bytes: the signature covers bytes)
    expect(tampered).toMatchObject({
      status: 401,
      body: { message: expect.stringMatching(/no signature matches/) },
    });
    const stale = await postEvent(`${base}/B001/events`, valid(), {
      secret,
      id: `${iso.id}-s`,
      timestampSeconds: Math.floor(Date.now() / 1000) - 600,
    });
    expect(stale).toMatchObject({
      status: 401,
      body: { message: expect.stringMatching(/old; tolerance is 300 s/) },
    });
    const rotated = await postEvent(`${base}/B001/events`, valid(), {
      secret: oldSecret,
      id: `${iso.id}-rot`,
    });
    expect(rotated.status).toBe(202);
  });

  it('404 unknown branch, 413 too large, 415 not JSON, 400 malformed JSON', async () => {
    expect(await postEvent(`${base}/B404/events`, valid(), { secret, id: `${iso.id}-u` })).toMatchObject({
      status: 404,
      body: { error: 'unknown_branch' },
    });
    const big = { ...valid(), data: { ...valid().data, padding: 'x'.repeat(70 * 1024) } };
    expect(await postEvent(`${base}/B001/events`, big, { secret, id: `${iso.id}-big` })).toMatchObject({
      status: 413,
      body: { error: 'payload_too_large' },
    });
    expect(
      await postEvent(`${base}/B001/events`, 'type=visit', {
        secret,
        id: `${iso.id}-form`,
        contentType: 'application/x-www-form-urlencoded',
      }),
    ).toMatchObject({
      status: 415,
      body: { error: 'unsupported_media_type' },
    });
    expect(
      await postEvent(`${base}/B001/events`, '{"type": ', { secret, id: `${iso.id}-json` }),
    ).toMatchObject({
      status: 400,
      body: { error: 'invalid_json' },
    });
  });

  it('the batch endpoint answers per item and skips duplicates', async () => {
    const items = validExamples()
      .slice(0, 3)
      .map((e, i) => ({ id: `${iso.id}-batch-${i}`, ...e.body }));
    const bad = {
      id: `${iso.id}-batch-bad`,
      type: 'survey.response',
      occurredAt: '2026-03-02T10:30:00+08:00',
      data: { nps: 99 },
    };
    const res = await postEvent(`${base}/B001/events/batch`, [...items, bad, items[0]], {
      secret,
      id: `${iso.id}-batch`,
    });
    expect(res.status).toBe(207);
    const results = res.body!.results as { id: string; status: number; errors?: { path: string }[] }[];
    expect(results.map((r) => r.status)).toEqual([202, 202, 202, 400, 200]);
    expect(results[3]!.errors!.map((e) => e.path)).toContain('/3/data/nps');
  });

  it('pretty-printed bodies with line breaks in text arrive intact', async () => {
    const survey = validExamples().find((e) => (e.body as { type: string }).type === 'survey.response')!;
    const body = structuredClone(survey.body) as { data: Record<string, unknown> };
    body.data.comment = '第一行\n第二行\t制表符 \u001f 控制符';
    const ids = [`${iso.id}-pretty-a`, `${iso.id}-pretty-b`];
    const answers = await Promise.all(
      ids.map((id) => postEvent(`${base}/B001/events`, JSON.stringify(body, null, 2), { secret, id })),
    );
    expect(answers.map((a) => a.status)).toEqual([202, 202]);
    await waitUntil(
      async () => (ids.every((id) => received.some((e) => e.id === id)) ? true : undefined),
      15_000,
      () => 'pretty-printed events not on Kafka',
    );
    for (const id of ids) {
      const event = received.find((e) => e.id === id)!;
      expect(event.data).toMatchObject({ comment: body.data.comment, nps: body.data.nps });
    }
  });

  it('concurrent retries of one webhook-id: one 202, the others 200, one event on Kafka', async () => {
    // A client that times out and retries while its first attempt is still being produced.
    const id = `${iso.id}-concurrent`;
    const body = validExamples()[0]!.body;
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => postEvent(`${base}/B001/events`, body, { secret, id })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 202]);
    await waitUntil(
      async () => (received.some((e) => e.id === id) ? true : undefined),
      15_000,
      () => `${id} not on Kafka`,
    );
    await new Promise((r) => setTimeout(r, 500)); // a second copy would show up by now
    expect(received.filter((e) => e.id === id)).toHaveLength(1);
  });

  it('503 with Retry-After, nothing produced, while Redis is unreachable', async () => {
    const noRedis = await start({
      config: { branchSecrets: new Map([['B001', [secret]]]), pseudonymSecret: 'p' },
      kafkaBrokers: endpoints.KAFKA_BROKERS,
      redisUrl: `redis://127.0.0.1:${await freePort()}`,
      port: 0,
      topic,
    });
    try {
      const id = `${iso.id}-no-redis`;
      const res = await postEvent(`${noRedis.address}/v1/branches/B001/events`, valid(), { secret, id });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(res.body).toMatchObject({ error: 'unavailable' });
      await new Promise((r) => setTimeout(r, 500));
      expect(received.some((e) => e.id === id)).toBe(false);
    } finally {
      await noRedis.stop();
    }
  });

  it('429 with Retry-After when a branch exceeds its rate', async () => {
    const limited = await start({
      config: {
        branchSecrets: new Map([['B001', [secret]]]),
        pseudonymSecret: 'p',
        ratePerSecond: 1,
        rateBurst: 2,
      },
      kafkaBrokers: endpoints.KAFKA_BROKERS,
      redisUrl: endpoints.REDIS_URL,
      port: 0,
      topic,
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++)
        statuses.push(
          (
            await postEvent(`${limited.address}/v1/branches/B001/events`, valid(), {
              secret,
              id: `${iso.id}-rl-${i}`,
            })
          ).status,
        );
      expect(statuses.slice(0, 2)).toEqual([202, 202]);
      expect(statuses.slice(2)).toEqual([429, 429]);
    } finally {
      await limited.stop();
    }
  });

  it('serves health, readiness and metrics', async () => {
    expect((await fetch(`${gateway.address}/healthz`)).status).toBe(200);
    expect((await fetch(`${gateway.address}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`${gateway.address}/metrics`)).text();
    expect(metrics).toMatch(/gateway_events_accepted_total\{service="webhook-gateway"\} \d+/);
  });
});
