// callback_cases_v1 (migration 0080) and the console's list tables callback_case_list_v1 and
// callback_case_state_v1 (0081) against the view they replace (0052, re-created here under another
// name from the applied migration's own text), on one warehouse: rows written before the
// migrations reach the tables through their backfills, rows written after through the materialised
// views. Both must give the same cases, outcomes, attempts and alert closures, with corrections,
// re-written alerts, replayed events and a not_reached → reached sequence in the data.
import { copyFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALERT_COLUMNS } from '@servloop/schemas';
import { isolate, resolveEndpoints } from '@servloop/test-harness';
import { insertRows, migrate, openWarehouse, splitStatements } from '@servloop/warehouse';
import { afterAll, describe, expect, it } from 'vitest';
import { accountStore, SESSION_COOKIE, startQualityConsole } from '../src/index.ts';
import { migrationsDir, TEST_CONSOLE_LIMITS } from './support.ts';

const endpoints = await resolveEndpoints();
const iso = isolate(endpoints, 'callback-cases');
const w = await openWarehouse({ url: iso.clickhouseUrl, database: iso.database });
afterAll(() => w.close());

const rows = async <T = Record<string, unknown>>(query: string) =>
  (await w.client.query({ query, format: 'JSONEachRow' })).json<T>();

const T0 = Date.parse('2026-11-20T02:00:00Z');
const h = (n: number) => T0 + n * 3600_000;
const TRACE = { _topic: 'test', _partition: 0, _offset: 0 };

function response(
  branch: string,
  id: string,
  nps: number,
  comment: string,
  receivedAt: number,
  eventId = id,
) {
  return {
    event_id: eventId,
    branch_id: branch,
    response_id: id,
    visit_id: '',
    customer_key: 'ck_0123456789abcdef0123456789abcdef',
    channel: 'sms',
    language: 'zh-CN',
    nps,
    nps_category: nps <= 6 ? 'detractor' : nps <= 8 ? 'passive' : 'promoter',
    csat: 3,
    ces: 4,
    comment,
    occurred_at: h(0),
    local_date: '2026-11-20',
    received_at: receivedAt,
    ...TRACE,
  };
}

function alert(
  key: string,
  rule: string,
  branch: string,
  figures: object,
  createdAt: number,
  updatedAt: number,
) {
  return {
    alert_key: key,
    rule,
    branch_id: branch,
    severity: 'critical',
    subject: `${rule} ${key}`,
    details: JSON.stringify(figures),
    status: updatedAt > createdAt ? 'sent' : 'queued',
    attempts: updatedAt > createdAt ? 1 : 0,
    error: '',
    created_at: createdAt,
    updated_at: updatedAt,
  };
}

function callback(
  branch: string,
  about: { complaint?: string; response?: string },
  eventId: string,
  outcome: string,
  at: number,
) {
  return {
    event_id: eventId,
    branch_id: branch,
    complaint_id: about.complaint ?? '',
    response_id: about.response ?? '',
    customer_key: '',
    kind: 'callback',
    reason: '',
    approver_id: '',
    approver_role: '',
    outcome,
    note: `${outcome} at ${new Date(at).toISOString()}`,
    called_at: at,
    called_by: 'quality-lead',
    handler_id: '',
    occurred_at: at,
    local_date: '2026-11-20',
    received_at: at,
    ...TRACE,
  };
}

const severeC = (updatedAt: number) =>
  alert(
    'severe-complaint|C',
    'severe-complaint',
    'B1',
    { complaint: 'C', severity: 'high' },
    h(1),
    updatedAt,
  );

const needsResponseD = (updatedAt: number) =>
  alert(
    'comment-needs-response|B2|ev-d',
    'comment-needs-response',
    'B2',
    { responseId: 'D' },
    h(2),
    updatedAt,
  );

const insert = async (table: string, values: Record<string, string | number | null>[]) =>
  insertRows(w, table, table === 'alerts_v1' ? ALERT_COLUMNS : Object.keys(values[0]!), values);

