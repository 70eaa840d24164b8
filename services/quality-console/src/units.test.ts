import { describe, expect, it } from 'vitest';
import { accountProblem } from './accounts.ts';
import { claimsProblem, parseCookies } from './app.ts';
import { csv, figure } from './html.ts';
import { dimensionName, pickLang } from './i18n.ts';
import { lastDaysOf, periodOf } from './period.ts';
import { scopeOf } from './scope.ts';
import { csrfMatches, memoryExpiringStore, sessionRef, sessionStore } from './sessions.ts';
import {
  checkActionForm,
  checkNoteForm,
  checkOutcomeForm,
  checkOverrideForm,
  consoleEnvelope,
  staffId,
} from './writes.ts';

const account = { username: 'a', role: 'hq' as const, via: 'local' };

describe('sessions', () => {
  it('expire after the idle time, then say so instead of "none"', async () => {
    let t = 0;
    const store = sessionStore({ idleMs: 1000, maxMs: 5000, now: () => t });
    const s = await store.create(account);
    t = 900;
    expect((await store.lookup(s.id)).kind).toBe('ok');
    t = 1800; // 900 ms after the last request: still alive (idle time restarts)
    expect((await store.lookup(s.id)).kind).toBe('ok');
    t = 2900;
    expect((await store.lookup(s.id)).kind).toBe('expired');
    t = 3000; // once ended, it stays ended
    expect((await store.lookup(s.id)).kind).toBe('expired');
    expect((await store.lookup('never-issued')).kind).toBe('none');
    expect((await store.lookup(undefined)).kind).toBe('none');
  });

  it('end at the maximum age however active', async () => {
    let t = 0;
    const store = sessionStore({ idleMs: 1000, maxMs: 2500, now: () => t });
    const s = await store.create(account);
    for (t = 500; t < 2500; t += 500) expect((await store.lookup(s.id)).kind).toBe('ok');
    t = 2500;
    expect((await store.lookup(s.id)).kind).toBe('expired');
  });

  it('live in the given store under a hash of the id, so a second process (or a restart) finds them', async () => {
    let t = 0;
    const shared = memoryExpiringStore(() => t);
    const first = sessionStore({ idleMs: 1000, maxMs: 5000, now: () => t, store: shared });
    const s = await first.create(account);
    const keys: string[] = [];
    const spy = {
      ...shared,
      set: (k: string, v: string, ttl: number) => {
        keys.push(k, v);
        return shared.set(k, v, ttl);
      },
    };
    const second = sessionStore({ idleMs: 1000, maxMs: 5000, now: () => t, store: spy });
    t = 500;
    const found = await second.lookup(s.id);
    expect(found.kind).toBe('ok');
    expect(found.kind === 'ok' && found.session.csrf).toBe(s.csrf);
    expect(keys.join(' ')).not.toContain(s.id);
    await second.destroy(s.id);
    expect((await first.lookup(s.id)).kind).toBe('none');
  });

  it('forget what the store drops at its time to live', async () => {
    let t = 0;
    const kv = memoryExpiringStore(() => t);
    await kv.set('k', 'v', 100);
    t = 99;
    expect(await kv.get('k')).toBe('v');
    t = 100;
    expect(await kv.get('k')).toBeUndefined();
  });

  it('compare CSRF tokens exactly, and refer to a session by a hash only', async () => {
    const s = await sessionStore().create(account);
    expect(csrfMatches(s, s.csrf)).toBe(true);
    expect(csrfMatches(s, `${s.csrf}x`)).toBe(false);
    expect(csrfMatches(s, undefined)).toBe(false);
    expect(csrfMatches(s, ['a'])).toBe(false);
    expect(sessionRef(s)).toMatch(/^[0-9a-f]{16}$/);
    expect(s.id).not.toContain(sessionRef(s));
  });
});

describe('scope', () => {
  it('is a SQL condition: everything for HQ, an IN list otherwise, nothing for none', () => {
    expect(scopeOf(undefined).where()).toBe('1');
    expect(scopeOf(['N001', "x'y"]).where('s.branch_id')).toBe("s.branch_id IN ('N001', 'x\\'y')");
    expect(scopeOf([]).where()).toBe('0');
    expect(scopeOf(['N001']).allows('N002')).toBe(false);
    expect(scopeOf(undefined).allows('N002')).toBe(true);
  });
});

