// The analysts' door into the embedded warehouse (only the process that opened the chDB directory
// can query it): ClickHouse's HTTP interface as its clients use it (@clickhouse/client, the JDBC
// driver, Grafana, curl) — GET /ping · GET /?query=… · POST / (query in the body, or ?query= prefix
// + body) · param_<name> · settings as URL parameters · the result format from the FORMAT clause,
// default_format or X-ClickHouse-Format, written by the engine itself · database and
// X-ClickHouse-Database · query_id · compress=1 / decompress=1 (ClickHouse's compressed blocks) ·
// enable_http_compression with Accept-Encoding, and Content-Encoding on the request.
// chDB has no HTTP server of its own (it is clickhouse-local as a library), so this is the server.
//
// Give it a Warehouse of its own (openWarehouse on the same path opens a separate engine session):
// analyst queries then neither share session state with the writers nor queue behind them.
// Every request is authenticated; every query is checked on ClickHouse's parse (analyst/policy.ts)
// and runs with the analyst limits as settings of that query alone.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AnalystLimits } from './analyst/limits.ts';
import { analystPlanner } from './analyst/plan.ts';
import type { AnalystUsers } from './analyst/users.ts';
import type { Warehouse } from './client.ts';
import {
  blockMethod,
  CompressedBlockError,
  decodeBlocks,
  encodeAllBlocks,
} from './http/compressed-blocks.ts';
import { decodeHttp, encodeHttp, negotiateEncoding, UnknownEncodingError } from './http/http-compression.ts';

// URL parameters of the HTTP interface that are not settings for the query.
const NOT_SETTINGS = new Set([
  'query',
  'database',
  'default_format',
  'query_id',
  'session_id',
  'session_timeout',
  'session_check',
  'user',
  'password',
  'quota_key',
  'compress',
  'decompress',
  'buffer_size',
]);
const MAX_QUERY_BYTES = 1024 * 1024;

/** ClickHouse's own error text, so clients parse the code: `Code: 164. DB::Exception: …`. */
export function clickhouseErrorText(err: unknown): { code: number; text: string } {
  const e = err as {
    code?: string | number;
    clickhouseCode?: number;
    message?: string;
    cause?: { clickhouseCode?: number; message?: string };
  };
  const raw = (e.cause?.message ?? e.message ?? String(err))
    // Errors from the formatter name the wrapper the endpoint checked the query with.
    .replace(/: In scope SELECT formatQuery\([\s\S]*\)( AS q)?\.( \(\w+\))?\s*$/, '.$2');
  const fromText = /Code: (\d+)\. DB::Exception: ([\s\S]*)/.exec(raw);
  if (fromText)
    return {
      code: Number(fromText[1]),
      text: `Code: ${fromText[1]}. DB::Exception: ${fromText[2]!.trim()}\n`,
    };
  const code =
    Number(e.clickhouseCode ?? e.cause?.clickhouseCode ?? (Number.isFinite(Number(e.code)) ? e.code : 0)) ||
    0;
  return { code, text: `Code: ${code}. DB::Exception: ${raw.replace(/^[a-z_]+: /, '')}\n` };
}

const NAMES: Record<number, string> = {
  164: 'READONLY',
  202: 'TOO_MANY_SIMULTANEOUS_QUERIES',
  452: 'SETTING_CONSTRAINT_VIOLATION',
  497: 'ACCESS_DENIED',
  516: 'AUTHENTICATION_FAILED',
};

/** The HTTP status ClickHouse answers an error code with. */
export function httpStatusOf(code: number): number {
  if (code === 516 || code === 194) return 401;
  if (code === 164 || code === 497 || code === 452) return 403;
  if (code === 62 || code === 456 || code === 47 || code === 46 || code === 73 || code === 36) return 400;
  if (code === 60 || code === 81) return 404;
  if (code === 202) return 503;
  if (code === 159 || code === 158 || code === 396 || code === 241) return 500;
  return 500;
}

