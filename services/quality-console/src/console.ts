// The quality console: the app (app.ts) with every route of routes.ts registered. Reads go through
// the console's own read-only warehouse session (db.ts); writes are events (writes.ts).
import type { FieldError } from '@servloop/contracts';
import type { EventEnvelope, EventType } from '@servloop/schemas';
import type { FastifyReply } from 'fastify';
import { buildApp, type ConsoleDeps, NotFound, type RequestContext } from './app.ts';
import { lit } from './db.ts';
import { esc, page } from './html.ts';
import { t } from './i18n.ts';
import { auditData, renderAudit } from './pages/audit.ts';
import { branchData, branchNpsCsv, renderBranch } from './pages/branch.ts';
import { caseData, casesCsv, casesData, caseUrl, renderCase, renderCases } from './pages/cases.ts';
import { floorCsv, floorData, renderFloor } from './pages/floor.ts';
import { loopData, renderLoop } from './pages/loop.ts';
import { myScorecardData, renderMyScorecard } from './pages/me.ts';
import { networkCsv, networkData, renderNetwork } from './pages/network.ts';
import { pendingWrites } from './pending.ts';
import { ROUTES } from './routes.ts';
import { sessionRef } from './sessions.ts';
import {
  type Actor,
  checkActionForm,
  checkNoteForm,
  checkOutcomeForm,
  checkOverrideForm,
  consoleEnvelope,
  staffId,
} from './writes.ts';

const html = (reply: FastifyReply, body: string, status = 200) =>
  reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
const csvReply = (reply: FastifyReply, name: string, body: string) =>
  reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}"`)
    .header('cache-control', 'no-store')
    .send(body);

