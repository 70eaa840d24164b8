// The real stack for the worker's integration tests: an isolated, migrated warehouse, Redis, and
// the analytics queue's events; everything (and whatever a test adds to `cleanup`) closed after
// the file's tests.
import { join } from 'node:path';
import { QueueEvents, redisConnection } from '@servloop/jobs';
import { QUEUES } from '@servloop/schemas';
import { migrate, openWarehouse } from '@servloop/warehouse';
import { afterAll } from 'vitest';

/** `endpoints` and `iso` from @servloop/test-harness (resolveEndpoints, isolate), which only test files import. */
export async function workerTestStack(
  endpoints: { REDIS_URL: string },
  iso: { clickhouseUrl: string; database: string; queuePrefix: string },
) {
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
  return { warehouse, connection, events, cleanup };
}
