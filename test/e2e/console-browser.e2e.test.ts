// The quality console in Debian's real Chromium (via @servloop/browser): each role signs in and
// opens each page (Chinese labels drawn with real glyphs, a screenshot of each page under
// .run/test-output/console/), a loop action and a call-back outcome go through Kafka and the
// normaliser into ClickHouse and show up on the page, and people sign in through a real OpenID
// Connect provider (oidc-provider) with their role from its claims.
import { join } from 'node:path';
import { type Browser, type BrowserPage, launchBrowser } from '@servloop/browser';
import { createKafka, createReliablePublisher, ensureTopics, parseBrokers } from '@servloop/kafka';
import { type RunningNormaliser, startNormaliser } from '@servloop/normaliser';
import { startTestOidcProvider, type TestOidcProvider } from '@servloop/oidc-signin/test-provider';
import {
  accountStore,
  CONSOLE_LIMITS,
  kafkaEventPublisher,
  oidcSettingsFromEnv,
  oidcSignInProvider,
  type QualityConsole,
  routeUrl,
  startQualityConsole,
} from '@servloop/quality-console';
import { FIXTURE, seedFixture } from '@servloop/quality-console/fixture';
import { createLifecycle } from '@servloop/service-kit';
import { isolate, resolveEndpoints } from '@servloop/test-harness';
import { migrate, openWarehouse, type Warehouse } from '@servloop/warehouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsDir, repoRoot } from './paths.ts';

const SCREENSHOTS = join(repoRoot, '.run', 'test-output', 'console');
/** The branch-local (Asia/Shanghai) date the fixture's data ends on. */
const TODAY = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

const endpoints = await resolveEndpoints();
const iso = isolate(endpoints, 'consolebrowser');
const brokers = parseBrokers(endpoints.KAFKA_BROKERS);
const kafka = createKafka({ brokers, clientId: `test-${iso.id}` });
const topic = `${iso.topicPrefix}events`;

let writer: Warehouse;
let reader: Warehouse;
let publisher: Awaited<ReturnType<typeof createReliablePublisher>>;
let normaliser: RunningNormaliser;
let idp: TestOidcProvider;
let app: QualityConsole;
let browser: Browser;

const N001 = 'N001';
const urls = {
  network: '/network',
  branch: routeUrl('/branches/:branchId', { branchId: N001 }),
  loop: routeUrl('/branches/:branchId/loops/:loopId', { branchId: N001, loopId: FIXTURE.loopId(N001) }),
  floor: routeUrl('/branches/:branchId/floor', { branchId: N001 }),
  callbacks: '/callbacks',
  case: routeUrl('/branches/:branchId/cases/:caseId', { branchId: N001, caseId: FIXTURE.caseId(N001) }),
  audit: '/audit',
};
/** A Chinese label each page must show (from the console's own copy). */
const LABELS: Record<keyof typeof urls, string> = {
  network: '收缩后 NPS',
  branch: '净推荐值',
  loop: '措施',
  floor: '窗口评分卡',
  callbacks: '回访',
  case: '回访记录',
  audit: '操作审计',
};

