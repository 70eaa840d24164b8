// The console's HTTP app: sign-in, sessions, CSRF, the scope of every request, and the routes of
// routes.ts. Pages and their queries live in pages/; writes (forms → events) in writes.ts.

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { EventEnvelope } from '@servloop/schemas';
import type { Lifecycle } from '@servloop/service-kit';
import { readyzAnswer } from '@servloop/service-kit';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { type Account, type AccountStore, ROLES, type Role } from './accounts.ts';
import type { ConsoleDb } from './db.ts';
import { ID } from './db.ts';
import { esc, messagePage, page } from './html.ts';
import { LANG_COOKIE, type Lang, pickLang, t } from './i18n.ts';
import { type Scope, scopeFor } from './scope.ts';
import { csrfMatches, type ExpiringStore, type Session, type SessionStore } from './sessions.ts';

export const SESSION_COOKIE = 'servloop_console_session';
export const SIGNIN_COOKIE = 'servloop_console_signin';
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** What an OpenID Connect provider (or any external sign-in) hands the console after verifying a user. */
export interface VerifiedClaims {
  subject: string;
  email?: string;
  role: Role;
  region?: string;
  branchId?: string;
  staffId?: string;
}

/**
 * An external sign-in, e.g. OpenID Connect through openid-client. The console owns the routes
 * (`GET /login/:id` → `start`, `GET /login/:id/callback` → `finish`), a short-lived cookie that ties
 * the browser to what `start` returned as `pending` (state, nonce, PKCE verifier), and the session.
 */
export interface SignInProvider {
  id: string;
  label: { zh: string; en: string };
  start(o: { redirectUri: string }): Promise<{ url: string; pending: unknown }>;
  /** Verifies the callback and returns the user's claims; throws when it does not verify. */
  finish(o: { callbackUrl: URL; pending: unknown }): Promise<VerifiedClaims>;
}

export interface RequestContext {
  lang: Lang;
  session: Session;
  account: Account;
  scope: Scope;
  db: ConsoleDb;
  /** Path and query of this request (for the language switch). */
  path: string;
  now: number;
}

export interface ConsoleDeps {
  db: ConsoleDb;
  publishEvent: (envelope: EventEnvelope) => Promise<void>;
  accounts: AccountStore;
  sessions: SessionStore;
  /** Where sign-ins started with a provider wait for its callback (the sessions' store). */
  signIns: ExpiringStore;
  /** Where people reach the console (links in emails, OIDC redirect URIs); https → Secure cookies. */
  publicUrl: string;
  providers?: SignInProvider[];
  lifecycle?: Lifecycle;
  now?: () => number;
  log?: (line: string) => void;
}

export type Handler = (ctx: RequestContext, req: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const k = part.slice(0, i).trim();
    if (k && !(k in out)) {
      try {
        out[k] = decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        out[k] = part.slice(i + 1).trim();
      }
    }
  }
  return out;
}

