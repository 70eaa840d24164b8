export { openWarehouse, parseWarehouseUrl, type Warehouse, type WarehouseOptions } from './client.ts';
export { type Cell, type InsertOptions, insertRows } from './insert.ts';
export { loadMigrations, type MigrateResult, type Migration, migrate, splitStatements } from './migrate.ts';
export { clickhouseErrorText, type QueryEndpoint, serveQueryEndpoint } from './query-endpoint.ts';