beforeAll(async () => {
  writer = await openWarehouse({ url: iso.clickhouseUrl, database: iso.database });
  await migrate(writer, migrationsDir);
  const accounts = accountStore();
  await seedFixture(writer, TODAY, accounts);
  reader = await openWarehouse({ url: iso.clickhouseUrl, database: iso.database, create: false });
  await ensureTopics(
    kafka,
    [
      { name: 'events', partitions: 2 },
      { name: 'dlq', partitions: 1 },
    ],
    iso.topicPrefix,
  );
  publisher = await createReliablePublisher(kafka, topic, { brokers });
  normaliser = await startNormaliser({
    kafka,
    warehouse: writer,
    topic,
    dlqTopic: `${iso.topicPrefix}dlq`,
    groupId: `${iso.topicPrefix}normaliser`,
    lifecycle: createLifecycle('normaliser'),
  });
  // The console's callback URL is known once it listens; the provider reads it at its first request.
  idp = await startTestOidcProvider({
    clientId: 'quality-console',
    clientSecret: 'console-secret',
    redirectUris: () => [`${app.url}/login/oidc/callback`],
    accounts: {
      'zhang.hq': { email: 'zhang@example.cn', name: '张质量', servloop_role: 'quality-hq' },
      'li.north': {
        email: 'li@example.cn',
        name: '李北',
        servloop_role: 'region-manager',
        servloop_region: 'north',
      },
      'wang.n001': { name: '王店长', servloop_role: ['staff', 'branch-manager'], servloop_branch: N001 },
      'zhao.teller': { name: '赵柜员', servloop_role: 'teller' },
      'chen.s2': {
        name: '陈柜员',
        servloop_role: 'window-staff',
        servloop_branch: N001,
        servloop_staff: 'N001-S2',
      },
    },
    customClaims: ['servloop_role', 'servloop_region', 'servloop_branch', 'servloop_staff'],
  });
  const oidc = oidcSettingsFromEnv({
    SERVLOOP_OIDC_ISSUER: idp.issuer,
    SERVLOOP_OIDC_CLIENT_ID: 'quality-console',
    SERVLOOP_OIDC_CLIENT_SECRET: 'console-secret',
    SERVLOOP_OIDC_SCOPES: 'openid email profile servloop',
    SERVLOOP_OIDC_ROLES: 'quality-hq=hq,region-manager=region,branch-manager=branch,window-staff=staff',
  });
  if (!oidc) throw new Error('OIDC settings did not parse');
  app = await startQualityConsole({
    warehouse: reader,
    publishEvent: kafkaEventPublisher(publisher),
    accounts,
    port: 0,
    providers: [oidcSignInProvider(oidc)],
    log: (line) => console.log(line),
    // Room for a loaded test machine (the console reads at nice 19; production limit 10 s).
    limits: { ...CONSOLE_LIMITS, maxExecutionSeconds: 120, maxQueued: 256 },
  });
  browser = await launchBrowser({
    screenshotDir: SCREENSHOTS,
    locale: 'zh-CN',
    viewport: { width: 1280, height: 900 },
  });
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await idp?.close();
  await normaliser?.stop();
  await publisher?.close();
  await reader?.close();
  await writer?.close();
});

