// The analysts' endpoint on the embedded engine, driven by the official client and plain HTTP:
// who may ask, what is refused (however it is spelt), the limits, and that nothing an analyst
// sends reaches the writers' session.
import {
  brotliCompressSync,
  brotliDecompressSync,
  deflateSync,
  gunzipSync,
  gzipSync,
  inflateSync,
} from 'node:zlib';
import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import { isolate, LEAK, outsideReads, resolveEndpoints, WRITES } from '@servloop/test-harness';
import { compressFrameSync, decompressFrameSync } from 'lz4-napi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ANALYST_LIMITS } from './analyst/limits.ts';
import { analystUsers, hashPassword } from './analyst/users.ts';
import { openWarehouse } from './client.ts';
import { decodeBlocks, encodeAllBlocks } from './http/compressed-blocks.ts';
import { zstdCompress, zstdDecompress } from './http/zstd.ts';
import { type QueryEndpoint, serveQueryEndpoint } from './query-endpoint.ts';

const endpoints = await resolveEndpoints();
const iso = isolate(endpoints, 'queryendpoint');
const writer = await openWarehouse({ url: iso.clickhouseUrl, database: iso.database });
const reader = await openWarehouse({ url: iso.clickhouseUrl, database: iso.database, create: false });
const secretDb = `${iso.database}_secret`;
const PASSWORD = 'correct horse battery staple';
const auth = `Basic ${Buffer.from(`analyst:${PASSWORD}`).toString('base64')}`;
let endpoint: QueryEndpoint;

beforeAll(async () => {
  await writer.client.command({
    query:
      'CREATE TABLE IF NOT EXISTS nps (branch_id String, score Float64) ENGINE = MergeTree ORDER BY branch_id',
  });
  await writer.client.insert({
    table: 'nps',
    values: [
      { branch_id: 'B001', score: 42.5 },
      { branch_id: 'B002', score: -10 },
    ],
    format: 'JSONEachRow',
  });
  await writer.client.command({ query: `CREATE DATABASE IF NOT EXISTS ${secretDb}` });
  await writer.client.command({
    query: `CREATE TABLE IF NOT EXISTS ${secretDb}.keys (k String) ENGINE = MergeTree ORDER BY k`,
  });
  await writer.client.command({ query: `INSERT INTO ${secretDb}.keys VALUES ('TOPSECRET')` });
  endpoint = await serveQueryEndpoint(reader, {
    users: analystUsers({ analyst: hashPassword(PASSWORD) }),
    limits: {
      ...DEFAULT_ANALYST_LIMITS,
      maxExecutionSeconds: 60,
      maxResultRows: 1000,
    },
    port: 0,
  });
});
afterAll(async () => {
  await endpoint.close();
  await reader.close();
  await writer.close();
});

// The official client as an analyst's tool uses it. Its own log stays off: the refusals it meets
// here are expected and asserted, not errors.
const analystClient = (extra: Partial<Parameters<typeof createClient>[0]> = {}) =>
  createClient({
    url: endpoint.url,
    username: 'analyst',
    password: PASSWORD,
    log: { level: ClickHouseLogLevel.OFF },
    ...extra,
  });
const post = (
  body: string | Buffer,
  search = '',
  headers: Record<string, string> = { authorization: auth },
) => fetch(`${endpoint.url}/${search}`, { method: 'POST', body, headers });

async function writerCount(): Promise<number> {
  const [row] = await (
    await writer.client.query({ query: 'SELECT count() AS n FROM nps', format: 'JSONEachRow' })
  ).json<{ n: string }>();
  return Number(row!.n);
}

