// Composition root for a console process of its own, against a ClickHouse server (CLICKHOUSE_URL):
// read-only warehouse session, Kafka publisher for its writes, accounts from a users file, sessions
// in Redis (REDIS_URL) so a restart keeps people signed in and several console processes share them.
// (With the embedded warehouse the all-in-one process serves the console: one process per chDB path.)
import { redisConnection, redisExpiringStore } from '@servloop/jobs';
import { createKafka, createReliablePublisher, parseBrokers } from '@servloop/kafka';
import { TOPICS } from '@servloop/schemas';
import { createLifecycle, env, onShutdown } from '@servloop/service-kit';
import { openWarehouse } from '@servloop/warehouse';
import { accountStoreFromFile, kafkaEventPublisher, startQualityConsole } from './index.ts';
import { oidcProvidersFromEnv } from './oidc.ts';

const log = (line: string) => console.log(`[quality-console] ${line}`);
const lifecycle = createLifecycle('quality-console');
const warehouse = await openWarehouse({
  url: env('CLICKHOUSE_URL'),
  database: env('CLICKHOUSE_DATABASE', 'servloop'),
  create: false,
});
const brokers = parseBrokers(env('KAFKA_BROKERS'));
const publisher = await createReliablePublisher(
  createKafka({ brokers, clientId: 'quality-console' }),
  (process.env.SERVLOOP_TOPIC_PREFIX ?? '') + TOPICS.events,
  { brokers },
);
const port = Number(env('SERVLOOP_CONSOLE_PORT', env('PORT', '8090')));
// Fail fast: a page waiting on an unreachable Redis answers with an error in seconds, not never.
const redis = redisConnection(env('REDIS_URL'), { failFast: true });
const console_ = await startQualityConsole({
  warehouse,
  publishEvent: kafkaEventPublisher(publisher),
  accounts: accountStoreFromFile(env('SERVLOOP_CONSOLE_USERS_FILE')),
  publicUrl: env('SERVLOOP_CONSOLE_PUBLIC_URL', `http://127.0.0.1:${port}`),
  port,
  host: env('SERVLOOP_CONSOLE_HOST', '127.0.0.1'),
  providers: oidcProvidersFromEnv(),
  store: redisExpiringStore(redis, 'servloop:console:'),
  lifecycle,
  log,
});
log(
  `quality console on ${console_.url} (public URL ${console_.publicUrl}); /readyz and /metrics on the same port`,
);
onShutdown(
  lifecycle,
  [console_.close, () => publisher.close(), () => warehouse.close(), async () => redis.disconnect()],
  log,
);
