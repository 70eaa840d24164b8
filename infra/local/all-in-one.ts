// Every servloop service in one process (the embedded warehouse allows one process per data
// directory), against the local stack. Started by `bash infra/local/servloop.sh demo`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startAlertMailer, warehouseAlertStatus } from '@servloop/alert-mailer';
import { startAnalyticsWorker } from '@servloop/analytics-worker';
import { openArchive } from '@servloop/archive';
import { redisConnection, redisExpiringStore } from '@servloop/jobs';
import { createKafka, createReliablePublisher, ensureTopics, parseBrokers } from '@servloop/kafka';
import { startNormaliser } from '@servloop/normaliser';
import {
  type AccountStore,
  kafkaEventPublisher,
  oidcProvidersFromEnv,
  startQualityConsole,
} from '@servloop/quality-console';
import { startArchiver } from '@servloop/raw-archiver';
import { TOPICS, topicDefinitions } from '@servloop/schemas';
import { createLifecycle, env, serveProbes } from '@servloop/service-kit';
import {
  type AnalystUsers,
  analystLimitsFromEnv,
  insertRows,
  migrate,
  openWarehouse,
  serveQueryEndpoint,
} from '@servloop/warehouse';
import { start as startGateway } from '@servloop/webhook-gateway';
import { consolePort, consolePublicUrl } from './ports.ts';
import { repoRoot } from './process.ts';

export interface DemoBranch {
  branchId: string;
  name: string;
  region: string;
  timezone: string;
  secret: string;
  degrading?: boolean;
  /** bank | telecom | utility | government: what the simulated customers' comments are about. */
  sector?: string;
}
export const demoBranches = (): DemoBranch[] =>
  (
    JSON.parse(readFileSync(join(repoRoot, 'infra/local/demo-branches.json'), 'utf8')) as {
      branches: DemoBranch[];
    }
  ).branches;

export interface AllInOneOptions {
  /** Who may use the analysts' SQL endpoint. */
  analystUsers: AnalystUsers;
  /** Who may sign in to the quality console. */
  consoleAccounts: AccountStore;
  log?: (line: string) => void;
}

