// A read-only, ClickHouse-compatible HTTP endpoint over a Warehouse, for the embedded engine
// (only the process that opened the chDB directory can query it). It speaks the subset of the
// ClickHouse HTTP interface that @clickhouse/client, curl and Grafana use:
//   GET /ping · GET /?query=… · POST / (query in the body, or ?query= prefix + body)
//   param_<name>=… query parameters · FORMAT in the query text passed through
//   default_format · database · every write refused (readonly = 2)
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Warehouse } from './client.ts';

// URL parameters the HTTP interface uses that are not settings for the query.
const NOT_SETTINGS = new Set([
  'query',
  'database',
  'default_format',
  'query_id',
  'session_id',
  'user',
  'password',
  'compress',
  'decompress',
  'enable_http_compression',
]);
// readonly = 2: reads and SET are allowed (clients send settings), writes and DDL are refused.
const READONLY = '2';

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** ClickHouse's own error text, so clients parse the code: `Code: 164. DB::Exception: …`. */
export function clickhouseErrorText(err: unknown): { code: number; text: string } {
  const e = err as {
    code?: string | number;
    clickhouseCode?: number;
    message?: string;
    cause?: { clickhouseCode?: number; message?: string };
  };
  const raw = e.cause?.message ?? e.message ?? String(err);
  const fromText = /Code: (\d+)\. DB::Exception: ([\s\S]*)/.exec(raw);
  if (fromText)
    return {
      code: Number(fromText[1]),
      text: `Code: ${fromText[1]}. DB::Exception: ${fromText[2]!.trim()}\n`,
    };
  const code =
    Number(e.clickhouseCode ?? e.cause?.clickhouseCode ?? (Number.isFinite(Number(e.code)) ? e.code : 0)) ||
    (/readonly/i.test(raw) ? 164 : 0);
  const message = raw.replace(/^[a-z_]+: /, '');
  return { code, text: `Code: ${code}. DB::Exception: ${message}${code === 164 ? ' (READONLY)' : ''}\n` };
}

export interface QueryEndpoint {
  server: Server;
  url: string;
  close(): Promise<void>;
}

export function serveQueryEndpoint(
  warehouse: Warehouse,
  port: number,
  host = '127.0.0.1',
): Promise<QueryEndpoint> {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (
      url.pathname === '/ping' ||
      (url.pathname === '/' && req.method === 'GET' && !url.searchParams.has('query'))
    ) {
      return res.writeHead(200, { 'content-type': 'text/plain' }).end('Ok.\n');
    }
    if (url.pathname !== '/' || (req.method !== 'GET' && req.method !== 'POST')) {
      return res.writeHead(404, { 'content-type': 'text/plain' }).end('Code: 0. DB::Exception: not found\n');
    }
    const fromUrl = url.searchParams.get('query') ?? '';
    const fromBody = req.method === 'POST' ? await body(req) : '';
    let query = [fromUrl, fromBody]
      .filter((s) => s.trim())
      .join('\n')
      .trim();
    if (!query)
      return res
        .writeHead(400, { 'content-type': 'text/plain' })
        .end('Code: 62. DB::Exception: Empty query\n');
    const queryParams: Record<string, string> = {};
    const settings: Record<string, string> = {};
    for (const [k, v] of url.searchParams) {
      if (k.startsWith('param_')) queryParams[k.slice(6)] = v;
      else if (!NOT_SETTINGS.has(k)) settings[k] = v;
    }
    const defaultFormat = url.searchParams.get('default_format');
    if (defaultFormat && !/\bFORMAT\s+\w+\s*;?\s*$/i.test(query))
      query = `${query.replace(/;\s*$/, '')} FORMAT ${defaultFormat}`;
    try {
      const result = await warehouse.client.exec({
        query,
        query_params: queryParams,
        // Set last: nothing a caller sends can lift it.
        clickhouse_settings: { ...settings, readonly: READONLY } as never,
      });
      const format = /\bFORMAT\s+(\w+)\s*;?\s*$/i.exec(query)?.[1] ?? 'TabSeparated';
      res.writeHead(200, {
        'content-type': /JSON/i.test(format)
          ? 'application/json; charset=UTF-8'
          : 'text/plain; charset=UTF-8',
        'x-clickhouse-format': format,
      });
      for await (const chunk of result.stream) res.write(chunk);
      res.end();
    } catch (err) {
      const { code, text } = clickhouseErrorText(err);
      if (!res.headersSent)
        res.writeHead(code === 164 ? 403 : 500, {
          'content-type': 'text/plain; charset=UTF-8',
          'x-clickhouse-exception-code': String(code),
        });
      res.end(text);
    }
  });
  return new Promise((resolve) =>
    server.listen(port, host, () => {
      const address = server.address() as { port: number };
      resolve({
        server,
        url: `http://${host}:${address.port}`,
        close: () => new Promise((r) => server.close(() => r())),
      });
    }),
  );
}
