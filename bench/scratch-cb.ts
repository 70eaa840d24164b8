import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accountStore, startQualityConsole } from '@servloop/quality-console';
import { seedFixture } from '@servloop/quality-console/fixture';
import { migrate, openWarehouse } from '@servloop/warehouse';
const url = `chdb://${mkdtempSync(join(tmpdir(), 'scratch-cb-'))}`;
const w = await openWarehouse({ url, database: 'x' });
const TODAY = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
await migrate(w, join(import.meta.dirname, '..', 'infra', 'clickhouse', 'migrations'));
await seedFixture(w, TODAY);
const reader = await openWarehouse({ url, database: 'x', create: false });
const app = await startQualityConsole({ warehouse: reader, accounts: accountStore(), port: 0, log: (l) => console.log(l), publishEvent: async () => {} });
for (const a of [{ username: 'h', role: 'hq', via: 'local' }, { username: 'b', role: 'branch', branchId: 'N001', via: 'local' }] as const) {
  const cookie = `servloop_console_session=${app.sessions.create(a as never).id}`;
  for (const p of ['/callbacks?status=all&lang=en', '/callbacks.csv?status=all', '/branches/N001/cases/r%3AN001-resp-detractor?lang=en']) {
    const r = await fetch(`${app.url}${p}`, { headers: { cookie } });
    const t = await r.text();
    console.log(a.role, p, r.status, p.includes('csv') ? t : (t.match(/<table[\s\S]*?<\/table>/)?.[0] ?? t.slice(0, 800)));
  }
}
await app.close(); await reader.close(); await w.close();