export async function startAllInOne({ analystUsers, consoleAccounts, log = console.log }: AllInOneOptions) {
  const branches = demoBranches();
  const warehouse = await openWarehouse({ url: env('CLICKHOUSE_URL') });
  await migrate(warehouse, join(repoRoot, 'infra/clickhouse/migrations'), log);
  await insertRows(
    warehouse,
    'branches_v1',
    ['branch_id', 'name', 'region', 'timezone', 'industry', 'updated_at'],
    branches.map((b) => ({
      branch_id: b.branchId,
      name: b.name,
      region: b.region,
      timezone: b.timezone,
      industry: 'telecom',
      updated_at: Date.now(),
    })),
  );
  const kafka = createKafka({ brokers: parseBrokers(env('KAFKA_BROKERS')), clientId: 'servloop-all-in-one' });
  // Prefixes let a test run a whole private servloop on the shared stack.
  const topicPrefix = process.env.SERVLOOP_TOPIC_PREFIX ?? '';
  const queuePrefix = process.env.SERVLOOP_QUEUE_PREFIX || undefined;
  await ensureTopics(kafka, topicDefinitions(), topicPrefix);
  const connection = redisConnection(env('REDIS_URL'));
  const port = Number(env('SERVLOOP_GATEWAY_PORT', '8080'));
  const gateway = await startGateway({
    config: {
      branchSecrets: new Map(branches.map((b) => [b.branchId, [b.secret]])),
      pseudonymSecret: env('SERVLOOP_PSEUDONYM_SECRET', 'local-demo-pseudonym-secret'),
    },
    kafkaBrokers: env('KAFKA_BROKERS'),
    redisUrl: env('REDIS_URL'),
    port,
    topic: topicPrefix + TOPICS.events,
  });
  const analyticsLifecycle = createLifecycle('analytics-worker');
  const analytics = await startAnalyticsWorker({
    warehouse,
    connection,
    prefix: queuePrefix,
    lifecycle: analyticsLifecycle,
    log,
  });
  const normaliserLifecycle = createLifecycle('normaliser');
  const normaliser = await startNormaliser({
    kafka,
    warehouse,
    topic: topicPrefix + TOPICS.events,
    dlqTopic: topicPrefix + TOPICS.dlq,
    groupId: `${topicPrefix}servloop-normaliser`,
    lifecycle: normaliserLifecycle,
    stuckAfterMs: 1000 * Number(env('SERVLOOP_INGEST_STUCK_SECONDS', '60')),
    onInserted: (touched) => analytics.enqueueRollups(touched),
    log,
  });
  const archiverLifecycle = createLifecycle('raw-archiver');
  const archiver = await startArchiver({
    kafka,
    archive: openArchive({ endpoint: env('S3_ENDPOINT'), bucket: env('S3_BUCKET') }),
    topic: topicPrefix + TOPICS.events,
    groupId: `${topicPrefix}servloop-raw-archiver`,
    lifecycle: archiverLifecycle,
  });
  const mailerLifecycle = createLifecycle('alert-mailer');
  const mailer = await startAlertMailer({
    smtpUrl: env('SMTP_URL'),
    connection,
    lifecycle: mailerLifecycle,
    from: 'servloop <alerts@servloop.local>',
    recipients: env('SERVLOOP_ALERT_RECIPIENTS', 'quality-team@servloop.local').split(','),
    status: warehouseAlertStatus(warehouse),
    prefix: queuePrefix,
    consoleUrl: consolePublicUrl(),
    log,
  });
  // Analysts' read-only door into the embedded warehouse, on an engine session of its own: their
  // queries neither share session state with the writers nor queue behind them.
  const analystWarehouse = await openWarehouse({ url: env('CLICKHOUSE_URL'), create: false });
  const queryEndpoint = await serveQueryEndpoint(analystWarehouse, {
    users: analystUsers,
    limits: analystLimitsFromEnv(),
    port: Number(env('SERVLOOP_QUERY_PORT', '8123')),
    host: env('SERVLOOP_QUERY_HOST', '127.0.0.1'),
  });
  // The quality console: its own read-only engine session (like the analysts'), its writes as
  // events on the same topic as the branches' webhooks.
  const consoleWarehouse = await openWarehouse({ url: env('CLICKHOUSE_URL'), create: false });
  const consolePublisher = await createReliablePublisher(kafka, topicPrefix + TOPICS.events, {
    brokers: parseBrokers(env('KAFKA_BROKERS')),
  });
  const consoleLifecycle = createLifecycle('quality-console');
  // Sessions in Redis: a restart of this process keeps people signed in. Fail fast: a page waiting
  // on an unreachable Redis answers with an error in seconds, not never.
  const consoleRedis = redisConnection(env('REDIS_URL'), { failFast: true });
  const qualityConsole = await startQualityConsole({
    warehouse: consoleWarehouse,
    publishEvent: kafkaEventPublisher(consolePublisher),
    accounts: consoleAccounts,
    port: consolePort(),
    host: env('SERVLOOP_CONSOLE_HOST', '127.0.0.1'),
    publicUrl: consolePublicUrl(),
    providers: oidcProvidersFromEnv(),
    store: redisExpiringStore(consoleRedis, `${queuePrefix ?? 'servloop'}:console:`),
    lifecycle: consoleLifecycle,
    log,
  });
  // One /readyz and /metrics for every service in this process.
  const probes = await serveProbes(
    [
      gateway.lifecycle,
      normaliserLifecycle,
      archiverLifecycle,
      analyticsLifecycle,
      mailerLifecycle,
      consoleLifecycle,
    ],
    Number(env('SERVLOOP_HEALTH_PORT', '8081')),
  );
  const probesAddress = probes.address() as { port: number };
  return {
    gateway,
    queryEndpoint,
    qualityConsole,
    healthUrl: `http://127.0.0.1:${probesAddress.port}`,
    warehouse,
    analytics,
    normaliser,
    branches,
    async stop() {
      await gateway.stop();
      await queryEndpoint.close();
      await qualityConsole.close();
      consoleRedis.disconnect();
      await consolePublisher.close();
      probes.close();
      await normaliser.stop();
      await archiver.stop();
      await analytics.stop();
      await mailer.stop();
      await analystWarehouse.close();
      await consoleWarehouse.close();
      await warehouse.close();
      connection.disconnect();
    },
  };
}