/** Today's views of 0052, under old_* names, from the migration file as applied. */
async function createOldViews() {
  const sql = readFileSync(join(migrationsDir, '0052_create_callback_cases.sql'), 'utf8');
  for (const statement of splitStatements(sql))
    await w.client.command({
      query: statement.replace(/\b(callback_outcomes|callback_cases|alert_cases)\b/g, 'old_$1'),
    });
}

/** Runs `use` with a console on this warehouse and a GET as an HQ account. */
async function asHq(use: (get: (path: string) => Promise<Response>) => Promise<void>) {
  const reader = await openWarehouse({ url: iso.clickhouseUrl, database: iso.database, create: false });
  const app = await startQualityConsole({
    warehouse: reader,
    accounts: accountStore(),
    port: 0,
    limits: TEST_CONSOLE_LIMITS,
    publishEvent: async () => {},
  });
  try {
    const cookie = `${SESSION_COOKIE}=${(await app.sessions.create({ username: 'hq', role: 'hq', via: 'local' })).id}`;
    await use((path) => fetch(`${app.url}${path}`, { headers: { cookie } }));
  } finally {
    await app.close();
    await reader.close();
  }
}

const CASE_ORDER = 'ORDER BY branch_id, case_id';
const AS_TEXT = (columns: string[]) => columns.map((c) => `toString(${c}) AS ${c}`).join(', ');
const CASE_COLUMNS = [
  'branch_id',
  'case_id',
  'kind',
  'about_id',
  'text',
  'nps',
  'opened_at',
  'due_at',
  'alert_key',
  'outcome',
  'outcome_note',
  'called_by',
  'called_at',
  'attempts',
  'closed',
];

/** The cases as 0081's tables give them: the list row whose due date is the winning source's, joined with the case's state. */
const listTableCases = `
SELECT ${AS_TEXT(CASE_COLUMNS)} FROM (
  SELECT l.branch_id AS branch_id, l.case_id AS case_id, l.kind AS kind, l.about_id AS about_id, l.text AS text, l.nps AS nps,
         l.opened_at AS opened_at, l.due_at AS due_at, l.alert_key AS alert_key, s.outcome AS outcome, s.outcome_note AS outcome_note,
         s.called_by AS called_by, s.called AS called_at, s.attempts AS attempts, s.closed AS closed
  FROM (SELECT due_at, branch_id, case_id, argMaxMerge(source) AS c, c.kind AS kind, c.about_id AS about_id, c.text AS text,
               c.nps AS nps, c.opened_at AS opened_at, c.alert_key AS alert_key
        FROM callback_case_list_v1 GROUP BY due_at, branch_id, case_id) AS l
  INNER JOIN (SELECT branch_id, case_id, argMaxMerge(winner).due_at AS winning_due, argMaxMerge(last_call) AS o,
                     o.outcome AS outcome, o.note AS outcome_note, o.called_by AS called_by, max(called_at) AS called,
                     uniqExactMerge(event_ids) AS attempts, argMaxMerge(last_call_closes) AS closed
              FROM callback_case_state_v1 GROUP BY branch_id, case_id HAVING min(priority) < 255) AS s
    ON s.branch_id = l.branch_id AND s.case_id = l.case_id
  WHERE s.winning_due = l.due_at)
${CASE_ORDER}`;
const oldViewCases = `SELECT ${AS_TEXT(CASE_COLUMNS)} FROM old_callback_cases ${CASE_ORDER}`;
/** Cases and open cases per alert from 0081's state table (winning alert key and closure only). */
const stateTableAlerts = `
SELECT alert_key, toString(count()) AS cases, toString(countIf(NOT closed)) AS open_cases
FROM (SELECT argMaxMerge(winner).alert_key AS alert_key, argMaxMerge(last_call_closes) AS closed
      FROM callback_case_state_v1 GROUP BY branch_id, case_id HAVING min(priority) < 255)
GROUP BY alert_key ORDER BY alert_key`;
const oldViewAlerts =
  'SELECT alert_key, toString(cases) AS cases, toString(open_cases) AS open_cases FROM old_alert_cases ORDER BY alert_key';
const ALERT_ORDER = 'ORDER BY alert_key';

