import { join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..', '..');
export const migrationsDir = join(repoRoot, 'infra', 'clickhouse', 'migrations');