describe('who may ask', () => {
  it('answers the official client with credentials, and refuses it without or with a wrong password', async () => {
    const client = analystClient();
    try {
      const rows = await (
        await client.query({
          query: 'SELECT branch_id, score FROM nps WHERE score > {min:Float64} ORDER BY branch_id',
          query_params: { min: 0 },
          format: 'JSONEachRow',
        })
      ).json();
      expect(rows).toEqual([{ branch_id: 'B001', score: 42.5 }]);
    } finally {
      await client.close();
    }
    for (const headers of <Record<string, string>[]>[
      {},
      { authorization: `Basic ${Buffer.from('analyst:wrong').toString('base64')}` },
      { 'x-clickhouse-user': 'analyst', 'x-clickhouse-key': 'wrong' },
      { 'x-clickhouse-user': 'nobody', 'x-clickhouse-key': PASSWORD },
    ]) {
      const res = await post('SELECT * FROM nps', '', headers);
      expect(res.status).toBe(401);
      expect(res.headers.get('x-clickhouse-exception-code')).toBe('516');
      const text = await res.text();
      expect(text).toMatch(/^Code: 516\. DB::Exception: .*Authentication failed/);
      expect(text).not.toContain('B001');
    }
    const viaHeaders = await post('SELECT count() FROM nps', '', {
      'x-clickhouse-user': 'analyst',
      'x-clickhouse-key': PASSWORD,
    });
    expect(await viaHeaders.text()).toBe('2\n');
  });

  it('answers /ping without credentials, as ClickHouse does', async () => {
    expect(await (await fetch(`${endpoint.url}/ping`)).text()).toBe('Ok.\n');
  });
});

describe('reads only', () => {
  it('refuses every write and session change with READONLY, and the writers keep writing', async () => {
    const refused = WRITES.map((q) => q.replaceAll('branches_v1', 'nps'));
    for (const query of refused) {
      const res = await post(query);
      expect({ query, status: res.status }).toEqual({ query, status: 403 });
      expect(await res.text()).toMatch(/^Code: 164\. DB::Exception: .*readonly/);
    }
    // The original outage: an analyst's readonly outlived its query in the shared session.
    await post('SELECT 1', '?readonly=2');
    await writer.client.insert({
      table: 'nps',
      values: [{ branch_id: 'B003', score: 1 }],
      format: 'JSONEachRow',
    });
    expect(await writerCount()).toBe(3);
    const [setting] = await (
      await writer.client.query({ query: "SELECT getSetting('readonly') AS r", format: 'JSONEachRow' })
    ).json<{ r: string }>();
    expect(Number(setting!.r)).toBe(0);
    const client = analystClient();
    try {
      await expect(
        client.insert({ table: 'nps', values: [{ branch_id: 'X', score: 1 }], format: 'JSONEachRow' }),
      ).rejects.toThrow(/readonly/i);
    } finally {
      await client.close();
    }
    expect(await writerCount()).toBe(3);
  });
});

describe('confined to the servloop database', () => {
  const hidden = outsideReads(secretDb);
  it.each(hidden)('refuses %s with a ClickHouse error and no data', async (query) => {
    const res = await post(query);
    const text = await res.text();
    expect(res.status).toBe(403);
    expect(['164', '497']).toContain(res.headers.get('x-clickhouse-exception-code'));
    expect(text).toMatch(/^Code: (164|497)\. DB::Exception: analyst: /);
    expect(text.split('\n').filter(Boolean)).toHaveLength(1);
    expect(text).not.toMatch(LEAK);
  });

  it('refuses an Identifier parameter that names another database', async () => {
    const res = await post('SELECT * FROM {t:Identifier}', `?param_t=${secretDb}.keys`);
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain('TOPSECRET');
  });

  it('answers the catalogue queries SQL tools send, within the servloop database', async () => {
    const ok = async (query: string) => {
      const res = await post(query);
      const text = await res.text();
      expect({ query, status: res.status, text }).toMatchObject({ query, status: 200 });
      return text;
    };
    expect(await ok('SHOW TABLES')).toBe('nps\n');
    expect(await ok('EXISTS TABLE nps')).toBe('1\n');
    expect(await ok('DESCRIBE TABLE nps FORMAT TSV')).toMatch(/^branch_id\tString/);
    expect(await ok('SELECT name FROM system.tables WHERE database = currentDatabase() FORMAT TSV')).toBe(
      'nps\n',
    );
    expect(
      await ok(`SELECT count() FROM system.columns WHERE database = '${iso.database}' AND table = 'nps'`),
    ).toBe('2\n');
    expect(await ok('SELECT version()')).toMatch(/^\d+\.\d+/);
    expect(await ok('SELECT sum(number) FROM numbers(10)')).toBe('45\n');
    expect(await ok(`SELECT branch_id FROM ${iso.database}.nps ORDER BY branch_id LIMIT 1`)).toBe('B001\n');
    expect(await ok('SELECT number + 1 AS x FROM numbers(2) UNION ALL SELECT 3 FORMAT CSV')).toBe(
      '1\n2\n3\n',
    );
    // The JDBC driver's DatabaseMetaData qualifies columns by table: system.tables.database.
    expect(
      await ok(
        'SELECT t.name FROM system.tables t JOIN system.databases d ON system.tables.database = system.databases.name WHERE t.database = currentDatabase() FORMAT TSV',
      ),
    ).toBe('nps\n');
  });

  it('refuses a column qualified by a table outside the database', async () => {
    for (const query of [
      `SELECT ${secretDb}.keys.k FROM ${secretDb}.keys`,
      'SELECT system.processes.query FROM system.processes',
      `SELECT t.name FROM system.tables t JOIN ${secretDb}.keys ON system.tables.name = ${secretDb}.keys.k`,
    ]) {
      const res = await post(query);
      expect({ query, status: res.status }).toEqual({ query, status: 403 });
      expect(await res.text()).not.toContain('TOPSECRET');
    }
  });
});

