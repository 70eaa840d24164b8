// The console's only way to read the warehouse: its own engine session (openWarehouse on the chDB
// path opens a separate session, so its queries neither share state with the writers nor queue
// behind them), read-only, and under the analysts' limits (one thread, nice 19, bounded time,
// memory and rows; @servloop/warehouse analystSettings), so nothing a page does can stall ingestion.
// At most `maxConcurrent` console queries run at once (more wait, up to `maxQueued`, then 503).
// Values go into the SQL as escaped literals, not as query parameters: the embedded engine runs
// every parameterised query of the process one at a time, the normaliser's too.
import {
  type AnalystLimits,
  analystSettings,
  DEFAULT_ANALYST_LIMITS,
  gate,
  sqlString,
  type Warehouse,
} from '@servloop/warehouse';

export interface ConsoleDb {
  rows<T = Record<string, unknown>>(sql: string): Promise<T[]>;
}

/** The analysts' limits, tighter where a page needs less: 10 s, 500 MB, 50,000 result rows. */
export const CONSOLE_LIMITS: AnalystLimits = {
  ...DEFAULT_ANALYST_LIMITS,
  maxExecutionSeconds: 10,
  maxMemoryBytes: 500_000_000,
  maxResultRows: 50_000,
  maxResultBytes: 32 * 1024 * 1024,
  maxRowsToRead: 200_000_000,
  maxQueued: 32,
};

export function consoleDb(warehouse: Warehouse, limits: AnalystLimits = CONSOLE_LIMITS): ConsoleDb {
  const planned = analystSettings({}, limits);
  if (!('settings' in planned)) throw new Error(planned.refused.message);
  // No JIT compilation of expressions, aggregates or sorts: the engine compiles an expression the
  // fourth time it sees it, in the request that sees it (a one-off 200–350 ms stall at 10 M responses,
  // measured in bench/console.bench.ts with BENCH_TRACE), and the console's queries read small rollup
  // tables where compiled code gains nothing measurable; in the embedded mode the compiling would
  // also take CPU from the process that ingests.
  const settings = {
    ...planned.settings,
    compile_expressions: 0,
    compile_aggregate_expressions: 0,
    compile_sort_description: 0,
  };
  const running = gate(limits.maxConcurrent, limits.maxQueued);
  return {
    async rows<T>(sql: string) {
      if (!(await running.acquire()))
        throw Object.assign(new Error('the console is busy; try again in a moment'), { statusCode: 503 });
      try {
        const result = await warehouse.client.query({
          query: sql,
          format: 'JSONEachRow',
          clickhouse_settings: settings as never,
        });
        return (await result.json()) as T[];
      } finally {
        running.release();
      }
    },
  };
}

/** Ids that may appear in URLs and SQL (branch, loop, case, response, complaint ids). */
export const ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** A string as a ClickHouse literal. */
export const lit = (s: string) => sqlString(s);

/** A date `YYYY-MM-DD` (validated) as a literal. */
export function dateLit(d: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new Error(`not a date: ${d}`);
  return `toDate(${lit(d)})`;
}
