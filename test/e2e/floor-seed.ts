// The simulator's floor generator, N simulated days into a warehouse through the normaliser's own
// mapping, then the analytics worker's CLV and floor jobs. Phone numbers become customer keys the
// way the gateway makes them (an HMAC; here a plain SHA-256 prefix: no secret is needed in a test).
import { createHash } from 'node:crypto';
import { DEFAULT_CONFIG, estimateClv, runFloor } from '@servloop/analytics-worker';
import { type FloorScenario, simulateFloorDays } from '@servloop/local-stack';
import { COLUMNS, type Row, type Table, toRows } from '@servloop/normaliser';
import type { EventEnvelope } from '@servloop/schemas';
import { insertRows, migrate, type Warehouse } from '@servloop/warehouse';
import { migrationsDir } from './paths.ts';

const DAY = 86_400_000;
export const FLOOR_START = Date.parse('2026-03-02T00:00:00+08:00'); // a Monday
export const floorDay = (k: number) =>
  new Date(FLOOR_START + 8 * 3_600_000 + k * DAY).toISOString().slice(0, 10);

function withCustomerKey(data: Record<string, unknown>): Record<string, unknown> {
  const c = data.customer as { phone?: string } | undefined;
  if (!c?.phone) return data;
  return {
    ...data,
    customer: { customerKey: `ck_${createHash('sha256').update(c.phone).digest('hex').slice(0, 32)}` },
  };
}

export async function seedFloor(
  warehouse: Warehouse,
  o: { branches: string[]; days: number; visitsPerDay: number; scenario: FloorScenario; seed?: number },
) {
  await migrate(warehouse, migrationsDir);
  await insertRows(
    warehouse,
    'branches_v1',
    ['branch_id', 'name', 'region', 'timezone', 'updated_at'],
    o.branches.map((b) => ({
      branch_id: b,
      name: b,
      region: 'East',
      timezone: 'Asia/Shanghai',
      updated_at: FLOOR_START,
    })),
  );
  const days = simulateFloorDays({
    branches: o.branches.map((branchId) => ({ branchId })),
    days: o.days,
    startMs: FLOOR_START,
    visitsPerDay: o.visitsPerDay,
    scenario: o.scenario,
    seed: o.seed,
  });
  const byTable = new Map<Table, Row[]>();
  let n = 0;
  for (const d of days)
    for (const e of d.events) {
      const envelope = {
        id: `floor-${n}`,
        branchId: d.branchId,
        type: e.type,
        schemaVersion: 1,
        occurredAt: e.occurredAt,
        receivedAt: new Date(Date.parse(String(e.occurredAt))).toISOString(),
        data: withCustomerKey(e.data as Record<string, unknown>),
      } as EventEnvelope;
      const r = toRows(envelope, { topic: 'floor', partition: 0, offset: String(n++) }, 'Asia/Shanghai');
      if (r.kind !== 'ok')
        throw new Error(`simulated event ${envelope.id} (${e.type}) did not map: ${r.kind}`);
      for (const { table, row } of r.rows) {
        const list = byTable.get(table) ?? [];
        list.push(row);
        byTable.set(table, list);
      }
    }
  for (const [table, rows] of byTable) await insertRows(warehouse, table, COLUMNS[table], rows);
  const asOf = FLOOR_START + o.days * DAY;
  await estimateClv(warehouse, asOf);
  return runFloor(warehouse, DEFAULT_CONFIG.floor, { asOf: asOf - 1, days: o.days });
}
