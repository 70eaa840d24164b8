// Loop: the five steps as a timeline, each with the evidence the worker recorded when the loop
// reached or passed it (every version's event and figures), the actions with owner, due date and
// who completed them, the notes, and the forms: complete an action, add a note. Reads
// improvement_loops_v1, loop_action_events_v1 and loop_notes_v1 for one branch and loop.
import type { RequestContext } from '../app.ts';
import { NotFound } from '../app.ts';
import { lit } from '../db.ts';
import { esc, figure, page, writeNotices } from '../html.ts';
import { dimensionName, type Lang } from '../i18n.ts';
import type { PendingWrite } from '../pending.ts';
import { ACTION_NOTE_MAX, LOOP_ACTIONS, NOTE_MAX } from '../writes.ts';
import { ACTION_NAMES, label, loopActions, STATUS_NAMES, STEP_NAMES } from './branch.ts';

export interface LoopData {
  branchId: string;
  loopId: string;
  dimension: string;
  status: string;
  step: number;
  iteration: number;
  target: number;
  dueAt: string;
  versions: {
    version: number;
    step: number;
    status: string;
    event: string;
    measured: number | null;
    measuredN: number;
    target: number;
    at: string;
  }[];
  actions: { kind: string; owner: string; dueAt: number; doneAt: number | null; doneBy: string }[];
  completions: { eventId: string; action: string; by: string; note: string; source: string; at: string }[];
  notes: { eventId: string; note: string; author: string; at: string }[];
  pending: PendingWrite[];
}

export async function loopData(ctx: RequestContext, branchId: string, loopId: string): Promise<LoopData> {
  const { db, scope } = ctx;
  const mine = `branch_id = ${lit(branchId)} AND loop_id = ${lit(loopId)} AND ${scope.where()}`;
  const versions = await db.rows<Record<string, string | number | null>>(
    `SELECT version, step, status, iteration, dimension, event, measured, measured_n, target, state,
            toString(updated_at) AS at, toString(due_at) AS due
     FROM improvement_loops_v1 FINAL WHERE ${mine} ORDER BY version`,
  );
  const last = versions.at(-1);
  if (!last) throw new NotFound();
  const completions = await db.rows<Record<string, string>>(
    `SELECT event_id, action_kind, completed_by, note, source, toString(occurred_at) AS at
     FROM loop_action_events_v1 FINAL WHERE ${mine} ORDER BY occurred_at`,
  );
  const notes = await db.rows<Record<string, string>>(
    `SELECT event_id, note, author, toString(occurred_at) AS at FROM loop_notes_v1 FINAL WHERE ${mine} ORDER BY occurred_at`,
  );
  return {
    branchId,
    loopId,
    dimension: String(last.dimension),
    status: String(last.status),
    step: Number(last.step),
    iteration: Number(last.iteration),
    target: Number(last.target),
    dueAt: String(last.due),
    versions: versions.map((v) => ({
      version: Number(v.version),
      step: Number(v.step),
      status: String(v.status),
      event: String(v.event),
      measured: v.measured === null ? null : Number(v.measured),
      measuredN: Number(v.measured_n),
      target: Number(v.target),
      at: String(v.at),
    })),
    actions: loopActions(String(last.state)),
    completions: completions.map((c) => ({
      eventId: c.event_id!,
      action: c.action_kind!,
      by: c.completed_by!,
      note: c.note!,
      source: c.source!,
      at: c.at!,
    })),
    notes: notes.map((n) => ({ eventId: n.event_id!, note: n.note!, author: n.author!, at: n.at! })),
    pending: [],
  };
}

const L = (lang: Lang, zh: string, en: string) => (lang === 'zh' ? zh : en);
const day = (ms: number | null) => (ms ? new Date(ms).toISOString().slice(0, 10) : '');

