// Who may see which branch, built once per request from the signed-in account and applied in the
// SQL of every query (`scope.where('branch_id')`), never by hiding links: HQ sees every branch, a
// region account the branches whose region (branches_v1) is theirs, a branch account its own.
// A branch, loop or case outside the scope answers like one that does not exist (404).
// A staff account sees no branch at all (its scope is empty, so every branch query finds nothing)
// and only its own scorecard rows, through `staff` (routes.ts keeps it off every other route).
import type { Account } from './accounts.ts';
import { type ConsoleDb, lit } from './db.ts';

export interface Scope {
  /** Branch ids the account may see; undefined = every branch (HQ). */
  readonly branchIds: readonly string[] | undefined;
  allows(branchId: string): boolean;
  /** A SQL condition on `column`: `1` for HQ, `column IN (…)` otherwise (`0` for none). */
  where(column?: string): string;
  /** A staff account's own unit: its branch and pseudonym (undefined for every other role). */
  readonly staff?: { readonly branchId: string; readonly staffId: string };
}

export function scopeOf(
  branchIds: readonly string[] | undefined,
  staff?: { branchId: string; staffId: string },
): Scope {
  const set = branchIds && new Set(branchIds);
  return {
    branchIds,
    ...(staff ? { staff } : {}),
    allows: (id) => !set || set.has(id),
    where(column = 'branch_id') {
      if (!branchIds) return '1';
      if (branchIds.length === 0) return '0';
      return `${column} IN (${branchIds.map(lit).join(', ')})`;
    },
  };
}

/** The scope of an account: one small query on branches_v1 for a region account. */
export async function scopeFor(account: Account, db: ConsoleDb): Promise<Scope> {
  if (account.role === 'hq') return scopeOf(undefined);
  if (account.role === 'branch') return scopeOf(account.branchId ? [account.branchId] : []);
  if (account.role === 'staff')
    return scopeOf(
      [],
      account.branchId && account.staffId
        ? { branchId: account.branchId, staffId: account.staffId }
        : undefined,
    );
  const rows = await db.rows<{ branch_id: string }>(
    `SELECT branch_id FROM branches_v1 FINAL WHERE region = ${lit(account.region ?? '')} ORDER BY branch_id`,
  );
  return scopeOf(rows.map((r) => r.branch_id));
}
