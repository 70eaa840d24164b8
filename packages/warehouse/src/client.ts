import { type ClickHouseClient, createClient } from '@clickhouse/client';
import { createLogger } from '@servloop/log';
import { createChdbConnection } from 'chdb/connection';
import { perQuerySettings } from './per-query-settings.ts';

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
  /** Settings sent with every query (e.g. `readonly`), as a clause of each query. */
  settings?: Record<string, string | number>;
  /** Create the database when missing (default). Off for read-only connections. */
  create?: boolean;
  /** Over HTTP: gzip request bodies and ask for gzip responses (enable_http_compression). */
  compression?: boolean;
}

const logger = createLogger('clickhouse-client');
/**
 * @clickhouse/client's log lines through the project's logger. A failed request is also thrown to
 * its caller, who decides whether it is an error (a refused analyst write is not), so the client's
 * own report of it is debug.
 */
class ClientLog {
  trace() {}
  debug({ module, message }: { module: string; message: string }) {
    logger.debug(`[${module}] ${message}`);
  }
  info({ module, message }: { module: string; message: string }) {
    logger.info(`[${module}] ${message}`);
  }
  warn({ module, message, err }: { module: string; message: string; err?: Error }) {
    logger.warn(`[${module}] ${message}`, err ? { err: err.message } : undefined);
  }
  error({ module, message, err }: { module: string; message: string; err: Error }) {
    logger.debug(`[${module}] ${message}`, { err: err.message });
  }
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
  if (kind === 'http') {
    const makeClient = (db: string) =>
      createClient({
        url: path,
        database: db,
        clickhouse_settings: settings as never,
        log: { LoggerClass: ClientLog },
        ...(options.compression ? { compression: { request: true, response: true } } : {}),
      });
    if (options.create ?? true) {
      const bootstrap = makeClient('default');
      await bootstrap.command({ query: `CREATE DATABASE IF NOT EXISTS ${database}` });
      await bootstrap.close();
    }
    const client = makeClient(database);
    return { client, kind, database, close: () => client.close() };
  }
  // Each openWarehouse on a chDB path is a session of its own (its own engine connection, its own
  // state, its queries run beside other sessions' instead of queued behind them). Within a session
  // settings travel with each query (perQuerySettings); the only session state is set here, once,
  // and is the same for every caller: the database and how date-times are parsed on input.
  const client = createClient({
    connection: perQuerySettings(createChdbConnection({ path })) as never,
    database,
    log: { LoggerClass: ClientLog },
    ...(options.settings ? { clickhouse_settings: options.settings as never } : {}),
  });
  if (options.create ?? true) await client.command({ query: `CREATE DATABASE IF NOT EXISTS ${database}` });
  await client.command({ query: `USE ${database}` });
  await client.command({ query: `SET date_time_input_format = '${settings.date_time_input_format}'` });
  return { client, kind, database, close: () => client.close() };
}
