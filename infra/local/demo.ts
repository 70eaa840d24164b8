// The main job on the embedded default: every service in one process, the branch simulator, and
// a live summary. Ctrl-C stops everything cleanly; data stays under the run directory.
import { accountStoreFromFile } from '@servloop/quality-console';
import { analystUsersFromEnv } from '@servloop/warehouse';
import { demoBranches, startAllInOne } from './all-in-one.ts';
import { demoAnalyst, demoConsoleAccounts } from './analyst-credentials.ts';
import { DEMO_FLOOR, simulate } from './simulator.ts';

const seconds = Number(process.env.SERVLOOP_DEMO_SECONDS ?? 0); // 0 = until Ctrl-C
// Analysts from SERVLOOP_ANALYST_USERS(_FILE) when set; otherwise the demo's own account.
const configured = Boolean(process.env.SERVLOOP_ANALYST_USERS_FILE || process.env.SERVLOOP_ANALYST_USERS);
const analyst = configured ? undefined : demoAnalyst();
if (analyst) process.env.SERVLOOP_ANALYST_USERS_FILE = analyst.usersFile;
// Console sign-ins from SERVLOOP_CONSOLE_USERS_FILE when set; otherwise the demo's HQ, region and
// branch accounts (the region and branch of the branch whose efficiency degrades), and the staff
// account of the simulated colleague whose attitude falls (their own scorecard only).
const degrading = demoBranches().find((b) => b.degrading) ?? demoBranches()[0]!;
const consoleDemo = process.env.SERVLOOP_CONSOLE_USERS_FILE
  ? undefined
  : demoConsoleAccounts(degrading, undefined, DEMO_FLOOR.fallingColleague);
const app = await startAllInOne({
  analystUsers: analystUsersFromEnv(),
  consoleAccounts: accountStoreFromFile(process.env.SERVLOOP_CONSOLE_USERS_FILE ?? consoleDemo!.usersFile),
  log: (line) => console.log(`  ${line}`),
});
const gateway = app.gateway.address;
const sqlUrl = app.queryEndpoint.url;
console.log(`
servloop is running
  webhooks     ${gateway}/v1/branches/{branchId}/events (signed; demo secrets in infra/local/demo-branches.json)
  mail         ${process.env.MAIL_API_URL} (alert emails to the quality team)
  ClickHouse   embedded at ${process.env.CLICKHOUSE_URL}; read-only SQL at ${sqlUrl}
               ${analyst ? `user ${analyst.user}, password ${analyst.password} (kept in ${analyst.usersFile.replace(/users\.json$/, 'analyst.password')})` : `users from ${process.env.SERVLOOP_ANALYST_USERS_FILE ?? 'SERVLOOP_ANALYST_USERS'}`}
               pnpm sql "SELECT * FROM nps_daily ORDER BY local_date DESC LIMIT 10"
               curl -u ${analyst ? `${analyst.user}:${analyst.password}` : 'USER:PASSWORD'} ${sqlUrl} --data-binary "SELECT * FROM branches FORMAT PrettyCompact"
  console      ${app.qualityConsole.url} (quality console; links in alert e-mails use ${app.qualityConsole.publicUrl})
${consoleDemo ? consoleDemo.accounts.map((a) => `               ${a.role.padEnd(6)} ${a.username} / ${a.password}${a.region ? ` (region ${a.region})` : ''}${a.branchId ? ` (branch ${a.branchId})` : ''}${a.staffId ? ` (staff ${a.staffId}: /me)` : ''}`).join('\n') : `               accounts from ${process.env.SERVLOOP_CONSOLE_USERS_FILE}`}
${consoleDemo ? `               (kept in ${consoleDemo.usersFile.replace(/users\.json$/, '')})\n` : ''}  health       ${app.healthUrl}/readyz and ${app.healthUrl}/metrics (every service in this process)
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
  const ingest = app.normaliser.status();
  const ago = (at?: number) => (at ? `${Math.round((Date.now() - at) / 1000)} s ago` : 'never');
  const ingestLine =
    `ingest lag ${ingest.lag}, oldest waiting ${(ingest.oldestPendingMs / 1000).toFixed(1)} s, last commit ${ago(ingest.lastCommitAt)}` +
    (ingest.lastError
      ? `, last insert failure ${ago(ingest.lastError.at)}: ${ingest.lastError.message.slice(0, 160)}`
      : '') +
    (ingest.problem ? ` | INGESTION STUCK: ${ingest.problem.slice(0, 200)}` : '');
  const stamp = `[${new Date().toISOString().slice(11, 19)}] events sent ${progress.sent}, accepted ${progress.accepted}, refused ${progress.failed} | ${ingestLine}`;
  try {
    await figures(stamp);
  } catch (err) {
    console.log(`${stamp} | figures unavailable: ${(err as Error).message.slice(0, 200)}`);
  }
}

async function figures(stamp: string) {
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
    `${stamp} | NPS ${nps.map((r) => `${r.branch_id} ${r.nps} (n ${r.answers})`).join(', ') || 'n/a'} | alerts sent ${alerts?.sent ?? 0}/${alerts?.raised ?? 0} | ` +
      `open loops ${loops.map((l) => `${l.branch_id}×${l.dimension} step ${l.step}`).join(', ') || 'none'}`,
  );
}
const ticker = setInterval(() => void summary(), 10_000);
// The floor (scorecards, waiting, drivers) is a nightly job; the demo runs it a minute in (after the
// backfill) and every ten minutes, so the console's floor page and /me have data to show.
const floorNow = () =>
  void app.analytics.analytics
    .add('floor', { kind: 'floor', days: 35 }, { jobId: `demo-floor-${Date.now()}` })
    .catch((err: Error) => console.log(`  floor refresh not queued: ${err.message}`));
const floorTimers = [setTimeout(floorNow, 60_000), setInterval(floorNow, 600_000)];
let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  clearInterval(ticker);
  for (const timer of floorTimers) clearTimeout(timer);
  abort.abort();
  await run.catch(() => {});
  // One last sweep so the summary reflects everything that was sent.
  await app.analytics.analytics.add(
    'sweep',
    { kind: 'sweep', days: 30 },
    { jobId: `demo-final-sweep-${Date.now()}` },
  );
  await new Promise((r) => setTimeout(r, 5000));
  await summary();
  await app.stop();
  console.log('servloop stopped; data kept under the run directory');
  process.exit(0);
}
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
if (seconds > 0) setTimeout(() => void stop(), seconds * 1000);
