// Crash test (issue 3): a normaliser process is killed with SIGKILL five times while 50,000
// events flow through the gateway. Afterwards ClickHouse holds exactly the events that got a 2xx,
// and the analyst-facing views count none twice.
import { type ChildProcess, spawn } from 'node:child_process';
import { createKafka, ensureTopics, parseBrokers } from '@servloop/kafka';
import { freePort, isolate, postEvent, resolveEndpoints, waitUntil } from '@servloop/test-harness';
import { openWarehouse } from '@servloop/warehouse';
import { start as startGateway } from '@servloop/webhook-gateway';
import { afterAll, describe, expect, it } from 'vitest';
import { normaliserMain } from './paths.ts';

const TOTAL = Number(process.env.SERVLOOP_CRASH_EVENTS ?? 50_000);
const KILLS = 5;
const BATCH = 250;

const endpoints = await resolveEndpoints();
const iso = isolate(endpoints, 'crash');
const kafka = createKafka({ brokers: parseBrokers(endpoints.KAFKA_BROKERS), clientId: `test-${iso.id}` });
const secret = `whsec_${Buffer.from(`s-${iso.id}`).toString('base64')}`;
const groupId = `${iso.topicPrefix}normaliser`;
const topic = `${iso.topicPrefix}servloop.events.v1`;
const branches = Array.from({ length: 20 }, (_, i) => `B${String(i + 1).padStart(3, '0')}`);

let child: ChildProcess | undefined;
let probePort = 0;
const log: string[] = [];

async function spawnNormaliser(): Promise<void> {
  probePort = await freePort();
  child = spawn(process.execPath, ['--import', 'tsx', normaliserMain], {
    env: {
      ...process.env,
      KAFKA_BROKERS: endpoints.KAFKA_BROKERS,
      REDIS_URL: endpoints.REDIS_URL,
      SERVLOOP_QUEUE_PREFIX: iso.queuePrefix,
      CLICKHOUSE_URL: iso.clickhouseUrl,
      CLICKHOUSE_DATABASE: iso.database,
      SERVLOOP_TOPIC_PREFIX: iso.topicPrefix,
      SERVLOOP_NORMALISER_GROUP: groupId,
      SERVLOOP_NORMALISER_SESSION_TIMEOUT_MS: '6000',
      PORT: String(probePort),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => log.push(String(d)));
  child.stderr!.on('data', (d) => log.push(String(d)));
  await waitUntil(
    async () => ((await insertedByChild()) !== undefined ? true : undefined),
    60_000,
    () => `normaliser did not come up:\n${log.join('')}`,
  );
}

/** Rows the running child reports inserted (its /metrics), or undefined while it is not up. */
async function insertedByChild(): Promise<number | undefined> {
  try {
    const text = await (await fetch(`http://127.0.0.1:${probePort}/metrics`)).text();
    return [...text.matchAll(/^normaliser_rows_inserted_total\{[^}]*\} (\d+)/gm)].reduce(
      (n, m) => n + Number(m[1]),
      0,
    );
  } catch {
    return undefined;
  }
}

function exited(p: ChildProcess): Promise<void> {
  return new Promise((resolve) =>
    p.exitCode !== null || p.signalCode !== null ? resolve() : p.once('exit', () => resolve()),
  );
}

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGKILL');
    await exited(child);
  }
});

