// Webhook-to-queryable latency at a fixed rate: signed webhooks go to the gateway, the normaliser
// inserts them into chDB, and a poller records when each event id first shows up in a query.
//   pnpm --filter @servloop/bench latency   (needs the local stack: Kafka, Redis)
import { mkdtempSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKafka, ensureTopics, parseBrokers } from '@servloop/kafka';
import { startNormaliser } from '@servloop/normaliser';
import { createLifecycle } from '@servloop/service-kit';
import { resolveEndpoints } from '@servloop/test-harness';
import { migrate, openWarehouse } from '@servloop/warehouse';
import { start as startGateway } from '@servloop/webhook-gateway';
import { sign } from '@servloop/webhook-signature';
import { fmt, percentile, surveyBody } from './common.ts';

const RATE = Number(process.env.BENCH_RATE ?? 2000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const endpoints = await resolveEndpoints();
const run = Date.now().toString(36);
const kafka = createKafka({ brokers: parseBrokers(endpoints.KAFKA_BROKERS), clientId: 'bench' });
const topic = `bench.${run}.latency`;
await ensureTopics(kafka, [{ name: topic, partitions: 6 }]);
const warehouse = await openWarehouse({
  url: `chdb://${mkdtempSync(join(tmpdir(), 'bench-lat-'))}`,
  database: 'bench',
});
await migrate(warehouse, join(import.meta.dirname, '..', 'infra', 'clickhouse', 'migrations'));
const secret = `whsec_${Buffer.from('latency-bench').toString('base64')}`;
const gateway = await startGateway({
  config: {
    branchSecrets: new Map([['B001', [secret]]]),
    pseudonymSecret: 'p',
    ratePerSecond: 1e9,
    rateBurst: 1e9,
  },
  kafkaBrokers: endpoints.KAFKA_BROKERS,
  redisUrl: endpoints.REDIS_URL,
  port: 0,
  topic,
});
const normaliser = await startNormaliser({
  kafka,
  warehouse,
  topic,
  dlqTopic: `${topic}.dlq`,
  groupId: `${topic}.n`,
  lifecycle: createLifecycle('bench'),
});

const sentAt = new Map<string, number>();
const seenAt = new Map<string, number>();
const ackMs: number[] = [];
let accepted = 0;
let polling = true;
const poller = (async () => {
  let since = 0;
  while (polling) {
    const rows = await (
      await warehouse.client.query({
        query:
          'SELECT event_id, _offset, _partition FROM survey_responses_v1 WHERE _ingested_at >= fromUnixTimestamp64Milli({since:Int64})',
        query_params: { since },
        format: 'JSONEachRow',
      })
    ).json<{ event_id: string }>();
    const now = Date.now();
    for (const r of rows) if (!seenAt.has(r.event_id)) seenAt.set(r.event_id, now);
    since = now - 5000;
    await new Promise((r) => setTimeout(r, 50));
  }
})();

// Keep-alive connections, bounded: an open loop over fetch opens a socket per request.
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
function post(url: string, body: unknown, id: string): Promise<number> {
  const text = JSON.stringify(body);
  const ts = String(Math.floor(Date.now() / 1000));
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'webhook-id': id,
          'webhook-timestamp': ts,
          'webhook-signature': sign(secret, id, ts, text),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

// Open loop: every 10 ms, send RATE/100 events without waiting for the previous ones.
const perTick = RATE / 100;
const inFlight: Promise<void>[] = [];
const began = Date.now();
for (let tick = 0; tick < SECONDS * 100; tick++) {
  const due = began + tick * 10;
  const wait = due - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  for (let j = 0; j < perTick; j++) {
    const i = tick * perTick + j;
    const id = `${run}-${i}`;
    sentAt.set(id, Date.now());
    inFlight.push(
      post(`${gateway.address}/v1/branches/B001/events`, surveyBody(i), id).then((status) => {
        if (status === 202) accepted++;
        ackMs.push(Date.now() - sentAt.get(id)!);
      }),
    );
  }
  if (tick % 100 === 99)
    process.stderr.write(
      `  sent ${fmt(sentAt.size)}, accepted ${fmt(accepted)}, queryable ${fmt(seenAt.size)}\n`,
    );
}
await Promise.all(inFlight);
const achieved = sentAt.size / ((Date.now() - began) / 1000);
const deadline = Date.now() + 30_000;
while (seenAt.size < accepted && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
polling = false;
await poller;
const latencies = [...seenAt].map(([id, t]) => t - sentAt.get(id)!).sort((a, b) => a - b);
console.log(
  `webhook → queryable at ${fmt(achieved)} events/s offered (target ${RATE}) for ${SECONDS} s: ${fmt(accepted)} accepted, ${fmt(seenAt.size)} queryable; ` +
    `gateway 202 p50 ${fmt(
      percentile(
        ackMs.sort((a, b) => a - b),
        50,
      ),
    )} ms p99 ${fmt(percentile(ackMs, 99))} ms; ` +
    `webhook → queryable p50 ${fmt(percentile(latencies, 50))} ms, p99 ${fmt(percentile(latencies, 99))} ms, max ${fmt(latencies.at(-1) ?? 0)} ms (goal p99 ≤ 2000 ms; poll interval 50 ms)`,
);
await gateway.stop();
await normaliser.stop();
await warehouse.close();
process.exit(0);
