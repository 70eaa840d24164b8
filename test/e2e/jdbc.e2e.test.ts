// The official ClickHouse JDBC driver — what DBeaver, DataGrip, Metabase and Tableau's connector
// load — against the analysts' endpoint on seeded data: test/jdbc (Java, built by Maven) connects,
// reads DatabaseMetaData, runs every documented query and two refused ones, over three transports
// the driver offers (ClickHouse's compressed blocks for the response; also for the request; HTTP
// lz4 compression both ways). Its typed results must equal what @clickhouse/client gets, with and
// without HTTP compression.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { isolate, resolveEndpoints } from '@servloop/test-harness';
import { cityHash128, openWarehouse, type QueryEndpoint, type Warehouse } from '@servloop/warehouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnalystEndpoint, type TestAnalystEndpoint } from './analyst-endpoint.ts';
import { seedAnalystData } from './analyst-seed.ts';
import { DOCUMENTED_QUERY_PARAMS, documentedQueries } from './documented-queries.ts';
import { repoRoot } from './paths.ts';

const run = promisify(execFile);
const endpoints = await resolveEndpoints();
const iso = isolate(endpoints, 'jdbc');
const writer = await openWarehouse({ url: iso.clickhouseUrl, database: iso.database });
const documented = documentedQueries();
// Besides the documented queries, an answer of several compressed blocks (1 MiB each, uncompressed).
const queries = new Map([
  ...documented,
  ['multi-block', 'SELECT number AS n, toString(cityHash64(number)) AS s FROM numbers(120000) ORDER BY n'],
]);
const PASSWORD = 'jdbc-conformance-7f3a';

interface JdbcColumn {
  name: string;
  type: string;
  jdbcType: number;
  className: string;
}
interface JdbcQuery {
  columns: JdbcColumn[];
  rows: unknown[][];
  valueClasses: (string | null)[];
}
interface JdbcRefusal {
  sqlException?: string;
  errorCode?: number;
  message?: string;
  rows?: string;
  updated?: number;
}
interface JdbcRun {
  metadata: {
    product: string;
    schemas: string[];
    tables: { schema: string; name: string; type: string }[];
    columns: { table: string; name: string; typeName: string; position: number; nullable: number }[];
    primaryKeys: { table: string; column: string }[];
    typeInfo: string[];
  };
  queries: Record<string, JdbcQuery>;
  refused: Record<string, JdbcRefusal>;
}

const CONNECTIONS = [
  // The driver's defaults: compress=1, the response in ClickHouse's compressed LZ4 blocks.
  { label: 'compressed-blocks', properties: {} },
  // decompress=1: the request body in compressed blocks too.
  { label: 'compressed-blocks-both-ways', properties: { decompress: 'true' } },
  // enable_http_compression=1, Accept-Encoding and Content-Encoding lz4 (LZ4 frames).
  { label: 'http-lz4', properties: { 'client.use_http_compression': 'true', decompress: 'true' } },
];

let analyst: TestAnalystEndpoint;
let endpoint: QueryEndpoint;
let jdbc: Record<string, JdbcRun>;
let driverHashes: [number, string, string][];
const HASH_LENGTHS = [...Array.from({ length: 300 }, (_, i) => i), 511, 512, 1000, 4096, 65_537];
let plain: Warehouse;
let compressed: Warehouse;

beforeAll(async () => {
  await seedAnalystData(writer);
  analyst = await startAnalystEndpoint(iso, 'analyst', PASSWORD);
  endpoint = analyst.endpoint;
  const client = (compression: boolean) =>
    openWarehouse({ url: analyst.urlWithCredentials, database: iso.database, create: false, compression });
  plain = await client(false);
  compressed = await client(true);

  const dir = mkdtempSync(join(tmpdir(), 'servloop-jdbc-'));
  const input = join(dir, 'in.json');
  const output = join(dir, 'out.json');
  writeFileSync(
    input,
    JSON.stringify({
      database: iso.database,
      connections: CONNECTIONS,
      cityHash128Lengths: HASH_LENGTHS,
      queries: [...queries].map(([id, sql]) => ({ id, sql, params: DOCUMENTED_QUERY_PARAMS[id] ?? {} })),
      refused: [
        {
          id: 'insert',
          sql: "INSERT INTO branches_v1 (branch_id, name, region, timezone) VALUES ('X', 'x', 'x', 'UTC')",
        },
        { id: 'file', sql: "SELECT * FROM file('/etc/passwd', 'LineAsString')" },
      ],
    }),
  );
  const jdbcUrl = `jdbc:clickhouse://${new URL(endpoint.url).host}/${iso.database}`;
  await run(
    'mvn',
    [
      '-B',
      '-q',
      '-f',
      join(repoRoot, 'test', 'jdbc', 'pom.xml'),
      'compile',
      'exec:exec',
      `-Dconformance.args=${[jdbcUrl, 'analyst', PASSWORD, input, output].join(' ')}`,
    ],
    { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 },
  );
  const out = JSON.parse(readFileSync(output, 'utf8')) as {
    connections: Record<string, JdbcRun>;
    cityHash128: [number, string, string][];
  };
  jdbc = out.connections;
  driverHashes = out.cityHash128;
});