async function signInLocally(username: string): Promise<BrowserPage> {
  const account = FIXTURE.accounts.find((a) => a.username === username);
  if (!account) throw new Error(`no fixture account ${username}`);
  const page = await browser.newPage();
  await page.goto(`${app.url}/login`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', account.password);
  await page.click('form.login button[type=submit]');
  return page;
}

/** Script errors and failed loads, less the favicon Chromium asks for on its own. */
const pageErrors = (page: BrowserPage) => page.errors().filter((e) => !e.includes('/favicon.ico'));

/** Opens a page, checks its label is there and drawn with real glyphs, screenshots it. */
async function openAndCheck(page: BrowserPage, name: keyof typeof urls, shot: string) {
  const response = await page.goto(`${app.url}${urls[name]}`);
  expect(response.status, `${shot}: status`).toBe(200);
  const body = await page.text('body');
  expect(body, `${shot}: label`).toContain(LABELS[name]);
  expect(await page.missingGlyphs(body), `${shot}: characters drawn as boxes`).toEqual([]);
  await page.screenshot(shot);
}

describe('quality console in Debian chromium', () => {
  it('HQ signs in and sees every page, in Chinese, with an English switch', async () => {
    const page = await browser.newPage();
    await page.goto(`${app.url}/login`);
    await page.screenshot('login');
    await page.close();

    const hq = await signInLocally('hq');
    expect(new URL(hq.url()).pathname).toBe('/network');
    const cookie = (await hq.cookies()).find((c) => c.name === 'servloop_console_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    for (const name of Object.keys(urls) as (keyof typeof urls)[]) await openAndCheck(hq, name, `hq-${name}`);
    // Every branch of the network is in HQ's ranking.
    await hq.goto(`${app.url}/network`);
    const ranking = await hq.text('#network');
    for (const b of FIXTURE.branches) expect(ranking).toContain(b.branchId);

    await hq.goto(`${app.url}/network?lang=en`);
    expect(await hq.text('body')).toContain('Shrunk NPS');
    await hq.screenshot('hq-network-en');
    await hq.goto(`${app.url}/network?lang=zh`);
    expect(pageErrors(hq)).toEqual([]);
    await hq.close();
  });

  it('a region account sees its branches only; another region answers 404', async () => {
    const north = await signInLocally('north');
    expect(new URL(north.url()).pathname).toBe('/network');
    for (const name of ['network', 'branch', 'loop', 'floor', 'callbacks', 'case'] as const)
      await openAndCheck(north, name, `region-${name}`);
    await north.goto(`${app.url}/network`);
    const ranking = await north.text('#network');
    expect(ranking).toContain('N001');
    expect(ranking).toContain('N002');
    expect(ranking).not.toContain('S001');
    const other = await north.goto(`${app.url}${routeUrl('/branches/:branchId', { branchId: 'S001' })}`);
    expect(other.status).toBe(404);
    expect(await north.text('body')).toContain('未找到');
    expect((await north.goto(`${app.url}/audit`)).status).toBe(404);
    expect(
      pageErrors(north).filter(
        (e) => !e.includes(`${app.url}/branches/S001`) && !e.includes(`${app.url}/audit`),
      ),
    ).toEqual([]);
    await north.close();
  });

  it('a branch account lands on its branch and sees its own pages', async () => {
    const n001 = await signInLocally('n001');
    expect(new URL(n001.url()).pathname).toBe(urls.branch);
    for (const name of ['network', 'branch', 'loop', 'floor', 'callbacks', 'case'] as const)
      await openAndCheck(n001, name, `branch-${name}`);
    // The floor page: the colleague whose attitude fell is marked, the wait chart is drawn.
    await n001.goto(`${app.url}${urls.floor}`);
    expect(await n001.text('#staff-scorecard')).toContain('▼ -0.91');
    expect(await n001.text('#wait-threshold')).toContain('15.0 分钟');
    expect(
      (await n001.goto(`${app.url}${routeUrl('/branches/:branchId', { branchId: 'N002' })}`)).status,
    ).toBe(404);
    expect(pageErrors(n001).filter((e) => !e.includes(`${app.url}/branches/N002`))).toEqual([]);
    await n001.close();
  });

  it('a staff account lands on its own scorecard and sees nothing else', async () => {
    const staff = await signInLocally('n001-s2');
    expect(new URL(staff.url()).pathname).toBe('/me');
    const body = await staff.text('body');
    expect(body).toContain('我的评分卡');
    expect(body).toContain('N001-S2');
    expect(body).not.toContain('N001-S1');
    expect(await staff.missingGlyphs(body)).toEqual([]);
    await staff.screenshot('staff-me');
    await staff.goto(`${app.url}/me?lang=en`);
    expect(await staff.text('body')).toContain('My scorecard');
    await staff.screenshot('staff-me-en');
    await staff.goto(`${app.url}/me?lang=zh`);
    for (const path of [urls.floor, urls.branch, urls.network, urls.callbacks]) {
      expect((await staff.goto(`${app.url}${path}`)).status, path).toBe(404);
      expect(await staff.text('body')).toContain('未找到');
    }
    await staff.close();
  });

  it('a completed loop action shows on the loop page once the normaliser stored it', async () => {
    const page = await signInLocally('n001');
    await page.goto(`${app.url}${urls.loop}`);
    const note = '高峰时段增开一个窗口';
    await page.select('#complete-action select[name=action]', 'drill');
    await page.fill('#complete-action input[name=note]', note);
    await page.click('#complete-action button');
    expect(new URL(page.url()).searchParams.get('saved')).toBe('1');
    await page.waitForText('#completions', note, { timeoutMs: 60_000 });
    await page.screenshot('loop-action-stored');
    await page.close();
  });

  it('a call-back outcome closes the case and its alert', async () => {
    const page = await signInLocally('n001');
    const caseUrl = routeUrl('/branches/:branchId/cases/:caseId', {
      branchId: N001,
      caseId: FIXTURE.complaintCaseId(N001),
    });
    await page.goto(`${app.url}${caseUrl}`);
    expect(await page.attribute('#case-status', 'data-closed')).toBe('0');
    expect(await page.attribute('#alert-status', 'data-closed')).toBe('0');
    await page.screenshot('case-open');
    const note = '已致电客户,问题已解决';
    await page.select('#log-outcome select[name=outcome]', 'resolved');
    await page.fill('#log-outcome textarea[name=note]', note);
    await page.click('#log-outcome button');
    await page.waitForAttribute('#case-status', 'data-closed', '1', { timeoutMs: 60_000 });
    expect(await page.attribute('#alert-status', 'data-closed')).toBe('1');
    expect(await page.text('#attempts')).toContain(note);
    await page.screenshot('case-closed');
    await page.close();
  });

  it('signs in through the OpenID Connect provider with the role its claims give', async () => {
    const cases = [
      { login: 'zhang.hq', lands: '/network', sees: ['N001', 'N002', 'S001'], hides: [] },
      { login: 'li.north', lands: '/network', sees: ['N001', 'N002'], hides: ['S001'] },
      { login: 'wang.n001', lands: urls.branch, sees: [], hides: [] },
      { login: 'chen.s2', lands: '/me', sees: [], hides: [] },
    ];
    for (const c of cases) {
      const page = await browser.newPage();
      await page.goto(`${app.url}/login`);
      await page.click('a[href^="/login/oidc"]');
      expect(new URL(page.url()).origin).toBe(idp.issuer);
      await page.fill('input[name=login]', c.login);
      await page.fill('input[name=password]', 'any');
      if (c.login === 'zhang.hq') await page.screenshot('oidc-provider-login');
      await page.click('button[type=submit]');
      await page.click('button[type=submit]'); // the provider's consent page
      expect(new URL(page.url()).origin).toBe(app.url);
      expect(new URL(page.url()).pathname).toBe(c.lands);
      if (c.sees.length) {
        const ranking = await page.text('#network');
        for (const b of c.sees) expect(ranking).toContain(b);
        for (const b of c.hides) expect(ranking).not.toContain(b);
      }
      if (c.login === 'li.north') await page.screenshot('oidc-region-network');
      if (c.login === 'chen.s2') {
        expect(await page.text('body')).toContain('N001-S2');
        await page.screenshot('oidc-staff-me');
      }
      await page.close();
    }
  });

  it('refuses an OpenID Connect person whose role maps to no console role, with a clear page', async () => {
    const page = await browser.newPage();
    await page.goto(`${app.url}/login`);
    await page.click('a[href^="/login/oidc"]');
    await page.fill('input[name=login]', 'zhao.teller');
    await page.fill('input[name=password]', 'any');
    await page.click('button[type=submit]');
    await page.click('button[type=submit]');
    expect(new URL(page.url()).pathname).toBe('/login/oidc/callback');
    const body = await page.text('body');
    expect(body).toContain('没有控制台角色');
    expect(body).toContain('teller');
    await page.screenshot('oidc-refused');
    expect((await page.cookies()).some((c) => c.name === 'servloop_console_session')).toBe(false);
    expect((await page.goto(`${app.url}/network`)).url).toContain('/login?next=');
    await page.close();
  });
});
