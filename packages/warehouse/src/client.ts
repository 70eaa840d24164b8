import { type ClickHouseClient, createClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';

/** A ClickHouse client plus what it points at; the same API for a server and for embedded chDB. */
export interface Warehouse {
  client: ClickHouseClient;
  kind: 'http' | 'chdb';
  /** Database the client uses by default. */
  database: string;
  close(): Promise<void>;
}

export interface WarehouseOptions {
  /** `http(s)://user:pass@host:port` for a server, `chdb:///absolute/dir` for the embedded engine. */
  url: string;
  database?: string;
  /** Settings sent with every query (e.g. `readonly`). */
  settings?: Record<string, string | number>;
  /** Create the database when missing (default). Off for read-only connections. */
  create?: boolean;
}

export function parseWarehouseUrl(url: string): { kind: 'http' | 'chdb'; path: string } {
  if (url.startsWith('chdb://')) {
    const path = url.slice('chdb://'.length);
    if (!path.startsWith('/') && path !== ':memory:') {
      throw new Error(
        `CLICKHOUSE_URL ${url}: chdb URLs need an absolute path, e.g. chdb:///var/lib/servloop`,
      );
    }
    return { kind: 'chdb', path };
  }
  if (/^https?:\/\//.test(url)) return { kind: 'http', path: url };
  throw new Error(`CLICKHOUSE_URL ${url}: expected http(s)://… for a server or chdb:///dir for embedded`);
}

/**
 * Opens a client. The database is created first when missing, so callers can use a fresh
 * per-test or per-tenant database name straight away.
 */
export async function openWarehouse(options: WarehouseOptions): Promise<Warehouse> {
  const { kind, path } = parseWarehouseUrl(options.url);
  const database = options.database ?? 'servloop';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(database)) throw new Error(`invalid database name ${database}`);
  const settings = { date_time_input_format: 'best_effort', ...(options.settings ?? {}) } as const;
  const makeClient = (db: string) =>
    kind === 'chdb'
      ? createClient({
          connection: createChdbConnection({ path }) as never,
          database: db,
          clickhouse_settings: settings as never,
        })
      : createClient({ url: path, database: db, clickhouse_settings: settings as never });

  if (kind === 'http') {
    if (options.create ?? true) {
      const bootstrap = makeClient('default');
      await bootstrap.command({ query: `CREATE DATABASE IF NOT EXISTS ${database}` });
      await bootstrap.close();
    }
    const client = makeClient(database);
    return { client, kind, database, close: () => client.close() };
  }
  // chDB's connection ignores the client's `database` option, but its session keeps `USE`:
  // the whole process then works in that database (one chDB path per process anyway).
  const client = makeClient(database);
  if (options.create ?? true) await client.command({ query: `CREATE DATABASE IF NOT EXISTS ${database}` });
  await client.command({ query: `USE ${database}` });
  return { client, kind, database, close: () => client.close() };
}