export function buildQualityConsole(deps: ConsoleDeps) {
  const built = buildApp(deps);
  const { route } = built;
  const pending = pendingWrites();
  const now = deps.now ?? Date.now;
  const registered = new Set<string>();
  const on = (method: 'GET' | 'POST', path: string, handler: Parameters<typeof route>[2]) => {
    const info = ROUTES.find((r) => r.method === method && r.path === path);
    if (!info) throw new Error(`${method} ${path} is not in routes.ts`);
    registered.add(`${method} ${path}`);
    route(method, path, handler, {
      hqOnly: 'hqOnly' in info && info.hqOnly,
      staff: 'staff' in info ? info.staff : undefined,
    });
  };

  on('GET', '/', async (ctx, _req, reply) =>
    reply.redirect(
      ctx.account.role === 'staff'
        ? '/me'
        : ctx.account.role === 'branch' && ctx.account.branchId
          ? `/branches/${encodeURIComponent(ctx.account.branchId)}`
          : '/network',
      303,
    ),
  );
  on('GET', '/network', async (ctx, req, reply) =>
    html(reply, renderNetwork(ctx, await networkData(ctx, req.query), req.query)),
  );
  on('GET', '/api/network', async (ctx, req) => networkData(ctx, req.query));
  on('GET', '/network.csv', async (ctx, req, reply) =>
    csvReply(reply, 'network.csv', networkCsv(await networkData(ctx, req.query))),
  );

  const branchId = (req: { params: unknown }) => (req.params as { branchId: string }).branchId;
  const saved = (req: { query: unknown }) => (req.query as { saved?: string }).saved === '1';
  on('GET', '/branches/:branchId', async (ctx, req, reply) => {
    const d = await branchData(ctx, branchId(req), req.query);
    d.pending = await pending.list(ctx.db, d.branch.branchId, undefined, ctx.now);
    return html(reply, renderBranch(ctx, d, saved(req)));
  });
  on('GET', '/api/branches/:branchId', async (ctx, req) => branchData(ctx, branchId(req), req.query));
  on('GET', '/branches/:branchId/nps.csv', async (ctx, req, reply) =>
    csvReply(
      reply,
      `${branchId(req)}-nps.csv`,
      branchNpsCsv(await branchData(ctx, branchId(req), req.query)),
    ),
  );

  on('GET', '/branches/:branchId/floor', async (ctx, req, reply) =>
    html(reply, renderFloor(ctx, await floorData(ctx, branchId(req), req.query))),
  );
  on('GET', '/api/branches/:branchId/floor', async (ctx, req) => floorData(ctx, branchId(req), req.query));
  on('GET', '/branches/:branchId/floor.csv', async (ctx, req, reply) => {
    const d = await floorData(ctx, branchId(req), req.query);
    return csvReply(reply, `${d.branch.branchId}-floor-${d.period.kind}-${d.period.start}.csv`, floorCsv(d));
  });
  on('GET', '/me', async (ctx, req, reply) =>
    html(reply, renderMyScorecard(ctx, await myScorecardData(ctx, req.query))),
  );

  const loopParams = (req: { params: unknown }) => req.params as { branchId: string; loopId: string };
  on('GET', '/branches/:branchId/loops/:loopId', async (ctx, req, reply) => {
    const p = loopParams(req);
    const d = await loopData(ctx, p.branchId, p.loopId);
    d.pending = await pending.list(ctx.db, p.branchId, p.loopId, ctx.now);
    return html(reply, renderLoop(ctx, d, saved(req)));
  });
  on('GET', '/api/branches/:branchId/loops/:loopId', async (ctx, req) => {
    const p = loopParams(req);
    return loopData(ctx, p.branchId, p.loopId);
  });

  on('GET', '/callbacks', async (ctx, req, reply) =>
    html(reply, renderCases(ctx, await casesData(ctx, req.query))),
  );
  on('GET', '/api/callbacks', async (ctx, req) => casesData(ctx, req.query));
  on('GET', '/callbacks.csv', async (ctx, req, reply) =>
    csvReply(reply, 'callbacks.csv', casesCsv(await casesData(ctx, req.query))),
  );
  const caseParams = (req: { params: unknown }) => req.params as { branchId: string; caseId: string };
  on('GET', '/branches/:branchId/cases/:caseId', async (ctx, req, reply) => {
    const p = caseParams(req);
    const d = await caseData(ctx, p.branchId, p.caseId);
    d.pending = await pending.list(ctx.db, p.branchId, p.caseId, ctx.now);
    return html(reply, renderCase(ctx, d, saved(req)));
  });

  on('GET', '/audit', async (ctx, _req, reply) => html(reply, renderAudit(ctx, await auditData(ctx))));
  on('GET', '/api/audit', async (ctx) => auditData(ctx));

  // --- writes: check the form, check the thing exists in scope, publish the event, then redirect ---
  const actorOf = (ctx: RequestContext): Actor => ({
    user: ctx.account.username,
    role: ctx.account.role,
    via: ctx.account.via,
    session: sessionRef(ctx.session),
  });
  const refuse = (ctx: RequestContext, reply: FastifyReply, errors: FieldError[]) =>
    html(
      reply,
      page({
        lang: ctx.lang,
        title: t(ctx.lang, 'invalidForm'),
        account: ctx.account,
        csrf: ctx.session.csrf,
        body: `<ul class="msg" id="form-errors">${errors.map((e) => `<li data-field="${esc(e.path)}"><strong>${esc(e.path)}</strong>: ${esc(e.reason)}</li>`).join('')}</ul>
<p><a href="javascript:history.back()">${esc(t(ctx.lang, 'back'))}</a></p>`,
      }),
      400,
    );
  async function publish(
    ctx: RequestContext,
    reply: FastifyReply,
    o: {
      type: EventType;
      branchId: string;
      subject: string;
      summary: string;
      data: Record<string, unknown>;
      back: string;
    },
  ) {
    let envelope: EventEnvelope;
    envelope = consoleEnvelope({
      type: o.type,
      branchId: o.branchId,
      data: o.data,
      actor: actorOf(ctx),
      now: now(),
    });
    try {
      await deps.publishEvent(envelope);
    } catch (err) {
      deps.log?.(`console: publishing ${o.type} failed: ${(err as Error).message}`);
      return html(
        reply,
        page({
          lang: ctx.lang,
          title: '503',
          account: ctx.account,
          csrf: ctx.session.csrf,
          body: `<p class="msg">${ctx.lang === 'zh' ? '暂时无法保存(消息队列不可用),未做任何更改,请稍后重试。' : 'Could not save (the event broker is unavailable); nothing was changed. Try again shortly.'}</p>`,
        }),
        503,
      );
    }
    pending.add({
      eventId: envelope.id,
      branchId: o.branchId,
      type: o.type,
      subject: o.subject,
      summary: o.summary,
      by: ctx.account.username,
      at: now(),
    });
    return reply.redirect(`${o.back}?saved=1`, 303);
  }
  const loopExists = async (ctx: RequestContext, b: string, loopId: string) =>
    (
      await ctx.db.rows(
        `SELECT 1 FROM improvement_loops_v1 WHERE branch_id = ${lit(b)} AND loop_id = ${lit(loopId)} AND ${ctx.scope.where()} LIMIT 1`,
      )
    ).length > 0;
  const loopUrl = (b: string, l: string) =>
    `/branches/${encodeURIComponent(b)}/loops/${encodeURIComponent(l)}`;

  on('POST', '/branches/:branchId/loops/:loopId/actions', async (ctx, req, reply) => {
    const p = loopParams(req);
    if (!(await loopExists(ctx, p.branchId, p.loopId))) throw new NotFound();
    const form = checkActionForm(req.body as Record<string, unknown>, ctx.lang);
    if (!form.ok) return refuse(ctx, reply, form.errors);
    return publish(ctx, reply, {
      type: 'loop.action_completed',
      branchId: p.branchId,
      subject: p.loopId,
      summary: `${form.data.action} ✓`,
      data: {
        loopId: p.loopId,
        action: form.data.action,
        completedBy: ctx.account.username.slice(0, 64),
        ...(form.data.note ? { note: form.data.note } : {}),
      },
      back: loopUrl(p.branchId, p.loopId),
    });
  });
  on('POST', '/branches/:branchId/loops/:loopId/notes', async (ctx, req, reply) => {
    const p = loopParams(req);
    if (!(await loopExists(ctx, p.branchId, p.loopId))) throw new NotFound();
    const form = checkNoteForm(req.body as Record<string, unknown>, ctx.lang);
    if (!form.ok) return refuse(ctx, reply, form.errors);
    return publish(ctx, reply, {
      type: 'loop.note_added',
      branchId: p.branchId,
      subject: p.loopId,
      summary: form.data.note.slice(0, 40),
      data: { loopId: p.loopId, note: form.data.note },
      back: loopUrl(p.branchId, p.loopId),
    });
  });
  on('POST', '/branches/:branchId/standards', async (ctx, req, reply) => {
    const b = branchId(req);
    const exists = await ctx.db.rows(
      `SELECT 1 FROM branches_v1 WHERE branch_id = ${lit(b)} AND ${ctx.scope.where()} LIMIT 1`,
    );
    if (exists.length === 0) throw new NotFound();
    const form = checkOverrideForm(req.body as Record<string, unknown>, ctx.lang);
    if (!form.ok) return refuse(ctx, reply, form.errors);
    return publish(ctx, reply, {
      type: 'standard.overridden',
      branchId: b,
      subject: form.data.dimension,
      summary: `${form.data.dimension} → ${form.data.target}`,
      data: form.data,
      back: `/branches/${encodeURIComponent(b)}`,
    });
  });
  on('POST', '/branches/:branchId/cases/:caseId/outcome', async (ctx, req, reply) => {
    const p = caseParams(req);
    const { case: c } = await caseData(ctx, p.branchId, p.caseId); // 404 when absent or out of scope
    const form = checkOutcomeForm(req.body as Record<string, unknown>, ctx.lang);
    if (!form.ok) return refuse(ctx, reply, form.errors);
    return publish(ctx, reply, {
      type: 'complaint.callback',
      branchId: p.branchId,
      subject: p.caseId,
      summary: `${form.data.outcome}: ${form.data.note.slice(0, 40)}`,
      data: {
        ...(c.caseId.startsWith('c:') ? { complaintId: c.aboutId } : { responseId: c.aboutId }),
        outcome: form.data.outcome,
        note: form.data.note,
        calledAt: new Date(now()).toISOString(),
        by: staffId(ctx.account.username),
      },
      back: caseUrl(c),
    });
  });

  for (const r of ROUTES)
    if (
      r.kind !== 'public' &&
      !(r.method === 'POST' && r.path === '/logout') &&
      !registered.has(`${r.method} ${r.path}`)
    )
      throw new Error(`route ${r.method} ${r.path} is listed in routes.ts but has no handler`);
  return built;
}
