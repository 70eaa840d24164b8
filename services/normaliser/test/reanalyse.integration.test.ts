// The re-analysis command on a real chDB warehouse: history normalised before its comments were
// analysed gets this build's rows; a repeat writes the same rows; a new analyser version stopped
// half-way resumes where it stopped, adds its rows beside the old version's (never touching them),
// and comment_analysis_latest switches to it; --from/--to bound what is read.
import { ANALYSER_VERSION, analyseComment } from '@servloop/comment-analysis';
import type { EventEnvelope } from '@servloop/schemas';
import { isolate, resolveEndpoints } from '@servloop/test-harness';
import { insertRows, migrate, openWarehouse } from '@servloop/warehouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLUMNS, type Row, type Table, toRows } from '../src/mapping.ts';
import { type Analyser, formatProgress, type ReanalyseProgress, reanalyse } from '../src/reanalyse.ts';
import { migrationsDir } from './paths.ts';

const endpoints = await resolveEndpoints();
const iso = isolate(endpoints, 'reanalyse');
const warehouse = await openWarehouse({ url: iso.clickhouseUrl, database: iso.database });
afterAll(() => warehouse.close());

async function select<T = Record<string, unknown>>(query: string): Promise<T[]> {
  return (await warehouse.client.query({ query, format: 'JSONEachRow' })).json<T>();
}
const customer = { customerKey: `ck_${'0'.repeat(29)}` };
const SURVEY_COMMENTS = [
  '等了四十分钟,取号机还坏了',
  '柜员态度很好,办事也快 👍',
  '手续太麻烦,跑了三趟,再这样我就打12345投诉',
  '', // no comment: nothing to analyse
  '大堂经理一直推销理财,很烦',
  '環境很乾淨,服務也不錯',
];

/** Survey responses on 2026-03-02..07 (one a day) and a complaint on 03-04, as the normaliser maps them. */
function history(): Map<Table, Row[]> {
  const envelopes: EventEnvelope[] = SURVEY_COMMENTS.map(
    (comment, i) =>
      ({
        id: `evt-s${i}`,
        branchId: 'B001',
        type: 'survey.response',
        schemaVersion: 1,
        occurredAt: `2026-03-0${2 + i}T10:00:00+08:00`,
        receivedAt: `2026-03-0${2 + i}T02:00:01Z`,
        data: { responseId: `R${i}`, customer, channel: 'sms', nps: i < 3 ? 3 : 9, comment },
      }) as EventEnvelope,
  );
  envelopes.push({
    id: 'evt-c1',
    branchId: 'B002',
    type: 'complaint.filed',
    schemaVersion: 1,
    occurredAt: '2026-03-04T11:00:00+08:00',
    receivedAt: '2026-03-04T03:00:01Z',
    data: {
      complaintId: 'C1',
      channel: 'hotline',
      category: 'attitude',
      severity: 'high',
      description: '卡里的钱被多扣了两百元,没人给说法',
    },
  } as EventEnvelope);
  const rows = new Map<Table, Row[]>();
  envelopes.forEach((e, i) => {
    const r = toRows(e, { topic: 't', partition: 0, offset: String(i) });
    if (r.kind !== 'ok') throw new Error(`${e.id}: ${r.kind}`);
    for (const { table, row } of r.rows) rows.set(table, [...(rows.get(table) ?? []), row]);
  });
  return rows;
}

const ANALYSED_COMMENTS = 6; // five survey comments and the complaint description
const allRows = (version: string) =>
  select(
    `SELECT * EXCEPT _ingested_at FROM comment_analysis_v1 FINAL WHERE analyser_version = '${version}'
     ORDER BY event_id`,
  );
const rowCount = async () =>
  Number((await select<{ n: string }>('SELECT count() AS n FROM comment_analysis_v1 FINAL'))[0]!.n);

beforeAll(async () => {
  await migrate(warehouse, migrationsDir);
  for (const [table, rows] of history()) await insertRows(warehouse, table, COLUMNS[table], rows);
  // What an older analyser wrote for one comment: it must survive every run below.
  const older = {
    event_id: 'evt-s0',
    branch_id: 'B001',
    source: 'survey',
    source_id: 'R0',
    occurred_at: Date.parse('2026-03-02T02:00:00Z'),
    local_date: '2026-03-02',
    analyser_version: 'servloop-comments-0.9.0',
    topics: ['process'],
    topic_sentiments: ['positive'],
    sentiment: 'positive',
  };
  await insertRows(warehouse, 'comment_analysis_v1', Object.keys(older), [older]);
});

