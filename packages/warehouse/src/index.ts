export { openWarehouse, parseWarehouseUrl, type Warehouse, type WarehouseOptions } from './client.ts';
export { loadMigrations, type MigrateResult, type Migration, migrate, splitStatements } from './migrate.ts';
