// servloop sql "<query>": runs a read-only query and prints a table. Talks to the all-in-one's
// query endpoint (SERVLOOP_QUERY_URL, default http://127.0.0.1:8123) as SERVLOOP_QUERY_USER /
// SERVLOOP_QUERY_PASSWORD, or as the demo's analyst; when the endpoint is not running, opens the
// embedded warehouse itself (CLICKHOUSE_URL), read-only.
import { openWarehouse, type Warehouse } from '@servloop/warehouse';
import { sqlCredentials } from './analyst-credentials.ts';

const query = process.argv.slice(2).join(' ').trim();
if (!query) {
  console.error(
    'usage: servloop sql "<query>"   e.g. servloop sql "SELECT * FROM nps_daily ORDER BY local_date DESC LIMIT 10"',
  );
  process.exit(2);
}

/** Display width: CJK and full-width characters take two columns. */
const width = (s: string) =>
  [...s].reduce(
    (w, ch) =>
      w +
      (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
        ch,
      )
        ? 2
        : 1),
    0,
  );
const pad = (s: string, w: number, right: boolean) =>
  right ? ' '.repeat(w - width(s)) + s : s + ' '.repeat(w - width(s));

export function formatTable(rows: Record<string, unknown>[]): string {
  if (rows.length === 0) return '(no rows)';
  const columns = Object.keys(rows[0]!);
  const cells = rows.map((r) =>
    columns.map((c) =>
      r[c] === null ? 'NULL' : typeof r[c] === 'object' ? JSON.stringify(r[c]) : String(r[c]),
    ),
  );
  const numeric = columns.map((_, i) =>
    cells.every((row) => /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(row[i]!) || row[i] === 'NULL'),
  );
  const widths = columns.map((c, i) => Math.max(width(c), ...cells.map((row) => width(row[i]!))));
  const line = (vals: string[]) => vals.map((v, i) => pad(v, widths[i]!, numeric[i]!)).join('  ');
  return [
    line(columns),
    widths.map((w) => '─'.repeat(w)).join('  '),
    ...cells.map(line),
    `(${rows.length} row${rows.length === 1 ? '' : 's'})`,
  ].join('\n');
}

async function open(): Promise<Warehouse> {
  const endpoint = process.env.SERVLOOP_QUERY_URL ?? 'http://127.0.0.1:8123';
  const up = await fetch(`${endpoint}/ping`)
    .then((r) => r.ok)
    .catch(() => false);
  if (up) {
    const who = sqlCredentials();
    if (!who)
      throw new Error(
        'the SQL endpoint needs a user: set SERVLOOP_QUERY_USER and SERVLOOP_QUERY_PASSWORD (the demo prints its analyst account)',
      );
    const url = new URL(endpoint);
    url.username = encodeURIComponent(who.user);
    url.password = encodeURIComponent(who.password);
    return openWarehouse({ url: url.toString(), database: 'servloop', create: false });
  }
  const url = process.env.CLICKHOUSE_URL;
  if (!url)
    throw new Error(
      `nothing answers at ${endpoint} and CLICKHOUSE_URL is not set (run \`eval "$(pnpm -s stack env)"\` or start the demo)`,
    );
  return openWarehouse({ url, create: false });
}

const warehouse = await open();
try {
  const result = await warehouse.client.query({
    query,
    format: 'JSONEachRow',
    clickhouse_settings: { readonly: '1' } as never,
  });
  console.log(formatTable(await result.json<Record<string, unknown>>()));
} catch (err) {
  console.error(`error: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await warehouse.close();
}
