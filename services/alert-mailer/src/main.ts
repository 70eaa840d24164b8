// Composition root for a separate alert-mailer process (see the analytics worker's note on chDB).
import { redisConnection } from '@servloop/jobs';
import { createLifecycle, env, onShutdown, serveProbes } from '@servloop/service-kit';
import { openWarehouse } from '@servloop/warehouse';
import { startAlertMailer } from './mailer.ts';
import { DEFAULT_CONSOLE_URL } from './render.ts';
import { warehouseAlertStatus } from './status.ts';

const log = (line: string) => console.log(`[alert-mailer] ${line}`);
const lifecycle = createLifecycle('alert-mailer');
const warehouse = await openWarehouse({
  url: env('CLICKHOUSE_URL'),
  database: env('CLICKHOUSE_DATABASE', 'servloop'),
});
const mailer = await startAlertMailer({
  smtpUrl: env('SMTP_URL'),
  connection: redisConnection(env('REDIS_URL')),
  lifecycle,
  from: env('SERVLOOP_ALERT_FROM', 'servloop <alerts@servloop.local>'),
  recipients: env('SERVLOOP_ALERT_RECIPIENTS', 'quality-team@servloop.local').split(','),
  status: warehouseAlertStatus(warehouse),
  prefix: process.env.SERVLOOP_QUEUE_PREFIX,
  consoleUrl: env('SERVLOOP_CONSOLE_PUBLIC_URL', DEFAULT_CONSOLE_URL),
  log,
});
const probes = await serveProbes(lifecycle, Number(env('PORT', '0')));
log(`sending alert emails through ${env('SMTP_URL')}; probes on ${JSON.stringify(probes.address())}`);
onShutdown(lifecycle, [mailer.stop, () => warehouse.close(), async () => void probes.close()], log);
