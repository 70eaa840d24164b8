// Call-backs: the cases in scope (callback_cases_v1, migrations 0052 and 0080; the open list and
// alert counts read 0081's callback_case_list_v1 and callback_case_state_v1) — each detractor with a comment,
// each severe complaint, each comment flagged as needing a response — with owner, due date and
// outcome; one case's page logs an outcome (a complaint.callback event). reached or resolved closes
// the case, and an alert closes when all its cases are closed (alert_cases).
import type { RequestContext } from '../app.ts';
import { NotFound } from '../app.ts';
import { ID, lit } from '../db.ts';
import { csv, esc, page, writeNotices } from '../html.ts';
import type { Lang } from '../i18n.ts';
import type { PendingWrite } from '../pending.ts';
import { CALLBACK_OUTCOMES, NOTE_MAX } from '../writes.ts';

export interface CaseRow {
  branchId: string;
  caseId: string;
  kind: string;
  aboutId: string;
  text: string;
  nps: number | null;
  openedAt: string;
  dueAt: string;
  owner: string;
  alertKey: string;
  outcome: string;
  outcomeNote: string;
  calledBy: string;
  calledAt: string | null;
  attempts: number;
  closed: boolean;
  alertOpenCases: number;
  alertClosed: boolean;
}

const STATUSES = ['open', 'closed', 'all'] as const;

function caseRow(r: Record<string, unknown>): CaseRow {
  return {
    branchId: String(r.branch_id),
    caseId: String(r.case_id),
    kind: String(r.kind),
    aboutId: String(r.about_id),
    text: String(r.text ?? ''),
    nps: r.nps === null || r.nps === undefined ? null : Number(r.nps),
    openedAt: String(r.opened_at),
    dueAt: String(r.due_at),
    owner: String(r.owner),
    alertKey: String(r.alert_key),
    outcome: String(r.outcome ?? ''),
    outcomeNote: String(r.outcome_note ?? ''),
    calledBy: String(r.called_by ?? ''),
    calledAt: r.called_at ? String(r.called_at) : null,
    attempts: Number(r.attempts ?? 0),
    closed: Number(r.closed) === 1,
    alertOpenCases: Number(r.open_cases ?? 0),
    alertClosed: Number(r.alert_closed ?? 0) === 1,
  };
}

// callback_cases_v1 (migration 0080) holds aggregate states per (branch_id, case_id); a case is
// the merge of its rows. Only cases with a source row are cases (outcome events alone are not).
const CLOSED = `argMaxMerge(last_call).outcome IN ('reached', 'resolved')`;
const IS_CASE = 'min(priority) < 255';

/** Every column of the cases matching `where` (merged per case) that pass `filter`, as CaseRow columns. */
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

/**
 * The cases matching `where` (a condition on branch_id/case_id) in scope, with `status`, most
 * urgent first (open before closed, then by due date).
 */
async function selectCases(
  ctx: RequestContext,
  where: string,
  status: (typeof STATUSES)[number],
  limit: number,
): Promise<CaseRow[]> {
  const inScope = `${ctx.scope.where()} AND ${where}`;
  const { rows, open } =
    status === 'open' ? await openCases(ctx, inScope, limit) : await otherCases(ctx, inScope, status, limit);
  return rows.map((r) => {
    const n = open.get(String(r.alert_key)) ?? 0;
    return caseRow({ ...r, open_cases: n, alert_closed: n === 0 ? 1 : 0 });
  });
}

/** Closed cases, or all of them, with the open cases of their alerts. */
async function otherCases(ctx: RequestContext, inScope: string, status: 'closed' | 'all', limit: number) {
  const rows = await ctx.db.rows<Record<string, unknown>>(
    // Closed cases are those whose latest outcome closed them: only merging every case in
    // scope tells which, so pick the page's cases from the columns that filter and order
    // them, then merge every column for those only.
    mergedCases(
      `${inScope} AND (branch_id, case_id) IN (
         SELECT branch_id, case_id FROM callback_cases_v1 WHERE ${inScope}
         GROUP BY branch_id, case_id HAVING ${IS_CASE} AND ${status === 'closed' ? CLOSED : '1'}
         ORDER BY ${CLOSED}, argMaxMerge(source).due_at, branch_id, case_id LIMIT ${limit})`,
      '1',
      limit,
    ),
  );
  return { rows, open: await openCasesOfAlerts(ctx, rows) };
}

