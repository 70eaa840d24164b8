// The console reads on its own engine session, read-only, under the analysts' limits (one thread,
// the lowest OS priority, bounded time, memory and rows) — settings that travel with each query.
import { isolate, resolveEndpoints } from '@servloop/test-harness';
import { migrate, openWarehouse } from '@servloop/warehouse';
import { afterAll, describe, expect, it } from 'vitest';
import { CONSOLE_LIMITS, consoleDb } from '../src/db.ts';
import { migrationsDir } from './support.ts';

const endpoints = await resolveEndpoints();
const iso = isolate(endpoints, 'console-db');
const writer = await openWarehouse({ url: iso.clickhouseUrl, database: iso.database });
await migrate(writer, migrationsDir);
const reader = await openWarehouse({ url: iso.clickhouseUrl, database: iso.database, create: false });
afterAll(async () => {
  await reader.close();
  await writer.close();
});

describe("the console's warehouse session", () => {
  it('runs every query read-only, on one thread, at nice 19, within the limits', async () => {
    const db = consoleDb(reader);
    const [s] = await db.rows<Record<string, string>>(
      `SELECT getSetting('readonly') AS readonly, getSetting('max_threads') AS threads,
              getSetting('os_thread_priority') AS priority, getSetting('max_execution_time') AS seconds,
              getSetting('max_rows_to_read') AS rows`,
    );
    expect(Object.fromEntries(Object.entries(s!).map(([k, v]) => [k, Number(v)]))).toEqual({
      readonly: 1,
      threads: 1,
      priority: 19,
      seconds: CONSOLE_LIMITS.maxExecutionSeconds,
      rows: CONSOLE_LIMITS.maxRowsToRead,
    });
  });

  it("leaves the writers' session as it was", async () => {
    await consoleDb(reader).rows('SELECT 1');
    const [s] = await (
      await writer.client.query({
        query: "SELECT getSetting('readonly') AS r, getSetting('max_threads') AS t",
        format: 'JSONEachRow',
      })
    ).json<{ r: string; t: string }>();
    expect(Number(s!.r)).toBe(0);
    expect(Number(s!.t)).toBeGreaterThan(1);
  });
});