describe(`crash test: ${TOTAL} events, normaliser SIGKILLed ${KILLS} times`, () => {
  it('ClickHouse ends with exactly the acknowledged events, none counted twice', async () => {
    await ensureTopics(
      kafka,
      [
        { name: 'servloop.events.v1', partitions: 6 },
        { name: 'servloop.events.dlq.v1', partitions: 1 },
      ],
      iso.topicPrefix,
    );
    const gateway = await startGateway({
      config: {
        branchSecrets: new Map(branches.map((b) => [b, [secret]])),
        pseudonymSecret: 'p',
        ratePerSecond: 1e6,
        rateBurst: 1e6,
      },
      kafkaBrokers: endpoints.KAFKA_BROKERS,
      redisUrl: endpoints.REDIS_URL,
      port: 0,
      topic,
    });
    await spawnNormaliser();

    // Load: batches of surveys, paced so the kills land while events are flowing.
    const accepted = new Set<string>();
    let sent = 0;
    let kills = 0;
    const load = (async () => {
      while (sent < TOTAL) {
        const n = Math.min(BATCH, TOTAL - sent);
        const branch = branches[((sent / BATCH) % branches.length) | 0]!;
        const items = Array.from({ length: n }, (_, i) => ({
          id: `${iso.id}-${sent + i}`,
          type: 'survey.response',
          occurredAt: '2026-03-02T10:30:00+08:00',
          data: {
            responseId: `R${sent + i}`,
            customer: { phone: `1380013${String((sent + i) % 10000).padStart(4, '0')}` },
            channel: 'sms',
            nps: (sent + i) % 11,
          },
        }));
        sent += n;
        const res = await postEvent(`${gateway.address}/v1/branches/${branch}/events/batch`, items, {
          secret,
          id: `${iso.id}-batch-${sent}`,
        });
        expect(res.status).toBe(207);
        for (const r of res.body!.results as { id: string; status: number }[])
          if (r.status === 202) accepted.add(r.id);
        // Spread the kills over the load: hold at each sixth until the next kill has happened.
        while (kills < KILLS && sent >= (TOTAL * (kills + 1)) / (KILLS + 1))
          await new Promise((r) => setTimeout(r, 50));
      }
    })();

    // Kill the normaliser whenever it is mid-stream (it has inserted rows since it started).
    for (let k = 0; k < KILLS; k++) {
      await waitUntil(
        async () => (((await insertedByChild()) ?? 0) > 0 ? true : undefined),
        60_000,
        () => `no progress before kill ${k + 1}`,
      );
      await new Promise((r) => setTimeout(r, 300 + Math.random() * 700));
      child!.kill('SIGKILL');
      await exited(child!);
      kills++;
      await spawnNormaliser();
    }
    await load;
    await gateway.stop();
    expect(sent).toBe(TOTAL);
    expect(accepted.size).toBe(TOTAL);

    // Drain: wait until the group has committed the end of every partition.
    const admin = kafka.admin();
    await admin.connect();
    await waitUntil(
      async () => {
        const ends = await admin.fetchTopicOffsets(topic);
        const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
        const lag = ends.reduce((sum, e) => {
          const c = committed!.partitions.find((p) => p.partition === e.partition);
          return sum + (Number(e.offset) - Math.max(0, Number(c?.offset ?? 0)));
        }, 0);
        return lag === 0 ? true : undefined;
      },
      180_000,
      () => `normaliser lag did not reach 0:\n${log.slice(-20).join('')}`,
      500,
    );
    await admin.disconnect();
    child!.kill('SIGTERM');
    await exited(child!);

    const warehouse = await openWarehouse({ url: iso.clickhouseUrl, database: iso.database });
    try {
      const q = async (sql: string) =>
        Number(
          (
            await (await warehouse.client.query({ query: sql, format: 'JSONEachRow' })).json<{ n: string }>()
          )[0]!.n,
        );
      const distinct = await q('SELECT uniqExact(event_id) AS n FROM survey_responses_v1');
      const viewCount = await q('SELECT count() AS n FROM survey_responses');
      const raw = await q('SELECT count() AS n FROM survey_responses_v1');
      console.log(
        `crash test: ${accepted.size} acknowledged, ${distinct} distinct in ClickHouse, ${viewCount} in the analyst view, ${raw} raw rows before merges`,
      );
      expect(distinct).toBe(accepted.size);
      expect(viewCount).toBe(accepted.size);
      const ids = await (
        await warehouse.client.query({
          query: 'SELECT event_id FROM survey_responses',
          format: 'JSONEachRow',
        })
      ).json<{ event_id: string }>();
      expect(ids.every((r) => accepted.has(r.event_id))).toBe(true);
    } finally {
      await warehouse.close();
    }
  });
});