/** The cases as a `(branch_id, case_id) IN (…)` list. */
const casePairs = (cases: Record<string, unknown>[]) =>
  cases.map((c) => `(${lit(String(c.branch_id))}, ${lit(String(c.case_id))})`).join(', ');

/** A case source's display fields, from an argMax state column named `source` (0080 and 0081 alike). */
const SOURCE_FIELDS = `argMaxMerge(source) AS c, c.kind AS kind, c.about_id AS about_id, c.text AS text, c.nps AS nps,
       toString(c.opened_at) AS opened_at`;

/**
 * The `limit` open cases due first, with the open cases of their alerts, in short reads (one
 * query joining list and state took longer than these together): the k-th due date in scope from
 * callback_case_list_v1's key (migration 0081); the open cases whose winning source is due by
 * then, from callback_case_state_v1 (no text; every case due by then has a list row by then, so
 * none is missed); then, side by side, their display fields from the list rows of their winning
 * due dates (one range of the list's primary key) and their alerts' open cases. When fewer than
 * `limit` are open, look further.
 */
async function openCases(ctx: RequestContext, inScope: string, limit: number) {
  for (let k = 2 * limit; ; k *= 8) {
    const [edge] = await ctx.db.rows<{ due_at: string }>(
      `SELECT toString(due_at) AS due_at FROM callback_case_list_v1 WHERE ${inScope}
       ORDER BY due_at LIMIT 1 OFFSET ${k - 1}`,
    );
    const edgeAt = edge && `toDateTime64(${lit(edge.due_at)}, 3, 'UTC')`;
    const open = await ctx.db.rows<Record<string, unknown> & { due: string }>(`
SELECT branch_id, case_id, argMaxMerge(winner) AS w, toString(w.due_at) AS due, w.alert_key AS alert_key,
       argMaxMerge(last_call) AS o, o.outcome AS outcome, o.note AS outcome_note, o.called_by AS called_by,
       max(called_at) AS called, if(called IS NULL, NULL, toString(called)) AS last_called,
       uniqExactMerge(event_ids) AS attempts
FROM callback_case_state_v1
WHERE ${inScope} AND (branch_id, case_id) IN (
  SELECT branch_id, case_id FROM callback_case_list_v1 WHERE ${inScope}${edgeAt ? ` AND due_at <= ${edgeAt}` : ''})
GROUP BY branch_id, case_id
HAVING ${IS_CASE} AND NOT argMaxMerge(last_call_closes)${edgeAt ? ` AND w.due_at <= ${edgeAt}` : ''}
ORDER BY w.due_at, branch_id, case_id
LIMIT ${limit}`);
    if (open.length < limit && edge) continue;
    if (open.length === 0) return { rows: [], open: new Map<string, number>() };
    const from = `toDateTime64(${lit(open[0]!.due)}, 3, 'UTC')`;
    const to = `toDateTime64(${lit(open.at(-1)!.due)}, 3, 'UTC')`;
    const [fields, alerts] = await Promise.all([
      ctx.db.rows<Record<string, unknown>>(`
SELECT toString(due_at) AS due, branch_id, case_id, ${SOURCE_FIELDS}
FROM callback_case_list_v1
WHERE ${inScope} AND due_at BETWEEN ${from} AND ${to} AND (branch_id, case_id) IN (${casePairs(open)})
GROUP BY due_at, branch_id, case_id`),
      openCasesOfAlerts(ctx, open),
    ]);
    // A case may have list rows of other (losing) sources in the range: keep its winning one.
    const rowKey = (r: Record<string, unknown>) => `${r.due} ${r.branch_id} ${r.case_id}`;
    const byRow = new Map(fields.map((f) => [rowKey(f), f]));
    // A case's state and list rows come from the same inserts but through two views, written one
    // after the other: read between the two (or after an insert that failed in the second and is
    // being retried), a case has its state and no list row yet. Its fields then come from its merged
    // row in callback_cases_v1 (a primary-key lookup), so the list neither fails nor drops it.
    const unlisted = open.filter((c) => !byRow.has(rowKey(c)));
    if (unlisted.length > 0) {
      const dueOf = new Map(unlisted.map((c) => [`${c.branch_id} ${c.case_id}`, c.due]));
      const merged = await ctx.db.rows<Record<string, unknown>>(`
SELECT branch_id, case_id, ${SOURCE_FIELDS}
FROM callback_cases_v1
WHERE ${inScope} AND (branch_id, case_id) IN (${casePairs(unlisted)})
GROUP BY branch_id, case_id`);
      for (const m of merged) byRow.set(rowKey({ ...m, due: dueOf.get(`${m.branch_id} ${m.case_id}`) }), m);
    }
    const rows: Record<string, unknown>[] = open.flatMap((c) => {
      const listed = byRow.get(rowKey(c));
      // Only a case with no source row at all (then it is no case) has neither.
      if (!listed) return [];
      const { c: _source, due: _due, ...shown } = listed;
      const { w: _winner, o: _call, called: _called, last_called, due, ...call } = c;
      return [{ ...shown, ...call, called_at: last_called, due_at: due, owner: c.branch_id, closed: 0 }];
    });
    return { rows, open: alerts };
  }
}

