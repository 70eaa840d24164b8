// Audit (HQ): every console write as the normaliser stored it from its event — who, in which role,
// how they signed in, from which session (a hash), when, what about and what was written.
import type { RequestContext } from '../app.ts';
import { esc, page } from '../html.ts';

export async function auditData(ctx: RequestContext) {
  return ctx.db.rows<Record<string, string>>(
    `SELECT event_id, branch_id, event_type, actor, actor_role, actor_via, actor_session, subject_id, summary,
            toString(occurred_at) AS occurred_at
     FROM console_audit_v1 FINAL WHERE ${ctx.scope.where()} ORDER BY occurred_at DESC LIMIT 500`,
  );
}

export function renderAudit(ctx: RequestContext, rows: Awaited<ReturnType<typeof auditData>>): string {
  const zh = ctx.lang === 'zh';
  const head = zh
    ? ['时间', '操作人', '角色', '登录方式', '会话', '网点', '事件', '对象', '内容']
    : ['When', 'Who', 'Role', 'Signed in via', 'Session', 'Branch', 'Event', 'About', 'What'];
  const body = `<table class="data" id="audit"><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>
${rows.map((r) => `<tr data-event="${esc(r.event_id)}"><td>${esc(r.occurred_at?.slice(0, 19))}</td><td>${esc(r.actor)}</td><td>${esc(r.actor_role)}</td><td>${esc(r.actor_via)}</td><td><small>${esc(r.actor_session)}</small></td><td>${esc(r.branch_id)}</td><td>${esc(r.event_type)}</td><td>${esc(r.subject_id)}</td><td><small>${esc(r.summary)}</small></td></tr>`).join('\n') || `<tr><td colspan="9">${zh ? '尚无操作' : 'No writes yet'}</td></tr>`}
</tbody></table>`;
  return page({
    lang: ctx.lang,
    title: zh ? '操作审计' : 'Audit',
    account: ctx.account,
    csrf: ctx.session.csrf,
    path: ctx.path,
    body,
  });
}
