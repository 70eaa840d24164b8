// chDB's connection turns `clickhouse_settings` into `SET k = v; <query>`, and a chDB session keeps
// what SET changed: one caller's `readonly` or `insert_deduplication_token` then applies to every
// later query of every other caller sharing the session (the analyst endpoint once switched the
// normaliser's inserts to read-only this way). Wrapping the connection, each request's settings
// become a SETTINGS clause of that query alone, as they are on a ClickHouse server over HTTP.

/** Settings that only mean something to ClickHouse's HTTP layer; the embedded engine rejects them. */
export const HTTP_ONLY_SETTINGS: ReadonlySet<string> = new Set([
  'wait_end_of_query',
  'send_progress_in_http_headers',
  'http_response_buffer_size',
  'http_headers_progress_interval_ms',
  'http_send_progress_interval_ms',
  'enable_http_compression',
  'http_zlib_compression_level',
  'http_response_compression_method',
  'http_native_compression_disable_checksumming_on_decompress',
  'cancel_http_readonly_queries_on_client_close',
  'add_http_cors_header',
]);

const SETTING_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** ClickHouse string literal: backslash and quote escaped. */
export const sqlString = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** `k = v, …` for a SETTINGS clause, or '' when there is nothing to set; `{ sql }` values go in as written. */
export function settingsClause(settings: Record<string, unknown> | undefined): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(settings ?? {})) {
    if (value === undefined || HTTP_ONLY_SETTINGS.has(name) || name === 'default_format') continue;
    if (!SETTING_NAME.test(name)) throw new Error(`invalid setting name ${JSON.stringify(name)}`);
    const literal =
      typeof value === 'object' && value !== null && 'sql' in value
        ? String((value as { sql: string }).sql) // a literal the caller built, e.g. a Map
        : typeof value === 'number' || typeof value === 'bigint'
          ? String(value)
          : typeof value === 'boolean'
            ? value
              ? '1'
              : '0'
            : sqlString(String(value));
    parts.push(`${name} = ${literal}`);
  }
  return parts.join(', ');
}

/**
 * The query with its settings attached: before the FORMAT of an `INSERT … FORMAT X` (the body
 * follows it), otherwise as a trailing clause (ClickHouse's parser takes SETTINGS after FORMAT).
 */
export function withSettingsClause(query: string, clause: string, kind: 'insert' | 'other'): string {
  if (!clause) return query;
  if (kind === 'insert') {
    const format = /\sFORMAT\s+\w+\s*$/i.exec(query);
    if (!format) throw new Error('insert without FORMAT: cannot place its SETTINGS');
    return `${query.slice(0, format.index)} SETTINGS ${clause}${query.slice(format.index)}`;
  }
  return `${query.replace(/;\s*$/, '')}\nSETTINGS ${clause}`;
}

interface Params {
  query: string;
  clickhouse_settings?: Record<string, unknown>;
  values?: unknown;
}
type Method = (params: Params) => Promise<unknown>;

/** Only `default_format` is passed on: the embedded connection maps it to its output format option. */
function keepFormatOnly(settings: Record<string, unknown> | undefined) {
  return settings?.default_format === undefined ? {} : { default_format: settings.default_format };
}

/** Wraps a chDB `Connection` so that settings never outlive the request that carried them. */
export function perQuerySettings<C extends object>(connection: C): C {
  const rewrite =
    (method: Method, kind: 'insert' | 'other'): Method =>
    (params) =>
      method({
        ...params,
        query: withSettingsClause(params.query, settingsClause(params.clickhouse_settings), kind),
        clickhouse_settings: keepFormatOnly(params.clickhouse_settings),
      });
  const target = connection as unknown as Record<string, Method>;
  const wrapped: Record<string, Method> = {
    query: rewrite(target.query!.bind(connection), 'other'),
    // An exec with values is an `INSERT … FORMAT X` whose body follows, as an insert's does.
    exec: (params) =>
      rewrite(
        target.exec!.bind(connection),
        'values' in params && params.values !== undefined ? 'insert' : 'other',
      )(params),
    command: rewrite(target.command!.bind(connection), 'other'),
    insert: rewrite(target.insert!.bind(connection), 'insert'),
  };
  return new Proxy(connection, {
    get(obj, prop, receiver) {
      if (typeof prop === 'string' && prop in wrapped) return wrapped[prop];
      const value = Reflect.get(obj, prop, receiver);
      return typeof value === 'function' ? value.bind(obj) : value;
    },
  });
}
