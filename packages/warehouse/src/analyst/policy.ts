// What an analyst may run on the embedded warehouse, decided on ClickHouse's parse of the query
// (see ast.ts): reads of the servloop database and of the catalogue tables SQL tools need, nothing
// that reaches files, URLs, other databases, processes or the network, and no settings changes
// inside the query. The same confinement a ClickHouse server gives the `analyst` user through
// grants (infra/clickhouse/users.d/analyst.xml).
import { type AstNode, walk } from './ast.ts';

export interface Refusal {
  /** ClickHouse error code: 164 READONLY, 497 ACCESS_DENIED. */
  code: 164 | 497;
  message: string;
}

export interface AnalystPolicy {
  /** The analysts' database. */
  database: string;
  /** Every database name the engine has (lower case): `x.y` naming one of them is a table. */
  databases: ReadonlySet<string>;
  /** Table functions that reach outside (lower case); they are refused as functions too (`file`). */
  tableFunctions: ReadonlySet<string>;
}

/** Table functions that only generate rows. */
export const ALLOWED_TABLE_FUNCTIONS: ReadonlySet<string> = new Set([
  'numbers',
  'numbers_mt',
  'zeros',
  'zeros_mt',
  'values',
  'generate_series',
  'generateseries',
  'primes',
  'view',
  'format',
  'null',
  'generaterandom',
]);

/** Catalogue tables that SQL tools (JDBC DatabaseMetaData, Grafana, DBeaver) read. */
export const ALLOWED_CATALOGUE_TABLES: ReadonlySet<string> = new Set([
  ...[
    'one',
    'numbers',
    'numbers_mt',
    'zeros',
    'zeros_mt',
    'tables',
    'columns',
    'databases',
    'functions',
    'table_functions',
    'data_type_families',
    'formats',
    'time_zones',
    'keywords',
    'collations',
    'table_engines',
    'aggregate_function_combinators',
    'build_options',
  ].map((t) => `system.${t}`),
  ...[
    'tables',
    'columns',
    'schemata',
    'views',
    'key_column_usage',
    'referential_constraints',
    'statistics',
  ].map((t) => `information_schema.${t}`),
]);

/**
 * Row filters (ClickHouse's additional_table_filters) that keep the catalogue tables to the
 * analysts' database: another database's tables, columns and paths stay out of sight.
 * information_schema's views read system.tables and system.columns, so the filters reach them too.
 */
export function catalogueFilters(database: string): { sql: string } {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(database)) throw new Error(`invalid database name ${database}`);
  return {
    sql: `{'system.tables': 'database = \\'${database}\\'', 'system.columns': 'database = \\'${database}\\'', 'system.databases': 'name = \\'${database}\\''}`,
  };
}

/** Scalar functions that read files, dictionaries (external sources), server config or other tables. */
const DENIED_FUNCTIONS = new Set([
  'file',
  'catboostevaluate',
  'filesystemavailable',
  'filesystemcapacity',
  'filesystemunreserved',
  'getserversetting',
  'getmergetreesetting',
  'getclienthttpheader',
  'getmacro',
  'hascolumnintable',
  'joinget',
  'joingetornull',
]);

const STATEMENTS = new Set([
  'SelectWithUnionQuery',
  'SelectIntersectExceptQuery',
  'DescribeQuery',
  'ShowTables',
  'ExistsTableQuery',
  'ShowCreateTableQuery',
  'Explain',
]);

const readonly = (what: string): Refusal => ({
  code: 164,
  message: `analyst: Cannot execute query in readonly mode: ${what}`,
});
const denied = (grant: string): Refusal => ({
  code: 497,
  message: `analyst: Not enough privileges. To execute this query, it's necessary to have the grant ${grant}`,
});

function functionRefused(name: string, policy: AnalystPolicy): boolean {
  const lower = name.toLowerCase();
  const last = lower.slice(lower.lastIndexOf('.') + 1);
  return [lower, last].some(
    (n) =>
      DENIED_FUNCTIONS.has(n) ||
      n.startsWith('dict') ||
      (policy.tableFunctions.has(n) && !ALLOWED_TABLE_FUNCTIONS.has(n)),
  );
}

/**
 * `db.table` outside the analysts' database and not an allowed catalogue table, else undefined.
 * A column may be qualified by its table (`system.tables.database`, as the JDBC driver's
 * DatabaseMetaData writes it): then the table is its first two parts.
 */
function foreignTable(qualified: string, policy: AnalystPolicy): string | undefined {
  const parts = qualified.split('.');
  if (parts.length < 2) return undefined; // unqualified: the current database, or a WITH name
  const db = parts[0]!;
  if (db === policy.database) return undefined;
  if (!policy.databases.has(db.toLowerCase())) return undefined; // `alias.column`
  const table = parts.length > 2 ? `${db}.${parts[1]}` : qualified;
  // Exactly as listed: the row filters that keep these tables to the analysts' database
  // (catalogueFilters) are keyed by these spellings.
  return ALLOWED_CATALOGUE_TABLES.has(table) ? undefined : table;
}

/**
 * The first reason to refuse the query, or undefined when it may run.
 * `canonical` is the query as ClickHouse's formatter prints it (formatQuery).
 */
export function checkAnalystQuery(
  root: AstNode,
  canonical: string,
  policy: AnalystPolicy,
): Refusal | undefined {
  if (!STATEMENTS.has(root.type)) return readonly(`${root.type} is not a read`);
  if (root.type === 'ShowTables' && !/^SHOW (FULL )?(TEMPORARY )?TABLES\b/.test(canonical))
    return readonly('only SHOW TABLES is answered');
  // INTO OUTFILE makes the engine write a file, on any statement that has output. The formatter
  // puts it on a line of its own (literals never hold a raw line break in its output); the parse
  // shows it as a Literal child of the statement. Either is enough to refuse.
  if (/(^|\n)INTO OUTFILE\b/.test(canonical)) return denied('FILE ON *.* (INTO OUTFILE)');
  for (const { node, parent } of walk(root)) {
    // A statement's own Literal child is INTO OUTFILE (a SELECT's, DESCRIBE's, SHOW's, …).
    if (STATEMENTS.has(node.type) && node.children.some((c) => c.type === 'Literal'))
      return denied('FILE ON *.* (INTO OUTFILE)');
    switch (node.type) {
      case 'Set':
        return readonly('SETTINGS in the query are not accepted; send allowed settings as URL parameters');
      case 'Function':
        if (parent?.type === 'TableExpression') {
          const fn = node.name.toLowerCase();
          if (!ALLOWED_TABLE_FUNCTIONS.has(fn))
            return denied(`CREATE TEMPORARY TABLE, ${fn.toUpperCase()} ON *.*`);
        } else if (functionRefused(node.name, policy)) {
          return denied(`${node.name.toUpperCase()} ON *.* (function ${node.name})`);
        }
        break;
      case 'TableIdentifier':
      case 'Identifier': {
        const table = foreignTable(node.name, policy);
        if (table) return denied(`SELECT ON ${table}`);
        // SHOW TABLES FROM db: the Identifier under the statement names a database.
        if (parent === root && root.type === 'ShowTables' && node.name !== policy.database)
          return denied(`SHOW TABLES ON ${node.name}.*`);
        break;
      }
      case 'ExistsTableQuery':
      case 'ShowCreateTableQuery': {
        const [db, table] = node.name.split(' ');
        if (db && table && db !== policy.database && foreignTable(`${db}.${table}`, policy))
          return denied(`SHOW TABLES ON ${db}.${table}`);
        break;
      }
    }
  }
  return undefined;
}
