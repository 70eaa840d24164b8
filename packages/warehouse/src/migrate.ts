import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Warehouse } from './client.ts';

export interface Migration {
  version: number;
  name: string;
  statements: string[];
  checksum: string;
}

const FILE_NAME = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Splits a migration file into statements: `;` at the end of a line ends one. Comments are dropped. */
export function splitStatements(sql: string): string[] {
  const withoutComments = sql
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n');
  return withoutComments
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export async function loadMigrations(dir: string): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const match = FILE_NAME.exec(file);
    if (!match) throw new Error(`migration ${file}: name must be NNNN_<verb>_<object>.sql`);
    const sql = await readFile(join(dir, file), 'utf8');
    const version = Number(match[1]);
    if (migrations.some((m) => m.version === version)) throw new Error(`migration version ${version} twice`);
    migrations.push({
      version,
      name: match[2]!,
      statements: splitStatements(sql),
      checksum: createHash('sha256').update(sql).digest('hex'),
    });
  }
  return migrations;
}

export interface MigrateResult {
  applied: number[];
  skipped: number[];
}

/**
 * Applies the migrations not yet recorded in `schema_migrations`. Statements are written to be
 * idempotent (IF NOT EXISTS), so a run that died halfway is safely repeated. A recorded
 * migration whose file changed is an error: fix forward with a new number instead.
 */
export async function migrate(
  warehouse: Warehouse,
  dir: string,
  log: (line: string) => void = () => {},
): Promise<MigrateResult> {
  const { client } = warehouse;
  await client.command({
    query: `CREATE TABLE IF NOT EXISTS schema_migrations (
      version UInt32, name String, checksum String, applied_at DateTime64(3, 'UTC')
    ) ENGINE = ReplacingMergeTree ORDER BY version`,
  });
  const rows = await (
    await client.query({
      query: 'SELECT version, checksum FROM schema_migrations FINAL',
      format: 'JSONEachRow',
    })
  ).json<{ version: number; checksum: string }>();
  const done = new Map(rows.map((r) => [Number(r.version), r.checksum]));
  const result: MigrateResult = { applied: [], skipped: [] };
  for (const m of await loadMigrations(dir)) {
    const recorded = done.get(m.version);
    if (recorded !== undefined) {
      if (recorded !== m.checksum) {
        throw new Error(`migration ${m.version}_${m.name} changed after it was applied; add a new migration`);
      }
      result.skipped.push(m.version);
      continue;
    }
    for (const statement of m.statements) await client.command({ query: statement });
    await client.insert({
      table: 'schema_migrations',
      values: [{ version: m.version, name: m.name, checksum: m.checksum, applied_at: Date.now() }],
      format: 'JSONEachRow',
    });
    log(`applied migration ${m.version}_${m.name}`);
    result.applied.push(m.version);
  }
  return result;
}