/**
 * Open cases per alert, for the alerts of the given cases only: an alert's cases are found through
 * callback_alert_cases_v1, and count when that alert is still theirs (the source that won the case)
 * and they are open; read from callback_case_state_v1's narrow columns (no text). An alert is
 * closed when none is open (as alert_cases says).
 */
async function openCasesOfAlerts(ctx: RequestContext, cases: Record<string, unknown>[]) {
  if (cases.length === 0) return new Map<string, number>();
  // Alert keys are unique across branches (alerts_v1 is keyed by them), so the branch only prunes.
  const branches = [...new Set(cases.map((c) => lit(String(c.branch_id))))].join(', ');
  const keys = [...new Set(cases.map((c) => lit(String(c.alert_key))))].join(', ');
  const rows = await ctx.db.rows<{ alert_key: string; open_cases: number }>(`
SELECT key AS alert_key, toUInt32(countIf(NOT closed)) AS open_cases
FROM (SELECT argMaxMerge(winner).alert_key AS key, argMaxMerge(last_call_closes) AS closed FROM callback_case_state_v1
      WHERE ${ctx.scope.where()} AND branch_id IN (${branches}) AND (branch_id, case_id) IN (
          SELECT branch_id, case_id FROM callback_alert_cases_v1
          WHERE ${ctx.scope.where()} AND branch_id IN (${branches}) AND alert_key IN (${keys}))
      GROUP BY branch_id, case_id HAVING ${IS_CASE})
WHERE key IN (${keys})
GROUP BY key`);
  return new Map(rows.map((r) => [r.alert_key, Number(r.open_cases)]));
}

export async function casesData(ctx: RequestContext, query: unknown) {
  const asked = (query as { status?: string }).status as (typeof STATUSES)[number];
  const status = STATUSES.includes(asked) ? asked : 'open';
  // ?branch= narrows the list (the alert e-mails link here); a branch outside the scope is a 404.
  const branch = (query as { branch?: string }).branch;
  if (branch !== undefined && (!ID.test(branch) || !ctx.scope.allows(branch))) throw new NotFound();
  const cases = await selectCases(ctx, branch ? `branch_id = ${lit(branch)}` : '1', status, 500);
  return { status, branch: branch ?? null, cases };
}

export async function caseData(ctx: RequestContext, branchId: string, caseId: string) {
  const [c] = await selectCases(ctx, `branch_id = ${lit(branchId)} AND case_id = ${lit(caseId)}`, 'all', 1);
  if (!c) throw new NotFound();
  const about = c.caseId.startsWith('c:')
    ? `complaint_id = ${lit(c.aboutId)}`
    : `response_id = ${lit(c.aboutId)}`;
  const attempts = await ctx.db.rows<{
    outcome: string;
    note: string;
    called_by: string;
    at: string;
    event_id: string;
  }>(
    `SELECT event_id, outcome, note, called_by, toString(called_at) AS at FROM complaint_clock_events_v1 FINAL
     WHERE branch_id = ${lit(branchId)} AND ${ctx.scope.where()} AND kind = 'callback' AND ${about} ORDER BY called_at`,
  );
  return { case: c, attempts, pending: [] as PendingWrite[] };
}