afterAll(async () => {
  await plain?.close();
  await compressed?.close();
  await analyst?.close();
  await writer.close();
});

/** A value as both sides compare it: exact integers as strings, instants in UTC ISO form. */
function canonical(type: string, value: unknown): unknown {
  if (value === null) return null;
  const t = baseType(type);
  const array = /^Array\((.*)\)$/.exec(t);
  if (array) return (value as unknown[]).map((v) => canonical(array[1]!, v));
  if (/^U?Int\d+$/.test(t) || /^Decimal/.test(t)) return String(value);
  if (/^Float\d+$/.test(t)) return Number(value);
  if (/^DateTime/.test(t)) return new Date(value as string).toISOString();
  return value;
}

/** @clickhouse/client's answer: names, ClickHouse types and rows in canonical form. */
async function viaClient(warehouse: Warehouse, id: string) {
  const result = await warehouse.client.query({
    query: queries.get(id)!,
    query_params: DOCUMENTED_QUERY_PARAMS[id] ?? {},
    format: 'JSONCompactEachRowWithNamesAndTypes',
    clickhouse_settings: { date_time_output_format: 'iso' },
  });
  const [names, types, ...rows] = await result.json<unknown[]>();
  return {
    columns: (names as string[]).map((name, i) => ({ name, type: (types as string[])[i]! })),
    rows: rows.map((row) => row.map((v, i) => canonical((types as string[])[i]!, v))),
  };
}

/** The JDBC program's answer in the same form. */
function viaJdbc(result: JdbcQuery) {
  return {
    columns: result.columns.map(({ name, type }) => ({ name, type })),
    rows: result.rows.map((row) => row.map((v, i) => canonical(result.columns[i]!.type, v))),
  };
}

const baseType = (type: string) =>
  type.replace(/^LowCardinality\((.*)\)$/, '$1').replace(/^Nullable\((.*)\)$/, '$1');

/** The Java class and java.sql.Types code the driver documents for each ClickHouse type. */
const JAVA_TYPES: [RegExp, string, number][] = [
  [/^String$/, 'java.lang.String', 12],
  [/^Float64$/, 'java.lang.Double', 8],
  [/^Float32$/, 'java.lang.Float', 7],
  [/^UInt64$/, 'java.math.BigInteger', 2],
  [/^Int64$|^UInt32$/, 'java.lang.Long', -5],
  [/^Int32$|^UInt16$/, 'java.lang.Integer', 4],
  [/^Int16$|^UInt8$/, 'java.lang.Short', 5],
  [/^Date$/, 'java.sql.Date', 91],
  [/^DateTime64\(3, 'UTC'\)$/, 'java.sql.Timestamp', 93],
];

