// The real stack for the worker's integration tests: an isolated, migrated warehouse, Redis, and
// the analytics queue's events; everything (and whatever a test adds to `cleanup`) closed after
// the file's tests.
import { join } from 'node:path';
import { QueueEvents, redisConnection } from '@servloop/jobs';
import { QUEUES } from '@servloop/schemas';
import { isolate, resolveEndpoints } from '@servloop/test-harness';
import { migrate, openWarehouse } from '@servloop/warehouse';
import { afterAll } from 'vitest';

export async function workerTestStack(name: string) {
  const endpoints = await resolveEndpoints();
  const iso = isolate(endpoints, name);
  const warehouse = await openWarehouse({ url: iso.clickhouseUrl, database: iso.database });
  const connection = redisConnection(endpoints.REDIS_URL);
  const events = new QueueEvents(QUEUES.analytics, {
    connection: redisConnection(endpoints.REDIS_URL),
    prefix: iso.queuePrefix,
  });
  const cleanup: (() => Promise<unknown> | unknown)[] = [];
  afterAll(async () => {
    for (const f of cleanup.reverse()) await f();
    await events.close();
    connection.disconnect();
    await warehouse.close();
  });
  await migrate(warehouse, join(import.meta.dirname, '..', '..', '..', 'infra', 'clickhouse', 'migrations'));
  return { endpoints, iso, warehouse, connection, events, cleanup };
}
