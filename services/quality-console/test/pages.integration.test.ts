// Each page as a signed-in person sees it: Chinese labels by default, English on request, every
// figure with its n and 95% interval, "数据不足" where the data are too few, charts drawn from
// the console's own copy of ECharts.
import { isolate, resolveEndpoints } from '@servloop/test-harness';
import { describe, expect, it } from 'vitest';
import { FIXTURE } from '../src/fixture.ts';
import { json, okText, signIn, TODAY, useTestConsole } from './support.ts';

const t = useTestConsole(async () => {
  const endpoints = await resolveEndpoints();
  return {
    kafkaBrokers: endpoints.KAFKA_BROKERS,
    redisUrl: endpoints.REDIS_URL,
    iso: isolate(endpoints, 'console-pages'),
  };
});

const text = okText;

describe('network', () => {
  it('ranks branches by shrunk NPS with n and intervals, filters by region and sorts', async () => {
    const page = await text(t.hq, '/network?days=7');
    for (const label of [
      '网点总览',
      '收缩后 NPS',
      '软质量',
      '硬质量',
      '未关闭改进循环',
      '超时投诉',
      '北一营业厅',
      '南一营业厅',
    ])
      expect(page).toContain(label);
    expect(page).toMatch(/n=\d+/);
    expect(page).toMatch(/<small>\[-?\d+\.\d, -?\d+\.\d\]<\/small>/);
    // 7 days × ~20 answers per branch: below the 30-answer line? No: 140+, so a score, not 数据不足.
    const api = await json(t.hq.get('/api/network?days=7'));
    expect(api.rows).toHaveLength(3);
    expect(api.rows.map((r: { rank: number }) => r.rank)).toEqual([1, 2, 3]);
    const first = api.rows[0];
    expect(first.nps.n).toBeGreaterThan(100);
    expect(first.shrunk.low).toBeLessThan(first.shrunk.score);
    expect(first.soft.n).toBeGreaterThan(0);
    expect(first.openLoops).toBe(1);
    const north = await json(t.hq.get('/api/network?days=7&region=north'));
    expect(north.rows.map((r: { branchId: string }) => r.branchId).sort()).toEqual(['N001', 'N002']);
    const sorted = await text(t.hq, '/network?days=7&sort=soft');
    expect(sorted).toContain('class="sorted"');
    const csvText = await text(t.hq, '/network.csv?days=7');
    expect(csvText.split('\r\n')[0]).toContain('rank,branch_id,name,region,nps_shrunk');
  });

  it('says 数据不足 for a period without answers', async () => {
    const api = await json(t.hq.get('/api/network?days=7'));
    expect(api.rows.every((r: { hard: { n: number } }) => r.hard.n > 0)).toBe(true);
    const page = await text(t.hq, '/branches/S001?days=7');
    expect(page).toContain('数据不足'); // no CLV estimates in the fixture
  });
});

