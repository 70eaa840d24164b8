// Composition root for a separate analytics-worker process. With the embedded warehouse (chdb)
// only one process may open the data directory: run the all-in-one launcher instead.
import { redisConnection } from '@servloop/jobs';
import { createLifecycle, env, onShutdown, serveProbes } from '@servloop/service-kit';
import { openWarehouse } from '@servloop/warehouse';
import { loadConfig } from './config.ts';
import { startAnalyticsWorker } from './worker.ts';

const log = (line: string) => console.log(`[analytics-worker] ${line}`);
// Refused here, before anything opens, when the rules file has an unknown key or a wrong value.
const config = loadConfig();
const lifecycle = createLifecycle('analytics-worker');
const warehouse = await openWarehouse({
  url: env('CLICKHOUSE_URL'),
  database: env('CLICKHOUSE_DATABASE', 'servloop'),
});
const worker = await startAnalyticsWorker({
  warehouse,
  connection: redisConnection(env('REDIS_URL')),
  lifecycle,
  prefix: process.env.SERVLOOP_QUEUE_PREFIX,
  config,
  log,
});
const probes = await serveProbes(lifecycle, Number(env('PORT', '0')));
log(`working queue ${worker.analytics.name}; probes on ${JSON.stringify(probes.address())}`);
onShutdown(lifecycle, [worker.stop, () => warehouse.close(), async () => void probes.close()], log);
