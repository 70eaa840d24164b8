// Composition root: Kafka consumer group → ClickHouse; rollup jobs on each insert.
import { createQueue, redisConnection } from '@servloop/jobs';
import { createKafka, parseBrokers } from '@servloop/kafka';
import { QUEUES, rollupJob, TOPICS } from '@servloop/schemas';
import { createLifecycle, env, onShutdown, serveProbes } from '@servloop/service-kit';
import { startNormaliser } from './consumer.ts';
import { openWarehouseFromEnv } from './warehouse-from-env.ts';

const log = (line: string) => console.log(`[normaliser] ${line}`);
const lifecycle = createLifecycle('normaliser');
const warehouse = await openWarehouseFromEnv(log);
const prefix = process.env.SERVLOOP_TOPIC_PREFIX ?? '';
const redis = redisConnection(env('REDIS_URL'));
const queuePrefix = process.env.SERVLOOP_QUEUE_PREFIX;
const analytics = createQueue(QUEUES.analytics, redis, queuePrefix ? { prefix: queuePrefix } : {});
const normaliser = await startNormaliser({
  kafka: createKafka({ brokers: parseBrokers(env('KAFKA_BROKERS')), clientId: 'normaliser' }),
  warehouse,
  topic: prefix + TOPICS.events,
  dlqTopic: prefix + TOPICS.dlq,
  groupId: env('SERVLOOP_NORMALISER_GROUP', 'servloop-normaliser'),
  lifecycle,
  log,
  // Rollups for what was just inserted; the analytics worker collapses bursts on the job id.
  onInserted: async (touched) => void (await analytics.addBulk(touched.map(rollupJob))),
  sessionTimeoutMs: Number(env('SERVLOOP_NORMALISER_SESSION_TIMEOUT_MS', '30000')),
  stuckAfterMs: 1000 * Number(env('SERVLOOP_INGEST_STUCK_SECONDS', '60')),
});
const probes = await serveProbes(lifecycle, Number(env('PORT', '0')));
log(`consuming ${prefix + TOPICS.events}; probes on ${JSON.stringify(probes.address())}`);
onShutdown(
  lifecycle,
  [normaliser.stop, () => analytics.close(), () => warehouse.close(), async () => void probes.close()],
  log,
);
