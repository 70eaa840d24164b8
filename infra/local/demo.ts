// The main job on the embedded default: every service in one process, the branch simulator, and
// a live summary. Ctrl-C stops everything cleanly; data stays under the run directory.
import { startAllInOne } from './all-in-one.ts';
import { simulate } from './simulator.ts';

const seconds = Number(process.env.SERVLOOP_DEMO_SECONDS ?? 0); // 0 = until Ctrl-C
const app = await startAllInOne((line) => console.log(`  ${line}`));
const gateway = app.gateway.address;
console.log(`
servloop is running
  webhooks     ${gateway}/v1/branches/{branchId}/events (signed; demo secrets in infra/local/demo-branches.json)
  mail         ${process.env.MAIL_API_URL} (alert emails to the quality team)
  ClickHouse   embedded at ${process.env.CLICKHOUSE_URL}; read-only SQL at ${app.queryEndpoint.url}
               (pnpm sql "SELECT * FROM nps_daily ORDER BY local_date DESC LIMIT 10", or @clickhouse/client / Grafana / curl)
  metrics      ${gateway}/metrics
`);
const abort = new AbortController();
let progress = { sent: 0, accepted: 0, failed: 0 };
const run = simulate(
  {
    gateway,
    branches: app.branches,
    backfillDays: Number(process.env.SERVLOOP_DEMO_BACKFILL_DAYS ?? 21),
    ratePerSecond: 20,
    onProgress: (p) => (progress = { ...p }),
  },
  abort.signal,
);

async function summary() {
  const q = async (sql: string) =>
    (await app.warehouse.client.query({ query: sql, format: 'JSONEachRow' })).json<Record<string, unknown>>();
  const nps = await q(
    `SELECT branch_id, sum(n) AS answers, round(100 * (sum(promoters) - sum(detractors)) / sum(n), 1) AS nps FROM nps_daily_v1 FINAL GROUP BY branch_id ORDER BY branch_id`,
  );
  const [alerts] = await q(`SELECT countIf(status = 'sent') AS sent, count() AS raised FROM alerts_v1 FINAL`);
  const loops = await q(
    `SELECT branch_id, dimension, status, step FROM improvement_loops_current WHERE status != 'closed'`,
  );
  console.log(
    `[${new Date().toISOString().slice(11, 19)}] events sent ${progress.sent}, accepted ${progress.accepted}, refused ${progress.failed} | ` +
      `NPS ${nps.map((r) => `${r.branch_id} ${r.nps} (n ${r.answers})`).join(', ') || 'n/a'} | alerts sent ${alerts?.sent ?? 0}/${alerts?.raised ?? 0} | ` +
      `open loops ${loops.map((l) => `${l.branch_id}×${l.dimension} step ${l.step}`).join(', ') || 'none'}`,
  );
}
const ticker = setInterval(() => void summary().catch((e) => console.log(`summary: ${e.message}`)), 10_000);
let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  clearInterval(ticker);
  abort.abort();
  await run.catch(() => {});
  // One last sweep so the summary reflects everything that was sent.
  await app.analytics.analytics.add(
    'sweep',
    { kind: 'sweep', days: 30 },
    { jobId: `demo-final-sweep-${Date.now()}` },
  );
  await new Promise((r) => setTimeout(r, 5000));
  await summary().catch(() => {});
  await app.stop();
  console.log('servloop stopped; data kept under the run directory');
  process.exit(0);
}
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
if (seconds > 0) setTimeout(() => void stop(), seconds * 1000);
