// Sign-in, sessions, CSRF and form validation over real HTTP, with the console's writes going to a
// real Kafka topic: a refused write publishes nothing; a good one publishes one event that passes
// the contracts and names who did it.

import { createServer } from 'node:net';
import { validateEnvelope } from '@servloop/contracts';
import { isolate, resolveEndpoints } from '@servloop/test-harness';
import { describe, expect, it } from 'vitest';
import { FIXTURE } from '../src/fixture.ts';
import { oidcSettingsFromEnv, oidcSignInProvider, startQualityConsole } from '../src/index.ts';
import { browserFor, json, signIn, useTestConsole } from './support.ts';

/** A local port nothing listens on: an identity provider that is down. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const downIdp = oidcSettingsFromEnv({
  SERVLOOP_OIDC_ISSUER: `http://127.0.0.1:${await closedPort()}`,
  SERVLOOP_OIDC_CLIENT_ID: 'console',
  SERVLOOP_OIDC_CLIENT_SECRET: 'secret',
})!;

const t = useTestConsole(
  async () => {
    const endpoints = await resolveEndpoints();
    return {
      kafkaBrokers: endpoints.KAFKA_BROKERS,
      redisUrl: endpoints.REDIS_URL,
      iso: isolate(endpoints, 'console-auth'),
    };
  },
  { providers: [oidcSignInProvider(downIdp)] },
);

const loop = `/branches/N001/loops/${encodeURIComponent(FIXTURE.loopId('N001'))}`;
const kase = `/branches/N001/cases/${encodeURIComponent(FIXTURE.caseId('N001'))}`;

describe('sign-in', () => {
  it('sends a visitor without a session to the login page, and data requests get 401', async () => {
    const page = await fetch(`${t.c.app.url}/network`, { redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/login?next=%2Fnetwork');
    const api = await fetch(`${t.c.app.url}/api/network`);
    expect(api.status).toBe(401);
    expect((await json(api)).error).toBe('sign_in_required');
    const login = await fetch(`${t.c.app.url}/login`);
    expect(login.status).toBe(200);
    expect(await login.text()).toContain('用户名');
    expect((await fetch(`${t.c.app.url}/static/echarts.min.js`)).status).toBe(200);
  });

  it('an unreachable identity provider gets a clear 502 on the sign-in page, not a 500', async () => {
    const login = await fetch(`${t.c.app.url}/login`);
    expect(await login.text()).toContain('href="/login/oidc?next=');
    const res = await fetch(`${t.c.app.url}/login/oidc?next=%2Fcallbacks`, { redirect: 'manual' });
    expect(res.status).toBe(502);
    expect(res.headers.get('set-cookie')).toBeNull();
    const body = await res.text();
    expect(body).toContain('暂时无法连接身份提供方');
    expect(body).toContain('name="username"');
    expect(body).toContain('value="/callbacks"');
    const en = await fetch(`${t.c.app.url}/login/oidc?lang=en`, { redirect: 'manual' });
    expect(en.status).toBe(502);
    expect(await en.text()).toContain('identity provider cannot be reached');
  });

  it('serves an icon without a session, so browsers do not log a 404 on every page', async () => {
    const ico = await fetch(`${t.c.app.url}/favicon.ico`, { redirect: 'manual' });
    expect(ico.status).toBe(301);
    expect(ico.headers.get('location')).toBe('/static/favicon.svg');
    const svg = await fetch(`${t.c.app.url}/static/favicon.svg`);
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toContain('image/svg+xml');
    expect(await (await fetch(`${t.c.app.url}/login`)).text()).toContain('href="/static/favicon.svg"');
  });

  it('refuses a wrong password with a message and no cookie', async () => {
    const res = await fetch(`${t.c.app.url}/login`, {
      method: 'POST',
      body: new URLSearchParams({ username: 'hq', password: 'wrong' }),
      redirect: 'manual',
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(await res.text()).toContain('用户名或密码错误');
  });

  it('sets an HTTP-only SameSite session cookie holding only a random id', async () => {
    const res = await fetch(`${t.c.app.url}/login`, {
      method: 'POST',
      body: new URLSearchParams({
        username: 'north',
        password: 'north-password-1',
        next: '//evil.example/x',
      }),
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^servloop_console_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
  });

  it('an expired session goes back to sign-in with a message, and a write with it publishes nothing', async () => {
    const b = await signIn(t.c, 'n001');
    await t.c.app.sessions.expire(decodeURIComponent(b.cookie.split('=')[1]!));
    const page = await b.get('/network');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/login?next=%2Fnetwork&reason=expired');
    const login = await (await fetch(`${t.c.app.url}${page.headers.get('location')}`)).text();
    expect(login).toContain('会话已过期,请重新登录');
    const before = t.c.published.length;
    const write = await b.post(`${loop}/notes`, { note: 'after expiry' });
    expect(write.status).toBe(401);
    expect((await json(write)).error).toBe('session_expired');
    expect(t.c.published.length).toBe(before);
  });

  it('a restarted console (or a second one) on the same Redis keeps people signed in', async () => {
    const signedIn = await signIn(t.c, 'north');
    const restarted = await startQualityConsole({
      warehouse: t.c.reader,
      accounts: t.c.accounts,
      store: t.c.store,
      port: 0,
      publishEvent: async () => {
        throw new Error('no writes in this test');
      },
    });
    try {
      const page = await fetch(`${restarted.url}/network`, {
        headers: { cookie: signedIn.cookie },
        redirect: 'manual',
      });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain(signedIn.csrf);
      await restarted.sessions.destroy(decodeURIComponent(signedIn.cookie.split('=')[1]!));
      expect((await signedIn.get('/network')).status).toBe(303);
    } finally {
      await restarted.close();
    }
  });

  it('signs out: the old cookie no longer works', async () => {
    const b = await signIn(t.c, 'n001');
    expect((await b.post('/logout', {})).status).toBe(303);
    expect((await b.get('/network')).status).toBe(303);
  });

  it('switches to English with ?lang=en and remembers it', async () => {
    const res = await t.hq.get('/network?lang=en');
    expect(res.headers.get('set-cookie')).toContain('servloop_console_lang=en');
    expect(await res.text()).toContain('Network');
    const zh = await (await t.hq.get('/network')).text();
    expect(zh).toContain('网点总览');
  });
});

describe('writes: every refusal is clear and publishes nothing', () => {
  const cases: {
    name: string;
    path: string;
    form: Record<string, string>;
    csrf?: string | null;
    status: number;
    says: string;
  }[] = [
    {
      name: 'missing CSRF token',
      path: `${loop}/notes`,
      form: { note: 'x' },
      csrf: null,
      status: 403,
      says: 'CSRF',
    },
    {
      name: 'forged CSRF token',
      path: `${loop}/notes`,
      form: { note: 'x' },
      csrf: 'forged-token',
      status: 403,
      says: 'CSRF',
    },
    { name: 'missing note', path: `${loop}/notes`, form: {}, status: 400, says: 'data-field="note"' },
    {
      name: 'note over 2000 characters',
      path: `${loop}/notes`,
      form: { note: '长'.repeat(2001) },
      status: 400,
      says: '不能超过 2000 个字',
    },
    {
      name: 'missing action',
      path: `${loop}/actions`,
      form: { note: 'x' },
      status: 400,
      says: 'data-field="action"',
    },
    {
      name: 'unknown action',
      path: `${loop}/actions`,
      form: { action: 'party' },
      status: 400,
      says: '必须是以下之一',
    },
    {
      name: 'action note over 500',
      path: `${loop}/actions`,
      form: { action: 'training', note: 'x'.repeat(501) },
      status: 400,
      says: '不能超过 500 个字',
    },
    {
      name: 'standard above 5',
      path: '/branches/N001/standards',
      form: { dimension: 'efficiency', target: '5.5', reason: 'r' },
      status: 400,
      says: '1 到 5',
    },
    {
      name: 'standard below 1',
      path: '/branches/N001/standards',
      form: { dimension: 'efficiency', target: '0', reason: 'r' },
      status: 400,
      says: '1 到 5',
    },
    {
      name: 'standard not a number',
      path: '/branches/N001/standards',
      form: { dimension: 'efficiency', target: 'abc', reason: 'r' },
      status: 400,
      says: 'data-field="target"',
    },
    {
      name: 'standard without reason',
      path: '/branches/N001/standards',
      form: { dimension: 'efficiency', target: '4.2' },
      status: 400,
      says: 'data-field="reason"',
    },
    {
      name: 'unknown dimension',
      path: '/branches/N001/standards',
      form: { dimension: 'speed', target: '4.2', reason: 'r' },
      status: 400,
      says: 'data-field="dimension"',
    },
    {
      name: 'outcome missing',
      path: `${kase}/outcome`,
      form: { note: 'x' },
      status: 400,
      says: 'data-field="outcome"',
    },
    {
      name: 'outcome note missing',
      path: `${kase}/outcome`,
      form: { outcome: 'reached' },
      status: 400,
      says: 'data-field="note"',
    },
    {
      name: 'outcome note too long',
      path: `${kase}/outcome`,
      form: { outcome: 'reached', note: 'x'.repeat(2001) },
      status: 400,
      says: '不能超过 2000 个字',
    },
  ];
  for (const bad of cases) {
    it(bad.name, async () => {
      const before = t.c.published.length;
      const res = await t.hq.post(bad.path, bad.form, { csrf: bad.csrf });
      expect(res.status).toBe(bad.status);
      expect(await res.text()).toContain(bad.says);
      expect(t.c.published.length).toBe(before);
    });
  }

  it('a CSRF token from another session is refused', async () => {
    const other = await signIn(t.c, 'north');
    const before = t.c.published.length;
    const res = await browserFor(t.c, t.hq.cookie, other.csrf).post(`${loop}/notes`, { note: 'x' });
    expect(res.status).toBe(403);
    expect(t.c.published.length).toBe(before);
  });
});

describe('a good write', () => {
  it('publishes one event through the contracts, with the actor, and shows it as pending', async () => {
    const before = t.c.published.length;
    const res = await t.hq.post(`${loop}/notes`, { note: '客户 13800138000 反映等候久' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${loop}?saved=1`);
    expect(t.c.published.length).toBe(before + 1);
    const e = t.c.published.at(-1)!;
    expect(validateEnvelope(e).ok).toBe(true);
    expect(e.type).toBe('loop.note_added');
    expect(e.branchId).toBe('N001');
    expect(e.data).toMatchObject({ loopId: FIXTURE.loopId('N001'), note: '客户 138****8000 反映等候久' });
    expect((e.data as { actor: unknown }).actor).toMatchObject({ user: 'hq', role: 'hq', via: 'local' });
    expect((e.data as { actor: { session: string } }).actor.session).toMatch(/^[0-9a-f]{16}$/);
    const page = await (await t.hq.get(`${loop}?saved=1`)).text();
    expect(page).toContain('已提交,入库后显示');
    expect(page).toContain('待入库');
  });

  it('a standard override and a call-back outcome become standard.overridden and complaint.callback', async () => {
    expect(
      (
        await t.hq.post('/branches/N001/standards', {
          dimension: 'efficiency',
          target: '4.25',
          reason: '新排队系统上线',
        })
      ).status,
    ).toBe(303);
    expect(t.c.published.at(-1)).toMatchObject({
      type: 'standard.overridden',
      data: { dimension: 'efficiency', target: 4.25 },
    });
    expect(
      (await t.hq.post(`${kase}/outcome`, { outcome: 'reached', note: '已致电,客户接受道歉' })).status,
    ).toBe(303);
    expect(t.c.published.at(-1)).toMatchObject({
      type: 'complaint.callback',
      data: { responseId: 'N001-resp-detractor', outcome: 'reached', by: 'hq' },
    });
  });
});