describe('limits', () => {
  it('stops a query past the time limit, refuses a result past the row limit and settings above the limits', async () => {
    // A client may lower the time limit; the query is then stopped there.
    const slow = await post(
      'SELECT count() FROM numbers(1000000000) WHERE sipHash64(number) = 0',
      '?max_execution_time=2',
    );
    expect(slow.status).toBe(500);
    expect(await slow.text()).toMatch(/^Code: 159\. DB::Exception: Timeout exceeded/);
    const big = await post('SELECT number FROM numbers(5000)');
    expect(await big.text()).toMatch(/^Code: 396\. DB::Exception: Limit for result exceeded/);
    const lifted = await post('SELECT 1', '?max_execution_time=3600');
    expect(lifted.status).toBe(403);
    expect(await lifted.text()).toMatch(
      /^Code: 452\. DB::Exception: .*max_execution_time shouldn't be greater than 60/,
    );
    const unknown = await post('SELECT 1', '?allow_introspection_functions=1');
    expect(await unknown.text()).toMatch(/^Code: 164\. .*Cannot modify 'allow_introspection_functions'/);
    const threads = await post(
      "SELECT getSetting('max_threads'), getSetting('readonly')",
      '?output_format_pretty_row_numbers=0',
    );
    expect(await threads.text()).toBe('1\t1\n');
    const lowered = await post("SELECT getSetting('max_result_rows')", '?max_result_rows=10');
    expect(await lowered.text()).toBe('10\n');
  });

  it('runs beside the writers: an insert completes while an analyst query is still running', async () => {
    const order: string[] = [];
    const heavy = post(
      'SELECT count() FROM numbers(1000000000) WHERE sipHash64(number) = 0',
      '?max_execution_time=10',
    ).then(async (r) => {
      await r.text();
      order.push('analyst query ended');
    });
    await new Promise((r) => setTimeout(r, 300));
    await writer.client.insert({
      table: 'nps',
      values: [{ branch_id: 'B004', score: 2 }],
      format: 'JSONEachRow',
    });
    order.push('insert done');
    await heavy;
    expect(order).toEqual(['insert done', 'analyst query ended']);
  });
});