function fail(res: ServerResponse, code: number, message: string, extra: Record<string, string> = {}) {
  if (res.headersSent) return res.end(`\nCode: ${code}. DB::Exception: ${message}\n`);
  res
    .writeHead(httpStatusOf(code), {
      'content-type': 'text/plain; charset=UTF-8',
      'x-clickhouse-exception-code': String(code),
      ...extra,
    })
    .end(`Code: ${code}. DB::Exception: ${message}${NAMES[code] ? ` (${NAMES[code]})` : ''}\n`);
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function credentials(req: IncomingMessage, url: URL): { user: string; password: string } {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Basic ')) {
    const decoded = Buffer.from(auth.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return {
      user: decoded.slice(0, colon < 0 ? undefined : colon),
      password: colon < 0 ? '' : decoded.slice(colon + 1),
    };
  }
  const header = (name: string) => {
    const v = req.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  return {
    user: header('x-clickhouse-user') ?? url.searchParams.get('user') ?? 'default',
    password: header('x-clickhouse-key') ?? url.searchParams.get('password') ?? '',
  };
}

/** The body, or undefined past the size limit; rejects when the client goes away mid-body. */
async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_QUERY_BYTES) return undefined;
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * The query text of a request body: Content-Encoding decoded, then with `decompress=1` ClickHouse's
 * compressed blocks (checksums verified); at most MAX_QUERY_BYTES either way. An error is a
 * ClickHouse code and message.
 */
function decodeBody(
  raw: Buffer,
  contentEncoding: string | undefined,
  blocks: boolean,
): string | { code: number; message: string } {
  try {
    let body = decodeHttp(raw, contentEncoding, MAX_QUERY_BYTES);
    if (blocks && body.length > 0) body = decodeBlocks(body, MAX_QUERY_BYTES);
    return body.toString('utf8');
  } catch (err) {
    const message = (err as Error).message;
    if (err instanceof UnknownEncodingError) return { code: 89, message };
    if (err instanceof CompressedBlockError)
      return {
        code: /Checksum/.test(message) ? 40 : 271,
        message: `Cannot decompress the request body: ${message}`,
      };
    if (err instanceof RangeError || /buffer|length/i.test(message))
      return { code: 62, message: `Max query size exceeded (${MAX_QUERY_BYTES} bytes): ${message}` };
    return { code: 271, message: `Cannot decompress the request body (${contentEncoding}): ${message}` };
  }
}

/** The Content-Type ClickHouse answers a format with. */
function contentType(format: string): string {
  if (/JSON/i.test(format)) return 'application/json; charset=UTF-8';
  if (/^(TabSeparated|TSV)/i.test(format)) return 'text/tab-separated-values; charset=UTF-8';
  if (/^CSV/i.test(format)) return 'text/csv; charset=UTF-8; header=absent';
  if (/^XML$/i.test(format)) return 'application/xml; charset=UTF-8';
  if (
    /^(Pretty|Vertical|Markdown|Values|Raw|LineAsString|Template|CustomSeparated|TSKV|Prometheus)/i.test(
      format,
    )
  )
    return 'text/plain; charset=UTF-8';
  return 'application/octet-stream';
}

async function collect(stream: AsyncIterable<Buffer | string>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

const QUERY_ID = /^[\w.:-]{1,128}$/;
const FORMAT_NAME = /^[A-Za-z][A-Za-z0-9]{0,63}$/;

/** At most `limit` tasks at once, `queue` more waiting; beyond that `acquire` says no. */
/**
 * At most `limit` holders at once; up to `queue` more wait their turn, the rest are refused
 * (acquire → false). The analysts' endpoint and the quality console bound their queries with it.
 */
export function gate(limit: number, queue: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return {
    async acquire(): Promise<boolean> {
      if (running < limit) {
        running++;
        return true;
      }
      if (waiting.length >= queue) return false;
      await new Promise<void>((resolve) => waiting.push(resolve));
      return true;
    },
    release() {
      const next = waiting.shift();
      if (next) next();
      else running--;
    },
  };
}

export interface QueryEndpointOptions {
  /** Who may ask. */
  users: AnalystUsers;
  limits: AnalystLimits;
  port: number;
  /** 127.0.0.1 unless told otherwise. */
  host?: string;
}

export interface QueryEndpoint {
  server: Server;
  url: string;
  close(): Promise<void>;
}

export function serveQueryEndpoint(
  warehouse: Warehouse,
  options: QueryEndpointOptions,
): Promise<QueryEndpoint> {
  const planner = analystPlanner(warehouse, options.limits);
  const running = gate(options.limits.maxConcurrent, options.limits.maxQueued);
  // The engine's time zone, which clients read DateTime values without their own zone in.
  const timezone = warehouse.client
    .query({ query: 'SELECT timezone() AS tz', format: 'JSONEachRow' })
    .then((r) => r.json<{ tz: string }>())
    .then((rows) => rows[0]?.tz ?? 'UTC')
    .catch(() => 'UTC');
  // The endpoint shares its process with ingestion: nothing a client does may throw out of here.
  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      try {
        if (!res.headersSent) fail(res, 0, `internal error: ${(err as Error).message}`);
        else res.destroy();
      } catch {
        res.destroy();
      }
    });
  });
  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (
      url.pathname === '/ping' ||
      (url.pathname === '/' && req.method === 'GET' && !url.searchParams.has('query'))
    ) {
      return res.writeHead(200, { 'content-type': 'text/plain' }).end('Ok.\n');
    }
    if (url.pathname !== '/' || (req.method !== 'GET' && req.method !== 'POST'))
      return fail(res, 0, `there is no handler for ${req.method} ${url.pathname}`);
    const { user, password } = credentials(req, url);
    if (!(await options.users.verify(user, password, req.socket.remoteAddress ?? ''))) {
      req.resume();
      return fail(
        res,
        516,
        `${user}: Authentication failed: password is incorrect, or there is no user with such name`,
        {
          'www-authenticate': 'Basic realm="servloop analysts", charset="UTF-8"',
        },
      );
    }
    const database = url.searchParams.get('database') ?? req.headers['x-clickhouse-database'];
    if (database !== undefined && database !== warehouse.database) {
      req.resume();
      return fail(
        res,
        497,
        `${user}: Not enough privileges: only database ${warehouse.database} is readable`,
      );
    }
    let raw: Buffer | undefined;
    try {
      raw = req.method === 'POST' ? await readBody(req) : Buffer.alloc(0);
    } catch {
      return res.destroy(); // the client went away mid-body
    }
    if (raw === undefined) return fail(res, 62, `Max query size exceeded (${MAX_QUERY_BYTES} bytes)`);
    const fromBody = decodeBody(
      raw,
      req.headers['content-encoding'],
      url.searchParams.get('decompress') === '1',
    );
    if (typeof fromBody !== 'string') return fail(res, fromBody.code, fromBody.message);
    const query = [url.searchParams.get('query') ?? '', fromBody]
      .filter((s) => s.trim())
      .join('\n')
      .trim();
    if (!query) return fail(res, 62, 'Empty query');
    const params: Record<string, string> = {};
    const clientSettings: Record<string, string> = {};
    for (const [k, v] of url.searchParams) {
      if (k.startsWith('param_')) params[k.slice(6)] = v;
      else if (!NOT_SETTINGS.has(k)) clientSettings[k] = v;
    }
    // How the answer travels: ClickHouse's compressed blocks, then HTTP compression, or neither.
    const blocks =
      url.searchParams.get('compress') === '1'
        ? blockMethod(clientSettings.network_compression_method)
        : undefined;
    if (url.searchParams.get('compress') === '1' && !blocks)
      return fail(res, 89, `Unknown compression method: ${clientSettings.network_compression_method}`);
    const encoding =
      clientSettings.enable_http_compression === '1'
        ? negotiateEncoding(req.headers['accept-encoding'])
        : undefined;
    const level = Number(clientSettings.http_zlib_compression_level) || undefined;
    const requestedFormat =
      url.searchParams.get('default_format') ?? (req.headers['x-clickhouse-format'] as string | undefined);
    if (requestedFormat !== undefined && !FORMAT_NAME.test(requestedFormat))
      return fail(res, 73, `Unknown format ${JSON.stringify(requestedFormat.slice(0, 64))}`);
    const givenId = url.searchParams.get('query_id') ?? headerValue(req, 'x-clickhouse-query-id') ?? null;
    if (givenId !== null && !QUERY_ID.test(givenId))
      return fail(res, 36, 'query_id may hold letters, digits, _ . : - and at most 128 characters');
    if (!(await running.acquire()))
      return fail(
        res,
        202,
        `Too many simultaneous analyst queries (${options.limits.maxConcurrent} running, ${options.limits.maxQueued} waiting)`,
      );
    const queryId = givenId ?? randomUUID();
    try {
      const planned = await planner.plan(query, params, clientSettings);
      if ('refused' in planned) return fail(res, planned.refused.code, planned.refused.message);
      // chDB's binding rewrites a request for format `arrow` into a session SET: ask for Arrow by name.
      const format =
        planned.format ?? (requestedFormat === 'arrow' ? 'Arrow' : requestedFormat) ?? 'TabSeparated';
      const result = await warehouse.client.exec({
        query: planned.sql,
        query_params: params,
        query_id: queryId,
        clickhouse_settings: { ...planned.settings, default_format: format } as never,
      });
      let body = await collect(result.stream);
      if (blocks) body = await encodeAllBlocks(body, blocks);
      if (encoding) body = await encodeHttp(body, encoding, level);
      res.writeHead(200, {
        'content-type': blocks ? 'application/octet-stream' : contentType(format),
        'x-clickhouse-format': format,
        'x-clickhouse-query-id': queryId,
        'x-clickhouse-timezone': await timezone,
        'x-clickhouse-server-display-name': 'servloop',
        ...(encoding ? { 'content-encoding': encoding, vary: 'Accept-Encoding' } : {}),
        ...('summary' in result && result.summary
          ? { 'x-clickhouse-summary': JSON.stringify(result.summary) }
          : {}),
        'content-length': String(body.length),
      });
      res.end(body);
    } catch (err) {
      const { code, text } = clickhouseErrorText(err);
      if (res.headersSent) return res.end(`\n${text}`);
      res
        .writeHead(httpStatusOf(code), {
          'content-type': 'text/plain; charset=UTF-8',
          'x-clickhouse-exception-code': String(code),
          'x-clickhouse-query-id': queryId,
        })
        .end(text);
    } finally {
      running.release();
    }
  }
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      const address = server.address() as { port: number };
      resolve({
        server,
        url: `http://${options.host ?? '127.0.0.1'}:${address.port}`,
        close: () => new Promise((r) => server.close(() => r())),
      });
    });
  });
}
