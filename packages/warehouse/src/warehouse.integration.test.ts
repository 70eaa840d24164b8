import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isolate, resolveEndpoints } from '@servloop/test-harness';
import { afterAll, describe, expect, it } from 'vitest';
import { openWarehouse } from './client.ts';
import { insertEncodedRows, insertRows } from './insert.ts';
import { migrate } from './migrate.ts';

const endpoints = await resolveEndpoints();
const iso = isolate(endpoints, 'warehouse');
const warehouse = await openWarehouse({ url: iso.clickhouseUrl, database: iso.database });
afterAll(() => warehouse.close());

describe(`ClickHouse through @clickhouse/client (${warehouse.kind})`, () => {
  it('creates a MergeTree table, inserts JSONEachRow rows and queries them with parameters', async () => {
    const { client } = warehouse;
    await client.command({
      query: `CREATE TABLE IF NOT EXISTS visits_probe (id String, branch_id String, at DateTime64(3, 'UTC'), wait_s UInt32)
              ENGINE = MergeTree ORDER BY (branch_id, id)`,
    });
    const base = Date.parse('2026-03-01T08:00:00Z');
    await client.insert({
      table: 'visits_probe',
      format: 'JSONEachRow',
      values: Array.from({ length: 1000 }, (_, i) => ({
        id: `v${i}`,
        branch_id: `b${i % 3}`,
        at: base + i * 60_000, // epoch ms, as chDB wants
        wait_s: i % 600,
      })),
    });
    const rows = await (
      await client.query({
        query: `SELECT branch_id, count() AS n, max(wait_s) AS max_wait, min(at) AS first
                FROM visits_probe WHERE branch_id = {branch:String} GROUP BY branch_id`,
        query_params: { branch: 'b1' },
        format: 'JSONEachRow',
      })
    ).json<{ branch_id: string; n: string | number; max_wait: number; first: string }>();
    expect(rows).toHaveLength(1);
    expect(Number(rows[0]!.n)).toBe(333);
    expect(rows[0]!.max_wait).toBe(598); // i = 598 has the largest i % 600 among i % 3 = 1
    expect(rows[0]!.first).toBe('2026-03-01 08:01:00.000');
    const db = await (
      await client.query({ query: 'SELECT currentDatabase() AS d', format: 'JSONEachRow' })
    ).json<{ d: string }>();
    expect(db[0]!.d).toBe(iso.database);
  });

  it('a repeated insert with the same deduplication token adds nothing', async () => {
    const { client } = warehouse;
    await client.command({
      query: `CREATE TABLE IF NOT EXISTS dedup_probe (id String) ENGINE = ReplacingMergeTree ORDER BY id
              SETTINGS non_replicated_deduplication_window = 1000`,
    });
    for (let i = 0; i < 2; i++) {
      await client.insert({
        table: 'dedup_probe',
        format: 'JSONEachRow',
        values: [{ id: 'a' }, { id: 'b' }],
        clickhouse_settings: { insert_deduplication_token: 'topic:0:10-11' },
      });
    }
    const [row] = await (
      await client.query({ query: 'SELECT count() AS n FROM dedup_probe', format: 'JSONEachRow' })
    ).json<{ n: number | string }>();
    expect(Number(row!.n)).toBe(2);
  });

  it('a setting travels with its query only: a later insert without a token is not taken for the earlier one', async () => {
    const { client } = warehouse;
    await client.command({
      query: `CREATE TABLE IF NOT EXISTS token_probe (id String) ENGINE = ReplacingMergeTree ORDER BY id
              SETTINGS non_replicated_deduplication_window = 1000`,
    });
    await client.insert({
      table: 'token_probe',
      format: 'JSONEachRow',
      values: [{ id: 'first' }],
      clickhouse_settings: { insert_deduplication_token: 'topic:0:1-1' },
    });
    // Were the token session state, this block would carry it and be dropped as a duplicate.
    await client.insert({ table: 'token_probe', format: 'JSONEachRow', values: [{ id: 'first' }] });
    await client.insert({ table: 'token_probe', format: 'JSONEachRow', values: [{ id: 'second' }] });
    const rows = await (
      await client.query({
        query: 'SELECT id, count() AS n FROM token_probe GROUP BY id ORDER BY id',
        format: 'JSONEachRow',
        clickhouse_settings: { readonly: '1' },
      })
    ).json<{ id: string; n: string }>();
    expect(rows.map((r) => [r.id, Number(r.n)])).toEqual([
      ['first', 2],
      ['second', 1],
    ]);
    // …and readonly from the query above does not stay either.
    await client.insert({ table: 'token_probe', format: 'JSONEachRow', values: [{ id: 'third' }] });
  });

  it('rows inserted already encoded are the rows insertRows inserts, and a repeated token adds nothing', async () => {
    const { client } = warehouse;
    for (const table of ['encoded_probe', 'objects_probe'])
      await client.command({
        query: `CREATE TABLE IF NOT EXISTS ${table} (id String, at DateTime64(3, 'UTC'), tags Array(LowCardinality(String)), n UInt8)
                ENGINE = ReplacingMergeTree ORDER BY id SETTINGS non_replicated_deduplication_window = 1000`,
      });
    const columns = ['id', 'at', 'tags', 'n'];
    const rows = [
      { id: 'a', at: '2026-03-02 02:30:00.000', tags: ['排队', "it's"], n: 1 },
      { id: 'b\n"c"', at: Date.parse('2026-03-02T02:30:00Z'), tags: [], n: 0 },
    ];
    await insertRows(warehouse, 'objects_probe', columns, rows);
    const lines = rows.map((row) => JSON.stringify(columns.map((c) => row[c as keyof typeof row])));
    for (let i = 0; i < 2; i++)
      await insertEncodedRows(warehouse, 'encoded_probe', columns, lines, { deduplicationToken: 't:0:1-2' });
    const read = async (table: string) =>
      (await client.query({ query: `SELECT * FROM ${table} ORDER BY id`, format: 'JSONEachRow' })).json();
    expect(await read('encoded_probe')).toEqual(await read('objects_probe'));
    expect(await read('encoded_probe')).toHaveLength(2);
    // The token went with that insert only.
    await insertEncodedRows(warehouse, 'encoded_probe', columns, [lines[0]!]);
    expect(await read('encoded_probe')).toHaveLength(3);
  });

  it('migrations apply once, record their versions and refuse an edited file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'migrations-'));
    writeFileSync(
      join(dir, '9001_create_things.sql'),
      'CREATE TABLE IF NOT EXISTS things (id String) ENGINE = MergeTree ORDER BY id;\n',
    );
    writeFileSync(
      join(dir, '9002_add_thing_name.sql'),
      "-- a comment\nALTER TABLE things ADD COLUMN IF NOT EXISTS name String DEFAULT '';\n",
    );
    expect(await migrate(warehouse, dir)).toEqual({ applied: [9001, 9002], skipped: [] });
    expect(await migrate(warehouse, dir)).toEqual({ applied: [], skipped: [9001, 9002] });
    writeFileSync(
      join(dir, '9002_add_thing_name.sql'),
      'ALTER TABLE things ADD COLUMN IF NOT EXISTS name2 String;\n',
    );
    await expect(migrate(warehouse, dir)).rejects.toThrow(/9002_add_thing_name changed/);
  });

  it('the repository migrations apply cleanly twice', async () => {
    const dir = join(import.meta.dirname, '..', '..', '..', 'infra', 'clickhouse', 'migrations');
    const first = await migrate(warehouse, dir);
    expect(first.applied.length).toBeGreaterThan(0);
    expect((await migrate(warehouse, dir)).applied).toEqual([]);
  });
});
