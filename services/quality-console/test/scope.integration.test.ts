// Who sees what: every route of routes.ts, asked by a region account for a branch of another
// region, answers 404 — the same body as an id that does not exist — and publishes nothing. A staff
// account gets the same 404 from every route but its own scorecard (and signing out), its own
// branch included.
import { isolate, resolveEndpoints } from '@servloop/test-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE } from '../src/fixture.ts';
import { ROUTES, routeUrl } from '../src/routes.ts';
import { type Browser, signIn, startTestConsole, type TestConsole } from './support.ts';

let c: TestConsole;
let north: Browser;
let hq: Browser;
let branch: Browser;
let staff: Browser;
beforeAll(async () => {
  const endpoints = await resolveEndpoints();
  c = await startTestConsole({
    kafkaBrokers: endpoints.KAFKA_BROKERS,
    redisUrl: endpoints.REDIS_URL,
    iso: isolate(endpoints, 'console-scope'),
  });
  north = await signIn(c, 'north');
  hq = await signIn(c, 'hq');
  branch = await signIn(c, 'n001');
  staff = await signIn(c, 'n001-s2');
});
afterAll(async () => c?.close());

const FORM: Record<string, Record<string, string>> = {
  '/branches/:branchId/loops/:loopId/actions': { action: 'training', note: 'done' },
  '/branches/:branchId/loops/:loopId/notes': { note: 'a note' },
  '/branches/:branchId/standards': { dimension: 'efficiency', target: '4.2', reason: 'why' },
  '/branches/:branchId/cases/:caseId/outcome': { outcome: 'reached', note: 'spoke to them' },
};
const paramsFor = (b: string) => ({ branchId: b, loopId: FIXTURE.loopId(b), caseId: FIXTURE.caseId(b) });
const call = (who: Browser, method: string, path: string, b: string) =>
  method === 'GET'
    ? who.get(routeUrl(path, paramsFor(b)))
    : who.post(routeUrl(path, paramsFor(b)), FORM[path] ?? {});

describe("a region account and another region's branch", () => {
  const branchRoutes = ROUTES.filter((r) => r.path.includes(':branchId'));

  it('lists every branch route with a form for each write', () => {
    expect(branchRoutes.length).toBeGreaterThanOrEqual(10);
    for (const r of branchRoutes.filter((x) => x.method === 'POST'))
      expect(FORM[r.path], r.path).toBeDefined();
  });

  for (const r of ROUTES.filter((x) => x.path.includes(':branchId'))) {
    it(`${r.method} ${r.path} → 404 with the body of a missing id, nothing published`, async () => {
      const before = c.published.length;
      const other = await call(north, r.method, r.path, 'S001');
      const missing = await call(north, r.method, r.path, 'NOPE1');
      expect(other.status).toBe(404);
      expect(missing.status).toBe(404);
      expect(await other.text()).toBe(await missing.text());
      expect(c.published.length).toBe(before);
    });
  }

  it("sees its own region's branches (the same routes answer 200 for N002)", async () => {
    for (const r of branchRoutes.filter((x) => x.method === 'GET')) {
      const res = await call(north, 'GET', r.path, 'N002');
      expect(res.status, r.path).toBe(200);
    }
  });

  it('a branch account gets 404 for its neighbour in the same region', async () => {
    for (const r of branchRoutes.filter((x) => x.method === 'GET')) {
      expect((await call(branch, 'GET', r.path, 'N002')).status, r.path).toBe(404);
      expect((await call(branch, 'GET', r.path, 'N001')).status, r.path).toBe(200);
    }
  });

  it('lists, APIs and CSVs without a branch in the path leave the other region out', async () => {
    for (const r of ROUTES.filter(
      (x) => x.method === 'GET' && x.kind !== 'public' && !x.path.includes(':'),
    )) {
      const mine = await north.get(r.path);
      if ('staff' in r && r.staff === 'only') {
        expect(mine.status, `${r.path} is for staff accounts only`).toBe(404);
        continue;
      }
      if ('hqOnly' in r && r.hqOnly) {
        expect(mine.status, r.path).toBe(404);
        continue;
      }
      if (r.path === '/') {
        expect(mine.status).toBe(303);
        continue;
      }
      expect(mine.status, r.path).toBe(200);
      const text = await mine.text();
      expect(text, r.path).not.toContain('S001');
      const all = await (await hq.get(r.path)).text();
      if (r.path !== '/callbacks' || all.includes('S001')) expect(all, `${r.path} as HQ`).toContain('S001');
    }
  });
});

describe('a staff account', () => {
  const notForStaff = ROUTES.filter((r) => r.kind !== 'public' && !('staff' in r));

  it('is kept off every route but its scorecard and signing out', () => {
    expect(ROUTES.filter((r) => 'staff' in r).map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /logout',
      'GET /',
      'GET /me',
    ]);
    expect(notForStaff.length).toBeGreaterThanOrEqual(20);
  });

  for (const r of ROUTES.filter((x) => x.kind !== 'public' && !('staff' in x)))
    it(`${r.method} ${r.path} → 404 for staff, at their own branch too, nothing published`, async () => {
      const before = c.published.length;
      for (const b of ['N001', 'N002', 'S001']) {
        const res = await call(staff, r.method, r.path, b);
        expect(res.status, `${r.path} at ${b}`).toBe(404);
        const body = await res.text();
        expect(body, `${r.path} at ${b}`).not.toContain('N001-S1');
        expect(body, `${r.path} at ${b}`).not.toContain('W01');
      }
      expect(c.published.length).toBe(before);
    });

  it("lands on its own scorecard; '/me' is 404 for the other roles", async () => {
    const home = await staff.get('/');
    expect(home.status).toBe(303);
    expect(home.headers.get('location')).toBe('/me');
    expect((await staff.get('/me')).status).toBe(200);
    for (const other of [hq, north, branch]) expect((await other.get('/me')).status).toBe(404);
  });

  it('signs out', async () => {
    const s3 = await signIn(c, 'n001-s3');
    const out = await s3.post('/logout', {});
    expect(out.status).toBe(303);
    expect((await s3.get('/me')).status).toBe(303); // back to the sign-in page
  });
});
