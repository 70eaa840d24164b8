// Comments in the worker, on the real stack (Redis, BullMQ, the warehouse): comment analyses
// (written as the normaliser writes them, by the real analyser) become one comment-needs-response
// alert per comment through the evaluate job, however often the branch is evaluated; the facts the
// loop's step 1 and the digest read come from the same views.
import { analyseComment } from '@servloop/comment-analysis';
import { createLifecycle } from '@servloop/service-kit';
import { isolate, resolveEndpoints } from '@servloop/test-harness';
import { insertRows, type Warehouse } from '@servloop/warehouse';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from './config.ts';
import { digestFacts } from './digest.ts';
import { gatherFacts } from './facts.ts';
import type { WorkerJob } from './jobs.ts';
import { rows } from './sql.ts';
import { workerTestStack } from './test-stack.ts';
import { startAnalyticsWorker } from './worker.ts';

const endpoints = await resolveEndpoints();
const iso = isolate(endpoints, 'commentsw');
const { warehouse, connection, events, cleanup } = await workerTestStack(endpoints, iso);

interface SeedComment {
  eventId: string;
  branchId: string;
  /** Branch-local day (Asia/Shanghai); the comment is written at 10:00 that day. */
  day: string;
  text: string;
  source?: 'survey' | 'complaint';
  responseId?: string;
  /** Later than another event of the same response: a correction. */
  receivedLater?: boolean;
}

/** Source rows and their comment_analysis_v1 rows by the real analyser, as the normaliser writes them. */
async function seedComments(w: Warehouse, list: readonly SeedComment[]) {
  const at = (c: SeedComment) => Date.parse(`${c.day}T02:00:00Z`);
  const base = (c: SeedComment) => ({
    event_id: c.eventId,
    branch_id: c.branchId,
    occurred_at: at(c),
    local_date: c.day,
    received_at: at(c) + (c.receivedLater ? 3_600_000 : 1000),
  });
  const surveys = list.filter((c) => (c.source ?? 'survey') === 'survey');
  const complaints = list.filter((c) => c.source === 'complaint');
  const surveyRows = surveys.map((c) => ({
    ...base(c),
    response_id: c.responseId ?? `R-${c.eventId}`,
    channel: 'sms',
    nps: 3,
    nps_category: 'detractor',
    comment: c.text,
  }));
  const complaintRows = complaints.map((c) => ({
    ...base(c),
    complaint_id: `C-${c.eventId}`,
    status: 'filed',
    severity: 'low',
    description: c.text,
  }));
  if (surveyRows.length) await insertRows(w, 'survey_responses_v1', Object.keys(surveyRows[0]!), surveyRows);
  if (complaintRows.length)
    await insertRows(w, 'complaints_v1', Object.keys(complaintRows[0]!), complaintRows);
  const analyses = list.map((c) => {
    const a = analyseComment(c.text);
    return {
      event_id: c.eventId,
      branch_id: c.branchId,
      source: c.source ?? 'survey',
      source_id: c.source === 'complaint' ? `C-${c.eventId}` : (c.responseId ?? `R-${c.eventId}`),
      occurred_at: at(c),
      local_date: c.day,
      analyser_version: a.analyserVersion,
      topics: a.topics.map((t) => t.dimension),
      topic_sentiments: a.topics.map((t) => t.sentiment),
      subtopics: a.subtopics,
      sentiment: a.sentiment,
      needs_response: a.needsResponse ? 1 : 0,
      reasons: a.reasons,
      matched_terms: a.matchedTerms,
      truncated: a.truncated ? 1 : 0,
    };
  });
  await insertRows(w, 'comment_analysis_v1', Object.keys(analyses[0]!), analyses);
}

const COMMENTS: SeedComment[] = [
  { eventId: 'e-safety', branchId: 'B1', day: '2026-03-15', text: '大厅地板太滑,老人差点摔倒,很危险' },
  {
    eventId: 'e-money',
    branchId: 'B1',
    day: '2026-03-15',
    text: '卡里的钱被多扣了两百元,没人给说法',
    source: 'complaint',
  },
  { eventId: 'e-escalate', branchId: 'B1', day: '2026-03-14', text: '再这样我就打12345投诉你们' },
  {
    eventId: 'e-callback',
    branchId: 'B1',
    day: '2026-03-16',
    text: '等了四十分钟,取号机还坏了,请给我回电话',
  },
  // Needs nothing: praise, and a plain complaint about waiting.
  { eventId: 'e-praise', branchId: 'B1', day: '2026-03-16', text: '柜员态度很好,办事也快 👍' },
  { eventId: 'e-wait', branchId: 'B1', day: '2026-03-16', text: '排队一个多小时,只开两个窗口' },
  // Too old for the look-back window.
  { eventId: 'e-old', branchId: 'B1', day: '2026-03-01', text: '我的身份证复印件被随便放在柜台上' },
  // A response corrected by a resend: only the newest version counts.
  {
    eventId: 'e-first',
    branchId: 'B1',
    day: '2026-03-15',
    text: '请给我回电话',
    responseId: 'R-corrected',
  },
  {
    eventId: 'e-second',
    branchId: 'B1',
    day: '2026-03-15',
    text: '已经解决了,谢谢',
    responseId: 'R-corrected',
    receivedLater: true,
  },
  // Another branch.
  { eventId: 'e-other', branchId: 'B2', day: '2026-03-16', text: '请给我回电话' },
];
const asOf = Date.parse('2026-03-16T12:00:00Z');

