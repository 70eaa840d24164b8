// comment_analysis_v1 (migration 0020) takes the rows commentAnalysisRows makes; a replay replaces
// them, a new analyser version adds rows beside them.

import type { EventEnvelope } from '@servloop/schemas';
import { validExamples } from '@servloop/schemas';
import { isolate, resolveEndpoints } from '@servloop/test-harness';
import { insertRows, migrate, openWarehouse } from '@servloop/warehouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMENT_ANALYSIS_COLUMNS, COMMENT_ANALYSIS_TABLE, commentAnalysisRows } from '../src/comments.ts';
import { type Row, type Table, toRows } from '../src/mapping.ts';
import { migrationsDir } from './paths.ts';

const endpoints = await resolveEndpoints();
const iso = isolate(endpoints, 'comments');
const warehouse = await openWarehouse({ url: iso.clickhouseUrl, database: iso.database });
afterAll(() => warehouse.close());

function mappedRows(): Map<Table, Row[]> {
  const rows = new Map<Table, Row[]>();
  const files = ['survey.response/v1/valid/detractor-with-comment', 'complaint.filed/v1/valid/lifecycle'];
  files.forEach((file, i) => {
    const ex = validExamples().find((e) => e.file.includes(file))!;
    const envelope = {
      id: `evt-${i}`,
      branchId: 'B001',
      schemaVersion: 1,
      receivedAt: '2026-03-02T02:30:00.000Z',
      ...ex.body,
    } as EventEnvelope;
    const result = toRows(envelope, { topic: 't', partition: 0, offset: String(i) });
    if (result.kind !== 'ok') throw new Error(result.kind);
    for (const { table, row } of result.rows) rows.set(table, [...(rows.get(table) ?? []), row]);
  });
  return rows;
}

async function select<T>(query: string): Promise<T[]> {
  return (await warehouse.client.query({ query, format: 'JSONEachRow' })).json<T>();
}

beforeAll(async () => {
  await migrate(warehouse, migrationsDir);
});

describe('comment_analysis_v1', () => {
  it('stores the rows, keeps one per event and source on replay, and adds rows for a new analyser version', async () => {
    const rows = commentAnalysisRows(mappedRows());
    expect(rows).toHaveLength(2);
    await insertRows(warehouse, COMMENT_ANALYSIS_TABLE, COMMENT_ANALYSIS_COLUMNS, rows);
    await insertRows(
      warehouse,
      COMMENT_ANALYSIS_TABLE,
      COMMENT_ANALYSIS_COLUMNS,
      commentAnalysisRows(mappedRows()),
    );
    const count = async () =>
      Number((await select<{ n: string }>(`SELECT count() AS n FROM ${COMMENT_ANALYSIS_TABLE} FINAL`))[0]!.n);
    expect(await count()).toBe(2);

    const stored = await select<{
      source: string;
      topics: string[];
      topic_sentiments: string[];
      reasons: string[];
      needs_response: number;
    }>(
      `SELECT source, topics, topic_sentiments, reasons, needs_response FROM ${COMMENT_ANALYSIS_TABLE} FINAL ORDER BY event_id`,
    );
    expect(stored.map((r) => r.source)).toEqual(['survey', 'complaint']);
    expect(stored[0]).toMatchObject({
      topics: rows[0]!.topics,
      topic_sentiments: rows[0]!.topic_sentiments,
      reasons: rows[0]!.reasons,
      needs_response: 1,
    });

    const nextVersion = rows.map((r) => ({ ...r, analyser_version: 'next-version' }));
    await insertRows(warehouse, COMMENT_ANALYSIS_TABLE, COMMENT_ANALYSIS_COLUMNS, nextVersion);
    expect(await count()).toBe(4);
  });
});
