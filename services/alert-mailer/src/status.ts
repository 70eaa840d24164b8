// Alert delivery status kept in ClickHouse (alerts_v1): survives Redis loss, and analysts see it.
import { ALERT_COLUMNS } from '@servloop/schemas';
import { insertRows, type Warehouse } from '@servloop/warehouse';
import type { AlertStatus, AlertStatusStore } from './mailer.ts';

const COLUMNS = ALERT_COLUMNS;

export function warehouseAlertStatus(w: Warehouse): AlertStatusStore {
  async function latest(key: string) {
    const result = await w.client.query({
      query: `SELECT ${COLUMNS.join(', ')}, toUnixTimestamp64Milli(created_at) AS created_ms FROM alerts_v1 FINAL WHERE alert_key = {k:String}`,
      query_params: { k: key },
      format: 'JSONEachRow',
    });
    return (await result.json<Record<string, string | number>>())[0];
  }
  return {
    async get(key) {
      return (await latest(key))?.status as AlertStatus | undefined;
    },
    async set(key, status, attempts, error = '') {
      const row = (await latest(key)) ?? {
        alert_key: key,
        rule: '',
        branch_id: '',
        severity: '',
        subject: '',
        details: '',
        created_ms: Date.now(),
      };
      // updated_at must grow for ReplacingMergeTree to keep this version.
      const updated = Math.max(Date.now(), Number(row.created_ms) + 1);
      await insertRows(w, 'alerts_v1', COLUMNS, [
        {
          ...row,
          status,
          attempts,
          error,
          created_at: Number(row.created_ms),
          updated_at: updated,
        } as Record<string, string | number>,
      ]);
    },
  };
}