describe('callback_cases_v1', () => {
  it('gives the rows of the 0052 view, through the backfill and then the materialised views', async () => {
    // A warehouse as it was before 0080, with data in it.
    const before = mkdtempSync(join(tmpdir(), 'migrations-before-0080-'));
    for (const f of readdirSync(migrationsDir).filter((f) => f < '0080'))
      copyFileSync(join(migrationsDir, f), join(before, f));
    await migrate(w, before);
    await createOldViews();

    await insert('survey_responses_v1', [
      // A: a detractor, then corrected (same response, newer received_at, new comment).
      response('B1', 'A', 3, 'first version', h(1), 'A-v1'),
      response('B1', 'A', 2, 'corrected version', h(2), 'A-v2'),
      // B: a detractor that also has a needs-response alert: the detractor wins.
      response('B1', 'B', 4, 'rude staff', h(1)),
      // E: a detractor; a promoter and a detractor without comment are no case.
      response('B1', 'E', 0, 'never again', h(1)),
      response('B1', 'P', 10, 'great', h(1)),
      response('B1', 'Q', 1, '', h(1)),
    ]);
    await insert('alerts_v1', [
      severeC(h(1)),
      // the same alert re-written by the mailer (status sent), and a redelivered copy of that
      severeC(h(1.5)),
      severeC(h(1.5)),
      // needs-response about complaint C (the severe complaint wins) and about response B (the detractor wins)
      alert(
        'comment-needs-response|B1|ev-c',
        'comment-needs-response',
        'B1',
        { complaintId: 'C' },
        h(1),
        h(1),
      ),
      alert(
        'comment-needs-response|B1|ev-b',
        'comment-needs-response',
        'B1',
        { responseId: 'B' },
        h(1),
        h(1),
      ),
      // D: needs-response alone; a severe-complaint alert without its complaint id is no case
      needsResponseD(h(2)),
      alert('severe-complaint|', 'severe-complaint', 'B2', { severity: 'high' }, h(2), h(2)),
      alert('detractor-comment|B1|2026-11-20', 'detractor-comment', 'B1', { date: '2026-11-20' }, h(3), h(3)),
    ]);
    await insert('complaint_clock_events_v1', [
      // A: not reached (and that event replayed) before the migration; reached after it, below.
      callback('B1', { response: 'A' }, 'cb-a1', 'not_reached', h(4)),
      callback('B1', { response: 'A' }, 'cb-a1', 'not_reached', h(4)),
      // an outcome for something that is no case stays out
      callback('B1', { response: 'Z' }, 'cb-z1', 'reached', h(4)),
    ]);

    // 0080 first, then 0081 on a warehouse that already has 0080's tables filled.
    const before0081 = mkdtempSync(join(tmpdir(), 'migrations-before-0081-'));
    for (const f of readdirSync(migrationsDir).filter((f) => f < '0081'))
      copyFileSync(join(migrationsDir, f), join(before0081, f));
    await migrate(w, before0081);
    await migrate(w, migrationsDir);
    // 0081's backfill alone (before any row reaches its views) gives the view's cases.
    expect(await rows(listTableCases)).toEqual(await rows(oldViewCases));
    expect(await rows(stateTableAlerts)).toEqual(await rows(oldViewAlerts));

    await insert('survey_responses_v1', [
      // F: a new detractor on the same day (same detractor-comment alert as A, B, E), redelivered
      response('B1', 'F', 5, 'slow', h(5)),
      response('B1', 'F', 5, 'slow', h(5)),
      // E corrected into a promoter: 0052 keeps its last detractor version, and so does the table
      response('B1', 'E', 9, 'they called me, fine now', h(6), 'E-v2'),
    ]);
    await insert('alerts_v1', [
      // D's alert re-written by the mailer
      needsResponseD(h(2.5)),
    ]);
    await insert('complaint_clock_events_v1', [
      callback('B1', { response: 'A' }, 'cb-a2', 'reached', h(7)),
      callback('B1', { response: 'A' }, 'cb-a2', 'reached', h(7)),
      callback('B1', { complaint: 'C' }, 'cb-c1', 'resolved', h(7)),
      callback('B1', { response: 'B' }, 'cb-b1', 'not_reached', h(7)),
      callback('B2', { response: 'D' }, 'cb-d1', 'not_reached', h(7)),
      callback('B2', { response: 'D' }, 'cb-d2', 'not_reached', h(8)),
    ]);

    const oldCases = await rows(`SELECT * FROM old_callback_cases ${CASE_ORDER}`);
    const cases = await rows(`SELECT * FROM callback_cases ${CASE_ORDER}`);
    expect(cases).toEqual(oldCases);
    expect(await rows(`SELECT * FROM alert_cases ${ALERT_ORDER}`)).toEqual(
      await rows(`SELECT * FROM old_alert_cases ${ALERT_ORDER}`),
    );
    // 0081's tables (backfill, then the views) say the same.
    const oldTextCases = await rows(oldViewCases);
    expect(oldTextCases).toHaveLength(6);
    expect(await rows(listTableCases)).toEqual(oldTextCases);
    expect(await rows(stateTableAlerts)).toEqual(await rows(oldViewAlerts));

    // What both say, spelled out.
    const brief = (c: Record<string, unknown>) =>
      [c.case_id, c.kind, c.text, c.outcome, Number(c.attempts), Number(c.closed)].join(' | ');
    expect(cases.map(brief)).toEqual([
      'c:C | severe-complaint | severe-complaint severe-complaint|C | resolved | 1 | 1',
      'r:A | detractor | corrected version | reached | 2 | 1',
      'r:B | detractor | rude staff | not_reached | 1 | 0',
      'r:E | detractor | never again |  | 0 | 0',
      'r:F | detractor | slow |  | 0 | 0',
      'r:D | needs-response | comment-needs-response comment-needs-response|B2|ev-d | not_reached | 2 | 0',
    ]);
    const alerts = await rows<{ alert_key: string; cases: string; open_cases: string }>(
      `SELECT alert_key, cases, open_cases FROM alert_cases ${ALERT_ORDER}`,
    );
    expect(alerts.map((a) => `${a.alert_key} ${a.cases}/${a.open_cases}`)).toEqual([
      'comment-needs-response|B2|ev-d 1/1',
      'detractor-comment|B1|2026-11-20 4/3',
      'severe-complaint|C 1/0',
    ]);

    // The console's list (its own query on the table) says the same, alert closures included.
    await asHq(async (get) => {
      const listed = async (status: string) => {
        const r = await get(`/api/callbacks?status=${status}`);
        expect(r.status).toBe(200);
        const { cases } = (await r.json()) as { cases: Record<string, unknown>[] };
        return cases
          .map(
            (c) =>
              `${c.caseId} ${c.outcome}×${c.attempts} ${c.closed ? 'closed' : 'open'} ${c.alertKey} ${c.alertOpenCases} ${c.alertClosed ? 'closed' : 'open'}`,
          )
          .sort();
      };
      const expected = await rows<{ line: string; closed: number }>(
        `SELECT concat(c.case_id, ' ', c.outcome, '×', toString(c.attempts), ' ', if(c.closed, 'closed', 'open'), ' ', c.alert_key,
                       ' ', toString(a.open_cases), ' ', if(a.alert_closed, 'closed', 'open')) AS line, c.closed AS closed
         FROM callback_cases AS c JOIN alert_cases AS a ON a.alert_key = c.alert_key ORDER BY line`,
      );
      expect(await listed('all')).toEqual(expected.map((e) => e.line).sort());
      expect(await listed('open')).toEqual(
        expected
          .filter((e) => !Number(e.closed))
          .map((e) => e.line)
          .sort(),
      );
      expect(await listed('closed')).toEqual([
        'c:C resolved×1 closed severe-complaint|C 0 closed',
        'r:A reached×2 closed detractor-comment|B1|2026-11-20 3 open',
      ]);
    });

    // Merged parts say the same as unmerged ones.
    await w.client.command({ query: 'OPTIMIZE TABLE callback_cases_v1 FINAL' });
    expect(await rows(`SELECT * FROM callback_cases ${CASE_ORDER}`)).toEqual(oldCases);
    for (const table of ['callback_case_list_v1', 'callback_case_state_v1'])
      await w.client.command({ query: `OPTIMIZE TABLE ${table} FINAL` });
    expect(await rows(listTableCases)).toEqual(oldTextCases);
    expect(await rows(stateTableAlerts)).toEqual(await rows(oldViewAlerts));
  });

  it("the console's open list is the 500 open cases due first, also when the first ones are closed", async () => {
    // 3,000 more detractors in B3, due one minute apart; the 1,200 due first are reached.
    await w.client.command({
      query: `INSERT INTO survey_responses_v1 (event_id, branch_id, response_id, nps, nps_category, comment, occurred_at, local_date, received_at)
              SELECT concat('bulk-', toString(number)), 'B3', concat('bulk-', toString(number)), 2, 'detractor', 'bulk',
                     toDateTime64('2026-10-01 00:00:00', 3, 'UTC') + INTERVAL number MINUTE, '2026-10-01', now64(3)
              FROM numbers(3000)`,
    });
    await w.client.command({
      query: `INSERT INTO complaint_clock_events_v1 (event_id, branch_id, response_id, kind, outcome, called_at, occurred_at, local_date, received_at)
              SELECT concat('bulk-cb-', toString(number)), 'B3', concat('bulk-', toString(number)), 'callback', 'reached',
                     now64(3), now64(3), '2026-11-20', now64(3)
              FROM numbers(1200)`,
    });
    const expected = await rows<{ case_id: string }>(
      `SELECT case_id FROM callback_cases WHERE NOT closed ORDER BY due_at, branch_id, case_id LIMIT 500`,
    );
    expect(expected[0]!.case_id).toBe('r:bulk-1200');
    expect(await rows(listTableCases)).toEqual(await rows(oldViewCases));
    await asHq(async (get) => {
      const r = await get('/api/callbacks');
      const { cases } = (await r.json()) as { cases: { caseId: string }[] };
      expect(cases.map((c) => c.caseId)).toEqual(expected.map((e) => e.case_id));
    });
  });

  it("a case whose winning list row is not written yet is still listed, with the winner's text", async () => {
    // As between 0081's two views' writes: the state names a winning source whose list row is not
    // there yet, while a losing source's row is (a case with two sources, such as a detractor with a
    // needs-response alert).
    const [twoSources] = await rows<{ branch_id: string; case_id: string; due: string }>(
      `SELECT branch_id, case_id, toString(argMaxMerge(winner).due_at) AS due FROM callback_case_state_v1
       WHERE (branch_id, case_id) IN (SELECT branch_id, case_id FROM callback_case_list_v1
                                      GROUP BY branch_id, case_id HAVING uniqExact(due_at) > 1)
       GROUP BY branch_id, case_id HAVING NOT argMaxMerge(last_call_closes) ORDER BY branch_id, case_id LIMIT 1`,
    );
    if (!twoSources) throw new Error('the fixture has no open case with two sources');
    const { branch_id: branch, case_id: caseId, due } = twoSources;
    const [expected] = await rows<{ text: string; kind: string }>(
      `SELECT text, kind FROM callback_cases WHERE branch_id = '${branch}' AND case_id = '${caseId}'`,
    );
    await w.client.command({
      query: `ALTER TABLE callback_case_list_v1 DELETE
              WHERE branch_id = '${branch}' AND case_id = '${caseId}' AND due_at = toDateTime64('${due}', 3, 'UTC')`,
      clickhouse_settings: { mutations_sync: '1' },
    });
    expect(
      await rows(
        `SELECT due_at FROM callback_case_list_v1 WHERE branch_id = '${branch}' AND case_id = '${caseId}'`,
      ),
    ).toHaveLength(1);
    await asHq(async (get) => {
      const r = await get(`/api/callbacks?branch=${branch}`);
      expect(r.status).toBe(200);
      const { cases } = (await r.json()) as { cases: { caseId: string; text: string; kind: string }[] };
      expect(cases.find((c) => c.caseId === caseId)).toMatchObject({
        text: expected!.text,
        kind: expected!.kind,
      });
    });
  });
});