describe('forms', () => {
  it('name each bad field with a reason in the page language', () => {
    const r = checkOverrideForm({ dimension: 'speed', target: '6', reason: '' }, 'en');
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors).toEqual([
        {
          path: 'dimension',
          reason: 'must be one of attitude, efficiency, performance, process, facilities',
        },
        { path: 'target', reason: 'must be a number from 1 to 5 (at most two decimals)' },
        { path: 'reason', reason: 'is required' },
      ]);
    expect(checkOverrideForm({ dimension: 'efficiency', target: '4.25', reason: 'r' }, 'zh')).toEqual({
      ok: true,
      data: { dimension: 'efficiency', target: 4.25, reason: 'r' },
    });
    for (const target of ['1', '5', '3.5'])
      expect(checkOverrideForm({ dimension: 'process', target, reason: 'r' }, 'zh').ok).toBe(true);
    for (const target of ['0.99', '5.01', '1e0', ' ', '4.255'])
      expect(checkOverrideForm({ dimension: 'process', target, reason: 'r' }, 'zh').ok).toBe(false);
  });

  it('count characters, not bytes or UTF-16 units, against the limits', () => {
    expect(checkNoteForm({ note: '长'.repeat(2000) }, 'zh').ok).toBe(true);
    expect(checkNoteForm({ note: '😀'.repeat(2000) }, 'zh').ok).toBe(true);
    expect(checkNoteForm({ note: '长'.repeat(2001) }, 'zh').ok).toBe(false);
    expect(checkNoteForm({ note: '   ' }, 'zh').ok).toBe(false);
    expect(checkActionForm({ action: 'drill' }, 'zh')).toEqual({
      ok: true,
      data: { action: 'drill', note: '' },
    });
    expect(checkOutcomeForm({ outcome: 'not_reached', note: '无人接听' }, 'zh').ok).toBe(true);
    expect(checkOutcomeForm({ outcome: 'maybe', note: 'x' }, 'zh').ok).toBe(false);
  });

  it('build envelopes that pass the contracts, with free text masked and the actor attached', () => {
    const e = consoleEnvelope({
      type: 'loop.note_added',
      branchId: 'B001',
      data: { loopId: 'B001:efficiency:2026-03-16', note: '身份证 110101199003071234 电话 13800138000' },
      actor: { user: 'hq', role: 'hq', via: 'local', session: '0123456789abcdef' },
      now: Date.parse('2026-03-21T02:00:00Z'),
    });
    expect(e).toMatchObject({
      type: 'loop.note_added',
      schemaVersion: 1,
      branchId: 'B001',
      occurredAt: '2026-03-21T02:00:00.000Z',
    });
    expect(e.id).toMatch(/^console-[0-9a-f-]{36}$/);
    expect((e.data as { note: string }).note).toBe('身份证 110***********1234 电话 138****8000');
    expect(() =>
      consoleEnvelope({
        type: 'loop.note_added',
        branchId: 'B001',
        data: { loopId: 'bad id!', note: 'x' },
        actor: { user: 'hq', role: 'hq', via: 'local', session: '0123456789abcdef' },
        now: 0,
      }),
    ).toThrow(/\/data\/loopId/);
    expect(staffId('张三@example.com')).toBe('___example.com');
  });
});

describe('accounts and claims', () => {
  it('need a region for a region account and a branch for a branch account', () => {
    expect(accountProblem({ username: 'r', role: 'region' })).toMatch(/region/);
    expect(accountProblem({ username: 'b', role: 'branch', branchId: 'B1' })).toBeUndefined();
    expect(accountProblem({ username: 'bad name', role: 'hq' })).toMatch(/username/);
    expect(claimsProblem({ subject: 's', role: 'branch' })).toMatch(/branchId/);
    expect(claimsProblem({ subject: 's', role: 'root' as never })).toMatch(/role/);
    expect(claimsProblem({ subject: 's', role: 'hq' })).toBeUndefined();
  });
});

describe('presentation', () => {
  it('shows one decimal, the interval and n, or "not enough data" with n', () => {
    expect(figure({ value: 12.345, low: 1.04, high: 20.96, n: 45 }, 'zh')).toBe(
      '12.3 <small>[1.0, 21.0]</small> <small>n=45</small>',
    );
    expect(figure({ value: 50, n: 12 }, 'zh', 30)).toBe(
      '<span class="nd">数据不足</span> <small>n=12</small>',
    );
    expect(figure({ value: null, n: 0 }, 'en')).toBe(
      '<span class="nd">not enough data</span> <small>n=0</small>',
    );
  });
  it('writes CSV a spreadsheet opens in UTF-8, quoting what needs it', () => {
    expect(csv(['a', 'b'], [['网点', 'x,"y"']])).toBe('\uFEFFa,b\r\n网点,"x,""y"""\r\n');
  });
  it('takes dimension names from the catalogue and the language from the query, then the cookie', () => {
    expect(dimensionName('efficiency', 'zh')).toBe('服务效率');
    expect(dimensionName('facilities', 'en')).toBe('Facilities');
    expect(pickLang({ lang: 'en' }, 'zh')).toBe('en');
    expect(pickLang({}, 'en')).toBe('en');
    expect(pickLang({ lang: 'fr' }, undefined)).toBe('zh');
    expect(parseCookies('a=1; servloop_console_lang=en; b=%E4%B8%AD')).toEqual({
      a: '1',
      servloop_console_lang: 'en',
      b: '中',
    });
  });
  it('covers the last N Shanghai days, 30 unless a known length is asked', () => {
    const now = Date.parse('2026-03-21T20:00:00Z'); // 04:00 on the 22nd in Shanghai
    expect(periodOf({ days: '7' }, now)).toEqual({ days: 7, from: '2026-03-16', to: '2026-03-22' });
    expect(lastDaysOf(periodOf({ days: '365' }, now), 30)).toEqual({
      days: 30,
      from: '2026-02-21',
      to: '2026-03-22',
    });
    expect(lastDaysOf(periodOf({ days: '7' }, now), 30)).toEqual(periodOf({ days: '7' }, now));
    expect(periodOf({ days: '8' }, now).days).toBe(30);
  });
});
