// Turns an analyst's query into what the engine runs, or a refusal: ClickHouse's formatter gives
// the one statement in canonical form (it refuses several statements and syntax errors itself),
// ClickHouse's parser gives its tree for the policy, and the canonical text — exactly what was
// checked — runs with the analyst settings attached to that query alone.
import type { Warehouse } from '../client.ts';
import { sqlString } from '../per-query-settings.ts';
import { parseExplainAst } from './ast.ts';
import { type AnalystLimits, analystSettings } from './limits.ts';
import { catalogueFilters, checkAnalystQuery } from './policy.ts';

export interface PlannedQuery {
  sql: string;
  settings: Record<string, string | number | { sql: string }>;
  /** The FORMAT clause of the query, when it has one. */
  format?: string;
}
export interface RefusedQuery {
  refused: { code: number; message: string };
}

export interface AnalystPlanner {
  plan(
    query: string,
    params: Record<string, string>,
    clientSettings: Record<string, string>,
  ): Promise<PlannedQuery | RefusedQuery>;
}

const CATALOGUE_TTL_MS = 30_000;

async function streamText(stream: AsyncIterable<Buffer | string>): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += chunk.toString();
  return text;
}

export function analystPlanner(warehouse: Warehouse, limits: AnalystLimits): AnalystPlanner {
  const lowerNames = async (sql: string) =>
    new Set(
      (await (await warehouse.client.query({ query: sql, format: 'JSONEachRow' })).json<{ n: string }>()).map(
        (r) => r.n,
      ),
    );
  let tableFunctions: Promise<Set<string>> | undefined;
  let databases: { at: number; names: Promise<Set<string>> } | undefined;
  const catalogue = () => {
    tableFunctions ??= lowerNames('SELECT lower(name) AS n FROM system.table_functions');
    if (!databases || Date.now() - databases.at > CATALOGUE_TTL_MS)
      databases = { at: Date.now(), names: lowerNames('SELECT lower(name) AS n FROM system.databases') };
    return Promise.all([tableFunctions, databases.names]);
  };

  return {
    async plan(query, params, clientSettings) {
      const chosen = analystSettings(clientSettings, limits);
      if ('refused' in chosen) return chosen;
      // As a literal, not a bound parameter: chDB runs bound queries one at a time process-wide.
      const [formatted] = await (
        await warehouse.client.query({
          query: `SELECT formatQuery(${sqlString(query)}) AS q`,
          format: 'JSONEachRow',
        })
      ).json<{ q: string }>();
      const canonical = formatted!.q;
      // exec, not query: query() would append a second FORMAT after the one the canonical may have.
      const explained = await streamText(
        (
          await warehouse.client.exec({
            query: `EXPLAIN AST ${canonical}`,
            query_params: params,
            clickhouse_settings: { default_format: 'TabSeparated' },
          })
        ).stream,
      );
      const [functions, names] = await catalogue();
      const refusal = checkAnalystQuery(parseExplainAst(explained.split('\n')), canonical, {
        database: warehouse.database,
        databases: names,
        tableFunctions: functions,
      });
      if (refusal) return { refused: refusal };
      const format = /\nFORMAT (\w+)$/.exec(canonical)?.[1];
      const settings: PlannedQuery['settings'] = {
        ...chosen.settings,
        additional_table_filters: catalogueFilters(warehouse.database),
      };
      if (Object.keys(params).length > 0)
        settings.max_execution_time = Math.min(
          Number(settings.max_execution_time),
          limits.maxParameterisedSeconds,
        );
      return { sql: canonical, settings, ...(format ? { format } : {}) };
    },
  };
}
