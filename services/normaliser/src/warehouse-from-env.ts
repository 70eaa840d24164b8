// The normaliser's warehouse as the environment names it (CLICKHOUSE_URL, CLICKHOUSE_DATABASE),
// migrated to this build's schema: for the service and for its reanalyse command.
import { join } from 'node:path';
import { env } from '@servloop/service-kit';
import { migrate, openWarehouse, type Warehouse } from '@servloop/warehouse';

export async function openWarehouseFromEnv(log: (line: string) => void): Promise<Warehouse> {
  const warehouse = await openWarehouse({
    url: env('CLICKHOUSE_URL'),
    database: env('CLICKHOUSE_DATABASE', 'servloop'),
  });
  await migrate(
    warehouse,
    env('SERVLOOP_MIGRATIONS_DIR', join(import.meta.dirname, '../../../infra/clickhouse/migrations')),
    log,
  );
  return warehouse;
}
