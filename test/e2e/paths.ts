import { join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..');
export const migrationsDir = join(repoRoot, 'infra', 'clickhouse', 'migrations');
export const normaliserMain = join(repoRoot, 'services', 'normaliser', 'src', 'main.ts');
