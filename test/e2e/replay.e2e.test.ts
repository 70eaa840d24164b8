// Archive → replay → rebuild: events archived by the raw archiver and replayed from S3 into a
// fresh topic rebuild ClickHouse tables identical to the ones built from the live stream.
import { openArchive } from '@servloop/archive';
import { createKafka, ensureTopics, parseBrokers } from '@servloop/kafka';
import { COLUMNS, startNormaliser } from '@servloop/normaliser';
import { decode, encode, objectKey, parseObjectKey, replay, startArchiver } from '@servloop/raw-archiver';
import { validExamples } from '@servloop/schemas';
import { createLifecycle } from '@servloop/service-kit';
import { isolate, postEvent, resolveEndpoints, waitUntil } from '@servloop/test-harness';
import { migrate, openWarehouse, type Warehouse } from '@servloop/warehouse';
import { start as startGateway } from '@servloop/webhook-gateway';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationsDir } from './paths.ts';

const endpoints = await resolveEndpoints();
const iso = isolate(endpoints, 'replay');
const kafka = createKafka({ brokers: parseBrokers(endpoints.KAFKA_BROKERS), clientId: `test-${iso.id}` });
const archive = openArchive({ endpoint: endpoints.S3_ENDPOINT, bucket: endpoints.S3_BUCKET });
const secret = `whsec_${Buffer.from(`s-${iso.id}`).toString('base64')}`;
const live = `${iso.topicPrefix}live`;
const rebuilt = `${iso.topicPrefix}rebuilt`;
// Every table the normaliser writes (loop action completions included: replay must keep them).
const TABLES = Object.keys(COLUMNS);
afterAll(() => archive.close());

/** Table contents without the columns that say where a row came from (topic, offset, time). */
async function snapshot(w: Warehouse): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) {
    const rows = await (
      await w.client.query({
        query: `SELECT * EXCEPT (_topic, _partition, _offset, _ingested_at) FROM ${table} FINAL ORDER BY ALL`,
        format: 'JSONEachRow',
      })
    ).json();
    out[table] = rows;
  }
  return out;
}

async function normaliseInto(database: string, topic: string, expectedEvents: number) {
  const warehouse = await openWarehouse({ url: iso.clickhouseUrl, database });
  await migrate(warehouse, migrationsDir);
  const n = await startNormaliser({
    kafka,
    warehouse,
    topic,
    dlqTopic: `${iso.topicPrefix}dlq`,
    groupId: `${topic}.normaliser`,
    lifecycle: createLifecycle('n'),
  });
  const events = async () =>
    Number(
      (
        await (
          await warehouse.client.query({
            query: `SELECT uniqExact(event_id) AS n FROM (${TABLES.map((t) => `SELECT event_id FROM ${t}`).join(' UNION ALL ')})`,
            format: 'JSONEachRow',
          })
        ).json<{ n: string }>()
      )[0]!.n,
    );
  await waitUntil(
    async () => ((await events()) >= expectedEvents ? true : undefined),
    60_000,
    () => `events in ${database}`,
  );
  await n.stop();
  const snap = await snapshot(warehouse);
  await warehouse.close();
  return snap;
}

describe('raw archiver and replay', () => {
  it('replaying the S3 archive into empty tables gives the same table contents', async () => {
    await ensureTopics(
      kafka,
      [
        { name: 'live', partitions: 3 },
        { name: 'rebuilt', partitions: 3 },
        { name: 'dlq', partitions: 1 },
      ],
      iso.topicPrefix,
    );
    const branches = ['B001', 'B002', 'B003', 'B004'];
    const gateway = await startGateway({
      config: { branchSecrets: new Map(branches.map((b) => [b, [secret]])), pseudonymSecret: 'p' },
      kafkaBrokers: endpoints.KAFKA_BROKERS,
      redisUrl: endpoints.REDIS_URL,
      port: 0,
      topic: live,
    });
    const archiver = await startArchiver({
      kafka,
      archive,
      topic: live,
      groupId: `${live}.archiver`,
      prefix: iso.s3Prefix,
      lifecycle: createLifecycle('a'),
    });
    let events = 0;
    for (const b of branches) {
      for (const [i, ex] of validExamples().entries()) {
        expect(
          (
            await postEvent(`${gateway.address}/v1/branches/${b}/events`, ex.body, {
              secret,
              id: `${iso.id}-${b}-${i}`,
            })
          ).status,
        ).toBe(202);
        events++;
      }
      const surveys = Array.from({ length: 500 }, (_, i) => ({
        id: `${iso.id}-${b}-s${i}`,
        type: 'survey.response',
        occurredAt: `2026-03-${String(1 + (i % 28)).padStart(2, '0')}T09:00:00+08:00`,
        data: {
          responseId: `R${i}`,
          customer: { phone: `1390000${String(i).padStart(4, '0')}` },
          channel: 'app',
          nps: i % 11,
          comment: i % 7 ? '' : '排队太久',
        },
      }));
      expect(
        (
          await postEvent(`${gateway.address}/v1/branches/${b}/events/batch`, surveys, {
            secret,
            id: `${iso.id}-${b}-batch`,
          })
        ).status,
      ).toBe(207);
      events += surveys.length;
    }
    await gateway.stop();

    const original = await normaliseInto(`${iso.database}_live`, live, events);
    await waitUntil(
      async () => {
        let n = 0;
        for (const key of await archive.list(`${iso.s3Prefix}raw/${live}/`)) {
          const m = parseObjectKey(key)!;
          n += Number(m.last - m.first + 1n);
        }
        return n >= events ? true : undefined;
      },
      60_000,
      () => 'archive incomplete',
    );
    await archiver.stop();

    // Simulate a crashed archiver: an object overlapping one already written.
    const keys = await archive.list(`${iso.s3Prefix}raw/${live}/`);
    const biggest = keys
      .map((k) => ({ k, m: parseObjectKey(k)! }))
      .sort((a, b) => Number(b.m.last - b.m.first - (a.m.last - a.m.first)))[0]!;
    const records = decode(await archive.get(biggest.k));
    const overlap = records.slice(1);
    await archive.put(
      objectKey(iso.s3Prefix, live, biggest.m.partition, overlap[0]!.o, overlap[overlap.length - 1]!.o),
      encode(overlap),
    );
    expect(overlap.length).toBeGreaterThan(0);

    const result = await replay({
      kafka,
      archive,
      sourceTopic: live,
      targetTopic: rebuilt,
      prefix: iso.s3Prefix,
    });
    expect(result.records).toBe(events);
    expect(result.skipped).toBe(overlap.length);

    const rebuiltSnapshot = await normaliseInto(`${iso.database}_rebuilt`, rebuilt, events);
    expect(rebuiltSnapshot.survey_responses_v1!.length).toBe(branches.length * (500 + 4)); // + 2 surveys and 2 questionnaire NPS rows
    for (const table of TABLES) expect(rebuiltSnapshot[table], table).toEqual(original[table]);
  });
});
