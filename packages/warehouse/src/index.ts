export { type AstNode, parseExplainAst } from './analyst/ast.ts';
export {
  type AnalystLimits,
  analystLimitsFromEnv,
  analystSettings,
  DEFAULT_ANALYST_LIMITS,
} from './analyst/limits.ts';
export { type AnalystPlanner, analystPlanner } from './analyst/plan.ts';
export { type AnalystPolicy, checkAnalystQuery, type Refusal } from './analyst/policy.ts';
export {
  type AnalystUsers,
  analystUsers,
  analystUsersFromEnv,
  hashPassword,
  verifyPassword,
} from './analyst/users.ts';
export { openWarehouse, parseWarehouseUrl, type Warehouse, type WarehouseOptions } from './client.ts';
export { cityHash128 } from './http/cityhash128.ts';
export { type Cell, type InsertOptions, insertEncodedRows, insertRows } from './insert.ts';
export { loadMigrations, type MigrateResult, type Migration, migrate, splitStatements } from './migrate.ts';
export { perQuerySettings, settingsClause, sqlString, withSettingsClause } from './per-query-settings.ts';
export {
  clickhouseErrorText,
  gate,
  httpStatusOf,
  type QueryEndpoint,
  type QueryEndpointOptions,
  serveQueryEndpoint,
} from './query-endpoint.ts';