beforeAll(async () => {
  await seedComments(warehouse, COMMENTS);
});

describe('comments in the analytics worker', () => {
  it('one comment-needs-response alert per comment that needs one, however often the branch is evaluated', async () => {
    // The analyser's own verdicts, so the test follows it as it improves.
    const needing = ['e-safety', 'e-money', 'e-escalate', 'e-callback'];
    for (const id of needing)
      expect(analyseComment(COMMENTS.find((c) => c.eventId === id)!.text).needsResponse).toBe(true);
    for (const id of ['e-praise', 'e-wait', 'e-second'])
      expect(analyseComment(COMMENTS.find((c) => c.eventId === id)!.text).needsResponse).toBe(false);

    const worker = await startAnalyticsWorker({
      warehouse,
      connection,
      lifecycle: createLifecycle('comments-test'),
      prefix: iso.queuePrefix,
      config: DEFAULT_CONFIG,
      schedulers: false,
      log: () => {},
    });
    cleanup.push(() => worker.stop());
    const evaluate = async (id: string) =>
      (
        await worker.analytics.add(
          'evaluate',
          { kind: 'evaluate', branchId: 'B1', asOf } satisfies WorkerJob,
          {
            jobId: id,
          },
        )
      ).waitUntilFinished(events, 60_000);
    await evaluate('first');
    await evaluate('again');

    const alerts = await rows<{ alert_key: string; severity: string; details: string; n: string }>(
      warehouse,
      `SELECT alert_key, any(severity) AS severity, any(details) AS details, count() AS n FROM alerts_v1
       WHERE rule = 'comment-needs-response' GROUP BY alert_key ORDER BY alert_key`,
    );
    expect(alerts.map((a) => [a.alert_key, Number(a.n)])).toEqual(
      needing.map((id) => [`comment-needs-response|B1|${id}`, 1]).sort(),
    );
    const byEvent = new Map(alerts.map((a) => [a.alert_key.split('|')[2], a]));
    expect(byEvent.get('e-safety')!.severity).toBe('critical');
    expect(byEvent.get('e-money')!.severity).toBe('critical');
    expect(byEvent.get('e-escalate')!.severity).toBe('warning');
    expect(byEvent.get('e-callback')!.severity).toBe('warning');
    expect(JSON.parse(byEvent.get('e-safety')!.details)).toMatchObject({
      reason: 'safety',
      source: 'survey',
      sourceId: 'R-e-safety',
    });
    expect(JSON.parse(byEvent.get('e-money')!.details)).toMatchObject({
      reason: 'money_at_risk',
      source: 'complaint',
      sourceId: 'C-e-money',
    });
    expect(String(JSON.parse(byEvent.get('e-money')!.details).matchedTerms)).toContain('多扣');
    // Each alert's email is queued once (job id = key).
    const queued = (
      await worker.alerts.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed'])
    ).filter((j) => j.data.rule === 'comment-needs-response');
    expect(queued.map((j) => j.id).sort()).toEqual(
      needing.map((id) => `comment-needs-response|B1|${id}`).sort(),
    );
    expect(queued.find((j) => j.id?.endsWith('e-money'))!.data.lines[0]!['zh-CN']).toBe(
      '留言(2026-03-15):「卡里的钱被多扣了两百元,没人给说法」',
    );
  });

  it('the loop’s step 1 facts: the comments of the measured period, negative on each dimension, by sub-topic', async () => {
    const facts = await gatherFacts(warehouse, 'B1', asOf, DEFAULT_CONFIG);
    const facilities = facts.dimensions.find((d) => d.dimension === 'facilities')!;
    // The week 2026-03-09 to 03-16: the corrected response counts once, in its newest version.
    expect(facilities.comments.period).toEqual({ from: '2026-03-09', to: '2026-03-16' });
    expect(facilities.comments.comments).toBe(4);
    expect(facilities.comments.negative).toBe(1);
    expect(facilities.comments.subtopics).toEqual([
      { subtopic: 'environment', count: 1, terms: expect.arrayContaining(['地板']) },
    ]);
  });

  it('the digest: the week’s negative topics per branch with n, from the same views', async () => {
    const f = await digestFacts(warehouse, Date.parse('2026-03-17T01:00:00Z'));
    const thisWeek = COMMENTS.filter(
      (c) => c.branchId === 'B1' && c.day >= '2026-03-10' && c.eventId !== 'e-first',
    );
    const negativeOn = (topic: string) =>
      thisWeek.filter((c) =>
        analyseComment(c.text).topics.some(
          (t) => t.dimension === topic && t.sentiment !== 'positive' && t.sentiment !== 'neutral',
        ),
      ).length;
    const b1 = f.commentTopics!.find((b) => b.branchId === 'B1')!;
    expect([b1.comments, b1.previousComments]).toEqual([thisWeek.length, 0]);
    expect(b1.topics.length).toBeGreaterThan(0);
    for (const t of b1.topics) {
      expect(t.count).toBe(negativeOn(t.topic));
      expect(t.change).toBeNull();
    }
    expect(b1.topics[0]!.topic).toBe('efficiency');
    expect(f.commentTopics!.map((b) => b.branchId)).toEqual(['B1', 'B2']);
  });
});