describe('what a client cannot do to the process or the catalogue', () => {
  it('answers a bad query id or format with a clear error and a client that hangs up mid-body with nothing, and keeps serving', async () => {
    const badId = await post('SELECT 1', '?query_id=a%0Ab');
    expect(badId.status).toBe(400);
    expect(await badId.text()).toMatch(/^Code: 36\. DB::Exception: query_id may hold/);
    const badFormat = await post('SELECT 1', '?default_format=JSON%0A');
    expect(badFormat.status).toBe(400);
    const { connect } = await import('node:net');
    const { port } = new URL(endpoint.url);
    await new Promise<void>((resolve) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(
          `POST / HTTP/1.1\r\nHost: x\r\nAuthorization: ${auth}\r\nContent-Length: 1000\r\n\r\nSELECT`,
          () => socket.destroy(),
        );
      });
      socket.on('close', () => resolve());
    });
    expect(await (await post('SELECT 41 + 1')).text()).toBe('42\n');
    // `arrow` is served as Arrow, and the reader's session keeps its own settings.
    const arrow = await post('SELECT 1 AS x', '', { authorization: auth, 'x-clickhouse-format': 'arrow' });
    expect(arrow.headers.get('x-clickhouse-format')).toBe('Arrow');
    expect((await arrow.arrayBuffer()).byteLength).toBeGreaterThan(0);
    expect(await (await post("SELECT getSetting('output_format_arrow_compression_method')")).text()).toBe(
      'lz4_frame\n',
    );
  });

  it('shows only the servloop database in the catalogue tables, and caps queries with parameters', async () => {
    const tables = await post(
      `SELECT database, name FROM system.tables WHERE database = '${secretDb}' OR name = 'keys'`,
    );
    expect(await tables.text()).toBe('');
    const viaSchema = await post(
      `SELECT count() FROM information_schema.tables WHERE table_schema = '${secretDb}'`,
    );
    expect(await viaSchema.text()).toBe('0\n');
    expect(await (await post('SELECT name FROM system.databases')).text()).toBe(`${iso.database}\n`);
    expect(await (await post('SELECT name FROM system.tables ORDER BY name')).text()).toBe('nps\n');
    // Parameterised queries get their own, lower time limit (an endpoint with roomy limits, so a
    // loaded machine cannot time the probe out).
    const roomy = await serveQueryEndpoint(reader, {
      users: analystUsers({ analyst: hashPassword(PASSWORD) }),
      limits: { ...DEFAULT_ANALYST_LIMITS, maxExecutionSeconds: 600, maxParameterisedSeconds: 300 },
      port: 0,
    });
    try {
      const ask = (search: string) =>
        fetch(`${roomy.url}/${search}`, {
          method: 'POST',
          body: "SELECT getSetting('max_execution_time') + {x:UInt8}",
          headers: { authorization: auth },
        }).then((r) => r.text());
      expect(await ask('?param_x=0')).toBe('300\n');
      const plain = await fetch(`${roomy.url}/`, {
        method: 'POST',
        body: "SELECT getSetting('max_execution_time')",
        headers: { authorization: auth },
      });
      expect(await plain.text()).toBe('600\n');
    } finally {
      await roomy.close();
    }
  });
});

