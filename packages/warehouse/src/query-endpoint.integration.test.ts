// The embedded warehouse's read-only HTTP endpoint, driven by the official client and plain HTTP.
import { createClient } from '@clickhouse/client';
import { isolate, resolveEndpoints } from '@servloop/test-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWarehouse } from './client.ts';
import { type QueryEndpoint, serveQueryEndpoint } from './query-endpoint.ts';

const endpoints = await resolveEndpoints();
const iso = isolate(endpoints, 'queryendpoint');
const warehouse = await openWarehouse({ url: iso.clickhouseUrl, database: iso.database });
let endpoint: QueryEndpoint;
beforeAll(async () => {
  await warehouse.client.command({
    query:
      'CREATE TABLE IF NOT EXISTS nps (branch_id String, score Float64) ENGINE = MergeTree ORDER BY branch_id',
  });
  await warehouse.client.insert({
    table: 'nps',
    values: [
      { branch_id: 'B001', score: 42.5 },
      { branch_id: 'B002', score: -10 },
    ],
    format: 'JSONEachRow',
  });
  endpoint = await serveQueryEndpoint(warehouse, 0);
});
afterAll(async () => {
  await endpoint.close();
  await warehouse.close();
});

describe('read-only query endpoint', () => {
  it('answers @clickhouse/client queries with parameters', async () => {
    const client = createClient({ url: endpoint.url });
    try {
      expect((await client.ping()).success).toBe(true);
      const rows = await (
        await client.query({
          query: 'SELECT branch_id, score FROM nps WHERE score > {min:Float64} ORDER BY branch_id',
          query_params: { min: 0 },
          format: 'JSONEachRow',
        })
      ).json();
      expect(rows).toEqual([{ branch_id: 'B001', score: 42.5 }]);
      // Writes are refused with ClickHouse's READONLY error, which the client surfaces as such.
      await expect(
        client.insert({ table: 'nps', values: [{ branch_id: 'X', score: 1 }], format: 'JSONEachRow' }),
      ).rejects.toThrow(/readonly/i);
      await expect(client.command({ query: 'DROP TABLE nps' })).rejects.toThrow(/readonly/i);
      await expect(client.command({ query: 'ALTER TABLE nps DELETE WHERE 1' })).rejects.toThrow(/readonly/i);
    } finally {
      await client.close();
    }
    const [count] = await (
      await warehouse.client.query({ query: 'SELECT count() AS n FROM nps', format: 'JSONEachRow' })
    ).json<{ n: number }>();
    expect(Number(count!.n)).toBe(2);
  });

  it('speaks plain HTTP: GET with FORMAT in the text, POST bodies, errors with their code', async () => {
    const get = await fetch(
      `${endpoint.url}/?query=${encodeURIComponent('SELECT branch_id FROM nps ORDER BY branch_id FORMAT CSV')}`,
    );
    expect(await get.text()).toBe('"B001"\n"B002"\n');
    const post = await fetch(`${endpoint.url}/?param_b=B002`, {
      method: 'POST',
      body: 'SELECT score FROM nps WHERE branch_id = {b:String} FORMAT JSONEachRow',
    });
    expect(await post.json()).toEqual({ score: -10 });
    const refused = await fetch(endpoint.url, { method: 'POST', body: "INSERT INTO nps VALUES ('X', 1)" });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toMatch(/^Code: 164\. DB::Exception: .*readonly/i);
    const bad = await fetch(endpoint.url, { method: 'POST', body: 'SELEC 1' });
    expect(bad.status).toBe(500);
    expect(await bad.text()).toMatch(/^Code: 62\. DB::Exception: Syntax error/);
  });
});