export function renderLoop(ctx: RequestContext, d: LoopData, saved: boolean): string {
  const { lang } = ctx;
  const base = `/branches/${encodeURIComponent(d.branchId)}/loops/${encodeURIComponent(d.loopId)}`;
  const steps = [1, 2, 3, 4, 5]
    .map((step) => {
      const evidence = d.versions.filter((v) => v.step === step);
      const state = step < d.step || d.status === 'closed' ? 'done' : step === d.step ? 'current' : 'later';
      return `<li class="${state}" data-step="${step}"><strong>${step}. ${esc(label(STEP_NAMES, step, lang))}</strong> <small>${state === 'done' ? '✓' : state === 'current' ? L(lang, '当前', 'current') : ''}</small>
<ul>${evidence.map((v) => `<li><small>${esc(v.at.slice(0, 16))} v${v.version}</small> ${esc(v.event)}${v.measured !== null ? ` · ${L(lang, '实测', 'measured')} ${figure({ value: v.measured, n: v.measuredN }, lang)} / ${L(lang, '目标', 'target')} ${v.target.toFixed(2)}` : ''}</li>`).join('')}</ul></li>`;
    })
    .join('\n');
  const open = d.actions.filter((a) => !a.doneAt);
  const body = `${writeNotices(lang, saved, d.pending)}
<p><a href="/branches/${encodeURIComponent(d.branchId)}">${esc(d.branchId)}</a> · ${esc(dimensionName(d.dimension, lang))} · ${esc(label(STATUS_NAMES, d.status, lang))}${d.iteration > 1 ? ` · ${L(lang, '第', 'iteration ')}${d.iteration}${L(lang, '轮', '')}` : ''} · ${L(lang, '目标', 'target')} ${d.target.toFixed(2)} · ${L(lang, '复测日', 'review')} ${esc(d.dueAt.slice(0, 10))}</p>
<h2>${L(lang, '五步循环', 'The five steps')}</h2>
<ol class="timeline" id="timeline">${steps}</ol>
<h2 id="actions">${L(lang, '措施', 'Actions')}</h2>
<table class="data"><thead><tr><th>${L(lang, '措施', 'Action')}</th><th>${L(lang, '负责人', 'Owner')}</th><th>${L(lang, '截止', 'Due')}</th><th>${L(lang, '完成', 'Done')}</th></tr></thead><tbody>
${d.actions.map((a) => `<tr><td>${esc(label(ACTION_NAMES, a.kind, lang))}</td><td>${esc(a.owner)}</td><td>${day(a.dueAt)}${!a.doneAt && a.dueAt < ctx.now ? ` <span class="overdue">${L(lang, '逾期', 'overdue')}</span>` : ''}</td><td>${a.doneAt ? `${day(a.doneAt)} ${esc(a.doneBy)}` : ''}</td></tr>`).join('\n') || `<tr><td colspan="4">${L(lang, '尚未布置措施', 'No actions assigned yet')}</td></tr>`}
</tbody></table>
<h3>${L(lang, '已报告完成', 'Reported done')}</h3>
<ul id="completions">${d.completions.map((c) => `<li data-event="${esc(c.eventId)}"><small>${esc(c.at.slice(0, 16))}</small> ${esc(label(ACTION_NAMES, c.action, lang))} · ${esc(c.by)} <small>${esc(c.source)}</small> ${esc(c.note)}</li>`).join('')}</ul>
<form method="post" action="${base}/actions" class="write" id="complete-action">
<input type="hidden" name="_csrf" value="${esc(ctx.session.csrf)}">
<label>${L(lang, '措施', 'Action')} <select name="action">${LOOP_ACTIONS.map((a) => `<option value="${a}"${open.some((o) => o.kind === a) ? '' : ''}>${esc(label(ACTION_NAMES, a, lang))}</option>`).join('')}</select></label>
<label>${L(lang, '说明', 'Note')} <input name="note" size="40" maxlength="${ACTION_NOTE_MAX}"></label>
<button>${L(lang, '标记完成', 'Mark done')}</button></form>
<h2 id="notes">${L(lang, '备注', 'Notes')}</h2>
<ul id="note-list">${d.notes.map((n) => `<li data-event="${esc(n.eventId)}"><small>${esc(n.at.slice(0, 16))} ${esc(n.author)}</small> ${esc(n.note)}</li>`).join('')}</ul>
<form method="post" action="${base}/notes" class="write" id="add-note">
<input type="hidden" name="_csrf" value="${esc(ctx.session.csrf)}">
<label>${L(lang, '备注', 'Note')} <textarea name="note" rows="3" cols="60" maxlength="${NOTE_MAX}"></textarea></label>
<button>${L(lang, '添加备注', 'Add note')}</button></form>
<p><a href="/branches/${encodeURIComponent(d.branchId)}#standards">${L(lang, '覆盖本维度标准', "Override this dimension's standard")}</a></p>`;
  return page({
    lang,
    title: `${L(lang, '改进循环', 'Improvement loop')} ${d.loopId}`,
    account: ctx.account,
    csrf: ctx.session.csrf,
    path: ctx.path,
    body,
  });
}