describe('the official JDBC driver against the analysts endpoint', () => {
  it('ran with every transport', () => {
    expect(Object.keys(jdbc)).toEqual(CONNECTIONS.map((c) => c.label));
  });

  it("computes the compressed blocks' CityHash128 as the driver does, for every length class", () => {
    const sample = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 131 + n * 7) & 0xff));
    expect(driverHashes.map(([n]) => n)).toEqual(HASH_LENGTHS);
    expect(
      HASH_LENGTHS.map((n) => {
        const [low, high] = cityHash128(sample(n));
        return [n, String(low), String(high)];
      }),
    ).toEqual(driverHashes);
  });

  it.each(
    CONNECTIONS.map((c) => c.label),
  )('%s: DatabaseMetaData lists the tables and columns of the database, as system.* does', async (label) => {
    const { metadata } = jdbc[label]!;
    expect(metadata.product).toBe('ClickHouse');
    expect(metadata.schemas).toEqual([iso.database]); // the catalogue shows the analysts' database only
    const tables = await (
      await plain.client.query({
        query: 'SELECT name, engine FROM system.tables WHERE database = currentDatabase() ORDER BY name',
        format: 'JSONEachRow',
      })
    ).json<{ name: string; engine: string }>();
    expect(tables.length).toBeGreaterThan(10);
    expect(metadata.tables.map((t) => t.name).sort()).toEqual(tables.map((t) => t.name).sort());
    expect(new Set(metadata.tables.map((t) => t.schema))).toEqual(new Set([iso.database]));
    expect(metadata.tables.find((t) => t.name === 'branches')!.type).toBe('VIEW');
    const columns = await (
      await plain.client.query({
        query: 'SELECT table, name, type, position FROM system.columns WHERE database = currentDatabase()',
        format: 'JSONEachRow',
      })
    ).json<{ table: string; name: string; type: string; position: string }>();
    const key = (c: { table: string; name: string }) => `${c.table}.${c.name}`;
    expect(
      metadata.columns
        .map((c) => ({ table: c.table, name: c.name, type: c.typeName, position: c.position }))
        .sort((a, b) => key(a).localeCompare(key(b))),
    ).toEqual(
      columns
        .map((c) => ({ ...c, position: Number(c.position) }))
        .sort((a, b) => key(a).localeCompare(key(b))),
    );
    const keys = await (
      await plain.client.query({
        query:
          'SELECT table, name AS column FROM system.columns WHERE database = currentDatabase() AND is_in_primary_key',
        format: 'JSONEachRow',
      })
    ).json<{ table: string; column: string }>();
    expect(keys.length).toBeGreaterThan(0);
    const byKey = (a: { table: string; column: string }, b: { table: string; column: string }) =>
      `${a.table}.${a.column}`.localeCompare(`${b.table}.${b.column}`);
    expect([...metadata.primaryKeys].sort(byKey)).toEqual([...keys].sort(byKey));
    const families = await (
      await plain.client.query({ query: 'SELECT name FROM system.data_type_families', format: 'JSONEachRow' })
    ).json<{ name: string }>();
    expect(metadata.typeInfo).toEqual(expect.arrayContaining(['String', 'Float64', 'UInt64', 'DateTime64']));
    expect(metadata.typeInfo.every((t) => families.some((f) => f.name === t))).toBe(true);
    const nullable = metadata.columns.filter((c) => c.typeName.startsWith('Nullable('));
    expect(nullable.every((c) => c.nullable === 1)).toBe(true);
  });

  it('@clickhouse/client gets the same results with request and response compression as without', async () => {
    expect(documented.size).toBeGreaterThanOrEqual(14);
    for (const id of queries.keys()) {
      const reference = await viaClient(plain, id);
      expect(reference.rows.length, id).toBeGreaterThan(0);
      expect(await viaClient(compressed, id), id).toEqual(reference);
    }
  });

  it.each(
    CONNECTIONS.flatMap((c) => [...queries.keys()].map((id) => [c.label, id] as const)),
  )('%s: %s has the typed result @clickhouse/client gets', async (label, id) => {
    const result = jdbc[label]!.queries[id]!;
    const reference = await viaClient(plain, id);
    expect(reference.rows.length).toBeGreaterThan(0);
    expect(viaJdbc(result)).toEqual(reference);
    result.columns.forEach((column, i) => {
      const expected = JAVA_TYPES.find(([pattern]) => pattern.test(baseType(column.type)));
      expect({ column: column.name, type: column.type, known: Boolean(expected) }).toEqual({
        column: column.name,
        type: column.type,
        known: true,
      });
      const [, className, jdbcType] = expected!;
      expect({ column: column.name, className: column.className, jdbcType: column.jdbcType }).toEqual({
        column: column.name,
        className,
        jdbcType,
      });
      const valueClass = result.valueClasses[i];
      if (valueClass !== null)
        expect({ column: column.name, valueClass }).toEqual({ column: column.name, valueClass: className });
    });
  });

  it.each(
    CONNECTIONS.map((c) => c.label),
  )('%s: a write and a forbidden table function are SQLExceptions with ClickHouse codes; nothing was written', async (label) => {
    const { insert, file } = jdbc[label]!.refused;
    expect(insert).toMatchObject({ sqlException: 'java.sql.SQLException', errorCode: 164 });
    expect(insert!.message).toMatch(
      /^Code: 164\. DB::Exception: analyst: Cannot execute query in readonly mode/,
    );
    expect(file).toMatchObject({ sqlException: 'java.sql.SQLException', errorCode: 497 });
    expect(file!.message).toMatch(/^Code: 497\. DB::Exception: analyst: Not enough privileges.*FILE/);
    expect(file!.message).not.toMatch(/root:/);
    const [row] = await (
      await writer.client.query({
        query: "SELECT count() AS n FROM branches_v1 WHERE branch_id = 'X'",
        format: 'JSONEachRow',
      })
    ).json<{ n: string }>();
    expect(Number(row!.n)).toBe(0);
  });
});