const L = (lang: Lang, zh: string, en: string) => (lang === 'zh' ? zh : en);
const KINDS: Record<string, [string, string]> = {
  detractor: ['贬损者评论', 'Detractor comment'],
  'severe-complaint': ['严重投诉', 'Severe complaint'],
  'needs-response': ['需回应的评论', 'Comment needing a response'],
};
const OUTCOMES: Record<string, [string, string]> = {
  reached: ['已联系', 'Reached'],
  not_reached: ['未联系上', 'Not reached'],
  resolved: ['已解决', 'Resolved'],
};
const tr = (m: Record<string, [string, string]>, k: string, lang: Lang) => m[k]?.[lang === 'zh' ? 0 : 1] ?? k;
export const caseUrl = (c: { branchId: string; caseId: string }) =>
  `/branches/${encodeURIComponent(c.branchId)}/cases/${encodeURIComponent(c.caseId)}`;

const due = (c: CaseRow, now: number, lang: Lang) =>
  `${esc(c.dueAt.slice(0, 16))}${!c.closed && Date.parse(`${c.dueAt.replace(' ', 'T')}Z`) < now ? ` <span class="overdue">${L(lang, '逾期', 'overdue')}</span>` : ''}`;
const state = (c: CaseRow, lang: Lang) =>
  c.closed
    ? `${L(lang, '已关闭', 'closed')} · ${esc(tr(OUTCOMES, c.outcome, lang))}`
    : c.attempts
      ? `${L(lang, '进行中', 'open')} · ${esc(tr(OUTCOMES, c.outcome, lang))} ×${c.attempts}`
      : L(lang, '待回访', 'to call');

export function renderCases(ctx: RequestContext, d: Awaited<ReturnType<typeof casesData>>): string {
  const { lang } = ctx;
  const branchParam = d.branch ? `&branch=${encodeURIComponent(d.branch)}` : '';
  const tabs = STATUSES.map((s) =>
    s === d.status
      ? `<strong>${esc(L(lang, { open: '待处理', closed: '已关闭', all: '全部' }[s], s))}</strong>`
      : `<a href="/callbacks?status=${s}${branchParam}">${esc(L(lang, { open: '待处理', closed: '已关闭', all: '全部' }[s], s))}</a>`,
  ).join(' · ');
  const body = `<p>${tabs} · ${d.branch ? `${L(lang, '网点', 'branch')} ${esc(d.branch)} (<a href="/callbacks?status=${d.status}">${L(lang, '全部网点', 'all branches')}</a>) · ` : ''}<a href="/callbacks.csv?status=${d.status}${branchParam}">${L(lang, '下载 CSV', 'Download CSV')}</a></p>
<p class="note">${L(lang, '每条带评论的贬损者答卷、每起严重投诉、每条需回应的评论都是一个回访个案;记录“已联系”或“已解决”即关闭个案,个案全部关闭后其告警关闭。', 'Every detractor with a comment, every severe complaint and every comment needing a response is a case; logging reached or resolved closes it, and an alert closes once all its cases are closed.')}</p>
<table class="data" id="cases"><thead><tr><th>${L(lang, '网点', 'Branch')}</th><th>${L(lang, '个案', 'Case')}</th><th>${L(lang, '内容', 'About')}</th><th>${L(lang, '负责人', 'Owner')}</th><th>${L(lang, '截止', 'Due')}</th><th>${L(lang, '结果', 'Outcome')}</th><th>${L(lang, '告警', 'Alert')}</th></tr></thead><tbody>
${d.cases.map((c) => `<tr data-case="${esc(c.caseId)}"><td>${esc(c.branchId)}</td><td><a href="${caseUrl(c)}">${esc(tr(KINDS, c.kind, lang))} ${esc(c.aboutId)}</a></td><td>${c.nps === null ? '' : `NPS ${c.nps} · `}${esc(c.text.slice(0, 80))}</td><td>${esc(c.owner)} ${L(lang, '网点负责人', 'branch manager')}</td><td>${due(c, ctx.now, lang)}</td><td>${state(c, lang)}</td><td><small>${esc(c.alertKey)}</small> ${c.alertClosed ? L(lang, '已关闭', 'closed') : L(lang, '未关闭', 'open')}</td></tr>`).join('\n') || `<tr><td colspan="7">${L(lang, '没有个案', 'No cases')}</td></tr>`}
</tbody></table>`;
  return page({
    lang,
    title: L(lang, '回访', 'Call-backs'),
    account: ctx.account,
    csrf: ctx.session.csrf,
    path: ctx.path,
    body,
  });
}

