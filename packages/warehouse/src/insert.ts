import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { ClickHouseSettings } from '@clickhouse/client';
import type { Warehouse } from './client.ts';

/** A column value; string arrays are for Array(String) columns. */
export type Cell = string | number | null | readonly string[];

export interface InsertOptions {
  /** ClickHouse skips a block whose token it has seen (non_replicated_deduplication_window). */
  deduplicationToken?: string;
}

// The token also covers what materialised views derive from the block (the console's rollups,
// migration 0051), so a redelivered batch adds nothing there either.
function insertSettings(options: InsertOptions): { clickhouse_settings?: ClickHouseSettings } {
  return options.deduplicationToken
    ? {
        clickhouse_settings: {
          insert_deduplication_token: options.deduplicationToken,
          deduplicate_blocks_in_dependent_materialized_views: 1,
        },
      }
    : {};
}

/**
 * Inserts row objects as JSONCompactEachRow arrays in the given column order: ~1.5× the rows/s
 * of JSONEachRow objects on chDB (bench/normaliser.bench.ts), as less JSON is written and parsed.
 * Columns left out take their DEFAULT.
 */
export async function insertRows(
  warehouse: Warehouse,
  table: string,
  columns: readonly string[],
  rows: readonly Record<string, Cell>[],
  options: InsertOptions = {},
): Promise<void> {
  if (rows.length === 0) return;
  const values = rows.map((row) => columns.map((c) => row[c] ?? null));
  await warehouse.client.insert({
    table,
    values,
    columns: columns as [string, ...string[]],
    format: 'JSONCompactEachRow',
    ...insertSettings(options),
  });
}

/**
 * Inserts rows its caller has already written as JSONCompactEachRow lines (one JSON array per row,
 * cells in `columns` order, no newline), as insertRows would have written them: for rows encoded
 * off the caller's thread, so that they cross threads as one string each and this thread does not
 * build and serialise their objects again.
 */
export async function insertEncodedRows(
  warehouse: Warehouse,
  table: string,
  columns: readonly string[],
  lines: readonly string[],
  options: InsertOptions = {},
): Promise<void> {
  if (lines.length === 0) return;
  // client.insert takes only row values for JSON formats; exec sends a body as it is.
  const result = await warehouse.client.exec({
    query: `INSERT INTO ${table} (${columns.join(', ')}) FORMAT JSONCompactEachRow`,
    values: Readable.from([`${lines.join('\n')}\n`], { objectMode: false }),
    ...insertSettings(options),
  });
  result.stream.resume();
  await finished(result.stream);
}
