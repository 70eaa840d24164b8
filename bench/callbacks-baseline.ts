// The console's open call-backs list as it was read through migration 0080 (callback_case_due_v1
// up to the k-th due date, then the whole state of those cases merged from callback_cases_v1, and
// each shown alert's open cases merged from there too), kept verbatim as the console bench's
// baseline for the list read of migration 0081. Not used by the console.
import { sqlString as lit } from '@servloop/warehouse';

const CLOSED = `argMaxMerge(last_call).outcome IN ('reached', 'resolved')`;
const IS_CASE = 'min(priority) < 255';

const mergedCases = (where: string, filter: string, limit: number) => `
SELECT branch_id, case_id, c.kind AS kind, c.about_id AS about_id, c.text AS text, c.nps AS nps,
       toString(c.opened_at) AS opened_at, c.due_at AS due, toString(due) AS due_at, branch_id AS owner, c.alert_key AS alert_key,
       o.outcome AS outcome, o.note AS outcome_note, o.called_by AS called_by,
       if(called IS NULL, NULL, toString(called)) AS called_at, attempts, outcome IN ('reached', 'resolved') AS closed
FROM (SELECT branch_id, case_id, argMaxMerge(source) AS c, argMaxMerge(last_call) AS o, max(called_at) AS called,
             uniqExactMerge(event_ids) AS attempts
      FROM callback_cases_v1
      WHERE ${where}
      GROUP BY branch_id, case_id
      HAVING ${IS_CASE})
WHERE ${filter}
ORDER BY closed, due, branch_id, case_id
LIMIT ${limit}`;

type Rows = <T = Record<string, unknown>>(sql: string) => Promise<T[]>;

/** The open list of /callbacks for a scope condition (`1` for HQ): case id and its alert's open cases, in list order. */
export async function openListBefore0081(rows: Rows, scope: string, limit = 500) {
  const inScope = `${scope} AND 1`;
  let cases: Record<string, unknown>[] = [];
  for (let k = 2 * limit; ; k *= 8) {
    const [edge] = await rows<{ due_at: string }>(
      `SELECT toString(due_at) AS due_at FROM callback_case_due_v1 WHERE ${inScope}
       ORDER BY due_at LIMIT 1 OFFSET ${k - 1}`,
    );
    const upTo = edge ? `toDateTime64(${lit(edge.due_at)}, 3, 'UTC')` : undefined;
    cases = await rows(
      mergedCases(
        `${inScope} AND (branch_id, case_id) IN (
           SELECT branch_id, case_id FROM callback_case_due_v1 WHERE ${inScope}${upTo ? ` AND due_at <= ${upTo}` : ''})`,
        `NOT closed${upTo ? ` AND due <= ${upTo}` : ''}`,
        limit,
      ),
    );
    if (cases.length >= limit || !upTo) break;
  }
  if (cases.length === 0) return [];
  const branches = [...new Set(cases.map((c) => lit(String(c.branch_id))))].join(', ');
  const keys = [...new Set(cases.map((c) => lit(String(c.alert_key))))].join(', ');
  const open = await rows<{ alert_key: string; open_cases: number }>(`
SELECT key AS alert_key, toUInt32(countIf(NOT closed)) AS open_cases
FROM (SELECT argMaxMerge(source).alert_key AS key, ${CLOSED} AS closed FROM callback_cases_v1
      WHERE ${scope} AND branch_id IN (${branches}) AND (branch_id, case_id) IN (
          SELECT branch_id, case_id FROM callback_alert_cases_v1
          WHERE ${scope} AND branch_id IN (${branches}) AND alert_key IN (${keys}))
      GROUP BY branch_id, case_id HAVING ${IS_CASE})
WHERE key IN (${keys})
GROUP BY key`);
  const byKey = new Map(open.map((o) => [o.alert_key, Number(o.open_cases)]));
  return cases.map(
    (c) => `${c.case_id} ${c.text} ${c.due_at} ${c.alert_key} ${byKey.get(String(c.alert_key)) ?? 0}`,
  );
}