export function renderCase(
  ctx: RequestContext,
  d: Awaited<ReturnType<typeof caseData>>,
  saved: boolean,
): string {
  const { lang } = ctx;
  const c = d.case;
  const body = `${writeNotices(lang, saved, d.pending)}
<p><a href="/branches/${encodeURIComponent(c.branchId)}">${esc(c.branchId)}</a> · ${esc(tr(KINDS, c.kind, lang))} ${esc(c.aboutId)}</p>
<table class="data" id="case"><tbody>
<tr><th>${L(lang, '内容', 'About')}</th><td>${c.nps === null ? '' : `NPS ${c.nps} · `}${esc(c.text)}</td></tr>
<tr><th>${L(lang, '负责人', 'Owner')}</th><td>${esc(c.owner)} ${L(lang, '网点负责人', 'branch manager')}</td></tr>
<tr><th>${L(lang, '开立', 'Opened')}</th><td>${esc(c.openedAt.slice(0, 16))}</td></tr>
<tr><th>${L(lang, '截止', 'Due')}</th><td>${due(c, ctx.now, lang)}</td></tr>
<tr><th>${L(lang, '状态', 'Status')}</th><td id="case-status" data-closed="${c.closed ? 1 : 0}">${state(c, lang)}</td></tr>
<tr><th>${L(lang, '告警', 'Alert')}</th><td id="alert-status" data-closed="${c.alertClosed ? 1 : 0}">${esc(c.alertKey)} · ${c.alertClosed ? L(lang, '已关闭', 'closed') : `${L(lang, '未关闭', 'open')} (${c.alertOpenCases} ${L(lang, '个个案未关闭', 'open cases')})`}</td></tr>
</tbody></table>
<h2>${L(lang, '回访记录', 'Call-back attempts')}</h2>
<ul id="attempts">${d.attempts.map((a) => `<li data-event="${esc(a.event_id)}"><small>${esc(a.at.slice(0, 16))} ${esc(a.called_by)}</small> ${esc(tr(OUTCOMES, a.outcome, lang))} · ${esc(a.note)}</li>`).join('') || `<li>${L(lang, '尚无', 'none yet')}</li>`}</ul>
<form method="post" action="${caseUrl(c)}/outcome" class="write" id="log-outcome">
<input type="hidden" name="_csrf" value="${esc(ctx.session.csrf)}">
<label>${L(lang, '结果', 'Outcome')} <select name="outcome">${CALLBACK_OUTCOMES.map((o) => `<option value="${o}">${esc(tr(OUTCOMES, o, lang))}</option>`).join('')}</select></label>
<label>${L(lang, '记录', 'Note')} <textarea name="note" rows="3" cols="60" maxlength="${NOTE_MAX}"></textarea></label>
<button>${L(lang, '记录回访结果', 'Log outcome')}</button></form>`;
  return page({
    lang,
    title: `${L(lang, '回访个案', 'Call-back case')} ${c.caseId}`,
    account: ctx.account,
    csrf: ctx.session.csrf,
    path: ctx.path,
    body,
  });
}

export function casesCsv(d: Awaited<ReturnType<typeof casesData>>): string {
  return csv(
    [
      'branch_id',
      'case_id',
      'kind',
      'about_id',
      'nps',
      'text',
      'owner',
      'opened_at',
      'due_at',
      'outcome',
      'attempts',
      'closed',
      'alert_key',
      'alert_closed',
    ],
    d.cases.map((c) => [
      c.branchId,
      c.caseId,
      c.kind,
      c.aboutId,
      c.nps,
      c.text,
      c.owner,
      c.openedAt,
      c.dueAt,
      c.outcome,
      c.attempts,
      c.closed ? 1 : 0,
      c.alertKey,
      c.alertClosed ? 1 : 0,
    ]),
  );
}