describe('branch', () => {
  it('shows the NPS band chart, CSAT/CES, quality by dimension in Chinese, loops and comments', async () => {
    const page = await text(t.hq, '/branches/N001?days=7');
    expect(page).toContain('<script src="/static/echarts.min.js"></script>');
    expect(page).toMatch(/data-chart="[^"]*band/);
    for (const label of [
      '净推荐值 NPS',
      'CSAT (1–5)',
      'CES (1–7)',
      '服务效率',
      '服务态度',
      '服务设施',
      '差距 P−E',
      '改进循环',
      '逾期',
      '排队太久',
      '覆盖标准',
    ])
      expect(page, label).toContain(label);
    const api = await json(t.hq.get('/api/branches/N001?days=7'));
    const efficiency = api.dimensions.find((d: { dimension: string }) => d.dimension === 'efficiency');
    expect(efficiency.perception.n).toBe(12);
    expect(efficiency.gap.mean).toBeLessThan(0);
    expect(efficiency.gap.ci95[0]).toBeLessThan(efficiency.gap.mean);
    expect(api.csat).toMatchObject({ n: 40, mean: 4.1 });
    expect(api.loops[0].actions).toHaveLength(2);
    expect(api.comments[0].comment).toBe('排队太久,窗口只开了一个');
    // Revenue at risk: the detractor's CLV of the branch's current customers (the one now fitted
    // at N002 is not N001's).
    expect(api.revenue).toEqual({
      customers: 2,
      detractors: 1,
      totalClv: 800,
      clvAtRisk: 500,
      shareAtRisk: 0.625,
    });
    expect(api.clv.n).toBe(2);
    expect(await text(t.hq, '/branches/N001/nps.csv?days=7')).toContain('N001,');
  });

  it("a year's page shows the year's newest comments, from its last 30 days when they hold enough", async () => {
    const day = (n: number) =>
      new Date(Date.parse(`${TODAY}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
    // n comments in N002 from `from` days back, one a day at 10:00 Shanghai; the first one corrected.
    const comments = (prefix: string, from: number, n: number) =>
      t.c.writer.client.command({
        query: `INSERT INTO survey_responses_v1 (event_id, branch_id, response_id, nps, nps_category, comment, occurred_at, local_date, received_at)
                SELECT concat('${prefix}-', toString(number), if(v = 2, '-v2', '')), 'N002', concat('${prefix}-', toString(number)), 3,
                       'detractor', concat('${prefix} comment ', toString(number), if(v = 2, ' corrected', '')),
                       toDateTime64(concat(toString(toDate('${day(from)}') - number), ' 02:00:00'), 3, 'UTC'),
                       toDate('${day(from)}') - number, now64(3) + INTERVAL v SECOND
                FROM numbers(${n}) ARRAY JOIN if(number = 0, [1, 2], [1]) AS v`,
      });
    const newest = async () =>
      (
        await (
          await t.c.writer.client.query({
            query: `SELECT response_id, comment FROM recent_comments_v1
                    WHERE branch_id = 'N002' AND local_date BETWEEN toDate('${day(364)}') AND toDate('${TODAY}')
                    ORDER BY occurred_at DESC, received_at DESC LIMIT 1 BY response_id LIMIT 20`,
            format: 'JSONEachRow',
          })
        ).json<{ response_id: string; comment: string }>()
      ).map((r) => `${r.response_id} ${r.comment}`);
    const shown = async () =>
      (await json(t.hq.get('/api/branches/N002?days=365'))).comments.map(
        (c: { responseId: string; comment: string }) => `${c.responseId} ${c.comment}`,
      );
    // 10 in the last 30 days, 20 before: the page looks past the last 30 days.
    await comments('older', 40, 20);
    await comments('recent', 1, 10);
    const expected = await newest();
    expect(expected).toHaveLength(20);
    // (the fixture's own comments of the last days count too)
    expect(expected.filter((c) => c.startsWith('older-')).length).toBeGreaterThanOrEqual(8);
    expect(expected).toContain('recent-0 recent comment 0 corrected');
    expect(await shown()).toEqual(expected);
    // 25 in the last 30 days: those are enough.
    await comments('later', 12, 15);
    const later = await newest();
    expect(later.filter((c) => c.startsWith('older-'))).toHaveLength(0);
    expect(await shown()).toEqual(later);
  });

  it('in English on request', async () => {
    const page = await text(t.hq, '/branches/N001?days=7&lang=en');
    for (const label of ['Service efficiency', 'Improvement loops', 'Gap P−E', 'Override standard'])
      expect(page).toContain(label);
  });
});

describe('loop and call-backs', () => {
  it('shows the five steps as a timeline with the evidence at each, and the forms', async () => {
    const page = await text(t.hq, `/branches/N001/loops/${encodeURIComponent(FIXTURE.loopId('N001'))}`);
    for (const step of ['了解客户期望', '优化服务标准', '按标准执行', '创新与兑现承诺', '良性循环'])
      expect(page).toContain(step);
    expect(page).toContain('breach: measured 3.10');
    expect(page).toContain('id="complete-action"');
    expect(page).toContain('id="add-note"');
    expect(page).toMatch(/<li class="current" data-step="4">/);
  });

  it('lists the cases with owner, due date and alert, and opens one', async () => {
    const page = await text(t.hq, '/callbacks');
    expect(page).toContain('贬损者评论');
    expect(page).toContain('严重投诉');
    expect(page).toContain('网点负责人');
    const api = await json(t.hq.get('/api/callbacks'));
    expect(api.cases.map((x: { caseId: string }) => x.caseId)).toContain(FIXTURE.complaintCaseId('S001'));
    const one = await text(
      t.hq,
      `/branches/N001/cases/${encodeURIComponent(FIXTURE.complaintCaseId('N001'))}`,
    );
    expect(one).toContain('id="case-status" data-closed="0"');
    expect(one).toContain('severe-complaint|N001-cmp-1');
  });

  it('audit is for HQ only', async () => {
    expect(await text(t.hq, '/audit')).toContain('操作审计');
    const north = await signIn(t.c, 'north');
    expect((await north.get('/audit')).status).toBe(404);
  });
});
