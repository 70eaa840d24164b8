export { openWarehouse, parseWarehouseUrl, type Warehouse, type WarehouseOptions } from './client.ts';
export { loadMigrations, migrate, splitStatements, type MigrateResult, type Migration } from './migrate.ts';
