// The analysts' door into the embedded warehouse (only the process that opened the chDB directory
// can query it): the part of ClickHouse's HTTP interface that @clickhouse/client, curl and Grafana
// use — GET /ping · GET /?query=… · POST / (query in the body, or ?query= prefix + body) ·
// param_<name> · settings as URL parameters · default_format and X-ClickHouse-Format · database.
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
async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_QUERY_BYTES) return undefined;
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const QUERY_ID = /^[\w.:-]{1,128}$/;
const FORMAT_NAME = /^[A-Za-z][A-Za-z0-9]{0,63}$/;

/** At most `limit` tasks at once, `queue` more waiting; beyond that `acquire` says no. */
function gate(limit: number, queue: number) {
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
    let fromBody: string | undefined;
    try {
      fromBody = req.method === 'POST' ? await readBody(req) : '';
    } catch {
      return res.destroy(); // the client went away mid-body
    }
    if (fromBody === undefined) return fail(res, 62, `Max query size exceeded (${MAX_QUERY_BYTES} bytes)`);
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
    const requestedFormat =
      url.searchParams.get('default_format') ?? (req.headers['x-clickhouse-format'] as string | undefined);
    if (requestedFormat !== undefined && !FORMAT_NAME.test(requestedFormat))
      return fail(res, 73, `Unknown format ${JSON.stringify(requestedFormat.slice(0, 64))}`);
    const givenId = url.searchParams.get('query_id');
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
      res.writeHead(200, {
        'content-type': /JSON/i.test(format)
          ? 'application/json; charset=UTF-8'
          : 'text/plain; charset=UTF-8',
        'x-clickhouse-format': format,
        'x-clickhouse-query-id': queryId,
        ...('summary' in result && result.summary
          ? { 'x-clickhouse-summary': JSON.stringify(result.summary) }
          : {}),
      });
      for await (const chunk of result.stream) res.write(chunk);
      res.end();
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
