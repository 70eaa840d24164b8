// The limits every analyst query runs under, and which settings an analyst's client may send.
// Limits protect ingestion, which shares the engine: one thread per query (the other core stays
// with the writers), a lower OS priority for its threads, bounded time, memory and result size.
import { HTTP_ONLY_SETTINGS } from '../per-query-settings.ts';

export interface AnalystLimits {
  /** Seconds before a query is stopped (max_execution_time). */
  maxExecutionSeconds: number;
  /** Bytes of memory one query may use (max_memory_usage). */
  maxMemoryBytes: number;
  /** Rows in a result (max_result_rows; more is an error, not a silently cut result). */
  maxResultRows: number;
  /** Bytes in a result (max_result_bytes): the embedded engine holds a result in memory. */
  maxResultBytes: number;
  /** Rows read from tables by one query (max_rows_to_read). */
  maxRowsToRead: number;
  /** Threads one query may use (max_threads). */
  maxThreads: number;
  /**
   * Seconds for a query with parameters (param_<name>). The embedded engine's binding runs every
   * parameterised query of the process one at a time, the services' own too: a long analyst one
   * would hold theirs back.
   */
  maxParameterisedSeconds: number;
  /** Analyst queries running at once; more wait, up to `maxQueued`, then are refused. */
  maxConcurrent: number;
  maxQueued: number;
}

export const DEFAULT_ANALYST_LIMITS: AnalystLimits = {
  maxExecutionSeconds: 30,
  maxMemoryBytes: 2_000_000_000,
  maxResultRows: 1_000_000,
  maxResultBytes: 256 * 1024 * 1024,
  maxRowsToRead: 2_000_000_000,
  maxThreads: 1,
  maxParameterisedSeconds: 5,
  maxConcurrent: 2,
  maxQueued: 16,
};

const ENV: Record<keyof AnalystLimits, string> = {
  maxExecutionSeconds: 'SERVLOOP_ANALYST_MAX_SECONDS',
  maxMemoryBytes: 'SERVLOOP_ANALYST_MAX_MEMORY_BYTES',
  maxResultRows: 'SERVLOOP_ANALYST_MAX_RESULT_ROWS',
  maxResultBytes: 'SERVLOOP_ANALYST_MAX_RESULT_BYTES',
  maxRowsToRead: 'SERVLOOP_ANALYST_MAX_ROWS_TO_READ',
  maxThreads: 'SERVLOOP_ANALYST_MAX_THREADS',
  maxParameterisedSeconds: 'SERVLOOP_ANALYST_MAX_PARAMETERISED_SECONDS',
  maxConcurrent: 'SERVLOOP_ANALYST_MAX_CONCURRENT',
  maxQueued: 'SERVLOOP_ANALYST_MAX_QUEUED',
};

/** Limits from SERVLOOP_ANALYST_* variables over the defaults; a bad value is an error naming it. */
export function analystLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): AnalystLimits {
  const limits = { ...DEFAULT_ANALYST_LIMITS };
  for (const [key, name] of Object.entries(ENV) as [keyof AnalystLimits, string][]) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name}=${raw}: expected a whole number ≥ 1`);
    limits[key] = value;
  }
  return limits;
}

export interface SettingsRefusal {
  /** 164 READONLY (setting not allowed), 452 SETTING_CONSTRAINT_VIOLATION (above the limit). */
  code: 164 | 452;
  message: string;
}

/** Settings a client may lower below the limit; higher is refused as a constraint violation. */
const CAPPED: Record<string, (l: AnalystLimits) => number> = {
  max_execution_time: (l) => l.maxExecutionSeconds,
  max_memory_usage: (l) => l.maxMemoryBytes,
  max_result_rows: (l) => l.maxResultRows,
  max_result_bytes: (l) => l.maxResultBytes,
  max_rows_to_read: (l) => l.maxRowsToRead,
  max_threads: (l) => l.maxThreads,
};

/** Settings that only shape output or semantics of a read. */
const FREE = new Set([
  'date_time_output_format',
  'date_time_input_format',
  'join_use_nulls',
  'extremes',
  'session_timezone',
  'result_overflow_mode',
  'timeout_overflow_mode',
  'max_block_size',
  'use_client_time_zone',
  'aggregate_functions_null_for_empty',
  'transform_null_in',
  'union_default_mode',
  'mutations_sync',
  // How compressed blocks (compress=1) are packed: transport only.
  'network_compression_method',
  'network_zstd_compression_level',
]);
// output_format_* shape the answer; output_format_schema writes a schema file, so it is not free.
const isFree = (name: string) =>
  FREE.has(name) || (name.startsWith('output_format_') && name !== 'output_format_schema');

/**
 * The settings one analyst query runs with: the client's allowed settings, then the limits, then
 * readonly = 1 (reads only, no settings changes inside the query). Client settings that are not
 * allowed are refused by name, as ClickHouse refuses them for a read-only user.
 */
export function analystSettings(
  client: Record<string, string>,
  limits: AnalystLimits,
): { settings: Record<string, string | number> } | { refused: SettingsRefusal } {
  const settings: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(client)) {
    if (HTTP_ONLY_SETTINGS.has(name) || name === 'readonly' || name === 'default_format') continue;
    const cap = CAPPED[name];
    if (cap) {
      const n = Number(value);
      if (!Number.isFinite(n) || n < 0)
        return { refused: { code: 452, message: `analyst: Setting ${name} must be a number, got ${value}` } };
      if (n > cap(limits) || (n === 0 && name !== 'max_threads'))
        return {
          refused: {
            code: 452,
            message: `analyst: Setting ${name} shouldn't be greater than ${cap(limits)}`,
          },
        };
      settings[name] = n === 0 ? cap(limits) : n;
    } else if (isFree(name)) {
      settings[name] = value;
    } else {
      return {
        refused: { code: 164, message: `analyst: Cannot modify '${name}' setting in readonly mode` },
      };
    }
  }
  return {
    settings: {
      max_execution_time: limits.maxExecutionSeconds,
      max_memory_usage: limits.maxMemoryBytes,
      max_result_rows: limits.maxResultRows,
      max_result_bytes: limits.maxResultBytes,
      max_rows_to_read: limits.maxRowsToRead,
      max_threads: limits.maxThreads,
      result_overflow_mode: 'throw',
      // The lowest OS priority (nice 19; raising niceness needs no privilege): when the cores are
      // busy the scheduler serves ingestion first.
      os_thread_priority: 19,
      ...settings,
      readonly: 1,
    },
  };
}