describe('reanalyse', () => {
  it('writes this build’s rows for every comment, with progress, and the latest view switches to them', async () => {
    const seen: ReanalyseProgress[] = [];
    const result = await reanalyse(warehouse, { batch: 4, onProgress: (p) => seen.push(p) });
    expect(result).toMatchObject({
      version: ANALYSER_VERSION,
      total: ANALYSED_COMMENTS,
      done: ANALYSED_COMMENTS,
      analysedThisRun: ANALYSED_COMMENTS,
      written: ANALYSED_COMMENTS,
      stopped: false,
    });
    expect(seen.map((p) => p.done)).toEqual([4, 6]);
    expect(formatProgress(seen[0]!)).toMatch(/^reanalyse: 4\/6 comments \(66\.7%\), \d+ comments\/s, ETA /);

    const rows = await allRows(ANALYSER_VERSION);
    expect(rows.map((r) => [r.event_id, r.source, r.source_id])).toEqual([
      ['evt-c1', 'complaint', 'C1'],
      ['evt-s0', 'survey', 'R0'],
      ['evt-s1', 'survey', 'R1'],
      ['evt-s2', 'survey', 'R2'],
      ['evt-s4', 'survey', 'R4'],
      ['evt-s5', 'survey', 'R5'],
    ]);
    // The same analysis the normaliser writes as it normalises.
    const s0 = analyseComment(SURVEY_COMMENTS[0]!);
    expect(rows[1]).toMatchObject({
      branch_id: 'B001',
      local_date: '2026-03-02',
      topics: s0.topics.map((t) => t.dimension),
      sentiment: s0.sentiment,
      matched_terms: s0.matchedTerms,
    });
    expect(rows[0]!.needs_response).toBe(1);

    // The older version's row is untouched, and the latest view shows one row per comment, this version.
    expect(await allRows('servloop-comments-0.9.0')).toMatchObject([
      { event_id: 'evt-s0', topics: ['process'], sentiment: 'positive' },
    ]);
    const latest = await select<{ event_id: string; analyser_version: string }>(
      'SELECT event_id, analyser_version FROM comment_analysis_latest ORDER BY event_id',
    );
    expect(latest).toHaveLength(ANALYSED_COMMENTS);
    expect(new Set(latest.map((r) => r.analyser_version))).toEqual(new Set([ANALYSER_VERSION]));
  });

  it('a repeat run analyses nothing and leaves the same rows', async () => {
    const before = await allRows(ANALYSER_VERSION);
    const count = await rowCount();
    const result = await reanalyse(warehouse, { batch: 4 });
    expect(result).toMatchObject({
      total: ANALYSED_COMMENTS,
      done: ANALYSED_COMMENTS,
      analysedThisRun: 0,
      written: 0,
    });
    expect(await allRows(ANALYSER_VERSION)).toEqual(before);
    expect(await rowCount()).toBe(count);
  });

  it('a new version stopped after its first page resumes where it stopped; 1.10.0 is later than 1.9.0', async () => {
    const next: Analyser = {
      version: 'servloop-comments-1.10.0',
      analyse: (text) => ({ ...analyseComment(text), analyserVersion: 'servloop-comments-1.10.0' }),
    };
    const older = await allRows(ANALYSER_VERSION);
    const stop = new AbortController();
    const first = await reanalyse(warehouse, {
      batch: 2,
      analyser: next,
      signal: stop.signal,
      onProgress: () => stop.abort(),
    });
    expect(first).toMatchObject({ stopped: true, done: 2, total: ANALYSED_COMMENTS, written: 2 });

    const seen: number[] = [];
    const second = await reanalyse(warehouse, {
      batch: 2,
      analyser: next,
      onProgress: (p) => seen.push(p.done),
    });
    expect(second).toMatchObject({ stopped: false, done: ANALYSED_COMMENTS, analysedThisRun: 4 });
    expect(seen).toEqual([4, 6]);
    expect((await allRows(next.version)).map((r) => r.event_id)).toEqual(older.map((r) => r.event_id));
    // Older versions untouched.
    expect(await allRows(ANALYSER_VERSION)).toEqual(older);
    expect(await allRows('servloop-comments-0.9.0')).toHaveLength(1);
    const latest = await select<{ v: string; n: string }>(
      'SELECT analyser_version AS v, count() AS n FROM comment_analysis_latest GROUP BY v',
    );
    expect(latest.map((r) => [r.v, Number(r.n)])).toEqual([['servloop-comments-1.10.0', ANALYSED_COMMENTS]]);
    // An analyser that names another version than it claims is refused before writing.
    await expect(
      reanalyse(warehouse, { analyser: { version: 'servloop-comments-2.0.0', analyse: analyseComment } }),
    ).rejects.toThrow(`the analyser wrote version ${ANALYSER_VERSION}, expected servloop-comments-2.0.0`);
  });

  it('--from/--to bound the days read', async () => {
    const v = 'servloop-comments-1.11.0';
    const result = await reanalyse(warehouse, {
      from: '2026-03-03',
      to: '2026-03-04',
      analyser: { version: v, analyse: (t) => ({ ...analyseComment(t), analyserVersion: v }) },
    });
    expect(result).toMatchObject({ total: 3, analysedThisRun: 3 });
    expect((await allRows(v)).map((r) => r.event_id)).toEqual(['evt-c1', 'evt-s1', 'evt-s2']);
  });
});
