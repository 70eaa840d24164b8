// Standards from configuration: SERVLOOP_STANDARDS_FILE (JSON) overrides the proposed ones.
//   [{ "branchId": "*", "dimension": "efficiency", "target": 4.2 }, { "branchId": "GZ001", … }]
import { readFileSync } from 'node:fs';
import type { Warehouse } from '@servloop/warehouse';
import { recordStandard } from './evaluate.ts';
import { rows } from './sql.ts';

export interface StandardOverride {
  branchId: string;
  dimension: string;
  target: number;
}

export function loadStandardOverrides(path = process.env.SERVLOOP_STANDARDS_FILE): StandardOverride[] {
  if (!path) return [];
  const list = JSON.parse(readFileSync(path, 'utf8')) as StandardOverride[];
  for (const [i, s] of list.entries()) {
    if (
      typeof s.branchId !== 'string' ||
      typeof s.dimension !== 'string' ||
      !(s.target >= 1 && s.target <= 5)
    ) {
      throw new Error(`${path}[${i}]: needs branchId, dimension and a target between 1 and 5`);
    }
  }
  return list;
}

/** Records each override that differs from the standard in force (idempotent across restarts). */
export async function applyStandardOverrides(
  w: Warehouse,
  overrides: StandardOverride[],
  at = Date.now(),
): Promise<number> {
  let applied = 0;
  for (const o of overrides) {
    const [current] = await rows<{ target: number; source: string }>(
      w,
      'SELECT target, standard_source AS source FROM standards_current WHERE branch_id = {b:String} AND dimension = {d:String}',
      { b: o.branchId, d: o.dimension },
    );
    if (current && Number(current.target) === o.target && current.source === 'override') continue;
    await recordStandard(
      w,
      o.branchId,
      o.dimension,
      o.target,
      'override',
      'configuration (SERVLOOP_STANDARDS_FILE)',
      at,
    );
    applied++;
  }
  return applied;
}