const PUBLIC = [/^\/login(\/|$|\?)/, /^\/static\//, /^\/(healthz|readyz|metrics|favicon\.ico)$/];

/** A relative path to go back to after sign-in; anything else (other hosts, `//x`) is dropped. */
const safeNext = (next: unknown) =>
  typeof next === 'string' && /^\/(?!\/)[^\s\\]*$/.test(next) && !next.startsWith('/login') ? next : '/';

export class NotFound extends Error {}

export function buildApp(deps: ConsoleDeps) {
  const now = deps.now ?? Date.now;
  const app: FastifyInstance = Fastify({ logger: false, bodyLimit: 64 * 1024 });
  const contexts = new WeakMap<FastifyRequest, RequestContext>();
  // A sign-in started with a provider, until its callback (10 minutes): in the sessions' store, so
  // the callback may reach another console process or one restarted meanwhile.
  type PendingSignIn = { provider: string; pending: unknown; next: string };
  const pendingKey = (id: string) => `signin:${id}`;

  const cookie = (name: string, value: string, maxAgeSeconds?: number) =>
    [
      `${name}=${encodeURIComponent(value)}`,
      'Path=/',
      'HttpOnly',
      'SameSite=Lax',
      ...(deps.publicUrl.startsWith('https://') ? ['Secure'] : []),
      ...(maxAgeSeconds === undefined ? [] : [`Max-Age=${maxAgeSeconds}`]),
    ].join('; ');

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );

  const langOf = (req: FastifyRequest) => pickLang(req.query, parseCookies(req.headers.cookie)[LANG_COOKIE]);
  const wantsData = (req: FastifyRequest) => req.url.startsWith('/api/') || /\.csv(\?|$)/.test(req.url);

  // Sign-in for everything but /login, static files and probes; the language switch is remembered.
  app.addHook('onRequest', async (req, reply) => {
    const q = req.query as { lang?: string };
    if (q?.lang === 'en' || q?.lang === 'zh')
      reply.header('set-cookie', `${LANG_COOKIE}=${q.lang}; Path=/; SameSite=Lax; Max-Age=31536000`);
    if (PUBLIC.some((p) => p.test(req.url))) return;
    const found = await deps.sessions.lookup(parseCookies(req.headers.cookie)[SESSION_COOKIE]);
    const lang = langOf(req);
    if (found.kind !== 'ok') {
      const reason = found.kind === 'expired' ? 'expired' : '';
      if (wantsData(req) || req.method !== 'GET')
        return reply
          .code(401)
          .type('application/json')
          .send({
            error: found.kind === 'expired' ? 'session_expired' : 'sign_in_required',
            message: found.kind === 'expired' ? t(lang, 'expired') : t(lang, 'signIn'),
            login: `/login${reason ? '?reason=expired' : ''}`,
          });
      const next = encodeURIComponent(req.url);
      return reply.redirect(`/login?next=${next}${reason ? '&reason=expired' : ''}`, 303);
    }
    const { session } = found;
    contexts.set(req, {
      lang,
      session,
      account: session.account,
      scope: await scopeFor(session.account, deps.db),
      db: deps.db,
      path: req.url,
      now: now(),
    });
  });

  app.setErrorHandler((err: Error, req, reply) => {
    const ctx = contexts.get(req);
    const lang = ctx?.lang ?? langOf(req);
    if (err instanceof NotFound) return notFound(req, reply);
    const status = (err as { statusCode?: number }).statusCode ?? 500;
    if (status < 500 || status === 503) {
      if (status === 503) reply.header('retry-after', '5');
      return reply
        .code(status)
        .type('text/html; charset=utf-8')
        .send(messagePage(lang, String(status), [err.message]));
    }
    deps.log?.(`console error on ${req.method} ${req.url}: ${err.message}`);
    return reply
      .code(500)
      .type('text/html; charset=utf-8')
      .send(
        messagePage(lang, '500', [
          lang === 'zh' ? '服务器出错,请稍后再试' : 'Something went wrong; try again later',
        ]),
      );
  });

  function notFound(req: FastifyRequest, reply: FastifyReply) {
    // One body for "does not exist" and "not yours": nothing tells them apart.
    const ctx = contexts.get(req);
    const lang = ctx?.lang ?? langOf(req);
    if (wantsData(req)) return reply.code(404).type('application/json').send({ error: 'not_found' });
    return reply
      .code(404)
      .type('text/html; charset=utf-8')
      .send(messagePage(lang, '404', [t(lang, 'notFound')], ctx?.account, ctx?.session.csrf));
  }
  app.setNotFoundHandler((req, reply) => notFound(req, reply));

  /** Registers a signed-in route; a :branchId outside the scope (or malformed ids) is a 404. */
  function route(
    method: 'GET' | 'POST',
    path: string,
    handler: Handler,
    o: { hqOnly?: boolean; staff?: 'only' | 'also' } = {},
  ) {
    app.route({
      method,
      url: path,
      handler: async (req, reply) => {
        const ctx = contexts.get(req);
        if (!ctx) throw new Error('no request context');
        const params = req.params as Record<string, string>;
        for (const v of Object.values(params)) if (!ID.test(v)) return notFound(req, reply);
        if (params.branchId !== undefined && !ctx.scope.allows(params.branchId)) return notFound(req, reply);
        if (o.hqOnly && ctx.account.role !== 'hq') return notFound(req, reply);
        // A staff account sees its own scorecard and nothing else; staff pages are for staff alone.
        if (ctx.account.role === 'staff' ? !o.staff : o.staff === 'only') return notFound(req, reply);
        if (method === 'POST') {
          const body = (req.body ?? {}) as Record<string, unknown>;
          if (!csrfMatches(ctx.session, body[CSRF_FIELD] ?? req.headers[CSRF_HEADER]))
            return reply
              .code(403)
              .type('text/html; charset=utf-8')
              .send(
                messagePage(ctx.lang, '403', [t(ctx.lang, 'forbiddenCsrf')], ctx.account, ctx.session.csrf),
              );
        }
        return handler(ctx, req, reply);
      },
    });
  }

  // Static files: the stylesheet and ECharts from node_modules (no CDN: the machines are offline).
  const require = createRequire(import.meta.url);
  const echarts = readFileSync(require.resolve('echarts/dist/echarts.min.js'));
  const css = readFileSync(new URL('./console.css', import.meta.url));
  app.get('/static/echarts.min.js', (_req, reply) =>
    reply.type('application/javascript').header('cache-control', 'public, max-age=86400').send(echarts),
  );
  app.get('/static/console.css', (_req, reply) =>
    reply.type('text/css').header('cache-control', 'public, max-age=3600').send(css),
  );
  // A page without an icon makes every browser ask for /favicon.ico, which would be a 404 (or a
  // sign-in redirect) in every page load's log.
  const favicon =
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#1f6feb"/><path d="M4 8.5l2.5 2.5L12 5" stroke="#fff" stroke-width="2" fill="none"/></svg>';
  app.get('/static/favicon.svg', (_req, reply) =>
    reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(favicon),
  );
  app.get('/favicon.ico', (_req, reply) => reply.redirect('/static/favicon.svg', 301));
  app.get('/static/charts.js', (_req, reply) =>
    reply.type('application/javascript').send(readFileSync(new URL('./charts.js', import.meta.url))),
  );

  app.get('/healthz', (_req, reply) => reply.send('ok'));
  app.get('/readyz', (_req, reply) => {
    if (!deps.lifecycle) return reply.send('ready\n');
    const { status, body } = readyzAnswer([deps.lifecycle]);
    return reply.code(status).type('text/plain; charset=utf-8').send(body);
  });
  app.get('/metrics', async (_req, reply) =>
    deps.lifecycle
      ? reply.type(deps.lifecycle.registry.contentType).send(await deps.lifecycle.registry.metrics())
      : reply.code(404).send(),
  );

  // --- sign-in ---
  const loginPage = (lang: Lang, o: { next?: string; error?: string; reason?: string }) => {
    const messages = [
      o.reason === 'expired' ? t(lang, 'expired') : '',
      o.reason === 'signed-out' ? t(lang, 'signedOut') : '',
      o.error ?? '',
    ].filter(Boolean);
    const providers = (deps.providers ?? [])
      .map(
        (p) =>
          `<p><a class="button" href="/login/${esc(p.id)}?next=${encodeURIComponent(o.next ?? '/')}">${esc(p.label[lang])}</a></p>`,
      )
      .join('');
    return page({
      lang,
      title: t(lang, 'signIn'),
      path: `/login${o.next ? `?next=${encodeURIComponent(o.next)}` : ''}`,
      body: `${messages.map((m) => `<p class="msg">${esc(m)}</p>`).join('')}
<form method="post" action="/login" class="login">
<input type="hidden" name="next" value="${esc(o.next ?? '/')}">
<label>${esc(t(lang, 'username'))} <input name="username" autocomplete="username" required></label>
<label>${esc(t(lang, 'password'))} <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">${esc(t(lang, 'signIn'))}</button>
</form>${providers}`,
    });
  };

  const startSession = async (reply: FastifyReply, account: Account) => {
    const session = await deps.sessions.create(account);
    reply.header('set-cookie', cookie(SESSION_COOKIE, session.id));
    return session;
  };

  app.get('/login', (req, reply) => {
    const q = req.query as { next?: string; reason?: string };
    return reply
      .type('text/html; charset=utf-8')
      .send(loginPage(langOf(req), { next: safeNext(q.next), reason: q.reason }));
  });

  app.post('/login', async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, string>;
    const lang = langOf(req);
    const next = safeNext(body.next);
    const account =
      typeof body.username === 'string' && typeof body.password === 'string'
        ? await deps.accounts.verify(body.username, body.password, req.ip)
        : undefined;
    if (!account)
      return reply
        .code(401)
        .type('text/html; charset=utf-8')
        .send(loginPage(lang, { next, error: t(lang, 'badLogin') }));
    await startSession(reply, account);
    return reply.redirect(next, 303);
  });

  app.get('/login/:provider', async (req, reply) => {
    const provider = deps.providers?.find((p) => p.id === (req.params as { provider: string }).provider);
    if (!provider) return notFound(req, reply);
    const id = randomBytes(24).toString('base64url');
    let started: Awaited<ReturnType<SignInProvider['start']>>;
    try {
      started = await provider.start({ redirectUri: `${deps.publicUrl}/login/${provider.id}/callback` });
    } catch (err) {
      // The person can do nothing about an unreachable provider but wait or use a local account;
      // the operator needs the cause, which goes to the log, not to the page.
      deps.log?.(`sign-in with ${provider.id} could not start: ${(err as Error).message}`);
      const lang = langOf(req);
      return reply
        .code(502)
        .type('text/html; charset=utf-8')
        .send(
          loginPage(lang, {
            next: safeNext((req.query as { next?: string }).next),
            error: `${provider.label[lang]}: ${t(lang, 'providerUnreachable')}`,
          }),
        );
    }
    const held: PendingSignIn = {
      provider: provider.id,
      pending: started.pending,
      next: safeNext((req.query as { next?: string }).next),
    };
    await deps.signIns.set(pendingKey(id), JSON.stringify(held), 10 * 60_000);
    reply.header('set-cookie', cookie(SIGNIN_COOKIE, id, 600));
    return reply.redirect(started.url, 303);
  });

  app.get('/login/:provider/callback', async (req, reply) => {
    const lang = langOf(req);
    const id = parseCookies(req.headers.cookie)[SIGNIN_COOKIE];
    const heldRaw = id ? await deps.signIns.get(pendingKey(id)) : undefined;
    const pending = heldRaw ? (JSON.parse(heldRaw) as PendingSignIn) : undefined;
    const provider = deps.providers?.find((p) => p.id === (req.params as { provider: string }).provider);
    if (!provider || !pending || pending.provider !== provider.id)
      return reply
        .code(400)
        .type('text/html; charset=utf-8')
        .send(loginPage(lang, { error: 'sign-in expired or not started here' }));
    await deps.signIns.delete(pendingKey(id!));
    let claims: VerifiedClaims;
    try {
      claims = await provider.finish({
        callbackUrl: new URL(req.url, deps.publicUrl),
        pending: pending.pending,
      });
    } catch (err) {
      return reply
        .code(401)
        .type('text/html; charset=utf-8')
        .send(loginPage(lang, { error: `${provider.label[lang]}: ${(err as Error).message}` }));
    }
    const account = accountFromClaims(provider.id, claims);
    const problem = claimsProblem(claims);
    if (problem)
      return reply
        .code(403)
        .type('text/html; charset=utf-8')
        .send(loginPage(lang, { error: `${provider.label[lang]}: ${problem}` }));
    await startSession(reply, account);
    return reply.redirect(pending.next, 303);
  });

  route(
    'POST',
    '/logout',
    async (ctx, _req, reply) => {
      await deps.sessions.destroy(ctx.session.id);
      reply.header('set-cookie', cookie(SESSION_COOKIE, '', 0));
      return reply.redirect('/login?reason=signed-out', 303);
    },
    { staff: 'also' },
  );

  return {
    app,
    route,
    notFound,
    /** Creates a session for verified claims; the Set-Cookie value to send with the response. */
    async signIn(providerId: string, claims: VerifiedClaims) {
      const problem = claimsProblem(claims);
      if (problem) throw new Error(`sign-in claims: ${problem}`);
      const session = await deps.sessions.create(accountFromClaims(providerId, claims));
      return { session, setCookie: cookie(SESSION_COOKIE, session.id) };
    },
  };
}

/** An account for claims an external provider verified (no password kept here). */
export function accountFromClaims(providerId: string, c: VerifiedClaims): Account {
  return {
    username: (c.email ?? c.subject).slice(0, 128),
    role: c.role,
    ...(c.region ? { region: c.region } : {}),
    ...(c.branchId ? { branchId: c.branchId } : {}),
    ...(c.staffId ? { staffId: c.staffId } : {}),
    via: providerId,
  };
}

/** Why verified claims cannot make a console account (no role, a region account without a region…). */
export function claimsProblem(c: VerifiedClaims): string | undefined {
  if (!c.subject) return 'subject: required';
  if (!ROLES.includes(c.role)) return `role: one of ${ROLES.join(', ')}`;
  if (c.role === 'region' && !c.region) return 'region: required for a region account';
  if (c.role === 'branch' && !c.branchId) return 'branchId: required for a branch account';
  if (c.role === 'staff' && !(c.branchId && ID.test(c.branchId) && c.staffId && ID.test(c.staffId)))
    return 'branchId and staffId: required for a staff account';
  return undefined;
}