describe('the HTTP interface as clients use it', () => {
  const QUERY = 'SELECT branch_id, score FROM nps ORDER BY branch_id LIMIT 2 FORMAT JSONEachRow';
  const plainAnswer = async () => (await post(QUERY)).text();

  it('@clickhouse/client with request and response compression gets what it gets without', async () => {
    const plain = analystClient();
    const compressed = analystClient({ compression: { request: true, response: true } });
    try {
      const read = async (client: typeof plain) => {
        const viaQuery = await (
          await client.query({
            query: 'SELECT branch_id, score FROM nps WHERE score > {min:Float64} ORDER BY branch_id',
            query_params: { min: -100 },
            format: 'JSONEachRow',
          })
        ).json();
        // exec sends the query as the request body: gzip-compressed when compression is on.
        const { stream } = await client.exec({
          query: 'SELECT count() AS n, sum(score) AS s FROM nps FORMAT JSONEachRow',
        });
        let text = '';
        for await (const chunk of stream) text += chunk.toString();
        return { viaQuery, viaExec: JSON.parse(text) };
      };
      const reference = await read(plain);
      expect(reference.viaQuery.length).toBeGreaterThan(1);
      expect(await read(compressed)).toEqual(reference);
      const before = await writerCount();
      await expect(
        compressed.insert({ table: 'nps', values: [{ branch_id: 'Z', score: 1 }], format: 'JSONEachRow' }),
      ).rejects.toMatchObject({ code: '164', message: expect.stringMatching(/readonly mode/) });
      await expect(compressed.command({ query: 'DROP TABLE nps' })).rejects.toMatchObject({ code: '164' });
      expect(await writerCount()).toBe(before);
    } finally {
      await plain.close();
      await compressed.close();
    }
  });

  it('answers in the encoding Accept-Encoding names when enable_http_compression=1, and reads Content-Encoding', async () => {
    const expected = await plainAnswer();
    expect(expected).toMatch(/^\{"branch_id":"B001"/);
    const decoders: Record<string, (b: Buffer) => Buffer> = {
      gzip: gunzipSync,
      deflate: inflateSync,
      br: brotliDecompressSync,
      zstd: (b) => zstdDecompress(b, 1 << 20),
      lz4: decompressFrameSync,
    };
    const encoders: Record<string, (b: Buffer) => Buffer> = {
      gzip: gzipSync,
      deflate: deflateSync,
      br: brotliCompressSync,
      zstd: zstdCompress,
      lz4: compressFrameSync,
    };
    for (const [encoding, decode] of Object.entries(decoders)) {
      const res = await post(QUERY, '?enable_http_compression=1', {
        authorization: auth,
        'accept-encoding': `${encoding}, identity;q=0.5`,
      });
      expect({ encoding, header: res.headers.get('content-encoding') }).toEqual({
        encoding,
        header: encoding,
      });
      // fetch decodes gzip, deflate and br itself; the body is read raw for the others.
      const body = Buffer.from(await res.arrayBuffer());
      const text = ['gzip', 'deflate', 'br'].includes(encoding) ? body.toString() : decode(body).toString();
      expect({ encoding, text }).toEqual({ encoding, text: expected });
      const viaBody = await post(encoders[encoding]!(Buffer.from(QUERY)), '', {
        authorization: auth,
        'content-encoding': encoding,
      });
      expect({ encoding, text: await viaBody.text() }).toEqual({ encoding, text: expected });
    }
    const without = await post(QUERY, '', { authorization: auth, 'accept-encoding': 'gzip' });
    expect(without.headers.get('content-encoding')).toBeNull();
    const unknown = await post(QUERY, '', { authorization: auth, 'content-encoding': 'snappy-ish' });
    expect(unknown.headers.get('x-clickhouse-exception-code')).toBe('89');
    expect(await unknown.text()).toMatch(/^Code: 89\. DB::Exception: Unknown HTTP compression method/);
  });

  it('compress=1 answers in ClickHouse compressed blocks; decompress=1 reads them and checks their checksum', async () => {
    const expected = await plainAnswer();
    const res = await post(QUERY, '?compress=1');
    const blocks = Buffer.from(await res.arrayBuffer());
    expect(blocks[16]).toBe(0x82); // LZ4
    expect(decodeBlocks(blocks, 1 << 20).toString()).toBe(expected);
    const zstd = await post(QUERY, '?compress=1&network_compression_method=zstd');
    const zstdBlocks = Buffer.from(await zstd.arrayBuffer());
    expect(zstdBlocks[16]).toBe(0x90);
    expect(decodeBlocks(zstdBlocks, 1 << 20).toString()).toBe(expected);
    const sent = await post(await encodeAllBlocks(Buffer.from(QUERY)), '?decompress=1');
    expect(await sent.text()).toBe(expected);
    const corrupted = await encodeAllBlocks(Buffer.from(QUERY));
    corrupted[corrupted.length - 1]! ^= 0xff;
    const refused = await post(corrupted, '?decompress=1');
    expect(refused.headers.get('x-clickhouse-exception-code')).toBe('40');
    expect(await refused.text()).toMatch(/^Code: 40\. DB::Exception: .*Checksum doesn't match/);
  });

  it('keeps every guard on the compressed paths: credentials, writes, confinement, settings', async () => {
    const before = await writerCount();
    const insert = await post(
      await encodeAllBlocks(Buffer.from("INSERT INTO nps VALUES ('Q', 1)")),
      '?compress=1&decompress=1',
    );
    expect(insert.status).toBe(403);
    expect(await insert.text()).toMatch(/^Code: 164\. DB::Exception: .*readonly/);
    const outside = await post(gzipSync(Buffer.from(`SELECT * FROM ${secretDb}.keys`)), '?compress=1', {
      authorization: auth,
      'content-encoding': 'gzip',
    });
    expect(outside.status).toBe(403);
    expect(await outside.text()).not.toContain('TOPSECRET');
    const lifted = await post(QUERY, '?compress=1&enable_http_compression=1&max_execution_time=3600');
    expect(await lifted.text()).toMatch(/^Code: 452\./);
    const anonymous = await post(await encodeAllBlocks(Buffer.from(QUERY)), '?compress=1&decompress=1', {});
    expect(anonymous.status).toBe(401);
    expect(await writerCount()).toBe(before);
    const limited = await post('SELECT number FROM numbers(5000)', '?compress=1');
    expect(await limited.text()).toMatch(/^Code: 396\./);
  });

  it('writes the format asked for by FORMAT, X-ClickHouse-Format or default_format, with the query id and summary', async () => {
    const q = 'SELECT branch_id, score FROM nps ORDER BY branch_id';
    const asked = async (search: string, headers: Record<string, string> = {}) => {
      const res = await post(q, search, { authorization: auth, ...headers });
      return { res, body: Buffer.from(await res.arrayBuffer()) };
    };
    const parquet = await asked('', { 'x-clickhouse-format': 'Parquet' });
    expect(parquet.res.headers.get('x-clickhouse-format')).toBe('Parquet');
    expect(parquet.body.subarray(0, 4).toString()).toBe('PAR1');
    const arrow = await asked('?default_format=Arrow');
    expect(arrow.body.subarray(0, 6).toString()).toBe('ARROW1');
    const csv = await asked('', { 'x-clickhouse-format': 'CSVWithNames' });
    expect(csv.body.toString()).toMatch(/^"branch_id","score"\n"B001",42.5\n/);
    expect(csv.res.headers.get('content-type')).toMatch(/^text\/csv/);
    const json = await asked('?default_format=JSON&query_id=my-query-1');
    expect(JSON.parse(json.body.toString()).meta).toEqual([
      { name: 'branch_id', type: 'String' },
      { name: 'score', type: 'Float64' },
    ]);
    expect(json.res.headers.get('x-clickhouse-query-id')).toBe('my-query-1');
    expect(JSON.parse(json.res.headers.get('x-clickhouse-summary')!)).toMatchObject({
      result_rows: expect.any(String),
    });
    const rowBinary = await asked('', { 'x-clickhouse-format': 'RowBinaryWithNamesAndTypes' });
    expect(rowBinary.body[0]).toBe(2); // two columns, then their names and types
    expect(rowBinary.body.includes(Buffer.from('branch_id'))).toBe(true);
    const native = await post(`${q} LIMIT 2`, '', { authorization: auth, 'x-clickhouse-format': 'Native' });
    const block = Buffer.from(await native.arrayBuffer());
    expect(native.headers.get('x-clickhouse-format')).toBe('Native');
    expect([...block.subarray(0, 2)]).toEqual([2, 2]); // a block of two columns and two rows
    expect(block.includes(Buffer.from('\x09branch_id\x06String'))).toBe(true);
    const clause = await post(`${q} FORMAT CSV`, '', { authorization: auth, 'x-clickhouse-format': 'JSON' });
    expect(clause.headers.get('x-clickhouse-format')).toBe('CSV'); // the query's own FORMAT wins
    expect(await clause.text()).toMatch(/^"B001",42.5\n/);
    const unknown = await post(q, '', { authorization: auth, 'x-clickhouse-format': 'NoSuchFormat' });
    expect(await unknown.text()).toMatch(/^Code: 73\. DB::Exception: .*NoSuchFormat/);
  });
});
